"""Find in document: every hit of a query, kept as spans so the painter draws only visible ones."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from gwot_reader.core.offsets import PositionMap


class FindHits:
    """Hits of the last query in code points and UTF-16 units, and the current one."""

    def __init__(self) -> None:
        self.query = ""
        self.spans: list[tuple[int, int]] = []  # code points
        self._starts16: list[int] = []
        self._ends16: list[int] = []
        self.current = -1

    def __len__(self) -> int:
        return len(self.spans)

    def clear(self) -> None:
        self.__init__()

    def search(self, text: str, positions: PositionMap, query: str, case_sensitive: bool) -> int:
        """All non-overlapping hits of ``query`` (literal text); case-folded unless asked not to."""
        self.clear()
        if not query:
            return 0
        flags = 0 if case_sensitive else re.IGNORECASE
        self.query = query
        self.spans = [m.span() for m in re.finditer(re.escape(query), text, flags)]
        self._starts16 = [positions.to_utf16(a) for a, _ in self.spans]
        self._ends16 = [positions.to_utf16(b) for _, b in self.spans]
        return len(self.spans)

    def visible16(self, start16: int, end16: int) -> list[tuple[int, int, bool]]:
        """UTF-16 spans of hits that reach into ``[start16, end16]``, each with 'is current'."""
        lo = bisect_right(self._ends16, start16)  # hits do not overlap: ends ascend with starts
        hi = bisect_left(self._starts16, end16 + 1)
        return [(self._starts16[i], self._ends16[i], i == self.current) for i in range(lo, hi)]

    def step(self, forward: bool) -> tuple[int, int] | None:
        if not self.spans:
            return None
        if self.current < 0:
            self.current = 0 if forward else len(self.spans) - 1
        else:
            self.current = (self.current + (1 if forward else -1)) % len(self.spans)
        return self.spans[self.current]
