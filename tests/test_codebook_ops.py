"""Codebook operations and their inverses: each undo puts the project back exactly."""

from __future__ import annotations

import pytest

from gwot_reader.core.errors import ConflictError


def state(project) -> tuple:
    """Everything a user can see of the codebook and codings (not modification stamps)."""
    codes = tuple(project.codebook.all())
    codings = tuple(sorted((c.id, c.guid, c.document_id, c.code_id, c.start, c.end, c.text,
                            c.coder, c.memo) for c in project.codings.all()))
    return codes, codings


def code(project, path: str) -> int:
    return project.codebook.get(path).id


@pytest.fixture
def coded(corpus_project):
    """The corpus project with a few codings on two codes, one of them a duplicate span."""
    p = corpus_project
    trust, double = code(p, "Themes/Trust deficit"), code(p, "Themes/Double game")
    p.codings.add(1, trust, 0, 20)
    p.codings.add(1, trust, 100, 150, memo="kept memo")
    p.codings.add(2, trust, 10, 40, coder="other")
    p.codings.add(1, double, 100, 150, memo="source memo")  # same span and coder as a trust one
    p.codings.add(1, double, 200, 260)
    p.codings.add(3, double, 5, 25)
    return p


def test_merge_moves_codings_collapses_duplicates_and_undoes(coded):
    p = coded
    trust, double = code(p, "Themes/Trust deficit"), code(p, "Themes/Double game")
    before, history = state(p), len(p.history.all())
    seen = []
    p.subscribe(seen.append)

    result = p.codebook.merge(double, trust)

    assert p.codebook.find(double) is None
    on_trust = p.codings.all(code_id=trust)
    assert [(c.document_id, c.start, c.end) for c in on_trust] == [
        (1, 0, 20), (1, 100, 150), (1, 200, 260), (2, 10, 40), (3, 5, 25)]
    kept = next(c for c in on_trust if c.start == 100)
    assert kept.memo == "kept memo\n\nsource memo"
    assert len(result.collapsed) == 1 and len(result.moved) == 3
    assert seen and seen[-1].kind == "codebook" and {double, trust} <= seen[-1].code_ids
    assert p.history.all(limit=1)[0].action == "merge"

    p.codebook.unmerge(result)
    assert state(p) == before
    assert p.history.all(limit=1)[0].action == "unmerge"
    assert len(p.history.all()) == history + 2

    again = p.codebook.merge(double, trust)  # redo gives the same result
    assert len(again.collapsed) == 1 and len(p.codings.all(code_id=trust)) == 5


def test_merge_moves_child_codes_and_refuses_cycles(corpus_project):
    p = corpus_project
    actors, themes = code(p, "Actors"), code(p, "Themes")
    with pytest.raises(ConflictError):
        p.codebook.merge(actors, code(p, "Actors/TTP"))
    with pytest.raises(ConflictError):
        p.codebook.merge(actors, actors)
    before = state(p)
    result = p.codebook.merge(actors, themes)
    assert p.codebook.path(code(p, "TTP")) == "Themes/TTP"
    assert len(p.codebook.tree().children(themes)) == 22
    p.codebook.unmerge(result)
    assert state(p) == before


def test_merge_into_a_category_with_codings_is_refused_and_changes_nothing(coded):
    p = coded
    before = state(p)
    with pytest.raises(ConflictError, match="category"):
        p.codebook.merge(code(p, "Themes/Trust deficit"), code(p, "Actors"))
    assert state(p) == before


def test_merge_refuses_clashing_child_names(corpus_project):
    p = corpus_project
    p.codebook.add("TTP", code(p, "Themes"))
    before = state(p)
    with pytest.raises(ConflictError, match="TTP"):
        p.codebook.merge(code(p, "Actors"), code(p, "Themes"))
    assert state(p) == before


def test_split_moves_chosen_codings_to_a_new_code_and_undoes(coded):
    p = coded
    double = code(p, "Themes/Double game")
    chosen = [c.id for c in p.codings.all(code_id=double)][:2]
    before, history = state(p), len(p.history.all())

    result = p.codebook.split(double, chosen, "Hedging", color="#123456")

    new = p.codebook.get("Themes/Hedging")
    assert new.color == "#123456" and new.parent_id == p.codebook.get(double).parent_id
    assert sorted(c.id for c in p.codings.all(code_id=new.id)) == sorted(chosen)
    assert len(p.codings.all(code_id=double)) == 1
    assert p.history.all(limit=1)[0].action == "split"

    p.codebook.unsplit(result)
    assert state(p) == before
    assert len(p.history.all()) == history + 2

    redo = p.codebook.split(double, chosen, "Hedging", guid=result.new.guid, new_id=result.new.id)
    assert redo.new.id == result.new.id and redo.new.guid == result.new.guid


def test_split_refuses_foreign_codings_and_empty_choices(coded):
    p = coded
    double, trust = code(p, "Themes/Double game"), code(p, "Themes/Trust deficit")
    before = state(p)
    with pytest.raises(ConflictError):
        p.codebook.split(double, [p.codings.all(code_id=trust)[0].id], "X")
    with pytest.raises(ConflictError):
        p.codebook.split(double, [], "X")
    with pytest.raises(ConflictError):
        p.codebook.split(double, [p.codings.all(code_id=double)[0].id], "Trust deficit")
    assert state(p) == before


def test_delete_and_restore_bring_back_codes_codings_and_ids(coded):
    p = coded
    themes = code(p, "Themes")
    before, history = state(p), len(p.history.all())
    assert p.codebook.subtree_coding_count(themes) == 6
    codes, codings = p.codebook.delete(themes)
    assert len(codes) == 13 and len(codings) == 6 and p.codings.count() == 0
    p.codebook.restore(codes, codings)
    assert state(p) == before
    assert len(p.history.all()) == history + 2


def test_move_and_move_back_restore_the_tree(corpus_project):
    p = corpus_project
    ttp, themes = code(p, "Actors/TTP"), code(p, "Themes")
    before, history = state(p), len(p.history.all())
    old_index = [c.id for c in p.codebook.tree().children(code(p, "Actors"))].index(ttp)
    old, new = p.codebook.move(ttp, themes, 0)
    assert p.codebook.path(ttp) == "Themes/TTP" and p.codebook.tree().children(themes)[0].id == ttp
    p.codebook.move(ttp, old.parent_id, old_index)
    assert state(p) == before
    p.codebook.move(ttp, None)  # to the top level
    assert p.codebook.path(ttp) == "TTP"
    assert len(p.history.all()) == history + 3


def test_update_and_its_inverse(corpus_project):
    p = corpus_project
    trust = code(p, "Themes/Trust deficit")
    before = state(p)
    old, new = p.codebook.update(trust, name="Mistrust", color="#000000", definition="d", memo="m")
    assert p.codebook.get("Themes/Mistrust").memo == "m"
    p.codebook.update(trust, **{k: getattr(old, k) for k in ("name", "color", "definition", "memo")})
    assert state(p) == before
    assert [h.action for h in p.history.all(limit=2)] == ["edit", "edit"]


def test_failed_operation_sends_no_change_notice(corpus_project):
    p = corpus_project
    seen = []
    p.subscribe(seen.append)
    with pytest.raises(ConflictError):
        p.codebook.merge(code(p, "Actors"), code(p, "Actors/TTP"))
    assert seen == []


def test_code_guids_from_elsewhere_are_normalised(empty_project):
    code = empty_project.codebook.add("TTP", guid="{a1b2c3d4-0000-4000-8000-00000000abcd}")
    assert code.guid == "A1B2C3D4-0000-4000-8000-00000000ABCD"
    assert empty_project.codebook.find("{a1b2c3d4-0000-4000-8000-00000000abcd}").id == code.id
    with pytest.raises(ConflictError):
        empty_project.codebook.add("Other", guid="a1b2c3d4-0000-4000-8000-00000000abcd")
