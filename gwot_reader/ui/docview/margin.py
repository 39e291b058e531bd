"""The coding-stripe margin left of the text: one bar per coding, overlaps side by side.

Drag the top or bottom end of a stripe (the cursor turns into a vertical resize arrow) to move
the coding's start or end; move into the text while dragging to pick the exact character.
Double-click a stripe to activate its coding; right-click for the codings at that height.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QToolTip, QWidget

from gwot_reader.core.spans import Span
from gwot_reader.ui.docview.coderlanes import coder_lanes
from gwot_reader.ui.docview.formats import PAPER, STRIPES_WIDTH
from gwot_reader.ui.docview.tooltips import MARGIN_HINT, tooltip_html

if TYPE_CHECKING:  # the text area creates its margin
    from gwot_reader.ui.docview.textarea import TextArea

GAP = 4
MAX_LANE, MIN_LANE = 6.0, 2.0
END_GRAB = 4.0


class Stripe(NamedTuple):  # a tuple: hundreds are made per frame while scrolling
    rect: QRectF
    coding: Span
    has_top: bool  # the coding starts on screen (its top end can be dragged)
    has_bottom: bool


class StripeMargin(QWidget):
    def __init__(self, area: TextArea) -> None:
        super().__init__(area)
        self.area = area
        self._placed: list[tuple[int, QRectF]] = []  # (visible row, rectangle) per stripe
        self._by_code: dict[int, list[QRectF]] = {}
        self._stripes: list[Stripe] | None = None  # made from _placed when asked for
        self._laid_out: tuple | None = None  # (frame, codings key, width) of _placed
        self._hover: int | None = None
        self.setMouseTracking(True)
        # it paints every pixel it is asked for (the paper first): the text area behind it need
        # not be painted again for it, twice a scroll step
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    # -- painting ---------------------------------------------------------------------------------
    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.fillRect(event.rect(), QColor(PAPER))
        self._lay_out()
        hover = self._hover
        hovered = next((s for s in self.stripes if s.coding.id == hover), None) if hover else None
        painter.setPen(Qt.PenStyle.NoPen)
        solid = self.area.codings.solid
        for code_id, rects in self._by_code.items():
            painter.setBrush(solid(code_id))
            painter.drawRects(rects)
        if hovered is not None:  # wider, with grips on the ends that can be dragged
            color = solid(hovered.coding.code_id)
            r = hovered.rect
            painter.fillRect(r.adjusted(-1, 0, 1, 0), color)
            grip = color.darker(150)
            if hovered.has_top:
                painter.fillRect(QRectF(r.left() - 3, r.top(), r.width() + 6, 3), grip)
            if hovered.has_bottom:
                painter.fillRect(QRectF(r.left() - 3, r.bottom() - 3, r.width() + 6, 3), grip)
        painter.end()

    def _lay_out(self) -> None:
        """The stripes of the frame on screen, by code (measured again only when it changed)."""
        area = self.area
        frame = area.frame()
        key = (frame, area.codings.version, area.codings.preview, self.width(), area.coder_filter,
               area.coder_lanes)
        laid_out = self._laid_out
        if laid_out is not None and all(a is b or a == b for a, b in zip(key, laid_out, strict=True)):
            return
        self._laid_out = key
        self._stripes = None
        self._placed, self._by_code = self._layout_stripes()

    @property
    def stripes(self) -> list[Stripe]:
        """The stripes on screen with their codings (made when asked: hit testing, tests)."""
        self._lay_out()
        if self._stripes is None:
            area = self.area
            frame = area.frame()
            spans = area.visible_codings(frame)
            to16 = area.positions.span_to_utf16
            out = []
            for i, rect in self._placed:
                s16, e16 = to16(spans[i].start, spans[i].end)
                out.append(Stripe(rect, spans[i], s16 >= frame.first, e16 - 1 <= frame.last))
            self._stripes = out
        return self._stripes

    def _layout_stripes(self) -> tuple[list[tuple[int, QRectF]], dict[int, list[QRectF]]]:
        """(the visible row and rectangle of each stripe, the rectangles by code id)."""
        area = self.area
        frame = area.frame()
        rows = area.visible_rows(frame)
        placed: list[tuple[int, QRectF]] = []
        by_code: dict[int, list[QRectF]] = {}
        if not rows:
            return placed, by_code
        if area.coder_lanes:  # each coder's stripes in a band of their own
            levels, lanes = coder_lanes(area.visible_codings(frame))
            row_lanes = [levels[r[3]] for r in rows]
        else:
            row_lanes = area.codings.lanes(rows)
            lanes = max(row_lanes) + 1
        lane_w = max(MIN_LANE, min(MAX_LANE, (STRIPES_WIDTH - GAP) / lanes))
        right = self.width() - GAP
        width = max(1.0, lane_w - 1)
        starts, ends = area.visible_utf16(frame)
        # the line of each end, bisected here rather than through frame.line_top/line_bottom
        # (the same answers: see there): hundreds of stripes a frame
        first, last, height = frame.first, frame.last, frame.height
        ls, tops, bottoms = frame.line_starts, frame.line_tops, frame.line_bottoms
        for i, row in enumerate(rows):
            x = right - (row_lanes[i] + 1) * lane_w
            if x < 0:
                continue  # more lanes than fit: the text highlight still shows the coding
            s16, e16 = starts[i], ends[i] - 1
            if e16 < s16:
                e16 = s16
            top = 0.0 if s16 < first else height if s16 > last else \
                tops[max(0, bisect_right(ls, s16) - 1)]
            bottom = height if e16 > last else 0.0 if e16 < first else \
                bottoms[max(0, bisect_right(ls, e16) - 1)]
            rect = QRectF(x, top + 1, width, max(2.0, bottom - top - 2))
            placed.append((i, rect))
            code = row[2]
            found = by_code.get(code)
            if found is None:
                found = by_code[code] = []
            found.append(rect)
        return placed, by_code

    # -- hit testing ------------------------------------------------------------------------------
    def _stripe_at(self, point: QPointF) -> Stripe | None:
        hits = [s for s in self.stripes if s.rect.adjusted(-1, 0, 1, 0).contains(point)]
        return min(hits, key=lambda s: s.rect.height()) if hits else None

    def _end_at(self, point: QPointF) -> tuple[Stripe, str] | None:
        best = None
        for s in self.stripes:
            if not (s.rect.left() - 2 <= point.x() <= s.rect.right() + 2):
                continue
            for y, edge, ok in ((s.rect.top(), "start", s.has_top), (s.rect.bottom(), "end", s.has_bottom)):
                dist = abs(point.y() - y)
                if ok and dist <= END_GRAB and (best is None or dist < best[0]):
                    best = (dist, s, edge)
        return (best[1], best[2]) if best else None

    def _at_height(self, point: QPointF) -> list[Span]:
        exact = self._stripe_at(point)
        if exact is not None:
            return [exact.coding]
        covering = [s.coding for s in self.stripes if s.rect.top() <= point.y() <= s.rect.bottom()]
        return sorted(covering, key=lambda c: (c.end - c.start, c.start))

    # -- mouse ------------------------------------------------------------------------------------
    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton and (hit := self._end_at(event.position())):
            self.area.begin_edge_drag(hit[0].coding, hit[1])
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:
        point = event.position()
        if self.area.dragging_edge:
            self._drag_to(event.globalPosition().toPoint())
            return
        end = self._end_at(point)
        stripe = end[0] if end else self._stripe_at(point)
        if end:
            self.setCursor(Qt.CursorShape.SizeVerCursor)
        elif stripe:
            self.setCursor(Qt.CursorShape.PointingHandCursor)
        else:
            self.unsetCursor()
        hover = stripe.coding.id if stripe else None
        if hover != self._hover:
            self._hover = hover
            self.update()

    def _drag_to(self, global_pos: QPoint) -> None:
        """Map the mouse to a text position: exact inside the text, line start or end beside it."""
        area = self.area
        vp = area.viewport()
        p = vp.mapFromGlobal(global_pos)
        bar = area.verticalScrollBar()
        if p.y() < 0:
            bar.setValue(bar.value() - 1)
        elif p.y() >= vp.height():
            bar.setValue(bar.value() + 1)
        y = min(max(p.y(), 0), vp.height() - 1)
        x = p.x()
        if x < 0:
            x = 0 if area.dragged_edge == "start" else vp.width() - 1
        area.drag_edge_to(area.cursorForPosition(QPoint(min(x, vp.width() - 1), y)).position())

    def mouseReleaseEvent(self, event) -> None:
        if self.area.dragging_edge:
            self.area.end_edge_drag(commit=True)
            return
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event) -> None:
        stripe = self._stripe_at(event.position())
        if stripe is not None:
            self.area.codingActivated.emit(stripe.coding.id)

    def leaveEvent(self, event) -> None:
        if self._hover is not None:
            self._hover = None
            self.update()
        super().leaveEvent(event)

    def contextMenuEvent(self, event) -> None:
        under = self._at_height(QPointF(event.pos()))
        self.area.codingsContextMenu.emit(event.globalPos(), [c.id for c in under])
        event.accept()

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            under = self._at_height(QPointF(event.pos()))
            if under:
                tip = tooltip_html(self.area.codings.full(under), self.area.codings, MARGIN_HINT)
                QToolTip.showText(event.globalPos(), tip, self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)
