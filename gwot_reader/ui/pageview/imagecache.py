"""Rendered pages and tiles kept in memory: least recently used first out, bounded in bytes."""

from __future__ import annotations

from collections import OrderedDict

from PySide6.QtGui import QImage

from gwot_reader.ui.pageview.tiles import Key

CACHE_BYTES = 128 * 1024 * 1024  # a fit-width A4 page at 2x is ~7 MB, a tile 1 MB


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
        """Some picture of the whole page at another zoom (never a tile), to stretch while the
        sharp one renders."""
        for key in reversed(self._items):
            if key[0] == page and not Key(*key).is_tile:
                return self._items[key]
        return None

    def tiles(self) -> int:
        return sum(1 for key in self._items if Key(*key).is_tile)

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
