"""The open document's codings: a compact span index, margin lanes, colours and a drag preview."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping, Sequence

from PySide6.QtGui import QColor

from gwot_reader.core.model import Coding
from gwot_reader.core.spans import Span, SpanIndex, SpanLike

# Full records (quote, memo, coder) of coding ids, fetched when a tooltip needs them.
Records = Callable[[Sequence[int]], Sequence[Coding]]

FILL_ALPHA = 72  # translucent, so overlaps read as a darker mix and the text stays legible
UNKNOWN_COLOR = "#888888"


class CodingSet:
    """Everything the painters need to know about codings; no Qt widgets, no database."""

    def __init__(self) -> None:
        self.index = SpanIndex()
        self.records: Records | None = None
        self.levels: dict[int, int] = {}
        self.names: dict[int, str] = {}
        self._colors: dict[int, str] = {}
        self._solid: dict[int, QColor] = {}
        self._fill: dict[int, QColor] = {}
        # (coding id, start, end) while the user drags one of its edges
        self.preview: tuple[int, int, int] | None = None
        self.version = 0  # bumped on every change, for caches of what is drawn
        # whose codings are shown (None: everyone's); kept across documents. The text view and
        # the page view each hold one, set together by the pane's Coders button.
        self.coder_filter: frozenset[str] | None = None

    def __len__(self) -> int:
        return len(self.index)

    def reset(self, codings: SpanIndex | Iterable[SpanLike]) -> None:
        """Take a span index as it is (it is the view's from now on), or build one."""
        self.index = codings if isinstance(codings, SpanIndex) else SpanIndex(codings)
        lanes, self.index.lanes = self.index.lanes, None
        # Lanes are given out as codings first show (see lanes()), not all up front: stacking
        # 50,000 codings would cost a fifth of a second before the first paint; unless the
        # worker thread that read the codings stacked them already.
        self.levels = lanes if lanes is not None else {}
        self.preview = None
        self.version += 1

    def add(self, coding: SpanLike) -> None:
        self.index.add(coding)
        self.levels.pop(coding.id, None)  # a changed span may need another lane
        self.version += 1

    def lanes(self, codings: list[Span]) -> dict[int, int]:
        """Margin lanes of ``codings`` (those on screen), stable once given.

        New ones are stacked like ``stack_levels`` (by start, longer first) around the lanes
        that overlapping codings already hold.
        """
        fresh = [c for c in codings if c.id not in self.levels]
        for c in sorted(fresh, key=lambda c: (c.start, -(c.end - c.start), c.id)):
            self.levels[c.id] = self._free_lane(c)
        return {c.id: self.levels[c.id] for c in codings}

    def remove(self, coding_ids: Iterable[int]) -> int:
        """Forget codings by id; how many were there."""
        ids = set(coding_ids)
        for i in ids:
            self.levels.pop(i, None)
        if self.preview and self.preview[0] in ids:
            self.preview = None
        removed = self.index.remove_many(ids)
        if removed:
            self.version += 1
        return removed

    def set_coder_filter(self, coders: Iterable[str] | None) -> None:
        coders = None if coders is None else frozenset(coders)
        if coders != self.coder_filter:
            self.coder_filter = coders
            self.version += 1

    def shown(self, codings: list[Span]) -> list[Span]:
        """Those of ``codings`` whose coder the coder filter lets through."""
        keep = self.coder_filter
        return codings if keep is None else [c for c in codings if c.coder in keep]

    def first_code_starting(self, start: int, end: int) -> int | None:
        """The code of the first shown coding starting in ``[start, end)`` (the ruler's rows)."""
        keep = self.coder_filter
        return self.index.first_code_starting(
            start, end, None if keep is None else self.index.coder_ids_of(keep))

    def full(self, spans: Sequence[Span]) -> list[Coding | Span]:
        """The full records of ``spans`` (for a tooltip), in their order; a span stands in for
        a record that cannot be fetched."""
        found = {c.id: c for c in self.records([s.id for s in spans])} if self.records else {}
        return [found.get(s.id, s) for s in spans]

    def _free_lane(self, coding: Span) -> int:
        """The lowest margin lane no overlapping coding uses: O(log n + overlaps)."""
        levels = self.levels
        used = {levels[i] for i in self.index.overlapping_ids(coding.start, coding.end)
                if i in levels and i != coding.id}
        lane = 0
        while lane in used:
            lane += 1
        return lane

    def get(self, coding_id: int) -> Span | None:
        return self.index.get(coding_id)

    def overlapping(self, start: int, end: int) -> list[Span]:
        """Codings over ``[start, end)`` as shown, i.e. with a dragged edge where the mouse is."""
        found = self.index.overlapping(start, end)
        if self.preview is None:
            return found
        pid, ps, pe = self.preview
        found = [c for c in found if c.id != pid]
        original = self.index.get(pid)
        if original is not None and ps < end and pe > start:
            found.append(dataclasses.replace(original, start=ps, end=pe))
            found.sort(key=lambda c: (c.start, c.end, c.id))
        return found

    # -- colours --------------------------------------------------------------------------------
    def set_colors(self, colors: Mapping[int, str], names: Mapping[int, str] | None = None) -> None:
        self._colors = dict(colors)
        self.version += 1
        self._solid.clear()
        self._fill.clear()
        if names is not None:
            self.names = dict(names)

    def solid(self, code_id: int) -> QColor:
        color = self._solid.get(code_id)
        if color is None:
            color = QColor(self._colors.get(code_id, UNKNOWN_COLOR))
            if not color.isValid():
                color = QColor(UNKNOWN_COLOR)
            self._solid[code_id] = color
        return color

    def fill(self, code_id: int) -> QColor:
        color = self._fill.get(code_id)
        if color is None:
            color = QColor(self.solid(code_id))
            color.setAlpha(FILL_ALPHA)
            self._fill[code_id] = color
        return color

    def name(self, code_id: int) -> str:
        return self.names.get(code_id, f"code {code_id}")
