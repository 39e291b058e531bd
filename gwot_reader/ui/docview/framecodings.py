"""The codings of the frame on screen, measured once per frame and change of the codings."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF

from gwot_reader.core.spans import Span
from gwot_reader.ui.docview.codingset import Row
from gwot_reader.ui.docview.painting import VisibleFrame

if TYPE_CHECKING:  # the text area creates its frame codings
    from gwot_reader.ui.docview.textarea import TextArea


class _Drawn:
    """The codings of one frame: their rows, and what is derived from them as it is asked for."""

    __slots__ = ("fills", "frame", "key", "rows", "spans", "utf16")

    def __init__(self, frame: VisibleFrame, key: tuple, rows: list[Row]) -> None:
        self.frame, self.key, self.rows = frame, key, rows
        self.spans: list[Span] | None = None
        self.fills: dict[int, list[QRectF]] | None = None
        self.utf16: tuple[list[int], list[int]] | None = None


class FrameCodings:
    """Rows, spans, UTF-16 ends and highlight rectangles of the codings on screen, shared by
    the text's and the margin's paints and reused while neither the frame (scroll position,
    size, font, text) nor the codings (version, a dragged edge, the coder filter) change: a
    caret blink or a selection repaints for nothing."""

    def __init__(self, area: TextArea) -> None:
        self.area = area
        self._drawn: _Drawn | None = None

    def drawn(self, frame: VisibleFrame) -> _Drawn:
        area = self.area
        key = (area.codings.version, area.codings.preview, area.coder_filter)
        drawn = self._drawn
        if drawn is not None and drawn.frame is frame and drawn.key == key:
            return drawn
        positions = area.positions
        rows = [] if not frame.blocks else area.codings.overlapping_rows(
            positions.from_utf16(frame.first), positions.from_utf16(frame.last) + 1,
            area.coder_filter)
        self._drawn = _Drawn(frame, key, rows)
        return self._drawn

    def spans(self, frame: VisibleFrame) -> list[Span]:
        drawn = self.drawn(frame)
        if drawn.spans is None:
            names = self.area.codings.index.coders
            drawn.spans = [Span(i, s, e, code, names.get(coder, ""))
                           for s, e, code, i, coder in drawn.rows]
        return drawn.spans

    def utf16(self, frame: VisibleFrame) -> tuple[list[int], list[int]]:
        """Converted once a frame (highlights and stripes both need them)."""
        drawn = self.drawn(frame)
        if drawn.utf16 is None:
            starts = [r[0] for r in drawn.rows]
            ends = [r[1] for r in drawn.rows]
            positions = self.area.positions
            if not positions.bmp_only:
                to16 = positions.to_utf16
                starts, ends = [to16(x) for x in starts], [to16(x) for x in ends]
            drawn.utf16 = (starts, ends)
        return drawn.utf16

    def fills(self, frame: VisibleFrame) -> dict[int, list[QRectF]]:
        starts, ends = self.utf16(frame)
        drawn = self.drawn(frame)
        if drawn.fills is None:
            drawn.fills = frame.fills(zip(starts, ends, [r[2] for r in drawn.rows], strict=True))
        return drawn.fills
