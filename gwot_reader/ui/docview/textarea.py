"""The text area: a read-only QPlainTextEdit that paints codings, find hits and a flash under the text.

Mouse, beyond plain selection:
- drag a selection out of the view to a code in the codebook (mime ``application/x-gwot-span``);
- double-click selects a word as everywhere, even inside a highlight (``codingActivated`` comes
  from the margin's stripes only, so selecting never opens an editor by surprise);
- right-click: ``codingsContextMenu`` with the codings under the mouse (the window builds the menu);
- Ctrl+click a link to open it; copying (Ctrl+C) gives the exact stored text and the span;
- click in a highlight to select its coding: handles on its ends (docview/handles.py) change
  its span with a plain drag; Alt-drag on any highlight's edge does the same where the window
  manager leaves Alt-drag alone: ``spanEdited`` on release, Esc cancels.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QElapsedTimer,
    QEvent,
    QMimeData,
    QPoint,
    QPointF,
    QRect,
    QRectF,
    Qt,
    QTimer,
    QUrl,
    Signal,
)
from PySide6.QtGui import QColor, QCursor, QDesktopServices, QDrag, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QApplication, QPlainTextEdit, QToolTip, QWidget

from gwot_reader.core.offsets import PositionMap
from gwot_reader.core.spans import Span
from gwot_reader.ui.docview import handles
from gwot_reader.ui.docview.codingset import CodingSet, Row
from gwot_reader.ui.docview.dragout import drag_pixmap
from gwot_reader.ui.docview.find import FindHits
from gwot_reader.ui.docview.flash import Flash
from gwot_reader.ui.docview.formats import COLUMN_CHARS, STRIPES_WIDTH, reading_palette
from gwot_reader.ui.docview.framecodings import FrameCodings
from gwot_reader.ui.docview.margin import StripeMargin
from gwot_reader.ui.docview.mime import span_mime
from gwot_reader.ui.docview.painting import VisibleFrame
from gwot_reader.ui.docview.ruler import OverviewBar, RulerRows
from gwot_reader.ui.docview.tooltips import link_html, tooltip_html

HIT_FILL, HIT_LINE, CURRENT_FILL = QColor(255, 214, 0, 110), QColor(214, 150, 0), QColor(255, 150, 0, 150)


class TextArea(QPlainTextEdit):
    """Holds the open document's state; DocumentView is its public face."""

    codingActivated = Signal(int)
    codingsContextMenu = Signal(QPoint, list)
    spanEdited = Signal(int, int, int)
    zoomStep = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setUndoRedoEnabled(False)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                     | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setFrameShape(QPlainTextEdit.Shape.NoFrame)
        self.setPalette(reading_palette(self.palette()))
        self.setAutoFillBackground(True)
        self.document().setDocumentMargin(14)
        self.viewport().setMouseTracking(True)
        # Drops (documents from the list) belong to the pane around the view.
        self.setAcceptDrops(False)
        self.viewport().setAcceptDrops(False)
        self.setPlaceholderText("No document open: choose one above, or drag one here from the list.")
        self.document_id: int | None = None
        self.doc_text = ""
        self.positions = PositionMap("")
        self.codings = CodingSet()
        # whether the margin gives each coder its own band of lanes (set with the coder filter,
        # ``codings.coder_filter``, by the pane's Coders menu, ui/teams/coder_filter.py)
        self.coder_lanes = False
        self.hits = FindHits()
        self._flash = Flash(self, self.viewport().update)
        self._bidi: dict[int, bool] = {}  # VisibleFrame's per-block cache, until the text changes
        self._frame: VisibleFrame | None = None
        self._frame_key: tuple | None = None
        # what the last paint drew, reused while the frame and the codings stay (a caret blink,
        # a selection, the margin's paint)
        self._frame_codings = FrameCodings(self)
        self._text_epoch = 0
        self.document().contentsChange.connect(self._contents_changed)
        self._edge: tuple[int, str, int, int] | None = None  # coding id, "start"/"end", original span
        self.handle_coding: int | None = None  # the selected coding, whose ends show handles
        self._press: QPointF | None = None  # a press inside the selection that may become a drag
        self._double_click = QElapsedTimer()  # a click soon after a double-click is a triple-click
        self.setAccessibleName("Document text")
        self._ruler = RulerRows()
        self.setVerticalScrollBar(OverviewBar(self.ruler_marks, (self.codings, self.hits), self))
        # The ruler is redrawn a moment after a change, never in the way of the text's repaint.
        self._ruler_timer = QTimer(self, singleShot=True, interval=120)
        self._ruler_timer.timeout.connect(self.verticalScrollBar().update)
        self.margin = StripeMargin(self)
        self.margin.setAccessibleName("Coding stripes")
        self.updateRequest.connect(self._text_updated)
        self.update_column()

    # -- the reading column -----------------------------------------------------------------------
    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.update_column()

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self.update_column()

    def update_column(self) -> None:
        """Centre a column of about COLUMN_CHARS characters; the stripe margin sits at its left."""
        column = (QFontMetricsF(self.font()).averageCharWidth() * COLUMN_CHARS
                  + 2 * self.document().documentMargin())
        width = self.contentsRect().width() - self.verticalScrollBar().sizeHint().width()
        spare = max(0, int(width - STRIPES_WIDTH - column))
        left = STRIPES_WIDTH + spare // 2
        self.setViewportMargins(left, 0, spare - spare // 2, 0)
        if hasattr(self, "margin"):  # not yet while the constructor sets the font
            cr = self.contentsRect()
            self.margin.setGeometry(cr.left(), cr.top(), left, cr.height())

    def _text_updated(self, rect: QRect, dy: int) -> None:
        """The stripes move with scrolling and relayout; a blinking caret or a selection leaves them."""
        if dy or rect.contains(self.viewport().rect()):
            self.margin.update()

    # -- positions --------------------------------------------------------------------------------
    def selected_span(self) -> tuple[int, int] | None:
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        return self.positions.span_from_utf16(cursor.selectionStart(), cursor.selectionEnd())

    def cp_at(self, point: QPointF) -> int:
        return self.positions.from_utf16(self.cursorForPosition(point.toPoint()).position())

    def frame(self) -> VisibleFrame:
        """The visible blocks, measured; shared by the text's and the margin's paints (and the
        next ones) until the scroll position, size, font or text changes."""
        offset = self.contentOffset()
        key = (self.firstVisibleBlock().blockNumber(), offset.x(), offset.y(), self.viewport().size(),
               self.font().pointSizeF(), self._text_epoch)
        if key != self._frame_key:
            self._frame, self._frame_key = VisibleFrame(self, self._bidi), key
        assert self._frame is not None
        return self._frame

    def text_changed(self) -> None:
        """Drop what was measured of the previous text (set_document calls this)."""
        self._text_epoch += 1
        self._bidi.clear()

    def _contents_changed(self, position: int, _removed: int, _added: int) -> None:
        # A long text's later pieces go in below the screen: what is measured there stands
        # (the view loads 1 MB in 16 pieces, and each repainted every coding again).
        frame = self._frame
        if frame is not None and frame.blocks and position > frame.last + 1:
            return
        self.text_changed()

    @property
    def coder_filter(self) -> frozenset[str] | None:
        """Whose codings are shown (None: everyone's)."""
        return self.codings.coder_filter

    def visible_rows(self, frame: VisibleFrame) -> list[Row]:
        """The codings on screen as rows (start, end, code id, id, coder id; code points),
        through the coder filter."""
        return self._frame_codings.drawn(frame).rows

    def visible_codings(self, frame: VisibleFrame) -> list[Span]:
        """The codings on screen (``visible_rows`` as spans, in the same order)."""
        return self._frame_codings.spans(frame)

    def visible_utf16(self, frame: VisibleFrame) -> tuple[list[int], list[int]]:
        """Starts and ends of ``visible_rows`` in Qt's UTF-16 units."""
        return self._frame_codings.utf16(frame)

    def coding_fills(self, frame: VisibleFrame) -> dict[int, list[QRectF]]:
        """The highlight rectangles on screen by code id."""
        return self._frame_codings.fills(frame)

    def coding_rects(self, frame: VisibleFrame, coding: Span) -> list[QRectF]:
        return frame.rects(*self.positions.span_to_utf16(coding.start, coding.end))

    def codings_at_point(self, point: QPointF) -> list[Span]:
        """Codings whose highlight is under ``point`` (viewport coordinates), innermost first."""
        if not len(self.codings):
            return []
        cp = self.cp_at(point)
        frame = self.frame()
        found = [c for c in self.codings.shown(self.codings.overlapping(max(0, cp - 1), cp + 1))
                 if any(r.contains(point) for r in self.coding_rects(frame, c))]
        return sorted(found, key=lambda c: (c.end - c.start, c.start, c.id))

    # -- painting ---------------------------------------------------------------------------------
    def paintEvent(self, event) -> None:
        frame = self.frame()
        painter = QPainter(self.viewport())
        painter.setClipRect(event.rect())
        painter.setPen(Qt.PenStyle.NoPen)
        self._paint_codings(painter, frame)
        self._paint_hits(painter, frame)
        self._flash.paint(painter, frame)
        painter.end()
        super().paintEvent(event)  # the text, and the selection, over the highlights
        if self.handle_coding is not None:
            painter = QPainter(self.viewport())
            handles.paint(self, painter)
            painter.end()

    def select_coding(self, coding_id: int | None) -> None:
        """Show the handles of this coding (None: of none)."""
        if coding_id != self.handle_coding:
            self.handle_coding = coding_id
            self.viewport().update()

    def _paint_codings(self, painter: QPainter, frame: VisibleFrame) -> None:
        for code_id, rects in self.coding_fills(frame).items():  # one call per colour
            painter.setBrush(self.codings.fill(code_id))
            painter.drawRects(rects)

    def _paint_hits(self, painter: QPainter, frame: VisibleFrame) -> None:
        if not len(self.hits) or not frame.blocks:
            return
        painter.setPen(QPen(HIT_LINE, 1.0))
        for a, b, current in self.hits.visible16(self.positions, frame.first, frame.last):
            painter.setBrush(CURRENT_FILL if current else HIT_FILL)
            for rect in frame.rects(a, b):
                painter.drawRoundedRect(rect.adjusted(-1, 0, 1, 0), 2, 2)
        painter.setPen(Qt.PenStyle.NoPen)

    def repaint_codings(self) -> None:
        self.viewport().update()
        self.margin.update()
        self._ruler_timer.start()

    def repaint_hits(self) -> None:
        self.viewport().update()
        self._ruler_timer.start()

    def ruler_marks(self, height: int) -> tuple[dict[int, QColor], set[int]]:
        """The overview ruler's (coding rows and their colours, find-hit rows) for a groove
        ``height`` pixels tall: the shown coders' codings only."""
        key = (height, self.positions.length, self.codings.version, self.hits.version)
        return self._ruler.rows(key, height, self.positions.length,
                                self.codings.first_code_starting, self.hits.any_between,
                                self.codings.solid)

    # -- flash ------------------------------------------------------------------------------------
    @property
    def flashing(self) -> bool:
        return self._flash.active

    def flash(self, start: int, end: int) -> None:
        """Pulse ``[start, end)`` (code points) twice so the eye finds it."""
        self._flash.start(*self.positions.span_to_utf16(start, end))

    # -- edge dragging (shared with the margin) ---------------------------------------------------
    @property
    def dragging_edge(self) -> bool:
        return self._edge is not None

    @property
    def dragged_edge(self) -> str | None:
        """"start" or "end" while an edge is being dragged."""
        return self._edge[1] if self._edge else None

    def begin_edge_drag(self, coding: Span, edge: str) -> None:
        self._edge = (coding.id, edge, coding.start, coding.end)
        self.codings.preview = (coding.id, coding.start, coding.end)

    def drag_edge_to(self, pos16: int) -> None:
        if self._edge is None:
            return
        cid, edge, start, end = self._edge
        cp = self.positions.from_utf16(pos16)
        if edge == "start":
            start = min(cp, end - 1)
        else:
            end = max(cp, start + 1)
        if self.codings.preview != (cid, start, end):
            self.codings.preview = (cid, start, end)
            self.repaint_codings()

    def end_edge_drag(self, commit: bool) -> None:
        if self._edge is None:
            return
        cid, _edge, start, end = self._edge
        preview, self._edge, self.codings.preview = self.codings.preview, None, None
        self.viewport().setCursor(Qt.CursorShape.IBeamCursor)
        self.repaint_codings()
        if commit and preview is not None and (preview[1], preview[2]) != (start, end):
            self.spanEdited.emit(cid, preview[1], preview[2])

    # -- mouse ------------------------------------------------------------------------------------
    def _alt(self, event) -> bool:
        return bool(event.modifiers() & Qt.KeyboardModifier.AltModifier)

    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            point = event.position()
            if not event.modifiers() and (hit := handles.handle_at(self, point)):
                self.begin_edge_drag(*hit)
                event.accept()
                return
            if self._alt(event) and (hit := handles.edge_at(self, point)):
                self.begin_edge_drag(*hit)
                event.accept()
                return
            triple = (self._double_click.isValid()
                      and self._double_click.elapsed() < QApplication.doubleClickInterval())
            plain = event.modifiers() == Qt.KeyboardModifier.NoModifier
            if plain and not triple and self._in_selection(point):
                self._press = point
                event.accept()
                return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:
        point = event.position()
        if self._edge is not None:
            self.drag_edge_to(self.cursorForPosition(point.toPoint()).position())
            return
        if self._press is not None:
            if (point - self._press).manhattanLength() >= QApplication.startDragDistance():
                self._press = None
                self.start_selection_drag()
            return
        if not event.buttons():
            edge = handles.handle_at(self, point) or (self._alt(event) and handles.edge_at(self, point))
            self.viewport().setCursor(Qt.CursorShape.SizeHorCursor if edge else Qt.CursorShape.IBeamCursor)
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        if self._edge is not None:
            self.end_edge_drag(commit=True)
            return
        if self._press is not None:  # a click inside the selection, not a drag: place the cursor
            self._press = None
            self.setTextCursor(self.cursorForPosition(event.position().toPoint()))
            return
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            href = self.anchorAt(event.position().toPoint())
            if QUrl(href).scheme() in ("http", "https", "mailto"):
                QDesktopServices.openUrl(QUrl(href))
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton and not self.textCursor().hasSelection():
            # a click, not a selection: the innermost coding under it is selected (handles)
            under = self.codings_at_point(event.position())
            self.select_coding(under[0].id if under else None)

    def mouseDoubleClickEvent(self, event) -> None:
        self._double_click.start()
        super().mouseDoubleClickEvent(event)

    def keyPressEvent(self, event) -> None:
        if self._edge is not None and event.key() == Qt.Key.Key_Escape:
            self.end_edge_drag(commit=False)
            return
        if event.key() == Qt.Key.Key_Alt:
            self._update_edge_cursor(True)
        super().keyPressEvent(event)

    def keyReleaseEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Alt:
            self._update_edge_cursor(False)
        super().keyReleaseEvent(event)

    def _update_edge_cursor(self, alt: bool) -> None:
        """The resize arrow over a highlight's edge while Alt is down, without moving the mouse."""
        point = QPointF(self.viewport().mapFromGlobal(QCursor.pos()))
        if alt and self.viewport().rect().contains(point.toPoint()) and handles.edge_at(self, point):
            self.viewport().setCursor(Qt.CursorShape.SizeHorCursor)
        elif self._edge is None:
            self.viewport().setCursor(Qt.CursorShape.IBeamCursor)

    def wheelEvent(self, event) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() // 120
            if steps:
                self.zoomStep.emit(steps)
            event.accept()
            return
        super().wheelEvent(event)

    def contextMenuEvent(self, event) -> None:
        if event.reason() == event.Reason.Keyboard:
            cp = self.positions.from_utf16(self.textCursor().position())
            under = sorted(self.codings.overlapping(cp, cp + 1), key=lambda c: c.end - c.start)
        else:
            under = self.codings_at_point(QPointF(event.pos()))
        self.codingsContextMenu.emit(event.globalPos(), [c.id for c in under])
        event.accept()

    def viewportEvent(self, event) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            under = self.codings_at_point(QPointF(event.pos()))
            href = self.anchorAt(event.pos())
            parts = [tooltip_html(self.codings.full(under), self.codings)] if under else []
            if href:
                parts.insert(0, link_html(href))
            if parts:
                QToolTip.showText(event.globalPos(), "<br>".join(parts), self.viewport())
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)

    # -- dragging the selection out ---------------------------------------------------------------
    def _in_selection(self, point: QPointF) -> bool:
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return False
        frame = self.frame()
        return any(r.contains(point) for r in frame.rects(cursor.selectionStart(), cursor.selectionEnd()))

    def selection_mime(self) -> QMimeData | None:
        span = self.selected_span()
        if span is None or self.document_id is None:
            return None
        return span_mime(self.document_id, span[0], span[1], self.doc_text[span[0]:span[1]])

    def createMimeDataFromSelection(self) -> QMimeData:
        """Copy gives the canonical text (no U+2029, no-break spaces kept) and the span."""
        return self.selection_mime() or super().createMimeDataFromSelection()

    def start_selection_drag(self) -> None:
        mime = self.selection_mime()
        if mime is None:
            return
        drag = QDrag(self)
        drag.setMimeData(mime)
        drag.setPixmap(drag_pixmap(self.font(), mime.text()))
        drag.exec(Qt.DropAction.CopyAction)
