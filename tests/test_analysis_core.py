"""Analysis rules without SQL: folding back to code points, the coding-query language against
a brute-force evaluation, matrices against counting by hand, scope expansion."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gwot_reader.core.codingquery import BinOp, CodeRef, Segment, evaluate, parse_query, segment_order
from gwot_reader.core.folding import FoldedText, fold
from gwot_reader.core.matrix import Coded, matrix, union_length
from gwot_reader.core.scope import expand
from gwot_reader.core.searchquery import QueryError, locate, parse_search

# -- folding -----------------------------------------------------------------------------------

SAMPLES = [
    "Trust 😀 DEFICIT between 中文 states",
    "وزیراعظم نے اعتماد کی کمی پر بات کی",  # Urdu
    "cafe\u0301 naïve Émigré STRASSE Straße",
    "e\u0301\u0301x \u0301leading İstanbul ﬁnance",
    "🇵🇰 flags 👩‍👩‍👧 and 𝕏 astral",
]


@pytest.mark.parametrize("text", SAMPLES)
def test_folded_spans_are_whole_code_points_of_the_text(text):
    ft = FoldedText(text)
    for a in range(len(ft.folded)):
        for b in range(a + 1, len(ft.folded) + 1):
            start, end = ft.span(a, b)
            assert 0 <= start < end <= len(text)
            # The original span folds to something that holds the folded slice.
            assert ft.folded[a:b] in fold(text[start:end])


def test_hits_cover_diacritics_and_trailing_combining_marks():
    text = "le cafe\u0301 et le CAFÉ, Straße"
    node = parse_search("café")
    spans = locate(node, FoldedText(text))
    assert [text[a:b] for a, b in spans] == ["cafe\u0301", "CAFÉ"]
    assert [text[a:b] for a, b in locate(parse_search("strasse"), FoldedText(text))] == ["Straße"]


def test_hits_in_emoji_cjk_and_urdu_text_are_exact():
    text = "😀 the trust deficit 😀 中文的文章 وزیراعظم نے اعتماد کی کمی"
    for query, want in [("trust", "trust"), ('"trust deficit"', "trust deficit"),
                        ("文章", "文章"), ("اعتماد", "اعتماد"), ("وزیر", "وزیر")]:
        spans = locate(parse_search(query), FoldedText(text))
        assert [text[a:b] for a, b in spans] == [want], query


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=60),
       st.booleans(), st.booleans())
@settings(max_examples=300, deadline=None)
def test_folding_maps_every_position_inside_the_text(text, case, marks):
    ft = FoldedText(text, case=case, marks=marks)
    if not ft.folded:
        return
    last = -1
    for i in range(len(ft.folded)):
        p = ft.position(i)
        assert 0 <= p < len(text) and p >= last  # monotone
        last = p
        # the folded character comes from folding the original one
        assert ft.folded[i] in fold(text[p], case, marks) or unicodedata.combining(text[p])
    start, end = ft.span(0, len(ft.folded))
    assert ft.folded in fold(text[start:end], case, marks)


def test_search_query_syntax():
    assert str(parse_search('trust AND NOT "trust deficit"'))
    with pytest.raises(QueryError):
        parse_search('"open phrase')
    with pytest.raises(QueryError):
        parse_search("a OR")
    with pytest.raises(QueryError):
        parse_search("NEAR(a, 3)")
    with pytest.raises(QueryError):
        parse_search("")
    text = "trust is rare. The deficit of trust grew; aid and trust"
    near = locate(parse_search("NEAR(trust deficit, 2)"), FoldedText(text))
    assert [text[a:b] for a, b in near] == ["deficit of trust"]
    assert [text[a:b] for a, b in locate(parse_search("defic*"), FoldedText(text))] == ["deficit"]


# -- coding queries ----------------------------------------------------------------------------

def test_query_grammar_precedence_and_quoting():
    node = parse_query('"Themes/Trust deficit" overlaps A & B | C - D near/5 (E within F)')
    assert node == BinOp("-", BinOp("|", BinOp("overlaps", CodeRef("Themes/Trust deficit"),
                                                BinOp("&", CodeRef("A"), CodeRef("B"))),
                                     CodeRef("C")),
                         BinOp("near", CodeRef("D"), BinOp("within", CodeRef("E"),
                                                           CodeRef("F")), 5))
    assert parse_query("Anti-Americanism - B") == BinOp("-", CodeRef("Anti-Americanism"),
                                                         CodeRef("B"))
    assert parse_query('"say \\"no\\"" OVERLAPS x') == BinOp("overlaps", CodeRef('say "no"'),
                                                              CodeRef("x"))
    for bad in ["", "A &", "(A | B", "A near/x B", '"A', "& A", "A B"]:
        with pytest.raises(QueryError):
            parse_query(bad)


def brute(node, codings):
    """The meaning of a query, by checking every pair."""
    if isinstance(node, CodeRef):
        return {s for s in codings[node.ref]}
    a, b = brute(node.left, codings), brute(node.right, codings)
    same = lambda s, o: s.document_id == o.document_id  # noqa: E731
    overlap = lambda s, o: same(s, o) and s.start < o.end and o.start < s.end  # noqa: E731
    if node.op == "|":
        return a | b
    if node.op == "&":
        return {Segment(s.document_id, max(s.start, o.start), min(s.end, o.end))
                for s in a for o in b if overlap(s, o)}
    if node.op == "overlaps":
        return {s for s in a if any(overlap(s, o) for o in b)}
    if node.op == "-":
        return {s for s in a if not any(overlap(s, o) for o in b)}
    if node.op == "within":
        return {s for s in a if any(same(s, o) and o.start <= s.start and s.end <= o.end
                                    for o in b)}

    def gap(s, o):
        return max(0, o.start - s.end, s.start - o.end)

    return {s for s in a if any(same(s, o) and gap(s, o) <= node.distance for o in b)}


spans = st.tuples(st.integers(0, 2), st.integers(0, 60), st.integers(1, 25))
codings_st = st.fixed_dictionaries({k: st.lists(spans, max_size=8) for k in "ABC"})


def exprs():
    leaf = st.sampled_from([CodeRef("A"), CodeRef("B"), CodeRef("C")])
    ops = st.sampled_from(["&", "|", "-", "overlaps", "within", "near"])
    return st.recursive(leaf, lambda sub: st.builds(
        lambda op, left, right, n: BinOp(op, left, right, n if op == "near" else 0),
        ops, sub, sub, st.integers(0, 15)), max_leaves=5)


@given(codings_st, exprs())
@settings(max_examples=400, deadline=None)
def test_every_operator_matches_brute_force(raw, node):
    ids = iter(range(1, 10_000))
    codings = {k: [Segment(d, s, s + n, next(ids)) for d, s, n in v] for k, v in raw.items()}
    got = evaluate(node, codings.__getitem__)
    assert got == sorted(got, key=segment_order)
    assert set(got) == brute(node, codings)
    assert len(got) == len(set(got))
    # the printed form reads back as the same query
    assert parse_query(str(node)) == node


# -- matrices ----------------------------------------------------------------------------------

coded_st = st.lists(st.builds(Coded, st.integers(1, 3), st.integers(1, 4), st.integers(1, 2),
                              st.integers(0, 50), st.integers(1, 20)).map(
    lambda c: c._replace(end=c.start + c.end)), max_size=25)


@given(coded_st)
@settings(max_examples=200, deadline=None)
def test_cooccurrence_against_pairs(codings):
    cells = matrix(codings, "codes", "codes", "codings")
    docs = matrix(codings, "codes", "codes", "documents")
    chars = matrix(codings, "codes", "codes", "characters")
    codes = {c.code_id for c in codings}
    for a in codes:
        mine = [c for c in codings if c.code_id == a]
        assert cells[a, a] == len(mine)
        assert docs[a, a] == len({c.document_id for c in mine})
        for b in codes - {a}:
            theirs = [c for c in codings if c.code_id == b]
            hit = [c for c in mine if any(o.document_id == c.document_id and o.start < c.end
                                          and c.start < o.end for o in theirs)]
            assert cells.get((a, b), 0) == len(hit)
            assert docs.get((a, b), 0) == len({c.document_id for c in hit})
            both = sum(len({p for c in mine if c.document_id == d for p in range(c.start, c.end)}
                           & {p for c in theirs if c.document_id == d
                              for p in range(c.start, c.end)}) for d in (1, 2, 3))
            assert chars.get((a, b), 0) == both


@given(coded_st, st.sampled_from(["codes", "documents", "coders"]),
       st.sampled_from(["codes", "documents", "coders"]))
@settings(max_examples=200, deadline=None)
def test_two_dimension_matrices_against_counting(codings, rows, cols):
    if rows == cols:
        return
    key = {"codes": lambda c: c.code_id, "documents": lambda c: c.document_id,
           "coders": lambda c: c.coder_id}
    for count in ("codings", "documents", "characters"):
        cells = matrix(codings, rows, cols, count)
        for r in {key[rows](c) for c in codings}:
            for k in {key[cols](c) for c in codings}:
                sel = [c for c in codings if key[rows](c) == r and key[cols](c) == k]
                want = {"codings": len(sel), "documents": len({c.document_id for c in sel}),
                        "characters": sum(union_length([(c.start, c.end) for c in sel
                                                        if c.document_id == d])
                                          for d in (1, 2, 3))}[count]
                assert cells.get((r, k), 0) == want


def test_same_dimension_twice_is_refused():
    from gwot_reader.core.errors import GwotError

    with pytest.raises(GwotError):
        matrix([], "documents", "documents")


# -- scope -------------------------------------------------------------------------------------

def test_sentence_and_paragraph_scope():
    text = "First one. The trust deficit grew! Third “quoted.” here\n\nNew para 中文。下一句"
    i = text.index("trust")
    assert text[slice(*expand(text, i, i + 5, "sentence"))] == "The trust deficit grew!"
    assert text[slice(*expand(text, i, i + 5, "paragraph"))] == text.split("\n")[0]
    j = text.index("下一")
    assert text[slice(*expand(text, j, j + 2, "sentence"))] == "下一句"
    assert expand(text, i, i + 5, "hit") == (i, i + 5)
    assert re.fullmatch(r"Third “quoted\.”", text[slice(*expand(text, text.index("Third"),
                                                                 text.index("Third") + 5,
                                                                 "sentence"))])
