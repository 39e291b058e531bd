"""Editing a document's canonical text with its codings moving along (one transaction each way).

The original file (``document_sources``) is never touched: only the canonical text the
positions refer to, its formatting runs, and the codings' spans and quoted text.
"""

from __future__ import annotations

from dataclasses import dataclass

from gwot_reader.core.errors import ConflictError
from gwot_reader.core.markup import Run
from gwot_reader.core.model import Change, Coding
from gwot_reader.core.textedit import Effect, TextEdit, apply, effect, map_span, map_start, narrowed
from gwot_reader.store.base import Repository


@dataclass(frozen=True, slots=True)
class EditPlan:
    """What an edit would do, for the editor to show before anything is written."""

    edit: TextEdit  # narrowed to the characters that really change
    changed: tuple[tuple[Coding, int, int], ...]  # codings that overlap it, with their new span
    removed: tuple[Coding, ...]  # codings that lay wholly in deleted text
    moved: int  # codings after it, shifted by edit.delta


@dataclass(frozen=True, slots=True)
class DoneEdit:
    """What ``edit`` changed, for ``revert`` (undo) to put back exactly."""

    document_id: int
    edit: TextEdit
    old_text: str  # what the replacement replaced
    old_runs: tuple[Run, ...]
    changed: tuple[Coding, ...]  # as they were
    removed: tuple[Coding, ...]


class TextEdits(Repository):
    """``project.text_edits``: every write is one transaction, one history entry, one notice."""

    def plan(self, document_id: int, start: int, end: int, new: str) -> EditPlan:
        """What replacing ``[start, end)`` by ``new`` would do (nothing is written)."""
        doc = self.project.documents.get(document_id)
        if self.db.one("SELECT 1 FROM pdf_pages WHERE document_id = ? LIMIT 1", (doc.id,)):
            raise ConflictError(f"{doc.name!r} is a PDF: its text is tied to the pages' words, "
                                "so it cannot be edited")
        text = self.project.documents.text(document_id)
        edit = narrowed(text, TextEdit(start, end, _canonical(new)))
        if edit.start == edit.end and not edit.new:
            raise ConflictError("the edit changes nothing")
        changed: list[tuple[Coding, int, int]] = []
        removed: list[Coding] = []
        moved = 0
        for c in self.project.codings.all(document_id):
            what = effect(edit, c.start, c.end)
            if what is Effect.MOVED:
                moved += 1
            elif what is Effect.CHANGED:
                span = map_span(edit, c.start, c.end)
                assert span is not None
                changed.append((c, *span))
            elif what is Effect.REMOVED:
                removed.append(c)
        return EditPlan(edit, tuple(changed), tuple(removed), moved)

    def edit(self, document_id: int, start: int, end: int, new: str) -> DoneEdit:
        """Replace ``[start, end)`` of the text by ``new``; every coding moves with it."""
        with self.project.transaction():
            plan = self.plan(document_id, start, end, new)
            edit = plan.edit
            documents, codings = self.project.documents, self.project.codings
            text = documents.text(document_id)
            runs = documents.runs(document_id)
            new_text = apply(text, edit)
            removed_ids = [c.id for c in plan.removed]
            codings.delete_rows(removed_ids)
            changed_ids = {c.id for c, _, _ in plan.changed}
            if edit.delta:
                codings.shift(document_id, edit.end, edit.delta)
            documents.put_text(document_id, new_text, _mapped_runs(edit, runs))
            codings.set_spans((c.id, s, e, new_text[s:e]) for c, s, e in plan.changed)
            doc = documents.get(document_id)
            self._log("edit_text", "document", doc.guid, {
                "start": edit.start, "end": edit.end, "new": edit.new,
                "old": text[edit.start:edit.end], "codings_changed": len(changed_ids),
                "codings_removed": len(removed_ids), "codings_moved": plan.moved})
            self._notify(doc.id, [c for c, _, _ in plan.changed] + list(plan.removed),
                         edit.delta != 0)
        return DoneEdit(document_id, edit, text[edit.start:edit.end], tuple(runs),
                        tuple(c for c, _, _ in plan.changed), plan.removed)

    def revert(self, done: DoneEdit) -> None:
        """Undo of ``edit``: the old text, runs, spans and removed codings come back."""
        edit = done.edit
        with self.project.transaction():
            documents, codings = self.project.documents, self.project.codings
            text = documents.text(done.document_id)
            if text[edit.start:edit.new_end] != edit.new:
                raise ConflictError("the text was changed since this edit (by another program?)")
            old_text = text[:edit.start] + done.old_text + text[edit.new_end:]
            if edit.delta:
                codings.shift(done.document_id, edit.new_end, -edit.delta)
            documents.put_text(done.document_id, old_text, done.old_runs)
            codings.set_spans((c.id, c.start, c.end, c.text) for c in done.changed)
            for c in done.removed:
                codings.put(c)
            doc = documents.get(done.document_id)
            self._log("revert_text", "document", doc.guid, {
                "start": edit.start, "end": edit.new_end, "new": done.old_text})
            self._notify(doc.id, [*done.changed, *done.removed], edit.delta != 0)

    def _notify(self, document_id: int, codings: list[Coding], moved: bool) -> None:
        """One notice for the document and one for its codings: those the edit changed or
        removed, or, if later ones moved, all of them (the views then reload the document's
        codings)."""
        docs = frozenset({document_id})
        self._changed(Change("documents", document_ids=docs))
        self._changed(Change("text", document_ids=docs))  # before the codings: views reload it
        ids = {c.id for c in codings}
        if moved:
            ids |= {r[0] for r in self.db.execute(
                "SELECT id FROM codings WHERE document_id = ?", (document_id,))}
        self._changed(Change("codings", document_ids=docs,
                             code_ids=frozenset(c.code_id for c in codings),
                             coding_ids=frozenset(ids)))


def _canonical(text: str) -> str:
    """Typed or pasted text as the canonical text holds it: CRLF and CR become LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _mapped_runs(edit: TextEdit, runs: list[Run]) -> list[Run]:
    out = []
    for r in runs:
        if r.start == r.end:
            pos = map_start(edit, r.start)
            out.append(Run(pos, pos, r.kind, r.value))
            continue
        span = map_span(edit, r.start, r.end)
        if span is not None:
            out.append(Run(span[0], span[1], r.kind, r.value))
    return out
