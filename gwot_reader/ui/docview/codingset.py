"""The open document's codings: a compact span index, margin lanes, colours and a drag preview."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence

from PySide6.QtGui import QColor

from gwot_reader.core.intervals import stack_rows
from gwot_reader.core.model import Coding
from gwot_reader.core.spans import Span, SpanIndex, SpanLike

# Full records (quote, memo, coder) of coding ids, fetched when a tooltip needs them.
Records = Callable[[Sequence[int]], Sequence[Coding]]
Row = tuple[int, int, int, int, int]  # a coding as SpanIndex.overlapping_rows gives it

FILL_ALPHA = 72  # translucent, so overlaps read as a darker mix and the text stays legible
UNKNOWN_COLOR = "#888888"


class CodingSet:
    """Everything the painters need to know about codings; no Qt widgets, no database."""

    def __init__(self) -> None:
        self.index = SpanIndex()
        self.index.lanes = {}
        self.records: Records | None = None
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
        # Lanes are given out as codings first show (see lanes()), not all up front: stacking
        # 50,000 codings would cost a fifth of a second before the first paint; unless the
        # worker thread that read the codings stacked them already, or another pane showing
        # the document gave them out (they are kept on the index).
        if self.index.lanes is None:
            self.index.lanes = {}
        self.preview = None
        self.version += 1

    @property
    def levels(self) -> dict[int, int]:
        """Margin lanes by coding id, as given out so far (the index's)."""
        lanes = self.index.lanes
        if lanes is None:  # the index was given lanes of None since reset
            lanes = self.index.lanes = {}
        return lanes

    def add(self, coding: SpanLike) -> None:
        self.index.add(coding)  # (a changed span loses its lane: it may need another)
        self.version += 1

    def lanes(self, rows: Sequence[Row]) -> list[int]:
        """Margin lanes of ``rows`` (those on screen, as ``overlapping_rows`` gives them), stable
        once given.

        New ones are stacked like ``stack_levels`` (by start, longer first) around the lanes
        that overlapping codings already hold.
        """
        levels = self.levels
        fresh = sorted((r for r in rows if r[3] not in levels),
                       key=lambda r: (r[0], r[0] - r[1], r[3]))
        if not levels:
            # none given out yet (a document's first paint): the greedy stacking of the rows
            # gives each the lowest lane its overlapping predecessors leave, as _free_lane would
            levels.update(stack_rows((r[0], r[1], r[3]) for r in fresh))
        else:
            for r in fresh:
                levels[r[3]] = self._free_lane(r[0], r[1], r[3])
        return [levels[r[3]] for r in rows]

    def remove(self, coding_ids: Iterable[int]) -> int:
        """Forget codings by id; how many were there."""
        ids = set(coding_ids)
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

    def _free_lane(self, start: int, end: int, coding_id: int) -> int:
        """The lowest margin lane no overlapping coding uses: O(log n + overlaps)."""
        levels = self.levels
        used = {levels[i] for i in self.index.overlapping_ids(start, end)
                if i in levels and i != coding_id}
        lane = 0
        while lane in used:
            lane += 1
        return lane

    def get(self, coding_id: int) -> Span | None:
        return self.index.get(coding_id)

    def overlapping(self, start: int, end: int, coders: frozenset[str] | None = None) -> list[Span]:
        """Codings over ``[start, end)`` as shown, i.e. with a dragged edge where the mouse is;
        only those of ``coders`` (names) if given."""
        names = self.index.coders
        return [Span(i, s, e, code, names.get(coder, ""))
                for s, e, code, i, coder in self.overlapping_rows(start, end, coders)]

    def overlapping_rows(self, start: int, end: int, coders: frozenset[str] | None = None,
                         ) -> list[Row]:
        """``overlapping`` as rows (start, end, code id, id, coder id): what painting needs,
        with no Span made per coding."""
        rows = self.index.overlapping_rows(start, end)
        if self.preview is not None:
            pid, ps, pe = self.preview
            rows = [r for r in rows if r[3] != pid]
            original = self.index.get(pid)
            if original is not None and ps < end and pe > start:
                rows.append((ps, pe, original.code_id, pid, self.index.coder_id(original.coder)))
                rows.sort(key=lambda r: (r[0], r[1], r[3]))
        if coders is not None:
            allowed = self.index.coder_ids_of(coders)
            rows = [r for r in rows if r[4] in allowed]
        return rows

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
