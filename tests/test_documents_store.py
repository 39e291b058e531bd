"""Curating documents in the store: metadata, removal undone exactly, order, variables, sets, memos."""

from __future__ import annotations

import pytest

from gwot_reader.core.errors import ConflictError, GwotError, NotFoundError
from gwot_reader.core.variables import VariableError
from gwot_reader.store import Project
from gwot_reader.store.search import SearchIndex


def _dump(p: Project) -> dict[str, list[tuple]]:
    """Every row of every table but the history and the search index (whose internal layout
    depends on the order of its writes; test_remove_and_restore checks it by searching)."""
    tables = [r[0] for r in p.db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "AND name != 'history' AND name NOT LIKE 'search_%'")]
    return {t: sorted(map(tuple, p.db.execute(f'SELECT * FROM "{t}"')), key=repr) for t in tables}


def test_metadata_edit_is_one_transaction_with_history_and_notice(corpus_project):
    p = corpus_project
    doc = p.documents.all()[0]
    notices = []
    p.subscribe(notices.append)
    old, new = p.curation.edit(doc.id, title=" New title ", authors="A; B", year="2020",
                               kind="web commentary", source_name="https://example.org/x",
                               notes="checked")
    assert (new.title, new.authors, new.year, new.kind, new.source_name, new.notes) == (
        "New title", "A; B", 2020, "web commentary", "https://example.org/x", "checked")
    assert old == doc
    assert [n.kind for n in notices] == ["documents"]
    assert p.history.all(doc.guid)[0].action == "edit"
    with pytest.raises(ConflictError, match="whole number"):
        p.curation.edit(doc.id, year="twenty")
    assert p.curation.edit(doc.id, year="")[1].year is None
    with pytest.raises(ConflictError, match="already a document named"):
        p.curation.edit(doc.id, name=p.documents.all()[1].name)
    with pytest.raises(ConflictError, match="cannot edit"):
        p.curation.edit(doc.id, sha256="x")


def test_remove_and_restore_brings_back_every_row(corpus_project):
    p = corpus_project
    doc, other = p.documents.all()[:2]
    code = next(c for c in p.codebook.all() if not c.is_category)
    codings = [p.codings.add(doc.id, code.id, i, i + 5, memo=f"m{i}") for i in range(0, 50, 5)]
    keep = p.codings.add(other.id, code.id, 0, 5)
    p.memos.add("on a coding", target_kind="coding", target_guid=codings[0].guid)
    p.notes.set_document_memo(doc.id, "Read twice")
    year = p.variables.add("Published", "number")
    p.variables.set_value(doc.id, year.id, "2024")
    group = p.sets.add("Pakistani authors", [doc.id, other.id])
    before = _dump(p)
    notices = []
    p.subscribe(notices.append)

    removed = p.curation.remove(doc.id)
    assert removed.codings == len(codings)
    assert [c.id for c in p.codings.all()] == [keep.id]
    assert p.notes.document_memo(other.id) is None and p.memos.all(codings[0].guid) == []
    assert p.sets.members(group.id) == [other.id]
    assert p.variables.values(doc.id) == {}
    assert {n.kind for n in notices} == {"documents", "codings"}
    assert p.history.all(doc.guid)[0].data["codings"] == len(codings)

    assert doc.id not in SearchIndex(p.db).ranked_documents("negotiating")
    p.curation.restore(removed)
    assert _dump(p) == before
    assert doc.id in SearchIndex(p.db).ranked_documents("negotiating")
    assert p.codings.get(codings[3].guid) == codings[3]
    assert p.documents.text(doc.id).startswith(p.documents.text(doc.id)[:10])
    with pytest.raises(ConflictError, match="cannot come back"):
        p.curation.restore(removed)


def test_remove_restores_ten_thousand_codings_with_their_guids(empty_project):
    p = empty_project
    doc = p.documents.add("big", "x" * 20_000)
    code = p.codebook.add("A")
    p.codings.add_spans(code.id, ((doc.id, i, i + 2) for i in range(10_000)))
    guids = sorted(c.guid for c in p.codings.all(doc.id))
    removed = p.curation.remove(doc.id)
    assert p.codings.count() == 0 and removed.codings == 10_000
    p.curation.restore(removed)
    assert sorted(c.guid for c in p.codings.all(doc.id)) == guids


def test_reorder_and_move(corpus_project):
    p = corpus_project
    ids = [d.id for d in p.documents.all()]
    before = p.curation.move(ids[0], 3)
    assert before == ids
    assert [d.id for d in p.documents.all()] == [ids[1], ids[2], ids[3], ids[0], ids[4]]
    p.curation.reorder(before)
    assert [d.id for d in p.documents.all()] == ids
    with pytest.raises(ConflictError):
        p.curation.reorder([999])


def test_variables_typed_values_and_undo(corpus_project):
    p = corpus_project
    doc = p.documents.all()[0]
    kind = p.variables.add("Genre", "choice", ["journal article", "web commentary"])
    when = p.variables.add("Seen", "date")
    n = p.variables.add("Pages", "number")
    assert p.variables.set_value(doc.id, kind.id, "Web Commentary") == (None, "web commentary")
    p.variables.set_value(doc.id, when.id, "2024-05-31")
    p.variables.set_value(doc.id, n.id, "12")
    assert {k: v for k, v in p.variables.values(doc.id).items() if k >= kind.id} == {
        kind.id: "web commentary", when.id: "2024-05-31", n.id: 12}
    assert p.variables.documents_where(kind.id, "web commentary") == [doc.id]
    for var, bad in ((kind, "blog"), (when, "31/05/2024"), (n, "twelve")):
        with pytest.raises(VariableError):
            p.variables.set_value(doc.id, var.id, bad)
    with pytest.raises(ConflictError, match="already a variable"):
        p.variables.add("genre", "text")
    with pytest.raises(VariableError):
        p.variables.add("Bad", "colour")
    # a text value that looks like a number stays text
    t = p.variables.add("Code", "text")
    p.variables.set_value(doc.id, t.id, "007")
    assert p.variables.value(doc.id, t.id) == "007"
    # clearing, changing type, removing and restoring
    assert p.variables.set_value(doc.id, n.id, "") == (12, None)
    p.variables.set_value(p.documents.all()[1].id, t.id, "n/a")
    with pytest.raises(VariableError):
        p.variables.update(t.id, type="number")
    p.variables.set_value(p.documents.all()[1].id, t.id, None)
    p.variables.update(t.id, type="number", name="Code number")
    assert p.variables.value(doc.id, t.id) == 7
    removed = p.variables.remove(kind.id)
    assert p.variables.find("Genre") is None
    p.variables.restore(removed)
    assert p.variables.get(kind.guid) == kind
    assert p.variables.value(doc.id, kind.id) == "web commentary"


def test_sets_membership_and_restore(corpus_project):
    p = corpus_project
    a, b, c = (d.id for d in p.documents.all()[:3])
    s = p.sets.add("2024", [a, b])
    assert p.sets.add_members(s.id, [b, c]) == [c]
    assert p.sets.remove_members(s.id, [a, 999]) == [a]
    assert p.sets.members(s.id) == [b, c]
    other = p.sets.add("Pakistani authors", [c])
    assert [x.name for x in p.sets.sets_of(c)] == ["2024", "Pakistani authors"]
    assert p.sets.memberships() == {s.id: [b, c], other.id: [c]}
    with pytest.raises(ConflictError):
        p.sets.add("2024")
    removed = p.sets.remove(s.id)
    assert p.sets.find("2024") is None
    p.sets.restore(removed)
    assert p.sets.get(s.guid) == s and p.sets.members(s.id) == [b, c]
    with pytest.raises(NotFoundError):
        p.sets.add_members(s.id, [12345])
    assert p.sets.update(s.id, name="Year 2024")[1].name == "Year 2024"


def test_document_memo_and_journal(corpus_project):
    p = corpus_project
    doc = p.documents.all()[0]
    assert p.notes.set_document_memo(doc.id, "First reading: strong on trust") [0] is None
    old, new = p.notes.set_document_memo(doc.id, "Second reading")
    assert old.text.startswith("First") and new.guid == old.guid and new.coder == "tester"
    assert p.notes.document_memos() == {doc.id: new}
    e1 = p.notes.add_entry("Started coding the Safi piece", title="Day 1",
                           created="2026-11-30T09:00:00.000Z")
    e2 = p.notes.add_entry("Merged two codes", title="Day 2")
    assert p.notes.journal() == [e1, e2]
    assert [m.guid for m in p.notes.search("READING")] == [new.guid]
    assert [m.guid for m in p.notes.search("safi")] == [e1.guid]
    gone = p.notes.remove(e1.id)
    p.notes.restore(gone)
    assert p.notes.journal() == [e1, e2]
    old, _ = p.notes.edit_entry(e2.id, text="Merged three codes")
    p.notes.put_back(old)
    assert p.notes.memo(e2.id) == e2
    assert p.notes.set_document_memo(doc.id, "  ")[1] is None
    assert p.notes.document_memo(doc.id) is None


def test_a_refused_change_writes_nothing(corpus_project):
    p = corpus_project
    doc = p.documents.all()[0]
    var = p.variables.add("Pages", "number")
    n, before = len(p.history.all()), p.variables.values(doc.id)
    with pytest.raises(GwotError):
        p.variables.set_values([(doc.id, var.id, 3), (doc.id + 1, var.id, "x")])
    assert p.variables.values(doc.id) == before and len(p.history.all()) == n
