"""Coders in the store: counts, renaming, joining a misspelt name and taking the join back."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gwot_reader.core.errors import GwotError
from gwot_reader.store import Project


def _coded(project: Project) -> tuple[int, int]:
    doc = project.documents.all()[0].id
    code = project.codebook.get("Themes/Trust deficit").id
    project.codings.add(doc, code, 0, 10, coder="Ayesha")
    project.codings.add(doc, code, 20, 30, coder="Aysha")
    project.codings.add(doc, code, 40, 50, coder="Aysha")
    project.codings.add(doc, code, 5, 25, coder="Bilal")
    return doc, code


def test_counts_list_every_coder_even_without_codings(corpus_project):
    _coded(corpus_project)
    corpus_project.coders.ensure("Chen")
    assert corpus_project.coders.counts() == {"Ayesha": 1, "Aysha": 2, "Bilal": 1, "Chen": 0}
    assert "Chen" not in corpus_project.coders.names()  # names(): those with codings


def test_rename_keeps_guid_and_codings_and_is_logged(corpus_project):
    _coded(corpus_project)
    seen = []
    corpus_project.subscribe(seen.append)
    guid = corpus_project.db.one("SELECT guid FROM coders WHERE name = 'Bilal'")[0]
    corpus_project.coders.rename("Bilal", "  Bilal Ahmed ")
    assert corpus_project.db.one("SELECT guid FROM coders WHERE name = 'Bilal Ahmed'")[0] == guid
    assert [c.coder for c in corpus_project.codings.all() if c.start == 5] == ["Bilal Ahmed"]
    assert [c.kind for c in seen] == ["coders"] and seen[0].document_ids
    [entry] = [h for h in corpus_project.history.all(guid) if h.action == "rename"]
    assert entry.data == {"from": "Bilal", "to": "Bilal Ahmed"}
    corpus_project.coders.rename("Bilal Ahmed", "Bilal Ahmed")  # the same name: nothing to do


@pytest.mark.parametrize("old,new,says", [
    ("Bilal", "", "cannot be empty"),
    ("Bilal", "Ayesha", "join the two instead"),
    ("Nobody", "X", "no coder named"),
])
def test_bad_renames_are_refused_and_change_nothing(corpus_project, old, new, says):
    _coded(corpus_project)
    before = corpus_project.coders.counts()
    with pytest.raises(GwotError, match=says):
        corpus_project.coders.rename(old, new)
    assert corpus_project.coders.counts() == before


def test_join_moves_codings_and_memos_and_unjoin_gives_them_back(corpus_project):
    _coded(corpus_project)
    memo = corpus_project.memos.add("a memo", coder="Aysha")
    before = {c.id: (c.guid, c.coder) for c in corpus_project.codings.all()}
    guid = corpus_project.db.one("SELECT guid FROM coders WHERE name = 'Aysha'")[0]
    joined = corpus_project.coders.join("Aysha", "Ayesha")
    assert len(joined.coding_ids) == 2 and joined.memo_ids == (memo.id,)
    assert corpus_project.coders.counts() == {"Ayesha": 3, "Bilal": 1}
    assert corpus_project.db.one("SELECT k.name FROM memos m JOIN coders k ON k.id = m.coder_id "
                                 "WHERE m.id = ?", (memo.id,))[0] == "Ayesha"
    # a coding made under the old name afterwards makes a new row (the cache of ids is dropped)
    corpus_project.coders.unjoin(joined)
    assert {c.id: (c.guid, c.coder) for c in corpus_project.codings.all()} == before
    assert corpus_project.db.one("SELECT guid FROM coders WHERE name = 'Aysha'")[0] == guid
    assert [h.action for h in corpus_project.history.all(guid)][:2] == ["unjoin", "join"]


def test_bad_joins_are_refused(corpus_project):
    _coded(corpus_project)
    with pytest.raises(GwotError, match="two different"):
        corpus_project.coders.join("Bilal", "Bilal")
    with pytest.raises(GwotError, match="no coder named"):
        corpus_project.coders.join("Bilal", "Nobody")
    joined = corpus_project.coders.join("Aysha", "Ayesha")
    corpus_project.coders.ensure("Aysha")  # the name is back before the undo
    with pytest.raises(GwotError, match="exists again"):
        corpus_project.coders.unjoin(joined)


def test_the_project_codes_under_a_renamed_name_afterwards(corpus_project):
    doc, code = _coded(corpus_project)
    corpus_project.coder = "Bilal"
    corpus_project.coder_id()  # cached
    corpus_project.coders.rename("Bilal", "Bilal Ahmed")
    corpus_project.coder = "Bilal Ahmed"
    made = corpus_project.codings.add(doc, code, 60, 70)
    assert made.coder == "Bilal Ahmed"
    assert corpus_project.coders.counts()["Bilal Ahmed"] == 2


names = st.sampled_from(["A", "B", "C", "D"])


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(names, st.integers(0, 200)), min_size=1, max_size=12),
       st.lists(st.tuples(names, names), max_size=4))
def test_joins_then_undoing_them_in_reverse_restore_every_coder(tmp_path_factory, codings, joins):
    path = tmp_path_factory.mktemp("join") / "p.gwot"
    with Project.create(path, coder="tester") as p:
        doc = p.documents.add("d", "x" * 300).id
        code = p.codebook.add("c").id
        for coder, start in codings:
            p.codings.add(doc, code, start, start + 10, coder=coder)
        before = sorted((c.guid, c.coder) for c in p.codings.all())
        done = []
        for a, b in joins:
            counts = p.coders.counts()
            if a != b and a in counts and b in counts:
                done.append(p.coders.join(a, b))
        assert len({c.coder for c in p.codings.all()}) <= len({c for c, _ in codings})
        for j in reversed(done):
            p.coders.unjoin(j)
        assert sorted((c.guid, c.coder) for c in p.codings.all()) == before
