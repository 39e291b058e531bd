"""The append-only audit trail: who changed what, when."""

from __future__ import annotations

import json
from typing import Any

from gwot_reader.core.model import HistoryEntry
from gwot_reader.store.base import Repository, now


class History(Repository):
    """``project.history``: every repository writes one entry per change through ``log``."""

    def log(self, action: str, entity: str, guid: str, data: dict[str, Any] | None = None) -> None:
        """Append an entry; the caller holds the transaction of the change it describes."""
        self.db.execute(
            "INSERT INTO history (at, coder, action, entity, entity_guid, data) VALUES (?,?,?,?,?,?)",
            (now(), self.project.coder, action, entity, guid,
             json.dumps(data or {}, ensure_ascii=False)),
        )

    def log_many(self, action: str, entity: str, entries: list[tuple[str, str]]) -> None:
        """Append one entry per (GUID, data as JSON text) with one statement: bulk actions."""
        stamp = now()
        self.db.executemany(
            "INSERT INTO history (at, coder, action, entity, entity_guid, data) VALUES (?,?,?,?,?,?)",
            [(stamp, self.project.coder, action, entity, guid, data) for guid, data in entries])

    def all(self, entity_guid: str | None = None, limit: int | None = None) -> list[HistoryEntry]:
        """Entries, newest first: all of them or those of one entity, at most ``limit``."""
        sql = "SELECT id, at, coder, action, entity, entity_guid, data FROM history"
        params: list[object] = []
        if entity_guid:
            sql += " WHERE entity_guid = ?"
            params.append(entity_guid)
        sql += " ORDER BY id DESC"
        if limit:
            sql += " LIMIT ?"
            params.append(limit)
        return [HistoryEntry(r[0], r[1], r[2], r[3], r[4], r[5], json.loads(r[6]))
                for r in self.db.execute(sql, params)]
