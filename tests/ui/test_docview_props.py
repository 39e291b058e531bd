"""Property: select_span then selected_span gives back the same code points, on any Unicode text."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gwot_reader.ui.docview import DocumentView

# Stored text has no CR (normalised at import) and no lone surrogates (not encodable in UTF-8).
CHARS = st.characters(blacklist_categories=("Cs",), blacklist_characters="\r")
ASTRAL = st.characters(min_codepoint=0x10000, max_codepoint=0x10FFFF, blacklist_categories=("Cs", "Cn"))


@st.composite
def text_and_span(draw):
    parts = draw(st.lists(st.one_of(st.text(CHARS, min_size=1, max_size=12), ASTRAL),
                          min_size=1, max_size=12))
    text = "".join(parts) + draw(ASTRAL)  # at least one astral character, at a random place
    if draw(st.booleans()):
        text = draw(ASTRAL) + text
    a = draw(st.integers(0, len(text)))
    b = draw(st.integers(0, len(text)))
    return text, min(a, b), max(a, b)


@pytest.fixture(scope="module")
def shared_view(qapp):
    view = DocumentView()
    view.resize(500, 300)
    yield view
    view.deleteLater()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=text_and_span())
def test_select_span_round_trips(shared_view, case):
    text, start, end = case
    shared_view.set_document(1, text, [], [], {})
    shared_view.select_span(start, end)
    if start == end:
        assert shared_view.selected_span() is None
    else:
        assert shared_view.selected_span() == (start, end)
        got = shared_view.selected_span()
        assert shared_view.text()[got[0]:got[1]] == text[start:end]


@st.composite
def text_and_qt_positions(draw):
    text, _, _ = draw(text_and_span())
    n16 = len(text.encode("utf-16-le")) // 2
    a = draw(st.integers(0, n16))
    b = draw(st.integers(0, n16))
    return text, a, b


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=text_and_qt_positions())
def test_any_qt_selection_maps_to_the_smallest_covering_code_point_span(shared_view, case):
    """Qt positions may fall inside a surrogate pair; the span then widens to the character."""
    from PySide6.QtGui import QTextCursor

    text, a, b = case
    shared_view.set_document(1, text, [], [], {})
    area = shared_view.text_edit()
    cursor = QTextCursor(area.document())
    cursor.setPosition(a)
    cursor.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
    area.setTextCursor(cursor)
    lo, hi = cursor.selectionStart(), cursor.selectionEnd()
    span = shared_view.selected_span()
    if lo == hi:
        assert span is None
        return
    start, end = span
    u16 = area.positions.to_utf16
    assert 0 <= start < end <= len(text)
    assert u16(start) <= lo < u16(start + 1)  # the character holding Qt's start
    assert u16(end - 1) < hi <= u16(end)  # and the one holding its end
