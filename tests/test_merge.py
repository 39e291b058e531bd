"""Merging coders' projects: the plan's rules without SQL, the command on real files, and the
property that any projects merged in any order give the union of their codings."""

from __future__ import annotations

import itertools
import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gwot_reader.cli import main
from gwot_reader.core.errors import ConflictError
from gwot_reader.core.merge import CodeRef, CodingRef, DocRef, MemoRef, Snapshot, plan_merge
from gwot_reader.core.model import Coding
from gwot_reader.store import Project
from gwot_reader.store.backup import list_backups
from gwot_reader.store.merge import MergeTrace, merge_projects, redo_merge, undo_merge

# -- the plan, without SQL -----------------------------------------------------------------------


def _base() -> Snapshot:
    return Snapshot(
        documents=[DocRef("D1", "Doc one", "sha1"), DocRef("D2", "Doc two", "sha2")],
        codes=[CodeRef("C0", "Themes", None, True), CodeRef("C1", "Trust", "C0"),
               CodeRef("C2", "Aid", "C0")],
        codings=[CodingRef("K1", "D1", "C1", 0, 5, "ann", "memo", "t0", "t0")],
        memos=[MemoRef("M1", "project", "", "Notes", "text")],
    )


def test_documents_match_by_guid_then_by_text():
    target = _base()
    source = Snapshot(documents=[DocRef("D1", "Doc one", "sha1"), DocRef("X2", "Copy", "sha2"),
                                 DocRef("D3", "New", "sha3")])
    plan = plan_merge(target, source)
    assert [(d.guid, t, how) for d, t, how in plan.documents_matched] == [
        ("D1", "D1", "GUID"), ("X2", "D2", "Doc two by its text")]
    assert [(d.guid, g) for d, g in plan.documents_added] == [("D3", "D3")]
    assert not plan.conflicts


def test_a_document_whose_text_differs_is_kept_twice_with_its_codings():
    source = Snapshot(documents=[DocRef("D1", "Doc one", "other")], codes=_base().codes,
                      codings=[CodingRef("K9", "D1", "C1", 1, 3, "bob")])
    plan = plan_merge(_base(), source, source_label="bob.gwot")
    (doc, new_guid), = plan.documents_added
    assert new_guid != "D1"
    assert plan.codings_added[0].document_guid == new_guid
    assert plan.conflicts[0].kind == "document text"
    assert "bob.gwot" in plan.conflicts[0].resolution


def test_codes_match_by_path_and_a_renamed_code_follows_the_rule():
    renamed = Snapshot(codes=[CodeRef("C0", "Themes", None, True), CodeRef("C1", "Distrust", "C0"),
                              CodeRef("Z2", "aid", "C0"), CodeRef("Z3", "New", "C0")])
    keep = plan_merge(_base(), renamed, prefer="target")
    assert [(c.guid, t, how) for c, t, how in keep.codes_matched] == [
        ("C0", "C0", "GUID"), ("C1", "C1", "GUID"), ("Z2", "C2", "path")]
    assert [c.guid for c in keep.codes_added] == ["Z3"]
    assert keep.codes_added[0].parent_guid == "C0"
    assert [c.kind for c in keep.conflicts] == ["code moved or renamed"]
    assert not keep.code_updates
    take = plan_merge(_base(), renamed, prefer="source")
    assert [(c.guid, c.name) for c in take.code_updates] == [("C1", "Distrust")]


def test_a_code_that_is_a_category_on_one_side_is_refused():
    source = Snapshot(codes=[CodeRef("C0", "Themes", None, False)])
    with pytest.raises(ConflictError, match="category"):
        plan_merge(_base(), source)


def test_codings_and_memos_by_guid():
    source = _base()
    source.codings = [CodingRef("K1", "D1", "C1", 0, 6, "ann", "memo", "t0", "t1"),
                      CodingRef("K2", "D2", "C2", 2, 4, "bob")]
    source.memos = [MemoRef("M1", "project", "", "Notes", "changed")]
    plan = plan_merge(_base(), source)
    assert [c.guid for c in plan.codings_added] == ["K2"]
    assert {c.kind for c in plan.conflicts} == {"coding", "memo"}
    assert not plan.coding_updates
    again = plan_merge(_base(), _base())
    assert again.changes_nothing and again.codings_matched == 1 and again.memos_matched == 1
    take = plan_merge(_base(), source, prefer="source")
    assert [c.end for c in take.coding_updates] == [6]


# -- the command on real files -------------------------------------------------------------------


def _copies(corpus_project: Project, tmp_path):
    corpus_project.close()
    paths = []
    for name in ("ann", "bob"):
        p = tmp_path / f"{name}.gwot"
        shutil.copy(corpus_project.path, p)
        paths.append(p)
    return paths


def _codings(path):
    with Project.open(path) as p:
        return {c.guid: (c.document_id, c.code_id, c.start, c.end, c.coder, c.memo, c.created,
                         c.modified, c.text) for c in p.codings.all()}


def test_merge_command_adds_every_coding_once_with_coder_memo_and_dates(corpus_project, tmp_path,
                                                                         capsys, monkeypatch):
    ann, bob = _copies(corpus_project, tmp_path)
    with Project.open(ann, coder="ann") as p:
        doc = p.documents.all()[1]
        p.codings.add(doc.id, p.codebook.get("Trust deficit").id, 0, 40, memo="ann's memo")
    with Project.open(bob, coder="bob") as p:
        doc = p.documents.all()[1]
        p.codings.add(doc.id, p.codebook.get("Trust deficit").id, 10, 60, memo="bob's 😀 memo")
        p.codings.add(doc.id, p.codebook.get("Trust deficit").id, 100, 160)
        p.codebook.update(p.codebook.get("Trust deficit").id, color="#123456")
    before_ann, before_bob = _codings(ann), _codings(bob)

    monkeypatch.setenv("GWOT_CODER", "lead")
    assert main(["merge", str(ann), str(bob), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "codings: 2 added" in out and "dry run" in out and "code content" in out
    assert _codings(ann) == before_ann

    assert main(["merge", str(ann), str(bob)]) == 0
    merged = _codings(ann)
    assert merged == {**before_ann, **before_bob}
    with Project.open(ann) as p:
        assert any(b.reason.endswith("project-merge") for b in list_backups(p.guid, "ann"))
        assert p.codebook.get("Trust deficit").color != "#123456"  # target preferred
        entry = p.history.all(limit=1)[0]
        assert (entry.action, entry.coder, entry.data["codings"]) == ("merge", "lead", 2)
    assert _codings(bob) == before_bob  # the source is read, never written

    capsys.readouterr()
    assert main(["merge", str(ann), str(bob), "--prefer", "source"]) == 0
    assert "codings: 0 added, 2 already there" in capsys.readouterr().out
    assert _codings(ann) == merged
    with Project.open(ann) as p:
        assert p.codebook.get("Trust deficit").color == "#123456"


def test_merge_refuses_bad_sources_and_itself(corpus_project, tmp_path, capsys):
    ann, _ = _copies(corpus_project, tmp_path)
    junk = tmp_path / "junk.gwot"
    junk.write_text("not a project", encoding="utf-8")
    before = _codings(ann)
    for args in ([str(junk)], [str(ann)], [str(tmp_path / "missing.gwot")]):
        assert main(["merge", str(ann), *args]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "Traceback" not in err
    assert _codings(ann) == before


def test_a_changed_text_keeps_both_documents(corpus_project, tmp_path):
    ann, bob = _copies(corpus_project, tmp_path)
    with Project.open(bob, coder="bob") as p:
        old = p.documents.all()[0]
        text = p.documents.text(old.id)
        p.documents.remove(old.id)
        new = p.documents.add(old.name, "Preface 😀\n" + text, guid=old.guid)
        p.codings.add(new.id, p.codebook.get("Trust deficit").id, 0, 9)
    plans = merge_projects(Project.open(ann), [bob])
    (_, plan), = plans
    assert [c.kind for c in plan.conflicts] == ["document text"]
    with Project.open(ann) as p:
        assert len(p.documents.all()) == 6
        (coding,) = p.codings.all()
        assert coding.text == "Preface 😀" and p.documents.text(coding.document_id).startswith("Preface")


# -- property: the union, in any order; merging again adds nothing --------------------------------

TEXTS = ["Trust 😀 deficit\nin Urdu اردو", "中文 and e\u0301 combining\r\nCRLF kept", "plain text here"]
PATHS = [("Themes",), ("Themes", "Trust"), ("Aid",)]


@st.composite
def projects(draw):
    """2-3 project descriptions over a shared pool of texts, code paths and codings."""
    shared_codings = draw(st.lists(st.tuples(st.integers(0, 2), st.integers(0, 2), st.integers(0, 8),
                                             st.integers(1, 6)), max_size=3))
    out = []
    for _ in range(draw(st.integers(2, 3))):
        docs = sorted(draw(st.sets(st.integers(0, 2), min_size=1)))
        codings = draw(st.lists(st.tuples(st.sampled_from(docs), st.integers(0, 2), st.integers(0, 8),
                                          st.integers(1, 6), st.sampled_from(["ann", "bob", "ché"]),
                                          st.text(max_size=5)), max_size=5))
        shared = [i for i, (d, *_rest) in enumerate(shared_codings) if d in docs and draw(st.booleans())]
        # a shared coding whose memo this copy changed: a conflict, decided by the choices
        memo = draw(st.sampled_from(["", "", "changed here"]))
        out.append((docs, draw(st.booleans()), codings, shared, memo))
    return shared_codings, out


def _make(path, docs, same_guids, codings, shared, memo, shared_codings):
    p = Project.create(path, coder="maker")
    doc_ids = {i: p.documents.add(f"Doc {i}", TEXTS[i].replace("\r\n", "\n"),
                                 guid=f"00000000-0000-4000-8000-00000000000{i}" if same_guids else None).id
               for i in docs}
    code_ids = []
    for path_ in PATHS:
        parent = p.codebook.tree().resolve("/".join(path_[:-1])) if len(path_) > 1 else None
        found = p.codebook.tree().resolve("/".join(path_))
        code_ids.append(found.id if found else p.codebook.add(path_[-1], parent.id if parent else None).id)
    for d, k, s, n, coder, memo in codings:
        length = len(p.documents.text(doc_ids[d]))
        p.codings.add(doc_ids[d], code_ids[k], s % (length - 7), s % (length - 7) + n, coder=coder,
                     memo=memo)
    for i in shared:
        d, k, s, n = shared_codings[i]
        # the same coding copied into several projects: same GUID, content and dates
        text = p.documents.text(doc_ids[d])[s:s + n]
        p.codings.restore(Coding(0, f"AAAAAAAA-0000-4000-8000-{i:012d}", doc_ids[d], code_ids[k], s,
                                s + n, text, "ann", memo, "2025-01-01T00:00:00.000Z",
                                "2025-01-02T00:00:00.000Z"))
    return p


def _content(path):
    """guid -> (text of the document, coded passage, code path, coder, memo, dates)."""
    with Project.open(path) as p:
        tree = p.codebook.tree()
        return {c.guid: (p.documents.text(c.document_id)[c.start:c.end], tree.path(c.code_id),
                         c.coder, c.memo, c.created) for c in p.codings.all()}


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(projects(), st.randoms(use_true_random=False))
def test_any_projects_merged_in_any_order_with_any_choices_give_the_union(tmp_path_factory, data,
                                                                          rnd):
    """Every coding of every input exactly once, whatever the order and the choice per
    conflict; undo takes the merge back to the empty project and redo gives the same union."""
    shared_codings, described = data
    folder = tmp_path_factory.mktemp("union")
    paths = []
    for i, (docs, same, codings, shared, memo) in enumerate(described):
        path = folder / f"p{i}.gwot"
        _make(path, docs, same, codings, shared, memo, shared_codings).close()
        paths.append(path)
    versions: dict = {}
    for path in paths:
        for guid, content in _content(path).items():
            versions.setdefault(guid, []).append(content)
    results = []
    for n, order in enumerate(itertools.islice(itertools.permutations(paths), 2)):
        target = folder / f"target{n}.gwot"
        Project.create(target, coder="lead").close()
        order = list(order)
        rnd.shuffle(order)
        with Project.open(target) as p:
            empty = p.codings.count()
            plans = merge_projects(p, order, dry_run=True)
            choices = {c.key: rnd.choice(c.options) for _, plan in plans for c in plan.conflicts}
            trace = MergeTrace()
            merge_projects(p, order, prefer=rnd.choice(["target", "source"]), choices=choices,
                           trace=trace)
            again = merge_projects(p, order, choices=choices)
            assert all(not plan.codings_added and not plan.documents_added for _, plan in again)
            merged = _content(target)
            assert set(merged) == set(versions)  # none lost
            assert all(merged[g] in versions[g] for g in merged)  # one input's version
            assert p.codings.count() == len(versions)  # each once
            undo_merge(p, trace, "all")
            assert p.codings.count() == empty and p.documents.all() == []
            redo_merge(p, trace, "all")
            assert _content(target) == merged
        if not any(c for _, plan in plans for c in plan.conflicts):
            results.append(merged)
    if len(results) == 2:  # without conflicts the order does not matter at all
        assert results[0] == results[-1]
