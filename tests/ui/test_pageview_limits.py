"""A page of absurd size is drawn within a bounded number of pixels, not 13 GB."""

from __future__ import annotations

from gwot_reader.ui.pageview.render import PageRenderer
from gwot_reader.ui.pageview.tiles import MAX_PAGE_PIXELS


def test_a_page_ten_million_points_tall_renders_within_the_pixel_cap(qtbot, tmp_path):
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=600, height=10_000_000)
    page.insert_text((72, 72), "A very tall page")
    data = doc.tobytes()
    renderer = PageRenderer()
    renderer.set_data(data)
    key = (1, 1.3, 2.0)  # fit-width zoom on a 2x screen: 1,560 x 26 million pixels uncapped
    renderer.wanted = {key}
    image = renderer.render(key, renderer.generation)
    assert image is not None and not image.isNull()
    assert image.width() * image.height() <= MAX_PAGE_PIXELS
    # drawn over the page's place at its logical size: the cap only lowers the resolution
    assert abs(image.height() / image.devicePixelRatio() - 10_000_000 * 1.3) < 1e4
    renderer.close()


def test_a_normal_page_is_not_downscaled(qtbot, tmp_path):
    import pymupdf

    doc = pymupdf.open()
    doc.new_page(width=595, height=842)
    renderer = PageRenderer()
    renderer.set_data(doc.tobytes())
    key = (1, 2.0, 2.0)
    renderer.wanted = {key}
    image = renderer.render(key, renderer.generation)
    assert (image.width(), image.height()) == (595 * 4, 842 * 4)
    assert image.devicePixelRatio() == 2.0
    renderer.close()
