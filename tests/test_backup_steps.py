"""Backups with progress: copied in steps from one snapshot, stoppable, and taken once per action."""

from __future__ import annotations

import sqlite3

import pytest

from gwot_reader.store import Project
from gwot_reader.store import backup as backups


def rows(path) -> int:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return con.execute("SELECT count(*) FROM codings").fetchone()[0]
    finally:
        con.close()


def reasons(project) -> list[str]:
    return [b.reason for b in backups.list_backups(project.guid, project.path.stem)]


@pytest.fixture
def coded(corpus_project):
    p = corpus_project
    code = p.codebook.get("Actors/India").id
    with p.transaction():
        for i in range(300):  # enough pages for several steps
            p.codings.add(1 + i % 5, code, i, i + 5, memo="m" * 400)
    return p


def test_a_copy_with_progress_counts_up_to_every_page(coded, tmp_path):
    seen: list[tuple[int, int]] = []
    target = tmp_path / "copy.gwot"
    backups.copy_file(coded.path, target, lambda done, total: seen.append((done, total)) or True)
    total = seen[-1][1]
    assert seen[-1] == (total, total) and len(seen) >= 2
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert rows(target) == rows(coded.path) == 300


def test_a_copy_in_steps_is_one_snapshot_while_another_connection_writes(coded, tmp_path):
    writer = Project.open(coded.path, coder="other")
    code = writer.codebook.get("Actors/India").id
    steps = []

    def progress(done: int, total: int) -> bool:
        steps.append(done)
        if len(steps) == 2:  # a coding committed half-way through the copy
            writer.codings.add(2, code, 50, 60)
        return True

    target = tmp_path / "copy.gwot"
    backups.copy_file(coded.path, target, progress)
    writer.close()
    assert len(steps) > 2
    assert rows(target) == 300  # the state when the copy began: not restarted, not mixed
    assert rows(coded.path) == 301


def test_a_stopped_copy_leaves_nothing_behind(coded, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    target = out / "copy.gwot"
    with pytest.raises(backups.BackupCancelled, match="cancelled"):
        backups.copy_file(coded.path, target, lambda done, total: done == 0)
    assert list(out.iterdir()) == []  # neither the copy nor its .part
    # the source connection's read transaction was ended: writing still works
    coded.codings.add(3, coded.codebook.get("Actors/India").id, 0, 4)


def test_a_backup_taken_ahead_spares_the_actions_own_once(coded):
    db = coded.db
    assert backups.backup_ahead(db, "before-merge") is not None
    assert backups.auto_backup(db, "before-merge") is None  # the same state: not copied again
    assert reasons(coded) == ["before-merge"]
    assert backups.auto_backup(db, "before-merge") is not None  # used up: the next action backs up
    assert len(reasons(coded)) == 2


def test_a_backup_taken_ahead_does_not_cover_a_later_change(coded):
    db = coded.db
    backups.backup_ahead(db, "before-merge")
    coded.codings.add(4, coded.codebook.get("Actors/India").id, 0, 4)  # our own write
    assert backups.auto_backup(db, "before-merge") is not None
    backups.backup_ahead(db, "before-merge")
    other = Project.open(coded.path, coder="other")  # another connection's write
    other.codings.add(4, other.codebook.get("Actors/India").id, 5, 9)
    other.close()
    assert backups.auto_backup(db, "before-merge") is not None
    assert len(reasons(coded)) == 4


def test_a_read_only_project_or_an_open_transaction_takes_no_backup(coded):
    with coded.transaction():
        assert backups.auto_backup(coded.db, "before-merge") is None
    assert reasons(coded) == []


def test_restore_with_progress_gives_the_counts(coded, tmp_path):
    written = backups.backup_now(coded.path, "manual")
    calls = []
    docs, codings = backups.restore(written, tmp_path / "back.gwot",
                                    lambda d, t: calls.append(d) or True)
    assert (docs, codings) == (5, 300) and calls

