"""Which pages are drawn in tiles, and which tiles of a page cover a part of it (no Qt)."""

from __future__ import annotations

import math
from typing import NamedTuple

TILE = 512  # device pixels a side: 1 MB as RGB32, a few milliseconds to render
# A page drawn whole has at most this many pixels (64 MB as RGB32); past it the page is drawn
# in tiles of its visible part, over a small picture of the whole page for scrolling.
MAX_PAGE_PIXELS = 16_000_000
LOW_RES_PIXELS = 2_000_000  # the picture of a tiled page (8 MB), stretched under its tiles
WHOLE = -1  # the column and row of a key for a whole page at full resolution
LOW = -2  # ... for the small picture of a tiled page


class Key(NamedTuple):
    """What an image in the cache shows: a whole page (column and row WHOLE), the small
    picture of a tiled page (LOW), or one tile (its column and row from 0)."""

    page: int  # from 1
    zoom: float
    dpr: float  # the screen's device pixel ratio
    col: int = WHOLE
    row: int = WHOLE

    @property
    def is_tile(self) -> bool:
        return self.col >= 0


def page_pixels(width: float, height: float, scale: float) -> tuple[int, int]:
    """A page's size in device pixels at ``scale`` (pixels per point), edges rounded out."""
    return max(1, math.ceil(width * scale)), max(1, math.ceil(height * scale))


def needs_tiles(width: float, height: float, scale: float) -> bool:
    """Whether a page of ``width`` x ``height`` points is too big to draw whole at ``scale``."""
    w, h = page_pixels(width, height, scale)
    return (w + 2) * (h + 2) > MAX_PAGE_PIXELS


def tile_rect(col: int, row: int, size: tuple[int, int]) -> tuple[int, int, int, int]:
    """Pixels (x0, y0, x1, y1) of a tile in a page of ``size`` device pixels."""
    x0, y0 = col * TILE, row * TILE
    return x0, y0, min(x0 + TILE, size[0]), min(y0 + TILE, size[1])


def tiles_over(size: tuple[int, int], x0: float, y0: float, x1: float,
               y1: float) -> list[tuple[int, int]]:
    """(column, row) of the tiles of a page of ``size`` pixels that meet the pixel rectangle
    ``[x0, x1) x [y0, y1)``, row by row from the top."""
    x0, y0, x1, y1 = max(0.0, x0), max(0.0, y0), min(float(size[0]), x1), min(float(size[1]), y1)
    if x1 <= x0 or y1 <= y0:
        return []
    c0, c1 = int(x0 // TILE), math.ceil(x1 / TILE) - 1
    r0, r1 = int(y0 // TILE), math.ceil(y1 / TILE) - 1
    return [(c, r) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)]
