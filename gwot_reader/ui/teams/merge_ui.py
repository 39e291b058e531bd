"""File > Merge project…: another coder's project (.gwot) or a REFI-QDA project (.qdpx) into
this one. A preview (a dry run off the window's thread) lists what will be added, what already
matches and every conflict; the merge itself runs off the thread too, after a backup, and is one
step of Edit > Undo (undo puts the backup back in place)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
)

from gwot_reader.core.merge import MergePlan
from gwot_reader.exchange.teamwork import MergeOutcome, load_copy, merge_with_backup, save_copy
from gwot_reader.ui import filedialogs
from gwot_reader.ui.undo import StoreCommand

FILTERS = "Projects (*.gwot *.qdpx);;GWOT Reader projects (*.gwot);;REFI-QDA projects (*.qdpx)"
PREFER = (("target", "keep this project's version"), ("source", "take the merged file's version"))


def _n(count: int, what: str) -> str:
    return f"{count:,} {what}{'s' if count != 1 else ''}"


def report(plans: list[tuple[str, MergePlan]]) -> str:
    """The preview's text: per file, what is added, what matches, and each conflict."""
    lines = []
    for path, p in plans:
        lines += [
            f"{Path(path).name}",
            f"  Added: {_n(len(p.documents_added), 'document')}, {_n(len(p.codes_added), 'code')}, "
            f"{_n(len(p.codings_added), 'coding')}, {_n(len(p.memos_added), 'memo')}",
            f"  Already here: {_n(len(p.documents_matched), 'document')}, "
            f"{_n(len(p.codes_matched), 'code')}, {_n(p.codings_matched, 'coding')}, "
            f"{_n(p.memos_matched, 'memo')}",
            f"  Conflicts: {len(p.conflicts) or 'none'}",
            *(f"    {line}" for line in p.details()),
        ]
    return "\n".join(lines)


class MergeProject(StoreCommand):
    """The merge as one undo step: undo loads the backup taken before it into the project, redo
    the state right after it (kept when undoing)."""

    def __init__(self, project: Any, label: str, before: Path, reload: Any) -> None:
        super().__init__(project, f"Merge {label}")
        self.label = label
        self.before = before
        self.reload = reload  # everything changed: the session re-reads and tells every view
        self._folder = tempfile.TemporaryDirectory(prefix="gwot-merge-undo-")
        self.after = Path(self._folder.name) / "after-merge.gwot"

    def do(self) -> None:  # redo (the merge itself ran in a job before the push)
        load_copy(self.project, self.after)
        self._log("redo merge")
        self.reload()

    def inverse(self) -> None:
        self.after.unlink(missing_ok=True)
        save_copy(self.project, self.after)
        load_copy(self.project, self.before)
        self._log("undo merge")  # the copy has no trace of the merge: the history says it was
        self.reload()

    def _log(self, action: str) -> None:
        with self.project.transaction():
            self.project.history.log(action, "project", self.project.guid, {"source": self.label})


class MergePreview(QDialog):
    """The dry run's report; the rule for conflicts; Merge or Cancel."""

    def __init__(self, parent: Any, path: str, prefer: str, text: str, changes: bool) -> None:
        super().__init__(parent)
        self.setObjectName("merge_preview")
        self.setWindowTitle(f"Merge {Path(path).name}")
        intro = QLabel("What merging this file will do (nothing has changed yet). Documents match "
                       "by GUID, then by their text; codes by GUID, then by path; codings by GUID. "
                       "A backup of this project is taken first, and Edit > Undo takes the merge "
                       "back as one step.")
        intro.setWordWrap(True)
        self.text = QPlainTextEdit(text)
        self.text.setObjectName("merge_report")
        self.text.setReadOnly(True)
        self.prefer = QComboBox()
        self.prefer.setObjectName("merge_prefer")
        for value, label in PREFER:
            self.prefer.addItem(label, value)
        self.prefer.setCurrentIndex(0 if prefer == "target" else 1)
        form = QFormLayout()
        form.addRow("When a code, coding or memo differs:", self.prefer)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.merge_button = buttons.addButton("&Merge", QDialogButtonBox.ButtonRole.AcceptRole)
        self.merge_button.setObjectName("merge_button")
        self.merge_button.setEnabled(changes)
        if not changes:
            self.merge_button.setToolTip("Everything in the file is in this project already")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addWidget(self.text, 1)
        lay.addLayout(form)
        lay.addWidget(buttons)
        self.resize(760, 480)

    def chosen_prefer(self) -> str:
        return str(self.prefer.currentData())


class MergeActions:
    """The preview and the merge (the menu entry: ``launchers.MergeLauncher``)."""

    def __init__(self, window: Any) -> None:
        self.window = window
        self.session = window.session
        self.preview: MergePreview | None = None

    def choose(self) -> None:
        project = self.session.project
        folder = str(project.path.parent) if project is not None else ""
        path, _ = filedialogs.get_open_file_name(self.window, "Merge project", folder, FILTERS)
        if path:
            self.start_preview(path)

    def start_preview(self, path: str, prefer: str = "target") -> Any:
        """The dry run, off the window's thread; then the preview dialog."""
        if self.session.project is None:
            return None

        def work(project, progress):
            return merge_with_backup(project, [path], prefer, dry_run=True, progress=progress).plans

        def done(plans: object) -> None:
            plans_ = plans  # type: ignore[assignment]
            changes = any(not p.changes_nothing for _, p in plans_)  # type: ignore[attr-defined]
            dialog = MergePreview(self.window, path, prefer, report(plans_), changes)  # type: ignore[arg-type]
            self.preview = dialog
            def again(_index: int) -> None:  # the other rule: a new preview
                dialog.reject()
                self.start_preview(path, dialog.chosen_prefer())

            dialog.prefer.currentIndexChanged.connect(again)
            dialog.accepted.connect(lambda: self.merge(path, dialog.chosen_prefer()))
            dialog.open()

        return self.session.job_with_project(self.window, "Reading the project to merge", work, done)

    def merge(self, path: str, prefer: str) -> Any:
        """Back up, merge in one transaction (a job with its own connection), push the undo step."""
        session = self.session

        def work(project, progress):
            return merge_with_backup(project, [path], prefer, progress=progress)

        def done(outcome: object) -> None:
            assert isinstance(outcome, MergeOutcome)
            (label, plan), = outcome.plans
            session.tell(f"Merged {Path(label).name}: {plan.summary()}", 15000)
            if outcome.backup is not None and session.project is not None:
                session.push_done(MergeProject(session.project, Path(label).name, outcome.backup,
                                               self._reload))

        return session.run_job(self.window, "Merging", work, done)

    def _reload(self) -> None:
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.session.reload()
        finally:
            QApplication.restoreOverrideCursor()
