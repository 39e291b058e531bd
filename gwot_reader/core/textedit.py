"""Editing a document's canonical text: one replacement, and where every span goes with it.

An edit replaces ``text[start:end]`` by ``new`` (code points). Positions map as follows:
before the edit they stay; from its end on they move by ``len(new) - (end - start)``; inside
the replaced text they keep their offset from its start, clamped to the new text. A coding's
start at the edit's end and its end at the edit's start stay outside it, so text inserted at
a coding's boundary never joins the coding; text inserted inside one does. A coding whose
span becomes empty (it lay wholly in deleted text) goes with the edit.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from gwot_reader.core.errors import ConflictError


@dataclass(frozen=True, slots=True)
class TextEdit:
    """Replace ``[start, end)`` of the text by ``new``."""

    start: int
    end: int
    new: str

    @property
    def delta(self) -> int:
        return len(self.new) - (self.end - self.start)

    @property
    def new_end(self) -> int:
        """Where the replacement ends in the edited text."""
        return self.start + len(self.new)


class Effect(Enum):
    UNCHANGED = "unchanged"  # before the edit
    MOVED = "moved"  # after it: the same text, shifted
    CHANGED = "changed"  # it overlaps the edit: new span and quoted text
    REMOVED = "removed"  # it lay wholly in deleted text


def narrowed(text: str, edit: TextEdit) -> TextEdit:
    """The same edit without the characters it leaves as they were at either end, so that
    codings inside an edited passage move only as much as the real change asks."""
    check(text, edit)
    old = text[edit.start:edit.end]
    new = edit.new
    p = 0
    limit = min(len(old), len(new))
    while p < limit and old[p] == new[p]:
        p += 1
    q = 0
    while q < limit - p and old[len(old) - 1 - q] == new[len(new) - 1 - q]:
        q += 1
    return TextEdit(edit.start + p, edit.end - q, new[p:len(new) - q])


def check(text: str, edit: TextEdit) -> None:
    if not 0 <= edit.start <= edit.end <= len(text):
        raise ConflictError(f"the span [{edit.start}, {edit.end}) is not in a text of "
                            f"{len(text)} characters")


def apply(text: str, edit: TextEdit) -> str:
    check(text, edit)
    return text[:edit.start] + edit.new + text[edit.end:]


def map_start(edit: TextEdit, pos: int) -> int:
    if pos >= edit.end:
        return pos + edit.delta
    if pos <= edit.start:
        return pos
    return edit.start + min(pos - edit.start, len(edit.new))


def map_end(edit: TextEdit, pos: int) -> int:
    if pos <= edit.start:
        return pos
    if pos >= edit.end:
        return pos + edit.delta
    return edit.start + min(pos - edit.start, len(edit.new))


def map_span(edit: TextEdit, start: int, end: int) -> tuple[int, int] | None:
    """The span after the edit; None if nothing of it is left."""
    s, e = map_start(edit, start), map_end(edit, end)
    return (s, e) if s < e else None


def effect(edit: TextEdit, start: int, end: int) -> Effect:
    """What the edit does to a span (non-empty, ``start < end``)."""
    if start >= edit.end:
        return Effect.UNCHANGED if edit.delta == 0 else Effect.MOVED
    if end <= edit.start:
        return Effect.UNCHANGED
    return Effect.CHANGED if map_span(edit, start, end) is not None else Effect.REMOVED


def touched(edit: TextEdit, spans: Iterable[tuple[int, int]]) -> list[int]:
    """Indexes of the spans the edit changes or removes (not those it only moves)."""
    return [i for i, (s, e) in enumerate(spans)
            if effect(edit, s, e) in (Effect.CHANGED, Effect.REMOVED)]
