"""Properties of the core's building blocks against brute-force oracles, without Qt or SQL."""

from __future__ import annotations

import codecs
from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, invariant, rule

from gwot_reader.core.errors import ImportError_
from gwot_reader.core.intervals import stack_levels
from gwot_reader.core.matrix import union_length
from gwot_reader.core.spans import SpanIndex
from gwot_reader.core.textnorm import check_not_binary, decode_text, normalise_newlines, sha256


@dataclass(frozen=True)
class Item:
    id: int
    start: int
    end: int

    @property
    def code_id(self) -> int:  # the span index keeps a code per span: here the id
        return self.id


def same(span, item) -> bool:
    return span is not None and item is not None and \
        (span.id, span.start, span.end, span.code_id) == (item.id, item.start, item.end, item.code_id)


spans = st.tuples(st.integers(0, 200), st.integers(1, 60)).map(lambda t: (t[0], t[0] + t[1]))
items = st.lists(spans, max_size=40).map(
    lambda ss: [Item(i, s, e) for i, (s, e) in enumerate(ss)])


def brute_overlapping(all_items, start: int, end: int) -> list[int]:
    return sorted(i.id for i in all_items if i.start < end and i.end > start)


# -- the interval index ----------------------------------------------------------------------------

@given(items, st.integers(-5, 270), st.integers(0, 80))
def test_overlapping_equals_a_scan(all_items, start, width):
    index = SpanIndex(all_items)
    found = index.overlapping(start, start + width)
    assert sorted(i.id for i in found) == brute_overlapping(all_items, start, start + width)
    assert [i.start for i in found] == sorted(i.start for i in found)  # start order


@given(items, st.integers(-5, 270))
def test_at_is_the_one_position_query(all_items, pos):
    index = SpanIndex(all_items)
    assert sorted(i.id for i in index.at(pos)) == brute_overlapping(all_items, pos, pos + 1)


@given(items, st.integers(0, 270), st.integers(0, 80))
def test_first_code_starting_is_half_open_like_every_span(all_items, start, width):
    index = SpanIndex(all_items)
    starting = sorted((i for i in all_items if start <= i.start < start + width),
                      key=lambda i: (i.start, i.end, i.id))
    assert index.first_code_starting(start, start + width) == \
        (starting[0].code_id if starting else None)


class IndexMachine(RuleBasedStateMachine):
    """Adds, moves and removes in any order keep every query equal to a scan of a plain dict."""

    ids = Bundle("ids")

    def __init__(self) -> None:
        super().__init__()
        self.index = SpanIndex()
        self.model: dict[int, Item] = {}
        self.next_id = 0

    @rule(target=ids, span=spans)
    def add(self, span):
        item = Item(self.next_id, *span)
        self.next_id += 1
        self.index.add(item)
        self.model[item.id] = item
        return item.id

    @rule(item_id=ids, span=spans)
    def move(self, item_id, span):
        # adding an id already present replaces it (a coding resized in place)
        item = Item(item_id, *span)
        self.index.add(item)
        self.model[item_id] = item

    @rule(item_id=ids)
    def remove(self, item_id):
        removed = self.index.remove(item_id)
        expected = self.model.pop(item_id, None)
        assert (removed is None and expected is None) or same(removed, expected)

    @rule(start=st.integers(-5, 270), width=st.integers(0, 80))
    def query(self, start, width):
        got = sorted(i.id for i in self.index.overlapping(start, start + width))
        assert got == brute_overlapping(self.model.values(), start, start + width)

    @invariant()
    def same_contents(self):
        assert len(self.index) == len(self.model)
        assert {i.id for i in self.index} == set(self.model)
        for item_id, item in self.model.items():
            assert item_id in self.index and same(self.index.get(item_id), item)


TestIndexMachine = IndexMachine.TestCase
TestIndexMachine.settings = settings(max_examples=60, stateful_step_count=30, deadline=None)


@given(items)
def test_stacked_lanes_never_share_a_position_and_are_as_few_as_the_deepest_pile(all_items):
    levels = stack_levels(all_items)
    assert set(levels) == {i.id for i in all_items}
    for a in all_items:
        for b in all_items:
            if a.id < b.id and a.start < b.end and b.start < a.end:
                assert levels[a.id] != levels[b.id]
    depth = max((sum(1 for i in all_items if i.start <= p < i.end)
                 for p in range(0, 261)), default=0)
    assert (max(levels.values()) + 1 if levels else 0) == depth


@given(st.lists(spans, max_size=30))
def test_union_length_counts_each_covered_position_once(ss):
    covered = {p for s, e in ss for p in range(s, e)}
    assert union_length(list(ss)) == len(covered)


# -- decoding imported text --------------------------------------------------------------------------

readable = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1,
                   max_size=80).filter(lambda t: t.strip())


@given(readable, st.sampled_from(["\n", "\r\n", "\r"]))
def test_every_newline_style_reads_as_lf_and_nothing_else_changes(text, newline):
    lines = [text, text[::-1], text]
    data = newline.join(lines).encode("utf-8")
    decoded, warnings = decode_text(data)
    assert decoded == "\n".join(lines) and warnings == []


@given(readable, st.sampled_from([(codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                                  (codecs.BOM_UTF16_BE, "utf-16-be"),
                                  (codecs.BOM_UTF32_LE, "utf-32-le")]))
def test_a_byte_order_mark_decides_the_encoding_silently(text, bom):
    mark, encoding = bom
    decoded, warnings = decode_text(mark + text.encode(encoding))
    assert decoded == normalise_newlines(text) and warnings == []


@given(st.text(max_size=60))
def test_normalised_text_has_no_carriage_return_and_keeps_line_count(text):
    out = normalise_newlines(text)
    assert "\r" not in out
    assert out.count("\n") == text.count("\n") + text.count("\r") - text.count("\r\n")
    assert normalise_newlines(out) == out


def test_cp1252_is_read_with_a_warning_that_names_it():
    text = "Café, naïve “quotes” – the Musharraf era, über alles. " * 4
    decoded, warnings = decode_text(text.encode("cp1252"), "notes.txt")
    assert decoded == text
    assert len(warnings) == 1 and "notes.txt" in warnings[0] and "cp1252" in warnings[0]


def test_utf16_without_a_mark_is_recognised_by_its_zero_bytes():
    text = "Pakistan and the United States, 2001-2014.\n" * 10
    for encoding in ("utf-16-le", "utf-16-be"):
        decoded, warnings = decode_text(text.encode(encoding), "x.txt")
        assert decoded == text and encoding.upper() in warnings[0]


def test_a_few_stray_bytes_in_utf8_are_kept_as_replacement_characters():
    good = "دہشت گردی کے خلاف جنگ " * 10
    data = good.encode("utf-8") + b"\xff" + good.encode("utf-8")
    decoded, warnings = decode_text(data, "urdu.txt")
    assert decoded == good + "\ufffd" + good
    assert "1 byte" in warnings[0]


@pytest.mark.parametrize("data, says", [
    (b"", "is empty"),
    (b"   \n\t\n", "holds no text"),
    (codecs.BOM_UTF8 + b"\xff\xfe\xfa", "says it is utf-8"),
    (bytes(range(0, 32)) * 40, "not a text file"),
])
def test_unreadable_bytes_are_refused_with_the_file_named(data, says):
    with pytest.raises(ImportError_, match=says):
        decode_text(data, "bad.txt")


def test_one_nul_is_dropped_but_binary_is_refused():
    assert check_not_binary("a\x00b" + "c" * 300, "x") == "ab" + "c" * 300
    with pytest.raises(ImportError_, match="binary"):
        check_not_binary("\x01\x02\x03\x04" * 50, "x")


@given(st.text(max_size=40))
def test_sha256_of_text_is_that_of_its_utf8_bytes(text):
    assert sha256(text) == sha256(text.encode("utf-8"))
    assert len(sha256(text)) == 64
