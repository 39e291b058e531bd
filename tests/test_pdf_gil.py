"""PDF import and the window (issue 16): the collector looks at the words page by page, MuPDF's
words and the word maps are freed a page at a time, and the word boxes still match the text."""

from __future__ import annotations

import gc

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_pdf import article, make_pdf  # tests/ is on sys.path

from gwot_reader.exchange.formats import pdf as pdf_module
from gwot_reader.exchange.formats.layout import Block
from gwot_reader.exchange.formats.pdf import build_text, read_pdf
from gwot_reader.exchange.formats.pdfpage import (
    RawPage,
    collect_young,
    gc_paused,
    release_pages,
)
from gwot_reader.exchange.textimport import import_file, import_files


def test_collect_young_untracks_word_tuples_while_collection_is_paused():
    with gc_paused():
        words = [(1.0, 2.0, 3.0, 4.0, f"w{i}", 0, 0, i) for i in range(1000)]
        assert all(gc.is_tracked(w) for w in words)
        collect_young()
        assert not any(gc.is_tracked(w) for w in words)  # looked at once, then left alone
        assert gc.is_tracked(words)  # the list holds containers: still tracked


def test_collect_young_leaves_a_running_collector_alone(monkeypatch):
    calls = []
    monkeypatch.setattr(gc, "collect", lambda *a: calls.append(a))
    assert gc.isenabled()
    collect_young()
    assert calls == []


def test_release_pages_empties_from_the_end_one_page_at_a_time():
    seen = []

    class Page:
        def __init__(self, n):
            self.n = n

        def __del__(self):
            seen.append(self.n)

    pages = [Page(n) for n in range(5)]
    release_pages(pages)
    assert pages == [] and seen == [4, 3, 2, 1, 0]


def test_an_import_frees_the_word_maps_only_after_storing_them(empty_project, tmp_path,
                                                               monkeypatch):
    released = []
    real = pdf_module.release_pages

    def spy(pages):
        released.append(len(pages))
        real(pages)

    monkeypatch.setattr(pdf_module, "release_pages", spy)
    doc, _ = import_file(empty_project, article(tmp_path))
    assert released == [2, 2]  # MuPDF's pages after the text is built; the maps once stored
    text = empty_project.documents.text(doc.id)
    words = [w for info in empty_project.pages.all(doc.id)
             for w in empty_project.pages.words(doc.id, info.page)]
    assert words and all(text[s:e].strip() and " " not in text[s:e] for *_box, s, e in words)
    assert gc.isenabled()


def test_release_runs_for_every_file_of_an_import(empty_project, tmp_path, monkeypatch):
    released = []
    real = pdf_module.release_pages
    monkeypatch.setattr(pdf_module, "release_pages", lambda p: (released.append(len(p)), real(p)))
    a = make_pdf(tmp_path / "a.pdf", [[(72, 100, "First file")]])
    b = make_pdf(tmp_path / "b.pdf", [[(72, 100, "Second file")], [(72, 100, "page two")]])
    docs, _ = import_files(empty_project, [a, b])
    assert len(docs) == 2 and sorted(released) == [1, 1, 2, 2]
    assert empty_project.pages.words(docs[1].id, 2)  # stored before they were freed


def test_read_pdf_gives_a_release_that_empties_its_maps(tmp_path):
    data = make_pdf(tmp_path / "a.pdf", [[(72, 100, "Hello world")]]).read_bytes()
    ex = read_pdf(data, "a.pdf")
    assert ex.release is not None and ex.after_insert is not None
    maps = ex.after_insert.__closure__  # the maps it stores are the ones release empties
    cells = [c.cell_contents for c in maps or () if isinstance(c.cell_contents, list)]
    assert any(cells)
    ex.release()
    assert not any(cells)


# -- the text and its word boxes (hypothesis) ---------------------------------------------------
WORD = st.text(st.sampled_from("abcxyzAB-\u00adé😀中اe\u0301"), min_size=1, max_size=7)


@st.composite
def pages(draw):
    out = []
    for number in range(1, draw(st.integers(1, 3)) + 1):
        page = RawPage(number, 595.0, 842.0)
        y = 80.0
        for b in range(draw(st.integers(0, 4))):
            lines = []
            for li in range(draw(st.integers(1, 4))):
                texts = draw(st.lists(WORD, min_size=1, max_size=5))
                width = draw(st.sampled_from([100.0, 480.0]))  # short lines end a paragraph
                x = 60.0
                line = []
                for wi, t in enumerate(texts):
                    line.append((x, y, x + width / len(texts) - 2, y + 10, t, b, li, wi))
                    x += width / len(texts)
                lines.append(line)
                y += 12
            page.blocks.append(Block(lines))
            y += draw(st.sampled_from([0.0, 30.0]))
        out.append(page)
    return out


@settings(max_examples=150, deadline=None)
@given(pages())
def test_every_word_box_spans_its_word_in_the_text(raw):
    text, runs, maps = build_text(raw)
    assert [m.info.page for m in maps] == [p.number for p in raw]
    words_in = {p.number: [w[4] for b in p.blocks for line in b.lines for w in line] for p in raw}
    for m in maps:
        info = m.info
        assert 0 <= info.start <= info.end <= len(text)
        assert info.has_text == bool(m.words)
        assert len(m.words) == len(words_in[info.page])
        previous_end = info.start
        for x0, y0, x1, y1, s, e in m.words:
            assert info.start <= previous_end <= s < e <= info.end
            span = text[s:e]
            # the word as printed, or without its line-end hyphen (joined with the next line)
            assert any(span in (t, t[:-1]) for t in words_in[info.page])
            assert x0 < x1 and y0 < y1
            previous_end = e
    for r in runs:
        assert r.kind == "page-furniture" and 0 <= r.start < r.end <= len(text)
    for a, b in zip(maps, maps[1:], strict=False):
        assert text[a.info.end:b.info.start] == "\n\n"


@pytest.mark.parametrize("paused", [True, False])
def test_build_text_is_the_same_with_the_collector_paused_or_not(tmp_path, paused):
    from gwot_reader.exchange.formats.pdfpage import open_pdf, read_page

    data = article(tmp_path).read_bytes()
    doc = open_pdf(data, "a.pdf")
    raw = [read_page(doc, i) for i in range(doc.page_count)]
    expected = build_text(raw)
    if paused:
        with gc_paused():
            got = build_text(raw)
    else:
        got = build_text(raw)
    assert got[0] == expected[0] and got[1] == expected[1]
    assert [(m.info, m.words) for m in got[2]] == [(m.info, m.words) for m in expected[2]]


# -- the preview's PNG ---------------------------------------------------------------------------
@pytest.mark.parametrize("colorspace", ["RGB", "GRAY"])
def test_png_of_decodes_to_the_rendered_pixels(tmp_path, colorspace):
    import pymupdf

    from gwot_reader.exchange.formats.pdf import png_of

    doc = pymupdf.open(make_pdf(tmp_path / "a.pdf", [[(72, 100, "Hello, pixels 😀")]]))
    cs = pymupdf.csRGB if colorspace == "RGB" else pymupdf.csGRAY
    pix = doc[0].get_pixmap(matrix=pymupdf.Matrix(0.5, 0.5), colorspace=cs, alpha=False)
    png = png_of(pix.width, pix.height, pix.n, pix.samples)
    back = pymupdf.Pixmap(png)
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and png.endswith(b"IEND\xaeB`\x82")
    assert (back.width, back.height, back.n) == (pix.width, pix.height, pix.n)
    assert back.samples == pix.samples


def test_the_first_page_preview_is_the_page_as_drawn(tmp_path):
    import pymupdf

    from gwot_reader.exchange.formats.pdf import PREVIEW_WIDTH, first_page_png

    data = article(tmp_path).read_bytes()
    png = first_page_png(data)
    assert png is not None
    page = pymupdf.open(stream=data, filetype="pdf")[0]
    scale = PREVIEW_WIDTH / page.rect.width
    drawn = page.get_pixmap(matrix=pymupdf.Matrix(scale, scale), alpha=False)
    back = pymupdf.Pixmap(png)
    assert back.n == 1  # black text on white: a grey PNG of the same pixels
    assert _as_rgb(back) == drawn.samples
    assert first_page_png(b"%PDF-1.4 not really") is None  # undrawable: no picture


def _as_rgb(pix) -> bytes:
    """A decoded picture's pixels as RGB bytes (a grey one's channel repeated)."""
    if pix.n == 3:
        return bytes(pix.samples)
    out = bytearray(len(pix.samples) * 3)
    for i in range(3):
        out[i::3] = pix.samples
    return bytes(out)


def test_a_coloured_first_page_keeps_its_colours(tmp_path):
    import pymupdf

    from gwot_reader.exchange.formats.pdf import PREVIEW_WIDTH, first_page_png

    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((72, 100), "Red heading", fontsize=24, color=(0.8, 0.1, 0.1))
    page.draw_rect(pymupdf.Rect(72, 200, 300, 400), color=(0, 0, 1), fill=(0.2, 0.7, 0.3))
    data = doc.tobytes()
    png = first_page_png(data)
    assert png is not None
    back = pymupdf.Pixmap(png)
    scale = PREVIEW_WIDTH / 595
    drawn = pymupdf.open(stream=data, filetype="pdf")[0].get_pixmap(
        matrix=pymupdf.Matrix(scale, scale), alpha=False)
    assert back.n == 3 and back.samples == drawn.samples


def test_a_grey_preview_shows_as_the_same_picture_in_qt(tmp_path):
    from PySide6.QtGui import QImage

    from gwot_reader.exchange.formats.pdf import first_page_png

    png = first_page_png(article(tmp_path).read_bytes())
    image = QImage.fromData(png, "PNG")
    assert not image.isNull() and image.width() == 800
    assert image.isGrayscale()
    assert image.pixelColor(0, 0).name() == "#ffffff"  # the page's white, not black


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 255), st.integers(0, 255), st.integers(0, 255)),
                max_size=64),
       st.booleans())
def test_grey_if_grey_keeps_every_pixel(pixels, make_grey):
    from gwot_reader.exchange.formats.pdfpage import _grey_if_grey

    if make_grey:
        pixels = [(r, r, r) for r, _g, _b in pixels]
    rgb = bytes(v for px in pixels for v in px)
    channels, samples = _grey_if_grey(rgb)
    all_grey = all(r == g == b for r, g, b in pixels)
    assert channels == (1 if all_grey else 3)
    if channels == 1:
        assert bytes(v for s in samples for v in (s, s, s)) == rgb
    else:
        assert samples == rgb


def _coloured_pdf(path, rotate: int = 0):
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=400, height=300)
    page.insert_text((40, 60), "Blue words on page one", fontsize=14, color=(0, 0, 0.9))
    page.set_rotation(rotate)
    doc.new_page(width=400, height=300).insert_text((40, 60), "Page two")
    doc.save(path)
    return path


@pytest.mark.parametrize("kind", ["article", "coloured", "rotated", "encrypted"])
def test_the_import_draws_page_one_from_its_open_pdf_as_a_fresh_open_would(
        empty_project, tmp_path, monkeypatch, kind):
    from gwot_reader.exchange.formats import pdfhelpers
    from gwot_reader.exchange.formats.pdf import first_page_png

    monkeypatch.setenv(pdfhelpers.ENV, "0")  # every page read in this process
    password = None
    if kind == "article":
        path = article(tmp_path)
    elif kind == "encrypted":
        password = "s3cret"
        path = make_pdf(tmp_path / "secret.pdf", [[(50, 100, "Classified cable text")]],
                        password=password)
    else:
        path = _coloured_pdf(tmp_path / f"{kind}.pdf", 90 if kind == "rotated" else 0)
    doc, _ = import_file(empty_project, path, password=password)
    stored = empty_project.pages.preview(doc.id)
    assert stored is not None and stored == first_page_png(path.read_bytes(), password)
