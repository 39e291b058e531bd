"""The append-only audit trail: who changed what, when."""

from __future__ import annotations

import json

from gwot_reader.core.model import HistoryEntry
from gwot_reader.store.base import StoreBase


class HistoryMixin(StoreBase):
    def history(self, entity_guid: str | None = None, limit: int | None = None) -> list[HistoryEntry]:
        sql = "SELECT id, at, coder, action, entity, entity_guid, data FROM history"
        params: list = []
        if entity_guid:
            sql += " WHERE entity_guid = ?"
            params.append(entity_guid)
        sql += " ORDER BY id DESC"
        if limit:
            sql += " LIMIT ?"
            params.append(limit)
        return [HistoryEntry(*r[:6], json.loads(r[6])) for r in self.db.execute(sql, params)]
