"""Rendering PDF pages, their small pictures and their tiles on one thread off the GUI thread."""

from __future__ import annotations

import queue
import sys
import threading
from collections import OrderedDict
from typing import Any

from PySide6.QtCore import QByteArray, QObject, Signal
from PySide6.QtGui import QColor, QImage, QPainter

from gwot_reader.exchange.formats.pdfpage import MUPDF_LOCK as _LOCK
from gwot_reader.exchange.formats.pdfpage import capped_scale
from gwot_reader.ui.pageview.tiles import (
    LOW,
    LOW_RES_PIXELS,
    MAX_PAGE_PIXELS,
    Key,
    page_pixels,
    tile_rect,
)

BAND_ROWS = 128  # pixel rows drawn per PyMuPDF call
LISTS_KEPT = 2  # pages whose display lists are kept for their next tiles

# MuPDF is not thread-safe: one render thread for every view, and a lock for anything that
# touches a document. A plain thread fed by a queue: handing it a page costs the GUI thread
# nothing, where QThreadPool.start waits for the GIL the render thread holds.
_JOBS: queue.SimpleQueue = queue.SimpleQueue()
_THREAD: threading.Thread | None = None
_WARMING = False  # PyMuPDF's import asked of the render thread


def _submit(job) -> None:
    global _THREAD
    if _THREAD is None or not _THREAD.is_alive():
        _THREAD = threading.Thread(target=_serve, name="gwot-page-render", daemon=True)
        _THREAD.start()
    _JOBS.put(job)


def _serve() -> None:
    while True:
        job = _JOBS.get()
        if job is None:
            return
        job()


def warm_up() -> None:
    """Import PyMuPDF on the render thread (0.15 s) before the first page is asked for."""
    global _WARMING
    if not _WARMING and "pymupdf" not in sys.modules:
        _WARMING = True
        _submit(_import_pymupdf)


def warmed_up() -> bool:
    """Whether PyMuPDF is imported or its import is under way."""
    return _WARMING or "pymupdf" in sys.modules


def _import_pymupdf() -> None:
    # The import runs Python code for 0.1 s. With the default 5 ms switch interval the GUI
    # thread, which gives the GIL up in Qt and SQLite calls, waits up to 5 ms to get it back
    # each time; at 0.2 ms its waits during the import are mostly under 2 ms.
    interval = sys.getswitchinterval()
    sys.setswitchinterval(0.0002)
    try:
        import pymupdf  # noqa: F401
    finally:
        sys.setswitchinterval(interval)


def wait_idle(timeout: float = 30.0) -> bool:
    """Block until the render thread has done everything asked of it so far (tests, benchmarks)."""
    done = threading.Event()
    _submit(done.set)
    return done.wait(timeout)


class _Signals(QObject):
    # generation, page, zoom, device pixel ratio, column, row (the Key), image; plain types
    # only: PySide6 has mis-counted references of ``object`` arguments in queued signals.
    rendered = Signal(int, int, float, float, int, int, QImage)
    preview_made = Signal(int, QByteArray)  # generation, PNG of page 1


class PageRenderer:
    """Renders pages of one PDF on the render thread; results come back as ``rendered``."""

    def __init__(self) -> None:
        self.signals = _Signals()
        self.generation = 0
        self._data: bytes | None = None
        self._doc: Any = None  # a pymupdf.Document, opened on first render
        self._lists: OrderedDict[int, Any] = OrderedDict()  # page -> pymupdf.DisplayList
        self._pending: set[Key] = set()
        self.wanted: set[Key] = set()
        self.failed: set[int] = set()  # pages MuPDF cannot render

    def set_data(self, data: bytes | None) -> None:
        """A new document: bumps the generation so that stale jobs do nothing."""
        self.generation += 1
        self._pending.clear()
        self.wanted.clear()
        self.failed.clear()
        with _LOCK:
            self._lists.clear()
            if self._doc is not None:
                self._doc.close()
            self._doc = None
            self._data = data

    def request(self, key: Key) -> None:
        if key in self._pending or self._data is None:
            return
        self._pending.add(key)
        generation = self.generation
        _submit(lambda: self._run(key, generation))

    def make_preview(self) -> None:
        """Draw the picture of page 1 that an import makes (for a PDF imported without one);
        it comes back as ``preview_made``."""
        generation, data = self.generation, self._data
        if data is not None:
            _submit(lambda: self._preview(generation, data))

    def _preview(self, generation: int, data: bytes) -> None:
        from gwot_reader.exchange.formats.pdfpage import first_page_png

        png = first_page_png(data) if generation == self.generation else None
        if png is not None:
            try:
                self.signals.preview_made.emit(generation, QByteArray(png))
            except RuntimeError:  # the view was closed meanwhile
                pass

    def finished(self, key: Key) -> None:
        self._pending.discard(key)

    def render(self, key: Key, generation: int) -> QImage | None:
        """Called on the render thread; None when the page is no longer wanted."""
        if generation != self.generation or key not in self.wanted:
            return None
        key = Key(*key)
        with _LOCK:
            if generation != self.generation or self._data is None:
                return None
            rect, dl = self._display_list(key.page)
            full = key.zoom * key.dpr
            if key.is_tile:
                return _render_tile(dl, rect, full, key.col, key.row)
            # a page too big to draw whole gets a small picture (LOW) under its tiles
            scale = capped_scale(rect, full, LOW_RES_PIXELS if key.col == LOW else MAX_PAGE_PIXELS)
            width, height, bands = render_bands(dl, rect, scale)
        # RGB32 is what the screen's backing store holds: drawing it is a plain copy, where
        # RGB888 would be converted again on every paint. Converted band by band: Qt keeps the
        # GIL while it converts, and a whole page at 2x (12 ms) stalled the GUI thread.
        image = QImage(width, height, QImage.Format.Format_RGB32)
        painter = QPainter(image)
        for y, rows, samples in bands:
            painter.drawImage(0, y, QImage(samples, width, rows, width * 3,
                                           QImage.Format.Format_RGB888))
        painter.end()
        # a capped page is drawn stretched over its place (the view paints into the page's rect)
        image.setDevicePixelRatio(scale / key.zoom)
        return image

    def _display_list(self, page_no: int) -> tuple[Any, Any]:
        """The page's rectangle and display list (under the lock): a page's tiles are drawn
        from one list instead of reading its content stream again for each."""
        import pymupdf

        if self._doc is None:
            pymupdf.TOOLS.mupdf_display_errors(False)
            self._doc = pymupdf.open(stream=self._data, filetype="pdf")
        found = self._lists.get(page_no)
        if found is None:
            page = self._doc.load_page(page_no - 1)
            found = (page.rect, page.get_displaylist())
            self._lists[page_no] = found
            if len(self._lists) > LISTS_KEPT:
                self._lists.popitem(last=False)
        else:
            self._lists.move_to_end(page_no)
        return found

    def _run(self, key: Key, generation: int) -> None:
        """On the render thread: render, then hand the image to the GUI thread."""
        try:
            image = self.render(key, generation)
        except Exception:  # a damaged page: say so on its placeholder rather than stop rendering
            self.failed.add(key[0])
            image = None
        try:
            self.signals.rendered.emit(generation, *Key(*key),
                                       image if image is not None else QImage())
        except RuntimeError:  # the view was closed while its page rendered: nobody to tell
            pass

    def close(self) -> None:
        self.set_data(None)


def render_bands(dl: Any, r: Any, scale: float) -> tuple[int, int, list[tuple[int, int, bytes]]]:
    """RGB samples of a page (its display list and rectangle), drawn in horizontal bands: the
    page's width and height in pixels, and (first row, rows, samples) of each band.

    PyMuPDF holds the GIL while it draws; a band takes a few milliseconds where a whole page
    takes tens, so the GUI thread gets the GIL back between bands and scrolling never waits
    for a whole page to render.
    """
    import pymupdf

    matrix = pymupdf.Matrix(scale, scale)
    full = (r * matrix).irect
    bands = []
    for y in range(full.y0, full.y1, BAND_ROWS):
        y1 = min(y + BAND_ROWS, full.y1)
        clip = pymupdf.Rect(r.x0, y / scale, r.x1, y1 / scale)
        pix = dl.get_pixmap(matrix=matrix, alpha=False, clip=clip)
        if pix.width != full.width or pix.height != y1 - y:  # rounding: draw it whole instead
            pix = dl.get_pixmap(matrix=matrix, alpha=False)
            return pix.width, pix.height, [(0, pix.height, pix.samples)]
        bands.append((y - full.y0, y1 - y, pix.samples))
    return full.width, full.height, bands


def _render_tile(dl: Any, r: Any, scale: float, col: int, row: int) -> QImage:
    """One tile of the page at full resolution: TILE x TILE device pixels (less at the page's
    right and bottom edges), only its part of the page drawn (a clip), whatever the page's size.

    The matrix moves the tile's corner to (0, 0): MuPDF's pixel rectangles stop at 2**24, which
    a page 10 million points tall passes at zoom 1.7.
    """
    import pymupdf

    width, height = page_pixels(r.width, r.height, scale)
    x0, y0, x1, y1 = tile_rect(col, row, (width, height))
    matrix = pymupdf.Matrix(scale, 0, 0, scale, -(r.x0 * scale + x0), -(r.y0 * scale + y0))
    clip = pymupdf.Rect(r.x0 + x0 / scale, r.y0 + y0 / scale, r.x0 + x1 / scale, r.y0 + y1 / scale)
    pix = dl.get_pixmap(matrix=matrix, alpha=False, clip=clip)
    image = QImage(max(1, x1 - x0), max(1, y1 - y0), QImage.Format.Format_RGB32)
    image.fill(QColor(255, 255, 255))
    if pix.width and pix.height:
        painter = QPainter(image)
        painter.drawImage(pix.x, pix.y, QImage(pix.samples, pix.width, pix.height, pix.stride,
                                               QImage.Format.Format_RGB888))
        painter.end()
    return image
