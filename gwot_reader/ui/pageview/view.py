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
zoom, stretched) shows until the sharp image arrives. Painting is in ``painting`` (a page too
big to draw whole shows in tiles there), the mouse in ``pointer``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from PySide6.QtCore import QEvent, QMimeData, QPoint, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import QAbstractScrollArea, QToolTip, QWidget

from gwot_reader.core.pages import Region
from gwot_reader.core.spans import Span, SpanIndex, SpanLike
from gwot_reader.ui.docview.codingset import CodingSet
from gwot_reader.ui.docview.mime import span_mime
from gwot_reader.ui.docview.textarea import tooltip_html
from gwot_reader.ui.pageview.geometry import (
    GAP,
    PageLayout,
    box_rect,
    page_index_of,
    span_boxes,
    to_page,
)
from gwot_reader.ui.pageview.imagecache import ImageCache
from gwot_reader.ui.pageview.painting import PagePainter
from gwot_reader.ui.pageview.pointer import PagePointer, start_drag
from gwot_reader.ui.pageview.render import PageRenderer
from gwot_reader.ui.pageview.source import PdfDocument
from gwot_reader.ui.pageview.tiles import Key

MIN_ZOOM, MAX_ZOOM = 0.25, 6.0
ZOOM_STEP = 1.2
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
        self.page_layout = PageLayout([], 1.0, 0)
        self._zoom = 1.0
        self._fit = True
        self._regions: dict[int, Region] = {}  # by coding id
        self.cache = ImageCache()
        self.renderer = PageRenderer()
        self.renderer.signals.rendered.connect(self._on_rendered)
        self.renderer.signals.preview_made.connect(self._on_preview_made)
        self._painter = PagePainter(self)
        self._pointer = PagePointer(self)
        self._sel: tuple[int, int] | None = None
        self._region: tuple[int, tuple[float, float, float, float]] | None = None
        self.flash_span: tuple[int, int] | None = None
        self._flash_timer = QTimer(self, singleShot=True, interval=1200)
        self._flash_timer.timeout.connect(self._end_flash)
        # PyMuPDF is imported by the first render; not here, where its import (it holds the
        # GIL) would slow the document's first paint, which shows the picture made at import.

    # -- the document -----------------------------------------------------------------------------
    def set_document(self, doc: PdfDocument, codings: SpanIndex | Iterable[SpanLike],
                     colors: Mapping[int, str],
                     names: Mapping[int, str] | None = None) -> None:
        self._doc = doc
        self.cache.clear()
        self._painter.show_preview(doc)
        self.renderer.set_data(doc.data)
        self._sel = self._region = self.flash_span = None
        self._regions = doc.load_regions()
        self.codings.set_colors(colors, names)
        self.codings.reset(codings)
        self._relayout(keep_place=False)
        self.verticalScrollBar().setValue(0)
        self.viewport().update()

    def clear(self) -> None:
        self._doc = None
        self.cache.clear()
        self.renderer.set_data(None)
        self._sel = self._region = self.flash_span = None
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
        return len(self.page_layout.pages)

    def is_rendered(self, page: int) -> bool:
        """Whether the page (from 1) is on screen sharp at the current zoom (tests, benchmarks):
        its image, or for a page drawn in tiles its small picture and every tile on screen."""
        return bool(self.page_layout.pages) and self._painter.is_sharp(page)

    def sharpness(self) -> float:
        """What shows at the view's centre against full resolution (benchmarks)."""
        return self._painter.sharpness()

    def is_shown(self, page: int) -> bool:
        """Whether the page shows a picture: rendered, or a stand-in (another zoom, the preview)."""
        return self.cache.any_for_page(page) is not None

    def cached_pages(self) -> int:
        return len(self.cache)

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
        if self._doc is None or not self.page_layout.pages:
            return
        region = next((r for r in self._regions.values() if self._is_region_span(r, start, end)),
                      None)
        index = page_index_of(self.page_layout.pages, start) if region is None else region.page - 1
        rect = self.page_layout.rect(index)
        y = rect.top()
        if region is not None:
            y = box_rect(self.page_layout, index, region.box).top()
        else:
            boxes = span_boxes(self._doc.words(index + 1), start, max(end, start + 1))
            if boxes:
                y = box_rect(self.page_layout, index, boxes[0]).top()
        self.verticalScrollBar().setValue(int(y - self.viewport().height() / 3))
        if flash and end > start:
            self.flash_span = (start, end)
            self._flash_timer.start()
        self.viewport().update()

    def _is_region_span(self, region: Region, start: int, end: int) -> bool:
        return any(self._regions.get(c.id) is region and (c.start, c.end) == (start, end)
                   for c in self.codings.index.overlapping(start, end))

    def _end_flash(self) -> None:
        self.flash_span = None
        self.viewport().update()

    def go_to_page(self, page: int) -> None:
        if self.page_layout.pages:
            index = max(0, min(page - 1, len(self.page_layout.pages) - 1))
            self.verticalScrollBar().setValue(int(self.page_layout.rect(index).top() - GAP))

    def current_page(self) -> int:
        """The page (from 1) at the top third of the view."""
        if not self.page_layout.pages:
            return 0
        return self.page_layout.index_at(self.verticalScrollBar().value()
                                     + self.viewport().height() / 3) + 1

    def viewport_rect(self, page: int, box: tuple[float, float, float, float]) -> QRectF:
        """Where a box on a page (points, top-left origin) is in viewport pixels now."""
        return box_rect(self.page_layout, page - 1, box).translated(-self.offset())

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

    def set_coder_filter(self, coders: Iterable[str] | None) -> None:
        """Show only these coders' codings (None: everyone's): highlights, regions, tooltips,
        the right-click menu. Kept across documents."""
        self.codings.set_coder_filter(coders)
        self.viewport().update()

    def shown_codings(self) -> list[Span]:
        """The codings the coder filter lets through, in text order."""
        return self.codings.shown(list(self.codings.index))

    def coding_marks(self, page: int) -> list[tuple[Span, Region | None]]:
        """What is painted on a page (from 1): each shown coding, with its region if drawn."""
        return self._painter.coding_marks(page - 1)

    def all_codings(self) -> list[Span]:
        return list(self.codings.index)

    def regions(self) -> dict[str, Region]:
        """The region boxes shown, by coding GUID."""
        return {r.coding_guid: r for r in self._regions.values()}

    def region_of(self, coding_id: int) -> Region | None:
        """The rectangle a coding was drawn as, or None for a coding of words."""
        return self._regions.get(coding_id)

    def _refresh_regions(self) -> None:
        if self._doc is not None:
            self._regions = self._doc.load_regions()

    def codings_at_point(self, point: QPointF) -> list[Span]:
        """Codings under a viewport point, innermost (shortest) first."""
        return self._pointer.codings_under(point)

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
        widest = max((p.width for p in self.page_layout.pages or (self._doc.pages if self._doc else [])),
                     default=0)
        if not widest:
            return self._zoom
        return max(MIN_ZOOM, min(MAX_ZOOM, (self.viewport().width() - 2 * GAP) / widest))

    def _relayout(self, keep_place: bool) -> None:
        pages = self._doc.pages if self._doc else []
        place = None
        if keep_place and self.page_layout.pages:
            y = self.verticalScrollBar().value()
            index = self.page_layout.index_at(y)
            r = self.page_layout.rect(index)
            place = (index, (y - r.top()) / max(1.0, r.height()))
        if self._fit and pages:
            self.page_layout = PageLayout(pages, 1.0, 0)
            zoom = self._fit_zoom()
            if abs(zoom - self._zoom) > 1e-6:
                self._zoom = zoom
                self.zoomChanged.emit(zoom)
        self.page_layout = PageLayout(pages, self._zoom, self.viewport().width())
        vp = self.viewport().size()
        v, h = self.verticalScrollBar(), self.horizontalScrollBar()
        v.setRange(0, max(0, int(self.page_layout.height - vp.height())))
        v.setPageStep(max(1, vp.height()))
        h.setRange(0, max(0, int(self.page_layout.width - vp.width())))
        h.setPageStep(max(1, vp.width()))
        if place is not None:
            r = self.page_layout.rect(place[0])
            v.setValue(int(r.top() + place[1] * r.height()))
        self.viewport().update()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._relayout(keep_place=True)

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        self.viewport().update()

    # -- painting (see painting.py) -------------------------------------------------------------
    def offset(self) -> QPointF:
        """The scrolled distance: content coordinates of the viewport's top left."""
        return QPointF(self.horizontalScrollBar().value(), self.verticalScrollBar().value())

    def paintEvent(self, event) -> None:
        self._painter.paint()

    # Slots of the view (a QObject on the GUI thread): the render thread's signals reach them
    # queued, never on the render thread.
    def _on_rendered(self, generation: int, page: int, zoom: float, dpr: float, col: int,
                     row: int, image) -> None:
        self._painter.rendered(generation, Key(page, zoom, dpr, col, row), image)

    def _on_preview_made(self, generation: int, png) -> None:
        self._painter.preview_made(generation, png)

    # -- mouse (see pointer.py) and keys --------------------------------------------------------
    def page_point(self, point: QPointF, clamp: bool = False) -> tuple[int, float, float] | None:
        """(page index, x, y in points) under a viewport point; None off the pages."""
        if not self.page_layout.pages:
            return None
        content = point + self.offset()
        index = self.page_layout.index_at(content.y())
        if not clamp and not self.page_layout.rect(index).contains(content):
            return None
        x, y = to_page(self.page_layout, index, content)
        if clamp:
            info = self.page_layout.pages[index]
            x, y = max(0.0, min(info.width, x)), max(0.0, min(info.height, y))
        return index, x, y

    def mousePressEvent(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton or self._doc is None:
            return super().mousePressEvent(event)
        self._pointer.press(event)
        event.accept()

    def mouseMoveEvent(self, event) -> None:
        if not event.buttons() & Qt.MouseButton.LeftButton or self._doc is None:
            return super().mouseMoveEvent(event)
        self._pointer.move(event)

    def _start_drag(self) -> None:
        start_drag(self)

    def mouseReleaseEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._pointer.release()
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._pointer.double_click(event.position())

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
        if event.key() in (Qt.Key.Key_Home, Qt.Key.Key_End) and self.page_layout.pages:
            bar = self.verticalScrollBar()
            bar.setValue(bar.minimum() if event.key() == Qt.Key.Key_Home else bar.maximum())
            return
        super().keyPressEvent(event)

    def viewportEvent(self, event) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            under = self.codings_at_point(QPointF(event.pos()))
            if under:
                tip = tooltip_html(self.codings.full(under), self.codings, REGION_HINT)
                QToolTip.showText(event.globalPos(), tip, self.viewport())
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)

    def closeEvent(self, event) -> None:
        self.renderer.close()
        super().closeEvent(event)
