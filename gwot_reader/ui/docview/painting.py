"""Geometry of the visible text: which blocks show, and the rectangles a span covers in them."""

from __future__ import annotations

import re
from bisect import bisect_right

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


class VisibleFrame:
    """The laid-out blocks on screen, in viewport coordinates; built once per paint.

    Positions here are Qt document positions (UTF-16 units); callers convert code points with
    the document's PositionMap first.
    """

    def __init__(self, edit: QPlainTextEdit) -> None:
        self.height = float(edit.viewport().height())
        self.width = float(edit.viewport().width())
        self.blocks: list[tuple[QTextBlock, QRectF]] = []
        block = edit.firstVisibleBlock()
        offset = edit.contentOffset()
        while block.isValid():
            rect = edit.blockBoundingGeometry(block).translated(offset)
            if rect.top() > self.height:
                break
            if block.isVisible():
                self.blocks.append((block, rect))
            block = block.next()
        self._starts = [b.position() for b, _ in self.blocks]
        self._bidi: dict[int, bool] = {}
        self.first = self._starts[0] if self._starts else 0
        last = self.blocks[-1][0] if self.blocks else None
        self.last = last.position() + last.length() - 1 if last is not None else 0

    def _is_bidi(self, block: QTextBlock) -> bool:
        found = self._bidi.get(block.blockNumber())
        if found is None:
            found = self._bidi[block.blockNumber()] = _RTL.search(block.text()) is not None
        return found

    def _block_at(self, pos: int) -> int:
        return max(0, bisect_right(self._starts, pos) - 1)

    def rects(self, start: int, end: int) -> list[QRectF]:
        """One rectangle per visible line piece of ``[start, end)``."""
        out: list[QRectF] = []
        if not self.blocks or end <= self.first or start > self.last:
            return out
        for i in range(self._block_at(start), len(self.blocks)):
            block, brect = self.blocks[i]
            bstart = block.position()
            if bstart >= end:
                break
            blen = block.length() - 1  # without the block separator
            lo, hi = max(start, bstart) - bstart, min(end, bstart + blen) - bstart
            if hi <= lo:
                continue
            layout = block.layout()
            if layout.lineCount() == 0:
                continue
            bidi = self._is_bidi(block)
            first = layout.lineForTextPosition(lo).lineNumber()
            last = layout.lineForTextPosition(hi).lineNumber()
            if last < 0:
                last = layout.lineCount() - 1
            for n in range(max(first, 0), last + 1):
                line = layout.lineAt(n)
                ls = line.textStart()
                le = ls + line.textLength()
                a, b = max(lo, ls), min(hi, le)
                if b <= a:
                    continue
                top = brect.top() + line.y()
                if bidi:  # a logical span can be several visual pieces; glyph runs know them
                    for x1, x2 in _merged(line.glyphRuns(a, b - a)):
                        out.append(QRectF(brect.left() + x1, top, x2 - x1, line.height()))
                    continue
                x1 = line.cursorToX(a)[0]
                x2 = line.cursorToX(b)[0]
                if x2 < x1:  # right-to-left text
                    x1, x2 = x2, x1
                if x2 - x1 < 1:
                    continue
                out.append(QRectF(brect.left() + x1, top, x2 - x1, line.height()))
        return out

    def line_top(self, pos: int) -> float:
        """Top of the line holding ``pos``; 0 if it is above the screen."""
        if not self.blocks or pos < self.first:
            return 0.0
        if pos > self.last:
            return self.height
        block, brect = self.blocks[self._block_at(pos)]
        layout = block.layout()
        line = layout.lineForTextPosition(pos - block.position())
        return brect.top() + (line.y() if line.isValid() else 0.0)

    def line_bottom(self, pos: int) -> float:
        """Bottom of the line holding ``pos``; the screen's bottom if it is below."""
        if not self.blocks or pos > self.last:
            return self.height
        if pos < self.first:
            return 0.0
        block, brect = self.blocks[self._block_at(pos)]
        layout = block.layout()
        line = layout.lineForTextPosition(pos - block.position())
        if not line.isValid():
            return brect.bottom()
        return brect.top() + line.y() + line.height()

