"""The open project as the window sees it: one change channel for ours, jobs' and others' writes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QWidget

from gwot_reader.core.codebook import CodebookTree
from gwot_reader.core.model import Change, Coding
from gwot_reader.core.spans import SpanIndex
from gwot_reader.store import Project, read_span_index
from gwot_reader.ui.jobs import Job, JobRunner, Work
from gwot_reader.ui.undo import StoreCommand, push

if TYPE_CHECKING:
    from gwot_reader.exchange.retrieval import Retrieval

POLL_MS = 400  # how often the file is asked whether another program wrote to it


class ProjectSession(QObject):
    """Owns the open ``Project``, the undo stack, the job runner and the codebook snapshot.

    Every change reaches the views through the signals below, whoever made it: an undo command
    (the store's change notice), a background job (its own connection: everything is re-read
    when it ends), or another process (noticed by polling ``PRAGMA data_version``). Views and
    controllers connect to the session themselves; nothing refreshes them by hand.
    """

    # document ids, coding ids (None: every coding of those documents may have changed)
    codingsChanged = Signal(object, object)
    codebookChanged = Signal(object)  # code ids (the snapshot is already updated)
    documentsChanged = Signal(object)  # document ids (added, edited or removed)
    codersChanged = Signal()  # a coder renamed or joined, or the window's coder changed
    projectClosing = Signal()  # the open project is about to be replaced or closed
    projectReplaced = Signal()  # another project (or none) is open
    saved = Signal()  # one of our writes committed
    writeFailed = Signal(str)  # a write was refused or failed: nothing may claim "saved"
    message = Signal(str, int)  # a line for the status bar, and for how long (ms)
    problem = Signal(str, bool)  # an error for the user: the message, whether it needs a dialog
    # every committed Change (memos, variables, properties... too); None: anything may have
    # changed (a job or another program wrote)
    changed = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.project: Project | None = None
        self.coder_name: str | None = None  # who codes in this window (ui/coder_identity.py)
        self.undo_stack = QUndoStack(self)
        self.jobs = JobRunner(self)
        self.codebook = CodebookTree([])
        self.code_colors: dict[int, str] = {}
        self.code_paths: dict[int, str] = {}
        self._version = 0
        self._resolved: tuple[frozenset[int], list[Coding], list[int]] | None = None
        self._poll = QTimer(self, interval=POLL_MS)
        self._poll.timeout.connect(self.check_outside_changes)

    # -- opening and closing ----------------------------------------------------------------------
    @staticmethod
    def open_file(path: str | Path, coder: str | None = None) -> Project:
        """A project file opened for this process (raises GwotError with one line)."""
        return Project.open(Path(path), coder=coder)

    @property
    def coder(self) -> str | None:
        return self.project.coder if self.project is not None else None

    def set_project(self, project: Project) -> None:
        """Show another project; the previous one is closed."""
        self._close_current(keep=project)
        self.project = project
        if self.coder_name:
            self.set_coder(self.coder_name)
        project.subscribe(self._on_change)
        self.undo_stack.clear()
        self._load_codebook()
        self._version = self._data_version()
        self._poll.start()
        self.projectReplaced.emit()

    def close_project(self) -> None:
        """Close the open project (its WAL folded into the file); the window shows none."""
        if self.project is None:
            return
        self._close_current()
        self._load_codebook()
        self.projectReplaced.emit()

    def _close_current(self, keep: Project | None = None) -> None:
        """Tell the views, stop following the open project and close it (checkpointed)."""
        if self.project is None:
            return
        self.projectClosing.emit()  # views still see the old project: panes are remembered
        old = self.detach()
        if old is not None and old is not keep:
            old.close()

    def set_coder(self, name: str) -> None:
        """Code as ``name`` from now on (its row is added to a writable project at once)."""
        self.coder_name = name
        if self.project is not None:
            self.project.coder = name
            if not self.project.read_only:
                try:
                    self.project.coders.ensure(name)
                except Exception as exc:  # a locked or failing file: the next coding says so
                    self.writeFailed.emit(str(exc))
        self.codersChanged.emit()

    def detach(self) -> Project | None:
        """Stop following the project without closing it (the caller owns it from now on)."""
        project, self.project = self.project, None
        self._poll.stop()
        if project is not None:
            project.unsubscribe(self._on_change)
        self.undo_stack.clear()
        return project

    # -- writing ------------------------------------------------------------------------------------
    def push(self, command: StoreCommand) -> bool:
        """Run an undo command and put it on the stack; False (said why) if the store refused."""
        command.on_error = self._undo_refused
        command.on_refused = self.refused
        return push(self.undo_stack, command)

    def push_done(self, command: StoreCommand) -> None:
        """Put a command whose change a job has already made on the stack (not run again)."""
        command.on_error = self._undo_refused
        command.on_refused = self.refused
        self.undo_stack.push(command)  # its first redo() is skipped: see StoreCommand.redo

    def refused(self, message: str) -> None:
        self.writeFailed.emit(message)
        self.problem.emit(message, False)

    def _undo_refused(self, message: str) -> None:
        self.writeFailed.emit(message)
        self.problem.emit(message, True)

    def tell(self, text: str, ms: int = 3000) -> None:
        self.message.emit(text, ms)

    def warn(self, text: str, dialog: bool = False) -> None:
        """A one-line message for the user about what they asked (not a failed write)."""
        self.problem.emit(text, dialog)

    def run_job(self, widget: QWidget, title: str, work: Work, on_done: Callable[[object], None],
                writes: bool = True, on_failed: Callable[[], None] | None = None) -> Job:
        """Run slow work off the GUI thread on its own connection; when it ends (on the GUI
        thread) what it wrote reaches the views through the same signals as any change.
        ``on_failed`` runs after a failure or Cancel has been told."""
        path = self.project.path if self.project is not None and writes else None

        def done(result: object) -> None:
            if writes:
                self.reload()
                self.saved.emit()
            on_done(result)

        def failed(job: Job, message: str) -> None:
            if writes:
                self.check_outside_changes()
            if job.cancelled:  # the user's own choice: said in the status bar, not as an error
                self.tell(message[:1].upper() + message[1:], 8000)
            else:
                if writes and not job.input_refused:  # a refused file changed nothing
                    self.writeFailed.emit(message)
                self.problem.emit(message, True)
            if on_failed is not None:
                on_failed()

        return self.jobs.start(widget, title, work, path, self.coder or "", done, failed)

    def job_with_project(self, widget: QWidget, title: str, work: Work,
                         on_done: Callable[[object], None],
                         on_failed: Callable[[str], None] | None = None) -> Job:
        """A job that reads the project (an export, a search) but writes nothing the views
        show. A failure is a dialog, or ``on_failed(message)`` and a status-bar line when the
        caller shows it itself (a mistyped query)."""
        path = self.project.path if self.project is not None else None
        return self.jobs.start(widget, title, work, path, self.coder or "", on_done,
                               lambda job, message: self.failed_read(job, message, on_failed))

    def failed_read(self, job: Job, message: str,
                    on_failed: Callable[[str], None] | None = None) -> None:
        if job.cancelled:
            self.tell(message[:1].upper() + message[1:], 8000)
        elif on_failed is not None:
            on_failed(message)
            self.problem.emit(message, False)
        else:
            self.problem.emit(message, True)

    # -- changes ------------------------------------------------------------------------------------
    def _on_change(self, change: Change) -> None:
        """The store's notice of one of our committed actions."""
        if change.kind == "codebook":
            self._load_codebook()
            self.codebookChanged.emit(frozenset(change.code_ids))
        if change.kind == "documents":
            self.documentsChanged.emit(frozenset(change.document_ids))
        if change.kind == "coders":  # the codings of these documents show other names now
            self.codingsChanged.emit(frozenset(change.document_ids), None)
            self.codersChanged.emit()
        if change.coding_ids:
            self.codingsChanged.emit(frozenset(change.document_ids), frozenset(change.coding_ids))
        self.changed.emit(change)
        self.saved.emit()

    def check_outside_changes(self) -> bool:
        """Re-read everything if another connection (a job, the CLI, another window) committed."""
        if self.project is None:
            return False
        version = self._data_version()
        if version == self._version:
            return False
        self._version = version
        self.reload()
        return True

    def reload(self) -> None:
        """Everything may have changed: say so on every signal."""
        if self.project is None:
            return
        self._version = self._data_version()
        self._load_codebook()
        docs = frozenset(d.id for d in self.project.documents.all())
        self.documentsChanged.emit(docs)
        self.codebookChanged.emit(frozenset(self.codebook.by_id))
        self.codingsChanged.emit(docs, None)
        self.codersChanged.emit()
        self.changed.emit(None)

    def _data_version(self) -> int:
        try:
            return self.project.data_version() if self.project is not None else 0
        except Exception:  # a closed or vanished file: nothing more to notice
            self._poll.stop()
            return self._version

    def _load_codebook(self) -> None:
        tree = self.project.codebook.tree() if self.project is not None else CodebookTree([])
        self.codebook = tree
        self.code_colors = {c.id: c.color for c in tree.by_id.values()}
        self.code_paths = {c.id: tree.path(c.id) for c in tree.by_id.values()}

    def resolve(self, coding_ids: frozenset[int]) -> tuple[list[Coding], list[int]]:
        """The codings of a change that still exist, and the ids of those gone (asked once per
        change however many views follow it)."""
        if self._resolved is not None and self._resolved[0] is coding_ids:
            return self._resolved[1], self._resolved[2]
        assert self.project is not None
        found = [self.project.codings.find(i) for i in coding_ids]
        present = [c for c in found if c is not None]
        gone = list(coding_ids - {c.id for c in present})
        self._resolved = (coding_ids, present, gone)
        return present, gone

    @property
    def analysis(self) -> Retrieval | None:
        """What the analysis docks read of the open project (None when none is open): they
        ask through it, never the store."""
        if self.project is None:
            return None
        from gwot_reader.exchange.retrieval import Retrieval  # not needed for the first paint

        return Retrieval(self.project)

    def codings(self, document_id: int | None) -> list[Coding]:
        if self.project is None or document_id is None:
            return []
        return self.project.codings.all(document_id)

    def span_index(self, document_id: int | None) -> SpanIndex:
        """A document's codings as the views paint them (one query; see ``span_reader``)."""
        if self.project is None or document_id is None:
            return SpanIndex()
        return self.project.codings.span_index(document_id)

    def small_span_index(self, document_id: int, at_most: int) -> SpanIndex | None:
        """``span_index`` for a document with at most ``at_most`` codings, else None."""
        if self.project is None:
            return SpanIndex()
        return self.project.codings.small_span_index(document_id, at_most)

    def span_reader(self) -> Callable[[int], SpanIndex] | None:
        """``span_index`` for a worker thread: it opens a read-only connection of its own."""
        if self.project is None:
            return None
        return partial(read_span_index, self.project.path)

    def records(self, coding_ids: Sequence[int]) -> list[Coding]:
        """Full records (quote, memo, coder, dates) of codings, fetched when a view needs them."""
        if self.project is None or not coding_ids:
            return []
        return self.project.codings.by_ids(coding_ids)
