"""Disagreements: passages coders did not code alike, checked against counting every character."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from gwot_reader.core.disagreements import disagreements, passages

span = st.tuples(st.integers(0, 80), st.integers(1, 25)).map(lambda t: (t[0], t[0] + t[1]))
coders_spans = st.integers(2, 4).flatmap(
    lambda m: st.lists(st.lists(span, max_size=5), min_size=m, max_size=m))


def covered(spans) -> set[int]:
    return {i for s, e in spans for i in range(s, e)}


def test_a_known_case():
    a = [(10, 120), (150, 260)]
    b = [(30, 140), (150, 260), (300, 310)]
    assert passages([a, b]) == [(10, 140, (((10, 120),), ((30, 140),))),
                                (150, 260, (((150, 260),), ((150, 260),))),
                                (300, 310, ((), ((300, 310),)))]
    rows = [(7, 3, 0, s, e) for s, e in a] + [(7, 3, 1, s, e) for s, e in b]
    found = disagreements(2, rows)
    assert [(d.start, d.end) for d in found] == [(10, 140), (300, 310)]
    assert {(d.document_id, d.code_id) for d in found} == {(7, 3)}


def test_touching_codings_are_one_passage_and_empty_ones_are_ignored():
    assert passages([[(0, 5), (5, 9)], [(0, 9)]]) == [(0, 9, (((0, 9),), ((0, 9),)))]
    assert disagreements(2, [(1, 1, 0, 0, 9), (1, 1, 1, 0, 9), (1, 1, 1, 4, 4)]) == []
    assert disagreements(2, [(1, 1, 5, 0, 9)]) == []  # a coder index out of range: ignored


@settings(max_examples=300, deadline=None)
@given(coders_spans)
def test_passages_cover_exactly_what_anyone_coded_and_list_each_coders_part(coders):
    found = passages(coders)
    anyone = set().union(*(covered(c) for c in coders))
    assert set().union(*(set(range(s, e)) for s, e, _ in found)) == anyone
    for (_s1, e1, _), (s2, _e2, _) in zip(found, found[1:], strict=False):
        assert e1 < s2  # disjoint, sorted, and not touching (touching ones are one passage)
    for s, e, parts in found:
        for i, part in enumerate(parts):
            assert covered(part) == covered(coders[i]) & set(range(s, e))
            assert list(part) == sorted(part)


@settings(max_examples=300, deadline=None)
@given(coders_spans)
def test_every_character_coded_differently_is_in_a_listed_disagreement(coders):
    m = len(coders)
    rows = [(1, 2, i, s, e) for i, spans in enumerate(coders) for s, e in spans]
    found = disagreements(m, rows)
    listed = set().union(*(set(range(d.start, d.end)) for d in found))
    sets = [covered(c) for c in coders]
    differ = {i for i in set().union(*sets) if len({i in s for s in sets}) > 1}
    assert differ <= listed
    for d in found:  # and nothing is listed where everyone coded alike
        assert any(p != d.spans[0] for p in d.spans[1:])


def test_asking_to_stop_returns_what_was_found():
    rows = [(d, 1, i, 0, 10 + i) for d in range(5000) for i in (0, 1)]
    asked = []

    def keep_going(done, total):
        asked.append((done, total))
        return done == 0

    found = disagreements(2, rows, keep_going)
    assert asked == [(0, 5000), (2000, 5000)]
    assert len(found) == 2000  # the first 2,000 pairs, each one passage
    assert len(disagreements(2, rows)) == 5000


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 3), st.integers(1, 3), st.integers(0, 1), span),
                max_size=30))
def test_passages_stay_in_their_document_and_code_in_order(rows):
    flat = [(d, c, i, s, e) for d, c, i, (s, e) in rows]
    found = disagreements(2, flat)
    keys = [(d.document_id, d.code_id, d.start) for d in found]
    assert keys == sorted(keys)
    for d in found:
        mine = [(s, e) for dd, cc, i, s, e in flat if (dd, cc) == (d.document_id, d.code_id)]
        assert mine  # a passage only where someone coded that code in that document
        assert all(d.start <= s and e <= d.end for part in d.spans for s, e in part)
