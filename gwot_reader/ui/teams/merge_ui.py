"""File > Merge project…: another coder's project (.gwot) or a REFI-QDA project (.qdpx) into
this one. A preview (a dry run off the window's thread) lists what will be added, what already
matches and every conflict with a choice for each; the merge itself runs off the thread too,
after a backup, and is one step of Edit > Undo (undo removes exactly what the merge added and
gives back what it changed, in one transaction)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from gwot_reader.exchange.teamwork import MergeOutcome, merge_with_backup, redo_merge, undo_merge
from gwot_reader.ui import filedialogs
from gwot_reader.ui.teams.merge_preview import MergePreview
from gwot_reader.ui.undo import StoreCommand

FILTERS = "Projects (*.gwot *.qdpx);;GWOT Reader projects (*.gwot);;REFI-QDA projects (*.qdpx)"


class MergeProject(StoreCommand):
    """The merge as one undo step: undo removes what the merge added and restores what it
    changed (the trace recorded as it ran), redo puts that back; each is one transaction whose
    time grows with the merge, not with the project. A big merge's undo and redo run in a job
    (``in_job``), with the window's progress dialog, so the window does not freeze."""

    INLINE_ROWS = 20_000  # below this, a second or less on the window's thread: done at once

    def __init__(self, project: Any, label: str, trace: Any, reload: Any,
                 in_job: Any = None) -> None:
        super().__init__(project, f"Merge {label}")
        self.label = label
        self.trace = trace
        self.reload = reload  # everything changed: the session re-reads and tells every view
        self.in_job = in_job  # (title, work, then, failed): the session's job runner

    def do(self) -> None:  # redo (the merge itself ran in a job before the push)
        self._step(redo_merge, "Redoing the merge")

    def inverse(self) -> None:
        self._step(undo_merge, "Undoing the merge")

    def _step(self, step: Any, title: str) -> None:
        if self.in_job is None or self.trace.size < self.INLINE_ROWS:
            step(self.project, self.trace, self.label)
            self.reload()
            return

        def work(project: Any, _progress: Any) -> None:  # the job's own connection
            step(project, self.trace, self.label)

        def then(_result: object) -> None:
            self.project.forget_coder_ids()  # coders the job removed or put back

        def failed() -> None:  # the project is as it was: the step leaves the history
            self.setObsolete(True)
            stack = self.in_job.stack
            stack.redo() if step is undo_merge else stack.undo()  # drops it, runs nothing

        self.in_job(title, work, then, failed)


class _InJob:
    """Runs a merge's undo or redo in the session's job runner."""

    def __init__(self, session: Any, window: Any) -> None:
        self.session = session
        self.window = window
        self.stack = session.undo_stack

    def __call__(self, title: str, work: Any, then: Any, failed: Any) -> None:
        self.session.run_job(self.window, title, work, then, on_failed=failed)


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

    def start_preview(self, path: str, prefer: str = "target",
                      choices: dict[str, str] | None = None) -> Any:
        """The dry run, off the window's thread; then the preview dialog."""
        if self.session.project is None:
            return None
        chosen = dict(choices or {})

        def work(project, progress):
            return merge_with_backup(project, [path], prefer, dry_run=True, progress=progress,
                                     choices=chosen).plans

        def done(plans: Any) -> None:
            changes = any(not p.changes_nothing for _, p in plans)
            dialog = MergePreview(self.window, path, prefer, plans, changes)
            self.preview = dialog

            def again(_index: int = 0) -> None:  # another rule or other choices: a new preview
                dialog.reject()
                self.start_preview(path, dialog.chosen_prefer(), dialog.choices(chosen))

            dialog.prefer.currentIndexChanged.connect(again)
            dialog.again_button.clicked.connect(again)
            dialog.accepted.connect(lambda: self.merge(path, dialog.chosen_prefer(),
                                                       dialog.choices(chosen)))
            dialog.open()

        return self.session.job_with_project(self.window, "Reading the project to merge", work, done)

    def merge(self, path: str, prefer: str, choices: dict[str, str] | None = None) -> Any:
        """Back up, merge in one transaction (a job with its own connection), push the undo step."""
        session = self.session

        def work(project, progress):
            return merge_with_backup(project, [path], prefer, progress=progress, choices=choices)

        def done(outcome: object) -> None:
            assert isinstance(outcome, MergeOutcome)
            (label, plan), = outcome.plans
            session.tell(f"Merged {Path(label).name}: {plan.summary()}", 15000)
            trace = outcome.trace
            if trace is not None and not trace.changes_nothing and session.project is not None:
                session.push_done(MergeProject(session.project, Path(label).name, trace,
                                               self._reload, _InJob(session, self.window)))

        return session.run_job(self.window, "Merging", work, done)

    def _reload(self) -> None:
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.session.reload()
            self.session.saved.emit()  # committed: the status bar says so
        finally:
            QApplication.restoreOverrideCursor()
