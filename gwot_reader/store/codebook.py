"""The codebook tree: categories and codes, their definitions, order and counts."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from typing import Any

from gwot_reader.core.codebook import CodebookTree
from gwot_reader.core.errors import ConflictError, GwotError, NotFoundError
from gwot_reader.core.model import Change, Code, Coding
from gwot_reader.store.base import Repository, given_guid, now

_CODE_COLUMNS = (
    "id, guid, name, parent_id, is_category, color, definition, use_when, do_not_use_when, "
    "example, memo, ord"
)
_EDITABLE = {"name", "color", "definition", "use_when", "do_not_use_when", "example", "memo",
             "is_category"}


def _code(row: Any) -> Code:
    return Code(row[0], row[1], row[2], row[3], bool(row[4]), *row[5:])


@dataclass(frozen=True)
class MergeResult:
    """What ``Codebook.merge`` changed, as ``Codebook.unmerge`` needs it to put everything back."""

    source: Code
    target_id: int
    moved: list[Coding] = field(default_factory=list)  # as they were before the move
    collapsed: list[Coding] = field(default_factory=list)  # duplicates deleted
    memo_kept: list[Coding] = field(default_factory=list)  # target codings before memos joined
    children: list[Code] = field(default_factory=list)  # the source's children as they were


@dataclass(frozen=True)
class SplitResult:
    """What ``Codebook.split`` changed: the new code and the codings moved to it (as they were)."""

    source_id: int
    new: Code
    moved: list[Coding] = field(default_factory=list)


class Codebook(Repository):
    """``project.codebook``: categories and codes, their tree, and reshaping it (merge, split)."""

    def add(
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
        with self.project.transaction():
            if parent_id is not None:
                self.get(parent_id)
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
                    (given_guid(guid), name, parent_id, int(is_category), color, definition,
                     use_when, do_not_use_when, example, memo, ord, stamp, stamp),
                )
            except sqlite3.IntegrityError as exc:
                raise self._code_conflict(name, parent_id, exc) from None
            code = self.get(cur.lastrowid)
            self._log("add", "code", code.guid, {"name": name, "parent": parent_id})
            self._changed(Change("codebook", code_ids=frozenset({code.id})))
        return code

    def _code_conflict(self, name: str, parent_id: int | None, exc: Exception) -> GwotError:
        if "guid" in str(exc):
            return ConflictError(f"a code with the same GUID as {name!r} is already in the codebook")
        where = f"under {self.get(parent_id).name!r}" if parent_id else "at the top level"
        return ConflictError(f"there is already a code named {name!r} {where}")

    def all(self) -> list[Code]:
        rows = self.db.execute(f"SELECT {_CODE_COLUMNS} FROM codes ORDER BY ord, id")
        return [_code(r) for r in rows]

    def tree(self) -> CodebookTree:
        return CodebookTree(self.all())

    def find_by_guid(self, guid: str) -> Code | None:
        """Only by GUID (braces and case ignored), never by name: for imports."""
        row = self.db.one(
            f"SELECT {_CODE_COLUMNS} FROM codes WHERE guid = ? COLLATE NOCASE", (guid.strip("{}"),)
        )
        return _code(row) if row else None

    def find(self, ref: int | str) -> Code | None:
        if isinstance(ref, int):
            row = self.db.one(f"SELECT {_CODE_COLUMNS} FROM codes WHERE id = ?", (ref,))
            return _code(row) if row else None
        return self.find_by_guid(ref) or self.tree().resolve(ref)

    def get(self, ref: int | str) -> Code:
        found = self.find(ref)
        if found is None:
            raise NotFoundError(f"no code {ref!r} in the codebook")
        return found

    def path(self, code_id: int) -> str:
        return self.tree().path(code_id)

    def update(self, code_id: int, **fields: Any) -> tuple[Code, Code]:
        unknown = set(fields) - _EDITABLE
        if unknown:
            raise ValueError(f"cannot edit {', '.join(sorted(unknown))} of a code")
        with self.project.transaction():
            old = self.get(code_id)
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
            new = self.get(code_id)
            self._log("edit", "code", old.guid,
                      {k: [getattr(old, k), getattr(new, k)] for k in fields})
            self._changed(Change("codebook", code_ids=frozenset({code_id})))
        return old, new

    def move(self, code_id: int, parent_id: int | None, ord: int | None = None) -> tuple[Code, Code]:
        """Put a code under another parent (None: the top level) at position ``ord``."""
        with self.project.transaction():
            old = self.get(code_id)
            tree = self.tree()
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
            # Both sibling lists are renumbered 0..n so that moving back restores every ord.
            left = [c for c in tree.children(old.parent_id) if c.id != code_id]
            self.db.executemany("UPDATE codes SET ord = ? WHERE id = ?",
                                [(i, c.id) for i, c in (*enumerate(left), *enumerate(siblings))])
            new = self.get(code_id)
            self._log("move", "code", old.guid, {"parent": [old.parent_id, parent_id],
                                                 "ord": [old.ord, new.ord]})
            self._changed(Change("codebook", code_ids=frozenset({code_id})))
        return old, new

    def delete(self, code_id: int) -> tuple[list[Code], list[Coding]]:
        """Delete a code, its subtree and their codings; returns them for undo."""
        with self.project.transaction():
            tree = self.tree()
            root = self.get(code_id)
            doomed = [root, *tree.descendants(code_id)]
            ids = [c.id for c in doomed]
            marks = ",".join("?" * len(ids))
            codings = self.project.codings.of_codes(ids)
            self.db.execute(f"DELETE FROM codings WHERE code_id IN ({marks})", ids)
            for c in reversed(doomed):  # children before parents (RESTRICT on parent_id)
                self.db.execute("DELETE FROM codes WHERE id = ?", (c.id,))
            self._log("delete", "code", root.guid, {"name": root.name, "codes": len(doomed),
                                                   "codings": len(codings)})
            self._changed(Change("codebook", code_ids=frozenset(ids),
                                 document_ids=frozenset(c.document_id for c in codings),
                                 coding_ids=frozenset(c.id for c in codings)))
        return doomed, codings

    def restore(self, codes: list[Code], codings: list[Coding]) -> None:
        """Undo of ``delete``: the same rows, GUIDs and ids come back."""
        with self.project.transaction():
            for c in codes:
                self._insert_code(c)
            for coding in codings:
                self.project.codings.put(coding)
            if codes:
                self._log("restore", "code", codes[0].guid, {"codes": len(codes),
                                                             "codings": len(codings)})
            self._changed(Change("codebook", code_ids=frozenset(c.id for c in codes),
                                 document_ids=frozenset(c.document_id for c in codings),
                                 coding_ids=frozenset(c.id for c in codings)))

    def _insert_code(self, c: Code) -> None:
        """Insert a code row exactly as given (its id too); the caller holds the transaction."""
        stamp = now()
        try:
            self.db.execute(
                "INSERT INTO codes (id, guid, name, parent_id, is_category, color, definition, "
                "use_when, do_not_use_when, example, memo, ord, created, modified) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (c.id or None, c.guid, c.name, c.parent_id, int(c.is_category), c.color,
                 c.definition, c.use_when, c.do_not_use_when, c.example, c.memo, c.ord, stamp, stamp),
            )
        except sqlite3.IntegrityError as exc:
            raise self._code_conflict(c.name, c.parent_id, exc) from None

    def subtree_coding_count(self, code_id: int) -> int:
        """Codings of a code and of every code below it: what deleting it would remove."""
        counts = self.project.codings.counts_by_code()
        ids = [code_id, *(c.id for c in self.tree().descendants(code_id))]
        return sum(counts.get(i, (0, 0))[0] for i in ids)

    # -- reshaping: merge and split, each with its inverse for undo ----------------------------
    def merge(self, source_id: int, target_id: int) -> MergeResult:
        """Merge ``source`` into ``target``: its codings and child codes move, then it goes.

        A moved coding with the same document, span and coder as one already on the target
        collapses into it (its memo, if different, is appended to the kept one's).
        """
        with self.project.transaction():
            source, target = self.get(source_id), self.get(target_id)
            tree = self.tree()
            if source_id == target_id:
                raise ConflictError(f"{source.name!r} cannot be merged into itself")
            if source_id in tree.ancestors(target_id):
                raise ConflictError(f"{source.name!r} cannot be merged into {target.name!r}, "
                                    "which is inside it")
            moved = self.project.codings.all(code_id=source_id)
            if moved and target.is_category:
                raise ConflictError(f"{target.name!r} is a category and cannot take the codings "
                                    f"of {source.name!r}")
            kept = {(c.document_id, c.start, c.end, c.coder): c
                    for c in self.project.codings.all(code_id=target_id)}
            stamp = now()
            collapsed: list[Coding] = []
            memo_before: dict[int, Coding] = {}
            for c in moved:
                key = (c.document_id, c.start, c.end, c.coder)
                twin = kept.get(key)
                if twin is None:
                    self.db.execute("UPDATE codings SET code_id = ?, modified = ? WHERE id = ?",
                                    (target_id, stamp, c.id))
                    kept[key] = c
                    continue
                collapsed.append(c)
                self.db.execute("DELETE FROM codings WHERE id = ?", (c.id,))
                if c.memo and c.memo not in twin.memo:
                    memo_before.setdefault(twin.id, self.project.codings.get(twin.id))
                    joined = f"{twin.memo}\n\n{c.memo}" if twin.memo else c.memo
                    self.db.execute("UPDATE codings SET memo = ?, modified = ? WHERE id = ?",
                                    (joined, stamp, twin.id))
                    kept[key] = twin = self.project.codings.get(twin.id)
            children = tree.children(source_id)
            base = len(tree.children(target_id))
            for i, child in enumerate(children):
                try:
                    self.db.execute("UPDATE codes SET parent_id = ?, ord = ?, modified = ? "
                                    "WHERE id = ?", (target_id, base + i, stamp, child.id))
                except sqlite3.IntegrityError:
                    raise ConflictError(f"{target.name!r} already has a code named {child.name!r}; "
                                        "rename one of them before merging") from None
            self.db.execute("DELETE FROM codes WHERE id = ?", (source_id,))
            result = MergeResult(source, target_id, moved, collapsed, list(memo_before.values()),
                                 children)
            self._log("merge", "code", source.guid, {
                "into": target.guid, "name": source.name, "codings": len(moved),
                "collapsed": len(collapsed), "children": len(children)})
            self._changed(Change("codebook", code_ids=frozenset({source_id, target_id}),
                                 document_ids=frozenset(c.document_id for c in moved),
                                 coding_ids=frozenset(c.id for c in moved)))
        return result

    def unmerge(self, merge: MergeResult) -> None:
        """Undo of ``merge``: the source, its children and codings are as they were."""
        with self.project.transaction():
            self._insert_code(merge.source)
            for child in merge.children:
                self.db.execute("UPDATE codes SET parent_id = ?, ord = ? WHERE id = ?",
                                (child.parent_id, child.ord, child.id))
            gone = {c.id for c in merge.collapsed}
            for c in merge.moved:
                if c.id not in gone:
                    self.db.execute("UPDATE codings SET code_id = ?, modified = ? WHERE id = ?",
                                    (c.code_id, c.modified, c.id))
            for c in merge.memo_kept:
                self.db.execute("UPDATE codings SET memo = ?, modified = ? WHERE id = ?",
                                (c.memo, c.modified, c.id))
            for c in merge.collapsed:
                self.project.codings.put(c)
            self._log("unmerge", "code", merge.source.guid,
                      {"from": self.get(merge.target_id).guid, "codings": len(merge.moved)})
            self._changed(Change("codebook", code_ids=frozenset({merge.source.id, merge.target_id}),
                                 document_ids=frozenset(c.document_id for c in merge.moved),
                                 coding_ids=frozenset(c.id for c in merge.moved)))

    def split(self, source_id: int, coding_ids: list[int], name: str, *,
                   color: str | None = None, guid: str | None = None,
                   new_id: int | None = None) -> SplitResult:
        """Move the chosen codings of a code to a new code beside it.

        ``guid`` and ``new_id`` recreate the same new code when a split is redone.
        """
        name = name.strip()
        if not name:
            raise ConflictError("a code needs a name")
        with self.project.transaction():
            source = self.get(source_id)
            ids = list(dict.fromkeys(coding_ids))
            if not ids:
                raise ConflictError(f"choose the codings of {source.name!r} to split off")
            marks = ",".join("?" * len(ids))
            moved = self.project.codings.by_ids(ids)
            strays = set(ids) - {c.id for c in moved if c.code_id == source_id}
            if strays:
                raise ConflictError(f"{len(strays)} of the chosen codings are not codings of "
                                    f"{source.name!r}")
            ord = self.db.one("SELECT ifnull(max(ord), -1) + 1 FROM codes WHERE parent_id IS ?",
                              (source.parent_id,))[0]
            new = Code(new_id or 0, given_guid(guid), name, source.parent_id, False,
                       color or source.color, ord=ord)
            self._insert_code(new)
            new = self.get(new_id) if new_id else self.get(new.guid)
            self.db.execute(f"UPDATE codings SET code_id = ?, modified = ? WHERE id IN ({marks})",
                            (new.id, now(), *ids))
            self._log("split", "code", source.guid, {"new": new.guid, "name": name,
                                                     "codings": len(moved)})
            self._changed(Change("codebook", code_ids=frozenset({source_id, new.id}),
                                 document_ids=frozenset(c.document_id for c in moved),
                                 coding_ids=frozenset(ids)))
        return SplitResult(source_id, new, moved)

    def unsplit(self, split: SplitResult) -> None:
        """Undo of ``split``: the codings go back and the new code goes."""
        with self.project.transaction():
            for c in split.moved:
                self.db.execute("UPDATE codings SET code_id = ?, modified = ? WHERE id = ?",
                                (c.code_id, c.modified, c.id))
            if self.db.one("SELECT 1 FROM codings WHERE code_id = ? UNION ALL "
                           "SELECT 1 FROM codes WHERE parent_id = ? LIMIT 1",
                           (split.new.id, split.new.id)):
                raise ConflictError(f"{split.new.name!r} has been used since the split; "
                                    "undo that first")
            self.db.execute("DELETE FROM codes WHERE id = ?", (split.new.id,))
            self._log("unsplit", "code", self.get(split.source_id).guid,
                      {"removed": split.new.guid, "codings": len(split.moved)})
            self._changed(Change("codebook", code_ids=frozenset({split.source_id, split.new.id}),
                                 document_ids=frozenset(c.document_id for c in split.moved),
                                 coding_ids=frozenset(c.id for c in split.moved)))
