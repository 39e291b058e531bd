"""The project's own properties: name, description, coders and sizes."""

from __future__ import annotations

from dataclasses import dataclass

from gwot_reader.core.model import Change
from gwot_reader.store.base import Repository


@dataclass(frozen=True, slots=True)
class ProjectInfo:
    name: str
    description: str
    guid: str
    created: str
    coders: tuple[str, ...]
    sizes: dict[str, int]  # documents, codes, codings, memos, variables, sets, bytes (file)


class Properties(Repository):
    """``project.properties``: read them all at once; ``set`` is one transaction and entry."""


    def get(self) -> ProjectInfo:
        one = self.db.one
        meta = dict(self.db.execute("SELECT key, value FROM meta"))
        page = one("PRAGMA page_count")[0] * one("PRAGMA page_size")[0]
        sizes = {
            "documents": one("SELECT count(*) FROM documents")[0],
            "characters": one("SELECT ifnull(sum(length), 0) FROM documents")[0],
            "codes": one("SELECT count(*) FROM codes WHERE is_category = 0")[0],
            "codings": one("SELECT count(*) FROM codings")[0],
            "memos": one("SELECT count(*) FROM memos")[0],
            "variables": one("SELECT count(*) FROM variables")[0],
            "sets": one("SELECT count(*) FROM document_sets")[0],
            "bytes": int(page),
        }
        coders = tuple(r[0] for r in self.db.execute("SELECT name FROM coders ORDER BY name"))
        return ProjectInfo(meta.get("name", "") or self.project.path.stem, meta.get("description", ""),
                           meta.get("guid", ""), meta.get("created", ""), coders, sizes)

    def set(self, *, name: str | None = None, description: str | None = None) -> ProjectInfo:
        """Change the name and/or description; returns the properties before, for undo."""
        with self.project.transaction():
            before = self.get()
            fields = {k: v.strip() for k, v in (("name", name), ("description", description))
                      if v is not None}
            self.db.executemany("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                                  list(fields.items()))
            self._log("edit", "project", before.guid,
                        {k: [getattr(before, k), v] for k, v in fields.items()})
            self._changed(Change("project"))
        return before
