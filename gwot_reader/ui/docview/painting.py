"""Geometry of the visible text: which blocks show, and the rectangles a span covers in them."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable

from PySide6.QtCore import QRectF
from PySide6.QtGui import QTextBlock
from PySide6.QtWidgets import QPlainTextEdit

# Hebrew, Arabic (Urdu, Pashto, Persian), Syriac, Thaana, N'Ko and their presentation forms.
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")


def _merged(runs) -> list[tuple[float, float]]:
    """The x extents of glyph runs, overlapping ones joined (so no piece is painted twice)."""
    spans = sorted((r.boundingRect().left(), r.boundingRect().right()) for r in runs)
    out: list[list[float]] = []
    for x1, x2 in spans:
        if out and x1 <= out[-1][1] + 0.5:
            out[-1][1] = max(out[-1][1], x2)
        else:
            out.append([x1, x2])
    return [(x1, x2) for x1, x2 in out if x2 - x1 >= 1]


class _Block:
    """One visible block's lines, measured once per frame."""

    __slots__ = ("block", "start", "length", "left", "top", "lines", "line_starts", "line_ends",
                 "tops", "heights", "bidi", "xs", "whole")

    def __init__(self, block: QTextBlock, rect: QRectF, view_height: float) -> None:
        self.block = block
        self.start = block.position()
        self.length = block.length() - 1  # without the block separator
        self.left = rect.left()
        self.top = rect.top()
        layout = block.layout()
        first, end = 0, layout.lineCount()
        if rect.height() > view_height:  # a long paragraph: only the lines on screen
            first = self._first_line(layout, 0, end, lambda y, h: self.top + y + h > 0)
            end = self._first_line(layout, first, end, lambda y, h: self.top + y > view_height)
        self.lines = [layout.lineAt(n) for n in range(first, end)]
        self.line_starts = [line.textStart() for line in self.lines]
        self.line_ends = [s + line.textLength() for s, line in zip(self.line_starts, self.lines, strict=True)]
        self.tops = [self.top + line.y() for line in self.lines]
        self.heights = [line.height() for line in self.lines]
        self.bidi: bool | None = None
        self.xs: dict[tuple[int, int], float] = {}
        # line number -> the rectangle of the whole line (None: too narrow to paint); dense
        # codings cover most lines whole, and share this one object
        self.whole: dict[int, QRectF | None] = {}

    @staticmethod
    def _first_line(layout, lo: int, hi: int, test) -> int:
        """The first line in ``[lo, hi)`` that passes ``test(y, height)`` (monotonic), or hi."""
        while lo < hi:
            mid = (lo + hi) // 2
            line = layout.lineAt(mid)
            if test(line.y(), line.height()):
                hi = mid
            else:
                lo = mid + 1
        return lo

    def x(self, n: int, pos: int) -> float:
        """``cursorToX`` of line ``n``, cached: line ends are asked for again and again."""
        key = (n, pos)
        x = self.xs.get(key)
        if x is None:
            x = self.xs[key] = self.lines[n].cursorToX(pos)[0]  # type: ignore[index]
        return x

    def line_of(self, rel: int) -> int:
        return max(0, bisect_right(self.line_starts, rel) - 1)

    def piece(self, n: int, lo: int, hi: int) -> QRectF | None:
        """The rectangle of ``[lo, hi)`` (block-relative, within line ``n``; left to right)."""
        x1, x2 = self.x(n, lo), self.x(n, hi)
        if x2 < x1:  # a right-to-left paragraph
            x1, x2 = x2, x1
        return QRectF(self.left + x1, self.tops[n], x2 - x1, self.heights[n]) if x2 - x1 >= 1 else None

    def whole_line(self, n: int) -> QRectF | None:
        if n not in self.whole:
            self.whole[n] = self.piece(n, self.line_starts[n], self.line_ends[n])
        return self.whole[n]


class VisibleFrame:
    """The laid-out blocks on screen, in viewport coordinates; built once per paint.

    Positions here are Qt document positions (UTF-16 units); callers convert code points with
    the document's PositionMap first.
    """

    def __init__(self, edit: QPlainTextEdit, bidi: dict[int, bool] | None = None) -> None:
        # whether a block holds right-to-left text, by block number: kept by the caller across
        # frames while the document stays the same (reading a long block's text costs)
        self._bidi = {} if bidi is None else bidi
        self.height = float(edit.viewport().height())
        self.width = float(edit.viewport().width())
        self.blocks: list[_Block] = []
        block = edit.firstVisibleBlock()
        offset = edit.contentOffset()
        while block.isValid():
            rect = edit.blockBoundingGeometry(block).translated(offset)
            if rect.top() > self.height:
                break
            if block.isVisible() and block.layout().lineCount():
                measured = _Block(block, rect, self.height)
                if measured.lines:
                    self.blocks.append(measured)
            block = block.next()
        self._starts = [b.start for b in self.blocks]
        self._flatten()
        # the first and last positions on screen (lines, not whole blocks: paragraphs can be long)
        self.first = self.blocks[0].start + self.blocks[0].line_starts[0] if self.blocks else 0
        self.last = self.blocks[-1].start + self.blocks[-1].line_ends[-1] if self.blocks else 0

    def _block_at(self, pos: int) -> int:
        return max(0, bisect_right(self._starts, pos) - 1)

    def rects(self, start: int, end: int) -> list[QRectF]:
        """One rectangle per visible line piece of ``[start, end)``."""
        out: list[QRectF] = []
        if not self.blocks or end <= self.first or start > self.last:
            return out
        for i in range(self._block_at(start), len(self.blocks)):
            b = self.blocks[i]
            if b.start >= end:
                break
            lo, hi = max(start, b.start) - b.start, min(end, b.start + b.length) - b.start
            if hi <= lo:
                continue
            if b.bidi is None:
                self._set_bidi(b)
            if not b.bidi:
                self._pieces(b, lo, hi, out)
                continue
            for n in range(b.line_of(lo), len(b.lines)):
                ls = b.line_starts[n]
                if ls >= hi:
                    break
                x_lo, x_hi = max(lo, ls), min(hi, b.line_ends[n])
                if x_hi > x_lo:
                    self._glyph_pieces(b, n, x_lo, x_hi, out)
        return out

    def _flatten(self) -> None:
        """Every visible line of every block in one sorted list (document positions), with its
        block and line number: a span's lines are then two bisections, whatever the blocks."""
        self.line_starts: list[int] = []
        self.line_ends: list[int] = []
        self.line_tops: list[float] = []
        self.line_bottoms: list[float] = []
        self.line_owner: list[tuple[_Block, int]] = []
        for b in self.blocks:
            start = b.start
            self.line_starts.extend([start + x for x in b.line_starts])
            self.line_ends.extend([start + x for x in b.line_ends])
            self.line_tops.extend(b.tops)
            self.line_bottoms.extend([t + h for t, h in zip(b.tops, b.heights, strict=True)])
            self.line_owner.extend((b, n) for n in range(len(b.lines)))

    def fills(self, spans: Iterable[tuple[int, int, int]]) -> dict[int, list[QRectF]]:
        """Rectangles of many ``(start, end, key)`` spans (UTF-16, sorted by start), by key.

        What ``rects`` does for each, in one loop over the screen's lines (not its blocks):
        scrolling a page of dense codings measures hundreds of spans per frame. A span's
        first and last lines are measured (line ends once per frame: keyed 2p for a piece's
        left end at p, 2p + 1 for a right end); the lines between are whole, their rectangles
        measured once per frame and taken as one slice.
        """
        out: dict[int, list[QRectF]] = {}
        if not self.blocks:
            return out
        first_pos, last_pos = self.first, self.last
        ls, le = self.line_starts, self.line_ends
        xs: dict[int, float] = {}
        flat: list[QRectF] | None = None  # every line's whole rectangles, in line order
        offsets: list[int] = []  # where each line's begin in ``flat``
        piece = self._line_piece
        for start, end, key in spans:
            if end <= first_pos or start > last_pos:
                continue
            rects = out.get(key)
            if rects is None:
                rects = out[key] = []
            k = bisect_right(ls, start) - 1
            if k < 0:
                k = 0
            last = bisect_right(ls, end - 1) - 1
            if k == last:
                piece(k, start, end, xs, rects)
                continue
            if start > ls[k]:  # the first line from the span's start
                piece(k, start, end, xs, rects)
                k += 1
            if end < le[last]:  # the last line up to the span's end
                stop = last
            else:
                stop, last = last + 1, -1
            if stop > k:
                if flat is None:
                    flat, offsets = self._whole_lines(xs)
                rects.extend(flat[offsets[k]:offsets[stop]])
            if last >= 0:
                piece(last, start, end, xs, rects)
        return out

    def _whole_lines(self, xs: dict[int, float]) -> tuple[list[QRectF], list[int]]:
        """The rectangles of every line taken whole (none for an empty one, glyph runs for a
        bidirectional one), one after another, and where each line's begin."""
        flat: list[QRectF] = []
        offsets: list[int] = []
        for k in range(len(self.line_starts)):
            offsets.append(len(flat))
            self._line_piece(k, self.line_starts[k], self.line_ends[k], xs, flat)
        offsets.append(len(flat))
        return flat, offsets

    def _line_piece(self, k: int, start: int, end: int, xs: dict[int, float],
                    out: list[QRectF]) -> None:
        """The rectangle(s) of ``[start, end)`` on line ``k`` of the frame (clipped to it)."""
        a, z = self.line_starts[k], self.line_ends[k]
        if start > a:
            a = start
        if end < z:
            z = end
        if z <= a:
            return
        b, n = self.line_owner[k]
        if b.bidi is None:
            self._set_bidi(b)
        if b.bidi:
            self._glyph_pieces(b, n, a - b.start, z - b.start, out)
            return
        x1 = xs.get(2 * a)
        if x1 is None:
            x1 = xs[2 * a] = b.lines[n].cursorToX(a - b.start)[0]  # type: ignore[index]
        x2 = xs.get(2 * z + 1)
        if x2 is None:
            x2 = xs[2 * z + 1] = b.lines[n].cursorToX(z - b.start)[0]  # type: ignore[index]
        if x2 < x1:  # a right-to-left paragraph
            x1, x2 = x2, x1
        if x2 - x1 >= 1:
            out.append(QRectF(b.left + x1, b.tops[n], x2 - x1, b.heights[n]))

    def _glyph_pieces(self, b: _Block, n: int, lo: int, hi: int, out: list[QRectF]) -> None:
        """``[lo, hi)`` (block-relative) of line ``n`` of a bidirectional block: a logical span
        can be several visual pieces, which the glyph runs know."""
        top, height = b.tops[n], b.heights[n]
        if top > self.height or top + height < 0:
            return  # a long paragraph's lines off screen
        for x1, x2 in _merged(b.lines[n].glyphRuns(lo, hi - lo)):
            out.append(QRectF(b.left + x1, top, x2 - x1, height))

    def _set_bidi(self, b: _Block) -> None:
        number = b.block.blockNumber()
        bidi = self._bidi.get(number)
        if bidi is None:
            bidi = self._bidi[number] = _RTL.search(b.block.text()) is not None
        b.bidi = bidi

    def _pieces(self, b: _Block, lo: int, hi: int, out: list[QRectF]) -> None:
        """Left-to-right lines: a piece on the first and last line, whole lines between
        (measured once per frame and shared: scrolling dense codings paints thousands)."""
        first, last = b.line_of(lo), b.line_of(max(lo, hi - 1))
        starts, ends = b.line_starts, b.line_ends
        if first == last:
            rect = b.piece(first, max(lo, starts[first]), min(hi, ends[first]))
            if rect is not None:
                out.append(rect)
            return
        a = max(lo, starts[first])
        rect = b.whole_line(first) if a == starts[first] else b.piece(first, a, ends[first])
        if rect is not None:
            out.append(rect)
        for n in range(first + 1, last):
            rect = b.whole_line(n)
            if rect is not None:
                out.append(rect)
        z = min(hi, ends[last])
        rect = b.whole_line(last) if z == ends[last] else b.piece(last, starts[last], z)
        if rect is not None:
            out.append(rect)

    def line_top(self, pos: int) -> float:
        """Top of the line holding ``pos``; 0 if it is above the screen."""
        if not self.blocks or pos < self.first:
            return 0.0
        if pos > self.last:
            return self.height
        return self.line_tops[max(0, bisect_right(self.line_starts, pos) - 1)]

    def line_bottom(self, pos: int) -> float:
        """Bottom of the line holding ``pos``; the screen's bottom if it is below."""
        if not self.blocks or pos > self.last:
            return self.height
        if pos < self.first:
            return 0.0
        return self.line_bottoms[max(0, bisect_right(self.line_starts, pos) - 1)]
