"""The two query languages under arbitrary input: one kind of error, printing round-trips, and
hits equal to a plain scan."""

from __future__ import annotations

import re
import sqlite3

from hypothesis import given
from hypothesis import strategies as st

from gwot_reader.core.codingquery import BinOp, CodeRef, parse_query
from gwot_reader.core.folding import FoldedText
from gwot_reader.core.searchquery import (
    Near,
    QueryError,
    Term,
    fts5_query,
    locate,
    parse_search,
    positive_terms,
)

noise = st.lists(st.sampled_from(list('ab "()&|-,*\\/\t') + ["AND", "OR", "NOT", "NEAR", "near/3",
                                                               "within", "overlaps", "near/x"]),
                max_size=30).map("".join)


@given(noise)
def test_a_search_query_parses_or_says_why_in_one_line(text):
    try:
        node = parse_search(text)
    except QueryError as exc:
        assert str(exc) and "\n" not in str(exc)
    else:
        assert positive_terms(node)  # something is searched for


@given(noise)
def test_a_coding_query_parses_or_says_why_in_one_line(text):
    try:
        parse_query(text)
    except QueryError as exc:
        assert str(exc) and "\n" not in str(exc)


names = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1,
                max_size=12).filter(lambda s: s.strip() == s and s)


def exprs():
    leaf = names.map(CodeRef)
    ops = st.sampled_from(["&", "|", "-", "overlaps", "within", "near"])
    return st.recursive(leaf, lambda kids: st.builds(
        lambda op, a, b, d: BinOp(op, a, b, d if op == "near" else 0), ops, kids, kids,
        st.integers(0, 500)), max_leaves=6)


@given(exprs())
def test_a_printed_coding_query_reads_back_as_the_same_query(node):
    # the query builder writes query text from picks; any code name must survive that
    assert parse_query(str(node)) == node


words = st.sampled_from(["trust", "deficit", "Pakistan", "TTP", "drone", "Drones", "army"])


@given(st.lists(st.sampled_from(["trust", "deficit", "Pakistan", "TTP", "drone", "Drones", "army",
                                 "trusted", "distrust", ",", ".", "—", "\n", "ÉTAT", "état"]),
                max_size=40), words, st.booleans())
def test_a_word_is_found_exactly_where_a_scan_finds_it(tokens, word, case):
    text = " ".join(tokens)
    hits = locate(parse_search(word), FoldedText(text, case=case), case=case)
    flags = re.IGNORECASE if case else 0
    expected = [m.span() for m in re.finditer(rf"(?<!\w){re.escape(word)}(?!\w)", text, flags)]
    assert hits == expected


@given(st.lists(words, min_size=1, max_size=30), words, words, st.integers(0, 5))
def test_near_hits_hold_both_words(tokens, a, b, distance):
    text = " ".join(tokens)
    node = parse_search(f"NEAR({a} {b}, {distance})")
    assert node == Near((Term((a,)), Term((b,))), distance)
    for start, end in locate(node, FoldedText(text)):
        inside = text[start:end].lower().split()
        assert a.lower() in inside and b.lower() in inside
        assert len(inside) - 2 <= distance or a.lower() == b.lower()


fts_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"),
                                 exclude_characters="\x00"), min_size=1, max_size=20)


@given(st.lists(fts_text, min_size=1, max_size=3), st.sampled_from(["AND", "OR", "NOT"]))
def test_no_user_text_is_read_as_fts5_syntax(texts, op):
    query = f" {op} ".join('"' + t.replace('"', '""') + '"' for t in texts)
    try:
        node = parse_search(query)
    except QueryError:
        return
    fts = fts5_query(node)
    if fts is None:  # a CJK/Arabic term goes to the trigram index instead
        return
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE t USING fts5(body)")
    db.execute("INSERT INTO t VALUES ('trust deficit and the TTP')")
    db.execute("SELECT count(*) FROM t WHERE t MATCH ?", (fts,)).fetchone()  # never a syntax error
