"""Codings: codes applied to code-point spans of documents, with memos and coders."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator

from gwot_reader.core.errors import ConflictError, NotFoundError
from gwot_reader.core.model import Change, Coding
from gwot_reader.core.offsets import check_span
from gwot_reader.store.base import StoreBase, given_guid, now

_CODING_SELECT = (
    'SELECT c.id, c.guid, c.document_id, c.code_id, c.start, c."end", c.text, '
    "ifnull(k.name, ''), c.memo, c.created, c.modified "
    "FROM codings c LEFT JOIN coders k ON k.id = c.coder_id "
)


class CodingsMixin(StoreBase):
    def add_coding(
        self,
        document_id: int,
        code_id: int,
        start: int,
        end: int,
        *,
        coder: str | None = None,
        memo: str = "",
        guid: str | None = None,
    ) -> Coding:
        """Code ``[start, end)`` of a document; the quoted text is taken from the document."""
        with self.transaction():
            text = self.document_text(document_id)
            check_span(start, end, len(text))
            code = self.code(code_id)
            if code.is_category:
                raise ConflictError(f"{code.name!r} is a category; apply one of its codes instead")
            stamp = now()
            coding = Coding(0, given_guid(guid), document_id, code_id, start, end,
                            text[start:end], coder or self.coder, memo, stamp, stamp)
            coding = self._insert_coding(coding)
            self._log("add", "coding", coding.guid, {"document": document_id, "code": code.guid,
                                                     "start": start, "end": end})
            self._changed(Change("codings", document_ids=frozenset({document_id}),
                                 code_ids=frozenset({code_id}), coding_ids=frozenset({coding.id})))
        return coding

    def _insert_coding(self, c: Coding) -> Coding:
        """Insert a coding as given (id 0: a new id); the caller holds the transaction."""
        try:
            cur = self.db.execute(
                'INSERT INTO codings (id, guid, document_id, code_id, start, "end", text, coder_id, '
                "memo, created, modified) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (c.id or None, c.guid, c.document_id, c.code_id, c.start, c.end, c.text,
                 self.coder_id(c.coder), c.memo, c.created, c.modified),
            )
        except sqlite3.IntegrityError as exc:
            # Restoring (undo, import) a coding whose id, GUID, document or code is no longer free
            # or no longer there: a message, not a crash.
            msg = str(exc)
            if "codings.guid" in msg:
                raise ConflictError(f"a coding with GUID {c.guid} is already in the project") from None
            if "codings.id" in msg:
                raise ConflictError("the coding cannot come back: another coding has taken its "
                                    "place (was the project changed by another program?)") from None
            if "FOREIGN KEY" in msg:
                raise ConflictError("the coding cannot come back: its document or code is no "
                                    "longer in the project") from None
            raise
        if c.id:
            return c
        return Coding(cur.lastrowid, *[getattr(c, f) for f in Coding.__slots__[1:]])

    def add_codings(self, codings: Iterable[tuple[int, int, int, int]], coder: str | None = None,
                    ) -> int:
        """Many (document_id, code_id, start, end) at once, in one transaction (imports)."""
        n = 0
        with self.transaction():
            for document_id, code_id, start, end in codings:
                self.add_coding(document_id, code_id, start, end, coder=coder)
                n += 1
        return n

    def remove_coding(self, coding_id: int) -> Coding:
        with self.transaction():
            coding = self.coding(coding_id)
            self.db.execute("DELETE FROM codings WHERE id = ?", (coding_id,))
            self._log("remove", "coding", coding.guid, {"document": coding.document_id,
                                                        "code": coding.code_id,
                                                        "start": coding.start, "end": coding.end})
            self._changed(self._coding_change(coding))
        return coding

    def restore_coding(self, coding: Coding) -> Coding:
        """Undo of ``remove_coding``: the same id, GUID and timestamps come back."""
        with self.transaction():
            self._insert_coding(coding)
            self._log("restore", "coding", coding.guid, {"document": coding.document_id,
                                                         "start": coding.start, "end": coding.end})
            self._changed(self._coding_change(coding))
        return coding

    def set_coding_memo(self, coding_id: int, memo: str) -> tuple[Coding, Coding]:
        return self._edit_coding(coding_id, "memo", memo=memo)

    def set_coding_code(self, coding_id: int, code_id: int) -> tuple[Coding, Coding]:
        code = self.code(code_id)
        if code.is_category:
            raise ConflictError(f"{code.name!r} is a category; apply one of its codes instead")
        return self._edit_coding(coding_id, "recode", code_id=code_id)

    def set_coding_span(self, coding_id: int, start: int, end: int) -> tuple[Coding, Coding]:
        with self.transaction():
            coding = self.coding(coding_id)
            text = self.document_text(coding.document_id)
            check_span(start, end, len(text))
            return self._edit_coding(coding_id, "span", start=start, end=end, text=text[start:end])

    def _edit_coding(self, coding_id: int, action: str, **fields) -> tuple[Coding, Coding]:
        with self.transaction():
            old = self.coding(coding_id)
            sets = ", ".join(f'"{k}" = ?' for k in fields)
            self.db.execute(f"UPDATE codings SET {sets}, modified = ? WHERE id = ?",
                            (*fields.values(), now(), coding_id))
            new = self.coding(coding_id)
            self._log(action, "coding", old.guid,
                      {k: [getattr(old, k), getattr(new, k)] for k in fields if k != "text"})
            change = self._coding_change(new)
            self._changed(Change("codings", change.document_ids,
                                 change.code_ids | {old.code_id}, change.coding_ids))
        return old, new

    @staticmethod
    def _coding_change(c: Coding) -> Change:
        return Change("codings", document_ids=frozenset({c.document_id}),
                      code_ids=frozenset({c.code_id}), coding_ids=frozenset({c.id}))

    def find_coding(self, ref: int | str) -> Coding | None:
        if isinstance(ref, int):
            found = self._codings_where("c.id = ?", (ref,))
        else:
            found = self._codings_where("c.guid = ? COLLATE NOCASE", (ref.strip("{}"),))
        return found[0] if found else None

    def coding(self, ref: int | str) -> Coding:
        found = self.find_coding(ref)
        if found is None:
            raise NotFoundError(f"no coding {ref!r} in this project")
        return found

    def codings(self, document_id: int | None = None, code_id: int | None = None) -> list[Coding]:
        """Codings in text order, of one document and/or one code, or all of them."""
        where, params = [], []
        if document_id is not None:
            where.append("c.document_id = ?")
            params.append(document_id)
        if code_id is not None:
            where.append("c.code_id = ?")
            params.append(code_id)
        return self._codings_where(" AND ".join(where) or "1", params)

    def _codings_where(self, where: str, params) -> list[Coding]:
        sql = _CODING_SELECT + f'WHERE {where} ORDER BY c.document_id, c.start, c."end", c.id'
        return [Coding(*row) for row in self.db.execute(sql, params)]

    def coding_count(self) -> int:
        return self.db.one("SELECT count(*) FROM codings")[0]

    def segment_rows(self) -> Iterator[tuple]:
        """Rows for the coded-segments export, ordered by document and position.

        (guid, document_id, document name, title, code_id, start, end, text, coder, memo,
        created, modified)
        """
        return self.db.execute(
            'SELECT c.guid, c.document_id, d.name, d.title, c.code_id, c.start, c."end", c.text, '
            "ifnull(k.name, ''), c.memo, c.created, c.modified "
            "FROM codings c JOIN documents d ON d.id = c.document_id "
            "LEFT JOIN coders k ON k.id = c.coder_id "
            'ORDER BY d.ord, d.id, c.start, c."end", c.id'
        )

    def coding_counts_by_document(self) -> dict[int, int]:
        return dict(self.db.execute("SELECT document_id, count(*) FROM codings GROUP BY document_id"))
