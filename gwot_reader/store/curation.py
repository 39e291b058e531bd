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
    """What went with a removed document, for ``restore`` (undo): its rows wait in this
    connection's temporary stash under ``key``, table by table, parents first."""

    document: Document
    codings: int
    key: int
    tables: tuple[str, ...]
    code_ids: frozenset[int]
    coding_ids: frozenset[int]


class Curation(Repository):
    """``project.curation``: every write is one transaction, one history entry, one notice."""

    _key = 0  # the last stash key given (per process: the stash is per connection)


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
        memos (its own and its codings'); ``restore`` brings every row back as it was.

        The rows are copied, inside SQLite, to temporary stash tables of this connection rather
        than read into Python and written back: for a document with 10,000 codings that halves
        the work of remove + undo (see benchmarks/bench_documents.py)."""
        with self.project.transaction():
            doc = self.project.documents.get(document_id)
            self._key += 1
            key = self._key
            tables = _stash(self.db, doc, key)
            ids = self.db.execute('SELECT id, code_id FROM temp."stash_codings" '
                                  "WHERE stash_key = ?", (key,)).fetchall() \
                if "codings" in tables else []
            coding_ids = frozenset(r[0] for r in ids)
            code_ids = frozenset(r[1] for r in ids)
            if "memos" in tables:
                self.db.execute('DELETE FROM memos WHERE id IN (SELECT id FROM temp."stash_memos" '
                                "WHERE stash_key = ?)", (key,))
            # The codings first, as one statement: the foreign key's cascade deletes them one
            # row at a time (twice the work for 10,000 codings); the rest cascades.
            self.db.execute("DELETE FROM codings WHERE document_id = ?", (document_id,))
            self.db.execute("DELETE FROM documents WHERE id = ?", (document_id,))
            self.project.documents.forget_cache()  # its id may be given to the next document
            self._log("remove", "document", doc.guid, {"name": doc.name, "codings": len(ids)})
            self._changed(Change("documents", document_ids=frozenset({document_id})))
            self._changed(Change("codings", document_ids=frozenset({document_id}),
                                 code_ids=code_ids, coding_ids=coding_ids))
        return RemovedDocument(doc, len(ids), key, tables, code_ids, coding_ids)

    def restore(self, removed: RemovedDocument) -> Document:
        """Undo of ``remove``: the same ids, GUIDs, text, codings and the rest come back."""
        doc = removed.document
        with self.project.transaction():
            if self.db.one("SELECT 1 FROM documents WHERE id = ? OR guid = ? OR name = ?",
                           (doc.id, doc.guid, doc.name)):
                raise ConflictError(f"{doc.name!r} cannot come back: a document with its name "
                                    "or place is in the project")
            for table in removed.tables:
                names = ", ".join(f'"{c}"' for c in _columns(self.db, table))
                self.db.execute(f'INSERT INTO main."{table}" ({names}) SELECT {names} FROM '
                                f'temp."stash_{table}" WHERE stash_key = ?', (removed.key,))
            for table in removed.tables:  # restored once: the stash is not needed again
                self.db.execute(f'DELETE FROM temp."stash_{table}" WHERE stash_key = ?',
                                (removed.key,))
            self._log("restore", "document", doc.guid, {"name": doc.name,
                                                        "codings": removed.codings})
            self._changed(Change("documents", document_ids=frozenset({doc.id})))
            self._changed(Change("codings", document_ids=frozenset({doc.id}),
                                 code_ids=removed.code_ids, coding_ids=removed.coding_ids))
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


def _columns(db: Any, table: str) -> list[str]:
    return [r[1] for r in db.execute(f'PRAGMA main.table_info("{table}")')]


def _stash(db: Any, doc: Document, key: int) -> tuple[str, ...]:
    """Copy the document's row and every row that hangs on it into temporary stash tables
    (one per table, a ``stash_key`` column first); returns the tables that had rows, parents
    first.

    Found from the schema's foreign keys (so tables added by later migrations come along too),
    plus the memos on the document and on its codings, which refer to them by GUID.
    """
    tables = [r[0] for r in db.execute(
        "SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    refs: dict[str, list[tuple[str, str, str]]] = {}  # parent -> [(child, child col, parent col)]
    for t in tables:
        for fk in db.execute(f'PRAGMA main.foreign_key_list("{t}")'):
            refs.setdefault(fk[2], []).append((t, fk[3], fk[4] or "id"))
    out: list[str] = []

    def take(table: str, where: str, params: Sequence[Any], depth: int) -> None:
        db.execute(f'CREATE TEMP TABLE IF NOT EXISTS "stash_{table}" AS '
                   f'SELECT 0 AS stash_key, * FROM main."{table}" WHERE 0')
        n = db.execute(f'INSERT INTO temp."stash_{table}" SELECT ?, * FROM main."{table}" '
                       f"WHERE {where}", (key, *params)).rowcount
        if n <= 0:
            return
        if table not in out:
            out.append(table)
        if depth > 3:
            return
        for child, col, parent_col in refs.get(table, []):
            take(child, f'"{col}" IN (SELECT "{parent_col}" FROM main."{table}" WHERE {where})',
                 params, depth + 1)

    take("documents", "id = ?", (doc.id,), 0)
    codings = ("codings" in out and db.one(
        "SELECT 1 FROM memos WHERE target_kind = 'coding' LIMIT 1") is not None)
    take("memos", "target_guid = ?" + (" OR target_guid IN (SELECT guid FROM main.codings "
                                       "WHERE document_id = ?)" if codings else ""),
         (doc.guid, doc.id) if codings else (doc.guid,), 4)
    return tuple(out)
