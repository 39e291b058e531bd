"""Drag handles on the ends of the selected coding: its span changes with a plain drag, no Alt.

Alt+drag on a highlight's edge collides with window managers that move windows on Alt+drag
(Openbox, Xfce, KDE). A coding is selected by a click inside its highlight (the innermost one
there) or from the annotation pane; its two ends then show a bar with a knob in the code's
colour, and dragging either one changes the span (Esc cancels), as Alt+drag does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen

if TYPE_CHECKING:
    from gwot_reader.core.spans import Span
    from gwot_reader.ui.docview.textarea import TextArea

KNOB = 7.0  # the knob's diameter, pixels
GRAB = 7.0  # pixels either side of a handle that start a drag
EDGE_GRAB = 5.0  # pixels either side of a highlight's edge that start an Alt-drag


def handle_rects(area: TextArea) -> list[tuple[str, QRectF]]:
    """("start" | "end", the handle's rectangle) for the selected coding's ends on screen."""
    coding = selected(area)
    if coding is None:
        return []
    frame = area.frame()
    rects = area.coding_rects(frame, coding)
    if not rects:
        return []
    s16, e16 = area.positions.span_to_utf16(coding.start, coding.end)
    out = []
    if s16 >= frame.first:  # the start on screen: a knob above the line's start
        r = rects[0]
        out.append(("start", QRectF(r.left() - KNOB / 2, r.top() - KNOB, KNOB, r.height() + KNOB)))
    if e16 <= frame.last:  # the end: a knob below the line's end
        r = rects[-1]
        out.append(("end", QRectF(r.right() - KNOB / 2, r.top(), KNOB, r.height() + KNOB)))
    return out


def selected(area: TextArea) -> Span | None:
    cid = area.handle_coding
    return area.codings.get(cid) if cid is not None else None


def handle_at(area: TextArea, point: QPointF) -> tuple[Span, str] | None:
    """The selected coding and which end, if ``point`` is on (or within GRAB of) a handle."""
    coding = selected(area)
    if coding is None:
        return None
    for edge, rect in handle_rects(area):
        if rect.adjusted(-GRAB, 0, GRAB, 0).contains(point):
            return coding, edge
    return None


def paint(area: TextArea, painter: QPainter) -> None:
    """The two handles, in the code's colour, over the highlights."""
    coding = selected(area)
    if coding is None:
        return
    color = QColor(area.codings.solid(coding.code_id)).darker(130)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    for edge, rect in handle_rects(area):
        x = rect.center().x()
        painter.setPen(QPen(color, 2.0))
        painter.drawLine(QPointF(x, rect.top()), QPointF(x, rect.bottom()))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color)
        y = rect.top() + KNOB / 2 if edge == "start" else rect.bottom() - KNOB / 2
        painter.drawEllipse(QPointF(x, y), KNOB / 2, KNOB / 2)
    painter.restore()


def edge_at(area: TextArea, point: QPointF) -> tuple[Span, str] | None:
    """The highlight edge within EDGE_GRAB pixels of ``point``, if any (Alt+drag, the margin)."""
    cp = area.cp_at(point)
    frame = area.frame()
    best: tuple[float, Span, str] | None = None
    for c in area.codings.overlapping(max(0, cp - 2), cp + 2):
        rects = area.coding_rects(frame, c)
        if not rects:
            continue
        s16, e16 = area.positions.span_to_utf16(c.start, c.end)
        ends = []
        if s16 >= frame.first:
            ends.append((rects[0], rects[0].left(), "start"))
        if e16 <= frame.last:
            ends.append((rects[-1], rects[-1].right(), "end"))
        for rect, x, edge in ends:
            dist = abs(point.x() - x)
            if dist <= EDGE_GRAB and rect.top() <= point.y() <= rect.bottom():
                if best is None or dist < best[0]:
                    best = (dist, c, edge)
    return (best[1], best[2]) if best else None

