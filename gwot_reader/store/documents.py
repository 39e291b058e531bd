"""Documents: their metadata, canonical text, formatting runs and original bytes."""

from __future__ import annotations

import json
from collections import OrderedDict
from typing import TYPE_CHECKING, Any

from gwot_reader.core.errors import ConflictError, NotFoundError
from gwot_reader.core.markup import Run
from gwot_reader.core.model import Change, Document
from gwot_reader.core.textnorm import sha256
from gwot_reader.store.base import Repository, given_guid, now

if TYPE_CHECKING:
    from gwot_reader.store.project import Project

_DOC_COLUMNS = (
    "id, guid, name, title, authors, year, kind, source_name, media_type, sha256, imported, "
    "length, notes, ord"
)
_EDITABLE = {"name", "title", "authors", "year", "kind", "source_name", "notes", "ord"}
# The tables that hold a document, parent first, and the column that names it.
_DOCUMENT_TABLES = (("documents", "id"), ("document_sources", "document_id"),
                    ("pdf_pages", "document_id"), ("page_previews", "document_id"))
DocumentRows = dict[str, tuple[list[str], list[tuple[Any, ...]]]]
_TEXT_CACHE = 8  # documents whose text stays in memory (the open panes and a few more)


class Documents(Repository):
    """``project.documents``: the documents of the project, their text and original files."""

    def __init__(self, project: Project) -> None:
        super().__init__(project)
        self._texts: OrderedDict[int, str] = OrderedDict()

    def add(
        self,
        name: str,
        text: str,
        *,
        title: str = "",
        authors: str = "",
        year: int | None = None,
        kind: str = "",
        source_name: str = "",
        source_bytes: bytes | None = None,
        media_type: str = "text/plain",
        runs: list[Run] | tuple[Run, ...] = (),
        notes: str = "",
        guid: str | None = None,
    ) -> Document:
        name = name.strip() or "Untitled"
        data = source_bytes if source_bytes is not None else text.encode("utf-8")
        with self.project.transaction():
            name = self.unique_name(name)
            ord_ = self.db.one("SELECT ifnull(max(ord), -1) + 1 FROM documents")[0]
            stamp = now()
            guid = given_guid(guid)
            if self.db.one("SELECT 1 FROM documents WHERE guid = ?", (guid,)):
                raise ConflictError(f"a document with GUID {guid} is already in the project")
            new_id = self.db.insert(
                "INSERT INTO documents (guid, name, title, authors, year, kind, source_name, "
                "media_type, sha256, imported, length, notes, ord, runs, text) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    guid, name, title, authors, year, kind, source_name or name,
                    media_type, sha256(text), stamp, len(text), notes, ord_,
                    json.dumps([r.to_list() for r in runs]), text,
                ),
            )
            doc_id = new_id
            self.db.execute(
                "INSERT INTO document_sources (document_id, sha256, data) VALUES (?,?,?)",
                (doc_id, sha256(data), data),
            )
            doc = self.get(doc_id)
            self._log("add", "document", doc.guid, {"name": name, "source": doc.source_name,
                                                    "sha256": doc.sha256, "length": len(text)})
            self._changed(Change("documents", document_ids=frozenset({doc_id})))
        return doc

    def unique_name(self, name: str) -> str:
        taken = {r[0] for r in self.db.execute(
            "SELECT name FROM documents WHERE name = ? OR name LIKE ?", (name, name + " (%)"))}
        if name not in taken:
            return name
        n = 2
        while f"{name} ({n})" in taken:
            n += 1
        return f"{name} ({n})"

    def all(self) -> list[Document]:
        rows = self.db.execute(f"SELECT {_DOC_COLUMNS} FROM documents ORDER BY ord, id")
        return [Document(*r) for r in rows]

    def find(self, ref: int | str) -> Document | None:
        if isinstance(ref, int):
            row = self.db.one(f"SELECT {_DOC_COLUMNS} FROM documents WHERE id = ?", (ref,))
        else:
            row = self.db.one(
                f"SELECT {_DOC_COLUMNS} FROM documents WHERE guid = ? COLLATE NOCASE OR name = ?",
                (ref.strip("{}"), ref),
            )
        return Document(*row) if row else None

    def get(self, ref: int | str) -> Document:
        doc = self.find(ref)
        if doc is None:
            raise NotFoundError(f"no document {ref!r} in this project")
        return doc

    def text(self, doc_id: int) -> str:
        text = self._texts.get(doc_id)
        if text is not None:
            self._texts.move_to_end(doc_id)
            return text
        row = self.db.one("SELECT text FROM documents WHERE id = ?", (doc_id,))
        if row is None:
            raise NotFoundError(f"no document with id {doc_id}")
        text = str(row[0])
        self._texts[doc_id] = text
        if len(self._texts) > _TEXT_CACHE:
            self._texts.popitem(last=False)
        return text

    def runs(self, doc_id: int) -> list[Run]:
        row = self.db.one("SELECT runs FROM documents WHERE id = ?", (doc_id,))
        if row is None:
            raise NotFoundError(f"no document with id {doc_id}")
        return [Run.from_list(item) for item in json.loads(row[0])]

    def source(self, doc_id: int) -> bytes:
        row = self.db.one("SELECT data FROM document_sources WHERE document_id = ?", (doc_id,))
        if row is None:
            raise NotFoundError(f"no original file for document {doc_id}")
        return bytes(row[0])

    def update(self, doc_id: int, **fields: Any) -> tuple[Document, Document]:
        unknown = set(fields) - _EDITABLE
        if unknown:
            raise ValueError(f"cannot edit {', '.join(sorted(unknown))} of a document")
        with self.project.transaction():
            old = self.get(doc_id)
            if "name" in fields:
                fields["name"] = str(fields["name"]).strip()
                if not fields["name"]:
                    raise ConflictError("a document needs a name")
                other = self.find(fields["name"])
                if other and other.id != doc_id:
                    raise ConflictError(f"there is already a document named {fields['name']!r}")
            sets = ", ".join(f"{k} = ?" for k in fields)
            self.db.execute(f"UPDATE documents SET {sets} WHERE id = ?", (*fields.values(), doc_id))
            new = self.get(doc_id)
            self._log("edit", "document", old.guid, {k: [getattr(old, k), v] for k, v in fields.items()})
            self._changed(Change("documents", document_ids=frozenset({doc_id})))
        return old, new

    def remove(self, doc_id: int) -> Document:
        with self.project.transaction():
            doc = self.get(doc_id)
            n = self.db.one("SELECT count(*) FROM codings WHERE document_id = ?", (doc_id,))[0]
            self.db.execute("DELETE FROM documents WHERE id = ?", (doc_id,))
            self._texts.pop(doc_id, None)
            self._log("remove", "document", doc.guid, {"name": doc.name, "codings": n})
            self._changed(Change("documents", document_ids=frozenset({doc_id})))
        return doc

    def names_by_source(self) -> dict[str, str]:
        """SHA-256 of each original file -> the name of (the first) document made from it."""
        rows = self.db.execute("SELECT s.sha256, d.name FROM document_sources s JOIN documents d "
                               "ON d.id = s.document_id ORDER BY d.id DESC")
        return {digest: name for digest, name in rows}

    def remove_many(self, doc_ids: list[int]) -> DocumentRows:
        """Remove documents that have no codings (the undo of an import); returns their rows
        for ``restore_many``. Refused if one has been coded since."""
        with self.project.transaction():
            counts = self.project.codings.counts_by_document()
            coded = [i for i in doc_ids if counts.get(i)]
            if coded:
                raise ConflictError(f"{self.get(coded[0]).name!r} has been coded since it was "
                                    "imported; remove its codings first")
            marks = ",".join("?" * len(doc_ids))
            rows: DocumentRows = {}
            for table, key in _DOCUMENT_TABLES:
                cur = self.db.execute(f"SELECT * FROM {table} WHERE {key} IN ({marks})", doc_ids)
                rows[table] = ([d[0] for d in cur.description], cur.fetchall())
            for doc_id in doc_ids:
                self.remove(doc_id)
        return rows

    def restore_many(self, rows: DocumentRows) -> None:
        """Put back documents removed by ``remove_many``: the same ids, GUIDs and pages."""
        with self.project.transaction():
            for table, _key in _DOCUMENT_TABLES:
                columns, values = rows.get(table, ([], []))
                if values:
                    names = ", ".join(f'"{c}"' for c in columns)
                    self.db.executemany(f"INSERT INTO {table} ({names}) VALUES "
                                        f"({','.join('?' * len(columns))})", values)
            ids = frozenset(r[0] for r in rows["documents"][1])
            for doc_id in ids:
                self._log("restore", "document", self.get(doc_id).guid)
            self._changed(Change("documents", document_ids=ids))

    def put_text(self, doc_id: int, text: str, runs: list[Run] | tuple[Run, ...]) -> None:
        """Replace the canonical text and its runs (an edit of the text, or its undo), without
        history or notice: inside the transaction of the caller, which moves the codings."""
        self.db.execute("UPDATE documents SET text = ?, runs = ?, length = ?, sha256 = ? "
                        "WHERE id = ?", (text, json.dumps([r.to_list() for r in runs]),
                                         len(text), sha256(text), doc_id))
        self._texts.pop(doc_id, None)

    def forget_cache(self) -> None:
        """Drop the texts kept in memory (a rolled-back transaction may have read undone rows)."""
        self._texts.clear()
