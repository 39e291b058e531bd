"""Undo commands for curating documents, variables, sets and memos: one store call each way."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from gwot_reader.core.model import Memo
from gwot_reader.core.variables import Value
from gwot_reader.ui.undo import ErrorSink, StoreCommand

if TYPE_CHECKING:  # the window reaches the store through its project only
    from gwot_reader.store import Project
    from gwot_reader.store.curation import RemovedDocument
    from gwot_reader.store.textedits import DoneEdit
    from gwot_reader.store.variables import RemovedVariable


class EditDocument(StoreCommand):
    """Rename or correct metadata; undo puts the old values back."""

    def __init__(self, project: Project, document_id: int, fields: dict[str, Any],
                 text: str = "Edit document", on_error: ErrorSink | None = None) -> None:
        super().__init__(project, text, on_error)
        self.document_id = document_id
        self.new = dict(fields)
        self.old: dict[str, Any] = {}

    def do(self) -> None:
        old, _ = self.project.curation.edit(self.document_id, **self.new)
        self.old = {k: getattr(old, k) for k in self.new}

    def inverse(self) -> None:
        self.project.curation.edit(self.document_id, **self.old)


class RemoveDocument(StoreCommand):
    """Remove a document with everything that hangs on it; undo restores it row for row."""

    def __init__(self, project: Project, document_id: int, label: str = "",
                 on_error: ErrorSink | None = None) -> None:
        super().__init__(project, f"Remove {label or 'document'}", on_error)
        self.document_id = document_id
        self.removed: RemovedDocument | None = None

    def do(self) -> None:
        self.removed = self.project.curation.remove(self.document_id)

    def inverse(self) -> None:
        assert self.removed is not None
        self.project.curation.restore(self.removed)


class EditText(StoreCommand):
    """Replace a span of a document's canonical text; its codings move with it; one step."""

    def __init__(self, project: Project, document_id: int, start: int, end: int, new: str,
                 label: str = "", on_error: ErrorSink | None = None) -> None:
        super().__init__(project, f"Edit the text of {label or 'a document'}", on_error)
        self.args = (document_id, start, end, new)
        self.done: DoneEdit | None = None

    def do(self) -> None:
        if self.done is not None:  # redo: the same (narrowed) edit again
            e = self.done.edit
            self.args = (self.done.document_id, e.start, e.end, e.new)
        self.done = self.project.text_edits.edit(*self.args)

    def inverse(self) -> None:
        assert self.done is not None
        self.project.text_edits.revert(self.done)


class ReorderDocuments(StoreCommand):
    def __init__(self, project: Project, order: list[int],
                 on_error: ErrorSink | None = None) -> None:
        super().__init__(project, "Reorder documents", on_error)
        self.order = order
        self.before: list[int] = []

    def do(self) -> None:
        self.before = self.project.curation.reorder(self.order)

    def inverse(self) -> None:
        self.project.curation.reorder(self.before)


class SetValue(StoreCommand):
    """One cell of the variables table."""

    def __init__(self, project: Project, document_id: int, variable_id: int, raw: object,
                 on_error: ErrorSink | None = None) -> None:
        super().__init__(project, "Set variable value", on_error)
        self.key = (document_id, variable_id)
        self.raw = raw
        self.old: Value | None = None

    def do(self) -> None:
        self.old, self.raw = self.project.variables.set_value(*self.key, self.raw)

    def inverse(self) -> None:
        self.project.variables.set_values([(*self.key, self.old)])


class AddVariable(StoreCommand):
    def __init__(self, project: Project, name: str, var_type: str, choices: list[str],
                 on_error: ErrorSink | None = None) -> None:
        super().__init__(project, f"Add variable {name!r}", on_error)
        self.args = (name, var_type, choices)
        self.removed: RemovedVariable | None = None
        self.variable_id = 0

    def do(self) -> None:
        if self.removed is not None:  # redo: the same id and GUID
            self.project.variables.restore(self.removed)
            return
        self.variable_id = self.project.variables.add(*self.args).id

    def inverse(self) -> None:
        self.removed = self.project.variables.remove(self.variable_id)


class RemoveVariable(StoreCommand):
    def __init__(self, project: Project, variable_id: int, label: str = "",
                 on_error: ErrorSink | None = None) -> None:
        super().__init__(project, f"Remove variable {label!r}", on_error)
        self.variable_id = variable_id
        self.removed: RemovedVariable | None = None

    def do(self) -> None:
        self.removed = self.project.variables.remove(self.variable_id)

    def inverse(self) -> None:
        assert self.removed is not None
        self.project.variables.restore(self.removed)


class SetMembership(StoreCommand):
    """Put documents in a set (``add``) or take them out; undo does the opposite."""

    def __init__(self, project: Project, set_id: int, document_ids: list[int], add: bool,
                 label: str = "", on_error: ErrorSink | None = None) -> None:
        super().__init__(project, f"{'Add to' if add else 'Remove from'} set {label!r}",
                         on_error)
        self.set_id, self.document_ids, self.add = set_id, document_ids, add
        self.changed: list[int] = []

    def do(self) -> None:
        sets = self.project.sets
        fn = sets.add_members if self.add else sets.remove_members
        self.changed = fn(self.set_id, self.document_ids)

    def inverse(self) -> None:
        sets = self.project.sets
        (sets.remove_members if self.add else sets.add_members)(self.set_id, self.changed)


class NewSet(StoreCommand):
    def __init__(self, project: Project, name: str, document_ids: list[int],
                 on_error: ErrorSink | None = None) -> None:
        super().__init__(project, f"New set {name!r}", on_error)
        self.name, self.document_ids = name, document_ids
        self.removed: Any = None
        self.set_id = 0

    def do(self) -> None:
        if self.removed is not None:
            self.project.sets.restore(self.removed)
            return
        self.set_id = self.project.sets.add(self.name, self.document_ids).id

    def inverse(self) -> None:
        self.removed = self.project.sets.remove(self.set_id)


class RenameSet(StoreCommand):
    def __init__(self, project: Project, set_id: int, name: str,
                 on_error: ErrorSink | None = None) -> None:
        super().__init__(project, f"Rename set to {name!r}", on_error)
        self.set_id, self.name = set_id, name
        self.old = ""

    def do(self) -> None:
        old, _ = self.project.sets.update(self.set_id, name=self.name)
        self.old = old.name

    def inverse(self) -> None:
        self.project.sets.update(self.set_id, name=self.old)


class RemoveSet(StoreCommand):
    """Delete a set (never its documents); undo brings it back with its GUID and members."""

    def __init__(self, project: Project, set_id: int, label: str = "",
                 on_error: ErrorSink | None = None) -> None:
        super().__init__(project, f"Delete set {label!r}", on_error)
        self.set_id = set_id
        self.removed: Any = None

    def do(self) -> None:
        self.removed = self.project.sets.remove(self.set_id)

    def inverse(self) -> None:
        self.project.sets.restore(self.removed)


class SetDocumentMemo(StoreCommand):
    def __init__(self, project: Project, document_id: int, text: str,
                 on_error: ErrorSink | None = None) -> None:
        super().__init__(project, "Edit document memo", on_error)
        self.document_id, self.body = document_id, text
        self.old: Memo | None = None

    def do(self) -> None:
        self.old, _ = self.project.notes.set_document_memo(self.document_id, self.body)

    def inverse(self) -> None:
        with self.project.transaction():  # one write: the memo as it was, or none
            current = self.project.notes.document_memo(self.document_id)
            if current is not None:
                self.project.notes.remove(current.id)
            if self.old is not None:
                self.project.notes.restore(self.old)


class AddJournalEntry(StoreCommand):
    def __init__(self, project: Project, title: str, text: str,
                 on_error: ErrorSink | None = None) -> None:
        super().__init__(project, "New journal entry", on_error)
        self.title, self.body = title, text
        self.entry: Memo | None = None

    def do(self) -> None:
        if self.entry is not None:
            self.project.notes.restore(self.entry)
            return
        self.entry = self.project.notes.add_entry(self.body, title=self.title)

    def inverse(self) -> None:
        assert self.entry is not None
        self.project.notes.remove(self.entry.id)


class EditJournalEntry(StoreCommand):
    def __init__(self, project: Project, memo_id: int, title: str, text: str,
                 on_error: ErrorSink | None = None) -> None:
        super().__init__(project, "Edit journal entry", on_error)
        self.memo_id, self.title, self.body = memo_id, title, text
        self.old: Memo | None = None

    def do(self) -> None:
        self.old, _ = self.project.notes.edit_entry(self.memo_id, title=self.title,
                                                    text=self.body)

    def inverse(self) -> None:
        assert self.old is not None
        self.project.notes.put_back(self.old)


class RemoveJournalEntry(StoreCommand):
    def __init__(self, project: Project, memo_id: int, on_error: ErrorSink | None = None) -> None:
        super().__init__(project, "Remove journal entry", on_error)
        self.memo_id = memo_id
        self.entry: Memo | None = None

    def do(self) -> None:
        self.entry = self.project.notes.remove(self.memo_id)

    def inverse(self) -> None:
        assert self.entry is not None
        self.project.notes.restore(self.entry)
