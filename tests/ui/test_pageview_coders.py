"""A pane's coder filter on a PDF read as pages: the other coder's words and regions are neither
painted nor hovered nor offered, the text view's highlights and overview ruler agree, and a
filter chosen before the first PDF reaches the page view made for it."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor
from test_teams_window import coder_menu_action  # tests/ui is on sys.path

pytestmark = pytest.mark.filterwarnings("ignore:Function.*QD:DeprecationWarning")

AYESHA_BOX = (100.0, 300.0, 300.0, 450.0)  # over the figure
BILAL_BOX = (350.0, 600.0, 550.0, 750.0)  # blank paper


@pytest.fixture
def coded(pdf_window, corpus_project):
    """Ayesha and Bilal each code a region and some words of the PDF (not open yet)."""
    doc = pdf_window.pdf_id
    text = corpus_project.documents.text(doc)
    trust = corpus_project.codebook.get("Themes/Trust deficit").id
    us = corpus_project.codebook.get("Actors/United States").id
    pages = corpus_project.pages
    made = {
        "Ayesha": [pages.add_region_coding(doc, trust, 1, AYESHA_BOX, coder="Ayesha")],
        "Bilal": [pages.add_region_coding(doc, us, 1, BILAL_BOX, coder="Bilal")],
    }
    left, right = text.index("Left column"), text.index("Right column")
    made["Ayesha"].append(corpus_project.codings.add(doc, trust, left, left + 11, coder="Ayesha"))
    made["Bilal"].append(corpus_project.codings.add(doc, us, right, right + 12, coder="Bilal"))
    return made


def open_pdf(qtbot, window):
    pane = window.area.panes[0]
    window.area.open_document(pane, window.pdf_id)
    window.area.set_focused(pane)
    pv = pane.view.page_view
    qtbot.waitUntil(lambda: pv.is_rendered(1), timeout=10000)
    return pane, pv


def ids(codings) -> set[int]:
    return {c.id for c in codings}


def painted(pv, box) -> QColor:
    """The colour painted at the middle of a box on page 1 (the viewport repainted now)."""
    point = pv.viewport_rect(1, box).center().toPoint()
    pv.viewport().repaint()
    return pv.viewport().grab().toImage().pixelColor(point)


def test_the_page_view_shows_only_the_chosen_coders_codings(qtbot, pdf_window, coded):
    window = pdf_window
    pane, pv = open_pdf(qtbot, window)
    everyone = ids(coded["Ayesha"] + coded["Bilal"])
    assert ids(c for c, _ in pv.coding_marks(1)) == everyone
    tinted = painted(pv, BILAL_BOX)
    assert tinted != QColor("white")  # Bilal's region is painted over blank paper
    bilal_region = pv.viewport_rect(1, BILAL_BOX).center()
    assert ids(pv.codings_at_point(bilal_region)) == {coded["Bilal"][0].id}
    right = pv.viewport_rect(1, _word_box(window, "Right")).center()
    assert ids(pv.codings_at_point(right)) == {coded["Bilal"][1].id}

    _, only_ayesha = coder_menu_action(pane, "Ayesha")
    only_ayesha.trigger()
    marks = pv.coding_marks(1)
    assert ids(c for c, _ in marks) == ids(coded["Ayesha"])
    regions = {c.id: r for c, r in marks}
    assert regions[coded["Ayesha"][0].id].box == pytest.approx(AYESHA_BOX)
    assert regions[coded["Ayesha"][1].id] is None  # words, not a region
    assert ids(pv.shown_codings()) == ids(coded["Ayesha"])
    assert painted(pv, BILAL_BOX) == QColor("white")  # the paper again
    # hover and right-click (both ask codings_at_point) find nothing of Bilal's
    assert pv.codings_at_point(bilal_region) == []
    assert pv.codings_at_point(right) == []
    ayesha_region = pv.viewport_rect(1, AYESHA_BOX).center()
    assert ids(pv.codings_at_point(ayesha_region)) == {coded["Ayesha"][0].id}
    # the annotation pane and the text view of the same pane agree
    assert ids(window.annotations_model.codings()) == ids(coded["Ayesha"])
    text_view = pane.view.text_view
    assert ids(text_view.shown_codings()) == ids(coded["Ayesha"])
    trust_color = QColor(window.session.project.codebook.get("Themes/Trust deficit").color)
    marks_rows, _ = text_view.text_edit().ruler_marks(200)
    assert {c.name() for c in marks_rows.values()} == {trust_color.name()}

    # Only me (Bilal), then all coders again
    window.identity.set_name("Bilal")
    _, me = coder_menu_action(pane, "Only me (Bilal)")
    me.trigger()
    assert ids(c for c, _ in pv.coding_marks(1)) == ids(coded["Bilal"])
    assert painted(pv, BILAL_BOX) == tinted
    _, every = coder_menu_action(pane, "All coders")
    every.trigger()
    assert ids(c for c, _ in pv.coding_marks(1)) == everyone


def test_a_coding_made_on_the_page_by_a_hidden_coder_stays_hidden(qtbot, pdf_window, coded):
    window = pdf_window
    pane, pv = open_pdf(qtbot, window)
    window.identity.set_name("Chen")
    _, ayesha = coder_menu_action(pane, "Ayesha")
    ayesha.trigger()
    text = window.session.project.documents.text(window.pdf_id)
    start = text.index("the whole")
    pv.select_span(start, start + 9)
    window.coding.apply_code(window.session.project.codebook.get("Themes/Trust deficit").id)
    made = [c for c in window.session.project.codings.all(window.pdf_id) if c.coder == "Chen"]
    assert len(made) == 1 and made[0].id in ids(pv.all_codings())
    assert made[0].id not in ids(c for c, _ in pv.coding_marks(1))


def test_a_filter_chosen_before_the_first_pdf_reaches_its_page_view(qtbot, pdf_window, coded):
    window = pdf_window
    pane = window.area.panes[0]
    assert pane.view.page_view is None  # no PDF shown yet in this pane
    _, bilal = coder_menu_action(pane, "Bilal")
    bilal.trigger()
    pane, pv = open_pdf(qtbot, window)
    assert ids(c for c, _ in pv.coding_marks(1)) == ids(coded["Bilal"])
    assert painted(pv, AYESHA_BOX) != painted(pv, BILAL_BOX)
    # and a page view keeps it for the next PDF or document it shows
    window.area.open_document(pane, window.session.project.documents.all()[0].id)
    window.area.open_document(pane, window.pdf_id)
    qtbot.waitUntil(lambda: pv.is_rendered(1), timeout=10000)
    assert ids(pv.shown_codings()) == ids(coded["Bilal"])


def _word_box(window, word: str) -> tuple[float, float, float, float]:
    project = window.session.project
    text = project.documents.text(window.pdf_id)
    w = next(w for w in project.pages.words(window.pdf_id, 1) if text[w[4]:w[5]] == word)
    return w[:4]
