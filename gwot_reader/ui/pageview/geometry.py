"""Where pages sit in the scrolled view, and which words lie under a point or a span."""

from __future__ import annotations

from bisect import bisect_right

from PySide6.QtCore import QPointF, QRectF

from gwot_reader.core.pages import PageInfo, Word, words_for_span

GAP = 12.0  # pixels between pages and around them


class PageLayout:
    """Pages stacked top to bottom and centred, at one zoom (pixels per PDF point)."""

    def __init__(self, pages: list[PageInfo], zoom: float, viewport_width: float) -> None:
        self.pages = pages
        self.zoom = zoom
        self.width = max((p.width for p in pages), default=0.0) * zoom + 2 * GAP
        self.tops: list[float] = []
        y = GAP
        for p in pages:
            self.tops.append(y)
            y += p.height * zoom + GAP
        self.height = y
        self.left_of = max(self.width, viewport_width)

    def rect(self, index: int) -> QRectF:
        """Rectangle of page ``index`` (from 0) in content coordinates."""
        p = self.pages[index]
        w, h = p.width * self.zoom, p.height * self.zoom
        return QRectF((self.left_of - w) / 2, self.tops[index], w, h)

    def visible(self, top: float, bottom: float) -> range:
        """Indexes of pages that intersect the content rows ``[top, bottom)``."""
        if not self.pages:
            return range(0)
        first = max(0, bisect_right(self.tops, top) - 1)
        last = max(first, bisect_right(self.tops, bottom) - 1)
        if self.tops[first] + self.pages[first].height * self.zoom < top:
            first = min(first + 1, last)
        return range(first, last + 1)

    def index_at(self, y: float) -> int:
        return max(0, min(len(self.pages) - 1, bisect_right(self.tops, y) - 1))


def to_page(layout: PageLayout, index: int, point: QPointF) -> tuple[float, float]:
    """A content point in PDF points of page ``index`` (top-left origin)."""
    r = layout.rect(index)
    return (point.x() - r.left()) / layout.zoom, (point.y() - r.top()) / layout.zoom


def box_rect(layout: PageLayout, index: int, box) -> QRectF:
    """A box in page points as a content rectangle."""
    r, z = layout.rect(index), layout.zoom
    return QRectF(r.left() + box[0] * z, r.top() + box[1] * z, (box[2] - box[0]) * z,
                  (box[3] - box[1]) * z)


def word_at(words: list[Word], x: float, y: float) -> Word | None:
    """The word under a page point, or else the nearest one (for drags that end in margins)."""
    best, best_d = None, None
    for w in words:
        dx = 0.0 if w[0] <= x <= w[2] else min(abs(x - w[0]), abs(x - w[2]))
        dy = 0.0 if w[1] <= y <= w[3] else min(abs(y - w[1]), abs(y - w[3]))
        d = dx + 3 * dy  # prefer the same line over the nearest word above or below
        if best_d is None or d < best_d:
            best, best_d = w, d
            if d == 0:
                break
    return best


def span_boxes(words: list[Word], start: int, end: int) -> list[tuple[float, float, float, float]]:
    """Boxes covering ``[start, end)`` on one page: its words, merged along each line."""
    out: list[list[float]] = []
    for w in words_for_span(words, start, end):
        if out and abs(out[-1][1] - w[1]) < 2 and abs(out[-1][3] - w[3]) < 2 \
                and 0 <= w[0] - out[-1][2] < 3 * (w[3] - w[1]):
            out[-1][2] = max(out[-1][2], w[2])
        else:
            out.append([w[0], w[1], w[2], w[3]])
    return [(b[0], b[1], b[2], b[3]) for b in out]


def page_index_of(pages: list[PageInfo], pos: int) -> int:
    """Index of the last page whose span of the text starts at or before ``pos``."""
    lo, hi = 0, len(pages) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if pages[mid].start <= pos:
            lo = mid
        else:
            hi = mid - 1
    return lo
