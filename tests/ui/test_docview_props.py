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
