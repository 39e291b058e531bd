"""Opening a project file: pragmas, migrations and the one-transaction-per-action manager."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from gwot_reader.core.errors import ProjectFileError
from gwot_reader.store.fileid import APPLICATION_ID, Identity, check_ours, connect_ro, writable
from gwot_reader.store.schema import MIGRATIONS, SCHEMA_VERSION

__all__ = ["APPLICATION_ID", "Database"]


class Database:
    """A sqlite-utils database with explicit transactions.

    Python's sqlite3 opens transactions implicitly; here autocommit is off at the driver
    (isolation_level=None) and every write happens inside ``transaction()``, which nests.
    """

    def __init__(self, path: str | Path, *, create: bool = False,
                 read_only: bool | None = None) -> None:
        self.path = Path(path)
        # (data_version, total_changes) when a backup of this state was last taken: a backup
        # made off the GUI thread before an action spares the action its own (store.backup)
        self.backed_up: tuple[int, int] | None = None
        if not create and not self.path.exists():
            raise ProjectFileError(f"no project file at {self.path}")
        if self.path.is_dir():
            raise ProjectFileError(f"{self.path} is a folder, not a project file")
        # Make sure the file is ours before anything (WAL mode included) changes it; asked of
        # SQLite read-only, never with open() (see fileid).
        if self.path.exists() and (not create or self.path.stat().st_size):
            check_ours(self.path)
        self.read_only = (not create and not writable(self.path)) if read_only is None \
            else read_only
        try:
            if self.read_only:
                conn = connect_ro(self.path)
            else:
                conn = sqlite3.connect(str(self.path), isolation_level=None,
                                       check_same_thread=False)
        except sqlite3.DatabaseError as exc:
            raise ProjectFileError(f"{self.path.name} cannot be opened: {exc}") from None
        mode = "wal"
        try:
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA busy_timeout = 5000")
            if not self.read_only:
                _check_identity(conn, self.path)  # the same file as checked, not a swapped one
                mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
                # WAL with NORMAL: a commit survives a killed process; only power loss can drop
                # the last transactions, never corrupt the file.
                conn.execute("PRAGMA synchronous = NORMAL")
                # The WAL stays bounded in a long session: checkpoints every 1,000 pages (4 MB)
                # and a WAL grown by a big import is cut back to 16 MB after one.
                conn.execute("PRAGMA wal_autocheckpoint = 1000")
                conn.execute(f"PRAGMA journal_size_limit = {16 * 1024 * 1024}")
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
        self._utils: Any = None
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
        if self.read_only:
            raise ProjectFileError(f"{self.path.name} is read-only: changes cannot be saved "
                                   "(open a copy to change it)")
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
    def utils(self) -> Any:
        """The file as a ``sqlite_utils.Database``, for introspection and scripting.

        Made on first use: importing sqlite-utils and scanning its plugins costs 0.2-0.3 s of
        start-up that opening a project does not need.
        """
        if self._utils is None:
            import sqlite_utils

            self._utils = sqlite_utils.Database(self.conn)
        return self._utils

    def data_version(self) -> int:
        """A number that changes when another connection (process, thread) commits to the file;
        our own commits leave it alone, so polling it notices only others' changes."""
        return int(self.conn.execute("PRAGMA data_version").fetchone()[0])

    @property
    def in_transaction(self) -> bool:
        return self._depth > 0

    def execute(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Cursor:
        return self.conn.execute(sql, params)

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> sqlite3.Cursor:
        return self.conn.executemany(sql, rows)

    def one(self, sql: str, params: Sequence[Any] = ()) -> Any:
        """The first row (a tuple), or None."""
        return self.conn.execute(sql, params).fetchone()

    def insert(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run an INSERT; the new row's id."""
        rowid = self.conn.execute(sql, params).lastrowid
        assert rowid is not None  # an INSERT always sets it
        return rowid

    def close(self, *, optimize: bool = True) -> None:
        """Close, leaving the .gwot alone complete: the WAL is folded back into it.

        ``optimize=False`` after an error: nothing more is written (not even the statistics
        ``PRAGMA optimize`` may store), only what was committed is folded back."""
        if self.conn is not None:
            if not self.read_only:
                try:
                    if optimize:
                        self.conn.execute("PRAGMA optimize")
                    # Another connection reading (a second window) must not hold up a quit:
                    # then the last one to close checkpoints.
                    self.conn.execute("PRAGMA busy_timeout = 200")
                    self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                except sqlite3.Error:
                    pass
            self.conn.close()
            self.conn = None  # type: ignore[assignment]

    # -- schema -------------------------------------------------------------------------------
    def _migrate(self) -> None:
        if self.version >= SCHEMA_VERSION:
            return
        if self.read_only:
            raise ProjectFileError(f"{self.path.name} is in an older file format and read-only: "
                                   "copy it somewhere writable to open it")
        with self.transaction():
            # Read again under the write lock: another process opening the same old file at
            # once may have migrated it while we waited. The backup is taken here too, so it
            # is always of the old format (readers go on meanwhile: WAL).
            if self.version >= SCHEMA_VERSION:
                return
            if self.version > 0:
                self._backup_before_migration()
            for target in range(self.version + 1, SCHEMA_VERSION + 1):
                # executescript would commit; run the statements one by one inside our transaction.
                for statement in _statements(MIGRATIONS[target - 1]):
                    self.conn.execute(statement)
                self.conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                self.conn.execute(f"PRAGMA user_version = {target}")

    def _backup_before_migration(self) -> None:
        from gwot_reader.store.backup import backup_now

        try:
            # Through a connection of its own: the backup API waits forever on a source that
            # holds the write lock, while a reader beside it sees the old format (WAL).
            backup_now(self.path, "before-migration")
        except (OSError, sqlite3.Error) as exc:
            raise ProjectFileError(f"could not back up {self.path.name} before the migration "
                                   f"({exc}); nothing was changed") from None

    @property
    def version(self) -> int:
        return int(self.one("PRAGMA user_version")[0])


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
    ident = Identity(app_id, version, has_tables)
    if app_id != APPLICATION_ID and not ident.is_empty:
        raise ProjectFileError(f"{path.name} is not a GWOT Reader project")
    if version > SCHEMA_VERSION:
        raise ProjectFileError(f"{path.name} was written by a newer GWOT Reader")


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

