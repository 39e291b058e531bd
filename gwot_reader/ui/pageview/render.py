"""Rendering PDF pages off the GUI thread into a bounded cache of images."""

from __future__ import annotations

import queue
import sys
import threading
from collections import OrderedDict
from typing import Any

from PySide6.QtCore import QByteArray, QObject, Signal
from PySide6.QtGui import QImage, QPainter

from gwot_reader.exchange.formats.pdfpage import MUPDF_LOCK as _LOCK
from gwot_reader.exchange.formats.pdfpage import capped_scale

CACHE_BYTES = 128 * 1024 * 1024  # rendered pages kept; a fit-width A4 page at 2x is ~7 MB
BAND_ROWS = 128  # pixel rows drawn per PyMuPDF call
# Pixels of one rendered page at most (64 MB as RGB32, 112 MB at the peak with its bands): a
# fit-width A4 page is sharp up to zoom 5.6 (2.8 on a 2x screen); a page with absurd
# dimensions (10 million points tall) is drawn smaller and stretched rather than take 13 GB.
MAX_PAGE_PIXELS = 16_000_000

Key = tuple[int, float, float]  # (page from 1, zoom, device pixel ratio)

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


class ImageCache:
    """Least recently used images by key, bounded by their total size in bytes."""

    def __init__(self, budget: int = CACHE_BYTES) -> None:
        self.budget = budget
        self.used = 0
        self._items: OrderedDict[Key, QImage] = OrderedDict()

    def __len__(self) -> int:
        return len(self._items)

    def get(self, key: Key) -> QImage | None:
        image = self._items.get(key)
        if image is not None:
            self._items.move_to_end(key)
        return image

    def any_for_page(self, page: int) -> QImage | None:
        """Some image of the page at another zoom, to stretch while the sharp one renders."""
        for key in reversed(self._items):
            if key[0] == page:
                return self._items[key]
        return None

    def put(self, key: Key, image: QImage) -> None:
        old = self._items.pop(key, None)
        if old is not None:
            self.used -= old.sizeInBytes()
        self._items[key] = image
        self.used += image.sizeInBytes()
        while self.used > self.budget and len(self._items) > 1:
            _, dropped = self._items.popitem(last=False)
            self.used -= dropped.sizeInBytes()

    def clear(self) -> None:
        self._items.clear()
        self.used = 0


class _Signals(QObject):
    # generation, page, zoom, device pixel ratio, image; plain types only: PySide6 has
    # mis-counted references of ``object`` arguments in queued (cross-thread) signals.
    rendered = Signal(int, int, float, float, QImage)
    preview_made = Signal(int, QByteArray)  # generation, PNG of page 1


class PageRenderer:
    """Renders pages of one PDF on the render thread; results come back as ``rendered``."""

    def __init__(self) -> None:
        self.signals = _Signals()
        self.generation = 0
        self._data: bytes | None = None
        self._doc: Any = None  # a pymupdf.Document, opened on first render
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
        from gwot_reader.exchange.formats.pdf import first_page_png

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
        page_no, zoom, dpr = key
        with _LOCK:
            if generation != self.generation or self._data is None:
                return None
            import pymupdf

            if self._doc is None:
                pymupdf.TOOLS.mupdf_display_errors(False)
                self._doc = pymupdf.open(stream=self._data, filetype="pdf")
            page = self._doc.load_page(page_no - 1)
            scale = capped_scale(page.rect, zoom * dpr, MAX_PAGE_PIXELS)
            width, height, bands = render_bands(page, scale)
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
        image.setDevicePixelRatio(scale / zoom)
        return image

    def _run(self, key: Key, generation: int) -> None:
        """On the render thread: render, then hand the image to the GUI thread."""
        try:
            image = self.render(key, generation)
        except Exception:  # a damaged page: say so on its placeholder rather than stop rendering
            self.failed.add(key[0])
            image = None
        page, zoom, dpr = key
        try:
            self.signals.rendered.emit(generation, page, zoom, dpr,
                                       image if image is not None else QImage())
        except RuntimeError:  # the view was closed while its page rendered: nobody to tell
            pass

    def close(self) -> None:
        self.set_data(None)


def render_bands(page, scale: float) -> tuple[int, int, list[tuple[int, int, bytes]]]:
    """RGB samples of a page, drawn from its display list in horizontal bands: the page's
    width and height in pixels, and (first row, rows, samples) of each band.

    PyMuPDF holds the GIL while it draws; a band takes a few milliseconds where a whole page
    takes tens, so the GUI thread gets the GIL back between bands and scrolling never waits
    for a whole page to render.
    """
    import pymupdf

    matrix = pymupdf.Matrix(scale, scale)
    r = page.rect
    full = (r * matrix).irect
    dl = page.get_displaylist()
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
