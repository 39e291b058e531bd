"""The page view's keys, wheel, context menu, tooltips and drags at the edges, through real events."""
# ruff: noqa: F811  (the page view's fixtures come from test_pageview)

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QContextMenuEvent, QGuiApplication, QHelpEvent, QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QToolTip
from test_pageview import drag, pdf_doc, send, view, word_center  # noqa: F401 (fixtures)

from gwot_reader.ui.pageview.geometry import page_index_of
from gwot_reader.ui.pageview.view import MAX_ZOOM, MIN_ZOOM, ZOOM_STEP


def wheel(view, steps: int, modifiers=Qt.KeyboardModifier.ControlModifier) -> None:
    vp = view.viewport()
    point = QPointF(vp.rect().center())
    event = QWheelEvent(point, vp.mapToGlobal(point), QPoint(), QPoint(0, 120 * steps),
                        Qt.MouseButton.NoButton, modifiers, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(vp, event)


def coded_word(view, project, doc_id, word: str):
    text = project.documents.text(doc_id)
    start = text.index(word)
    code = project.codebook.get("Themes/Trust deficit")
    coding = project.codings.add(doc_id, code.id, start, start + len(word))
    view.add_codings([coding])
    return coding


def test_ctrl_wheel_zooms_by_steps_within_the_limits(view):
    start = view.zoom
    wheel(view, 1)
    assert view.zoom == pytest.approx(start * ZOOM_STEP) and not view.fits_width
    wheel(view, -2)
    assert view.zoom == pytest.approx(start / ZOOM_STEP)
    wheel(view, 40)
    assert view.zoom == MAX_ZOOM
    wheel(view, -80)
    assert view.zoom == MIN_ZOOM


def test_a_plain_wheel_scrolls_instead(view):
    zoom, bar = view.zoom, view.verticalScrollBar()
    wheel(view, -3, Qt.KeyboardModifier.NoModifier)
    assert view.zoom == zoom and bar.value() > 0


def test_home_end_and_escape(qtbot, view, corpus_project, pdf_doc):
    bar = view.verticalScrollBar()
    QTest.keyClick(view, Qt.Key.Key_End)
    assert bar.value() == bar.maximum() and view.current_page() == 3
    QTest.keyClick(view, Qt.Key.Key_Home)
    assert bar.value() == 0 and view.current_page() == 1
    view.select_span(0, 5)
    with qtbot.waitSignal(view.selectionChanged):
        QTest.keyClick(view, Qt.Key.Key_Escape)
    assert view.selected_span() is None


def test_ctrl_c_copies_the_selected_words(view, corpus_project, pdf_doc):
    text = corpus_project.documents.text(pdf_doc.id)
    start = text.index("Right column")
    view.select_span(start, start + len("Right column"))
    QGuiApplication.clipboard().clear()
    QTest.keySequence(view, "Ctrl+C")
    assert QGuiApplication.clipboard().text() == "Right column"


def test_the_context_menu_names_the_codings_under_the_mouse(qtbot, view, corpus_project,
                                                            pdf_doc):
    coding = coded_word(view, corpus_project, pdf_doc.id, "Left column")
    vp = view.viewport()

    def right_click(point: QPoint) -> list:
        with qtbot.waitSignal(view.codingsContextMenu) as sig:
            QApplication.sendEvent(vp, QContextMenuEvent(QContextMenuEvent.Reason.Mouse, point,
                                                         vp.mapToGlobal(point)))
        return sig.args[1]

    on_word = word_center(view, corpus_project, pdf_doc.id, 1, "column").toPoint()
    assert right_click(on_word) == [coding.id]
    assert right_click(view.viewport_rect(1, (560, 820, 560, 820)).topLeft().toPoint()) == []


def test_a_tooltip_names_the_code_over_a_coding(view, corpus_project, pdf_doc,
                                                monkeypatch):
    shown = []
    monkeypatch.setattr(QToolTip, "showText", staticmethod(lambda *a: shown.append(a[1])))
    monkeypatch.setattr(QToolTip, "hideText", staticmethod(lambda: shown.append(None)))
    tree = corpus_project.codebook.tree()
    view.set_code_colors({c.id: c.color for c in tree}, {c.id: tree.path(c.id) for c in tree})
    coded_word(view, corpus_project, pdf_doc.id, "Left column")
    vp = view.viewport()
    for word in ("column", "Right"):
        point = word_center(view, corpus_project, pdf_doc.id, 1, word).toPoint()
        QApplication.sendEvent(vp, QHelpEvent(QEvent.Type.ToolTip, point, vp.mapToGlobal(point)))
    assert "Trust deficit" in shown[0] and shown[1] is None  # no coding under "Right"


def test_double_click_on_a_word_selects_it(view, corpus_project, pdf_doc):
    point = word_center(view, corpus_project, pdf_doc.id, 1, "Right")
    send(view.viewport(), QEvent.Type.MouseButtonDblClick, point, Qt.MouseButton.LeftButton)
    start, end = view.selected_span()
    assert corpus_project.documents.text(pdf_doc.id)[start:end] == "Right"


def test_a_click_off_the_pages_clears_the_selection(view):
    view.select_span(0, 10)
    vp = view.viewport()
    off = QPointF(2, 2)  # the grey margin around the page
    send(vp, QEvent.Type.MouseButtonPress, off, Qt.MouseButton.LeftButton)
    send(vp, QEvent.Type.MouseButtonRelease, off, Qt.MouseButton.NoButton)
    assert view.selected_span() is None


def test_a_shift_click_draws_no_region(view):
    point = view.viewport_rect(1, (200, 200, 200, 200)).topLeft()
    drag(view, point, point + QPointF(1, 1), Qt.KeyboardModifier.ShiftModifier)
    assert view.selected_region() is None and view.selected_span() is None


def test_a_region_dragged_past_its_page_stays_on_it(view):
    view.set_zoom(0.5)  # all three pages in sight
    start = view.viewport_rect(1, (400, 700, 400, 700)).topLeft()
    past = view.viewport_rect(2, (100, 100, 100, 100)).topLeft()  # on the next page
    drag(view, start, past, Qt.KeyboardModifier.ShiftModifier)
    page, box = view.selected_region()
    assert page == 1 and box[3] == pytest.approx(842) and box[0] == pytest.approx(100, abs=1)


def test_dragging_below_the_view_scrolls_it(view, corpus_project, pdf_doc):
    bar = view.verticalScrollBar()
    a = word_center(view, corpus_project, pdf_doc.id, 1, "Right")
    below = QPointF(a.x(), view.viewport().height() + 80)
    vp, held = view.viewport(), Qt.MouseButton.LeftButton
    send(vp, QEvent.Type.MouseButtonPress, a, held)
    send(vp, QEvent.Type.MouseMove, below, held)
    assert bar.value() >= 80
    send(vp, QEvent.Type.MouseButtonRelease, below, Qt.MouseButton.NoButton)
    assert view.selected_span() is not None  # words from "Right" to where the drag ended


def test_the_page_of_a_position(view, corpus_project, pdf_doc):
    pages = corpus_project.pages.all(pdf_doc.id)
    assert page_index_of(pages, 0) == 0
    assert page_index_of(pages, pages[1].start) == 1
    assert page_index_of(pages, pages[2].start - 1) == 1
    assert page_index_of(pages, pages[2].end + 100) == 2
    view.go_to_page(3)
    assert view.current_page() == 3
    view.go_to_page(99)  # past the end: the last page
    assert view.current_page() == 3


def test_a_flash_fades_and_clear_empties_the_view(qtbot, view, corpus_project, pdf_doc):
    text = corpus_project.documents.text(pdf_doc.id)
    start = text.index("Right column")
    view.reveal(start, start + 12)
    assert view.flash_span == (start, start + 12)
    qtbot.waitUntil(lambda: view.flash_span is None, timeout=5000)
    view.clear()
    assert view.document_id is None and view.page_count() == 0 and view.cached_pages() == 0
    assert view.codings_at_point(QPointF(50, 50)) == [] and view.sharpness() == 0.0
