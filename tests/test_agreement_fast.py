"""The fast path of two coders at character level: the packed reading in the store, the coverage
per (code, document) from separately sorted starts and ends, and the rows built from counts,
each against the general path or against counting every character."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gwot_reader.core.agreement import cohen_kappa_2x2, summarize_binary, summarize_two
from gwot_reader.core.agreement_report import ALL, UnitDoc, compute_agreement
from gwot_reader.core.agreement_units import (
    _coverage,
    _line,
    character_masks,
    pack_scale,
    packed,
    two_coder_counts,
)
from gwot_reader.exchange.teamwork import agreement
from gwot_reader.store import Project

LENGTHS = {1: 95, 2: 40, 5: 200}
# (document, code, coder, start, length): zero-length, nested, touching and identical spans too
coding = st.tuples(st.sampled_from(sorted(LENGTHS)), st.integers(1, 4), st.integers(0, 1),
                   st.integers(0, 120), st.integers(0, 45))


def _rows(raw):
    return [(d, c, i, min(s, LENGTHS[d]), min(s + n, LENGTHS[d])) for d, c, i, s, n in raw]


def _brute(rows):
    """(both, only 0, only 1, neither) per (code, document), character by character."""
    out = {}
    for d, c in {(r[0], r[1]) for r in rows}:
        sets = [{x for dd, cc, i, s, e in rows if (dd, cc, i) == (d, c, k) for x in range(s, e)}
                for k in (0, 1)]
        both = len(sets[0] & sets[1])
        union = len(sets[0] | sets[1])
        out[(c, d)] = (both, len(sets[0]) - both, len(sets[1]) - both, LENGTHS[d] - union)
    return out


def test_a_known_pair_of_coders():
    rows = [(1, 3, 0, 10, 20), (1, 3, 0, 15, 30), (1, 3, 1, 25, 40), (1, 3, 1, 40, 40),
            (2, 3, 1, 0, 40)]
    big, docs = pack_scale(LENGTHS, rows)
    assert two_coder_counts(*packed(rows, big, docs), big, docs, LENGTHS) == {
        (3, 1): (5, 15, 10, 65), (3, 2): (0, 0, 40, 0)}


@settings(max_examples=300, deadline=None)
@given(st.lists(coding, max_size=30))
def test_counts_equal_counting_every_character(raw):
    rows = _rows(raw)
    big, docs = pack_scale(LENGTHS, rows)
    assert two_coder_counts(*packed(rows, big, docs), big, docs, LENGTHS) == _brute(rows)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 300), st.integers(0, 60)), min_size=1, max_size=40))
def test_the_coverage_of_one_pair_is_its_union(spans):
    spans = [(s, s + n) for s, n in spans]
    big = 1000
    keys = sorted(s * big + (e - s) for s, e in spans)  # pair 0
    assert _coverage(_line(keys, big)) == {0: len({x for s, e in spans for x in range(s, e)})}
    coded = [(s, e) for s, e in spans if e > s]  # the store refuses empty codings
    masks = character_masks(400, [coded, []])
    assert _coverage(_line(keys, big))[0] == masks.get(1, 0)


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 50), st.integers(0, 50), st.integers(0, 50), st.integers(0, 50))
def test_summarize_two_equals_the_mask_tables_and_the_2x2_kappa(both, a, b, neither):
    fast = summarize_two(both, a, b, neither)
    general = summarize_binary({3: both, 1: a, 2: b, 0: neither, 4: 0}, 2)
    assert fast.n_units == general.n_units == both + a + b + neither
    kappa = cohen_kappa_2x2(both, a, b, neither)
    assert (fast.cohen_kappa is None) == (kappa is None)
    if kappa is not None:
        assert fast.cohen_kappa == pytest.approx(kappa, abs=1e-12)
    for x, y in ((fast.percent_agreement, general.percent_agreement),
                 (fast.krippendorff_alpha, general.krippendorff_alpha)):
        assert (x is None and y is None) or x == pytest.approx(y, abs=1e-12)


@settings(max_examples=100, deadline=None)
@given(st.lists(coding, max_size=25), st.sets(st.integers(1, 4), min_size=1))
def test_rows_from_counts_equal_rows_from_codings(raw, chosen):
    rows = _rows(raw)
    docs = [UnitDoc(d, f"doc {d}", n) for d, n in LENGTHS.items()]
    codes = [(c, f"Code {c}") for c in sorted(chosen)]
    big, n_docs = pack_scale(LENGTHS, rows)
    counts = two_coder_counts(*packed(rows, big, n_docs), big, n_docs, LENGTHS)
    fast = compute_agreement(["A", "B"], docs, codes, [], "character", counts=counts)
    assert fast.rows == compute_agreement(["A", "B"], docs, codes, rows, "character").rows
    assert [r.code for r in fast.rows].count(ALL) == len(docs) + 1
    # every (code, document) row: the statistics of its characters counted one by one
    expected = _brute(rows)
    names = {f"doc {d}": d for d in LENGTHS}
    paths = {f"Code {c}": c for c in chosen}
    for r in fast.rows:
        if r.code != ALL and r.document != ALL:
            both, a, b, neither = expected[(paths[r.code], names[r.document])]
            s = summarize_binary({3: both, 1: a, 2: b, 0: neither}, 2)
            assert (r.n_units, r.percent_agreement) == (s.n_units, pytest.approx(s.percent_agreement))
    # and the same as the general sweep per pair (three coders, the third never coding)
    three = compute_agreement(["A", "B", "C"], docs, codes, rows, "character")
    for r2, r3 in zip((r for r in fast.rows if r.code != ALL or r.document == ALL),
                      (r for r in three.rows if r.code != ALL or r.document == ALL), strict=True):
        assert (r2.code, r2.document, r2.n_units) == (r3.code, r3.document, r3.n_units)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 2), st.integers(0, 2), st.sampled_from(["A", "B", "C"]),
                          st.integers(0, 80), st.integers(1, 30)), min_size=2, max_size=20))
def test_the_store_reads_what_the_core_packs_and_agreement_paths_agree(tmp_path_factory, raw):
    path = tmp_path_factory.mktemp("fast") / "p.gwot"
    with Project.create(path, coder="lead") as p:
        docs = [p.documents.add(f"d{i}", "x" * (60 + 20 * i) + "😀 ✓").id for i in range(3)]
        codes = [p.codebook.add(f"c{i}").id for i in range(3)]
        for d, c, who, s, n in raw:
            length = p.documents.get(docs[d]).length
            start = min(s, length - 1)
            p.codings.add(docs[d], codes[c], start, min(length, start + n), coder=who)
        lengths = {d.id: d.length for d in p.documents.all()}
        big, n_docs = pack_scale(lengths)
        names = sorted({r[2] for r in raw})
        spans = p.coders.spans(names)
        for i, name in enumerate(names):
            mine = [r for r in spans if r[2] == i]
            expected = packed([(d, c, 0, s, e) for d, c, _, s, e in mine], big, n_docs)[0]
            assert p.coders.packed(name, big, n_docs) == expected
        if len(names) >= 2 and all(p.coders.documents_coded_by(n) for n in names[:2]):
            pair = names[:2]
            if set.intersection(*(p.coders.documents_coded_by(n) for n in pair)):
                fast = agreement(p, pair)  # read packed by the store
                units = [UnitDoc(d.id, d.name, d.length) for d in fast.documents]
                slow = compute_agreement(pair, units, fast.codes, p.coders.spans(pair))
                assert fast.result.rows == slow.rows
        assert p.coders.packed("nobody", big, n_docs) == []
