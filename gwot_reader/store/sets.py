"""Document sets: named groups of documents, a document in any number of them (repository)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from gwot_reader.core.errors import ConflictError, NotFoundError
from gwot_reader.core.model import Change
from gwot_reader.core.variables import DocumentSet, check_name
from gwot_reader.store.base import Repository, given_guid

_SELECT = "SELECT id, guid, name, description, ord FROM document_sets "


@dataclass(frozen=True, slots=True)
class RemovedSet:
    """What ``remove`` took away, for ``restore`` (undo) to put back exactly."""

    set: DocumentSet
    members: tuple[int, ...]


class DocumentSets(Repository):
    """``project.sets``: every write is one transaction, one history entry, one notice."""


    def all(self) -> list[DocumentSet]:
        return [DocumentSet(*r) for r in self.db.execute(_SELECT + "ORDER BY ord, id")]

    def find(self, ref: int | str) -> DocumentSet | None:
        if isinstance(ref, int):
            row = self.db.one(_SELECT + "WHERE id = ?", (ref,))
        else:
            row = self.db.one(_SELECT + "WHERE guid = ? COLLATE NOCASE OR name = ?",
                                (ref.strip().strip("{}"), ref.strip()))
        return DocumentSet(*row) if row else None

    def get(self, ref: int | str) -> DocumentSet:
        found = self.find(ref)
        if found is None:
            raise NotFoundError(f"no document set {ref!r} in this project")
        return found

    def add(self, name: str, members: Iterable[int] = (), *, description: str = "",
            guid: str | None = None) -> DocumentSet:
        name = check_name(name, "set")
        with self.project.transaction():
            self._free_name(name)
            guid = given_guid(guid)
            if self.db.one("SELECT 1 FROM document_sets WHERE guid = ?", (guid,)):
                raise ConflictError(f"a document set with GUID {guid} is already in the project")
            ord_ = self.db.one("SELECT ifnull(max(ord), -1) + 1 FROM document_sets")[0]
            cur = self.db.execute("INSERT INTO document_sets (guid, name, description, ord) "
                                    "VALUES (?,?,?,?)", (guid, name, description, ord_))
            found = self.get(int(cur.lastrowid or 0))
            ids = self._insert_members(found.id, members)
            self._log("add", "set", found.guid, {"name": name, "documents": len(ids)})
            self._changed(Change("sets", document_ids=frozenset(ids)))
        return found

    def update(self, set_id: int, *, name: str | None = None,
               description: str | None = None) -> tuple[DocumentSet, DocumentSet]:
        with self.project.transaction():
            old = self.get(set_id)
            new_name = old.name if name is None else check_name(name, "set")
            if new_name.casefold() != old.name.casefold():
                self._free_name(new_name)
            self.db.execute("UPDATE document_sets SET name = ?, description = ? WHERE id = ?",
                              (new_name, old.description if description is None else description,
                               set_id))
            new = self.get(set_id)
            self._log("edit", "set", old.guid, {"name": [old.name, new.name]})
            self._changed(Change("sets"))
        return old, new

    def remove(self, set_id: int) -> RemovedSet:
        with self.project.transaction():
            found = self.get(set_id)
            members = tuple(self.members(set_id))
            self.db.execute("DELETE FROM document_sets WHERE id = ?", (set_id,))
            self._log("remove", "set", found.guid, {"name": found.name,
                                                      "documents": len(members)})
            self._changed(Change("sets", document_ids=frozenset(members)))
        return RemovedSet(found, members)

    def restore(self, removed: RemovedSet) -> DocumentSet:
        """Undo of ``remove``: the same id, GUID, place and members come back."""
        d = removed.set
        with self.project.transaction():
            self._free_name(d.name)
            self.db.execute("INSERT INTO document_sets (id, guid, name, description, ord) "
                              "VALUES (?,?,?,?,?)", (d.id, d.guid, d.name, d.description, d.ord))
            self._insert_members(d.id, removed.members)
            self._log("restore", "set", d.guid, {"name": d.name})
            self._changed(Change("sets", document_ids=frozenset(removed.members)))
        return d

    # -- members --------------------------------------------------------------------------------
    def members(self, set_id: int) -> list[int]:
        """Document ids of a set, in the documents' order."""
        return [r[0] for r in self.db.execute(
            "SELECT m.document_id FROM document_set_members m JOIN documents d "
            "ON d.id = m.document_id WHERE m.set_id = ? ORDER BY d.ord, d.id", (set_id,))]

    def memberships(self) -> dict[int, list[int]]:
        """{set_id: [document_id, ...]} for every set (empty sets included)."""
        out: dict[int, list[int]] = {s.id: [] for s in self.all()}
        for set_id, doc_id in self.db.execute(
                "SELECT m.set_id, m.document_id FROM document_set_members m JOIN documents d "
                "ON d.id = m.document_id ORDER BY d.ord, d.id"):
            out.setdefault(set_id, []).append(doc_id)
        return out

    def sets_of(self, document_id: int) -> list[DocumentSet]:
        return [DocumentSet(*r) for r in self.db.execute(
            "SELECT s.id, s.guid, s.name, s.description, s.ord FROM document_sets s JOIN "
            "document_set_members m ON m.set_id = s.id WHERE m.document_id = ? "
            "ORDER BY s.ord, s.id", (document_id,))]

    def add_members(self, set_id: int, document_ids: Iterable[int]) -> list[int]:
        """Put documents in a set; returns those that were not in it already (for undo)."""
        with self.project.transaction():
            found = self.get(set_id)
            added = self._insert_members(set_id, document_ids)
            if added:
                self._log("add_members", "set", found.guid, {"documents": added})
                self._changed(Change("sets", document_ids=frozenset(added)))
        return added

    def remove_members(self, set_id: int, document_ids: Iterable[int]) -> list[int]:
        """Take documents out of a set; returns those that were in it (for undo)."""
        with self.project.transaction():
            found = self.get(set_id)
            inside = set(self.members(set_id))
            gone = [d for d in dict.fromkeys(document_ids) if d in inside]
            self.db.executemany("DELETE FROM document_set_members WHERE set_id = ? AND "
                                  "document_id = ?", [(set_id, d) for d in gone])
            if gone:
                self._log("remove_members", "set", found.guid, {"documents": gone})
                self._changed(Change("sets", document_ids=frozenset(gone)))
        return gone

    def _insert_members(self, set_id: int, document_ids: Iterable[int]) -> list[int]:
        inside = set(self.members(set_id))
        new = [d for d in dict.fromkeys(document_ids) if d not in inside]
        for d in new:
            if not self.db.one("SELECT 1 FROM documents WHERE id = ?", (d,)):
                raise NotFoundError(f"no document with id {d}")
        self.db.executemany("INSERT INTO document_set_members (set_id, document_id) "
                              "VALUES (?, ?)", [(set_id, d) for d in new])
        return new

    def _free_name(self, name: str) -> None:
        if self.db.one("SELECT 1 FROM document_sets WHERE name = ?", (name,)):
            raise ConflictError(f"there is already a document set named {name!r}")
