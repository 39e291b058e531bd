"""File menu work: new/open project, import documents, exports; long work runs in a Job."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QMimeData, QObject
from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QWidget

from gwot_reader.core.errors import GwotError
from gwot_reader.ui import keys
from gwot_reader.ui.jobs import Job
from gwot_reader.ui.panes import PaneArea
from gwot_reader.ui.session import ProjectSession


class FileActions(QObject):
    """New, open, import, export. Each action takes an optional path so tests skip the dialog.

    Uses: the session (the project, jobs, change signals), the pane area (a newly imported
    document opens in an empty focused pane), and ``parent``: dialogs, and files dropped on it
    from a file manager are imported.
    """

    def __init__(self, session: ProjectSession, area: PaneArea, parent: QWidget) -> None:
        super().__init__(parent)
        self.session = session
        self.area = area
        self.widget = parent
        parent.installEventFilter(self)  # drops of files anywhere on the window
        self.act_new = keys.action(parent, "&New project…", self.new_project, "new_project")
        self.act_open = keys.action(parent, "&Open project…", self.open_project, "open_project")
        self.act_close = keys.action(parent, "&Close project", self.close_project,
                                     "close_project", "Close this project; the window stays open")
        self.act_import = keys.action(parent, "&Import documents…", self.import_documents,
                                      "import_documents",
                                      "Import text, Markdown and other files into this project")
        self.act_export_segments = keys.action(parent, "Export coded &segments (CSV)…",
                                               self.export_segments, "export_segments")
        self.act_export_codebook = keys.action(parent, "Export &codebook (CSV)…",
                                               self.export_codebook)

    def actions(self) -> list[QAction | None]:
        """The File menu's entries (None: a separator)."""
        return [self.act_new, self.act_open, self.act_close, None, self.act_import, self.act_export_segments,
                self.act_export_codebook]

    @property
    def last_job(self) -> Job | None:
        return self.session.jobs.last

    def _here(self) -> Path | None:
        """The open project's file: file dialogs start in its folder."""
        return Path(self.session.project.path) if self.session.project is not None else None

    def new_project(self, path: str | Path | None = None) -> Job | None:
        from gwot_reader.ui import filedialogs

        if path is None:
            path, _ = filedialogs.get_save_file_name(self.widget, "New project",
                                                  filedialogs.start_in(self._here(), "study.gwot"),
                                                  "GWOT projects (*.gwot)", replace=False)
            if not path:
                return None
            if not str(path).endswith(".gwot"):
                path = f"{path}.gwot"
        from gwot_reader.exchange.newproject import create_project

        target = Path(path)
        coder = self.session.coder

        def work(_project: Any, _progress: Any) -> Path:
            create_project(target, coder=coder).close()
            return target

        return self.session.run_job(self.widget, "Creating the project", work,
                                    lambda p: self.open_project(p if isinstance(p, Path) else None),
                                    writes=False)

    def open_project(self, path: str | Path | None = None) -> None:
        from gwot_reader.ui import filedialogs

        if path is None:
            path, _ = filedialogs.get_open_file_name(self.widget, "Open project",
                                                  filedialogs.start_in(self._here()),
                                                  "GWOT projects (*.gwot);;All files (*)")
            if not path:
                return
        try:
            project = self.session.open_file(path, coder=self.session.coder)
        except GwotError as exc:
            self.session.warn(str(exc), dialog=True)
            return
        self.session.set_project(project)

    def close_project(self) -> None:
        """Close the open project (checkpointed); panes, docks and undo history are cleared."""
        self.session.jobs.cancel_all()  # a job must not write to a file we no longer show
        self.session.close_project()

    def import_documents(self, paths: list[str] | None = None,
                         password: str | None = None,
                         allow_duplicate: bool = False) -> Job | None:
        from gwot_reader.ui import filedialogs

        if paths is None:
            from gwot_reader.exchange.formats.pdfhelpers import POOL
            from gwot_reader.exchange.textimport import supported_extensions

            POOL.start()  # helper processes get ready while the user picks files

            patterns = " ".join(f"*{e}" for e in supported_extensions())
            paths, _ = filedialogs.get_open_file_names(self.widget, "Import documents",
                                                    filedialogs.start_in(self._here()),
                                                    f"Documents ({patterns});;All files (*)")
            if not paths:
                return None
        chosen = list(paths)

        def work(project: Any, progress: Any) -> object:
            from gwot_reader.exchange.formats.pdf import PasswordRequired
            from gwot_reader.exchange.formats.pdfhelpers import POOL
            from gwot_reader.exchange.textimport import DuplicateFile, import_files

            POOL.spare_gil = True  # PyMuPDF stays in the helpers if it is not loaded here

            try:
                return import_files(project, chosen, progress, password=password,
                                    allow_duplicate=allow_duplicate)
            except (PasswordRequired, DuplicateFile) as exc:  # ask on the GUI thread, then again
                return exc

        def done(result: Any) -> None:
            from gwot_reader.exchange.textimport import DuplicateFile

            if isinstance(result, DuplicateFile):
                if self.ask_duplicate(result.names):
                    self.import_documents(chosen, password, allow_duplicate=True)
                else:
                    self.session.tell("Nothing was imported", 5000)
                return
            if isinstance(result, Exception):
                given = self.ask_password(str(result))
                if given:
                    self.import_documents(chosen, given, allow_duplicate)
                else:
                    self.session.tell("Nothing was imported", 5000)
                return
            docs, warnings = result
            if docs and self.session.project is not None:  # one undo step for the whole import
                from gwot_reader.ui.import_undo import ImportDocuments

                label = (f"Import {docs[0].name}" if len(docs) == 1
                         else f"Import {len(docs)} documents")
                self.session.push_done(ImportDocuments(self.session.project,
                                                       [d.id for d in docs], label))
            msg = f"Imported {len(docs)} document{'s' * (len(docs) != 1)}"
            self.session.tell(msg + (f" ({'; '.join(warnings)})" if warnings else ""), 8000)
            pane = self.area.focused
            if docs and pane is not None and pane.document_id is None:
                self.area.open_document(pane, docs[0].id)

        return self.session.run_job(self.widget, "Importing documents", work, done)

    # -- files dropped on the window from a file manager: imported ------------------------------
    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop):
            assert isinstance(event, QDragEnterEvent | QDropEvent)
            paths = dropped_files(event.mimeData()) if self.session.project is not None else []
            if paths:
                event.acceptProposedAction()
                if kind == QEvent.Type.Drop:
                    self.import_documents(paths)
                return True
        return super().eventFilter(obj, event)

    def ask_duplicate(self, names: list[str]) -> bool:
        """Whether to import files that are already in the project (same bytes) once more."""
        from PySide6.QtWidgets import QMessageBox

        shown = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
        answer = QMessageBox.question(
            self.widget, "Already imported",
            f"{shown} {'is' if len(names) == 1 else 'are'} already in the project (the same "
            "file). Import a second copy?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def ask_password(self, message: str) -> str | None:
        """The password of an encrypted PDF (None if the user cancels)."""
        from PySide6.QtWidgets import QInputDialog, QLineEdit

        text, ok = QInputDialog.getText(self.widget, "Password needed", message + ".\nPassword:",
                                        QLineEdit.EchoMode.Password)
        return text if ok and text else None

    def export_segments(self, path: str | Path | None = None) -> Job | None:
        return export_in_background(self.session, self.widget, "Export coded segments",
                                    "segments.csv", path, "segments-csv")

    def export_codebook(self, path: str | Path | None = None) -> Job | None:
        return export_in_background(self.session, self.widget, "Export codebook", "codebook.csv",
                                    path, "codebook-csv")


def export_in_background(session: ProjectSession, widget: QWidget, title: str, default: str,
                         path: str | Path | None, fmt: str) -> Job | None:
    """One export of the registry's format ``fmt`` as a job; asks for the file when ``path`` is
    None (then ``default`` in the project's folder is offered)."""
    from gwot_reader.exchange.exporters import EXPORTERS
    from gwot_reader.ui import filedialogs

    exporter = EXPORTERS[fmt]
    if path is None:
        here = session.project.path if session.project is not None else None
        path, _ = filedialogs.get_save_file_name(widget, title, filedialogs.start_in(here, default),
                                                 exporter.pattern)
        if not path:
            return None
    target = Path(path)

    def work(project: Any, _progress: Any) -> object:
        return exporter.export(project, target)

    def done(n: object) -> None:
        session.tell(f"Exported {n} {exporter.counts} to {target}", 8000)

    job: Job = session.job_with_project(widget, title, work, done)
    return job


def dropped_files(mime: QMimeData) -> list[str]:
    """The local files (not folders) a drag carries; none for text or a document of the list."""
    if not mime.hasUrls():
        return []
    paths = [u.toLocalFile() for u in mime.urls() if u.isLocalFile()]
    return [p for p in paths if p and Path(p).is_file()]
