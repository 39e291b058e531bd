"""The codebook tree: categories and codes, their definitions, order and counts."""

from __future__ import annotations

import sqlite3

from gwot_reader.core.codebook import CodebookTree
from gwot_reader.core.errors import ConflictError, GwotError, NotFoundError
from gwot_reader.core.model import Change, Code, Coding
from gwot_reader.store.base import StoreBase, new_guid, now

_CODE_COLUMNS = (
    "id, guid, name, parent_id, is_category, color, definition, use_when, do_not_use_when, "
    "example, memo, ord"
)
_EDITABLE = {"name", "color", "definition", "use_when", "do_not_use_when", "example", "memo",
             "is_category"}


def _code(row) -> Code:
    return Code(row[0], row[1], row[2], row[3], bool(row[4]), *row[5:])


class CodebookMixin(StoreBase):
    def add_code(
        self,
        name: str,
        parent_id: int | None = None,
        *,
        is_category: bool = False,
        color: str = "#888888",
        definition: str = "",
        use_when: str = "",
        do_not_use_when: str = "",
        example: str = "",
        memo: str = "",
        ord: int | None = None,
        guid: str | None = None,
    ) -> Code:
        name = name.strip()
        if not name:
            raise ConflictError("a code needs a name")
        with self.transaction():
            if parent_id is not None:
                self.code(parent_id)
            if ord is None:
                ord = self.db.one(
                    "SELECT ifnull(max(ord), -1) + 1 FROM codes WHERE parent_id IS ?", (parent_id,)
                )[0]
            stamp = now()
            try:
                cur = self.db.execute(
                    "INSERT INTO codes (guid, name, parent_id, is_category, color, definition, "
                    "use_when, do_not_use_when, example, memo, ord, created, modified) "
                    "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (guid or new_guid(), name, parent_id, int(is_category), color, definition,
                     use_when, do_not_use_when, example, memo, ord, stamp, stamp),
                )
            except sqlite3.IntegrityError as exc:
                raise self._code_conflict(name, parent_id, exc) from None
            code = self.code(cur.lastrowid)
            self._log("add", "code", code.guid, {"name": name, "parent": parent_id})
            self._changed(Change("codebook", code_ids=frozenset({code.id})))
        return code

    def _code_conflict(self, name: str, parent_id: int | None, exc: Exception) -> GwotError:
        if "guid" in str(exc):
            return ConflictError(f"a code with the same GUID as {name!r} is already in the codebook")
        where = f"under {self.code(parent_id).name!r}" if parent_id else "at the top level"
        return ConflictError(f"there is already a code named {name!r} {where}")

    def codes(self) -> list[Code]:
        rows = self.db.execute(f"SELECT {_CODE_COLUMNS} FROM codes ORDER BY ord, id")
        return [_code(r) for r in rows]

    def codebook(self) -> CodebookTree:
        return CodebookTree(self.codes())

    def find_code(self, ref: int | str) -> Code | None:
        if isinstance(ref, int):
            row = self.db.one(f"SELECT {_CODE_COLUMNS} FROM codes WHERE id = ?", (ref,))
            return _code(row) if row else None
        row = self.db.one(
            f"SELECT {_CODE_COLUMNS} FROM codes WHERE guid = ? COLLATE NOCASE", (ref.strip("{}"),)
        )
        if row:
            return _code(row)
        return self.codebook().resolve(ref)

    def code(self, ref: int | str) -> Code:
        found = self.find_code(ref)
        if found is None:
            raise NotFoundError(f"no code {ref!r} in the codebook")
        return found

    def code_path(self, code_id: int) -> str:
        return self.codebook().path(code_id)

    def update_code(self, code_id: int, **fields) -> tuple[Code, Code]:
        unknown = set(fields) - _EDITABLE
        if unknown:
            raise ValueError(f"cannot edit {', '.join(sorted(unknown))} of a code")
        with self.transaction():
            old = self.code(code_id)
            if "name" in fields:
                fields["name"] = str(fields["name"]).strip()
                if not fields["name"]:
                    raise ConflictError("a code needs a name")
            if fields.get("is_category") and not old.is_category:
                if self.db.one("SELECT 1 FROM codings WHERE code_id = ? LIMIT 1", (code_id,)):
                    raise ConflictError(f"{old.name!r} has codings and cannot become a category")
            if "is_category" in fields:
                fields["is_category"] = int(bool(fields["is_category"]))
            sets = ", ".join(f"{k} = ?" for k in fields)
            try:
                self.db.execute(f"UPDATE codes SET {sets}, modified = ? WHERE id = ?",
                                (*fields.values(), now(), code_id))
            except sqlite3.IntegrityError as exc:
                raise self._code_conflict(fields.get("name", old.name), old.parent_id, exc) from None
            new = self.code(code_id)
            self._log("edit", "code", old.guid,
                      {k: [getattr(old, k), getattr(new, k)] for k in fields})
            self._changed(Change("codebook", code_ids=frozenset({code_id})))
        return old, new

    def move_code(self, code_id: int, parent_id: int | None, ord: int | None = None) -> tuple[Code, Code]:
        """Put a code under another parent (None: the top level) at position ``ord``."""
        with self.transaction():
            old = self.code(code_id)
            tree = self.codebook()
            if parent_id is not None and (parent_id == code_id or code_id in tree.ancestors(parent_id)):
                raise ConflictError(f"{old.name!r} cannot be moved inside itself")
            siblings = [c for c in tree.children(parent_id) if c.id != code_id]
            ord = len(siblings) if ord is None else max(0, min(ord, len(siblings)))
            siblings.insert(ord, old)
            try:
                self.db.execute("UPDATE codes SET parent_id = ?, modified = ? WHERE id = ?",
                                (parent_id, now(), code_id))
            except sqlite3.IntegrityError as exc:
                raise self._code_conflict(old.name, parent_id, exc) from None
            self.db.executemany("UPDATE codes SET ord = ? WHERE id = ?",
                                [(i, c.id) for i, c in enumerate(siblings)])
            new = self.code(code_id)
            self._log("move", "code", old.guid, {"parent": [old.parent_id, parent_id],
                                                 "ord": [old.ord, new.ord]})
            self._changed(Change("codebook", code_ids=frozenset({code_id})))
        return old, new

    def delete_code(self, code_id: int) -> tuple[list[Code], list[Coding]]:
        """Delete a code, its subtree and their codings; returns them for undo."""
        with self.transaction():
            tree = self.codebook()
            root = self.code(code_id)
            doomed = [root, *tree.descendants(code_id)]
            ids = [c.id for c in doomed]
            marks = ",".join("?" * len(ids))
            codings = self._codings_where(f"code_id IN ({marks})", ids)
            self.db.execute(f"DELETE FROM codings WHERE code_id IN ({marks})", ids)
            for c in reversed(doomed):  # children before parents (RESTRICT on parent_id)
                self.db.execute("DELETE FROM codes WHERE id = ?", (c.id,))
            self._log("delete", "code", root.guid, {"name": root.name, "codes": len(doomed),
                                                   "codings": len(codings)})
            self._changed(Change("codebook", code_ids=frozenset(ids),
                                 document_ids=frozenset(c.document_id for c in codings),
                                 coding_ids=frozenset(c.id for c in codings)))
        return doomed, codings

    def restore_codes(self, codes: list[Code], codings: list[Coding]) -> None:
        """Undo of ``delete_code``: the same rows, GUIDs and ids come back."""
        with self.transaction():
            stamp = now()
            for c in codes:
                self.db.execute(
                    "INSERT INTO codes (id, guid, name, parent_id, is_category, color, definition, "
                    "use_when, do_not_use_when, example, memo, ord, created, modified) "
                    "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (c.id, c.guid, c.name, c.parent_id, int(c.is_category), c.color, c.definition,
                     c.use_when, c.do_not_use_when, c.example, c.memo, c.ord, stamp, stamp),
                )
            for coding in codings:
                self._insert_coding(coding)
            if codes:
                self._log("restore", "code", codes[0].guid, {"codes": len(codes),
                                                             "codings": len(codings)})
            self._changed(Change("codebook", code_ids=frozenset(c.id for c in codes),
                                 document_ids=frozenset(c.document_id for c in codings),
                                 coding_ids=frozenset(c.id for c in codings)))

    def coding_counts(self) -> dict[int, tuple[int, int]]:
        """Per code: (codings, documents coded)."""
        rows = self.db.execute(
            "SELECT code_id, count(*), count(DISTINCT document_id) FROM codings GROUP BY code_id")
        return {r[0]: (r[1], r[2]) for r in rows}
