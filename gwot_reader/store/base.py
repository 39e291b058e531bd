"""Shared plumbing of the store: transactions that batch change notices, coders, clocks."""

from __future__ import annotations

import getpass
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from gwot_reader.core.model import Change
from gwot_reader.store.db import Database

if TYPE_CHECKING:
    from gwot_reader.store.project import Project


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def new_guid() -> str:
    return str(uuid.uuid4()).upper()


def given_guid(guid: str | None) -> str:
    """A GUID from elsewhere (REFI-QDA, an undo) in our form: upper case, no braces; or a new one.

    GUIDs are unique case-insensitively, so ``{a1f4...}`` and ``A1F4...`` must not be two rows.
    """
    return guid.strip().strip("{}").upper() if guid and guid.strip() else new_guid()


def default_coder() -> str:
    try:
        return getpass.getuser() or "researcher"
    except Exception:  # no login name in some sandboxes and services
        return "researcher"


class StoreBase:
    """What every repository of a project shares: the connection, transactions, change notices."""

    def __init__(self, db: Database, coder: str | None = None) -> None:
        self.db = db
        self.coder = coder or default_coder()
        self._listeners: list[Callable[[Change], None]] = []
        self._pending: list[Change] = []
        self._coder_ids: dict[str, int] = {}

    # -- change notices -----------------------------------------------------------------------
    def subscribe(self, listener: Callable[[Change], None]) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: Callable[[Change], None]) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def notify(self, change: Change) -> None:
        """Queue a change notice; listeners get it once the outermost transaction commits."""
        self._pending.append(change)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One user action; change notices go out only once it has committed."""
        outer = not self.db.in_transaction
        mark = len(self._pending)
        try:
            with self.db.transaction():
                yield
        except BaseException:
            # The failed block was rolled back (a nested one to its savepoint): so are its notices.
            del self._pending[mark:]
            self._forget_caches()
            raise
        if outer and self._pending:
            pending, self._pending = self._pending, []
            for change in pending:
                for listener in list(self._listeners):
                    listener(change)

    def _forget_caches(self) -> None:
        """Drop caches that a rolled-back transaction may have filled with undone rows."""
        self._coder_ids.clear()

    def forget_coder_ids(self) -> None:
        """Coders were renamed or joined: names map to other rows now."""
        self._coder_ids.clear()

    # -- coders -------------------------------------------------------------------------------
    def coder_id(self, name: str | None = None) -> int:
        name = (name or self.coder).strip() or self.coder
        if name in self._coder_ids:
            return self._coder_ids[name]
        row = self.db.one("SELECT id FROM coders WHERE name = ?", (name,))
        if row is None:
            with self.transaction():
                new_id = self.db.insert(
                    "INSERT INTO coders (guid, name, created) VALUES (?, ?, ?)",
                    (new_guid(), name, now()),
                )
            cid = new_id
        else:
            cid = row[0]
        self._coder_ids[name] = cid
        return cid


class Repository:
    """One part of the project API (``project.codings``...): it owns the SQL of its tables and
    reaches the other parts only through their public methods."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.db = project.db

    def _log(self, action: str, entity: str, guid: str, data: dict[str, Any] | None = None) -> None:
        self.project.history.log(action, entity, guid, data)

    def _changed(self, change: Change) -> None:
        self.project.notify(change)
