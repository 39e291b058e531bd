"""The page view: lazy rendering, word and region selection, codings drawn, same spans as text."""

from __future__ import annotations

from pathlib import Path

import pytest
from pdf_samples import ARTICLE_LINES  # tests/ is on sys.path
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from gwot_reader.exchange.textimport import import_file
from gwot_reader.ui.docview import DocumentView
from gwot_reader.ui.pageview import PageView, PdfDocument
from gwot_reader.ui.pageview.imagecache import ImageCache

LINES = ARTICLE_LINES


def make_pdf(path: Path, pages: int = 3) -> Path:
    import pymupdf

    doc = pymupdf.open()
    for n in range(pages):
        page = doc.new_page(width=595, height=842)
        for x, y, text in LINES:
            page.insert_text((x, y), text if text != "1" else str(n + 1), fontsize=11)
        page.draw_rect(pymupdf.Rect(100, 300, 300, 450), color=(0, 0, 0), fill=(0.2, 0.5, 0.8))
    doc.save(path)
    return path


@pytest.fixture
def pdf_doc(corpus_project, tmp_path):
    doc, _ = import_file(corpus_project, make_pdf(tmp_path / "article.pdf"))
    return doc


@pytest.fixture
def view(qtbot, corpus_project, pdf_doc):
    v = PageView()
    qtbot.addWidget(v)
    v.resize(700, 800)
    colors = {c.id: c.color for c in corpus_project.codebook.tree()}
    v.set_document(PdfDocument.load(corpus_project, pdf_doc.id), corpus_project.codings.all(pdf_doc.id),
                   colors)
    v.show()
    qtbot.waitExposed(v)
    qtbot.waitUntil(lambda: v.is_rendered(1), timeout=10000)
    return v


def send(widget, kind: QEvent.Type, point: QPointF, buttons, modifiers=Qt.KeyboardModifier.NoModifier):
    button = Qt.MouseButton.LeftButton if kind != QEvent.Type.MouseMove else Qt.MouseButton.NoButton
    event = QMouseEvent(kind, point, widget.mapToGlobal(point), button, buttons, modifiers)
    QApplication.sendEvent(widget, event)


def drag(view: PageView, a: QPointF, b: QPointF, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    vp = view.viewport()
    held = Qt.MouseButton.LeftButton
    send(vp, QEvent.Type.MouseButtonPress, a, held, modifiers)
    send(vp, QEvent.Type.MouseMove, (a + b) / 2, held, modifiers)
    send(vp, QEvent.Type.MouseMove, b, held, modifiers)
    send(vp, QEvent.Type.MouseButtonRelease, b, Qt.MouseButton.NoButton, modifiers)


def mean_color(image, rect) -> tuple[int, int, int]:
    pixels = [image.pixelColor(x, y) for x in range(rect.left(), rect.right())
              for y in range(rect.top(), rect.bottom())]
    n = max(1, len(pixels))
    return (sum(c.red() for c in pixels) // n, sum(c.green() for c in pixels) // n,
            sum(c.blue() for c in pixels) // n)


def word_center(view: PageView, project, doc_id: int, page: int, word: str) -> QPointF:
    text = project.documents.text(doc_id)
    w = next(w for w in project.pages.words(doc_id, page) if text[w[4]:w[5]] == word)
    return view.viewport_rect(page, w[:4]).center()


def test_pages_render_lazily_and_sharp(view):
    assert view.page_count() == 3
    assert view.is_rendered(1)
    assert not view.is_rendered(3)  # far below the fold: never asked for
    image = view.viewport().grab().toImage()
    page = view.viewport_rect(1, (100, 300, 300, 450)).center().toPoint()
    color = image.pixelColor(page)
    assert color.blue() > 150 and color.red() < 100  # the blue figure is on screen
    # fit width: the page fills the view's width less the gaps
    assert view.fits_width and abs(view.viewport_rect(1, (0, 0, 595, 842)).width()
                                   - (view.viewport().width() - 24)) < 2


def shown_before_render(qtbot, project, document_id: int) -> PageView:
    """A page view given a PDF after it is on screen, no events handled since."""
    v = PageView()
    qtbot.addWidget(v)
    v.resize(700, 800)
    v.show()
    qtbot.waitExposed(v)
    v.set_document(PdfDocument.load(project, document_id), [], {})
    return v


def test_the_picture_made_at_import_stands_in_until_the_page_renders(qtbot, corpus_project,
                                                                     pdf_doc):
    v = shown_before_render(qtbot, corpus_project, pdf_doc.id)
    # before the render thread's image can arrive (no events handled yet) page 1 has a picture
    assert v.is_shown(1) and not v.is_rendered(1) and not v.is_shown(2)
    image = v.viewport().grab().toImage()
    figure = v.viewport_rect(1, (100, 300, 300, 450)).center().toPoint()
    color = image.pixelColor(figure)
    assert color.blue() > 150 and color.red() < 100  # the blue figure, from the preview
    qtbot.waitUntil(lambda: v.is_rendered(1), timeout=10000)


def test_dragging_across_words_gives_the_text_views_span(qtbot, view, corpus_project, pdf_doc):
    a = word_center(view, corpus_project, pdf_doc.id, 1, "Right")
    b = word_center(view, corpus_project, pdf_doc.id, 1, "whole")
    with qtbot.waitSignal(view.selectionChanged):
        drag(view, a, b)
    page_span = view.selected_span()
    text = corpus_project.documents.text(pdf_doc.id)
    assert text[page_span[0]:page_span[1]] == "Right column comes after the whole"

    # the same passage selected in the text view
    dv = DocumentView()
    qtbot.addWidget(dv)
    dv.set_document(pdf_doc.id, text, corpus_project.documents.runs(pdf_doc.id), [], {})
    cursor = dv.text_edit().document().find("Right column comes after the whole")
    dv.text_edit().setTextCursor(cursor)
    assert dv.selected_span() == page_span

    code = corpus_project.codebook.get("Themes/Trust deficit")
    on_page = corpus_project.codings.add(pdf_doc.id, code.id, *page_span)
    in_text = corpus_project.codings.add(pdf_doc.id, code.id, *dv.selected_span())
    assert (on_page.start, on_page.end, on_page.text) == (in_text.start, in_text.end, in_text.text)


def test_a_hyphenated_word_selects_whole(qtbot, view, corpus_project, pdf_doc):
    a = word_center(view, corpus_project, pdf_doc.id, 1, "the")
    b = word_center(view, corpus_project, pdf_doc.id, 1, "tiation")
    drag(view, a, b)
    text = corpus_project.documents.text(pdf_doc.id)
    start, end = view.selected_span()
    assert text[start:end] == "the negotiation"


def test_codings_show_and_answer_the_mouse(qtbot, view, corpus_project, pdf_doc):
    text = corpus_project.documents.text(pdf_doc.id)
    code = corpus_project.codebook.get("Themes/Trust deficit")
    start = text.index("Left column")
    coding = corpus_project.codings.add(pdf_doc.id, code.id, start, start + len("Left column"))
    view.add_codings([coding])
    point = word_center(view, corpus_project, pdf_doc.id, 1, "column")
    assert [c.id for c in view.codings_at_point(point)] == [coding.id]
    with qtbot.waitSignal(view.codingActivated) as sig:
        send(view.viewport(), QEvent.Type.MouseButtonDblClick, point, Qt.MouseButton.LeftButton)
    assert sig.args == [coding.id]
    # painted in the code's colour, translucent over the white page
    box = view.viewport_rect(1, next(w for w in corpus_project.pages.words(pdf_doc.id, 1)
                                     if text[w[4]:w[5]] == "Left")[:4]).toRect()
    tinted = mean_color(view.viewport().grab().toImage(), box)
    view.remove_codings([coding.id])
    plain = mean_color(view.viewport().grab().toImage(), box)
    assert tinted != plain
    assert view.codings_at_point(point) == []


def test_shift_drag_draws_a_region_that_can_be_coded(qtbot, view, corpus_project, pdf_doc):
    a = view.viewport_rect(1, (100, 300, 100, 300)).topLeft()
    b = view.viewport_rect(1, (300, 450, 300, 450)).topLeft()
    drag(view, a, b, Qt.KeyboardModifier.ShiftModifier)
    assert view.selected_span() is None
    page, box = view.selected_region()
    assert page == 1
    assert box == pytest.approx((100, 300, 300, 450), abs=1.5)
    code = corpus_project.codebook.get("Themes/Trust deficit")
    coding = corpus_project.pages.add_region_coding(pdf_doc.id, code.id, page, box)
    view.add_codings([coding])
    assert coding.guid in view.regions()
    inside = view.viewport_rect(1, (200, 370, 200, 370)).topLeft()
    assert [c.id for c in view.codings_at_point(inside)] == [coding.id]
    outside = word_center(view, corpus_project, pdf_doc.id, 1, "Right")
    assert view.codings_at_point(outside) == []


def test_reveal_scrolls_to_the_page_of_a_span(qtbot, view, corpus_project, pdf_doc):
    info = corpus_project.pages.all(pdf_doc.id)[2]
    view.reveal(info.start + 5, info.start + 20)
    assert view.current_page() == 3
    qtbot.waitUntil(lambda: view.is_rendered(3), timeout=10000)


def test_zoom_keeps_the_place_and_renders_again(qtbot, view):
    view.go_to_page(2)
    with qtbot.waitSignal(view.zoomChanged):
        view.zoom_in()
    assert not view.fits_width and view.current_page() == 2
    qtbot.waitUntil(lambda: view.is_rendered(2), timeout=10000)
    view.fit_width()
    assert view.fits_width


def test_the_image_cache_is_bounded():
    from PySide6.QtGui import QImage

    cache = ImageCache(budget=3 * 100 * 100 * 3)
    for page in range(1, 10):
        cache.put((page, 1.0, 1.0), QImage(100, 100, QImage.Format.Format_RGB888))
    assert len(cache) == 3 and cache.used <= cache.budget
    assert cache.get((9, 1.0, 1.0)) is not None and cache.get((1, 1.0, 1.0)) is None
    assert cache.any_for_page(8) is not None


def test_a_text_selection_from_the_window_is_shown(view, corpus_project, pdf_doc):
    text = corpus_project.documents.text(pdf_doc.id)
    start = text.index("Right column")
    view.select_span(start, start + 12)
    assert view.selected_span() == (start, start + 12)
    mime = view.selection_mime()
    assert mime.text() == "Right column"


def test_dragging_the_selection_out_starts_a_drag_and_a_click_in_it_clears_it(
        view, corpus_project, pdf_doc, monkeypatch):
    started = []
    monkeypatch.setattr(view, "_start_drag", lambda: started.append(view.selection_mime().text()))
    drag(view, word_center(view, corpus_project, pdf_doc.id, 1, "Right"),
         word_center(view, corpus_project, pdf_doc.id, 1, "comes"))
    inside = word_center(view, corpus_project, pdf_doc.id, 1, "comes")
    drag(view, inside, inside + QPointF(40, 30))
    assert started == ["Right column comes"]
    vp = view.viewport()
    send(vp, QEvent.Type.MouseButtonPress, inside, Qt.MouseButton.LeftButton)
    send(vp, QEvent.Type.MouseButtonRelease, inside, Qt.MouseButton.NoButton)
    assert view.selected_span() is None


def test_a_pdf_imported_without_a_picture_gets_one_when_first_shown(qtbot, corpus_project, pdf_doc):
    corpus_project.db.execute("DELETE FROM page_previews")  # as a PDF imported by version 0.1
    assert corpus_project.pages.preview(pdf_doc.id) is None
    v = PageView()
    qtbot.addWidget(v)
    v.resize(700, 800)
    v.show()
    v.set_document(PdfDocument.load(corpus_project, pdf_doc.id), [], {})
    assert not v.is_shown(1)  # nothing to stand in before the render
    qtbot.waitUntil(lambda: corpus_project.pages.preview(pdf_doc.id) is not None, timeout=10000)
    assert corpus_project.pages.preview(pdf_doc.id).startswith(b"\x89PNG")
    v.set_document(PdfDocument.load(corpus_project, pdf_doc.id), [], {})
    assert v.is_shown(1)  # from now on the picture shows at once


def test_a_grey_picture_of_page_one_stands_in_as_the_page(qtbot, corpus_project, tmp_path):
    import pymupdf

    path = tmp_path / "text-only.pdf"
    doc = pymupdf.open()
    doc.new_page(width=595, height=842).insert_text((72, 100), "Black words " * 6, fontsize=14)
    doc.save(path)
    pdf_doc, _ = import_file(corpus_project, path)
    assert pymupdf.Pixmap(corpus_project.pages.preview(pdf_doc.id)).n == 1  # stored grey
    v = shown_before_render(qtbot, corpus_project, pdf_doc.id)
    assert v.is_shown(1) and not v.is_rendered(1)  # the preview, before any render
    stand_in = v.viewport().grab().toImage()
    blank = v.viewport_rect(1, (300, 400, 400, 500)).center().toPoint()
    assert stand_in.pixelColor(blank).name() == "#ffffff"  # the page's white
    line = v.viewport_rect(1, (72, 88, 520, 102)).toRect()
    darkest = min(stand_in.pixelColor(x, line.center().y()).value()
                  for x in range(line.left(), line.right()))
    assert darkest < 100  # the words, dark on white
    qtbot.waitUntil(lambda: v.is_rendered(1), timeout=10000)
