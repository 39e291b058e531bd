"""What a file is, asked of SQLite itself: never with ``open()``, which would drop our locks.

On POSIX, closing any descriptor of a file drops every fcntl lock the process holds on it. A
process holding an SQLite connection to a project that opens and closes the file itself lets
the next program believe it is the last user: that program checkpoints and deletes the WAL
while we keep writing to it (SQLite's "How To Corrupt", section 2.2). SQLite's own connections
share one lock table per file inside a process, so reading a header through a ``mode=ro``
connection is safe; so is ``os.stat``.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from gwot_reader.core.errors import GwotError, ProjectFileError
from gwot_reader.store.schema import SCHEMA_VERSION

APPLICATION_ID = 0x47574F54  # "GWOT", so `file` and we can tell a project from any SQLite file
SIDE_FILES = ("-wal", "-shm", "-journal")  # SQLite's files beside a database


@dataclass(frozen=True)
class Identity:
    """A file's SQLite header as far as we care: whose it is and which format."""

    application_id: int
    user_version: int
    has_tables: bool

    @property
    def is_empty(self) -> bool:
        """A new, blank SQLite file (or zero bytes): anyone's to make a project of."""
        return self.application_id == 0 and self.user_version == 0 and not self.has_tables


def ro_uri(path: Path, *, immutable: bool = False) -> str:
    uri = Path(os.path.abspath(path)).as_uri() + "?mode=ro"
    return uri + "&immutable=1" if immutable else uri


def connect_ro(path: Path, timeout: float = 5.0) -> sqlite3.Connection:
    """A read-only connection that changes nothing on disk, for a file or a read-only folder."""
    conn = sqlite3.connect(ro_uri(path), uri=True, timeout=timeout, isolation_level=None,
                           check_same_thread=False)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.DatabaseError as exc:
        conn.close()
        # A WAL file in a folder we cannot write: no -shm can be made. Nobody else can have
        # written to it either (no -wal could be made), so the file is read as it stands.
        if "unable to open" not in str(exc).lower():
            raise
    return sqlite3.connect(ro_uri(path, immutable=True), uri=True, timeout=timeout,
                           isolation_level=None, check_same_thread=False)


def identify(path: Path) -> Identity | None:
    """The file's SQLite header, or None if it is not an SQLite database (or is damaged)."""
    try:
        conn = connect_ro(path)
    except sqlite3.DatabaseError as exc:
        _unreadable(path, exc)
        return None
    try:
        return Identity(conn.execute("PRAGMA application_id").fetchone()[0],
                        conn.execute("PRAGMA user_version").fetchone()[0],
                        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0)
    except sqlite3.DatabaseError as exc:
        _unreadable(path, exc)
        return None
    finally:
        conn.close()


def _unreadable(path: Path, exc: sqlite3.DatabaseError) -> None:
    msg = str(exc).lower()
    if "locked" in msg or "busy" in msg:
        raise ProjectFileError(f"{path.name} is busy: another program is writing to it; try "
                               "again when it has finished") from None
    if "unable to open" in msg or "access" in msg or "permission" in msg:
        raise ProjectFileError(f"{path.name} cannot be read: {exc}") from None
    # otherwise "file is not a database", "malformed": not SQLite as far as we are concerned


def check_ours(path: Path) -> Identity:
    """Refuse, in one line, any file but a GWOT Reader project this program can read."""
    if not path.stat().st_size:
        raise ProjectFileError(f"{path.name} is empty, not a GWOT Reader project")
    ident = identify(path)
    if ident is None:
        raise ProjectFileError(f"{path.name} is not a GWOT Reader project (not an SQLite file, "
                               "or a damaged one)")
    if ident.application_id == APPLICATION_ID:
        if ident.user_version > SCHEMA_VERSION:
            raise ProjectFileError(
                f"{path.name} was written by a newer GWOT Reader (file format "
                f"{ident.user_version}, this program reads up to {SCHEMA_VERSION}); please "
                "update GWOT Reader")
        return ident
    if ident.application_id != 0:
        raise ProjectFileError(f"{path.name} is an SQLite file of another program")
    if not ident.is_empty:
        raise ProjectFileError(f"{path.name} is an SQLite file but not a GWOT Reader project")
    return ident


def writable(path: Path) -> bool:
    """Can we change the file and make its -wal and -shm beside it?"""
    folder = path.parent if str(path.parent) else Path(".")
    return os.access(path, os.W_OK) and os.access(folder, os.W_OK | os.X_OK)


def side_file_of(path: Path) -> Path | None:
    """The database ``path`` belongs to if it is a -wal, -shm or -journal file, else None."""
    for suffix in SIDE_FILES:
        if path.name.endswith(suffix) and len(path.name) > len(suffix):
            return path.with_name(path.name[: -len(suffix)])
    return None


def is_sqlite_or_side_file(path: Path) -> bool:
    """True for an SQLite database (any program's, ours included) or its -wal/-shm/-journal."""
    path = Path(path)
    base = side_file_of(path)
    if base is not None and base.exists():
        return True
    if not path.is_file() or not path.stat().st_size:
        return False
    try:
        return identify(path) is not None
    except ProjectFileError:
        return True  # busy or unreadable through SQLite: an SQLite file someone is using


def refuse_sqlite_file(path: Path, doing: str) -> None:
    """Exports and imports never touch a database: the open project above all (see above)."""
    path = Path(path)
    if is_sqlite_or_side_file(path):
        raise GwotError(f"will not {doing} {path.name}: it is an SQLite database or one of its "
                        "-wal/-shm files (a project?)")
