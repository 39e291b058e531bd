"""PageView: a PDF read as its pages, coded by dragging across words or drawing regions.

Its API parallels DocumentView's, so the window can treat both alike: ``selected_span()``,
``selectionChanged``, ``set_codings``/``add_codings``/``remove_codings``/``update_codings``,
``reveal``, ``codingActivated`` and ``codingsContextMenu``. Like DocumentView it never writes to
the project; the window turns selections into undoable commands.

Mouse: drag across words to select them (the canonical span, from the stored word map), and
drag a selection onto a code in the codebook to apply it;
Shift-drag draws a rectangle, a region selection (``selected_region()``) for figures and tables;
double-click a highlight for ``codingActivated``; right-click for ``codingsContextMenu``;
Ctrl+wheel zooms. Pages render on a worker thread; a placeholder (or the page at its previous
zoom, stretched) shows until the sharp image arrives.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from PySide6.QtCore import QEvent, QMimeData, QPoint, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QDrag, QGuiApplication, QImage, QKeySequence, QPainter, QPen
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QToolTip, QWidget

from gwot_reader.core.pages import Region, Word
from gwot_reader.core.spans import Span, SpanIndex, SpanLike
from gwot_reader.ui.docview.codingset import CodingSet
from gwot_reader.ui.docview.mime import span_mime
from gwot_reader.ui.docview.textarea import tooltip_html
from gwot_reader.ui.pageview.geometry import GAP, PageLayout, box_rect, span_boxes, to_page, word_at
from gwot_reader.ui.pageview.render import ImageCache, PageRenderer
from gwot_reader.ui.pageview.source import PdfDocument

PREVIEW_ZOOM = -1.0  # the cache key's zoom for page 1's picture made at import: never rendered

MIN_ZOOM, MAX_ZOOM = 0.25, 6.0
ZOOM_STEP = 1.2
BACKGROUND = QColor(0x8a, 0x8f, 0x96)
PLACEHOLDER = QColor(0xf4, 0xf4, 0xf2)
SELECTION = QColor(0, 110, 220, 80)
FLASH = QColor(255, 140, 0, 120)
REGION_HINT = "Shift-drag on a page to draw a region (for figures and tables)"


class PageView(QAbstractScrollArea):
    selectionChanged = Signal()
    codingActivated = Signal(int)
    codingsContextMenu = Signal(QPoint, list)
    zoomChanged = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.viewport().setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.verticalScrollBar().setSingleStep(40)
        self.horizontalScrollBar().setSingleStep(40)
        self.codings = CodingSet()
        self._doc: PdfDocument | None = None
        self._layout = PageLayout([], 1.0, 0)
        self._zoom = 1.0
        self._fit = True
        self._regions: dict[int, Region] = {}  # by coding id
        self._cache = ImageCache()
        self._renderer = PageRenderer()
        self._renderer.signals.rendered.connect(self._on_rendered)
        self._renderer.signals.preview_made.connect(self._on_preview_made)
        self._sel: tuple[int, int] | None = None
        self._region: tuple[int, tuple[float, float, float, float]] | None = None
        self._anchor: Word | None = None
        self._origin: tuple[int, float, float] | None = None  # region drag: page, x, y
        self._drag_from: QPointF | None = None  # a press in the selection
        self._flash: tuple[int, int] | None = None
        self._flash_timer = QTimer(self, singleShot=True, interval=1200)
        self._flash_timer.timeout.connect(self._end_flash)
        # PyMuPDF is imported by the first render; not here, where its import (it holds the
        # GIL) would slow the document's first paint, which shows the picture made at import.

    # -- the document -----------------------------------------------------------------------------
    def set_document(self, doc: PdfDocument, codings: SpanIndex | Iterable[SpanLike],
                     colors: Mapping[int, str],
                     names: Mapping[int, str] | None = None) -> None:
        self._doc = doc
        self._cache.clear()
        self._show_preview(doc)
        self._renderer.set_data(doc.data)
        self._sel = self._region = self._flash = None
        self._regions = doc.load_regions()
        self.codings.set_colors(colors, names)
        self.codings.reset(codings)
        self._relayout(keep_place=False)
        self.verticalScrollBar().setValue(0)
        self.viewport().update()

    def _show_preview(self, doc: PdfDocument) -> None:
        """The picture of page 1 made at import, stretched over the page until it renders."""
        if doc.preview:
            image = QImage.fromData(doc.preview, "PNG")  # type: ignore[arg-type]
            if not image.isNull():
                self._cache.put((1, PREVIEW_ZOOM, 1.0), image)

    def clear(self) -> None:
        self._doc = None
        self._cache.clear()
        self._renderer.set_data(None)
        self._sel = self._region = self._flash = None
        self.codings.reset(())
        self._relayout(keep_place=False)
        self.viewport().update()

    @property
    def document_id(self) -> int | None:
        return self._doc.document_id if self._doc else None

    @property
    def document(self) -> PdfDocument | None:
        return self._doc

    def text(self) -> str:
        return self._doc.text if self._doc else ""

    def page_count(self) -> int:
        return len(self._layout.pages)

    def is_rendered(self, page: int) -> bool:
        """Whether the page (from 1) is on screen sharp at the current zoom (tests, benchmarks)."""
        return self._cache.get(self._key(page)) is not None

    def is_shown(self, page: int) -> bool:
        """Whether the page shows a picture: rendered, or a stand-in (another zoom, the preview)."""
        return self._cache.any_for_page(page) is not None

    def cached_pages(self) -> int:
        return len(self._cache)

    # -- selection --------------------------------------------------------------------------------
    def selected_span(self) -> tuple[int, int] | None:
        return self._sel

    def selected_region(self) -> tuple[int, tuple[float, float, float, float]] | None:
        """``(page, (x0, y0, x1, y1))`` of a Shift-drawn rectangle, in points from the top left."""
        return self._region

    def select_span(self, start: int, end: int) -> None:
        length = len(self.text())
        start, end = max(0, min(start, length)), max(0, min(end, length))
        self._set_selection((start, end) if end > start else None, None)

    def select_region(self, page: int, box: tuple[float, float, float, float]) -> None:
        self._set_selection(None, (page, box))

    def clear_selection(self) -> None:
        self._set_selection(None, None)

    def _set_selection(self, span, region) -> None:
        if (span, region) != (self._sel, self._region):
            self._sel, self._region = span, region
            self.viewport().update()
            self.selectionChanged.emit()

    def selection_mime(self) -> QMimeData | None:
        if self._sel is None or self._doc is None:
            return None
        start, end = self._sel
        return span_mime(self._doc.document_id, start, end, self._doc.text[start:end])

    def reveal(self, start: int, end: int, flash: bool = True) -> None:
        """Scroll to the page and words of ``[start, end)`` (a third down the view) and flash it."""
        if self._doc is None or not self._layout.pages:
            return
        region = next((r for r in self._regions.values() if self._is_region_span(r, start, end)),
                      None)
        index = self._page_index_of(start) if region is None else region.page - 1
        rect = self._layout.rect(index)
        y = rect.top()
        if region is not None:
            y = box_rect(self._layout, index, region.box).top()
        else:
            boxes = span_boxes(self._doc.words(index + 1), start, max(end, start + 1))
            if boxes:
                y = box_rect(self._layout, index, boxes[0]).top()
        self.verticalScrollBar().setValue(int(y - self.viewport().height() / 3))
        if flash and end > start:
            self._flash = (start, end)
            self._flash_timer.start()
        self.viewport().update()

    def _is_region_span(self, region: Region, start: int, end: int) -> bool:
        return any(self._regions.get(c.id) is region and (c.start, c.end) == (start, end)
                   for c in self.codings.index.overlapping(start, end))

    def _end_flash(self) -> None:
        self._flash = None
        self.viewport().update()

    def go_to_page(self, page: int) -> None:
        if self._layout.pages:
            index = max(0, min(page - 1, len(self._layout.pages) - 1))
            self.verticalScrollBar().setValue(int(self._layout.rect(index).top() - GAP))

    def current_page(self) -> int:
        """The page (from 1) at the top third of the view."""
        if not self._layout.pages:
            return 0
        return self._layout.index_at(self.verticalScrollBar().value()
                                     + self.viewport().height() / 3) + 1

    def viewport_rect(self, page: int, box: tuple[float, float, float, float]) -> QRectF:
        """Where a box on a page (points, top-left origin) is in viewport pixels now."""
        return box_rect(self._layout, page - 1, box).translated(-self._offset())

    def _page_index_of(self, pos: int) -> int:
        pages = self._layout.pages
        lo, hi = 0, len(pages) - 1
        while lo < hi:  # the last page whose span starts at or before pos
            mid = (lo + hi + 1) // 2
            if pages[mid].start <= pos:
                lo = mid
            else:
                hi = mid - 1
        return lo

    # -- codings ----------------------------------------------------------------------------------
    def set_codings(self, codings: SpanIndex | Iterable[SpanLike]) -> None:
        self._refresh_regions()
        self.codings.reset(codings)
        self.viewport().update()

    def add_codings(self, codings: Iterable[SpanLike]) -> None:
        codings = list(codings)
        if any(c.id not in self._regions for c in codings):
            self._refresh_regions()
        for c in codings:
            self.codings.add(c)
        self.viewport().update()

    def remove_codings(self, ids: Iterable[int]) -> None:
        self.codings.remove(ids)
        self.viewport().update()

    def update_codings(self, codings: Iterable[SpanLike]) -> None:
        self.add_codings(codings)

    def set_code_colors(self, colors: Mapping[int, str], names: Mapping[int, str] | None = None) -> None:
        self.codings.set_colors(colors, names)
        self.viewport().update()

    def codings_at(self, pos: int) -> list[Span]:
        return self.codings.index.at(pos)

    def all_codings(self) -> list[Span]:
        return list(self.codings.index)

    def regions(self) -> dict[str, Region]:
        """The region boxes shown, by coding GUID."""
        return {r.coding_guid: r for r in self._regions.values()}

    def _refresh_regions(self) -> None:
        if self._doc is not None:
            self._regions = self._doc.load_regions()

    def codings_at_point(self, point: QPointF) -> list[Span]:
        """Codings under a viewport point, innermost (shortest) first."""
        hit = self._page_point(point)
        if hit is None or self._doc is None:
            return []
        index, x, y = hit
        info = self._layout.pages[index]
        found: list[Span] = []
        word = next((w for w in self._doc.words(index + 1)
                     if w[0] <= x <= w[2] and w[1] <= y <= w[3]), None)
        for c in self.codings.index.overlapping(info.start, max(info.end, info.start + 1)):
            region = self._regions.get(c.id)
            if region is not None:
                if region.page == index + 1 and region.x0 <= x <= region.x1 \
                        and region.y0 <= y <= region.y1:
                    found.append(c)
            elif word is not None and c.start < word[5] and c.end > word[4]:
                found.append(c)
        return sorted(found, key=lambda c: c.end - c.start)

    # -- zoom -------------------------------------------------------------------------------------
    @property
    def zoom(self) -> float:
        return self._zoom

    @property
    def fits_width(self) -> bool:
        return self._fit

    def set_zoom(self, zoom: float) -> None:
        self._fit = False
        self._apply_zoom(zoom)

    def fit_width(self) -> None:
        self._fit = True
        self._relayout(keep_place=True)

    def zoom_in(self) -> None:
        self.set_zoom(self._zoom * ZOOM_STEP)

    def zoom_out(self) -> None:
        self.set_zoom(self._zoom / ZOOM_STEP)

    def reset_zoom(self) -> None:
        self.set_zoom(1.0)

    def _apply_zoom(self, zoom: float) -> None:
        zoom = max(MIN_ZOOM, min(MAX_ZOOM, zoom))
        if abs(zoom - self._zoom) > 1e-6:
            self._zoom = zoom
            self._relayout(keep_place=True)
            self.zoomChanged.emit(zoom)

    def _fit_zoom(self) -> float:
        widest = max((p.width for p in self._layout.pages or (self._doc.pages if self._doc else [])),
                     default=0)
        if not widest:
            return self._zoom
        return max(MIN_ZOOM, min(MAX_ZOOM, (self.viewport().width() - 2 * GAP) / widest))

    def _relayout(self, keep_place: bool) -> None:
        pages = self._doc.pages if self._doc else []
        place = None
        if keep_place and self._layout.pages:
            y = self.verticalScrollBar().value()
            index = self._layout.index_at(y)
            r = self._layout.rect(index)
            place = (index, (y - r.top()) / max(1.0, r.height()))
        if self._fit and pages:
            self._layout = PageLayout(pages, 1.0, 0)
            zoom = self._fit_zoom()
            if abs(zoom - self._zoom) > 1e-6:
                self._zoom = zoom
                self.zoomChanged.emit(zoom)
        self._layout = PageLayout(pages, self._zoom, self.viewport().width())
        vp = self.viewport().size()
        v, h = self.verticalScrollBar(), self.horizontalScrollBar()
        v.setRange(0, max(0, int(self._layout.height - vp.height())))
        v.setPageStep(max(1, vp.height()))
        h.setRange(0, max(0, int(self._layout.width - vp.width())))
        h.setPageStep(max(1, vp.width()))
        if place is not None:
            r = self._layout.rect(place[0])
            v.setValue(int(r.top() + place[1] * r.height()))
        self.viewport().update()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._relayout(keep_place=True)

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        self.viewport().update()

    # -- painting ---------------------------------------------------------------------------------
    def _key(self, page: int) -> tuple[int, float, float]:
        return (page, round(self._zoom, 4), self.viewport().devicePixelRatioF())

    def _offset(self) -> QPointF:
        return QPointF(self.horizontalScrollBar().value(), self.verticalScrollBar().value())

    def paintEvent(self, event) -> None:
        painter = QPainter(self.viewport())
        painter.fillRect(self.viewport().rect(), BACKGROUND)
        if self._doc is None or not self._layout.pages:
            return
        off = self._offset()
        visible = self._layout.visible(off.y(), off.y() + self.viewport().height())
        wanted = []
        for index in visible:
            page = index + 1
            rect = self._layout.rect(index).translated(-off)
            image = self._cache.get(self._key(page))
            if image is None:
                wanted.append(self._key(page))
                image = self._cache.any_for_page(page)
                painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
            if image is not None:
                painter.drawImage(rect, image)
                painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
            else:
                self._paint_placeholder(painter, rect, page)
            self._paint_marks(painter, index, off)
        # Prefetch the pages just above and below, after the visible ones.
        for index in (visible.start - 1, visible.stop):
            if 0 <= index < len(self._layout.pages) and self._cache.get(self._key(index + 1)) is None:
                wanted.append(self._key(index + 1))
        self._renderer.wanted = {k for k in wanted if k[0] not in self._renderer.failed}
        for key in wanted:
            if key[0] not in self._renderer.failed:
                self._renderer.request(key)

    def _paint_placeholder(self, painter: QPainter, rect: QRectF, page: int) -> None:
        painter.fillRect(rect, PLACEHOLDER)
        painter.setPen(QColor(0x90, 0x90, 0x90))
        label = (f"Page {page} cannot be shown" if page in self._renderer.failed
                 else f"Page {page}")
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, label)

    def _paint_marks(self, painter: QPainter, index: int, off: QPointF) -> None:
        """Codings, the selection and the flash on one page."""
        doc, layout, page = self._doc, self._layout, index + 1
        info = layout.pages[index]
        span_end = max(info.end, info.start + 1)
        words: list[Word] | None = None

        def fill_span(start: int, end: int, color: QColor) -> None:
            nonlocal words
            if words is None:
                assert doc is not None
                words = doc.words(page)
            for b in span_boxes(words, start, end):
                painter.fillRect(box_rect(layout, index, b).translated(-off).adjusted(-1, 0, 1, 0),
                                 color)

        for c in self.codings.overlapping(info.start, span_end):
            region = self._regions.get(c.id)
            if region is None:
                fill_span(c.start, c.end, self.codings.fill(c.code_id))
            elif region.page == page:
                r = box_rect(layout, index, region.box).translated(-off)
                painter.fillRect(r, self.codings.fill(c.code_id))
                painter.setPen(QPen(self.codings.solid(c.code_id), 2))
                painter.drawRect(r)
        if self._sel and self._sel[0] < span_end and self._sel[1] > info.start:
            fill_span(*self._sel, SELECTION)
        if self._flash and self._flash[0] < span_end and self._flash[1] > info.start:
            fill_span(*self._flash, FLASH)
        if self._region and self._region[0] == page:
            r = box_rect(layout, index, self._region[1]).translated(-off)
            painter.fillRect(r, SELECTION)
            painter.setPen(QPen(QColor(0, 90, 200), 1.5, Qt.PenStyle.DashLine))
            painter.drawRect(r)

    def _on_rendered(self, generation: int, page: int, zoom: float, dpr: float, image) -> None:
        if generation != self._renderer.generation:
            return
        key = (page, zoom, dpr)
        self._renderer.finished(key)
        if not image.isNull():
            self._cache.put(key, image)
            doc = self._doc
            if page == 1 and doc is not None and doc.preview is None and doc.store_preview:
                doc.preview = b""  # asked for once (a PDF imported before pictures were made)
                self._renderer.make_preview()
        self.viewport().update()

    def _on_preview_made(self, generation: int, png) -> None:
        doc = self._doc
        if generation == self._renderer.generation and doc is not None and doc.store_preview:
            doc.preview = bytes(png)
            doc.store_preview(doc.preview)

    # -- mouse and keys ---------------------------------------------------------------------------
    def _page_point(self, point: QPointF, clamp: bool = False) -> tuple[int, float, float] | None:
        """(page index, x, y in points) under a viewport point; None off the pages."""
        if not self._layout.pages:
            return None
        content = point + self._offset()
        index = self._layout.index_at(content.y())
        if not clamp and not self._layout.rect(index).contains(content):
            return None
        x, y = to_page(self._layout, index, content)
        if clamp:
            info = self._layout.pages[index]
            x, y = max(0.0, min(info.width, x)), max(0.0, min(info.height, y))
        return index, x, y

    def mousePressEvent(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton or self._doc is None:
            return super().mousePressEvent(event)
        hit = self._page_point(event.position())
        self._anchor = self._origin = self._drag_from = None
        if hit is None:
            self.clear_selection()
            return
        index, x, y = hit
        if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            self._origin = (index + 1, x, y)
        else:
            assert self._doc is not None
            word = word_at(self._doc.words(index + 1), x, y)
            on_word = word is not None and word[0] <= x <= word[2] and word[1] <= y <= word[3]
            sel = self._sel
            if word is not None and on_word and sel and sel[0] <= word[4] and word[5] <= sel[1]:
                self._drag_from = event.position()  # may become a drag of the selection
            else:
                self._anchor = word
        event.accept()

    def mouseMoveEvent(self, event) -> None:
        if not event.buttons() & Qt.MouseButton.LeftButton or self._doc is None:
            return super().mouseMoveEvent(event)
        if self._drag_from is not None:
            if (event.position() - self._drag_from).manhattanLength() >= \
                    QApplication.startDragDistance():
                self._drag_from = None
                self._start_drag()
            return
        self._autoscroll(event.position())
        if self._origin is not None:
            page, x0, y0 = self._origin
            hit = self._page_point(event.position(), clamp=True)
            if hit is None or hit[0] != page - 1:  # a region stays on the page it began on
                info = self._layout.pages[page - 1]
                content = event.position() + self._offset()
                x, y = to_page(self._layout, page - 1, content)
                x, y = max(0.0, min(info.width, x)), max(0.0, min(info.height, y))
            else:
                x, y = hit[1], hit[2]
            box = (min(x0, x), min(y0, y), max(x0, x), max(y0, y))
            self._set_selection(None, (page, box))
        elif self._anchor is not None:
            hit = self._page_point(event.position(), clamp=True)
            if hit is not None:
                w = word_at(self._doc.words(hit[0] + 1), hit[1], hit[2])
                if w is not None:
                    a = self._anchor
                    self._set_selection((min(a[4], w[4]), max(a[5], w[5])), None)

    def _start_drag(self) -> None:
        """Drag the selection out, onto a code in the codebook (as from the text view)."""
        mime = self.selection_mime()
        if mime is not None:
            drag = QDrag(self)
            drag.setMimeData(mime)
            drag.exec(Qt.DropAction.CopyAction)

    def mouseReleaseEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            if self._drag_from is not None:  # a click in the selection, not a drag: drop it
                self._drag_from = None
                self.clear_selection()
            elif self._origin is not None:
                region = self._region
                if region is None or min(region[1][2] - region[1][0], region[1][3] - region[1][1]) < 3:
                    self.clear_selection()  # a Shift-click, not a rectangle
            elif self._anchor is not None and self._sel is None:
                self.clear_selection()
            self._anchor = self._origin = None
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            under = self.codings_at_point(event.position())
            if under:
                self.codingActivated.emit(under[0].id)
                return
            hit = self._page_point(event.position())
            if hit is not None and self._doc is not None:  # select the word, like a text view
                w = word_at(self._doc.words(hit[0] + 1), hit[1], hit[2])
                if w is not None:
                    self.select_span(w[4], w[5])

    def _autoscroll(self, point: QPointF) -> None:
        v = self.verticalScrollBar()
        if point.y() < 0:
            v.setValue(v.value() + int(point.y()))
        elif point.y() > self.viewport().height():
            v.setValue(v.value() + int(point.y() - self.viewport().height()))

    def contextMenuEvent(self, event) -> None:
        under = self.codings_at_point(QPointF(self.viewport().mapFrom(self, event.pos())))
        self.codingsContextMenu.emit(event.globalPos(), [c.id for c in under])
        event.accept()

    def wheelEvent(self, event) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120
            if steps:
                self.set_zoom(self._zoom * ZOOM_STEP ** steps)
            event.accept()
            return
        super().wheelEvent(event)

    def keyPressEvent(self, event) -> None:
        if event.matches(QKeySequence.StandardKey.Copy) and self._sel is not None:
            QGuiApplication.clipboard().setText(self.text()[self._sel[0]:self._sel[1]])
            return
        if event.key() == Qt.Key.Key_Escape and (self._sel or self._region):
            self.clear_selection()
            return
        if event.key() in (Qt.Key.Key_Home, Qt.Key.Key_End) and self._layout.pages:
            bar = self.verticalScrollBar()
            bar.setValue(bar.minimum() if event.key() == Qt.Key.Key_Home else bar.maximum())
            return
        super().keyPressEvent(event)

    def viewportEvent(self, event) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            under = self.codings_at_point(QPointF(event.pos()))
            if under:
                tip = tooltip_html(self.codings.full(under), self.codings, REGION_HINT)
                QToolTip.showText(event.globalPos(), tip,
                                  self.viewport())
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)

    def closeEvent(self, event) -> None:
        self._renderer.close()
        super().closeEvent(event)
