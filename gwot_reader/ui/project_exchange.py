"""File > Export project (REFI-QDA)… and File > Import project… with a preview of what comes in."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from gwot_reader.ui.backup_first import backup_in_job
from gwot_reader.ui.file_actions import export_in_background
from gwot_reader.ui.jobs import Job
from gwot_reader.ui.session import ProjectSession

REPORT_LINES = 40  # lines of an import report shown in its dialog


class PreviewDialog(QDialog):
    """What a .qdpx holds and how its positions will be read; Import or Cancel."""

    def __init__(self, lines: list[str], name: str, parent: QWidget | None = None,
                 into: Path | None = None) -> None:
        """``into``: a new project file made from it, not the open project merged into."""
        super().__init__(parent)
        self.setWindowTitle(f"{'New project from' if into else 'Import project:'} {name}")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(
            f"A new project, {into}, will be made from this REFI-QDA project\n(nothing is "
            "written until you press Create):" if into else
            "This REFI-QDA project will be merged into the open project "
            "(nothing is changed until you press Import):"))
        self.text = QPlainTextEdit("\n".join(lines))
        self.text.setReadOnly(True)
        self.text.setMinimumSize(560, 260)
        layout.addWidget(self.text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = buttons.addButton("Create" if into else "Import",
                                               QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


class ProjectExchange:
    """Four File menu actions, built with the session (its project, jobs, status line) and the
    widget that owns their dialogs; a job's writes reach the views through the session."""

    def __init__(self, session: ProjectSession, parent: QWidget,
                 opener: Callable[[Path], object] | None = None) -> None:
        """``opener`` shows a project file in the window (File > Open project's)."""
        self.session = session
        self.widget = parent
        self.opener = opener
        self.act_new_from = self._action("New project from REFI-QDA (.qdpx)…",
                                         self.new_from_project)
        self.act_export_xlsx = self._action("Export segments (Excel)…", self.export_xlsx)
        self.act_export_report = self._action("Export segments report (HTML)…",
                                              self.export_report)
        self.act_export_qdpx = self._action("Export project (REFI-QDA)…", self.export_project)
        self.act_import_qdpx = self._action("Import project (REFI-QDA)…", self.import_project)

    def _action(self, text: str, slot: Callable[[], object]) -> QAction:
        act = QAction(text, self.widget)
        act.triggered.connect(lambda _checked=False: slot())
        return act

    def actions(self) -> list[QAction | None]:
        return [self.act_export_xlsx, self.act_export_report, self.act_export_qdpx,
                self.act_import_qdpx]

    def _path(self) -> Path:
        assert self.session.project is not None
        return Path(self.session.project.path)

    def _here(self) -> Path | None:
        return self._path() if self.session.project is not None else None

    def export_project(self, path: str | Path | None = None) -> Job | None:
        from gwot_reader.ui import filedialogs

        if path is None:
            default = filedialogs.start_in(self._here(), self._path().stem + ".qdpx")
            path, _ = filedialogs.get_save_file_name(self.widget, "Export project (REFI-QDA)", default,
                                                  "REFI-QDA projects (*.qdpx)")
            if not path:
                return None
        target = Path(path)

        def work(project: Any, progress: Callable[[int, int, str], bool]) -> int:
            from gwot_reader.exchange.qdpx import export_qdpx

            return export_qdpx(project, target, lambda i, n: progress(i, n, f"document {i + 1} of {n}"))

        def done(n: object) -> None:
            self.session.tell(f"Exported the project ({n} codings) to {target}", 8000)

        job: Job = self.session.job_with_project(self.widget, "Exporting the project", work,
                                                 done)
        return job

    def export_xlsx(self, path: str | Path | None = None) -> Job | None:
        return export_in_background(self.session, self.widget, "Export segments (Excel)",
                                    "segments.xlsx", path, "segments-xlsx")

    def export_report(self, path: str | Path | None = None) -> Job | None:
        return export_in_background(self.session, self.widget, "Export segments report (HTML)",
                                    "segments.html", path, "report-html")

    def import_project(self, path: str | Path | None = None,
                       confirm: Callable[[list[str], str], bool] | None = None) -> Job | None:
        """Read the file off the GUI thread, show what it holds, then import it if confirmed."""
        path = path or self._pick_qdpx("Import project (REFI-QDA)")
        if not path:
            return None
        source = Path(path)
        ask = confirm or self._ask

        def read(_project: Any, _progress: Callable[[int, int, str], bool]) -> object:
            from gwot_reader.exchange.qdpx import preview_qdpx

            return preview_qdpx(source)

        def previewed(pv: Any) -> None:
            if ask(pv.lines(), source.name):
                self.last_import = self._apply(pv)
            else:
                self.session.tell("Nothing was imported", 5000)

        job: Job = self.session.run_job(self.widget, "Reading the project", read, previewed,
                                        writes=False)
        return job

    def _apply(self, pv: Any) -> Job:
        def work(project: Any, progress: Callable[[int, int, str], bool]) -> object:
            from gwot_reader.exchange.qdpx import apply_preview

            backup_in_job(project, progress, "before-import")
            return apply_preview(project, pv)

        job: Job = self.session.run_job(self.widget, "Importing the project", work,
                                        lambda report: self._report(report, "Project imported"))
        return job

    def _report(self, report: Any, title: str) -> None:
        """The import report (exact, re-anchored, dropped) in a dialog of its own."""
        lines = report.details()
        more = len(lines) - REPORT_LINES
        text = report.summary() + ("\n\n" + "\n".join(lines[:REPORT_LINES]) if lines else "")
        box = QMessageBox(QMessageBox.Icon.Information, title,
                          text + (f"\n… and {more} more" if more > 0 else ""),
                          QMessageBox.StandardButton.Ok, self.widget)
        box.open()
        self.report_box = box

    def _pick_qdpx(self, caption: str) -> str:
        """A .qdpx chosen in a file dialog that starts in the project's folder ("": none)."""
        from gwot_reader.ui import filedialogs

        path, _ = filedialogs.get_open_file_name(self.widget, caption,
                                                 filedialogs.start_in(self._here()),
                                                 "REFI-QDA projects (*.qdpx);;All files (*)")
        return path

    def _ask(self, lines: list[str], name: str, into: Path | None = None) -> bool:
        return PreviewDialog(lines, name, self.widget, into).exec() == QDialog.DialogCode.Accepted

    def new_from_project(self, source: str | Path | None = None, target: str | Path | None = None,
                         confirm: Callable[[list[str], str], bool] | None = None) -> Job | None:
        """A new project made from another tool's .qdpx (``new --from``): read it off the GUI
        thread, show what it holds, create the file in a job, then open it and show the report."""
        from gwot_reader.ui import filedialogs

        source = source or self._pick_qdpx("New project from REFI-QDA")
        if not source:
            return None
        src = Path(source)
        if target is None:
            target, _ = filedialogs.get_save_file_name(
                self.widget, "Save the new project as",
                str(filedialogs.free_name(src.with_suffix(".gwot"))), "GWOT projects (*.gwot)",
                replace=False)
            if not target:
                return None
            target = target if str(target).endswith(".gwot") else f"{target}.gwot"
        dest = Path(target)
        if dest.exists():  # never replaced, even when the file dialog offered to
            self.session.warn(f"{dest.name} already exists; choose another name (nothing was "
                              "created)", dialog=True)
            return None
        ask = confirm or (lambda lines, name: self._ask(lines, name, dest))

        def read(_project: Any, progress: Callable[[int, int, str], bool]) -> object:
            from gwot_reader.exchange.qdpx import preview_qdpx

            pv = preview_qdpx(src)
            _go_on(progress, 1)
            return pv

        def previewed(pv: Any) -> None:
            if ask(pv.lines(), src.name):
                self.last_new = self._create(pv, dest)
            else:
                self.session.tell("No project was created", 5000)

        job: Job = self.session.run_job(self.widget, "Reading the project", read, previewed,
                                        writes=False)
        return job

    def _create(self, pv: Any, dest: Path) -> Job:
        coder = self.session.coder

        def work(_project: Any, progress: Callable[[int, int, str], bool]) -> object:
            from gwot_reader.exchange.newproject import create_project
            from gwot_reader.exchange.qdpx import apply_preview

            report = None

            def fill(project: Any) -> None:  # a Cancel makes create_project remove the file
                nonlocal report
                _go_on(progress, 0)
                report = apply_preview(project, pv)
                _go_on(progress, 1)

            create_project(dest, empty=True, coder=coder, fill=fill).close()
            return report

        def done(report: Any) -> None:
            if self.opener is not None:
                self.opener(dest)
            self._report(report, f"Project created: {dest.name}")

        job: Job = self.session.run_job(self.widget, "Creating the project", work, done,
                                        writes=False)
        return job


def _go_on(progress: Callable[[int, int, str], bool], done: int) -> None:
    """Tell progress (of two steps); after a Cancel, stop with nothing created."""
    from gwot_reader.core.errors import GwotError

    if not progress(done, 2, "writing the new project"):
        raise GwotError("cancelled; no project was created")
