"""Property tests for positions: code points vs UTF-16, spans, interval index, parsers."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from gwot_reader.core.errors import GwotError, SpanError
from gwot_reader.core.intervals import stack_levels
from gwot_reader.core.markup import render_markdown
from gwot_reader.core.offsets import PositionMap, check_span, context
from gwot_reader.core.spans import Span, SpanIndex
from gwot_reader.core.textnorm import decode_text, normalise_newlines

# Any Unicode text Python can encode (no lone surrogates), weighted towards the hard cases:
# astral characters (emoji, historic scripts), combining marks, CR/LF.
HARD = st.sampled_from(["😀", "👍🏽", "𝕏", "𠀋", "e\u0301", "\u0654", "\r\n", "\r", "\n", "a", "ß",
                        "\u200d", "\ufeff"])
CHARS = st.characters(blacklist_categories=("Cs",))
TEXT = st.lists(st.one_of(CHARS, HARD), max_size=60).map("".join)


def u16_offset(text: str, cp: int) -> int:
    """Reference: UTF-16 units before code point ``cp``."""
    return len(text[:cp].encode("utf-16-le")) // 2


# -- PositionMap --------------------------------------------------------------------------------

@settings(deadline=None)
@given(TEXT)
def test_to_utf16_matches_encoding(text):
    pm = PositionMap(text)
    assert pm.length == len(text)
    assert pm.length_u16 == len(text.encode("utf-16-le")) // 2
    for cp in range(len(text) + 1):
        assert pm.to_utf16(cp) == u16_offset(text, cp)


@settings(deadline=None)
@given(TEXT)
def test_from_utf16_inverts_to_utf16(text):
    pm = PositionMap(text)
    for cp in range(len(text) + 1):
        assert pm.from_utf16(pm.to_utf16(cp)) == cp


@settings(deadline=None)
@given(TEXT)
def test_from_utf16_inside_a_pair_rounds_down(text):
    pm = PositionMap(text)
    for cp, ch in enumerate(text):
        if ord(ch) > 0xFFFF:
            assert pm.from_utf16(u16_offset(text, cp) + 1) == cp


@settings(deadline=None)
@given(TEXT, st.data())
def test_span_from_utf16_slices_the_same_text_as_qt(text, data):
    """A UTF-16 selection (as Qt reports it) maps to the code-point span of the same text."""
    units = text.encode("utf-16-le")
    n16 = len(units) // 2
    a = data.draw(st.integers(0, n16))
    b = data.draw(st.integers(0, n16))
    pm = PositionMap(text)
    start, end = pm.span_from_utf16(a, b)
    assert 0 <= start <= end <= len(text)
    lo, hi = min(a, b), max(a, b)
    # The span covers the selection (widened to whole characters at a surrogate pair) ...
    assert u16_offset(text, start) <= lo and u16_offset(text, end) >= hi
    # ... and, when the selection is on character boundaries, is exactly it.
    boundaries = {u16_offset(text, i) for i in range(len(text) + 1)}
    if lo in boundaries and hi in boundaries:
        selected = units[2 * lo : 2 * hi].decode("utf-16-le")
        assert text[start:end] == selected
    assert pm.span_to_utf16(start, end) == (u16_offset(text, start), u16_offset(text, end))


@settings(deadline=None)
@given(TEXT, st.data())
def test_astral_between_counts_astral_characters(text, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    assert PositionMap(text).astral_between(start, end) == sum(
        ord(ch) > 0xFFFF for ch in text[start:end])


def test_bmp_text_needs_no_conversion():
    pm = PositionMap("plain text, only BMP: é ß 中")
    assert pm.to_utf16(10) == 10 and pm.from_utf16(10) == 10


# -- spans ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("start,end", [(3, 3), (5, 2), (-1, 4), (0, 11), (2, 99)])
def test_bad_spans_refused(start, end):
    with pytest.raises(SpanError):
        check_span(start, end, 10)


def test_non_integer_span_refused():
    with pytest.raises(SpanError):
        check_span(1.5, 3, 10)  # type: ignore[arg-type]


@settings(deadline=None)
@given(TEXT, st.data())
def test_valid_spans_accepted_and_context_is_around_them(text, data):
    assume(len(text) > 0)
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    check_span(start, end, len(text))
    before, after = context(text, start, end, width=5)
    assert text.endswith(before + text[start:end] + after, 0, min(len(text), end + 5))
    assert len(before) == min(5, start) and len(after) == min(5, len(text) - end)


# -- decoding: CRLF input, positions refer to the canonical text ----------------------------------

PRINTABLE = st.lists(st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from(
    ["\r\n", "\r", "\n", "\t", "😀", "e\u0301"]), min_size=1, max_size=80).map("".join)


@settings(deadline=None)
@given(PRINTABLE, st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-32"]))
def test_decode_normalises_newlines_in_any_utf(text, encoding):
    assume(text.strip() and not text.startswith("\ufeff"))
    canonical, warnings = decode_text(text.encode(encoding))
    assert canonical == text.replace("\r\n", "\n").replace("\r", "\n")
    assert "\r" not in canonical and warnings == []


@settings(deadline=None)
@given(PRINTABLE)
def test_positions_after_crlf_refer_to_canonical_text(text):
    """A span found in the normalised text quotes the same characters as in the source."""
    canonical = normalise_newlines(text)
    pm = PositionMap(canonical)
    for cp in range(len(canonical) + 1):
        assert pm.from_utf16(pm.to_utf16(cp)) == cp
    assert normalise_newlines(canonical) == canonical


@given(st.binary(max_size=300))
@settings(deadline=None, max_examples=300)
def test_decode_text_raises_only_gwot_errors(data):
    try:
        text, warnings = decode_text(data, "x.txt")
    except GwotError as exc:
        assert "\n" not in str(exc)
    else:
        assert "\r" not in text and text.strip()


# -- interval index against brute force -----------------------------------------------------------

class Item:
    def __init__(self, id: int, start: int, end: int) -> None:
        self.id, self.start, self.end, self.code_id = id, start, end, 1

    def __repr__(self) -> str:
        return f"Item({self.id}, {self.start}, {self.end})"


OPS = st.lists(
    st.one_of(
        st.tuples(st.just("add"), st.integers(0, 30), st.integers(0, 200), st.integers(1, 60)),
        st.tuples(st.just("remove"), st.integers(0, 30), st.just(0), st.just(0)),
    ),
    max_size=80,
)


@settings(deadline=None)
@given(OPS, st.lists(st.tuples(st.integers(-10, 260), st.integers(1, 80)), max_size=10))
def test_interval_index_matches_brute_force(ops, queries):
    index = SpanIndex()
    model: dict[int, Item] = {}
    for op, item_id, start, length in ops:
        if op == "add":
            item = Item(item_id, start, start + length)
            index.add(item)
            model[item_id] = item
        else:
            removed = index.remove(item_id)
            gone = model.pop(item_id, None)
            assert removed == (None if gone is None else Span(gone.id, gone.start, gone.end, 1))
    assert len(index) == len(model)
    assert sorted(i.id for i in index) == sorted(model)
    for a, width in queries:
        b = a + width
        want = sorted((Span(i.id, i.start, i.end, 1) for i in model.values()
                       if i.start < b and i.end > a), key=lambda i: (i.start, i.end, i.id))
        assert index.overlapping(a, b) == want
        assert index.at(a) == [i for i in want if i.start <= a < i.end]


@settings(deadline=None)
@given(st.lists(st.tuples(st.integers(0, 100), st.integers(1, 30)), max_size=40))
def test_stack_levels_never_put_overlapping_items_in_one_lane(spans):
    items = [Item(i, s, s + n) for i, (s, n) in enumerate(spans)]
    levels = stack_levels(items)
    assert set(levels) == {i.id for i in items}
    for x in items:
        for y in items:
            if x.id < y.id and x.start < y.end and y.start < x.end:
                assert levels[x.id] != levels[y.id]


# -- Markdown renderer -----------------------------------------------------------------------------

@given(st.text(max_size=200))
@settings(deadline=None, max_examples=300)
def test_render_markdown_never_raises_and_runs_lie_inside(source):
    text, runs = render_markdown(source.replace("\r", ""))
    for r in runs:
        assert 0 <= r.start < r.end <= len(text)


WORD = st.text("abcdefghijklmnopqrstuvwxyzéß😀", min_size=1, max_size=8)


@st.composite
def simple_markdown(draw):
    """Markdown built from words with known markup, and the text a reader should see."""
    lines_src, lines_text = [], []
    for _ in range(draw(st.integers(1, 5))):
        words_src, words_text = [], []
        for _ in range(draw(st.integers(1, 6))):
            w = draw(WORD)
            style = draw(st.sampled_from(["", "**", "*", "`", "link", "sup"]))
            if style == "link":
                words_src.append(f"[{w}](https://example.org/{len(w)})")
            elif style == "sup":
                words_src.append(f"<sup>{w}</sup>")
            else:
                words_src.append(f"{style}{w}{style}")
            words_text.append(w)
        src, txt = " ".join(words_src), " ".join(words_text)
        level = draw(st.integers(0, 3))
        lines_src.append(("#" * level + " " + src) if level else src)
        lines_text.append(txt)
    return "\n".join(lines_src), "\n".join(lines_text)


@settings(deadline=None)
@given(simple_markdown())
def test_render_markdown_leaves_no_markup(case):
    source, expected = case
    text, runs = render_markdown(source)
    assert text == expected
    for ch in "#*`[]<>":
        assert ch not in text
    for r in runs:
        assert 0 <= r.start < r.end <= len(text)


def test_render_markdown_runs_mark_what_they_format():
    text, runs = render_markdown("# Title\nSome **bold** and *it* with [a link](http://x.org)<sup>1</sup>")
    assert text == "Title\nSome bold and it with a link1"
    got = {(r.kind, text[r.start : r.end], r.value) for r in runs}
    assert ("heading1", "Title", "") in got
    assert ("bold", "bold", "") in got
    assert ("italic", "it", "") in got
    assert ("link", "a link", "http://x.org") in got


# -- codings quote exactly text[start:end] -------------------------------------------------------

@pytest.fixture(scope="module")
def span_project(tmp_path_factory):
    from gwot_reader.store import Project

    project = Project.create(tmp_path_factory.mktemp("spans") / "spans.gwot", coder="tester")
    project.codebook.add("C")
    yield project
    project.close()


@settings(deadline=None, max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(TEXT, st.data())
def test_codings_quote_their_span(span_project, text, data):
    assume(text)
    doc = span_project.documents.add("doc", text)
    assert span_project.documents.text(doc.id) == text
    code = span_project.codebook.get("C")
    for _ in range(3):
        start = data.draw(st.integers(0, len(text) - 1))
        end = data.draw(st.integers(start + 1, len(text)))
        coding = span_project.codings.add(doc.id, code.id, start, end)
        assert coding.text == text[start:end]
        assert span_project.codings.get(coding.guid).text == text[start:end]


@pytest.mark.parametrize("unit", ["*a ", "_a ", "**a ", "__a ", "[a ", "[x](", '[x](a "', "<sup>a ",
                                  "<b>a <i>a ", "^{", "`a ", "[a[b]"])
def test_render_markdown_on_hostile_lines_finishes(unit):
    """Unclosed markup repeated along one long line: the renderer must stay linear (a
    quadratic regex took minutes on 60 KB); the text comes back without losing characters."""
    source = unit * (60_000 // len(unit))
    text, runs = render_markdown(source)
    assert len(text) >= len(source) // 3
    for r in runs:
        assert 0 <= r.start < r.end <= len(text)
