"""What the document view keeps between paints (issue 16) and when it lets go: the overview
ruler's pixmap, the frame's rectangles and stripes, the margin lanes that travel with a span
index (to a second pane, back from a recent document). Real widgets, real layouts; every kept
thing is checked against what a fresh measurement gives after a change."""

from __future__ import annotations

import gc

import pytest
import test_switching  # tests/ui is on sys.path
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtGui import QColor

from gwot_reader.core.model import Coding
from gwot_reader.core.spans import Span, SpanIndex
from gwot_reader.ui.docview import DocumentView

PLAIN = ("The passage that matters comes here, after the notes and before the end; " * 4 + "\n") * 60
MIXED = ("Notes 😀 from 中文 sources 𝒳 e\u0301 and more words to wrap the line. "
         "پاکستان اور امریکہ in the middle.\n") * 40
RED, BLUE, GREEN = "#ff0000", "#0000ff", "#00aa00"
choose = test_switching.choose
async_reads, hard_doc = test_switching.async_reads, test_switching.hard_doc  # fixtures


def dense(text: str, n: int = 200) -> list[Span]:
    step = max(1, (len(text) - 120) // n)
    return [Span(i + 1, i * step, i * step + 40 + (i * 37) % 80, 1 + i % 3, "AB"[i % 2])
            for i in range(n)]


def show(view: DocumentView, text: str, spans) -> None:
    view.set_document(1, text, [], spans, {1: RED, 2: BLUE, 3: GREEN})
    paint(view)


def paint(view: DocumentView) -> None:
    view.text_edit().viewport().repaint()
    view.margin().repaint()
    view.text_edit().verticalScrollBar().repaint()


def reference(view: DocumentView) -> dict[int, list[tuple]]:
    """The rectangles of every shown coding on screen, measured one by one, afresh."""
    area = view.text_edit()
    frame = area.frame()
    out: dict[int, list[tuple]] = {}
    for c in area.visible_codings(frame):
        rects = frame.rects(*area.positions.span_to_utf16(c.start, c.end))
        if rects:
            out.setdefault(c.code_id, []).extend(r.getRect() for r in rects)
    return out


def kept(view: DocumentView) -> dict[int, list[tuple]]:
    area = view.text_edit()
    return {k: [r.getRect() for r in v]
            for k, v in area.coding_fills(area.frame()).items() if v}


def stripe_ids(view: DocumentView) -> set[int]:
    return {s.coding.id for s in view.margin().stripes}


@pytest.fixture
def view(docview) -> DocumentView:
    docview.resize(700, 500)
    return docview


# -- the overview ruler ----------------------------------------------------------------------------
def ruler_pixmap(view: DocumentView):
    bar = view.text_edit().verticalScrollBar()
    bar.repaint()
    return bar._drawn[2] if bar._drawn else None


def ruler_colours(view: DocumentView) -> set[str]:
    image = view.text_edit().verticalScrollBar().grab().toImage()
    return {QColor(image.pixel(x, y)).name() for x in range(image.width())
            for y in range(image.height())}


def test_the_ruler_is_drawn_once_while_scrolling_and_again_after_each_change(view, qtbot):
    show(view, PLAIN, [Span(1, 10, 60, 1), Span(2, len(PLAIN) - 80, len(PLAIN) - 10, 2)])
    qtbot.waitUntil(lambda: ruler_pixmap(view) is not None)
    first = ruler_pixmap(view)
    bar = view.text_edit().verticalScrollBar()
    for value in (bar.maximum() // 3, bar.maximum()):  # the slider moves, the marks stay
        bar.setValue(value)
        assert ruler_pixmap(view) is first
    assert RED in ruler_colours(view) and BLUE in ruler_colours(view)

    view.add_codings([Coding(3, "G3", 1, 3, 300, 340)])  # a new coding: a new mark
    assert ruler_pixmap(view) is not first
    assert GREEN in ruler_colours(view)
    after_add = ruler_pixmap(view)
    view.remove_codings([3])
    assert ruler_pixmap(view) is not after_add
    assert GREEN not in ruler_colours(view)
    view.set_code_colors({1: "#123456", 2: BLUE})  # recoloured
    assert "#123456" in ruler_colours(view) and RED not in ruler_colours(view)
    before = ruler_pixmap(view)
    view.resize(700, 380)  # a shorter groove: drawn again at its size
    qtbot.waitUntil(lambda: ruler_pixmap(view) is not before)
    assert ruler_pixmap(view).height() == bar.groove().height()


def test_find_hits_are_marked_and_unmarked_on_the_kept_ruler(view, qtbot):
    from gwot_reader.ui.docview.ruler import HIT_MARK

    show(view, PLAIN, [Span(1, 10, 60, 1)])
    qtbot.waitUntil(lambda: ruler_pixmap(view) is not None)
    assert HIT_MARK.name() not in ruler_colours(view)
    assert view.find("matters") > 0
    assert HIT_MARK.name() in ruler_colours(view)
    view.clear_find()
    assert HIT_MARK.name() not in ruler_colours(view)


# -- rectangles and stripes of a frame ------------------------------------------------------------
def test_kept_rectangles_follow_every_change_of_the_codings(view):
    show(view, PLAIN, dense(PLAIN))
    before = kept(view)
    assert before == reference(view)
    view.add_codings([Coding(999, "G999", 1, 3, 5, 200)])
    assert kept(view) == reference(view) and kept(view) != before
    assert 999 in stripe_ids(view)
    view.update_codings([Coding(999, "G999", 1, 2, 5, 30)])  # another code, a shorter span
    assert kept(view) == reference(view)
    stripe = next(s for s in view.margin().stripes if s.coding.id == 999)
    assert (stripe.coding.code_id, stripe.coding.end) == (2, 30)
    view.remove_codings([999])
    assert kept(view) == before and 999 not in stripe_ids(view)


def test_a_recolouring_repaints_the_kept_rectangles_in_the_new_colour(view):
    show(view, PLAIN, [Span(1, 0, 80, 1)])
    area = view.text_edit()
    rect = area.coding_fills(area.frame())[1][0]
    point = rect.center().toPoint()

    def colour() -> QColor:
        paint(view)
        return QColor(area.viewport().grab().toImage().pixel(point))

    red = colour()
    view.set_code_colors({1: BLUE})
    blue = colour()
    assert red.red() > red.blue() and blue.blue() > blue.red()


def test_the_coder_filter_and_lanes_change_what_is_kept(view):
    spans = dense(PLAIN)
    show(view, PLAIN, spans)
    everyone = stripe_ids(view)
    view.set_coder_filter({"A"})
    only_a = {s.id for s in spans if s.coder == "A"}
    assert stripe_ids(view) == everyone & only_a and kept(view) == reference(view)
    assert all(c.coder == "A" for c in view.text_edit().visible_codings(view.text_edit().frame()))
    view.set_coder_filter(None, lanes=True)  # everyone again, each coder in a band
    assert stripe_ids(view) == everyone
    x_of = {s.coding.id: s.rect.left() for s in view.margin().stripes}
    a_lanes = {x_of[i] for i in everyone & only_a}
    b_lanes = {x_of[i] for i in everyone - only_a}
    assert not a_lanes & b_lanes  # the bands never share a lane
    view.set_coder_filter(None)
    assert stripe_ids(view) == everyone and kept(view) == reference(view)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.one_of(
    st.tuples(st.just("width"), st.integers(420, 900)),
    st.tuples(st.just("zoom"), st.integers(8, 18)),
    st.tuples(st.just("scroll"), st.floats(0, 1))), min_size=1, max_size=5),
    text=st.sampled_from([PLAIN, MIXED]))
def test_kept_rectangles_and_stripes_are_measured_again_after_resizing_zooming_scrolling(
        view, steps, text):
    show(view, text, dense(text))
    area = view.text_edit()
    for kind, value in steps:
        frame, size = area.frame(), area.font().pointSizeF()
        if kind == "width":
            view.resize(value, 500)
        elif kind == "zoom":
            view.set_zoom(value)
        else:
            bar = area.verticalScrollBar()
            bar.setValue(int(bar.maximum() * value))
        paint(view)
        assert kept(view) == reference(view)
        now = area.frame()
        stripes = view.margin().stripes
        assert [s.coding.id for s in stripes] == [c.id for c in area.visible_codings(now)]
        for s in stripes:  # each stripe spans its coding's lines on screen
            s16, e16 = area.positions.span_to_utf16(s.coding.start, s.coding.end)
            assert s.rect.top() == now.line_top(s16) + 1
        if (now.width, now.first, area.font().pointSizeF()) != (frame.width, frame.first, size):
            assert now is not frame  # measured anew, not kept


def test_the_margin_draws_exactly_the_stripes_it_hit_tests(view):
    show(view, MIXED, dense(MIXED))
    margin = view.margin()
    drawn = sorted(r.getRect() for rects in margin._by_code.values() for r in rects)
    assert drawn == sorted(s.rect.getRect() for s in margin.stripes)


# -- lanes travel with the index --------------------------------------------------------------------
def test_an_index_keeps_its_lanes_through_copies_and_drops_those_of_changed_spans():
    index = SpanIndex(dense(PLAIN, 60))
    index.lanes = index.stack_lanes()
    copy = index.copy()
    assert copy.lanes == index.lanes and copy.lanes is not index.lanes
    copy.add(Span(1, 0, 5, 1))  # changed: it may need another lane now
    copy.remove(2)
    assert 1 not in copy.lanes and 2 not in copy.lanes and 1 in index.lanes
    many = [s.id for s in dense(PLAIN, 60)[10:40]]
    copy.remove_many(many)
    assert not set(many) & set(copy.lanes)


def test_lanes_given_out_lazily_stay_apart_after_a_change(view):
    spans = dense(PLAIN)
    show(view, PLAIN, SpanIndex(spans))  # no lanes ahead: given out as they show
    area = view.text_edit()
    lanes = area.codings.levels
    assert lanes and area.codings.index.lanes is lanes
    moved = Coding(spans[0].id, "G", 1, 1, spans[3].start, spans[3].end + 5)
    view.update_codings([moved])
    paint(view)
    stripes = view.margin().stripes
    for a in stripes:
        for b in stripes:
            if a.coding.id < b.coding.id and a.coding.start < b.coding.end \
                    and b.coding.start < a.coding.end:
                assert a.rect.left() != b.rect.left()


def test_a_second_pane_and_a_switch_back_reuse_the_lanes_given_out(qtbot, window, hard_doc,
                                                                   async_reads):
    area = window.area
    pane, other = area.panes[0], area.panes[1]
    first = pane.document_id
    choose(pane, hard_doc)
    qtbot.waitUntil(lambda: not area.is_loading(pane), timeout=10_000)
    lanes = dict(pane.view.span_index().lanes)
    assert len(lanes) == 300  # stacked on the worker thread with the reading
    choose(other, hard_doc)  # the same document beside it: the lanes come along
    assert not area.is_loading(other)
    assert other.view.span_index().lanes == lanes
    assert other.view.span_index().lanes is not pane.view.span_index().lanes
    choose(pane, first)
    qtbot.waitUntil(lambda: not area.is_loading(pane), timeout=10_000)
    choose(other, first)
    qtbot.waitUntil(lambda: not area.is_loading(other), timeout=10_000)
    choose(pane, hard_doc)  # back from the recent documents, lanes and all
    assert not area.is_loading(pane) and pane.view.span_index().lanes == lanes


def test_the_start_keeps_its_long_lived_objects_out_of_the_collector():
    from gwot_reader.ui.app import settle_heap

    try:
        settle_heap()
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(st.tuples(st.integers(0, 500), st.integers(1, 120)), min_size=1,
                     max_size=60), window=st.tuples(st.integers(0, 600), st.integers(1, 300)))
def test_a_first_paints_lanes_stacked_at_once_are_those_given_one_by_one(rows, window):
    from gwot_reader.ui.docview.codingset import CodingSet

    spans = [Span(i + 1, s, s + n, 1) for i, (s, n) in enumerate(rows)]
    at_once, one_by_one = CodingSet(), CodingSet()
    at_once.reset(SpanIndex(spans))
    one_by_one.reset(SpanIndex(spans))
    one_by_one.levels[-1] = 0  # a lane given out already (to no span here): the slow path
    start, length = window
    shown = at_once.overlapping_rows(start, start + length)
    assert at_once.lanes(shown) == one_by_one.lanes(shown)
    for a in shown:  # and overlapping codings never share a lane
        for b in shown:
            if a[3] < b[3] and a[0] < b[1] and b[0] < a[1]:
                assert at_once.levels[a[3]] != at_once.levels[b[3]]


def test_a_selection_repaints_from_what_is_kept_and_a_dragged_edge_does_not(view, qtbot):
    show(view, PLAIN, dense(PLAIN))
    area = view.text_edit()
    fills = area.coding_fills(area.frame())
    view.select_span(10, 400)  # a selection (or a caret blink): the same frame, the same fills
    paint(view)
    assert area.coding_fills(area.frame()) is fills
    stripe = next(s for s in view.margin().stripes if s.has_top and s.has_bottom)
    coding = stripe.coding
    area.begin_edge_drag(coding, "end")  # dragged: shown where the mouse is, not where it was
    area.drag_edge_to(area.positions.to_utf16(coding.end + 150))
    paint(view)
    moved = next(s for s in view.margin().stripes if s.coding.id == coding.id)
    assert moved.coding.end == coding.end + 150 and moved.rect.bottom() > stripe.rect.bottom()
    assert kept(view) == reference(view) and area.coding_fills(area.frame()) is not fills
    area.end_edge_drag(commit=False)  # Esc: back where it was
    paint(view)
    back = next(s for s in view.margin().stripes if s.coding.id == coding.id)
    assert back.coding == coding and back.rect == stripe.rect
    assert kept(view) == reference(view)
