"""Removing documents keeps their rows in the connection's temporary stash until undo: several
removals undone in any order, redo after undo, a failed restore that changes nothing."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_documents_store import _dump  # tests/ is on sys.path

from gwot_reader.core.errors import ConflictError


def _coded(p):
    code = next(c for c in p.codebook.all() if not c.is_category)
    docs = p.documents.all()
    for i, d in enumerate(docs):
        for s in range(0, 40, 8):
            c = p.codings.add(d.id, code.id, s, s + 5 + i, memo=f"doc {i}")
            if s == 8:
                p.memos.add(f"on {c.guid}", target_kind="coding", target_guid=c.guid)
        p.notes.set_document_memo(d.id, f"memo {i}")
    group = p.sets.add("All", [d.id for d in docs])
    return docs, group


def test_removals_undone_in_reverse_order_bring_back_every_row(corpus_project):
    p = corpus_project
    docs, group = _coded(p)
    before = _dump(p)
    removed = [p.curation.remove(d.id) for d in docs[:3]]
    assert [r.codings for r in removed] == [5, 5, 5]
    assert len({r.key for r in removed}) == 3
    assert p.sets.members(group.id) == [d.id for d in docs[3:]]
    for r in reversed(removed):
        p.curation.restore(r)
    assert _dump(p) == before
    # nothing is left waiting in the stash once restored
    for table in ("documents", "codings", "memos"):
        assert p.db.one(f'SELECT count(*) FROM temp."stash_{table}"')[0] == 0


def test_redo_after_undo_and_the_same_rows_again(corpus_project):
    p = corpus_project
    docs, _ = _coded(p)
    before = _dump(p)
    first = p.curation.remove(docs[1].id)
    p.curation.restore(first)
    again = p.curation.remove(docs[1].id)  # redo: a fresh stash
    assert again.coding_ids == first.coding_ids and again.key != first.key
    p.curation.restore(again)
    assert _dump(p) == before


def test_a_refused_restore_leaves_the_project_and_the_stash_as_they_were(corpus_project):
    p = corpus_project
    docs, _ = _coded(p)
    removed = p.curation.remove(docs[0].id)
    p.documents.add(docs[0].name, "another document took its name")
    snapshot = _dump(p)
    with pytest.raises(ConflictError, match="cannot come back"):
        p.curation.restore(removed)
    assert _dump(p) == snapshot
    assert p.db.one('SELECT count(*) FROM temp."stash_codings" WHERE stash_key = ?',
                    (removed.key,))[0] == 5


@settings(max_examples=15, deadline=None)
@given(st.permutations(range(5)), st.permutations(range(5)))
def test_any_order_of_removal_and_undo(tmp_path_factory, remove_order, undo_order):
    from gwot_reader.exchange.newproject import create_project

    p = create_project(tmp_path_factory.mktemp("stash") / "p.gwot", coder="tester")
    try:
        docs, _ = _coded(p)
        before = _dump(p)
        removed = {i: p.curation.remove(docs[i].id) for i in remove_order}
        assert p.codings.count() == 0 and p.documents.all() == []
        for i in undo_order:
            p.curation.restore(removed[i])
        assert _dump(p) == before
    finally:
        p.close()
