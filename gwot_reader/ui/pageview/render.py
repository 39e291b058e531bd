"""Rendering PDF pages off the GUI thread into a bounded cache of images."""

from __future__ import annotations

import threading
from collections import OrderedDict

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from PySide6.QtGui import QImage

CACHE_BYTES = 192 * 1024 * 1024  # rendered pages kept; a fit-width A4 page at 2x is ~7 MB

# MuPDF is not thread-safe: one render thread, and a lock for anything touching a document.
_POOL: QThreadPool | None = None
_LOCK = threading.Lock()

Key = tuple[int, float, float]  # (page from 1, zoom, device pixel ratio)


def render_pool() -> QThreadPool:
    global _POOL
    if _POOL is None:
        _POOL = QThreadPool()
        _POOL.setMaxThreadCount(1)
    return _POOL


def warm_up() -> None:
    """Import PyMuPDF on the render thread (a quarter second) before the first page is asked for."""
    render_pool().start(_import_pymupdf)


def _import_pymupdf() -> None:
    import pymupdf  # noqa: F401


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


class PageRenderer:
    """Renders pages of one PDF on the render thread; results come back as ``rendered``."""

    def __init__(self) -> None:
        self.signals = _Signals()
        self.generation = 0
        self._data: bytes | None = None
        self._doc = None
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
        render_pool().start(_Job(self, key, self.generation))

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
            scale = zoom * dpr
            pix = page.get_pixmap(matrix=pymupdf.Matrix(scale, scale), alpha=False)
            image = QImage(pix.samples, pix.width, pix.height, pix.stride,
                           QImage.Format.Format_RGB888).copy()
        image.setDevicePixelRatio(dpr)
        return image

    def close(self) -> None:
        self.set_data(None)


class _Job(QRunnable):
    def __init__(self, renderer: PageRenderer, key: Key, generation: int) -> None:
        super().__init__()
        self.renderer = renderer
        self.key = key
        self.generation = generation

    def run(self) -> None:
        try:
            image = self.renderer.render(self.key, self.generation)
        except Exception:  # a damaged page: say so on its placeholder rather than crash the thread
            self.renderer.failed.add(self.key[0])
            image = None
        page, zoom, dpr = self.key
        self.renderer.signals.rendered.emit(self.generation, page, zoom, dpr,
                                            image if image is not None else QImage())
