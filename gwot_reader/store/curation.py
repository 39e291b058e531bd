"""Curating documents: metadata edits, removal that undo restores exactly, and their order."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from gwot_reader.core.errors import ConflictError
from gwot_reader.core.model import Change, Document
from gwot_reader.store.base import Repository

# Fields a researcher corrects in the metadata form (source_name: the file name or URL).
METADATA_FIELDS = ("name", "title", "authors", "year", "kind", "source_name", "notes")


@dataclass(frozen=True, slots=True)
class RemovedDocument:
    """Every row that went with a document, table by table in insertion order, for undo."""

    document: Document
    codings: int
    tables: tuple[tuple[str, tuple[str, ...], tuple[tuple[Any, ...], ...]], ...]


class Curation(Repository):
    """``project.curation``: every write is one transaction, one history entry, one notice."""


    def edit(self, document_id: int, **fields: Any) -> tuple[Document, Document]:
        """Correct metadata (``METADATA_FIELDS``); year must be a whole number or None."""
        unknown = set(fields) - set(METADATA_FIELDS)
        if unknown:
            raise ConflictError(f"cannot edit {', '.join(sorted(unknown))} of a document")
        if "year" in fields:
            fields["year"] = _year(fields["year"])
        for k in ("title", "authors", "kind", "source_name", "notes"):
            if k in fields:
                fields[k] = str(fields[k] or "").strip()
        return self.project.documents.update(document_id, **fields)

    def coding_count(self, document_id: int) -> int:
        return int(self.db.one("SELECT count(*) FROM codings WHERE document_id = ?",
                                 (document_id,))[0])

    def remove(self, document_id: int) -> RemovedDocument:
        """Remove a document with its codings, original file, pages, values, set memberships and
        memos (its own and its codings'); ``restore`` brings every row back as it was."""
        with self.project.transaction():
            doc = self.project.documents.get(document_id)
            tables = _snapshot(self.db, doc)
            codings = next((len(rows) for t, _, rows in tables if t == "codings"), 0)
            code_ids = frozenset(int(c) for c in self._column(tables, "codings", "code_id"))
            coding_ids = frozenset(int(c) for c in self._column(tables, "codings", "id"))
            for table, cols, rows in tables:
                if table == "memos":
                    self.db.executemany("DELETE FROM memos WHERE id = ?",
                                          [(r[cols.index("id")],) for r in rows])
            self.db.execute("DELETE FROM documents WHERE id = ?", (document_id,))
            self.project.documents.forget_cache()  # its id may be given to the next document
            self._log("remove", "document", doc.guid, {"name": doc.name, "codings": codings})
            self._changed(Change("documents", document_ids=frozenset({document_id})))
            self._changed(Change("codings", document_ids=frozenset({document_id}),
                                   code_ids=code_ids, coding_ids=coding_ids))
        return RemovedDocument(doc, codings, tables)

    def restore(self, removed: RemovedDocument) -> Document:
        """Undo of ``remove``: the same ids, GUIDs, text, codings and the rest come back."""
        doc = removed.document
        with self.project.transaction():
            if self.db.one("SELECT 1 FROM documents WHERE id = ? OR guid = ? OR name = ?",
                             (doc.id, doc.guid, doc.name)):
                raise ConflictError(f"{doc.name!r} cannot come back: a document with its name "
                                    "or place is in the project")
            for table, cols, rows in removed.tables:
                marks = ", ".join("?" * len(cols))
                names = ", ".join(f'"{c}"' for c in cols)
                self.db.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', rows)
            self._log("restore", "document", doc.guid, {"name": doc.name,
                                                          "codings": removed.codings})
            self._changed(Change("documents", document_ids=frozenset({doc.id})))
            self._changed(Change(
                "codings", document_ids=frozenset({doc.id}),
                code_ids=frozenset(int(c) for c in self._column(removed.tables, "codings",
                                                                "code_id")),
                coding_ids=frozenset(int(c) for c in self._column(removed.tables, "codings",
                                                                  "id"))))
        return doc

    def order(self) -> list[int]:
        return [r[0] for r in self.db.execute("SELECT id FROM documents ORDER BY ord, id")]

    def reorder(self, document_ids: Sequence[int]) -> list[int]:
        """Put documents in this order (those not named keep theirs, after them); returns the
        order before, for undo."""
        with self.project.transaction():
            before = self.order()
            named = list(dict.fromkeys(document_ids))
            unknown = set(named) - set(before)
            if unknown:
                raise ConflictError(f"no document with id {min(unknown)} in this project")
            new = named + [d for d in before if d not in set(named)]
            self.db.executemany("UPDATE documents SET ord = ? WHERE id = ?",
                                  [(i, d) for i, d in enumerate(new)])
            self._log("reorder", "document", self.project.guid, {"order": new})
            self._changed(Change("documents", document_ids=frozenset(new)))
        return before

    def move(self, document_id: int, index: int) -> list[int]:
        """Move one document to ``index`` of the list; returns the order before."""
        order = [d for d in self.order() if d != document_id]
        order.insert(max(0, min(index, len(order))), document_id)
        return self.reorder(order)

    @staticmethod
    def _column(tables: tuple[tuple[str, tuple[str, ...], tuple[tuple[Any, ...], ...]], ...],
                table: str, column: str) -> list[Any]:
        for t, cols, rows in tables:
            if t == table:
                i = cols.index(column)
                return [r[i] for r in rows]
        return []


def _year(value: Any) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        year = int(str(value).strip())
    except ValueError:
        raise ConflictError(f"the year must be a whole number, not {value!r}") from None
    if not -9999 <= year <= 9999:
        raise ConflictError(f"{year} is not a year")
    return year


def _snapshot(db: Any, doc: Document) -> tuple[tuple[str, tuple[str, ...],
                                                     tuple[tuple[Any, ...], ...]], ...]:
    """The document's row and every row that hangs on it, parents first.

    Found from the schema's foreign keys (so tables added by later migrations come along too),
    plus the memos on the document and on its codings, which refer to them by GUID.
    """
    out: list[tuple[str, tuple[str, ...], tuple[tuple[Any, ...], ...]]] = []
    tables = [r[0] for r in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    refs: dict[str, list[tuple[str, str, str]]] = {}  # parent -> [(child, child col, parent col)]
    for t in tables:
        for fk in db.execute(f'PRAGMA foreign_key_list("{t}")'):
            refs.setdefault(fk[2], []).append((t, fk[3], fk[4] or "id"))

    def take(table: str, where: str, params: Sequence[Any], depth: int) -> None:
        cur = db.execute(f'SELECT * FROM "{table}" WHERE {where}', params)
        cols = tuple(d[0] for d in cur.description)
        rows = tuple(cur.fetchall())
        if not rows:
            return
        out.append((table, cols, rows))
        if depth > 3:
            return
        for child, col, parent_col in refs.get(table, []):
            keys = sorted({r[cols.index(parent_col)] for r in rows})
            for i in range(0, len(keys), 500):  # SQLite's limit on bound parameters
                part = keys[i:i + 500]
                take(child, f'"{col}" IN ({", ".join("?" * len(part))})', part, depth + 1)

    take("documents", "id = ?", (doc.id,), 0)
    coding_guids = [r[1] for t, _, rows in out if t == "codings" for r in rows]
    targets = [doc.guid, *coding_guids]
    for i in range(0, len(targets), 500):
        part = targets[i:i + 500]
        take("memos", f'target_guid IN ({", ".join("?" * len(part))})', part, 4)
    return _merge(out)


def _merge(parts: list[tuple[str, tuple[str, ...], tuple[tuple[Any, ...], ...]]],
           ) -> tuple[tuple[str, tuple[str, ...], tuple[tuple[Any, ...], ...]], ...]:
    """One entry per table (chunks joined), first appearance order kept (parents first)."""
    merged: dict[str, tuple[tuple[str, ...], list[tuple[Any, ...]]]] = {}
    for table, cols, rows in parts:
        merged.setdefault(table, (cols, []))[1].extend(rows)
    return tuple((t, cols, tuple(rows)) for t, (cols, rows) in merged.items())
