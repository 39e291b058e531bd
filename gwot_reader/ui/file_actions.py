"""File menu work: new/open project, import documents, exports; long work runs in a Job."""

from __future__ import annotations

from pathlib import Path

from gwot_reader.core.errors import GwotError
from gwot_reader.store import Project
from gwot_reader.ui import filedialogs
from gwot_reader.ui.jobs import Job, start_job


class FileActions:
    """Mixed into MainWindow. Each action takes an optional path so tests skip the dialog."""

    last_job: Job | None = None

    def _start(self, title: str, work, on_done, project_path: Path | None = None) -> Job:
        def failed(message: str) -> None:
            if job.cancelled:  # the user's own choice: said in the status bar, not as an error
                self.statusBar().showMessage(message[:1].upper() + message[1:], 8000)
            else:
                self.report_error(message, dialog=True)

        job = start_job(self, title, work, project_path, self.project.coder if self.project
                        else "", on_done, failed)
        self.last_job = job
        return job

    def new_project(self, path: str | Path | None = None) -> Job | None:
        if path is None:
            path, _ = filedialogs.get_save_file_name(self, "New project", str(Path.home() / "study.gwot"),
                                                  "GWOT projects (*.gwot)")
            if not path:
                return None
            if not path.endswith(".gwot"):
                path += ".gwot"
        from gwot_reader.exchange.newproject import create_project

        target = Path(path)
        coder = self.project.coder if self.project else None

        def work(_project, _progress):
            create_project(target, coder=coder).close()
            return target

        return self._start("Creating the project", work, lambda p: self.open_project(p))

    def open_project(self, path: str | Path | None = None) -> None:
        if path is None:
            path, _ = filedialogs.get_open_file_name(self, "Open project", str(Path.home()),
                                                  "GWOT projects (*.gwot);;All files (*)")
            if not path:
                return
        try:
            project = Project.open(Path(path), coder=self.project.coder if self.project else None)
        except GwotError as exc:
            self.report_error(str(exc), dialog=True)
            return
        self.set_project(project)

    def import_documents(self, paths: list[str] | None = None,
                         password: str | None = None) -> Job | None:
        if paths is None:
            from gwot_reader.exchange.formats.pdfhelpers import POOL
            from gwot_reader.exchange.textimport import supported_extensions

            POOL.start()  # helper processes get ready while the user picks files

            patterns = " ".join(f"*{e}" for e in supported_extensions())
            paths, _ = filedialogs.get_open_file_names(self, "Import documents", str(Path.home()),
                                                    f"Documents ({patterns});;All files (*)")
            if not paths:
                return None

        def work(project, progress):
            from gwot_reader.exchange.formats.pdf import PasswordRequired
            from gwot_reader.exchange.textimport import import_files

            try:
                return import_files(project, paths, progress, password=password)
            except PasswordRequired as exc:  # ask on the GUI thread, then import again
                return exc

        def done(result) -> None:
            if isinstance(result, Exception):
                given = self.ask_password(str(result))
                if given:
                    self.import_documents(paths, given)
                else:
                    self.statusBar().showMessage("Nothing was imported", 5000)
                return
            docs, warnings = result
            self.refresh_documents()
            msg = f"Imported {len(docs)} document{'s' * (len(docs) != 1)}"
            self.statusBar().showMessage(msg + (f" ({'; '.join(warnings)})" if warnings else ""), 8000)
            self.set_saved()
            if docs and self.focused_pane is not None and self.focused_pane.document_id is None:
                self.open_document(self.focused_pane, docs[0].id)

        return self._start("Importing documents", work, done, self.project.path)

    # -- files dropped on the window from a file manager: imported ------------------------------
    def dragEnterEvent(self, event) -> None:
        if self.project is not None and dropped_files(event.mimeData()):
            event.acceptProposedAction()

    def dragMoveEvent(self, event) -> None:
        if self.project is not None and dropped_files(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        paths = dropped_files(event.mimeData()) if self.project is not None else []
        if paths:
            event.acceptProposedAction()
            self.import_documents(paths)

    def ask_password(self, message: str) -> str | None:
        """The password of an encrypted PDF (None if the user cancels)."""
        from PySide6.QtWidgets import QInputDialog, QLineEdit

        text, ok = QInputDialog.getText(self, "Password needed", message + ".\nPassword:",
                                        QLineEdit.EchoMode.Password)
        return text if ok and text else None

    def _export(self, title: str, default: str, path: str | Path | None, fmt: str) -> Job | None:
        from gwot_reader.exchange.exporters import EXPORTERS

        exporter = EXPORTERS[fmt]
        if path is None:
            path, _ = filedialogs.get_save_file_name(self, title, str(Path.home() / default),
                                                     exporter.pattern)
            if not path:
                return None
        target = Path(path)

        def work(project, _progress):
            return exporter.export(project, target)

        def done(n) -> None:
            self.statusBar().showMessage(f"Exported {n} rows to {target}", 8000)

        return self._start(title, work, done, self.project.path)

    def export_segments(self, path: str | Path | None = None) -> Job | None:
        return self._export("Export coded segments", "segments.csv", path, "segments-csv")

    def export_codebook(self, path: str | Path | None = None) -> Job | None:
        return self._export("Export codebook", "codebook.csv", path, "codebook-csv")


def dropped_files(mime) -> list[str]:
    """The local files (not folders) a drag carries; none for text or a document of the list."""
    if not mime.hasUrls():
        return []
    paths = [u.toLocalFile() for u in mime.urls() if u.isLocalFile()]
    return [p for p in paths if p and Path(p).is_file()]
