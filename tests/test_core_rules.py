"""The codebook's rules and the page helpers in core, checked on plain records: no database, no Qt."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gwot_reader.core.codebook import CodebookTree
from gwot_reader.core.errors import ConflictError
from gwot_reader.core.model import Code, Coding
from gwot_reader.core.pages import page_of, words_for_span, words_in_box
from gwot_reader.core.reshape import (
    SplitResult,
    check_applicable,
    check_can_become_category,
    check_merge,
    check_move,
    check_name,
    check_split,
    check_unsplit,
    new_order,
    plan_merge,
)

# Themes (category) > Trust, Double > Double/Inner; Actors (category) > TTP; Loose at the top.
THEMES = Code(1, "G1", "Themes", None, True)
TRUST = Code(2, "G2", "Trust", 1, ord=0)
DOUBLE = Code(3, "G3", "Double", 1, ord=1)
INNER = Code(4, "G4", "Inner", 3)
ACTORS = Code(5, "G5", "Actors", None, True, ord=1)
TTP = Code(6, "G6", "TTP", 5)
LOOSE = Code(7, "G7", "Loose", None, ord=2)
TREE = CodebookTree([THEMES, TRUST, DOUBLE, INNER, ACTORS, TTP, LOOSE])


def coding(cid: int, code_id: int, start: int, end: int, *, doc: int = 1, coder: str = "ann",
           memo: str = "") -> Coding:
    return Coding(cid, f"C{cid}", doc, code_id, start, end, coder=coder, memo=memo)


# -- which code takes what ------------------------------------------------------------------------

def test_only_codes_take_codings():
    check_applicable(TRUST)
    with pytest.raises(ConflictError, match="'Themes' is a category"):
        check_applicable(THEMES)


def test_a_code_with_codings_cannot_become_a_category():
    check_can_become_category(TRUST, has_codings=False)
    check_can_become_category(THEMES, has_codings=True)  # already one: nothing changes
    with pytest.raises(ConflictError, match="has codings"):
        check_can_become_category(TRUST, has_codings=True)


@pytest.mark.parametrize("name", ["", "   ", "\t\n"])
def test_a_code_needs_a_name(name):
    with pytest.raises(ConflictError, match="needs a name"):
        check_name(name)


def test_names_are_stripped():
    assert check_name("  Trust deficit\n") == "Trust deficit"


# -- moving ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("parent", [3, 4])
def test_a_code_cannot_move_inside_itself(parent):
    with pytest.raises(ConflictError, match="inside itself"):
        check_move(TREE, DOUBLE, parent)


@pytest.mark.parametrize("parent", [None, 1, 5, 2])
def test_a_code_can_move_anywhere_else(parent):
    check_move(TREE, DOUBLE, parent)


def test_new_order_numbers_both_sibling_lists_from_zero():
    # Trust goes under Actors, first: Themes keeps Double at 0, Actors gets Trust 0, TTP 1.
    assert new_order(TREE, TRUST, 5, 0) == [(0, DOUBLE.id), (0, TRUST.id), (1, TTP.id)]
    # None and past the end both mean last.
    assert new_order(TREE, TRUST, 5, None) == new_order(TREE, TRUST, 5, 99)
    assert new_order(TREE, TRUST, 5, None)[-1] == (1, TRUST.id)
    assert new_order(TREE, TRUST, 5, -3)[1] == (0, TRUST.id)


def test_new_order_within_the_same_parent_reorders():
    order = dict((cid, i) for i, cid in new_order(TREE, TRUST, 1, 1)[1:])  # the new list
    assert order == {DOUBLE.id: 0, TRUST.id: 1}


# -- merging --------------------------------------------------------------------------------------

def test_merge_refuses_itself_its_own_subtree_and_a_category_for_codings():
    with pytest.raises(ConflictError, match="into itself"):
        check_merge(TREE, TRUST, TRUST, False)
    with pytest.raises(ConflictError, match="inside it"):
        check_merge(TREE, DOUBLE, INNER, False)
    with pytest.raises(ConflictError, match="is a category"):
        check_merge(TREE, TRUST, ACTORS, True)
    check_merge(TREE, TRUST, ACTORS, False)  # an empty code may go into a category
    check_merge(TREE, INNER, DOUBLE, True)  # a child into its parent is fine


def test_plan_merge_moves_distinct_codings_and_collapses_twins():
    staying = [coding(1, 2, 0, 10), coding(2, 2, 20, 30, memo="kept")]
    moving = [coding(3, 3, 0, 10),  # twin of 1
              coding(4, 3, 0, 10, coder="bob"),  # another coder: not a twin
              coding(5, 3, 20, 30, memo="more"),  # twin of 2, memo joined
              coding(6, 3, 20, 30, doc=2)]  # another document
    plan = plan_merge(moving, staying)
    assert [c.id for c in plan.move] == [4, 6]
    assert [c.id for c in plan.collapse] == [3, 5]
    assert plan.memos == {2: "kept\n\nmore"}
    assert plan.memo_kept == [staying[1]]


def test_plan_merge_does_not_repeat_a_memo_the_twin_holds():
    plan = plan_merge([coding(3, 3, 0, 5, memo="same"), coding(4, 3, 0, 5, memo="")],
                      [coding(1, 2, 0, 5, memo="it says same here")])
    assert [c.id for c in plan.collapse] == [3, 4]
    assert plan.memos == {} and plan.memo_kept == []


def test_plan_merge_collapses_duplicates_within_the_source_too():
    plan = plan_merge([coding(3, 3, 0, 5, memo="a"), coding(4, 3, 0, 5, memo="b"),
                       coding(5, 3, 0, 5, memo="c")], [])
    assert [c.id for c in plan.move] == [3]
    assert [c.id for c in plan.collapse] == [4, 5]
    assert plan.memos == {3: "a\n\nb\n\nc"}
    assert plan.memo_kept == [coding(3, 3, 0, 5, memo="a")]  # as it was, once


def test_plan_merge_gives_an_empty_memo_the_moved_one():
    plan = plan_merge([coding(3, 3, 0, 5, memo="why")], [coding(1, 2, 0, 5)])
    assert plan.memos == {1: "why"}


codings_st = st.lists(
    st.tuples(st.integers(1, 2), st.integers(0, 3), st.integers(1, 3), st.sampled_from("ab"),
              st.sampled_from(["", "x", "y", "x y"])),
    max_size=12)


@given(codings_st, codings_st)
def test_plan_merge_keeps_one_coding_per_place_and_every_memo(moving_rows, staying_rows):
    staying = [coding(100 + i, 2, s, s + n, doc=d, coder=k, memo=m)
               for i, (d, s, n, k, m) in enumerate(staying_rows)]
    moving = [coding(200 + i, 3, s, s + n, doc=d, coder=k, memo=m)
              for i, (d, s, n, k, m) in enumerate(moving_rows)]
    plan = plan_merge(moving, staying)

    def key(c: Coding) -> tuple:
        return (c.document_id, c.start, c.end, c.coder)

    # every moving coding is moved or collapsed, never both
    assert sorted(c.id for c in plan.move + plan.collapse) == [c.id for c in moving]
    # a moved one lands where the target has nothing; a collapsed one where it has something
    target_keys = {key(c) for c in staying}
    moved_keys = [key(c) for c in plan.move]
    assert len(set(moved_keys)) == len(moved_keys) and not set(moved_keys) & target_keys
    assert all(key(c) in target_keys | set(moved_keys) for c in plan.collapse)
    # no memo is lost: each collapsed memo is in the memo its place ends with
    # (of twins already on the target, the last one keeps the merged codings)
    final = {key(c): plan.memos.get(c.id, c.memo) for c in [*staying, *plan.move]}
    assert all(c.memo in final[key(c)] for c in plan.collapse)
    # what undo needs: each coding whose memo changes, as it was, once
    assert sorted(c.id for c in plan.memo_kept) == sorted(plan.memos)
    assert all(c in staying + moving for c in plan.memo_kept)


# -- splitting ------------------------------------------------------------------------------------

def test_split_needs_chosen_codings_of_the_source():
    found = [coding(1, 2, 0, 5), coding(2, 3, 0, 5)]
    check_split(TRUST, [1], found)
    with pytest.raises(ConflictError, match="choose the codings"):
        check_split(TRUST, [], found)
    with pytest.raises(ConflictError, match="1 of the chosen codings are not codings of 'Trust'"):
        check_split(TRUST, [1, 2], found)
    with pytest.raises(ConflictError, match="2 of the chosen"):
        check_split(TRUST, [1, 2, 9], found)  # 9 does not exist


def test_unsplit_only_while_the_new_code_is_unused():
    split = SplitResult(2, Code(8, "G8", "Trust (2)", 1), [coding(1, 2, 0, 5)])
    check_unsplit(split, new_code_used=False)
    with pytest.raises(ConflictError, match="used since the split"):
        check_unsplit(split, new_code_used=True)


# -- pages ----------------------------------------------------------------------------------------

WORDS = [(10.0, 10.0, 30.0, 20.0, 0, 4), (40.0, 10.0, 60.0, 20.0, 5, 9),
         (10.0, 30.0, 30.0, 40.0, 10, 14), (40.0, 30.0, 60.0, 40.0, 15, 19)]


def test_words_in_box_takes_words_whose_centre_is_inside():
    assert words_in_box(WORDS, (0, 0, 100, 25)) == WORDS[:2]
    assert words_in_box(WORDS, (35, 0, 100, 100)) == [WORDS[1], WORDS[3]]
    assert words_in_box(WORDS, (0, 0, 19, 100)) == []  # boxes cut short of the centres
    assert words_in_box(WORDS, (20, 15, 20, 15)) == [WORDS[0]]  # a point on a centre


def test_words_for_span_takes_words_sharing_a_position():
    assert words_for_span(WORDS, 0, 4) == [WORDS[0]]
    assert words_for_span(WORDS, 3, 6) == WORDS[:2]
    assert words_for_span(WORDS, 4, 5) == []  # the space between
    assert words_for_span(WORDS, 0, 100) == WORDS
    assert words_for_span(WORDS, 17, 17) == [WORDS[3]]  # a caret inside a word


@given(st.lists(st.integers(0, 1000), min_size=1, max_size=20, unique=True), st.integers(0, 1200))
def test_page_of_finds_the_page_holding_a_position(starts, position):
    starts = sorted(starts)
    page = page_of(starts, position)
    assert 1 <= page <= len(starts)
    if position >= starts[0]:
        assert starts[page - 1] <= position
        assert page == len(starts) or position < starts[page]
