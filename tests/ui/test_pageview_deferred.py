"""A PDF opened as pages fills its text view only once the first page is on screen."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.filterwarnings("ignore:Function.*QD:DeprecationWarning")


@pytest.fixture
def window(pdf_window):
    return pdf_window


def test_the_text_view_is_filled_after_the_first_page(qtbot, window, corpus_project):
    view = window.panes[0].view
    before = view.document_id
    view.select_span(0, 5)  # a selection in the corpus document shown first
    window.open_document(window.panes[0], window.pdf_id)
    assert view.document_id == window.pdf_id and view.mode == "page"
    assert view.selected_span() is None  # the previous document's selection is not carried over
    assert view._text_view.document_id == before  # not laid out yet: the page comes first
    qtbot.waitUntil(lambda: view._text_view.document_id == window.pdf_id, timeout=10000)
    assert view.page_view.is_rendered(1)
    assert view._text_view.text() == corpus_project.documents.text(window.pdf_id)


def test_the_text_view_is_filled_at_once_when_asked_for(window, corpus_project):
    view = window.panes[0].view
    window.open_document(window.panes[0], window.pdf_id)
    assert view.text_view.document_id == window.pdf_id
    assert view.text() == corpus_project.documents.text(window.pdf_id)
    view.text_button.click()
    assert view.mode == "text" and view.active_view().document_id == window.pdf_id


def test_a_pane_that_prefers_text_fills_it_at_once(window):
    view = window.panes[0].view
    view.text_button.click()  # the reader's choice for the next PDF
    window.open_document(window.panes[0], window.pdf_id)
    assert view.mode == "text" and view._text_view.document_id == window.pdf_id
