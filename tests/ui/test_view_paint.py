"""The paint path of dense codings (issue 16): one loop for every visible coding's rectangles,
measured once per frame, stripes and lanes, the overview ruler, and what a long text's later
pieces leave alone. Real views, real layouts."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtGui import QColor, QTextCursor

from gwot_reader.core.model import Coding
from gwot_reader.core.spans import Span, SpanIndex
from gwot_reader.ui.docview import DocumentView

# Emoji (UTF-16 pairs), CJK, Urdu (right to left: the glyph-run path), combining marks.
LINE = ("Field notes 😀 from 中文 sources 𝒳 e\u0301 and more words to wrap the line here. "
        "پاکستان اور امریکہ کے تعلقات in the middle of a sentence.\n")
TEXT = LINE * 30
PLAIN = ("The passage that matters comes here, after the notes and before the end; " * 4 + "\n") * 40


def show(view: DocumentView, text: str, spans, colors=None) -> None:
    view.set_document(1, text, [], spans, colors or {1: "#ff0000", 2: "#0000ff", 3: "#00aa00"})
    view.text_edit().viewport().repaint()
    view.margin().repaint()


@pytest.fixture
def view(docview) -> DocumentView:
    docview.resize(700, 500)
    return docview


@pytest.fixture(scope="module")
def shared(qapp):
    v = DocumentView()
    v.resize(650, 450)
    v.show()
    yield v
    v.close()  # hidden now: a deferred delete alone left it on screen, under later tests' pointer
    v.deleteLater()


def rects_one_by_one(area, frame, spans) -> dict[int, list[tuple]]:
    out: dict[int, list[tuple]] = {}
    for s in spans:
        out.setdefault(s.code_id, []).extend(
            r.getRect() for r in frame.rects(*area.positions.span_to_utf16(s.start, s.end)))
    return out


SPANS = st.lists(st.tuples(st.integers(0, len(TEXT) - 2), st.integers(1, 400), st.integers(1, 3)),
                 min_size=1, max_size=30)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=SPANS, text=st.sampled_from([TEXT, PLAIN]), scroll=st.floats(0, 1))
def test_one_loop_draws_exactly_what_each_span_alone_would(shared, rows, text, scroll):
    spans = [Span(i + 1, s, min(len(text), s + n), c) for i, (s, n, c) in enumerate(rows)]
    show(shared, text, spans)
    area = shared.text_edit()
    bar = area.verticalScrollBar()
    bar.setValue(int(bar.maximum() * scroll))
    frame = area.frame()
    visible = area.visible_codings(frame)
    fills = area.coding_fills(frame)
    got = {k: [r.getRect() for r in v] for k, v in fills.items() if v}
    assert got == {k: v for k, v in rects_one_by_one(area, frame, visible).items() if v}


def test_a_frame_is_measured_once_for_both_paints_and_again_after_a_change(view):
    spans = [Span(i + 1, i * 13, i * 13 + 90, 1 + i % 3) for i in range(300)]
    show(view, PLAIN, spans)
    area = view.text_edit()
    frame = area.frame()
    fills = area.coding_fills(frame)
    area.viewport().repaint()  # a caret blink, the margin's paint: the same rectangles
    assert area.frame() is frame and area.coding_fills(frame) is fills
    view.add_codings([Coding(999, "G999", 1, 2, 5, 50)])
    again = area.coding_fills(area.frame())
    assert again is not fills
    assert area.frame().rects(5, 50)[0].getRect() in [r.getRect() for r in again[2]]


def test_overlapping_stripes_never_share_a_lane_whoever_stacked_them(view):
    spans = [Span(i + 1, (i * 7) % 600, (i * 7) % 600 + 40 + i % 50, 1 + i % 3) for i in range(120)]
    for stacked in (False, True):  # lazily as they show, or ahead as the worker thread does
        index = SpanIndex(spans)
        if stacked:
            index.lanes = index.stack_lanes()
        show(view, PLAIN, index)
        stripes = view.margin().stripes
        assert len(stripes) == len(view.text_edit().visible_codings(view.text_edit().frame()))
        for a in stripes:
            for b in stripes:
                if a.coding.id < b.coding.id and a.coding.start < b.coding.end \
                        and b.coding.start < a.coding.end:
                    assert a.rect.left() != b.rect.left()


def test_the_ruler_marks_rows_where_codings_start_in_their_code_colour(view):
    length = len(PLAIN)
    spans = [Span(1, 10, 40, 1), Span(2, length - 50, length - 5, 2)]
    show(view, PLAIN, spans)
    area = view.text_edit()
    coded, hits = area._ruler_marks(400)
    assert hits == set()
    rows = sorted(coded)
    assert coded[rows[0]] == QColor("#ff0000") and coded[rows[-1]] == QColor("#0000ff")
    assert rows[0] < 5 and rows[-1] > 390  # near the top and near the bottom of the groove


def test_later_pieces_of_a_long_text_leave_the_measured_screen_alone(qtbot, view):
    from gwot_reader.ui.docview.view import PIECE

    text = PLAIN * (3 * PIECE // len(PLAIN) + 1)
    view.set_document(1, text, [], [Span(1, 5, 60, 1)], {1: "#ff0000"})
    assert view.loading
    area = view._area
    area.viewport().repaint()
    area.frame()
    epoch = area._text_epoch  # what was measured of this text stands until it changes
    qtbot.waitUntil(lambda: not view.loading, timeout=20_000)
    assert area._text_epoch == epoch  # the pieces went in below the screen
    assert area.toPlainText() == text
    cursor = QTextCursor(area.document())
    cursor.insertText("New first words. ")  # a change above what is measured
    assert area._text_epoch > epoch
