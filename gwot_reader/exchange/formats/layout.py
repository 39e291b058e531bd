"""Reading order of text blocks on a page: top to bottom, column by column."""

from __future__ import annotations

from operator import itemgetter
from typing import Any

MARGIN = 0.085  # top and bottom share of a page where running headers and page numbers live

# (x0, y0, x1, y1, text, ...) of one word: MuPDF's word tuples as they come
BoxWord = tuple[Any, ...]
X0, Y0, X1, Y1, TEXT = (itemgetter(i) for i in range(5))


Line = list[BoxWord]


class Block:
    """Lines of words that belong together (a paragraph, a heading), with their bounding box."""

    __slots__ = ("lines", "x0", "y0", "x1", "y1", "_text")

    def __init__(self, lines: list[Line], words: list[BoxWord] | None = None) -> None:
        """``words``: all the words of the lines, when the caller has them in one list."""
        self.lines = lines
        if words is None:
            words = [w for line in lines for w in line]
        # one pass per side over all words, in C: no box per line (there are thousands)
        self.x0, self.y0 = min(map(X0, words)), min(map(Y0, words))
        self.x1, self.y1 = max(map(X1, words)), max(map(Y1, words))
        self._text: str | None = None

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = " ".join(w[4] for line in self.lines for w in line)
        return self._text


def in_margin(block: Block, height: float) -> bool:
    return bool(block.y1 <= height * MARGIN or block.y0 >= height * (1 - MARGIN))


def order_blocks(blocks: list[Block], width: float, height: float) -> list[Block]:
    """Blocks in reading order: headers, the body, footers.

    In the body, a page whose left-half and right-half blocks sit side by side is read as two columns;
    blocks that span both halves (titles, wide figures) cut the page into bands, and each band
    is read left column first. Anything else is read top to bottom, then left to right.
    """
    top = [b for b in blocks if b.y1 <= height * MARGIN]
    bottom = [b for b in blocks if b.y0 >= height * (1 - MARGIN) and b not in top]
    body = [b for b in blocks if b not in top and b not in bottom]
    by_place = lambda b: (round(b.y0 / 4), b.x0)  # noqa: E731
    return sorted(top, key=by_place) + _order_body(body, width) + sorted(bottom, key=by_place)


def _order_body(blocks: list[Block], width: float) -> list[Block]:
    if len(blocks) < 2:
        return list(blocks)
    mid = width / 2
    left = [b for b in blocks if b.x1 <= mid + width * 0.03]
    right = [b for b in blocks if b.x0 >= mid - width * 0.03]
    if not left or not right or not _side_by_side(left, right):
        return sorted(blocks, key=lambda b: (round(b.y0 / 4), b.x0))
    out: list[Block] = []
    band: list[Block] = []
    for b in sorted(blocks, key=lambda b: (b.y0, b.x0)):
        if b in left or b in right:
            band.append(b)
            continue
        out += _read_band(band, mid)
        band = []
        out.append(b)
    out += _read_band(band, mid)
    return out


def _read_band(band: list[Block], mid: float) -> list[Block]:
    left = sorted((b for b in band if (b.x0 + b.x1) / 2 < mid), key=lambda b: (b.y0, b.x0))
    right = sorted((b for b in band if (b.x0 + b.x1) / 2 >= mid), key=lambda b: (b.y0, b.x0))
    return left + right


def _side_by_side(left: list[Block], right: list[Block]) -> bool:
    """True when enough text in the right half overlaps left-half text vertically."""
    overlap = 0.0
    for r in right:
        for b in left:
            overlap += max(0.0, min(r.y1, b.y1) - max(r.y0, b.y0))
    height = sum(b.y1 - b.y0 for b in right)
    return bool(height > 0 and overlap >= 0.3 * height)
