"""Opening a project file: pragmas, migrations and the one-transaction-per-action manager."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

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
        if self.path.is_dir():
            raise ProjectFileError(f"{self.path} is a folder, not a project file")
        if not create and not self.path.stat().st_size:
            raise ProjectFileError(f"{self.path.name} is empty, not a GWOT Reader project")
        if not create and not _is_sqlite(self.path):
            raise ProjectFileError(f"{self.path.name} is not a GWOT Reader project (not an SQLite file)")
        try:
            conn = sqlite3.connect(str(self.path), isolation_level=None, check_same_thread=False)
        except sqlite3.DatabaseError as exc:
            raise ProjectFileError(f"{self.path.name} cannot be opened: {exc}") from None
        try:
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA busy_timeout = 5000")
            # Make sure the file is ours before anything (WAL mode included) changes it.
            _check_identity(conn, self.path)
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            # WAL with NORMAL: a commit survives a killed process; only power loss can drop the
            # last transactions, never corrupt the file.
            conn.execute("PRAGMA synchronous = NORMAL")
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise ProjectFileError(f"{self.path.name} cannot be opened: {exc}") from None
        except ProjectFileError:
            conn.close()
            raise
        if mode.lower() != "wal":
            conn.close()
            raise ProjectFileError(f"{self.path.name} cannot be opened for writing (journal mode {mode})")
        self.conn = conn
        self._utils = None
        self._depth = 0
        self._migrate()

    # -- transactions -------------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One user action: everything inside commits together or not at all.

        A nested block is a savepoint, so a step that fails and is caught by its caller
        leaves nothing half-written inside the outer action.
        """
        if self._depth:
            savepoint = f"sp{self._depth}"
            self.conn.execute(f"SAVEPOINT {savepoint}")
            self._depth += 1
            try:
                yield self.conn
            except BaseException:
                # SQLite itself rolls the whole transaction back on a full disk or an I/O
                # error; then there is no savepoint left to go back to.
                if self.conn.in_transaction:
                    self.conn.execute(f"ROLLBACK TO {savepoint}")
                    self.conn.execute(f"RELEASE {savepoint}")
                raise
            finally:
                self._depth -= 1
            self.conn.execute(f"RELEASE {savepoint}")
            return
        with self._plain_errors():
            self.conn.execute("BEGIN IMMEDIATE")
        self._depth = 1
        try:
            yield self.conn
        except BaseException as exc:
            self._depth = 0
            if self.conn.in_transaction:  # not after a full disk: SQLite has rolled back
                self.conn.execute("ROLLBACK")
            if type(exc) in (sqlite3.OperationalError, sqlite3.DatabaseError):  # not bugs
                raise user_error(exc, self.path) from exc
            raise
        self._depth = 0
        with self._plain_errors():
            try:
                self.conn.execute("COMMIT")
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise

    @contextmanager
    def _plain_errors(self) -> Iterator[None]:
        """A locked, read-only or full file is the user's to fix: say so in one sentence."""
        try:
            yield
        except sqlite3.OperationalError as exc:
            raise user_error(exc, self.path) from exc

    @property
    def utils(self):
        """The file as a ``sqlite_utils.Database``, for introspection and scripting.

        Made on first use: importing sqlite-utils and scanning its plugins costs 0.2-0.3 s of
        start-up that opening a project does not need.
        """
        if self._utils is None:
            import sqlite_utils

            self._utils = sqlite_utils.Database(self.conn)
        return self._utils

    @property
    def in_transaction(self) -> bool:
        return self._depth > 0

    def execute(self, sql: str, params=()) -> sqlite3.Cursor:
        return self.conn.execute(sql, params)

    def executemany(self, sql: str, rows) -> sqlite3.Cursor:
        return self.conn.executemany(sql, rows)

    def one(self, sql: str, params=()):
        return self.conn.execute(sql, params).fetchone()

    def close(self, *, optimize: bool = True) -> None:
        if self.conn is not None:
            try:
                if optimize:
                    self.conn.execute("PRAGMA optimize")
            except sqlite3.Error:
                pass
            self.conn.close()
            self.conn = None  # type: ignore[assignment]

    # -- schema -------------------------------------------------------------------------------
    def _migrate(self) -> None:
        version = self.version
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


def _check_identity(conn: sqlite3.Connection, path: Path) -> None:
    """Refuse a file written by a newer program, another program's database or a damaged one."""
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        has_tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0
    except sqlite3.DatabaseError as exc:
        raise ProjectFileError(f"{path.name} is damaged or not a project: {exc}") from None
    if version > SCHEMA_VERSION:
        raise ProjectFileError(
            f"{path.name} was written by a newer GWOT Reader (file format {version}, this "
            f"program reads up to {SCHEMA_VERSION}); please update GWOT Reader"
        )
    if app_id not in (0, APPLICATION_ID):
        raise ProjectFileError(f"{path.name} is an SQLite file of another program")
    if version == 0 and has_tables:
        raise ProjectFileError(f"{path.name} is an SQLite file but not a GWOT Reader project")


def as_user_error(exc: BaseException, path: str | Path | None = None) -> ProjectFileError | None:
    """``user_error`` for an SQLite error met outside a transaction (reading a damaged page);
    None for anything else (a bug, to be raised as it is)."""
    if type(exc) in (sqlite3.OperationalError, sqlite3.DatabaseError):
        return user_error(exc, path)
    return None


def user_error(exc: BaseException, path: str | Path | None = None) -> ProjectFileError:
    """An SQLite error as the one sentence the user should read (a locked, read-only, full or
    damaged file is the user's to fix); the project is unchanged when it is raised."""
    name = Path(path).name if path else "the project file"
    msg = str(exc)
    low = msg.lower()
    if "locked" in low or "busy" in low:
        return ProjectFileError(f"{name} is busy: another program is writing to it; "
                                "try again when it has finished")
    if "readonly" in low or "read-only" in low:
        return ProjectFileError(f"{name} cannot be changed: the file or its folder is read-only")
    if "full" in low:
        return ProjectFileError(f"{name} could not be written: the disk is full; free some space "
                                "and try again (nothing was changed)")
    if "malformed" in low or "not a database" in low or "corrupt" in low:
        return ProjectFileError(f"{name} is damaged ({msg}); restore it from a backup")
    return ProjectFileError(f"{name} could not be read or written: {msg}")


def _is_sqlite(path: Path) -> bool:
    with open(path, "rb") as fh:
        return fh.read(16) == b"SQLite format 3\x00"
