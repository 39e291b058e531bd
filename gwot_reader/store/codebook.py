"""The codebook tree: categories and codes, their definitions, order and counts."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from gwot_reader.core.codebook import CodebookTree
from gwot_reader.core.errors import ConflictError, GwotError, NotFoundError
from gwot_reader.core.model import Change, Code, Coding
from gwot_reader.core.reshape import (
    MergeResult,
    SplitResult,
    check_can_become_category,
    check_merge,
    check_move,
    check_name,
    check_split,
    check_unsplit,
    new_order,
    plan_merge,
)
from gwot_reader.store.backup import auto_backup
from gwot_reader.store.base import Repository, given_guid, now

_CODE_COLUMNS = (
    "id, guid, name, parent_id, is_category, color, definition, use_when, do_not_use_when, "
    "example, memo, ord"
)
_EDITABLE = {"name", "color", "definition", "use_when", "do_not_use_when", "example", "memo",
             "is_category"}


def _code(row: Any) -> Code:
    return Code(row[0], row[1], row[2], row[3], bool(row[4]), *row[5:])


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
        name = check_name(name)
        with self.project.transaction():
            if parent_id is not None:
                self.get(parent_id)
            if ord is None:
                ord = self.db.one(
                    "SELECT ifnull(max(ord), -1) + 1 FROM codes WHERE parent_id IS ?", (parent_id,)
                )[0]
            stamp = now()
            try:
                new_id = self.db.insert(
                    "INSERT INTO codes (guid, name, parent_id, is_category, color, definition, "
                    "use_when, do_not_use_when, example, memo, ord, created, modified) "
                    "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (given_guid(guid), name, parent_id, int(is_category), color, definition,
                     use_when, do_not_use_when, example, memo, ord, stamp, stamp),
                )
            except sqlite3.IntegrityError as exc:
                raise self._code_conflict(name, parent_id, exc) from None
            code = self.get(new_id)
            self._log("add", "code", code.guid, {"name": name, "parent": parent_id})
            self._changed(Change("codebook", code_ids=frozenset({code.id})))
        return code

    def add_many(self, codes: list[Code]) -> list[Code]:
        """Add many codes at once (an imported codebook), ids and GUIDs given by the caller so
        that children can name parents added in the same call. One statement per table rather
        than five per code: 100,000 codes in seconds."""
        if not codes:
            return []
        if any(not c.guid or not c.name.strip() for c in codes):
            raise ValueError("add_many needs a GUID and a name for every code")
        stamp = now()
        with self.project.transaction():
            try:
                self.db.executemany(
                    "INSERT INTO codes (id, guid, name, parent_id, is_category, color, definition, "
                    "use_when, do_not_use_when, example, memo, ord, created, modified) "
                    "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    [(c.id, c.guid, c.name, c.parent_id, int(c.is_category), c.color, c.definition,
                      c.use_when, c.do_not_use_when, c.example, c.memo, c.ord, stamp, stamp)
                     for c in codes])
            except sqlite3.IntegrityError as exc:
                raise ConflictError(f"the codes cannot be added: {exc}") from None
            self.project.history.log_many("add", "code", [
                (c.guid, json.dumps({"name": c.name, "parent": c.parent_id}, ensure_ascii=False))
                for c in codes])
            self._changed(Change("codebook", code_ids=frozenset(c.id for c in codes)))
        return codes

    def max_id(self) -> int:
        return int(self.db.one("SELECT ifnull(max(id), 0) FROM codes")[0])

    def set_state(self, current: list[Code], target: list[Code]) -> None:
        """Take the codebook from ``current`` to ``target`` (two snapshots from ``all()``):
        the undo and redo of a codebook import. Codes only in ``current`` are deleted (refused
        if they have codings), codes only in ``target`` come back with their ids, the others
        get their fields, parent and place back."""
        now_by_id = {c.id: c for c in current}
        want_by_id = {c.id: c for c in target}
        now_tree, want_tree = CodebookTree(current), CodebookTree(target)
        gone = sorted((now_by_id[i] for i in now_by_id.keys() - want_by_id.keys()),
                      key=lambda c: -now_tree.depth(c.id))  # children first
        back = sorted((want_by_id[i] for i in want_by_id.keys() - now_by_id.keys()),
                      key=lambda c: want_tree.depth(c.id))  # parents first
        changed = [want_by_id[i] for i in want_by_id.keys() & now_by_id.keys()
                   if want_by_id[i] != now_by_id[i]]
        with self.project.transaction():
            counts = self.project.codings.counts_by_code()
            used = [c for c in gone if counts.get(c.id)]
            if used:
                raise ConflictError(f"{used[0].name!r} has been applied since; remove its "
                                    "codings first")
            # Changed codes are parked at the top level under unique names first, so that
            # swapped names, moves and deleted parents never collide on the way.
            self.db.executemany("UPDATE codes SET name = ?, parent_id = NULL WHERE id = ?",
                                [(f"(undo {c.guid})", c.id) for c in changed])
            for c in gone:
                self.db.execute("DELETE FROM codes WHERE id = ?", (c.id,))
            for c in back:
                self._insert_code(c)
            stamp = now()
            for c in sorted(changed, key=lambda c: want_tree.depth(c.id)):
                try:
                    self.db.execute(
                        "UPDATE codes SET name = ?, parent_id = ?, is_category = ?, color = ?, "
                        "definition = ?, use_when = ?, do_not_use_when = ?, example = ?, memo = ?, "
                        "ord = ?, modified = ? WHERE id = ?",
                        (c.name, c.parent_id, int(c.is_category), c.color, c.definition,
                         c.use_when, c.do_not_use_when, c.example, c.memo, c.ord, stamp, c.id))
                except sqlite3.IntegrityError as exc:
                    raise self._code_conflict(c.name, c.parent_id, exc) from None
            self._log("set", "codebook", "", {"removed": len(gone), "restored": len(back),
                                              "changed": len(changed)})
            self._changed(Change("codebook", code_ids=frozenset(
                [c.id for c in gone] + [c.id for c in back] + [c.id for c in changed])))

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
                fields["name"] = check_name(str(fields["name"]))
            if fields.get("is_category"):
                check_can_become_category(old, self.project.codings.exist(code_id))
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
            check_move(tree, old, parent_id)
            try:
                self.db.execute("UPDATE codes SET parent_id = ?, modified = ? WHERE id = ?",
                                (parent_id, now(), code_id))
            except sqlite3.IntegrityError as exc:
                raise self._code_conflict(old.name, parent_id, exc) from None
            self.db.executemany("UPDATE codes SET ord = ? WHERE id = ?",
                                new_order(tree, old, parent_id, ord))
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
            codings = self.project.codings.of_codes(ids)
            self.project.codings.delete_rows(c.id for c in codings)
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
    def merge(self, source_id: int, target_id: int, backup: bool = True) -> MergeResult:
        """Merge ``source`` into ``target``: its codings and child codes move, then it goes.

        A moved coding with the same document, span and coder as one already on the target
        collapses into it (see ``core.reshape.plan_merge``). ``backup=False``: no backup first
        (a redo, whose first run had one).
        """
        if backup:
            auto_backup(self.db, "before-merge")
        codings = self.project.codings
        with self.project.transaction():
            source, target = self.get(source_id), self.get(target_id)
            tree = self.tree()
            moving = codings.all(code_id=source_id)
            check_merge(tree, source, target, bool(moving))
            plan = plan_merge(moving, codings.all(code_id=target_id))
            stamp = now()
            codings.repoint((c.id, target_id, stamp) for c in plan.move)
            codings.delete_rows(c.id for c in plan.collapse)
            codings.set_memos((i, memo, stamp) for i, memo in plan.memos.items())
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
            result = MergeResult(source, target_id, moving, plan.collapse, plan.memo_kept, children)
            self._log("merge", "code", source.guid, {
                "into": target.guid, "name": source.name, "codings": len(moving),
                "collapsed": len(plan.collapse), "children": len(children)})
            self._changed(Change("codebook", code_ids=frozenset({source_id, target_id}),
                                 document_ids=frozenset(c.document_id for c in moving),
                                 coding_ids=frozenset(c.id for c in moving)))
        return result

    def unmerge(self, merge: MergeResult) -> None:
        """Undo of ``merge``: the source, its children and codings are as they were."""
        codings = self.project.codings
        with self.project.transaction():
            self._insert_code(merge.source)
            self.db.executemany("UPDATE codes SET parent_id = ?, ord = ? WHERE id = ?",
                                [(c.parent_id, c.ord, c.id) for c in merge.children])
            gone = {c.id for c in merge.collapsed}
            codings.repoint((c.id, c.code_id, c.modified) for c in merge.moved if c.id not in gone)
            codings.set_memos((c.id, c.memo, c.modified) for c in merge.memo_kept)
            for c in merge.collapsed:
                codings.put(c)
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
        name = check_name(name)
        codings = self.project.codings
        with self.project.transaction():
            source = self.get(source_id)
            ids = list(dict.fromkeys(coding_ids))
            moved = codings.by_ids(ids)
            check_split(source, ids, moved)
            ord = self.db.one("SELECT ifnull(max(ord), -1) + 1 FROM codes WHERE parent_id IS ?",
                              (source.parent_id,))[0]
            new = Code(new_id or 0, given_guid(guid), name, source.parent_id, False,
                       color or source.color, ord=ord)
            self._insert_code(new)
            new = self.get(new_id) if new_id else self.get(new.guid)
            stamp = now()
            codings.repoint((i, new.id, stamp) for i in ids)
            self._log("split", "code", source.guid, {"new": new.guid, "name": name,
                                                     "codings": len(moved)})
            self._changed(Change("codebook", code_ids=frozenset({source_id, new.id}),
                                 document_ids=frozenset(c.document_id for c in moved),
                                 coding_ids=frozenset(ids)))
        return SplitResult(source_id, new, moved)

    def unsplit(self, split: SplitResult) -> None:
        """Undo of ``split``: the codings go back and the new code goes."""
        with self.project.transaction():
            self.project.codings.repoint((c.id, c.code_id, c.modified) for c in split.moved)
            check_unsplit(split, self.project.codings.exist(split.new.id)
                          or bool(self.tree().children(split.new.id)))
            self.db.execute("DELETE FROM codes WHERE id = ?", (split.new.id,))
            self._log("unsplit", "code", self.get(split.source_id).guid,
                      {"removed": split.new.guid, "codings": len(split.moved)})
            self._changed(Change("codebook", code_ids=frozenset({split.source_id, split.new.id}),
                                 document_ids=frozenset(c.document_id for c in split.moved),
                                 coding_ids=frozenset(c.id for c in split.moved)))
