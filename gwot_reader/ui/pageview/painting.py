"""Painting the page view: pages from the image cache (whole or in tiles), then codings on them.

A page drawn whole at the current zoom is one image. A page too big for that (a poster at
zoom 6, a page 10 million points tall) is drawn as its small picture, stretched, with the tiles
of the part on screen over it at full resolution; only those tiles are rendered and kept.
Whatever is missing is asked of the render thread, visible parts first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPen

from gwot_reader.core.pages import Region, Word
from gwot_reader.core.spans import Span
from gwot_reader.ui.pageview.geometry import box_rect, span_boxes
from gwot_reader.ui.pageview.tiles import LOW, TILE, Key, needs_tiles, page_pixels, tiles_over

if TYPE_CHECKING:
    from gwot_reader.ui.pageview.source import PdfDocument
    from gwot_reader.ui.pageview.view import PageView

BACKGROUND = QColor(0x8a, 0x8f, 0x96)
PLACEHOLDER = QColor(0xf4, 0xf4, 0xf2)
SELECTION = QColor(0, 110, 220, 80)
FLASH = QColor(255, 140, 0, 120)
PREVIEW_ZOOM = -1.0  # the cache key's zoom for page 1's picture made at import: never rendered
TILE_MARGIN = TILE // 2  # device pixels around the viewport whose tiles are rendered ahead


class PagePainter:
    """Paints a PageView's viewport and tells its renderer which images it still wants."""

    def __init__(self, view: PageView) -> None:
        self.view = view

    # -- which image shows a page ------------------------------------------------------------------
    def key(self, page: int, col: int = -1, row: int = -1) -> Key:
        view = self.view
        return Key(page, round(view.zoom, 4), view.viewport().devicePixelRatioF(), col, row)

    def tiled(self, page: int) -> bool:
        """Whether the page is too big at the current zoom to be drawn as one image."""
        info = self.view.page_layout.pages[page - 1]
        return needs_tiles(info.width, info.height, self.view.zoom * self.dpr())

    def dpr(self) -> float:
        return self.view.viewport().devicePixelRatioF()

    def visible_tiles(self, page: int, margin: float = 0.0) -> list[Key]:
        """Keys of the page's tiles on screen (and ``margin`` device pixels around it)."""
        view = self.view
        info = view.page_layout.pages[page - 1]
        dpr, scale = self.dpr(), view.zoom * self.dpr()
        rect = view.page_layout.rect(page - 1).translated(-view.offset())
        vp = QRectF(view.viewport().rect())
        x0, y0 = (vp.left() - rect.left()) * dpr - margin, (vp.top() - rect.top()) * dpr - margin
        x1, y1 = (vp.right() - rect.left()) * dpr + margin, (vp.bottom() - rect.top()) * dpr + margin
        size = page_pixels(info.width, info.height, scale)
        return [self.key(page, c, r) for c, r in tiles_over(size, x0, y0, x1, y1)]

    def is_sharp(self, page: int) -> bool:
        """Whether the page shows at full resolution on screen (every visible tile, if tiled)."""
        cache = self.view.cache
        if not self.tiled(page):
            return cache.get(self.key(page)) is not None
        return cache.get(self.key(page, LOW, LOW)) is not None and \
            all(cache.get(k) is not None for k in self.visible_tiles(page))

    def sharpness(self) -> float:
        """Device pixels per point of what shows at the view's centre against full resolution
        (1.0: sharp; less: a stretched picture; 0: nothing yet)."""
        view = self.view
        hit = view.page_point(QPointF(view.viewport().rect().center()))
        if hit is None:
            return 0.0
        page, cache = hit[0] + 1, view.cache
        if self.tiled(page):
            if all(cache.get(k) is not None for k in self.visible_tiles(page)):
                return 1.0
            image = cache.get(self.key(page, LOW, LOW)) or cache.any_for_page(page)
        else:
            image = cache.get(self.key(page)) or cache.any_for_page(page)
        if image is None:
            return 0.0
        return image.width() / (view.page_layout.pages[page - 1].width * view.zoom * self.dpr())

    # -- images arriving ----------------------------------------------------------------------------
    def show_preview(self, doc: PdfDocument) -> None:
        """The picture of page 1 made at import, stretched over the page until it renders."""
        if doc.preview:
            image = QImage.fromData(doc.preview, "PNG")  # type: ignore[arg-type]
            if not image.isNull():
                self.view.cache.put(Key(1, PREVIEW_ZOOM, 1.0), image)

    def rendered(self, generation: int, key: Key, image: QImage) -> None:
        view, renderer = self.view, self.view.renderer
        if generation != renderer.generation:
            return
        renderer.finished(key)
        if not image.isNull():
            view.cache.put(key, image)
            doc = view.document
            if key.page == 1 and not key.is_tile and doc is not None and doc.preview is None \
                    and doc.store_preview:
                doc.preview = b""  # asked for once (a PDF imported before pictures were made)
                renderer.make_preview()
        view.viewport().update()

    def preview_made(self, generation: int, png: object) -> None:
        doc = self.view.document
        if generation == self.view.renderer.generation and doc is not None and doc.store_preview:
            doc.preview = bytes(png)  # type: ignore[call-overload]
            doc.store_preview(doc.preview)

    # -- painting -----------------------------------------------------------------------------------
    def paint(self) -> None:
        view = self.view
        painter = QPainter(view.viewport())
        painter.fillRect(view.viewport().rect(), BACKGROUND)
        layout = view.page_layout
        if view.document is None or not layout.pages:
            return
        off = view.offset()
        visible = layout.visible(off.y(), off.y() + view.viewport().height())
        wanted: list[Key] = []
        later: list[Key] = []  # small pictures of tiled pages: after the tiles on screen
        for index in visible:
            page = index + 1
            rect = layout.rect(index).translated(-off)
            if self.tiled(page):
                self._paint_tiled(painter, page, rect, wanted, later)
            else:
                self._paint_whole(painter, page, rect, wanted)
            self.paint_marks(painter, index, off)
        # Prefetch the pages just above and below, after the visible ones.
        for index in (visible.start - 1, visible.stop):
            if 0 <= index < len(layout.pages) and not self.tiled(index + 1) \
                    and view.cache.get(self.key(index + 1)) is None:
                wanted.append(self.key(index + 1))
        renderer = view.renderer
        wanted = [k for k in wanted + later if k.page not in renderer.failed]
        renderer.wanted = set(wanted)
        for key in wanted:
            renderer.request(key)

    def _paint_whole(self, painter: QPainter, page: int, rect: QRectF, wanted: list[Key]) -> None:
        cache = self.view.cache
        image = cache.get(self.key(page))
        if image is None:
            wanted.append(self.key(page))
            image = cache.any_for_page(page)
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        if image is not None:
            painter.drawImage(rect, image)
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
        else:
            self.paint_placeholder(painter, rect, page)

    def _paint_tiled(self, painter: QPainter, page: int, rect: QRectF, wanted: list[Key],
                     later: list[Key]) -> None:
        cache = self.view.cache
        low_key = self.key(page, LOW, LOW)
        low = cache.get(low_key)
        if low is None:
            later.append(low_key)
            low = cache.any_for_page(page)
        if low is not None:
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
            painter.drawImage(rect, low)
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
        else:
            self.paint_placeholder(painter, rect, page)
        dpr = self.dpr()
        # tiles placed on whole device pixels, so that neighbours meet without a seam
        left, top = round(rect.left() * dpr), round(rect.top() * dpr)
        on_screen = set(self.visible_tiles(page))
        for key in self.visible_tiles(page, TILE_MARGIN):
            tile = cache.get(key) if key in on_screen else None
            if tile is not None:
                painter.drawImage(QRectF((left + key.col * TILE) / dpr, (top + key.row * TILE) / dpr,
                                         tile.width() / dpr, tile.height() / dpr), tile)
            elif key in on_screen:
                wanted.append(key)
            elif cache.get(key) is None:
                later.insert(0, key)  # just off screen: rendered ahead of the scroll

    def paint_placeholder(self, painter: QPainter, rect: QRectF, page: int) -> None:
        painter.fillRect(rect, PLACEHOLDER)
        painter.setPen(QColor(0x90, 0x90, 0x90))
        label = (f"Page {page} cannot be shown" if page in self.view.renderer.failed
                 else f"Page {page}")
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, label)

    def coding_marks(self, index: int) -> list[tuple[Span, Region | None]]:
        """The codings painted on one page (from 0): those of the shown coders over its text,
        each with its rectangle if it is a region drawn on this page (None: its words)."""
        view = self.view
        info = view.page_layout.pages[index]
        marks: list[tuple[Span, Region | None]] = []
        for c in view.codings.shown(view.codings.overlapping(info.start,
                                                             max(info.end, info.start + 1))):
            region = view.region_of(c.id)
            if region is None or region.page == index + 1:
                marks.append((c, region))
        return marks

    def paint_marks(self, painter: QPainter, index: int, off: QPointF) -> None:
        """Codings, the selection and the flash on one page."""
        view = self.view
        doc, layout, page = view.document, view.page_layout, index + 1
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

        codings = view.codings
        for c, region in self.coding_marks(index):
            if region is None:
                fill_span(c.start, c.end, codings.fill(c.code_id))
            else:
                r = box_rect(layout, index, region.box).translated(-off)
                painter.fillRect(r, codings.fill(c.code_id))
                painter.setPen(QPen(codings.solid(c.code_id), 2))
                painter.drawRect(r)
        sel, flash, drawn = view.selected_span(), view.flash_span, view.selected_region()
        if sel and sel[0] < span_end and sel[1] > info.start:
            fill_span(*sel, SELECTION)
        if flash and flash[0] < span_end and flash[1] > info.start:
            fill_span(*flash, FLASH)
        if drawn and drawn[0] == page:
            r = box_rect(layout, index, drawn[1]).translated(-off)
            painter.fillRect(r, SELECTION)
            painter.setPen(QPen(QColor(0, 90, 200), 1.5, Qt.PenStyle.DashLine))
            painter.drawRect(r)
