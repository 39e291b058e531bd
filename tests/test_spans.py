"""The compact span index (core/spans.py) against brute force, and its store reads."""

from __future__ import annotations

import threading
from array import array

from hypothesis import given, settings
from hypothesis import strategies as st

from gwot_reader.core.spans import FIELDS, LONG, Span, SpanIndex
from gwot_reader.store import read_span_index

# Mostly short spans, some longer than LONG (they go to the second tier), many ties on start.
STARTS = st.integers(0, 3 * LONG)
LENGTHS = st.one_of(st.integers(1, 60), st.integers(1, 60), st.integers(LONG - 2, 3 * LONG))
SPAN_ROWS = st.lists(st.tuples(STARTS, LENGTHS, st.integers(1, 5)), max_size=40)


CODERS = ("", "ana", "ben")  # coder ids 0 (none), 1, 2 in the project's coders table
NAMES = dict(enumerate(CODERS))


def spans_of(rows) -> list[Span]:
    """Spans with coders in turn: every property below also checks the coder column follows
    its span through inserts, deletes, copies and the long tier."""
    return [Span(i + 1, s, s + n, code, CODERS[i % 3]) for i, (s, n, code) in enumerate(rows)]


def key(s: Span) -> tuple[int, int, int]:
    return (s.start, s.end, s.id)


def brute_overlapping(spans, start: int, end: int) -> list[Span]:
    return sorted((s for s in spans if s.start < end and s.end > start), key=key)


@settings(deadline=None, max_examples=150)
@given(SPAN_ROWS, STARTS, st.integers(1, 2 * LONG))
def test_overlapping_is_exactly_the_brute_force_answer(rows, start, length):
    spans = spans_of(rows)
    index = SpanIndex(spans)
    end = start + length
    assert index.overlapping(start, end) == brute_overlapping(spans, start, end)
    expected = brute_overlapping(spans, start, end)
    assert sorted(index.overlapping_ids(start, end)) == sorted(s.id for s in expected)
    assert index.at(start) == brute_overlapping(spans, start, start + 1)
    assert list(index) == sorted(spans, key=key) and len(index) == len(spans)
    assert index.first() == (min(spans, key=key) if spans else None)
    starting = sorted((s for s in spans if start <= s.start < end), key=key)
    assert index.first_code_starting(start, end) == (starting[0].code_id if starting else None)


@settings(deadline=None, max_examples=100)
@given(SPAN_ROWS, SPAN_ROWS, st.data())
def test_edits_keep_the_index_equal_to_a_rebuilt_one(rows, more, data):
    spans = {s.id: s for s in spans_of(rows)}
    index = SpanIndex(spans.values())
    for i, (s, n, code) in enumerate(more):
        sid = data.draw(st.integers(1, len(rows) + len(more) + 1))  # an edit, or a new coding
        span = Span(sid, s, s + n, code)
        index.add(span)
        spans[sid] = span
        if i % 3 == 0 and spans:
            gone = data.draw(st.sampled_from(sorted(spans)))
            assert index.remove(gone) == spans.pop(gone)
    assert index.remove(10_000) is None
    assert list(index) == sorted(spans.values(), key=key)
    for sid, span in spans.items():
        assert index.get(sid) == span and sid in index
    many = data.draw(st.lists(st.sampled_from(sorted(spans) or [0]), max_size=30))
    expected = {k: v for k, v in spans.items() if k not in set(many)}
    assert index.remove_many(many) == len(spans) - len(expected)
    assert list(index) == sorted(expected.values(), key=key)


@settings(deadline=None, max_examples=60)
@given(SPAN_ROWS)
def test_packed_rows_copies_and_columns_agree(rows):
    spans = sorted(spans_of(rows), key=key)
    packed = array("q", [v for s in spans
                         for v in (s.start, s.end, s.code_id, s.id, CODERS.index(s.coder))])
    index = SpanIndex.from_packed(packed, NAMES)
    assert list(index) == spans and len(packed) == FIELDS * len(spans)
    copy = index.copy()
    copy.remove_many([s.id for s in spans])
    assert list(index) == spans and len(copy) == 0  # the copy is its own
    starts, ends, codes, ids = index.columns()
    assert list(zip(ids, starts, ends, codes, strict=True)) == \
        [(s.id, s.start, s.end, s.code_id) for s in spans]
    for keep in (frozenset({"ana"}), frozenset({"", "ben"}), frozenset({"nobody"})):
        assert list(index.columns(keep)[3]) == [s.id for s in spans if s.coder in keep]


def test_a_whole_document_coding_does_not_slow_or_hide_the_short_ones():
    spans = [Span(i + 1, i * 10, i * 10 + 30, 1) for i in range(2000)] + [Span(9999, 0, 20_000, 2)]
    index = SpanIndex(spans)
    found = index.overlapping(15_000, 15_010)
    assert found == brute_overlapping(spans, 15_000, 15_010)
    assert [s.id for s in found] == [9999, 1499, 1500, 1501]
    assert index._short.longest == 30  # the long one is apart: short look-backs stay short


# -- the store's one query -------------------------------------------------------------------
def test_span_index_is_the_codings_in_text_order(corpus_project):
    p = corpus_project
    doc = p.documents.all()[0]
    code = next(c for c in p.codebook.all() if not c.is_category)
    for start, end in ((40, 90), (10, 200), (40, 60), (300, 301)):
        p.codings.add(doc.id, code.id, start, end)
    index = p.codings.span_index(doc.id)
    assert [(s.id, s.start, s.end, s.code_id) for s in index] == \
        [(c.id, c.start, c.end, c.code_id) for c in p.codings.all(doc.id)]
    assert p.codings.small_span_index(doc.id, 4) is not None
    assert p.codings.small_span_index(doc.id, 3) is None  # more than asked for: read it apart


def test_the_span_query_reads_the_covering_index_only(corpus_project):
    plan = corpus_project.db.execute(
        'EXPLAIN QUERY PLAN SELECT start, "end", code_id, id FROM codings WHERE document_id = ? '
        'ORDER BY start, "end", id', (1,)).fetchall()
    text = " ".join(str(row[-1]) for row in plan)
    assert "COVERING INDEX codings_document" in text and "TEMP B-TREE" not in text


def test_a_worker_thread_reads_on_its_own_connection(corpus_project):
    p = corpus_project
    doc = p.documents.all()[0]
    code = next(c for c in p.codebook.all() if not c.is_category)
    made = p.codings.add(doc.id, code.id, 5, 25)
    got: list[SpanIndex] = []
    worker = threading.Thread(target=lambda: got.append(read_span_index(p.path, doc.id)))
    worker.start()
    worker.join()
    assert [s.id for s in got[0]] == [made.id]
    p.codings.add(doc.id, code.id, 1, 3)  # the main connection still writes afterwards


def test_a_whole_document_coding_comes_back_from_the_store_in_its_tier(corpus_project):
    p = corpus_project
    doc = p.documents.all()[0]
    code = next(c for c in p.codebook.all() if not c.is_category)
    whole = p.codings.add(doc.id, code.id, 0, doc.length)  # far longer than LONG
    short = [p.codings.add(doc.id, code.id, s, s + 30) for s in (50, 10, 5000)]
    index = p.codings.span_index(doc.id)
    assert [s.id for s in index] == [whole.id] + [c.id for c in sorted(short, key=lambda c: c.start)]
    assert [s.id for s in index.overlapping(5010, 5020)] == [whole.id, short[2].id]
    assert index.first().id == whole.id
    lanes = index.stack_lanes()
    assert lanes[whole.id] == 0 and {lanes[c.id] for c in short} == {1}
    starts, ends, codes, ids = index.columns()
    assert list(ids) == [s.id for s in index] and list(ends)[0] == doc.length


def test_a_span_without_a_fetched_record_still_gets_a_tooltip(qapp):
    from gwot_reader.ui.docview.codingset import CodingSet
    from gwot_reader.ui.docview.tooltips import tooltip_html

    codes = CodingSet()
    codes.set_colors({1: "#ff0000"}, {1: "Themes/Trust"})
    spans = [Span(1, 0, 5, 1), Span(2, 3, 9, 1)]
    assert codes.full(spans) == spans  # nothing to fetch from: the spans stand in
    tip = tooltip_html(codes.full(spans), codes)
    assert tip.count("Themes/Trust") == 2 and "<i>" not in tip  # no memo to show


@settings(deadline=None, max_examples=80)
@given(SPAN_ROWS, st.lists(st.sampled_from(["ana", "zoe", "", "yuri"]), min_size=1, max_size=8))
def test_coders_met_only_in_add_get_ids_of_their_own(rows, added_coders):
    """A coding by a coder the index's table lacks (a new coder since the read) keeps its name,
    and the project's ids are never reused for it, also in a copy."""
    spans = spans_of(rows)
    index = SpanIndex.from_packed(array("q", [v for s in sorted(spans, key=key) for v in (
        s.start, s.end, s.code_id, s.id, CODERS.index(s.coder))]), NAMES)
    extra = [Span(10_000 + i, i, i + 3, 1, name) for i, name in enumerate(added_coders)]
    for s in extra:
        index.add(s)
    expected = sorted(spans + extra, key=key)
    assert list(index) == expected
    assert list(index.copy()) == expected
    assert {cid: name for cid, name in index.coders.items() if cid >= 0} == NAMES
    for name in {"zoe", "yuri"} & set(added_coders):
        assert index.coder_id(name) < 0 and index.coders[index.coder_id(name)] == name


@settings(deadline=None, max_examples=120)
@given(SPAN_ROWS, STARTS, st.integers(1, 2 * LONG),
       st.sets(st.sampled_from(CODERS), max_size=3))
def test_rows_are_the_overlapping_spans_unmade_and_filter_by_coder(rows, start, length, coders):
    """What the paint path reads (no Span made) says exactly what ``overlapping`` does, in its
    order, also across the long tier; the coder ids name exactly the coders asked for."""
    spans = spans_of(rows)
    index = SpanIndex(spans)
    end = start + length
    expected = brute_overlapping(spans, start, end)
    got = index.overlapping_rows(start, end)
    assert [(r[3], r[0], r[1], r[2], index.coders[r[4]]) for r in got] == \
        [(s.id, s.start, s.end, s.code_id, s.coder) for s in expected]
    allowed = index.coder_ids_of(frozenset(coders))
    assert {index.coders[c] for c in allowed} == set(coders) & set(index.coders.values())
    assert [r[3] for r in got if r[4] in allowed] == [s.id for s in expected if s.coder in coders]


@settings(deadline=None, max_examples=200)
@given(SPAN_ROWS, STARTS, st.integers(1, 2 * LONG),
       st.one_of(st.none(), st.sets(st.sampled_from(CODERS))))
def test_first_code_starting_keeps_to_the_chosen_coders(rows, start, length, chosen):
    """The overview ruler's question under a coder filter: the code of the first span (by
    start) of those coders starting in [start, end), against brute force."""
    spans = spans_of(rows)
    index = SpanIndex.from_packed(array("q", [v for s in sorted(spans, key=key) for v in (
        s.start, s.end, s.code_id, s.id, CODERS.index(s.coder))]), NAMES)
    end = start + length
    ids = None if chosen is None else index.coder_ids_of(chosen)
    assert ids is None or {NAMES[i] for i in ids} == chosen
    starting = [s for s in spans if start <= s.start < end
                and (chosen is None or s.coder in chosen)]
    found = index.first_code_starting(start, end, ids)
    if not starting:
        assert found is None
    else:  # ties on the first start may give any of the codes starting there
        first = min(s.start for s in starting)
        assert found in {s.code_id for s in starting if s.start == first}
