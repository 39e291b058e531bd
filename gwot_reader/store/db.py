"""Opening a project file: pragmas, migrations and the one-transaction-per-action manager."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils

from gwot_reader.core.errors import ProjectFileError
from gwot_reader.store.schema import MIGRATIONS, SCHEMA_VERSION

APPLICATION_ID = 0x47574F54  # "GWOT", so `file` and we can tell a project from any SQLite file


class Database:
    """A sqlite-utils database with explicit transactions.

    Python's sqlite3 opens transactions implicitly; here autocommit is off at the driver
    (isolation_level=None) and every write happens inside ``transaction()``, which nests.
    """

    def __init__(self, path: str | Path, *, create: bool = False) -> None:
        self.path = Path(path)
        if not create and not self.path.exists():
            raise ProjectFileError(f"no project file at {self.path}")
        if not create and self.path.stat().st_size and not _is_sqlite(self.path):
            raise ProjectFileError(f"{self.path.name} is not a GWOT Reader project (not an SQLite file)")
        try:
            conn = sqlite3.connect(str(self.path), isolation_level=None, check_same_thread=False)
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA busy_timeout = 5000")
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            # WAL with NORMAL: a commit survives a killed process; only power loss can drop the
            # last transactions, never corrupt the file.
            conn.execute("PRAGMA synchronous = NORMAL")
        except sqlite3.DatabaseError as exc:
            raise ProjectFileError(f"{self.path.name} cannot be opened: {exc}") from None
        if mode.lower() != "wal":
            conn.close()
            raise ProjectFileError(f"{self.path.name} cannot be opened for writing (journal mode {mode})")
        self.conn = conn
        self.db = sqlite_utils.Database(conn)
        self._depth = 0
        self._migrate()

    # -- transactions -------------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One user action: everything inside commits together or not at all."""
        if self._depth:
            self._depth += 1
            try:
                yield self.conn
            finally:
                self._depth -= 1
            return
        self.conn.execute("BEGIN IMMEDIATE")
        self._depth = 1
        try:
            yield self.conn
        except BaseException:
            self._depth = 0
            self.conn.execute("ROLLBACK")
            raise
        self._depth = 0
        self.conn.execute("COMMIT")

    @property
    def in_transaction(self) -> bool:
        return self._depth > 0

    def execute(self, sql: str, params=()) -> sqlite3.Cursor:
        return self.conn.execute(sql, params)

    def executemany(self, sql: str, rows) -> sqlite3.Cursor:
        return self.conn.executemany(sql, rows)

    def one(self, sql: str, params=()):
        return self.conn.execute(sql, params).fetchone()

    def close(self) -> None:
        if self.conn is not None:
            try:
                self.conn.execute("PRAGMA optimize")
            except sqlite3.Error:
                pass
            self.conn.close()
            self.conn = None  # type: ignore[assignment]

    # -- schema -------------------------------------------------------------------------------
    def _migrate(self) -> None:
        try:
            version = self.one("PRAGMA user_version")[0]
            app_id = self.one("PRAGMA application_id")[0]
        except sqlite3.DatabaseError as exc:
            self.conn.close()
            raise ProjectFileError(f"{self.path.name} is damaged or not a project: {exc}") from None
        if version > SCHEMA_VERSION:
            self.conn.close()
            raise ProjectFileError(
                f"{self.path.name} was written by a newer GWOT Reader (file format {version}, this "
                f"program reads up to {SCHEMA_VERSION}); please update GWOT Reader"
            )
        if version == 0 and app_id not in (0, APPLICATION_ID):
            self.conn.close()
            raise ProjectFileError(f"{self.path.name} is an SQLite file of another program")
        if version == 0 and app_id == 0 and self.db.table_names():
            self.conn.close()
            raise ProjectFileError(f"{self.path.name} is an SQLite file but not a GWOT Reader project")
        for target in range(version + 1, SCHEMA_VERSION + 1):
            with self.transaction():
                # executescript would commit; run the statements one by one inside our transaction.
                for statement in _statements(MIGRATIONS[target - 1]):
                    self.conn.execute(statement)
                self.conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                self.conn.execute(f"PRAGMA user_version = {target}")

    @property
    def version(self) -> int:
        return self.one("PRAGMA user_version")[0]


def _statements(script: str) -> list[str]:
    """Split a migration into statements, keeping trigger bodies whole."""
    out: list[str] = []
    buf = ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            if buf.strip():
                out.append(buf.strip())
            buf = ""
    if buf.strip():
        out.append(buf.strip())
    return out


def _is_sqlite(path: Path) -> bool:
    with open(path, "rb") as fh:
        return fh.read(16) == b"SQLite format 3\x00"
