"""The project file: migrations, refusals, transactions, constraints, history, notifications."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import uuid

import pytest

from gwot_reader.core.errors import ConflictError, NotFoundError, ProjectFileError, SpanError
from gwot_reader.store import Project
from gwot_reader.store.db import APPLICATION_ID
from gwot_reader.store.schema import SCHEMA_VERSION

TABLES = {"meta", "coders", "documents", "document_sources", "codes", "codings", "memos", "history"}


def raw(path) -> sqlite3.Connection:
    return sqlite3.connect(str(path), isolation_level=None)


# -- opening and migrating -----------------------------------------------------------------------

def test_create_migrates_an_empty_file_to_the_current_schema(tmp_path):
    path = tmp_path / "new.gwot"
    Project.create(path).close()
    con = raw(path)
    assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert con.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    names = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert TABLES <= names
    con.close()


@pytest.mark.parametrize("version", range(1, SCHEMA_VERSION))
def test_older_files_are_migrated_in_order_keeping_their_data(tmp_path, version):
    """A file left at an older format by an older program opens and gains the later migrations."""
    from gwot_reader.store.db import _statements
    from gwot_reader.store.schema import MIGRATIONS

    path = tmp_path / "old.gwot"
    con = raw(path)
    for script in MIGRATIONS[:version]:
        for statement in _statements(script):
            con.execute(statement)
    con.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    con.execute(f"PRAGMA user_version = {version}")
    con.execute("INSERT INTO documents (guid, name, sha256, imported, length, text) "
                "VALUES ('D', 'old doc', '', '', 5, 'hello')")
    con.execute("INSERT INTO codes (guid, name, created, modified) VALUES ('K', 'Old', '', '')")
    con.execute("INSERT INTO codings (id, guid, document_id, code_id, start, \"end\", text, "
                "created, modified) VALUES (7, 'C', 1, 1, 0, 2, 'he', '', '')")
    con.close()
    with Project.open(path) as p:
        assert p.db.version == SCHEMA_VERSION
        assert [d.name for d in p.documents.all()] == ["old doc"]
        old = p.codings.get("C")
        assert (old.id, old.start, old.end, old.text) == (7, 0, 2, "he")
        code = p.codebook.add("A")
        new = p.codings.add(p.documents.all()[0].id, code.id, 1, 4)
        assert new.text == "ell" and new.id > 7


def test_project_has_a_stable_guid_and_foreign_keys_on(tmp_path):
    path = tmp_path / "p.gwot"
    with Project.create(path) as p:
        guid = p.guid
        assert p.db.one("PRAGMA foreign_keys")[0] == 1
    with Project.open(path) as p:
        assert p.guid == guid
        assert uuid.UUID(guid)


def test_file_from_a_newer_program_is_refused(tmp_path):
    path = tmp_path / "future.gwot"
    Project.create(path).close()
    con = raw(path)
    con.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    con.close()
    with pytest.raises(ProjectFileError, match="newer GWOT Reader"):
        Project.open(path)


def test_sqlite_file_of_another_program_is_refused_and_untouched(tmp_path):
    path = tmp_path / "other.db"
    con = raw(path)
    con.execute("CREATE TABLE t (x)")
    con.execute("INSERT INTO t VALUES (1)")
    con.close()
    before = path.read_bytes()
    with pytest.raises(ProjectFileError, match="not a GWOT Reader project"):
        Project.open(path)
    assert path.read_bytes() == before


def test_sqlite_file_with_another_application_id_is_refused(tmp_path):
    path = tmp_path / "other.db"
    con = raw(path)
    con.execute("PRAGMA application_id = 1234")
    con.execute("CREATE TABLE t (x)")
    con.close()
    with pytest.raises(ProjectFileError, match="another program"):
        Project.open(path)


@pytest.mark.parametrize("content", [b"", b"hello, this is not a database\n" * 50,
                                     b"SQLite format 3\x00" + bytes(range(256)) * 20])
def test_garbage_files_are_refused_and_untouched(tmp_path, content):
    path = tmp_path / "garbage.gwot"
    path.write_bytes(content)
    with pytest.raises(ProjectFileError):
        Project.open(path)
    assert path.read_bytes() == content


def test_missing_file_is_refused(tmp_path):
    with pytest.raises(ProjectFileError, match="no project file"):
        Project.open(tmp_path / "nope.gwot")


def test_locked_file_gives_a_clear_error(tmp_path, monkeypatch):
    path = tmp_path / "busy.gwot"
    with Project.create(path) as p:
        p.codebook.add("A")
    other = raw(path)
    other.execute("BEGIN IMMEDIATE")  # another program holds the write lock
    try:
        with Project.open(path) as p:
            p.db.execute("PRAGMA busy_timeout = 10")
            with pytest.raises(ProjectFileError, match="busy"):
                p.codebook.add("B")
            assert [c.name for c in p.codebook.all()] == ["A"]
    finally:
        other.execute("ROLLBACK")
        other.close()


# -- transactions ----------------------------------------------------------------------------------

def table_counts(p: Project) -> dict[str, int]:
    return {t: p.db.one(f"SELECT count(*) FROM {t}")[0] for t in sorted(TABLES)}


def test_exception_inside_a_transaction_leaves_no_row_and_no_history(corpus_project):
    p = corpus_project
    doc = p.documents.all()[0]
    code = next(c for c in p.codebook.all() if not c.is_category)
    before = table_counts(p)
    seen = []
    p.subscribe(seen.append)
    with pytest.raises(RuntimeError):
        with p.transaction():
            p.codings.add(doc.id, code.id, 0, 10, coder="someone new")
            p.codebook.add("Brand new code")
            p.documents.add("extra", "text")
            raise RuntimeError("boom")
    assert table_counts(p) == before
    assert seen == []
    # Caches filled inside the rolled-back transaction do not leak into the next one.
    coding = p.codings.add(doc.id, code.id, 0, 10, coder="someone new")
    assert coding.coder == "someone new"
    assert p.db.one("SELECT count(*) FROM coders WHERE name = 'someone new'")[0] == 1


def test_a_failed_step_caught_inside_a_transaction_leaves_nothing_behind(corpus_project):
    """Nested blocks are savepoints: the outer action keeps only what succeeded."""
    p = corpus_project
    doc = p.documents.all()[0]
    code = next(c for c in p.codebook.all() if not c.is_category)
    seen = []
    p.subscribe(seen.append)
    n = p.codings.count()
    with p.transaction():
        try:
            with p.transaction():
                p.codings.add(doc.id, code.id, 0, 5)
                p.codings.add(doc.id, code.id, 5, 4)  # reversed: refused
        except SpanError:
            pass
        kept = p.codings.add(doc.id, code.id, 10, 20)
    assert p.codings.count() == n + 1
    assert [c.coding_ids for c in seen] == [frozenset({kept.id})]


def test_notifications_only_after_commit(corpus_project):
    p = corpus_project
    doc = p.documents.all()[0]
    code = next(c for c in p.codebook.all() if not c.is_category)
    seen = []

    def listener(change):
        # The change is committed: another connection can already read it.
        other = raw(p.path)
        n = other.execute("SELECT count(*) FROM codings").fetchone()[0]
        other.close()
        seen.append((change.kind, n))

    p.subscribe(listener)
    with p.transaction():
        p.codings.add(doc.id, code.id, 0, 5)
        p.codings.add(doc.id, code.id, 5, 9)
        assert seen == []
    assert seen == [("codings", 2), ("codings", 2)]
    p.unsubscribe(listener)
    p.codings.add(doc.id, code.id, 1, 2)
    assert len(seen) == 2


# -- constraints -----------------------------------------------------------------------------------

def test_foreign_keys_refuse_a_coding_of_a_missing_document(corpus_project):
    p = corpus_project
    code = next(c for c in p.codebook.all() if not c.is_category)
    with pytest.raises(NotFoundError):
        p.codings.add(9999, code.id, 0, 1)
    with pytest.raises(sqlite3.IntegrityError):  # the file itself refuses it too
        with p.transaction():
            p.db.execute("INSERT INTO codings (guid, document_id, code_id, start, \"end\", text, "
                         "created, modified) VALUES ('x', 9999, ?, 0, 1, 'a', '', '')", (code.id,))


def test_deleting_a_document_deletes_its_codings_and_source(corpus_project):
    p = corpus_project
    doc, other = p.documents.all()[:2]
    code = next(c for c in p.codebook.all() if not c.is_category)
    p.codings.add(doc.id, code.id, 0, 10)
    keep = p.codings.add(other.id, code.id, 0, 10)
    p.documents.remove(doc.id)
    assert [c.id for c in p.codings.all()] == [keep.id]
    assert p.db.one("SELECT count(*) FROM document_sources WHERE document_id = ?", (doc.id,))[0] == 0
    assert p.history.all(doc.guid)[0].action == "remove"


def test_unknown_code_refused(corpus_project):
    doc = corpus_project.documents.all()[0]
    with pytest.raises(NotFoundError):
        corpus_project.codings.add(doc.id, 9999, 0, 1)


@pytest.mark.parametrize("start,end", [(5, 5), (10, 3), (-1, 2), (0, 10**9)])
def test_bad_spans_refused_and_nothing_written(corpus_project, start, end):
    p = corpus_project
    doc = p.documents.all()[0]
    code = next(c for c in p.codebook.all() if not c.is_category)
    before = table_counts(p)
    with pytest.raises(SpanError):
        p.codings.add(doc.id, code.id, start, end)
    assert table_counts(p) == before


def test_coding_a_category_refused(corpus_project):
    p = corpus_project
    doc = p.documents.all()[0]
    category = next(c for c in p.codebook.all() if c.is_category)
    with pytest.raises(ConflictError, match="category"):
        p.codings.add(doc.id, category.id, 0, 5)


def test_sibling_names_unique_case_insensitively(empty_project):
    p = empty_project
    themes = p.codebook.add("Themes", is_category=True)
    p.codebook.add("Trust", themes.id)
    p.codebook.add("Trust")  # another parent: fine
    with pytest.raises(ConflictError, match="already a code named"):
        p.codebook.add("trust", themes.id)
    with pytest.raises(ConflictError):
        p.codebook.add("TRUST")
    with pytest.raises(ConflictError, match="needs a name"):
        p.codebook.add("   ")


def test_overlapping_and_nested_codings_allowed(corpus_project):
    p = corpus_project
    doc = p.documents.all()[0]
    codes = [c for c in p.codebook.all() if not c.is_category][:2]
    text = p.documents.text(doc.id)
    spans = [(0, 50), (10, 20), (10, 20), (40, 90)]
    made = [p.codings.add(doc.id, codes[i % 2].id, s, e) for i, (s, e) in enumerate(spans)]
    assert [c.text for c in made] == [text[s:e] for s, e in spans]
    assert len(p.codings.all(doc.id)) == 4


def test_guids_unique_and_stable(corpus_project, tmp_path):
    p = corpus_project
    doc = p.documents.all()[0]
    code = next(c for c in p.codebook.all() if not c.is_category)
    coding = p.codings.add(doc.id, code.id, 0, 5)
    guids = [d.guid for d in p.documents.all()] + [c.guid for c in p.codebook.all()] + [coding.guid]
    guids += [r[0] for r in p.db.execute("SELECT guid FROM coders")]
    assert len(guids) == len(set(guids))
    for g in guids:
        assert uuid.UUID(g)
    path = p.path
    p.close()
    with Project.open(path) as again:
        reopened = [d.guid for d in again.documents.all()] + [c.guid for c in again.codebook.all()]
        reopened += [again.codings.get(coding.id).guid]
        reopened += [r[0] for r in again.db.execute("SELECT guid FROM coders")]
        assert reopened == guids


def test_coding_edits_and_removal(corpus_project):
    p = corpus_project
    doc = p.documents.all()[0]
    a = next(c for c in p.codebook.all() if not c.is_category)
    text = p.documents.text(doc.id)
    coding = p.codings.add(doc.id, a.id, 0, 5, memo="first")
    old, new = p.codings.set_memo(coding.id, "second")
    assert (old.memo, new.memo) == ("first", "second")
    _, new = p.codings.set_span(coding.id, 3, 12)
    assert new.text == text[3:12]
    assert new.guid == coding.guid and new.code_id == a.id
    removed = p.codings.remove(coding.id)
    assert p.codings.find(coding.guid) is None
    p.codings.restore(removed)
    assert p.codings.get(coding.guid) == removed


# -- history ---------------------------------------------------------------------------------------

def test_history_records_every_change_and_is_append_only(corpus_project):
    p = corpus_project
    doc = p.documents.all()[0]
    code = next(c for c in p.codebook.all() if not c.is_category)
    coding = p.codings.add(doc.id, code.id, 0, 5)
    p.codings.set_memo(coding.id, "why")
    p.codings.remove(coding.id)
    entries = p.history.all(coding.guid)
    assert [e.action for e in entries] == ["remove", "memo", "add"]
    assert all(e.coder == "tester" and e.at.endswith("Z") for e in entries)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        p.db.execute("UPDATE history SET coder = 'forger'")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        p.db.execute("DELETE FROM history")


# -- durability ------------------------------------------------------------------------------------

def test_coding_survives_sigkill_right_after_add(corpus_project):
    path = corpus_project.path
    doc = corpus_project.documents.all()[1]
    code = next(c for c in corpus_project.codebook.all() if not c.is_category)
    corpus_project.close()
    script = textwrap.dedent(f"""
        import os, sys
        from gwot_reader.store import Project
        p = Project.open({str(path)!r}, coder="killed")
        c = p.codings.add({doc.id}, {code.id}, 3, 33)
        sys.stdout.write(c.guid + "\\n")
        sys.stdout.flush()
        os.kill(os.getpid(), {int(signal.SIGKILL)})
    """)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    guid = proc.stdout.strip()
    assert os.path.exists(str(path) + "-wal")  # killed before any checkpoint
    con = raw(path)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()
    with Project.open(path) as p:
        coding = p.codings.get(guid)
        assert (coding.start, coding.end, coding.coder) == (3, 33, "killed")
        assert coding.text == p.documents.text(doc.id)[3:33]


# -- memos -----------------------------------------------------------------------------------------

def test_memos_on_the_project_and_on_a_document(corpus_project):
    p = corpus_project
    doc = p.documents.all()[0]
    seen = []
    p.subscribe(seen.append)
    general = p.memos.add("Overall impressions", title="Project memo")
    on_doc = p.memos.add("Check the 2009 figures", target_kind="document", target_guid=doc.guid,
                        coder="amina")
    assert uuid.UUID(general.guid) and general.guid != on_doc.guid
    assert [m.guid for m in p.memos.all()] == [general.guid, on_doc.guid]
    assert p.memos.all(doc.guid) == [on_doc]
    assert on_doc.coder == "amina" and general.coder == "tester"
    old, new = p.memos.update(on_doc.id, text="Checked.")
    assert (old.text, new.text, new.title) == ("Check the 2009 figures", "Checked.", "")
    removed = p.memos.remove(general.id)
    assert p.memos.all() == [new]
    assert [e.action for e in p.history.all(removed.guid)] == ["remove", "add"]
    assert [c.kind for c in seen] == ["memos"] * 4
    with pytest.raises(NotFoundError):
        p.memos.get(removed.guid)
    with pytest.raises(ValueError):
        p.memos.add("x", target_kind="planet")


def test_coding_ids_are_never_reused_so_a_late_undo_still_works(corpus_project):
    p = corpus_project
    doc = p.documents.all()[0]
    code = next(c for c in p.codebook.all() if not c.is_category)
    p.codings.add(doc.id, code.id, 0, 3)
    removed = p.codings.remove(p.codings.add(doc.id, code.id, 0, 4).id)
    taken = p.codings.add(doc.id, code.id, 1, 5)  # before schema 4, SQLite reused the freed id
    assert taken.id > removed.id
    assert p.codings.restore(removed) == p.codings.get(removed.guid)
    p.codings.remove(removed.id)
    n = len(p.history.all())
    with pytest.raises(ConflictError, match="already in the project"):
        p.codings.add(doc.id, code.id, 0, 2, guid=taken.guid)
    p.documents.remove(doc.id)
    with pytest.raises(ConflictError, match="no longer in the project"):
        p.codings.restore(taken)
    assert len(p.history.all()) == n + 1  # only the removal of the document


def test_guids_from_elsewhere_are_normalised_and_unique_ignoring_case(empty_project):
    p = empty_project
    given = "{a1f4aeed-3abb-4c4d-90a4-99a7601277b6}"
    doc = p.documents.add("a", "some text", guid=given)
    assert doc.guid == "A1F4AEED-3ABB-4C4D-90A4-99A7601277B6"
    with pytest.raises(ConflictError, match="already in the project"):
        p.documents.add("b", "other", guid=doc.guid.lower())
    code = p.codebook.add("C")
    coding = p.codings.add(doc.id, code.id, 0, 4, guid=" 0f0e0d0c-0b0a-4908-8706-050403020100 ")
    assert coding.guid == "0F0E0D0C-0B0A-4908-8706-050403020100"
    with pytest.raises(ConflictError):
        p.codings.add(doc.id, code.id, 0, 4, guid=coding.guid.lower())
    assert len(p.documents.all()) == 1 and len(p.codings.all()) == 1


def test_word_maps_are_stored_to_a_hundredth_of_a_point_and_stay_json(empty_project):
    from gwot_reader.core.pages import PageInfo, PageWords

    doc = empty_project.documents.add("scan", "hello world")
    words = [(10.004, 20.006, 30.5, 40.0, 0, 5), (0.0, float("inf"), 5.0, float("nan"), 6, 11)]
    empty_project.pages.add(doc.id, [PageWords(PageInfo(1, 595, 842, 0, 11), words[:1]),
                                         PageWords(PageInfo(2, 595, 842, 0, 11), words[1:])])
    assert empty_project.pages.words(doc.id, 1) == [(10.0, 20.01, 30.5, 40.0, 0, 5)]
    # a broken PDF's infinite or undefined box is kept as 0, not written as invalid JSON
    assert empty_project.pages.words(doc.id, 2) == [(0.0, 0.0, 5.0, 0.0, 6, 11)]
