"""Memos: free-standing notes on the project or on a document, code or coding."""

from __future__ import annotations

from gwot_reader.core.errors import NotFoundError
from gwot_reader.core.model import Change, Memo
from gwot_reader.store.base import Repository, given_guid, now

TARGET_KINDS = ("project", "document", "code", "coding")
_MEMO_SELECT = (
    "SELECT m.id, m.guid, m.target_kind, m.target_guid, m.title, m.text, ifnull(k.name, ''), "
    "m.created, m.modified FROM memos m LEFT JOIN coders k ON k.id = m.coder_id "
)


class Memos(Repository):
    """``project.memos``: memos on the project, a document, a code or a coding."""

    def add(self, text: str, *, title: str = "", target_kind: str = "project",
                 target_guid: str = "", coder: str | None = None, guid: str | None = None) -> Memo:
        if target_kind not in TARGET_KINDS:
            raise ValueError(f"a memo is on one of {', '.join(TARGET_KINDS)}, not {target_kind!r}")
        with self.project.transaction():
            stamp = now()
            new_id = self.db.insert(
                "INSERT INTO memos (guid, target_kind, target_guid, title, text, coder_id, created, "
                "modified) VALUES (?,?,?,?,?,?,?,?)",
                (given_guid(guid), target_kind, target_guid, title, text, self.project.coder_id(coder),
                 stamp, stamp),
            )
            memo = self.get(new_id)
            self._log("add", "memo", memo.guid, {"target": [target_kind, target_guid],
                                                 "title": title})
            self._changed(Change("memos"))
        return memo

    def all(self, target_guid: str | None = None) -> list[Memo]:
        """All memos, or those on one target, oldest first."""
        if target_guid is None:
            rows = self.db.execute(_MEMO_SELECT + "ORDER BY m.id")
        else:
            rows = self.db.execute(_MEMO_SELECT + "WHERE m.target_guid = ? ORDER BY m.id",
                                   (target_guid,))
        return [Memo(*r) for r in rows]

    def get(self, ref: int | str) -> Memo:
        where = "m.id = ?" if isinstance(ref, int) else "m.guid = ? COLLATE NOCASE"
        row = self.db.one(_MEMO_SELECT + f"WHERE {where}", (ref,))
        if row is None:
            raise NotFoundError(f"no memo {ref!r} in this project")
        return Memo(*row)

    def update(self, memo_id: int, *, title: str | None = None,
                    text: str | None = None) -> tuple[Memo, Memo]:
        with self.project.transaction():
            old = self.get(memo_id)
            title = old.title if title is None else title
            text = old.text if text is None else text
            self.db.execute("UPDATE memos SET title = ?, text = ?, modified = ? WHERE id = ?",
                            (title, text, now(), memo_id))
            new = self.get(memo_id)
            self._log("edit", "memo", old.guid, {"title": [old.title, new.title]})
            self._changed(Change("memos"))
        return old, new

    def remove(self, memo_id: int) -> Memo:
        with self.project.transaction():
            memo = self.get(memo_id)
            self.db.execute("DELETE FROM memos WHERE id = ?", (memo_id,))
            self._log("remove", "memo", memo.guid, {"title": memo.title, "text": memo.text})
            self._changed(Change("memos"))
        return memo
