"""More analysis rules without SQL: the query builder's chain and the query text say the same
thing, matrices with rows that group documents, and sentences that abbreviations do not end."""

from __future__ import annotations

from functools import reduce

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gwot_reader.core.codingquery import BinOp, CodeRef, Segment, evaluate, parse_query, quote_ref
from gwot_reader.core.errors import GwotError
from gwot_reader.core.folding import FoldedText
from gwot_reader.core.matrix import GROUPS, Coded, invert, matrix, union_length
from gwot_reader.core.querybuilder import OPERATORS, Clause, from_expr, from_text, to_text
from gwot_reader.core.scope import ABBREVIATIONS, expand
from gwot_reader.core.searchquery import QueryError, matches, parse_search
from tests.test_analysis_core import brute, coded_st, codings_st

# -- the query builder -------------------------------------------------------------------------

NAMES = ["A", "B", "C", "Themes/Trust deficit", "within", "near/5", 'say "no"', "a\\b", "-"]
clause_st = st.builds(Clause, st.sampled_from(list(OPERATORS)), st.sampled_from(NAMES),
                      st.integers(0, 40))


def chains():
    return st.tuples(st.sampled_from(NAMES), st.lists(clause_st, max_size=6)).map(
        lambda t: [Clause("", t[0])] + [c if c.op == "near" else Clause(c.op, c.code)
                                        for c in t[1]])


@given(chains())
@settings(max_examples=300, deadline=None)
def test_a_chain_reads_back_from_its_text(clauses):
    text = to_text(clauses)
    assert from_text(text) == clauses
    # the text means the chain folded from the left, whatever the operators' precedence
    want = reduce(lambda left, c: BinOp(c.op, left, CodeRef(c.code), c.distance),
                  clauses[1:], CodeRef(clauses[0].code))
    assert parse_query(text) == want


@given(codings_st, st.lists(st.builds(Clause, st.sampled_from(list(OPERATORS)),
                                      st.sampled_from("ABC"), st.integers(0, 15)), max_size=4),
       st.sampled_from("ABC"))
@settings(max_examples=300, deadline=None)
def test_the_built_query_selects_what_the_chain_says(raw, rest, first):
    """Evaluated from its text, a chain gives the brute-force meaning of folding it left."""
    ids = iter(range(1, 10_000))
    codings = {k: [Segment(d, s, s + n, next(ids)) for d, s, n in v] for k, v in raw.items()}
    clauses = [Clause("", first)] + [c if c.op == "near" else Clause(c.op, c.code)
                                     for c in rest]
    node = parse_query(to_text(clauses))
    assert set(evaluate(node, codings.__getitem__)) == brute(node, codings)


def test_texts_the_builder_cannot_show_and_bad_ones():
    assert from_text("") == [] and to_text([]) == ""
    assert from_text('A & (B | C)') is None  # grouped on the right
    assert from_text('(A | B) & C') == [Clause("", "A"), Clause("|", "B"), Clause("&", "C")]
    assert from_expr(CodeRef("A")) == [Clause("", "A")]
    with pytest.raises(QueryError):
        from_text("A &")
    with pytest.raises(ValueError):
        to_text([Clause("", "A"), Clause("xor", "B")])
    assert to_text([Clause("", "A"), Clause("near", "B", 7)]) == '"A" near/7 "B"'
    assert parse_query(quote_ref("within")) == CodeRef("within")


# -- matrices with rows that group documents ---------------------------------------------------

groups_st = st.dictionaries(st.integers(1, 3), st.lists(st.integers(10, 12), max_size=3,
                                                        unique=True), max_size=3)


@given(coded_st, groups_st, st.sampled_from(["codes", "documents", "coders"]),
       st.sampled_from(["codings", "documents", "characters"]))
@settings(max_examples=200, deadline=None)
def test_group_rows_count_each_coding_in_every_group_of_its_document(codings, members, cols,
                                                                     count):
    # groups 10..12 hold documents 1..3 (a document in any number of groups)
    groups = {g: [d for d, gs in members.items() if g in gs] for g in (10, 11, 12)}
    cells = matrix(codings, GROUPS, cols, count, invert(groups))
    key = {"codes": lambda c: c.code_id, "documents": lambda c: c.document_id,
           "coders": lambda c: c.coder_id}[cols]
    for g, docs in groups.items():
        for k in {key(c) for c in codings}:
            sel = [c for c in codings if c.document_id in docs and key(c) == k]
            want = {"codings": len(sel), "documents": len({c.document_id for c in sel}),
                    "characters": sum(union_length([(c.start, c.end) for c in sel
                                                    if c.document_id == d])
                                      for d in (1, 2, 3))}[count]
            assert cells.get((g, k), 0) == want


def test_group_rows_by_hand_and_refusals():
    codings = [Coded(1, 7, 1, 0, 10), Coded(1, 7, 1, 5, 15), Coded(2, 7, 1, 0, 4),
               Coded(3, 8, 2, 0, 1)]
    groups = invert({100: [1, 2], 200: [2, 3]})
    assert groups == {1: [100], 2: [100, 200], 3: [200]}
    assert matrix(codings, GROUPS, "codes", "codings", groups) == {
        (100, 7): 3, (200, 7): 1, (200, 8): 1}
    assert matrix(codings, GROUPS, "codes", "documents", groups) == {
        (100, 7): 2, (200, 7): 1, (200, 8): 1}
    assert matrix(codings, GROUPS, "codes", "characters", groups) == {
        (100, 7): 15 + 4, (200, 7): 4, (200, 8): 1}
    # groups as columns: the transpose
    assert matrix(codings, "codes", GROUPS, "characters", col_groups=groups) == {
        (7, 100): 15 + 4, (7, 200): 4, (8, 200): 1}
    # groups x groups: a coding counts in every (row group, column group) of its document
    by_kind = invert({1: [1], 2: [2, 3]})
    assert matrix(codings, GROUPS, GROUPS, "codings", groups, by_kind) == {
        (100, 1): 2, (100, 2): 1, (200, 2): 2}
    with pytest.raises(GwotError):
        matrix(codings, "codes", "sets")  # not a dimension: a grouping is given as GROUPS
    with pytest.raises(GwotError):
        matrix(codings, "coders", "coders")


@given(coded_st, groups_st, groups_st, st.sampled_from(["codes", "documents", "coders", GROUPS]),
       st.sampled_from(["codings", "documents", "characters"]))
@settings(max_examples=200, deadline=None)
def test_group_columns_are_the_transpose_of_group_rows(codings, members, other, dim, count):
    groups = invert({g: [d for d, gs in members.items() if g in gs] for g in (10, 11, 12)})
    rows_groups = invert({g: [d for d, gs in other.items() if g in gs] for g in (10, 11, 12)})
    as_rows = matrix(codings, GROUPS, dim, count, groups, rows_groups)
    as_cols = matrix(codings, dim, GROUPS, count, rows_groups, groups)
    assert as_cols == {(k, g): n for (g, k), n in as_rows.items()}


# -- sentences and abbreviations ---------------------------------------------------------------

def sentence(text: str, word: str) -> str:
    i = text.index(word)
    return text[slice(*expand(text, i, i + len(word), "sentence"))]


def test_abbreviations_and_initials_end_no_sentence():
    text = ("Before. Gen. Musharraf met the U.S. envoy, e.g. in Islamabad, i.e. at home, with "
            "Mr. Khan and Dr. Ali of the U.N. mission. George W. Bush agreed. After it!")
    assert sentence(text, "envoy") == ("Gen. Musharraf met the U.S. envoy, e.g. in Islamabad, "
                                       "i.e. at home, with Mr. Khan and Dr. Ali of the U.N. "
                                       "mission.")
    assert sentence(text, "Bush") == "George W. Bush agreed."
    assert sentence(text, "After") == "After it!"
    assert sentence("It cost 5. Then it rose.", "rose") == "Then it rose."
    assert sentence("The U.S.” Then more.", "more") == "Then more."  # a closing quote ends one
    assert {"e.g", "i.e", "gen", "mr", "dr"} <= ABBREVIATIONS


@given(st.lists(st.sampled_from(["U.S.", "e.g.", "Gen.", "Mr.", "trust", "grew.", "Dr.",
                                 "the", "deficit!", "中文。", "\n"]), min_size=1, max_size=14),
       st.data())
@settings(max_examples=300, deadline=None)
def test_a_sentence_holds_its_hit_and_never_ends_after_an_abbreviation(words, data):
    text = " ".join(words)
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    a, b = expand(text, start, end, "sentence")
    assert a <= start and end <= b
    before = text[:a].rstrip(" ")
    for abbr in ("U.S.", "e.g.", "Gen.", "Mr.", "Dr."):
        assert not before.endswith(abbr) or a == start


def test_the_corpus_keeps_the_us_inside_its_sentences(corpus_project):
    found = 0
    for d in corpus_project.documents.all():
        text = corpus_project.documents.text(d.id)
        for i in (m for m in range(len(text)) if text.startswith("U.S. ", m)):
            a, b = expand(text, i + 5, i + 6, "sentence")  # the word after "U.S."
            assert a <= i < b and "U.S." in text[a:b]
            found += 1
    assert found >= 20


# -- document-level boolean search -------------------------------------------------------------

def test_matches_decides_not_with_the_case_kept():
    doc = FoldedText("Trust grew; the taliban talked", case=False, marks=False)
    assert matches(parse_search("Trust NOT Taliban"), doc, case=False, marks=False)
    assert not matches(parse_search("Trust NOT taliban"), doc, case=False, marks=False)
    assert not matches(parse_search("trust"), doc, case=False, marks=False)
    assert matches(parse_search("trust OR taliban"), doc, case=False, marks=False)
