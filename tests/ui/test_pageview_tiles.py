"""Pages too big to draw whole are drawn in tiles of their visible part, sharp and bounded."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QPointF
from PySide6.QtGui import QImage

from gwot_reader.core.pages import PageInfo
from gwot_reader.ui.pageview import PageView, PdfDocument
from gwot_reader.ui.pageview.imagecache import ImageCache
from gwot_reader.ui.pageview.render import PageRenderer, wait_idle
from gwot_reader.ui.pageview.tiles import (
    LOW,
    LOW_RES_PIXELS,
    MAX_PAGE_PIXELS,
    TILE,
    Key,
    needs_tiles,
    page_pixels,
    tile_rect,
    tiles_over,
)

TALL = 10_000_000.0  # points: a page 3.5 km tall
# Where the tall page has black bars: at 12 pixels a point the first is drawn at the pixels
# MuPDF's own clip renders reach (under 2**24); the second far past them.
MARK_Y = 1_000_000.0
DEEP_Y = 9_000_000.0


def tall_pdf() -> bytes:
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=600, height=TALL)
    page.insert_text((72, 72), "The top of a very tall page", fontsize=11)
    page.draw_rect(pymupdf.Rect(100, MARK_Y, 300, MARK_Y + 40), color=(0, 0, 0), fill=(0, 0, 0))
    page.insert_text((100, MARK_Y + 80), "Far down", fontsize=11)
    page.draw_rect(pymupdf.Rect(100, DEEP_Y, 300, DEEP_Y + 40), color=(0, 0, 0), fill=(0, 0, 0))
    return doc.tobytes()


def a4_pdf() -> bytes:
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.draw_rect(pymupdf.Rect(100, 300, 300, 450), color=(0, 0, 0), fill=(0.2, 0.5, 0.8))
    return doc.tobytes()


def pdf_document(data: bytes, width: float, height: float) -> PdfDocument:
    info = PageInfo(1, width, height, 0, 0, has_text=False)
    return PdfDocument(1, data, [info], "", lambda _page: [], lambda: {})


@pytest.fixture
def make_view(qtbot):
    def make(data: bytes, width: float, height: float, zoom: float | None = None) -> PageView:
        v = PageView()
        qtbot.addWidget(v)
        v.resize(700, 600)
        v.show()
        qtbot.waitExposed(v)
        v.set_document(pdf_document(data, width, height), [], {})
        if zoom is not None:
            v.set_zoom(zoom)
        return v

    yield make
    wait_idle()


# -- the tile grid, without Qt --------------------------------------------------------------------
@settings(max_examples=200, deadline=None)
@given(w=st.integers(1, 5000), h=st.integers(1, 50_000), x0=st.floats(-2000, 6000),
       y0=st.floats(-2000, 60_000), dw=st.floats(1, 3000), dh=st.floats(1, 3000))
def test_the_tiles_over_a_rectangle_cover_exactly_its_part_of_the_page(w, h, x0, y0, dw, dh):
    x1, y1 = x0 + dw, y0 + dh
    found = tiles_over((w, h), x0, y0, x1, y1)
    assert len(found) == len(set(found))
    # every tile found meets the rectangle and lies in the page
    for c, r in found:
        tx0, ty0, tx1, ty1 = tile_rect(c, r, (w, h))
        assert 0 <= tx0 < tx1 <= w and 0 <= ty0 < ty1 <= h
        assert tx0 < x1 and tx1 > x0 and ty0 < y1 and ty1 > y0
    # and every page pixel inside the rectangle lies in a tile found
    for px in {max(0.0, x0), min(w - 0.5, x1 - 0.5), (max(0.0, x0) + min(w, x1)) / 2}:
        for py in {max(0.0, y0), min(h - 0.5, y1 - 0.5), (max(0.0, y0) + min(h, y1)) / 2}:
            if 0 <= px < w and 0 <= py < h and x0 <= px < x1 and y0 <= py < y1:
                assert (int(px // TILE), int(py // TILE)) in found


def test_only_pages_too_big_to_draw_whole_are_tiled():
    assert not needs_tiles(595, 842, 2.0)  # A4 at 2x: 4 Mpx, drawn whole as before
    assert needs_tiles(595, 842, 12.0)  # A4 at zoom 6 on a 2x screen: 72 Mpx
    assert needs_tiles(600, TALL, 0.1)
    w, h = page_pixels(595, 842, 2.0)
    assert (w, h) == (1190, 1684) and (w + 2) * (h + 2) <= MAX_PAGE_PIXELS


def test_the_cache_never_offers_a_tile_as_a_picture_of_the_whole_page():
    cache = ImageCache(budget=10 * TILE * TILE * 4)
    cache.put(Key(1, 2.0, 1.0, LOW, LOW), QImage(20, 400, QImage.Format.Format_RGB32))
    cache.put(Key(1, 6.0, 1.0, 3, 7), QImage(TILE, TILE, QImage.Format.Format_RGB32))
    assert cache.any_for_page(1).size().width() == 20
    assert cache.tiles() == 1
    for n in range(20):  # tiles beyond the budget push the oldest images out
        cache.put(Key(1, 6.0, 1.0, n, 0), QImage(TILE, TILE, QImage.Format.Format_RGB32))
    assert cache.used <= cache.budget and len(cache) == 10


# -- rendering a tile -------------------------------------------------------------------------------
def test_a_tile_deep_down_a_tall_page_is_the_page_at_full_resolution(qtbot):
    renderer = PageRenderer()
    renderer.set_data(tall_pdf())
    scale = 6.0 * 2.0  # zoom 6 on a 2x screen
    col, row = int(150 * scale // TILE), int(MARK_Y * scale // TILE)
    key = Key(1, 6.0, 2.0, col, row)
    renderer.wanted = {key}
    tile = renderer.render(key, renderer.generation)
    assert (tile.width(), tile.height()) == (TILE, TILE)
    # the bar's top edge, 12 pixels a point: exactly where the page puts it, to the pixel
    edge = round(MARK_Y * scale) - row * TILE
    assert 0 < edge < TILE - 20
    for x in (5, TILE // 2, TILE - 5):
        assert tile.pixelColor(x, edge - 2).red() > 240
        assert tile.pixelColor(x, edge + 2).red() < 15
    renderer.close()


def test_a_tile_not_wanted_any_more_is_not_rendered(qtbot):
    renderer = PageRenderer()
    renderer.set_data(tall_pdf())
    key = Key(1, 6.0, 2.0, 0, 5)
    renderer.wanted = set()  # scrolled away before the render thread got to it
    assert renderer.render(key, renderer.generation) is None
    renderer.wanted = {key}
    assert renderer.render(key, renderer.generation - 1) is None  # another document since
    renderer.close()


def test_the_small_picture_of_a_tiled_page_stays_small(qtbot):
    renderer = PageRenderer()
    renderer.set_data(tall_pdf())
    key = Key(1, 6.0, 2.0, LOW, LOW)
    renderer.wanted = {key}
    image = renderer.render(key, renderer.generation)
    assert image.width() * image.height() <= LOW_RES_PIXELS
    # stretched over the page's place at its logical size
    assert abs(image.height() / image.devicePixelRatio() - TALL * 6.0) < TALL * 6.0 * 1e-3
    renderer.close()


def test_a_tile_at_the_right_edge_is_cut_to_the_page(qtbot):
    renderer = PageRenderer()
    renderer.set_data(a4_pdf())
    width, height = page_pixels(595, 842, 6.0)
    key = Key(1, 6.0, 1.0, math.ceil(width / TILE) - 1, 0)
    renderer.wanted = {key}
    tile = renderer.render(key, renderer.generation)
    assert tile.width() == width - key.col * TILE and tile.height() == TILE
    renderer.close()


# -- the view ------------------------------------------------------------------------------------
def test_a_tall_page_at_high_zoom_shows_sharp_tiles_within_the_budget(qtbot, make_view):
    view = make_view(tall_pdf(), 600, TALL, zoom=6.0)
    # scroll to the black bar half way down the page
    bar_top = view.page_layout.rect(0).top() + MARK_Y * 6.0
    view.verticalScrollBar().setValue(int(bar_top - 100))
    view.horizontalScrollBar().setValue(1400)  # the bar's right end (300 points) in sight
    qtbot.waitUntil(lambda: view.is_rendered(1), timeout=20000)
    view.repaint()
    assert view.sharpness() == 1.0
    cache = view.cache
    on_screen = view._painter.visible_tiles(1)
    assert 0 < len(on_screen) <= 8 and all(cache.get(k) is not None for k in on_screen)
    assert cache.used <= cache.budget
    # what is on screen is the page at full resolution: the bar's edges are where they belong
    image = view.viewport().grab().toImage()
    inside = view.viewport_rect(1, (260, MARK_Y + 20, 260, MARK_Y + 20)).topLeft().toPoint()
    above = view.viewport_rect(1, (260, MARK_Y - 1, 260, MARK_Y - 1)).topLeft().toPoint()
    assert image.rect().contains(inside) and image.rect().contains(above)
    assert image.pixelColor(inside).red() < 40
    assert image.pixelColor(above).red() > 200
    edge = view.viewport_rect(1, (300, MARK_Y + 20, 300, MARK_Y + 20)).topLeft()
    # (the bar's outline, 1 point wide, is half outside it: 3 pixels at zoom 6)
    left_of, right_of = (edge + QPointF(-2, 0)).toPoint(), (edge + QPointF(6, 0)).toPoint()
    assert image.pixelColor(left_of).red() < 40 and image.pixelColor(right_of).red() > 200


def test_tiles_nine_million_points_down_are_drawn_where_they_belong(qtbot, make_view):
    view = make_view(tall_pdf(), 600, TALL, zoom=6.0)
    view.verticalScrollBar().setValue(int(view.page_layout.rect(0).top() + DEEP_Y * 6.0 - 100))
    qtbot.waitUntil(lambda: view.is_rendered(1), timeout=20000)
    image = view.viewport().grab().toImage()
    # (MuPDF computes in single precision: a few pixels' leeway this far down)
    for y, dark in ((DEEP_Y + 20, True), (DEEP_Y - 5, False), (DEEP_Y + 45, False)):
        point = view.viewport_rect(1, (105, y, 105, y)).topLeft().toPoint()
        assert image.rect().contains(point)
        assert (image.pixelColor(point).red() < 60) == dark, y


def test_scrolling_a_tiled_page_renders_only_the_tiles_that_come_into_view(qtbot, make_view):
    view = make_view(tall_pdf(), 600, TALL, zoom=6.0)
    bar = view.verticalScrollBar()
    for fraction in (0.1, 0.5, 0.9):
        bar.setValue(int(bar.maximum() * fraction))
        qtbot.waitUntil(lambda: view.is_rendered(1), timeout=20000)
    # three places of a page 60 million pixels tall: a few dozen tiles, not the page
    assert view.cache.tiles() <= 3 * 40
    assert view.cache.used <= view.cache.budget


def test_zooming_in_on_an_a4_page_tiles_it_and_fit_width_draws_it_whole(qtbot, make_view):
    view = make_view(a4_pdf(), 595, 842)
    qtbot.waitUntil(lambda: view.is_rendered(1), timeout=10000)
    assert view.cache.tiles() == 0 and not view._painter.tiled(1)
    view.set_zoom(6.0)
    assert view._painter.tiled(1)
    qtbot.waitUntil(lambda: view.is_rendered(1), timeout=10000)
    assert view.cache.tiles() > 0 and view.sharpness() == 1.0
    view.fit_width()
    qtbot.waitUntil(lambda: view.is_rendered(1), timeout=10000)
    assert not view._painter.tiled(1) and view.sharpness() == pytest.approx(1.0, abs=0.01)


def test_until_its_tiles_arrive_a_tiled_page_shows_its_small_picture(qtbot, make_view):
    view = make_view(tall_pdf(), 600, TALL, zoom=6.0)
    assert view.sharpness() == 0.0  # nothing rendered yet: the placeholder
    low = Key(1, 6.0, view.viewport().devicePixelRatioF(), LOW, LOW)
    qtbot.waitUntil(lambda: view.cache.get(low) is not None, timeout=20000)
    picture = view.cache.get(low)
    assert picture.width() * picture.height() <= LOW_RES_PIXELS
    view.cache.clear()  # (no events handled below: no tile can arrive meanwhile)
    view.cache.put(low, picture)
    assert 0.0 < view.sharpness() < 0.1  # stretched, while the tiles render again
    assert not view.is_rendered(1)
