"""Long work off the GUI thread: a job on its own Project connection, with progress and cancel."""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from gwot_reader.core.errors import GwotError, ImportError_
from gwot_reader.store import Project

# work(project, progress) -> result; progress(done, total, label) returns False once cancelled.
Work = Callable[[Project | None, Callable[[int, int, str], bool]], object]


class Job(QThread):
    """Runs ``work`` in a thread with a second connection to the project file (a sqlite3
    connection must never be shared between threads; WAL lets both work at once).

    Its signals are emitted from the worker thread: connect them to slots of objects that live
    on the GUI thread (``JobRunner`` does), never to plain functions that touch widgets.
    """

    progressed = Signal(int, int, str)
    ended = Signal(object)  # the job itself, once ``result`` or ``error`` is set

    def __init__(self, work: Work, project_path: Path | None, coder: str,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.work = work
        self.project_path = project_path
        self.coder = coder
        self._cancel = threading.Event()
        self.result: object = None
        self.error: str | None = None
        self.handled = False  # its ending ran on the GUI thread (JobRunner)
        self.input_refused = False  # it failed on a file it refused, before writing anything

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
            # a file that cannot be imported leaves the project as it was: nothing unsaved
            self.input_refused = isinstance(exc, ImportError_)
        except OSError as exc:
            self.error = f"{exc.strerror or exc}: {exc.filename or ''}".rstrip(": ")
        except Exception as exc:
            from gwot_reader.store import as_user_error

            plain = as_user_error(exc, self.project_path)  # a damaged page, a full disk
            if plain is not None:
                self.error = str(plain)
            else:  # a bug: printed for a report, told in one line, never a hang
                traceback.print_exc()
                self.error = (f"Something went wrong ({type(exc).__name__}: {exc}); "
                              "nothing was changed")
        finally:
            if project is not None:
                project.close()
        self.ended.emit(self)


Done = Callable[[object], None]
Failed = Callable[[Job, str], None]


class JobRunner(QObject):
    """Starts jobs with a progress dialog and runs their endings on the GUI thread.

    A job's signals come from its worker thread; they reach this object's slots queued, so the
    ``on_done``/``on_error`` callbacks may make dialogs and touch models safely.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.jobs: list[Job] = []
        self.last: Job | None = None
        self._ends: dict[int, tuple[Done, Failed, QProgressDialog]] = {}

    def start(self, widget: QWidget, title: str, work: Work, project_path: Path | None, coder: str,
              on_done: Done, on_error: Failed) -> Job:
        """Start a job with a window-modal progress dialog whose Cancel stops it."""
        job = Job(work, project_path, coder, self)
        dialog = QProgressDialog(title, "Cancel", 0, 0, widget)
        dialog.setWindowTitle(title)
        dialog.setMinimumWidth(360)  # its title and label whole, not cut to the bar's width
        # Modal: a coding made while an import holds the file's write lock would have to wait.
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)  # quick jobs finish without a flash of dialog
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(job.cancel)
        dialog.setProperty("title", title)
        job.progressed.connect(self._progressed)
        job.ended.connect(self._ended)
        self._ends[id(job)] = (on_done, on_error, dialog)
        self.jobs.append(job)
        self.last = job
        job.start()
        return job

    @Slot(int, int, str)
    def _progressed(self, done: int, total: int, label: str) -> None:
        job = self.sender()
        entry = self._ends.get(id(job))
        if entry is None:
            return
        dialog = entry[2]
        dialog.setMaximum(max(total, 1))
        dialog.setValue(min(done, max(total, 1)))
        if label:
            dialog.setLabelText(f"{dialog.property('title')}: {label}")


    @Slot(object)
    def _ended(self, job: Job) -> None:
        job.wait()  # the thread is leaving run(); let it go before anything else happens
        on_done, on_error, dialog = self._ends.pop(id(job))
        dialog.canceled.disconnect(job.cancel)  # closing a progress dialog emits canceled
        dialog.close()
        dialog.deleteLater()
        self.jobs = [j for j in self.jobs if j is not job]
        try:
            if job.error is not None:
                on_error(job, job.error)
            else:
                on_done(job.result)
        finally:
            job.handled = True

    def cancel_all(self) -> None:
        """Stop every running job and wait for it (a thread must not outlive the window)."""
        for job in list(self.jobs):
            job.cancel()
            job.wait()


def start_job(parent: QWidget, title: str, work: Work, project_path: Path | None, coder: str,
              on_done: Done, on_error: Callable[[str], None]) -> Job:
    """A job for a widget outside the session (its endings still run on the GUI thread)."""
    runner = JobRunner(parent)
    return runner.start(parent, title, work, project_path, coder, on_done,
                        lambda _job, message: on_error(message))

