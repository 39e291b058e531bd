"""Never lose a coding: lock safety, one complete file, files that are not ours, backups."""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from gwot_reader.cli import main
from gwot_reader.core.errors import GwotError, ProjectFileError
from gwot_reader.store import Project
from gwot_reader.store import backup as backups
from gwot_reader.store.fileid import APPLICATION_ID
from gwot_reader.store.schema import MIGRATIONS, SCHEMA_VERSION

ROOT = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}

# A writer that obeys lines on stdin: "code N" makes N codings and prints their GUIDs once
# committed (acknowledged), "reopen" opens and closes a second connection the way the app does
# (every background job does it), "kill" SIGKILLs itself before anything is closed.
WRITER = textwrap.dedent("""
    import os, signal, sys
    from gwot_reader.store import Project
    path = sys.argv[1]
    p = Project.open(path, coder="writer")
    doc = p.documents.all()[0]
    code = next(c for c in p.codebook.all() if not c.is_category)
    n = 0
    for line in sys.stdin:
        cmd = line.split()
        if cmd[0] == "code":
            for _ in range(int(cmd[1])):
                c = p.codings.add(doc.id, code.id, n % 500, n % 500 + 7, memo=f"m{n}")
                n += 1
                print(c.guid, flush=True)
        elif cmd[0] == "reopen":
            Project.open(path).close()
        elif cmd[0] == "kill":
            os.kill(os.getpid(), signal.SIGKILL)
        print("ok", flush=True)
""")


def guids(path: Path) -> set[str]:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return {r[0] for r in con.execute("SELECT guid FROM codings")}
    finally:
        con.close()


def fingerprint(path: Path) -> tuple[str, int]:
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns


# -- 1. lock safety --------------------------------------------------------------------------------

def test_the_sequence_of_the_issue_loses_no_acknowledged_coding(corpus_project):
    """Writer holds a connection; a second in-process connection opens and closes; another
    process opens and closes the file; more codings; the writer is SIGKILLed. All are there."""
    path = corpus_project.path
    corpus_project.close()
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(path)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True, env=ENV)
    acked: set[str] = set()

    def say(cmd: str) -> None:
        writer.stdin.write(cmd + "\n")
        writer.stdin.flush()
        for line in writer.stdout:
            if line.strip() == "ok":
                return
            acked.add(line.strip())

    say("code 20")
    say("reopen")  # the app's own open path, in the writer's process
    for argv in (["-m", "gwot_reader", "stats", str(path)],
                 ["-c", f"import sqlite3; sqlite3.connect({str(path)!r}).execute("
                        "'SELECT count(*) FROM codings').fetchone()"]):
        other = subprocess.run([sys.executable, *argv], capture_output=True, text=True, env=ENV)
        assert other.returncode == 0, other.stderr
    say("code 30")
    writer.stdin.write("kill\n")
    writer.stdin.flush()
    writer.wait(timeout=30)
    assert writer.returncode == -signal.SIGKILL
    assert len(acked) == 50
    assert acked <= guids(path)


def test_the_store_never_calls_open():
    """The whole class of bug: the code that opens, identifies and copies projects has no
    plain open() (nor read_bytes/read_text) of any file."""
    import ast

    for name in ("db.py", "fileid.py", "backup.py", "project.py"):
        tree = ast.parse((ROOT / "gwot_reader" / "store" / name).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                f = node.func
                called = f.id if isinstance(f, ast.Name) else getattr(f, "attr", "")
                # os.open only fsyncs a backup we have just written and nobody holds
                via_os = isinstance(f, ast.Attribute) and getattr(f.value, "id", "") == "os"
                assert via_os or called not in ("open", "read_bytes", "read_text",
                                                "write_bytes"), f"{name}:{node.lineno} {called}()"


def test_opening_a_second_connection_keeps_our_locks(corpus_project):
    """The mechanism itself: SQLite's connections keep the locks, a plain open() drops them."""
    from locks import locks_held

    path = corpus_project.path
    assert locks_held(path)
    Project.open(path).close()  # the app's own open path (every background job)
    from gwot_reader.store.fileid import is_sqlite_or_side_file

    assert is_sqlite_or_side_file(path) and is_sqlite_or_side_file(Path(f"{path}-wal"))
    assert locks_held(path)
    with open(path, "rb") as fh:  # what _is_sqlite() did: the bug of the issue
        fh.read(16)
    assert not locks_held(path)


def test_importing_the_open_project_or_its_wal_is_refused(corpus_project, capsys):
    corpus_project.codings.add(corpus_project.documents.all()[0].id,
                              corpus_project.codebook.get("Actors/India").id, 0, 5)
    path = corpus_project.path
    for target in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        assert main(["import", str(path), str(target)]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "SQLite" in err
    alias = path.with_name("codebook.csv")  # the project under another name (a hard link)
    os.link(path, alias)
    assert main(["codebook", "import", str(path), str(alias)]) == 2
    assert "SQLite" in capsys.readouterr().err
    assert guids(path)  # still whole


# -- 2. one complete file --------------------------------------------------------------------------

def test_after_close_the_gwot_alone_holds_everything(corpus_project, tmp_path):
    doc = corpus_project.documents.all()[0]
    c = corpus_project.codings.add(doc.id, corpus_project.codebook.get("Actors/India").id, 3, 30)
    path = corpus_project.path
    corpus_project.close()
    assert not Path(f"{path}-wal").exists() or not Path(f"{path}-wal").stat().st_size
    alone = tmp_path / "alone"
    alone.mkdir()
    shutil.copy(path, alone / "copy.gwot")
    assert c.guid in guids(alone / "copy.gwot")


def test_after_a_cli_command_the_gwot_alone_holds_everything(corpus_project, tmp_path, capsys):
    path = corpus_project.path
    doc = corpus_project.documents.all()[0]
    corpus_project.close()
    assert main(["code", str(path), "--doc", doc.guid, "--start", "0", "--end", "9",
                 "--code", "Actors/India"]) == 0
    guid = capsys.readouterr().out.strip()
    alone = tmp_path / "alone"
    alone.mkdir()
    shutil.copy(path, alone / "copy.gwot")
    assert guid in guids(alone / "copy.gwot")


def test_long_sessions_keep_the_wal_bounded(corpus_project):
    db = corpus_project.db
    assert db.one("PRAGMA wal_autocheckpoint")[0] == 1000
    assert 0 < db.one("PRAGMA journal_size_limit")[0] <= 64 * 1024 * 1024


# -- 3. never touch what is not ours -------------------------------------------------------------

def _foreign(path: Path, app_id: int, version: int, tables: bool, wal: bool = False) -> None:
    con = sqlite3.connect(str(path), isolation_level=None)
    if wal:
        con.execute("PRAGMA journal_mode = WAL")
    con.execute(f"PRAGMA application_id = {app_id}")
    con.execute(f"PRAGMA user_version = {version}")
    if tables:
        con.execute("CREATE TABLE notes (x)")
        con.execute("INSERT INTO notes VALUES ('precious')")
    con.close()


def _damaged(path: Path) -> None:
    Project.create(path).close()
    data = bytearray(path.read_bytes())
    data[16:24] = b"\xff" * 8  # page size and format bytes of the header
    path.write_bytes(bytes(data))


FOREIGN = [
    ("app0-v0-tables", lambda p: _foreign(p, 0, 0, True)),
    ("app0-v3-tables", lambda p: _foreign(p, 0, 3, True)),
    ("app0-v99-tables", lambda p: _foreign(p, 0, 99, True)),
    ("app0-v2-empty", lambda p: _foreign(p, 0, 2, False)),
    ("app1234-v0", lambda p: _foreign(p, 1234, 0, False)),
    ("app1234-v1-wal", lambda p: _foreign(p, 1234, 1, True, wal=True)),
    ("newer-gwot", lambda p: _foreign(p, APPLICATION_ID, SCHEMA_VERSION + 1, True)),
    ("damaged", _damaged),
    ("text", lambda p: p.write_bytes(b"not a database\n" * 100)),
]


@pytest.mark.parametrize("make", [m for _, m in FOREIGN], ids=[n for n, _ in FOREIGN])
def test_files_not_ours_are_refused_in_one_line_and_left_byte_identical(tmp_path, capsys, make):
    path = tmp_path / "theirs.gwot"
    make(path)
    os.utime(path, ns=(1_600_000_000_000_000_000, 1_600_000_000_000_000_000))
    before = fingerprint(path)
    with pytest.raises(ProjectFileError):
        Project.open(path)
    for argv in (["stats", str(path)], ["code", str(path), "--doc", "x", "--start", "0", "--end",
                                        "1", "--code", "x"], ["backup", str(path)]):
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "Traceback" not in err
    assert fingerprint(path) == before


def _old_project(path: Path, version: int) -> None:
    from gwot_reader.store.db import _statements

    con = sqlite3.connect(str(path), isolation_level=None)
    con.execute("PRAGMA journal_mode = WAL")
    for script in MIGRATIONS[:version]:
        for statement in _statements(script):
            con.execute(statement)
    con.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    con.execute(f"PRAGMA user_version = {version}")
    con.execute("INSERT INTO meta VALUES ('guid', 'AAAAAAAA-OLD')")
    con.execute("INSERT INTO documents (guid, name, sha256, imported, length, text) "
                "VALUES ('D', 'old doc', '', '', 5, 'hello')")
    con.execute("INSERT INTO codes (guid, name, created, modified) VALUES ('K', 'Old', '', '')")
    con.execute("INSERT INTO codings (id, guid, document_id, code_id, start, \"end\", text, "
                "created, modified) VALUES (7, 'C', 1, 1, 0, 2, 'he', '', '')")
    con.close()


def _open_at_once(path: str, barrier) -> str:
    barrier.wait()
    try:
        with Project.open(path) as p:
            return f"ok {p.db.version} {p.codings.get('C').text}"
    except Exception as exc:  # a traceback is what this test is about
        return f"{type(exc).__name__}: {exc}"


def test_several_processes_opening_an_old_project_migrate_it_once(tmp_path):
    path = tmp_path / "old.gwot"
    _old_project(path, 3)
    ctx = multiprocessing.get_context("spawn")
    with ctx.Manager() as manager:
        barrier = manager.Barrier(4)
        with ctx.Pool(4) as pool:
            results = pool.starmap(_open_at_once, [(str(path), barrier)] * 4)
    assert results == [f"ok {SCHEMA_VERSION} he"] * 4
    con = sqlite3.connect(str(path))
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()
    # a backup of the old file was taken before the migration, in the user data folder (a
    # process that saw the old version before another migrated it may back up the new one too)
    made = list(backups.backups_root().rglob("*before-migration.gwot"))
    assert any(sqlite3.connect(m).execute("PRAGMA user_version").fetchone()[0] == 3
               for m in made)


def test_a_read_only_project_opens_read_only_and_refuses_edits(corpus_project, tmp_path,
                                                               monkeypatch, capsys):
    path = corpus_project.path
    doc = corpus_project.documents.all()[0]
    corpus_project.codings.add(doc.id, corpus_project.codebook.get("Actors/India").id, 0, 5)
    corpus_project.close()
    before = fingerprint(path)
    # Tests may run as root, whom permissions do not stop: the check itself is replaced.
    monkeypatch.setattr("gwot_reader.store.db.writable", lambda p: False)
    with Project.open(path) as p:
        assert p.read_only and p.stats()["codings"] == 1
        with pytest.raises(ProjectFileError, match="read-only") as err:
            p.codings.add(doc.id, p.codebook.get("Actors/India").id, 5, 9)
        assert "damaged" not in str(err.value)
    assert main(["stats", str(path)]) == 0
    assert "1 coding" in capsys.readouterr().out
    out = tmp_path / "seg.csv"
    assert main(["export", str(path), "--format", "segments-csv", "-o", str(out)]) == 0
    import csv

    assert len(list(csv.reader(out.open(encoding="utf-8", newline="")))) == 2
    assert main(["code", str(path), "--doc", doc.guid, "--start", "0", "--end", "3",
                 "--code", "Actors/India"]) == 2
    err = capsys.readouterr().err
    assert "read-only" in err and "damaged" not in err
    assert fingerprint(path) == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes read-only files")
def test_a_read_only_file_and_folder_really_open_read_only(corpus_project, tmp_path):
    path = corpus_project.path
    corpus_project.close()
    folder = tmp_path / "ro"
    folder.mkdir()
    shutil.copy(path, folder / "p.gwot")
    (folder / "p.gwot").chmod(0o444)
    folder.chmod(0o555)
    try:
        r = subprocess.run([sys.executable, "-m", "gwot_reader", "stats", str(folder / "p.gwot")],
                           capture_output=True, text=True, env=ENV)
        assert r.returncode == 0, r.stderr
    finally:
        folder.chmod(0o755)


@pytest.mark.parametrize("suffix", ["", "-wal", "-shm"])
def test_export_refuses_the_open_project_and_its_wal(corpus_project, capsys, suffix):
    corpus_project.codings.add(corpus_project.documents.all()[0].id,
                              corpus_project.codebook.get("Actors/India").id, 0, 5)
    target = Path(f"{corpus_project.path}{suffix}")
    assert target.exists()  # the project is open: its -wal and -shm are there
    assert main(["export", str(corpus_project.path), "--format", "segments-csv",
                 "-o", str(target)]) == 2
    assert "SQLite" in capsys.readouterr().err
    assert target.exists() and not list(target.parent.glob("*.part"))
    assert corpus_project.stats()["codings"] == 1
    corpus_project.codings.add(corpus_project.documents.all()[0].id,
                              corpus_project.codebook.get("Actors/India").id, 5, 9)
    assert len(guids(corpus_project.path)) == 2


def test_export_refuses_any_sqlite_file_and_writes_with_the_umask(corpus_project, tmp_path,
                                                                  capsys):
    other = tmp_path / "other.db"
    _foreign(other, 0, 0, True)
    before = fingerprint(other)
    assert main(["export", str(corpus_project.path), "--format", "codebook-csv",
                 "-o", str(other)]) == 2
    assert fingerprint(other) == before
    for mask in (0o022, 0o002):
        old = os.umask(mask)
        try:
            out = tmp_path / f"cb-{mask:o}.csv"
            assert main(["export", str(corpus_project.path), "--format", "codebook-csv",
                         "-o", str(out)]) == 0
        finally:
            os.umask(old)
        assert out.stat().st_mode & 0o777 == 0o666 & ~mask


# -- 4. backups ------------------------------------------------------------------------------------

def test_backups_before_import_codebook_import_and_merge(corpus_project, tmp_path):
    p = corpus_project
    txt = tmp_path / "note.txt"
    txt.write_text("A note about trust.", encoding="utf-8")
    from gwot_reader.exchange.codebook_csv import export_codebook_csv, import_codebook_csv
    from gwot_reader.exchange.textimport import import_files

    import_files(p, [txt])
    export_codebook_csv(p, tmp_path / "cb.csv")
    import_codebook_csv(p, tmp_path / "cb.csv")
    p.codebook.merge(p.codebook.get("Actors/India").id, p.codebook.get("Actors/United States").id)
    found = backups.list_backups(p.guid, p.path.stem)
    assert [b.reason for b in found] == ["before-merge", "before-codebook-import",
                                         "before-import"]
    assert [b.documents for b in found] == [6, 6, 5]
    assert all(b.path.parent.parent == backups.backups_root() for b in found)
    assert backups.list_backups(p.guid, "renamed copy") == found  # found by GUID, not name


def test_rotation_keeps_the_last_ten_and_one_a_day_for_a_week(tmp_path):
    now = datetime(2026, 12, 2, 12, tzinfo=UTC)
    names = []
    for hours in range(0, 24 * 10, 6):  # one every 6 hours for 10 days
        at = now - timedelta(hours=hours)
        name = f"{backups._stamp(at)}-editing.gwot"
        (tmp_path / name).write_bytes(b"")
        names.append((at, name))
    backups.rotate(tmp_path, now)
    kept = sorted(p.name for p in tmp_path.glob("*.gwot"))
    newest10 = {n for _, n in names[:10]}
    assert newest10 <= set(kept)
    days = {at.date() for at, n in names if n in kept and n not in newest10}
    assert all(now - timedelta(days=7) <= datetime.combine(d, datetime.min.time(), UTC)
               + timedelta(days=1) for d in days)
    assert len(kept) == len(newest10 | {n for at, n in names if n in kept})
    assert len(kept) <= 10 + 8 and len(kept) < len(names)


def test_backup_and_restore_commands(corpus_project, tmp_path, capsys):
    p = corpus_project
    c = p.codings.add(p.documents.all()[0].id, p.codebook.get("Actors/India").id, 0, 5)
    path = p.path
    assert main(["backup", str(path)]) == 0
    made = Path(capsys.readouterr().out.strip().split(" to ", 1)[1])
    assert made.parent.parent == backups.backups_root()
    assert main(["backup", str(path), "-o", str(tmp_path / "copy.gwot")]) == 0
    assert c.guid in guids(tmp_path / "copy.gwot")
    assert main(["backup", str(path), "--list"]) == 0
    assert "manual" in capsys.readouterr().out
    assert main(["restore", str(made), "-o", str(tmp_path / "back.gwot")]) == 0
    assert "1 coding" in capsys.readouterr().out
    assert c.guid in guids(tmp_path / "back.gwot")
    assert not Path(f"{tmp_path / 'back.gwot'}-wal").exists()
    # never over an existing file, never from something that is not a project
    assert main(["restore", str(made), "-o", str(path)]) == 2
    (tmp_path / "x.txt").write_text("hello", encoding="utf-8")
    assert main(["restore", str(tmp_path / "x.txt"), "-o", str(tmp_path / "y.gwot")]) == 2
    assert not (tmp_path / "y.gwot").exists()
    with pytest.raises(GwotError):
        backups.copy_file(path, tmp_path / "copy.gwot")
