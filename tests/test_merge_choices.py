"""The choice per merge conflict, without SQL: the rules, a document's codings moved onto the
kept text, spans mapped between two versions of a text, and the property that no choice
ever loses or doubles a coding."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_merge import _base  # the target: two documents, three codes, a coding, a memo

from gwot_reader.core.errors import GwotError
from gwot_reader.core.merge import (
    CodeRef,
    CodingRef,
    DocRef,
    MemoRef,
    Snapshot,
    choose,
    plan_merge,
)
from gwot_reader.core.textmap import span_mapper


def _source() -> Snapshot:
    """Bob's copy: Trust renamed, Aid recoloured, K1 changed, the memo changed, Doc one edited."""
    return Snapshot(
        documents=[DocRef("D1", "Doc one", "sha1-edited"), DocRef("D2", "Doc two", "sha2")],
        codes=[CodeRef("C0", "Themes", None, True), CodeRef("C1", "Distrust", "C0"),
               CodeRef("C2", "Aid", "C0", False, ("#ff0000", "", "", "", "", ""))],
        codings=[CodingRef("K1", "D2", "C1", 0, 6, "ann", "memo", "t0", "t1"),
                 CodingRef("K2", "D1", "C2", 10, 15, "bob")],
        memos=[MemoRef("M1", "project", "", "Notes", "changed")],
    )


TEXTS = {"D1": ("Preface.\nTrust is low in the valley.\n",
                "Trust is low in the valley!\nA new line.\n")}


def _texts(target_guid: str, source_guid: str) -> tuple[str, str]:
    return TEXTS[target_guid]


def test_every_conflict_is_named_by_its_kind_and_guid_with_the_default_applied():
    plan = plan_merge(_base(), _source())
    assert [(c.key, c.choice, c.options) for c in plan.conflicts] == [
        ("document text:D1", "both", ("both", "target")),
        ("code moved or renamed:C1", "target", ("target", "source")),
        ("code content:C2", "target", ("target", "source")),
        ("coding:K1", "target", ("target", "source")),
        ("memo:M1", "target", ("target", "source"))]
    assert "[C1]" in plan.conflicts[1].line()  # the GUID the command line's --resolve takes
    assert not plan.code_updates and not plan.coding_updates and not plan.memo_updates


def test_each_conflict_takes_its_own_choice_and_a_guid_decides_all_of_its_conflicts():
    plan = plan_merge(_base(), _source(), choices={
        "code moved or renamed:C1": "source", "memo:M1": "source"})
    assert [(c.guid, c.name, c.fields[0]) for c in plan.code_updates] == [("C1", "Distrust", "#888888")]
    assert [m.text for m in plan.memo_updates] == ["changed"]
    assert not plan.coding_updates  # K1 follows prefer
    assert [c.choice for c in plan.conflicts] == ["both", "source", "target", "target", "source"]
    by_guid = plan_merge(_base(), _source(), prefer="source", choices={"C2": "target", "K1": "target"})
    assert [c.guid for c in by_guid.code_updates] == ["C1"] and not by_guid.coding_updates
    assert [m.text for m in by_guid.memo_updates] == ["changed"]


def test_a_code_renamed_and_recoloured_takes_each_side_where_chosen():
    source = _source()
    source.codes[1] = CodeRef("C1", "Distrust", "C0", False, ("#00ff00", "", "", "", "", ""))
    plan = plan_merge(_base(), source, choices={"code content:C1": "source"})
    (update,) = plan.code_updates
    assert (update.name, update.parent_guid, update.fields[0]) == ("Trust", "C0", "#00ff00")


def test_a_choice_a_conflict_does_not_offer_is_refused():
    with pytest.raises(GwotError, match="choose target or source"):
        plan_merge(_base(), _source(), choices={"K1": "both"})
    with pytest.raises(GwotError, match="choose both or target"):
        plan_merge(_base(), _source(), choices={"D1": "source"})
    assert choose({}, "memo", "M9", "source") == "source"


def test_keeping_the_targets_text_moves_the_sources_codings_onto_it():
    source = _source()
    # "Trust is low" at 0-12 in Bob's text; the target has it after a preface of 9 characters
    source.codings = [CodingRef("K2", "D1", "C2", 0, 12, "bob"),
                      CodingRef("K3", "D1", "C2", 13, 26, "bob")]
    plan = plan_merge(_base(), source, choices={"D1": "target"}, texts=_texts,
                      source_label="bob.gwot")
    assert [d.guid for d, _ in plan.documents_added] == []
    assert ("D1", "D1", "Doc one (its text kept)") in [(d.guid, t, h) for d, t, h in plan.documents_matched]
    target_text = TEXTS["D1"][0]
    assert [(c.document_guid, target_text[c.start:c.end]) for c in plan.codings_added] == [
        ("D1", "Trust is low"), ("D1", "in the valley")]
    assert plan.conflicts[0].resolution == "target's text kept: bob.gwot's codings moved onto it"


def test_a_coding_on_a_passage_the_target_lacks_keeps_both_documents():
    source = _source()
    source.codings = [CodingRef("K2", "D1", "C2", 0, 12, "bob"),
                      CodingRef("K4", "D1", "C2", 28, 38, "bob")]  # "A new line": only Bob's
    plan = plan_merge(_base(), source, choices={"D1": "target"}, texts=_texts)
    (doc, new_guid), = plan.documents_added
    assert new_guid != "D1" and {c.document_guid for c in plan.codings_added} == {new_guid}
    assert plan.conflicts[0].choice == "both"
    assert "1 of source's codings are on passages not in the target's text" in plan.conflicts[0].resolution
    without_texts = plan_merge(_base(), source, choices={"D1": "target"})
    assert without_texts.conflicts[0].choice == "both"


# -- spans between two versions of a text -----------------------------------------------------------
def test_a_span_follows_its_passage_and_carries_a_change_inside_it():
    old = "alpha beta gamma\ndelta\n"
    new = "NEW LINE\nalpha BETA! gamma\ndelta\n"
    m = span_mapper(old, new)
    assert new[slice(*m(0, 16))] == "alpha BETA! gamma"  # the change inside goes along
    assert new[slice(*m(17, 22))] == "delta"
    assert m(6, 10) is None  # "beta" itself was rewritten
    assert span_mapper("", "x")(0, 1) is None


def test_a_passage_the_diff_slid_into_changed_text_is_found_whole():
    # the preface begins with the coded passage's first letter: the common beginning is "P"
    old, new = "Preface 😀\nPAKISTAN and the war", "PAKISTAN and the war"
    m = span_mapper(old, new)
    assert m(10, 18) == (0, 8)
    assert m(0, 7) is None  # "Preface" is not in the new text
    repeated = span_mapper("xx ab ab ab", "ab ab ab")
    assert repeated(6, 8) == (3, 5)  # the nearest of three occurrences


words = st.lists(st.sampled_from(["Trust", "😀", "اردو", "中文", "e\u0301", " ", "\n", "aid"]),
                 max_size=30).map("".join)


@given(words, words, words, st.data())
def test_a_passage_outside_the_edit_maps_to_the_same_text(before, middle, after, data):
    old = before + "<<" + after
    new = before + middle + after
    if not before and not after:
        return
    m = span_mapper(old, new)
    cut = len(before)
    start = data.draw(st.integers(0, max(len(old) - 1, 0)))
    end = data.draw(st.integers(start + 1, len(old)))
    span = m(start, end)
    if end <= cut:  # wholly before the edit: the same place, the same text
        assert span == (start, end)
    elif start >= cut + 2:  # wholly after it: shifted by what the edit added
        assert span == (start - 2 + len(middle), end - 2 + len(middle))
    if span is not None:
        assert 0 <= span[0] < span[1] <= len(new)


# -- property: no choice loses or doubles a coding ---------------------------------------------------
guids = st.sampled_from([f"K{i}" for i in range(8)])


@st.composite
def snapshots(draw):
    """A target and a source sharing documents (some with other text), codes and codings."""
    docs = ["D1", "D2", "D3"]

    def side(sha_suffix: str) -> Snapshot:
        mine = sorted(draw(st.sets(st.sampled_from(docs), min_size=1)))
        codes = [CodeRef("C0", "Themes", None, True),
                 CodeRef("C1", draw(st.sampled_from(["Trust", "Distrust"])), "C0"),
                 CodeRef(draw(st.sampled_from(["C2", "C9"])), "Aid", None)]
        codings = {}
        for g in draw(st.lists(guids, max_size=6)):
            s = draw(st.integers(0, 20))
            code = draw(st.sampled_from(["C1", codes[2].guid]))
            codings[g] = CodingRef(g, draw(st.sampled_from(mine)), code, s,
                                   s + draw(st.integers(1, 5)), draw(st.sampled_from(["ann", "bob"])))
        shas = {d: d + (sha_suffix if draw(st.booleans()) else "") for d in mine}
        return Snapshot([DocRef(d, d, shas[d]) for d in mine], codes, list(codings.values()))

    return side(""), side("-edited")


@settings(max_examples=200, deadline=None)
@given(snapshots(), st.data())
def test_whatever_the_choices_every_coding_is_in_the_result_exactly_once(sides, data):
    target, source = sides
    base = "0123456789abcdefghijklmnopqrstuvwxyz"

    def texts(t: str, s: str) -> tuple[str, str]:
        return base, "~" + base  # the source's text has one character more in front

    plan = plan_merge(target, source, prefer=data.draw(st.sampled_from(["target", "source"])),
                      texts=texts)
    choices = {c.key: data.draw(st.sampled_from(c.options)) for c in plan.conflicts}
    plan = plan_merge(target, source, prefer="target", choices=choices, texts=texts)
    kept = {c.guid for c in target.codings}
    added = [c.guid for c in plan.codings_added]
    assert len(added) == len(set(added)) and not kept & set(added)  # each once
    assert kept | set(added) == kept | {c.guid for c in source.codings}  # none lost
    updated = [c.guid for c in plan.coding_updates]
    assert set(updated) <= kept and len(updated) == len(set(updated))
    new_docs = {g for _, g in plan.documents_added}
    known_docs = {d.guid for d in target.documents} | new_docs
    assert {c.document_guid for c in plan.codings_added + plan.coding_updates} <= known_docs
    for c in plan.codings_added + plan.coding_updates:
        assert 0 <= c.start < c.end


# -- bigger texts ------------------------------------------------------------------------------------
def test_two_edits_far_apart_leave_the_lines_between_them_in_place():
    lines = [f"line {i} about trust 😀\n" for i in range(200)]
    old = "".join(lines)
    edited = list(lines)
    edited[10] = "a rewritten line\n"
    edited[190] = "another one\nand a line more\n"
    new = "".join(edited)
    m = span_mapper(old, new)
    at = old.index("line 100 ")
    assert m(at, at + 8) == (new.index("line 100 "), new.index("line 100 ") + 8)
    within = old.index("line 190")  # on a rewritten line: no such passage in the new text
    assert m(within, within + 8) is None


def test_a_changed_stretch_too_long_to_compare_by_character_still_finds_whole_passages():
    old = "x" * 25_000 + " the envoy spoke\n" + "tail\n"
    new = "y" * 25_000 + " the envoy spoke\n" + "tail\n"
    m = span_mapper(old, new)
    at = old.index("the envoy")
    assert m(at, at + 9) == (new.index("the envoy"), new.index("the envoy") + 9)
    assert m(10, 20) is None  # the x's are nowhere in the new text
    old2 = "x" * 25_000 + "\nthe envoy spoke about x\n"
    new2 = "the envoy spoke\n" + "y" * 25_000 + "\n"
    at = old2.index("the envoy")
    assert span_mapper(old2, new2)(at, at + 15) == (0, 15)


def test_a_conflict_line_without_a_guid_and_the_kinds_choices():
    from gwot_reader.core.merge import Conflict

    c = Conflict("memo", "Notes", "its text differs", "target's kept")
    assert c.line() == "conflict (memo): Notes: its text differs; target's kept"
    assert (c.key, c.options, c.choice) == ("memo:", ("target", "source"), "target")


def test_a_document_kept_twice_is_not_added_a_third_time():
    source = Snapshot(documents=[DocRef("D1", "Doc one", "bob's")], codes=_base().codes,
                      codings=[CodingRef("K9", "D1", "C1", 1, 3, "bob")])
    first = plan_merge(_base(), source)
    (_, new_guid), = first.documents_added
    merged = _base()
    merged.documents.append(DocRef(new_guid, "Doc one (2)", "bob's"))
    merged.codings.append(first.codings_added[0])
    again = plan_merge(merged, source)
    assert again.changes_nothing and not again.conflicts and again.codings_matched == 1


def test_the_texts_are_read_only_for_a_document_whose_text_is_kept_and_a_shared_coding_matches():
    asked = []

    def texts(target_guid: str, source_guid: str) -> tuple[str, str]:
        asked.append((target_guid, source_guid))
        return TEXTS["D1"]

    source = _source()
    plan_merge(_base(), source, texts=texts)
    assert asked == []  # keeping both needs no text
    # the shared coding K1, made before Bob's edit, moved onto our text: the same coding again
    source.codings = [CodingRef("K1", "D1", "C1", 0, 5, "ann", "memo", "t0", "t0"),
                      CodingRef("K5", "D1", "C1", 0, 5, "bob")]
    target = _base()
    target.codings = [CodingRef("K1", "D1", "C1", 9, 14, "ann", "memo", "t0", "t0")]
    plan = plan_merge(target, source, choices={"D1": "target"}, texts=texts)
    assert asked == [("D1", "D1")]
    assert plan.codings_matched == 1 and [(c.guid, c.start, c.end) for c in plan.codings_added] == [
        ("K5", 9, 14)]


def _applied(target: Snapshot, plan) -> Snapshot:
    """The target after ``plan`` (documents, codings and codes as a merge writes them)."""
    added_docs = [DocRef(new, d.name, d.sha256) for d, new in plan.documents_added]
    return Snapshot(documents=target.documents + added_docs,
                    codes=target.codes + plan.codes_added,
                    codings=target.codings + plan.codings_added, memos=target.memos)


def test_merging_again_after_keeping_the_targets_text_adds_nothing():
    """The issue's 'merging the same file again adds nothing', also after a document's text
    conflict was settled by keeping the target's text: the default then keeps it again."""
    source = _source()
    source.codings = [CodingRef("K2", "D1", "C2", 0, 12, "bob")]  # on Bob's edited text
    first = plan_merge(_base(), source, choices={"D1": "target"}, texts=_texts)
    assert not first.documents_added and len(first.codings_added) == 1
    merged = _applied(_base(), first)
    again = plan_merge(merged, source, texts=_texts)  # no choice given: the default
    (conflict,) = [c for c in again.conflicts if c.kind == "document text"]
    assert conflict.choice == "target"
    assert not again.documents_added and not again.codings_added and not again.coding_updates
    # a first merge of that document still keeps both by default, as before
    assert plan_merge(_base(), source, texts=_texts).conflicts[0].choice == "both"
    # and choosing both on the second merge still can
    both = plan_merge(merged, source, choices={"D1": "both"}, texts=_texts)
    assert [d.guid for d, _ in both.documents_added] != []
