"""Long work off the GUI thread: a job on its own Project connection, with progress and cancel."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QThread, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from gwot_reader.core.errors import GwotError
from gwot_reader.store import Project

# work(project, progress) -> result; progress(done, total, label) returns False once cancelled.
Work = Callable[[Project | None, Callable[[int, int, str], bool]], object]


class Job(QThread):
    """Runs ``work`` in a thread with a second connection to the project file (a sqlite3
    connection must never be shared between threads; WAL lets both work at once)."""

    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(str)

    def __init__(self, work: Work, project_path: Path | None, coder: str, parent=None) -> None:
        super().__init__(parent)
        self.work = work
        self.project_path = project_path
        self.coder = coder
        self._cancel = threading.Event()
        self.result: object = None
        self.error: str | None = None

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def _progress(self, done: int, total: int, label: str) -> bool:
        self.progressed.emit(done, total, label)
        return not self._cancel.is_set()

    def run(self) -> None:
        project = None
        try:
            if self.project_path is not None:
                project = Project.open(self.project_path, coder=self.coder)
            self.result = self.work(project, self._progress)
        except GwotError as exc:
            self.error = str(exc)
        except OSError as exc:
            self.error = f"{exc.strerror or exc}: {exc.filename or ''}".rstrip(": ")
        except Exception as exc:
            from gwot_reader.store import as_user_error

            plain = as_user_error(exc, self.project_path)  # a damaged page, a full disk
            if plain is None:
                raise
            self.error = str(plain)
        finally:
            if project is not None:
                project.close()
        if self.error is not None:
            self.failed.emit(self.error)
        else:
            self.succeeded.emit(self.result)


def start_job(parent: QWidget, title: str, work: Work, project_path: Path | None, coder: str,
              on_done: Callable[[object], None], on_error: Callable[[str], None]) -> Job:
    """Start a job with a modal progress dialog whose Cancel stops it."""
    job = Job(work, project_path, coder, parent)
    dialog = QProgressDialog(title, "Cancel", 0, 0, parent)
    dialog.setWindowTitle(title)
    # Modal: a coding made while an import holds the file's write lock would have to wait.
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)  # quick jobs finish without a flash of dialog
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.canceled.connect(job.cancel)

    def progressed(done: int, total: int, label: str) -> None:
        dialog.setMaximum(max(total, 1))
        dialog.setValue(min(done, max(total, 1)))
        if label:
            dialog.setLabelText(f"{title}: {label}")

    def finished() -> None:
        dialog.close()
        dialog.deleteLater()
        parent._jobs = [j for j in parent._jobs if j is not job]

    job.progressed.connect(progressed)
    job.succeeded.connect(on_done)
    job.failed.connect(on_error)
    job.finished.connect(finished)
    parent._jobs = [j for j in getattr(parent, "_jobs", []) if j is not job] + [job]
    job.start()
    return job
