"""The document view's coder filter and coder lanes, painted: on text with emoji, CJK, Urdu,
combining marks and CRLF-born lines, a filtered coder's highlights and stripes are gone, the
others' stay exactly where they were, and lanes keep coders apart."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QEvent, QPointF
from PySide6.QtGui import QColor, QHelpEvent
from PySide6.QtWidgets import QToolTip
from test_docview import BLUE, RED, char_rect, tinted_count

from gwot_reader.core.model import Coding
from gwot_reader.ui.docview import DocumentView

TEXT = ("Notes 😀 from 中文 and اردو sources, cafe\u0301.\n"
        "The passage that matters comes here, after them.\nA third line, 𝒳 plain.")
PASSAGE = TEXT.index("The passage")


def by(cid: int, coder: str, start: int, end: int, code_id: int = 1) -> Coding:
    return Coding(cid, f"G{cid}", 1, code_id, start, end, coder=coder)


def show(view: DocumentView, codings) -> None:
    view.set_document(1, TEXT, [], codings, {1: RED, 2: BLUE}, {1: "Themes/Trust", 2: "Actors/US"})
    view.text_edit().viewport().repaint()
    view.margin().repaint()


def stripe_colors_at(view: DocumentView, cp: int) -> list[QColor]:
    margin = view.margin()
    image = margin.grab().toImage()
    y = char_rect(view, cp).center().y()
    return [QColor(image.pixel(x, y)) for x in range(margin.width())]


def test_a_filtered_coder_is_neither_highlighted_nor_striped(view):
    ayesha = by(1, "Ayesha", PASSAGE, PASSAGE + 24, 1)
    bilal = by(2, "Bilal", 2, 20, 2)  # the first line, over the emoji, CJK and Urdu
    show(view, [ayesha, bilal])
    assert tinted_count(view, PASSAGE, PASSAGE + 24, RED) > 100
    assert tinted_count(view, 2, 20, BLUE) > 50
    view.set_coder_filter({"Ayesha"})
    view.text_edit().viewport().repaint()
    view.margin().repaint()
    assert tinted_count(view, PASSAGE, PASSAGE + 24, RED) > 100  # unchanged where it was
    assert tinted_count(view, 2, 20, BLUE) == 0
    assert QColor(BLUE) not in stripe_colors_at(view, 5)
    assert QColor(RED) in stripe_colors_at(view, PASSAGE + 3)
    assert [c.id for c in view.shown_codings()] == [ayesha.id]
    assert {c.id for c in view.codings()} == {1, 2}  # the view still holds both
    view.set_coder_filter(None)
    view.text_edit().viewport().repaint()
    assert tinted_count(view, 2, 20, BLUE) > 50


def test_the_filter_is_kept_for_the_next_document_and_for_new_codings(view):
    show(view, [by(1, "Ayesha", 0, 10)])
    view.set_coder_filter({"Bilal"}, lanes=True)
    show(view, [by(2, "Ayesha", 0, 10), by(3, "Bilal", 30, 40)])
    assert view.coder_filter() == (frozenset({"Bilal"}), True)
    assert [c.id for c in view.shown_codings()] == [3]
    view.add_codings([by(4, "Bilal", 2, 8), by(5, "Chen", 2, 8)])
    assert [c.id for c in view.shown_codings()] == [4, 3]


def test_lanes_put_each_coder_in_a_band_with_the_tooltip_naming_the_coder(view):
    show(view, [by(1, "Ayesha", PASSAGE, PASSAGE + 20, 1), by(2, "Ayesha", PASSAGE + 5, PASSAGE + 30, 1),
                by(3, "Bilal", PASSAGE, PASSAGE + 20, 2)])
    view.set_coder_filter(None, lanes=True)
    margin = view.margin()
    margin.repaint()
    x = {s.coding.id: s.rect.left() for s in margin.stripes}
    assert x[1] != x[2]  # one coder's overlapping codings side by side
    assert min(x[1], x[2]) > x[3]  # Ayesha's band nearer the text than Bilal's
    stripe = next(s for s in margin.stripes if s.coding.id == 3)
    pos = stripe.rect.center().toPoint()
    margin.event(QHelpEvent(QEvent.Type.ToolTip, pos, margin.mapToGlobal(pos)))
    assert "by Bilal" in QToolTip.text()
    QToolTip.hideText()


def test_hover_in_the_text_lists_only_the_shown_coders(view):
    show(view, [by(1, "Ayesha", PASSAGE, PASSAGE + 24), by(2, "Bilal", PASSAGE, PASSAGE + 24, 2)])
    area = view.text_edit()
    r = char_rect(view, PASSAGE + 5)
    point = QPointF(r.x() + 2, r.center().y())
    assert {c.coder for c in area.codings_at_point(point)} == {"Ayesha", "Bilal"}
    view.set_coder_filter({"Bilal"})
    assert [c.coder for c in area.codings_at_point(point)] == ["Bilal"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(["Ayesha", "Bilal", "Chen", ""]), st.integers(0, 100),
                          st.integers(1, 40)), max_size=15),
       st.one_of(st.none(), st.sets(st.sampled_from(["Ayesha", "Bilal", "Chen", "Dana"]))),
       st.booleans())
def test_what_is_shown_is_exactly_the_chosen_coders_codings(view, rows, chosen, lanes):
    n = len(TEXT)
    codings = [by(i + 1, who, min(s, n - 1), min(s + k, n)) for i, (who, s, k) in enumerate(rows)]
    show(view, codings)
    view.set_coder_filter(chosen, lanes)
    expected = {c.id for c in codings if chosen is None or c.coder in chosen}
    assert {c.id for c in view.shown_codings()} == expected
    view.margin().repaint()
    assert {s.coding.id for s in view.margin().stripes} <= expected
    area = view.text_edit()
    assert {c.id for c in area.visible_codings(area.frame())} <= expected


def ruler_colors(view: DocumentView) -> set[str]:
    coded, _hits = view.text_edit().ruler_marks(100)  # a groove 100 pixels tall
    return {c.name() for c in coded.values()}


def test_the_overview_ruler_marks_only_the_shown_coders(view):
    """Ayesha's codings are red, Bilal's blue, far apart: the ruler beside the scroll bar
    follows the filter (its cache too), and a coding added meanwhile by a hidden coder stays
    off it."""
    show(view, [by(1, "Ayesha", 0, 5, 1), by(2, "Bilal", len(TEXT) - 8, len(TEXT) - 1, 2)])
    assert ruler_colors(view) == {QColor(RED).name(), QColor(BLUE).name()}
    view.set_coder_filter({"Ayesha"})
    assert ruler_colors(view) == {QColor(RED).name()}
    view.add_codings([by(3, "Bilal", PASSAGE, PASSAGE + 5, 2)])
    assert ruler_colors(view) == {QColor(RED).name()}
    view.set_coder_filter({"Bilal"}, lanes=True)
    assert ruler_colors(view) == {QColor(BLUE).name()}
    view.set_coder_filter(set())  # nobody
    assert ruler_colors(view) == set()
    view.set_coder_filter(None)
    assert ruler_colors(view) == {QColor(RED).name(), QColor(BLUE).name()}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(["Ayesha", "Bilal", ""]), st.integers(0, 120),
                          st.integers(1, 30), st.sampled_from([1, 2])), max_size=15),
       st.one_of(st.none(), st.sets(st.sampled_from(["Ayesha", "Bilal", "Chen"]))))
def test_each_ruler_row_is_the_first_shown_coding_starting_there(view, rows, chosen):
    n = len(TEXT)
    codings = [by(i + 1, who, min(s, n - 1), min(s + k, n), code)
               for i, (who, s, k, code) in enumerate(rows)]
    show(view, codings)
    view.set_coder_filter(chosen)
    area = view.text_edit()
    height = 90
    coded, _ = area.ruler_marks(height)
    rows_n = height - 2
    colors = {1: QColor(RED).name(), 2: QColor(BLUE).name()}
    for row in range(rows_n):
        a, b = n * row // rows_n, n * (row + 1) // rows_n
        starting = sorted((c.start, c.end, c.id, c.code_id) for c in codings
                          if a <= c.start < b and (chosen is None or c.coder in chosen))
        if b <= a or not starting:
            assert row not in coded
        else:
            assert coded[row].name() == colors[starting[0][3]]
