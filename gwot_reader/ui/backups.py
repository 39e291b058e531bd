"""Backups in the window: every 10 minutes of editing, File > Restore from backup…, Save a copy as…"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QThread, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from gwot_reader.core.errors import GwotError
from gwot_reader.store import backup
from gwot_reader.ui import filedialogs

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


class Backups:
    """Owned by the window: the periodic backup and the two File menu actions."""

    def __init__(self, window) -> None:
        self.window = window
        self.threads: list[_Copy] = []
        self._last_seen: tuple[str, int] | None = None
        self.timer = QTimer(window, interval=INTERVAL_MS)
        self.timer.timeout.connect(self.periodic)
        self.timer.start()

    def add_actions(self, menu) -> None:
        from PySide6.QtGui import QAction

        for text, slot in (("Save a &copy as…", self.save_copy_as),
                           ("&Restore from backup…", self.restore_dialog)):
            act = QAction(text, self.window)
            act.triggered.connect(lambda _checked=False, s=slot: s())
            menu.addAction(act)

    def _start(self, target: Path | None, on_done) -> _Copy | None:
        project = self.window.project
        if project is None:
            return None
        job = _Copy(project.path, target, self.window)
        job.done.connect(on_done)
        job.finished.connect(lambda j=job: self.threads.remove(j) if j in self.threads else None)
        self.threads.append(job)
        job.start()
        return job

    def periodic(self) -> _Copy | None:
        """Every 10 minutes, a backup if anything was changed since the last one."""
        project = self.window.project
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

    def _backed_up(self, path, error: str) -> None:
        if error:
            self.window.statusBar().showMessage(f"The automatic backup failed: {error}", 10000)

    def save_copy_as(self, path: str | Path | None = None) -> _Copy | None:
        project = self.window.project
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

        def done(written, error: str) -> None:
            if error:
                self.window.report_error(error, dialog=True)
            else:
                self.window.statusBar().showMessage(f"Saved a copy as {written}", 8000)

        return self._start(target, done)

    def restore_dialog(self) -> RestoreDialog | None:
        project = self.window.project
        if project is None:
            return None
        dialog = RestoreDialog(backup.list_backups(project.guid, project.path.stem), self.window)
        dialog.open()
        return dialog

    def wait(self) -> None:
        for t in list(self.threads):
            t.wait()


class RestoreDialog(QDialog):
    """The project's backups (time, why, documents, codings); the chosen one goes into a new file."""

    def __init__(self, found: list[backup.BackupInfo], window) -> None:
        super().__init__(window)
        self.window = window
        self.found = found
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

    def restore_selected(self, target: str | Path | None = None, open_it: bool | None = None):
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        chosen = self.found[rows[0].row()]
        if target is None:
            project = self.window.project
            suggestion = project.path.with_name(
                f"{project.path.stem} restored {chosen.time.astimezone():%Y-%m-%d %H%M}.gwot")
            target, _ = filedialogs.get_save_file_name(self, "Restore into a new file",
                                                    str(suggestion), "GWOT projects (*.gwot)")
            if not target:
                return None
        try:
            docs, codings = backup.restore(chosen.path, Path(target))
        except GwotError as exc:
            QMessageBox.warning(self, "Restore from backup", str(exc))
            return None
        self.accept()
        if open_it is None:
            open_it = QMessageBox.question(
                self.window, "Restore from backup",
                f"Restored {docs} document{'s' * (docs != 1)} and {codings} coding"
                f"{'s' * (codings != 1)} into {target}.\n\nOpen it now?"
            ) == QMessageBox.StandardButton.Yes
        if open_it:
            self.window.open_project(target)
        return Path(target)
