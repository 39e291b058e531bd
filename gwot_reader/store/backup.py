"""Consistent copies of a project through SQLite's backup API: rotating backups, copies, restores."""

from __future__ import annotations

import os
import re
import sqlite3
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from gwot_reader.core.errors import GwotError
from gwot_reader.store.fileid import APPLICATION_ID, check_ours, connect_ro

if TYPE_CHECKING:
    from gwot_reader.store.db import Database

KEEP_LAST = 10  # the newest backups of a project, whatever their age
KEEP_DAYS = 7  # and the newest of each of the last days
_NAME = re.compile(r"^(\d{8}T\d{6}\d{3}Z)-([a-z-]+)\.gwot$")
STEPS = 50  # a copy with progress is made in about this many steps

# (pages copied, pages in all) -> False to stop: the copy is thrown away, nothing changed
Progress = Callable[[int, int], bool]


class BackupCancelled(GwotError):
    """The user stopped a backup (or a restore): its half-made file is gone."""


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    time: datetime  # UTC
    reason: str
    documents: int
    codings: int


def backups_root() -> Path:
    """``~/.local/share/gwot-reader/backups`` on Linux (where the default project lives too)."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("gwot-reader", appauthor=False)) / "backups"


def backup_folder(guid: str, name: str) -> Path:
    """One folder per project, named so a person can tell them apart: ``study-1A2B3C4D``."""
    safe = re.sub(r"[^\w.-]+", "_", name).strip("._") or "project"
    return backups_root() / f"{safe[:60]}-{guid[:8]}"


def copy_database(source: sqlite3.Connection, target: Path,
                  progress: Progress | None = None) -> None:
    """A consistent copy of ``source`` as a single file ``target`` (made complete, then moved).

    The backup API copies every page in one step under a read lock, so writers in other
    connections and processes go on and the copy is one committed state. With ``progress``
    it copies in steps (to tell how far it is, and to stop when asked), inside one read
    transaction, so the copy is still the one state that transaction sees.
    """
    target = Path(target)
    # Named for this process and call: processes migrating one project at once can back it up
    # in the same millisecond, and one must not delete the other's half-made copy.
    part = target.with_name(f".{target.name}.{os.getpid()}-{uuid.uuid4().hex[:8]}.part")
    dest = sqlite3.connect(str(part), isolation_level=None)
    try:
        # A half-written .part is thrown away, never used: no journal and no syncs while the
        # pages are copied (they took 2 s of a 130 MB backup); one fsync at the end.
        dest.execute("PRAGMA journal_mode = OFF")
        dest.execute("PRAGMA synchronous = OFF")
        if progress is None:
            source.backup(dest)
        else:
            _copy_in_steps(source, dest, progress)
        # The copy stands alone: a rollback journal, so no -wal is needed beside it.
        dest.execute("PRAGMA journal_mode = DELETE")
    except BaseException:
        dest.close()
        part.unlink(missing_ok=True)
        raise
    dest.close()
    _fsync(part)
    os.replace(part, target)


def _copy_in_steps(source: sqlite3.Connection, dest: sqlite3.Connection,
                   progress: Progress) -> None:
    # A backup in steps restarts whenever another connection commits between two steps
    # (endlessly, under steady coding); a read transaction held across them keeps one snapshot.
    own = not source.in_transaction
    if own:
        source.execute("BEGIN")
        source.execute("SELECT count(*) FROM sqlite_master").fetchone()
    try:
        total = int(source.execute("PRAGMA page_count").fetchone()[0])

        def step(_status: int, remaining: int, count: int) -> None:
            if progress(count - remaining, count) is False:
                raise BackupCancelled("cancelled; nothing was changed")

        source.backup(dest, pages=max(64, total // STEPS), progress=step)
        progress(total, total)
    finally:
        if own:
            source.execute("COMMIT")


def _fsync(path: Path) -> None:
    """The copy on disk before it takes its name (it is our new file: no connection holds it)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def copy_file(project_path: Path, target: Path, progress: Progress | None = None) -> None:
    """Copy a project by path on a read-only connection of its own (any thread)."""
    target = Path(target)
    if target.exists():
        raise GwotError(f"{target} already exists; choose another name")
    if not target.parent.is_dir():
        raise GwotError(f"the folder {target.parent} does not exist")
    check_ours(Path(project_path))
    source = connect_ro(Path(project_path))
    try:
        copy_database(source, target, progress)
    except sqlite3.Error as exc:
        raise GwotError(f"could not copy {Path(project_path).name}: {exc}") from None
    finally:
        source.close()


def _stamp(at: datetime) -> str:
    return at.strftime("%Y%m%dT%H%M%S") + f"{at.microsecond // 1000:03d}Z"


def backup_now(project_path: Path, reason: str, conn: sqlite3.Connection | None = None,
               progress: Progress | None = None) -> Path | None:
    """A rotating backup of the project into its backup folder; None if it holds nothing yet."""
    own = conn is None
    source = connect_ro(Path(project_path)) if own else conn
    assert source is not None
    try:
        guid_row = source.execute("SELECT value FROM meta WHERE key = 'guid'").fetchone()
        held = source.execute("SELECT (SELECT count(*) FROM documents) + "
                              "(SELECT count(*) FROM codes)").fetchone()[0]
        if guid_row is None or not held:
            return None  # a new, empty project: nothing to lose
        folder = backup_folder(guid_row[0], Path(project_path).stem)
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{_stamp(datetime.now(UTC))}-{reason}.gwot"
        copy_database(source, target, progress)
    finally:
        if own:
            source.close()
    rotate(folder)
    return target


def auto_backup(db: Database, reason: str, progress: Progress | None = None) -> Path | None:
    """Backup before a risky change (migration, import, merge); a failure never blocks it
    silently: it is raised as one line and the change does not happen. None when there was
    nothing to back up, or when ``backup_ahead`` has just backed this very state up."""
    if db.in_transaction or db.read_only:
        return None  # inside a larger action (a new project being filled): it backed up first
    mark = state_mark(db.conn)
    ahead, db.backed_up = db.backed_up, None  # good for the one action it was taken for
    if ahead == mark:
        return None
    try:
        return backup_now(db.path, reason, db.conn, progress)
    except (OSError, sqlite3.Error) as exc:
        raise GwotError(f"could not back up {db.path.name} before the {reason.split('-')[-1]} "
                        f"({exc}); nothing was changed") from None


def backup_ahead(db: Database, reason: str, progress: Progress | None = None) -> Path | None:
    """``auto_backup`` taken ahead of the action (with progress, off the GUI thread): the
    action's own ``auto_backup`` then finds this state backed up and skips its copy."""
    mark = state_mark(db.conn)
    path = auto_backup(db, reason, progress)
    db.backed_up = mark
    return path


def state_mark(conn: sqlite3.Connection) -> tuple[int, int]:
    """What a connection has seen committed: another connection's commit changes the first
    number (``data_version``), one of its own the second."""
    return int(conn.execute("PRAGMA data_version").fetchone()[0]), conn.total_changes


def _parse(path: Path) -> tuple[datetime, str] | None:
    m = _NAME.match(path.name)
    if not m:
        return None
    at = datetime.strptime(m.group(1)[:15], "%Y%m%dT%H%M%S").replace(tzinfo=UTC)
    return at + timedelta(milliseconds=int(m.group(1)[15:18])), m.group(2)


def rotate(folder: Path, now: datetime | None = None) -> list[Path]:
    """Keep the newest KEEP_LAST backups and the newest of each of the last KEEP_DAYS days;
    returns the ones removed."""
    now = now or datetime.now(UTC)
    dated = sorted(((p, _parse(p)) for p in folder.glob("*.gwot")), key=lambda x: x[0].name,
                   reverse=True)
    backups = [(p, parsed[0]) for p, parsed in dated if parsed is not None]
    keep = {p for p, _ in backups[:KEEP_LAST]}
    days: set[object] = set()
    for p, at in backups:
        if now - at <= timedelta(days=KEEP_DAYS) and at.date() not in days:
            days.add(at.date())
            keep.add(p)
    gone = [p for p, _ in backups if p not in keep]
    for p in gone:
        p.unlink(missing_ok=True)
    return gone


def list_backups(guid: str, name: str = "") -> list[BackupInfo]:
    """The project's backups, newest first, with what each holds; found by the project's GUID,
    so a project renamed or copied since still sees them."""
    root = backups_root()
    folders = root.glob(f"*-{guid[:8]}") if root.is_dir() else []
    out: list[BackupInfo] = []
    for p in sorted((f for d in folders for f in d.glob("*.gwot")), key=lambda f: f.name,
                    reverse=True):
        parsed = _parse(p)
        if parsed is None:
            continue
        try:
            conn = connect_ro(p)
            try:
                docs, codings = conn.execute("SELECT (SELECT count(*) FROM documents), "
                                             "(SELECT count(*) FROM codings)").fetchone()
            finally:
                conn.close()
        except sqlite3.Error:
            continue  # a damaged backup is not offered
        out.append(BackupInfo(p, parsed[0], parsed[1], docs, codings))
    return out


def restore(backup: Path, target: Path, progress: Progress | None = None) -> tuple[int, int]:
    """Restore ``backup`` into the new file ``target``; returns its (documents, codings)."""
    backup, target = Path(backup), Path(target)
    if not backup.is_file():
        raise GwotError(f"no backup at {backup}")
    ident = check_ours(backup)
    if ident.application_id != APPLICATION_ID:
        raise GwotError(f"{backup.name} is not a GWOT Reader project backup")
    copy_file(backup, target, progress)
    conn = connect_ro(target)
    try:
        documents, codings = conn.execute("SELECT (SELECT count(*) FROM documents), "
                                          "(SELECT count(*) FROM codings)").fetchone()
        return int(documents), int(codings)
    finally:
        conn.close()

