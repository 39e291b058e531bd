"""The database layer: nested transactions, errors in one sentence, read-only files, close."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gwot_reader.core.errors import ProjectFileError
from gwot_reader.store import Project
from gwot_reader.store.db import Database, as_user_error, user_error


@pytest.fixture
def db(tmp_path):
    Project.create(tmp_path / "p.gwot").close()
    d = Database(tmp_path / "p.gwot")
    d.execute("CREATE TABLE IF NOT EXISTS scratch (x INTEGER)")
    yield d
    d.close()


def rows(d: Database) -> list[int]:
    return [r[0] for r in d.execute("SELECT x FROM scratch ORDER BY x")]


def test_an_action_commits_as_a_whole_or_not_at_all(db):
    with db.transaction():
        db.execute("INSERT INTO scratch VALUES (1)")
        db.execute("INSERT INTO scratch VALUES (2)")
    with pytest.raises(RuntimeError), db.transaction():
        db.execute("INSERT INTO scratch VALUES (3)")
        raise RuntimeError("a bug half-way")
    assert rows(db) == [1, 2] and not db.in_transaction


def test_a_failed_step_caught_inside_an_action_leaves_nothing_half_written(db):
    with db.transaction():
        db.execute("INSERT INTO scratch VALUES (1)")
        try:
            with db.transaction():
                db.execute("INSERT INTO scratch VALUES (2)")
                raise ValueError("this step fails")
        except ValueError:
            pass
        with db.transaction():
            db.execute("INSERT INTO scratch VALUES (3)")
        assert db.in_transaction
    assert rows(db) == [1, 3]


@pytest.fixture(scope="module")
def shared_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("sp") / "p.gwot"
    Project.create(path).close()
    d = Database(path)
    d.execute("CREATE TABLE scratch (x INTEGER)")
    yield d
    d.close()


@settings(deadline=None, max_examples=60)
@given(st.lists(st.tuples(st.integers(0, 99), st.booleans()), max_size=8))
def test_savepoints_keep_exactly_the_steps_that_succeeded(shared_db, steps):
    d = shared_db
    d.execute("DELETE FROM scratch")
    with d.transaction():
        for value, fails in steps:
            try:
                with d.transaction():
                    d.execute("INSERT INTO scratch VALUES (?)", (value,))
                    if fails:
                        raise KeyError(value)
            except KeyError:
                pass
    assert rows(d) == sorted(v for v, fails in steps if not fails)


def test_sqlite_errors_inside_an_action_become_one_sentence(db):
    with pytest.raises(ProjectFileError, match="could not be read or written: no such table"), \
            db.transaction():
        db.execute("INSERT INTO nowhere VALUES (1)")
    assert not db.in_transaction


def test_a_busy_file_says_so(tmp_path, db):
    other = sqlite3.connect(str(db.path), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    db.execute("PRAGMA busy_timeout = 50")
    try:
        with pytest.raises(ProjectFileError, match="busy: another program is writing"), \
                db.transaction():
            pass
    finally:
        other.execute("ROLLBACK")
        other.close()
    with db.transaction():  # and works again once the other program is done
        db.execute("INSERT INTO scratch VALUES (7)")
    assert rows(db) == [7]


@pytest.mark.parametrize("message, says", [
    ("database is locked", "is busy"),
    ("attempt to write a readonly database", "read-only"),
    ("database or disk is full", "the disk is full"),
    ("database disk image is malformed", "is damaged (database disk image is malformed); "
                                         "restore it from a backup"),
    ("file is not a database", "is damaged"),
    ("something else", "could not be read or written: something else"),
])
def test_every_sqlite_error_reads_as_what_the_user_can_do(message, says):
    err = user_error(sqlite3.OperationalError(message), "/data/thesis.gwot")
    assert str(err).startswith("thesis.gwot") and says in str(err)
    assert "the project file" in str(user_error(sqlite3.OperationalError(message)))


def test_only_sqlite_errors_are_the_users_others_are_bugs():
    assert as_user_error(sqlite3.DatabaseError("file is not a database")) is not None
    assert as_user_error(sqlite3.IntegrityError("UNIQUE constraint failed")) is None
    assert as_user_error(KeyError("x")) is None


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only files")
def test_a_read_only_file_opens_for_reading_and_refuses_changes(tmp_path):
    path = tmp_path / "p.gwot"
    Project.create(path).close()
    path.chmod(stat.S_IRUSR)
    d = Database(path)
    try:
        assert d.read_only and d.version > 0
        with pytest.raises(ProjectFileError, match="read-only"), d.transaction():
            pass
    finally:
        d.close()


def test_read_only_on_request_even_when_writable(tmp_path):
    path = tmp_path / "p.gwot"
    Project.create(path).close()
    d = Database(path, read_only=True)
    try:
        with pytest.raises(ProjectFileError, match="is read-only: changes cannot be saved"), \
                d.transaction():
            pass
    finally:
        d.close()


def test_missing_file_and_folder_are_refused(tmp_path):
    with pytest.raises(ProjectFileError, match="no project file at"):
        Database(tmp_path / "absent.gwot")
    with pytest.raises(ProjectFileError, match="is a folder, not a project file"):
        Database(tmp_path)


def test_close_leaves_one_complete_file_and_is_idempotent(tmp_path):
    path = tmp_path / "p.gwot"
    Project.create(path).close()
    d = Database(path)
    with d.transaction():
        d.execute("CREATE TABLE scratch (x INTEGER)")
        d.executemany("INSERT INTO scratch VALUES (?)", [(i,) for i in range(1000)])
    assert Path(str(path) + "-wal").exists()
    d.close()
    d.close()
    wal = Path(str(path) + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    check = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    assert check.execute("SELECT count(*) FROM scratch").fetchone() == (1000,)
    check.close()


def test_data_version_moves_only_for_other_connections(db):
    before = db.data_version()
    with db.transaction():
        db.execute("INSERT INTO scratch VALUES (1)")
    assert db.data_version() == before
    other = sqlite3.connect(str(db.path), isolation_level=None)
    other.execute("INSERT INTO scratch VALUES (2)")
    other.close()
    assert db.data_version() != before


def test_insert_gives_the_new_row_id_and_one_gives_the_first_row(db):
    with db.transaction():
        first = db.insert("INSERT INTO scratch VALUES (5)")
        second = db.insert("INSERT INTO scratch VALUES (6)")
    assert second == first + 1
    assert db.one("SELECT x FROM scratch WHERE rowid = ?", (second,)) == (6,)
    assert db.one("SELECT x FROM scratch WHERE x > 100") is None
