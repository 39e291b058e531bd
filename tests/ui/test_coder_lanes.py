"""Margin lanes by coder: bands that never mix coders, overlapping codings of one coder apart."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from gwot_reader.core.model import Coding
from gwot_reader.ui.docview.coderlanes import coder_lanes

codings = st.lists(st.tuples(st.sampled_from(["Ayesha", "Bilal", "Chen"]), st.integers(0, 60),
                             st.integers(1, 30)), max_size=25)


def make(rows) -> list[Coding]:
    return [Coding(i + 1, f"G{i}", 1, 1, s, s + n, coder=who) for i, (who, s, n) in enumerate(rows)]


def test_two_coders_side_by_side():
    a1, a2, b1 = make([("Ayesha", 0, 10), ("Ayesha", 5, 10), ("Bilal", 0, 10)])
    lanes, total = coder_lanes([a1, a2, b1])
    assert lanes == {a1.id: 0, a2.id: 1, b1.id: 3} and total == 4  # an empty lane between bands
    assert coder_lanes([]) == ({}, 1)


@settings(max_examples=200, deadline=None)
@given(codings)
def test_bands_never_mix_coders_and_overlaps_of_one_coder_get_distinct_lanes(rows):
    items = make(rows)
    lanes, total = coder_lanes(items)
    assert set(lanes) == {c.id for c in items}
    assert all(0 <= lane < total for lane in lanes.values())
    coders = sorted({c.coder for c in items})
    bands = {who: {lanes[c.id] for c in items if c.coder == who} for who in coders}
    for x, y in zip(coders, coders[1:], strict=False):
        assert max(bands[x]) + 1 < min(bands[y])  # in name order, apart
    for a in items:
        for b in items:
            if a.id < b.id and a.coder == b.coder and a.start < b.end and b.start < a.end:
                assert lanes[a.id] != lanes[b.id]


def test_a_coder_choice_names_whom_it_shows():
    from gwot_reader.ui.teams.coder_filter import ALL, ME, ONE, CoderChoice

    assert CoderChoice().coders("Ayesha") is None and CoderChoice().label() == "All coders"
    assert CoderChoice(ME).coders("Ayesha") == frozenset({"Ayesha"})
    assert CoderChoice(ME, lanes=True).label() == "Only me · lanes"
    assert CoderChoice(ONE, "Bilal").coders("Ayesha") == frozenset({"Bilal"})
    assert CoderChoice(ONE, "Bilal").label() == "Bilal"
    assert CoderChoice(ALL, "", True).label() == "All coders · lanes"


def test_the_merge_report_lists_additions_matches_and_each_conflict():
    from gwot_reader.core.merge import CodeRef, Conflict, DocRef, MergePlan
    from gwot_reader.ui.teams.merge_preview import report

    plan = MergePlan(documents_added=[(DocRef("D9", "Field notes", "s"), "D9")],
                     codes_added=[CodeRef("C9", "New code", None)], codings_matched=1,
                     conflicts=[Conflict("memo", "Notes", "its text differs", "target's kept")])
    lines = report([("x/chen.gwot", plan)]).splitlines()
    assert lines[:4] == ["chen.gwot", "  Added: 1 document, 1 code, 0 codings, 0 memos",
                         "  Already here: 0 documents, 0 codes, 1 coding, 0 memos",
                         "  Conflicts: 1"]
    assert "    add document Field notes" in lines and "    add code New code" in lines
    assert lines[-1] == "    conflict (memo): Notes: its text differs; target's kept"
