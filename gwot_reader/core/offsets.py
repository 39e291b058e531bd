"""Code-point positions, and their conversion to and from Qt's UTF-16 units."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from gwot_reader.core.errors import SpanError

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class PositionMap:
    """Converts between code-point and UTF-16 offsets of one text in O(log n).

    Only characters beyond the BMP take two UTF-16 units, so it keeps the sorted code-point
    indexes of those; pure-BMP text (the common case) converts with no work at all.
    """

    __slots__ = ("_astral", "_astral_u16", "length", "length_u16")

    def __init__(self, text: str) -> None:
        self._astral = [m.start() for m in _ASTRAL.finditer(text)]
        # UTF-16 index of each astral character: its code-point index plus the pairs before it.
        self._astral_u16 = [cp + i for i, cp in enumerate(self._astral)]
        self.length = len(text)
        self.length_u16 = self.length + len(self._astral)

    @property
    def bmp_only(self) -> bool:
        """No character beyond the BMP: code points and UTF-16 units are the same numbers."""
        return not self._astral

    def to_utf16(self, cp: int) -> int:
        if not self._astral:
            return cp
        return cp + bisect_left(self._astral, cp)

    def from_utf16(self, u16: int) -> int:
        """Code-point offset of a UTF-16 offset; one inside a surrogate pair rounds down."""
        if not self._astral:
            return u16
        before = bisect_right(self._astral_u16, u16 - 2)  # pairs wholly before u16
        if before < len(self._astral_u16) and self._astral_u16[before] == u16 - 1:
            return self._astral[before]
        return u16 - before

    def span_from_utf16(self, a: int, b: int) -> tuple[int, int]:
        """Code-point span ``[start, end)`` for a UTF-16 selection, in either direction.

        A selection edge inside a surrogate pair widens to cover the whole character.
        """
        lo, hi = min(a, b), max(a, b)
        start = self.from_utf16(lo)
        end = self.from_utf16(hi)
        if self._astral and self.to_utf16(end) < hi:
            end += 1
        return start, end

    def span_to_utf16(self, start: int, end: int) -> tuple[int, int]:
        return self.to_utf16(start), self.to_utf16(end)

    def astral_between(self, start: int, end: int) -> int:
        return bisect_right(self._astral, end - 1) - bisect_left(self._astral, start)


def check_span(start: int, end: int, length: int) -> None:
    """Refuse an empty, reversed or out-of-range span with a message a user can act on."""
    if not isinstance(start, int) or not isinstance(end, int):
        raise SpanError(f"span positions must be whole numbers, not {start!r} and {end!r}")
    if start < 0 or end < 0:
        raise SpanError(f"span [{start}, {end}) has a negative position")
    if end < start:
        raise SpanError(f"span [{start}, {end}) is reversed: the end comes before the start")
    if end == start:
        raise SpanError(f"span [{start}, {end}) is empty")
    if end > length:
        raise SpanError(f"span [{start}, {end}) runs past the end of the document ({length} characters)")


def context(text: str, start: int, end: int, width: int = 80) -> tuple[str, str]:
    """Up to ``width`` characters before and after a span, for exports and previews."""
    return text[max(0, start - width) : start], text[end : end + width]
