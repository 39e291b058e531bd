"""Find in document: every hit of a query, kept as spans so the painter draws only visible ones."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from gwot_reader.core.offsets import PositionMap


class FindHits:
    """Hits of the last query (code points, non-overlapping, in order) and the current one.

    Only the hits on screen are converted to Qt's UTF-16 units, when painted: a one-letter
    query can hit a megabyte document 60,000 times.
    """

    def __init__(self) -> None:
        self.query = ""
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.current = -1
        self.version = 0  # bumped by every search and clear, for the overview ruler's cache
        self._text: str | None = None  # the text whose lower-case copy is cached
        self._lower: str | None = None

    def __len__(self) -> int:
        return len(self.starts)

    @property
    def spans(self) -> list[tuple[int, int]]:
        return list(zip(self.starts, self.ends, strict=True))

    def clear(self) -> None:
        self.query = ""
        self.starts, self.ends, self.current = [], [], -1
        self.version += 1

    def search(self, text: str, query: str, case_sensitive: bool) -> int:
        """All non-overlapping hits of ``query`` (literal text); case-insensitive unless asked."""
        self.clear()
        if not query:
            return 0
        self.query = query
        hay: str | None = text
        needle = query
        if not case_sensitive:
            hay, needle = self._lowered(text), query.lower()
            if hay is None or len(needle) != len(query):  # lower() changed lengths: let re fold
                spans = [m.span() for m in re.finditer(re.escape(query), text, re.IGNORECASE)]
                self.starts = [a for a, _ in spans]
                self.ends = [b for _, b in spans]
                return len(spans)
        n = len(needle)
        starts = self.starts
        assert hay is not None
        find = hay.find
        i = find(needle)
        while i >= 0:
            starts.append(i)
            i = find(needle, i + n)
        self.ends = [s + n for s in starts]
        return len(starts)

    def _lowered(self, text: str) -> str | None:
        """``text.lower()`` if it keeps every position (it nearly always does), cached per text."""
        if text is not self._text:
            lower = text.lower()
            self._text, self._lower = text, (lower if len(lower) == len(text) else None)
        return self._lower

    def visible16(self, positions: PositionMap, start16: int, end16: int) -> list[tuple[int, int, bool]]:
        """UTF-16 spans of the hits that reach into ``[start16, end16]``, each with 'is current'."""
        a, b = positions.from_utf16(start16), positions.from_utf16(end16)
        lo = bisect_right(self.ends, a)  # hits do not overlap: ends ascend with starts
        hi = bisect_left(self.starts, b + 1)
        return [(*positions.span_to_utf16(self.starts[i], self.ends[i]), i == self.current)
                for i in range(lo, hi)]

    def any_between(self, start: int, end: int) -> bool:
        """Whether a hit starts in ``[start, end)``."""
        i = bisect_left(self.starts, start)
        return i < len(self.starts) and self.starts[i] < end

    def step(self, forward: bool) -> tuple[int, int] | None:
        if not self.starts:
            return None
        if self.current < 0:
            self.current = 0 if forward else len(self.starts) - 1
        else:
            self.current = (self.current + (1 if forward else -1)) % len(self.starts)
        return self.starts[self.current], self.ends[self.current]
