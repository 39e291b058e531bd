"""PDF pages as records: page spans, word boxes, region boxes, and the pure helpers on them."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field

# (x0, y0, x1, y1, start, end): a word's box in points (top-left origin) and its span.
Word = tuple[float, float, float, float, int, int]


@dataclass(frozen=True, slots=True)
class PageInfo:
    """A page of a PDF document (pages count from 1) and its span of the canonical text."""

    page: int
    width: float
    height: float
    start: int
    end: int
    has_text: bool = True


@dataclass(frozen=True, slots=True)
class PageWords:
    """What an importer stores for one page."""

    info: PageInfo
    words: list[Word] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Region:
    """The box of a region coding on a page, in points with the origin at the top left."""

    coding_guid: str
    page: int
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def box(self) -> tuple[float, float, float, float]:
        return (self.x0, self.y0, self.x1, self.y1)


def words_in_box(words: Iterable[Word], box: tuple[float, float, float, float]) -> list[Word]:
    """Words whose centre lies inside ``box``: what a rectangle drawn over them means."""
    x0, y0, x1, y1 = box
    return [w for w in words if x0 <= (w[0] + w[2]) / 2 <= x1 and y0 <= (w[1] + w[3]) / 2 <= y1]

def page_of(starts: list[int], position: int) -> int:
    """Page number (from 1) holding ``position``, given the sorted start of each page."""
    return max(1, bisect_right(starts, position))


def words_for_span(words: list[Word], start: int, end: int) -> list[Word]:
    """Words of a page (sorted by start) that share a position with ``[start, end)``."""
    starts = [w[4] for w in words]
    lo = max(0, bisect_left(starts, start) - 1)
    hi = bisect_left(starts, end)
    return [w for w in words[lo:hi] if w[5] > start and w[4] < end]
