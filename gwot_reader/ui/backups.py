"""Backups in the window: every 10 minutes of editing, File > Restore from backup…, Save a copy as…

(The backups before a merge or an import are taken in ``backup_first``.)"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QThread, QTimer, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gwot_reader.core.errors import GwotError
from gwot_reader.store import backup
from gwot_reader.ui import keys
from gwot_reader.ui.jobs import Job
from gwot_reader.ui.session import ProjectSession

if TYPE_CHECKING:
    from gwot_reader.store import Project

INTERVAL_MS = 10 * 60 * 1000


class _Copy(QThread):
    """A backup or copy on a connection of its own, so the window never waits for it."""

    done = Signal(object, str)  # the file written (or None), the error ("" if none)

    def __init__(self, source: Path, target: Path | None, parent=None) -> None:
        super().__init__(parent)
        self.source, self.target = source, target

    def run(self) -> None:
        try:
            if self.target is None:
                self.done.emit(backup.backup_now(self.source, "editing"), "")
            else:
                backup.copy_file(self.source, self.target)
                self.done.emit(self.target, "")
        except (GwotError, OSError, Exception) as exc:  # reported in the window, never raised
            self.done.emit(None, str(exc))


class Backups(QObject):
    """The periodic backup and the File menu's Save a copy as… and Restore from backup….

    Uses: the session (the open project, messages), ``open_project`` (a restored copy opens
    through the File actions) and ``parent`` for dialogs and for the copies' threads.
    """

    def __init__(self, session: ProjectSession, open_project: Callable[[Path], None],
                 parent: QWidget) -> None:
        super().__init__(parent)
        self.session = session
        self.window = parent
        self.open_project = open_project
        self.threads: list[_Copy] = []
        self._ends: dict[int, Callable[[object, str], None]] = {}
        self._last_seen: tuple[str, int] | None = None
        self.timer = QTimer(self, interval=INTERVAL_MS)
        self.timer.timeout.connect(self.periodic)
        self.timer.start()
        self.act_save_copy = keys.action(parent, "Save a &copy as…", self.save_copy_as)
        self.act_restore = keys.action(parent, "&Restore from backup…", self.restore_dialog)

    def actions(self) -> list[QAction | None]:
        return [self.act_save_copy, self.act_restore]

    @property
    def project(self) -> Project | None:
        return self.session.project

    def _start(self, target: Path | None, on_done: Callable[[object, str], None]) -> _Copy | None:
        project = self.project
        if project is None:
            return None
        job = _Copy(project.path, target, self)
        self._ends[id(job)] = on_done
        job.done.connect(self._copied)  # a slot of this object: runs on the GUI thread
        self.threads.append(job)
        job.start()
        return job

    @Slot(object, str)
    def _copied(self, written: object, error: str) -> None:
        job = self.sender()
        on_done = self._ends.pop(id(job), None)
        if isinstance(job, _Copy):
            job.wait()
            self.threads = [t for t in self.threads if t is not job]
        if on_done is not None:
            on_done(written, error)

    def periodic(self) -> _Copy | None:
        """Every 10 minutes, a backup if anything was changed since the last one."""
        project = self.project
        if project is None or project.read_only or any(t.isRunning() for t in self.threads):
            return None
        mark = (project.guid, project.db.one("SELECT ifnull(max(id), 0) FROM history")[0])
        if self._last_seen is None:  # the state the project was opened in is a backup's worth
            self._last_seen = mark     # only once it changes
            return None
        if mark == self._last_seen:
            return None
        self._last_seen = mark
        return self._start(None, self._backed_up)

    def _backed_up(self, path: object, error: str) -> None:
        if error:
            self.session.tell(f"The automatic backup failed: {error}", 10000)

    def save_copy_as(self, path: str | Path | None = None) -> _Copy | None:
        from gwot_reader.ui import filedialogs

        project = self.project
        if project is None:
            return None
        if path is None:
            path, _ = filedialogs.get_save_file_name(
                self.window, "Save a copy as", str(project.path.with_name(
                    project.path.stem + " copy.gwot")), "GWOT projects (*.gwot)")
            if not path:
                return None
            if not str(path).endswith(".gwot"):
                path = str(path) + ".gwot"
        target = Path(path)

        def done(written: object, error: str) -> None:
            if error:
                self.session.warn(error, dialog=True)
            else:
                self.session.tell(f"Saved a copy as {written}", 8000)

        return self._start(target, done)

    def restore_dialog(self) -> RestoreDialog | None:
        project = self.project
        if project is None:
            return None
        dialog = RestoreDialog(backup.list_backups(project.guid, project.path.stem), self)
        dialog.open()
        return dialog

    def wait(self) -> None:
        for t in list(self.threads):
            t.wait()


class RestoreDialog(QDialog):
    """The project's backups (time, why, documents, codings); the chosen one goes into a new file."""

    def __init__(self, found: list[backup.BackupInfo], backups: Backups) -> None:
        super().__init__(backups.window)
        self.backups = backups
        self.found = found
        self.restored: Path | None = None  # the new file, once the restore is done
        self.setWindowTitle("Restore from backup")
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel("Backups of this project, newest first. The one you choose is "
                             "restored into a new file; this project is not changed."
                             if found else "This project has no backups yet."))
        self.table = QTableWidget(len(found), 4)
        self.table.setHorizontalHeaderLabels(["Time", "Made", "Documents", "Codings"])
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        for row, b in enumerate(found):
            local = b.time.astimezone()
            for col, text in enumerate((f"{local:%Y-%m-%d %H:%M:%S}", b.reason.replace("-", " "),
                                        f"{b.documents:,}", f"{b.codings:,}")):
                self.table.setItem(row, col, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        if found:
            self.table.selectRow(0)
        lay.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = buttons.addButton("Restore…", QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setEnabled(bool(found))
        buttons.accepted.connect(lambda: self.restore_selected())
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.resize(560, 360)

    def restore_selected(self, target: str | Path | None = None,
                         open_it: bool | None = None) -> Job | None:
        """Restore the chosen backup into a new file, in a job with progress and Cancel;
        ``restored`` is set once it is done (tests pass ``target`` and ``open_it``)."""
        from gwot_reader.ui import filedialogs

        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        chosen = self.found[rows[0].row()]
        if target is None:
            project = self.backups.project
            assert project is not None
            suggestion = project.path.with_name(
                f"{project.path.stem} restored {chosen.time.astimezone():%Y-%m-%d %H%M}.gwot")
            target, _ = filedialogs.get_save_file_name(self, "Restore into a new file",
                                                    str(suggestion), "GWOT projects (*.gwot)")
            if not target:
                return None
        into = Path(target)

        def work(_project: object, progress: Callable[[int, int, str], bool]) -> object:
            return backup.restore(chosen.path, into,
                                  lambda done, total: progress(done, total, "copying"))

        def done(counts: object) -> None:
            assert isinstance(counts, tuple)
            docs, codings = int(counts[0]), int(counts[1])
            self.restored = into
            self.accept()
            ask = open_it
            if ask is None:
                ask = QMessageBox.question(
                    self.backups.window, "Restore from backup",
                    f"Restored {docs} document{'s' * (docs != 1)} and {codings} coding"
                    f"{'s' * (codings != 1)} into {into}.\n\nOpen it now?"
                ) == QMessageBox.StandardButton.Yes
            if ask:
                self.backups.open_project(into)

        return self.backups.session.run_job(self, "Restoring the backup", work, done,
                                            writes=False)
