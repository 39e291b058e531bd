"""What a merge added and changed, recorded as it runs, so the window can take exactly that back
(undo) and put it back (redo) in one transaction, without copying the project."""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from gwot_reader.core.errors import GwotError
from gwot_reader.store.db import Database

Row = tuple[object, ...]
# what hangs on a document by its id and goes with it (ON DELETE CASCADE), codings apart
DOC_CHILDREN = ("document_sources", "pdf_pages", "page_previews", "coding_regions",
                "document_values", "document_set_members")
# the tables whose rows a merge may change (``before``), and the column naming a row
CHANGED = {"codes": "guid", "codings": "guid", "memos": "guid"}


@dataclass
class Rows:
    """Whole rows of one table, with their columns."""

    columns: list[str]
    rows: list[Row]


@dataclass
class MergeTrace:
    """Filled by ``store.merge.merge_projects``: the rows the merge added (by GUID, or for
    codings by their never-reused ids) and the rows it changed as they were before."""

    first_coding: int = 0  # codings with a larger id than this were added by the merge
    last_coding: int = 0
    documents: list[str] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)  # parents before children
    memos: list[str] = field(default_factory=list)
    coders: list[str] = field(default_factory=list)  # names
    before: dict[str, Rows] = field(default_factory=dict)  # table -> rows as they were
    _codes_before: dict[str, Row] = field(default_factory=dict)
    _memos_before: dict[str, Row] = field(default_factory=dict)
    _docs_before: set[str] = field(default_factory=set)
    _coders_before: set[str] = field(default_factory=set)
    # taken back by undo, for redo: table -> rows, in the order they go back in
    _removed: list[tuple[str, Rows]] = field(default_factory=list)
    _after: dict[str, Rows] = field(default_factory=dict)

    # -- recording (inside the merge's transaction) ----------------------------------------------
    def start(self, db: Database) -> None:
        self.first_coding = int(db.one("SELECT ifnull(max(id), 0) FROM codings")[0])
        self._codes_before = {str(r[1]): r for r in _all(db, "codes").rows}
        self._memos_before = {str(r[1]): r for r in _all(db, "memos").rows}
        self._docs_before = {g for (g,) in db.execute("SELECT guid FROM documents")}
        self._coders_before = {n for (n,) in db.execute("SELECT name FROM coders")}

    def keep_codings(self, db: Database, guids: Sequence[str]) -> None:
        """Codings about to be changed: as they are (the first version seen is kept)."""
        rows = _select(db, "codings", "guid", guids)
        kept = self.before.setdefault("codings", Rows(rows.columns, []))
        seen = {r[1] for r in kept.rows}
        kept.rows += [r for r in rows.rows if r[1] not in seen]

    def finish(self, db: Database) -> None:
        self.last_coding = int(db.one("SELECT ifnull(max(id), 0) FROM codings")[0])
        self.documents = [g for (g,) in db.execute("SELECT guid FROM documents ORDER BY id")
                          if g not in self._docs_before]
        self.coders = [n for (n,) in db.execute("SELECT name FROM coders ORDER BY id")
                       if n not in self._coders_before]
        for table, old in (("codes", self._codes_before), ("memos", self._memos_before)):
            now = _all(db, table)
            added = [r[1] for r in now.rows if r[1] not in old]
            changed = [old[r[1]] for r in now.rows if r[1] in old and old[r[1]] != r]
            setattr(self, table, [str(g) for g in added])
            if changed:
                self.before[table] = Rows(now.columns, changed)
        self._codes_before, self._memos_before = {}, {}

    @property
    def size(self) -> int:
        """About how many rows undo and redo write (what decides if they run in a job)."""
        return (self.last_coding - self.first_coding + len(self.documents) * 100 + len(self.codes)
                + len(self.memos) + sum(len(r.rows) for r in self.before.values()))

    @property
    def changes_nothing(self) -> bool:
        return not (self.last_coding > self.first_coding or self.documents or self.codes
                    or self.memos or self.coders or self.before)

    # -- undo and redo (each inside one transaction of the caller's) -----------------------------
    def undo(self, db: Database) -> None:
        """Take the merge back: remove what it added (and what was since made on it: codings of
        its documents and codes), give the changed rows their earlier content."""
        with _refused("undo"):
            doc_ids = [i for (i,) in db.execute(
                "SELECT id FROM documents WHERE guid IN (SELECT value FROM json_each(?))",
                (json.dumps(self.documents),))]
            code_ids = [i for (i,) in db.execute(
                "SELECT id FROM codes WHERE guid IN (SELECT value FROM json_each(?))",
                (json.dumps(self.codes),))]
            codings = _query(db, "codings", 'id > ? AND id <= ? OR document_id IN (SELECT value '
                             "FROM json_each(?)) OR code_id IN (SELECT value FROM json_each(?))",
                             (self.first_coding, self.last_coding, json.dumps(doc_ids),
                              json.dumps(code_ids)))
            regions = _select(db, "coding_regions", "coding_guid", [r[1] for r in codings.rows])
            removed: list[tuple[str, Rows]] = [
                ("codes", _in_order(_select(db, "codes", "guid", self.codes), self.codes)),
                ("documents", _select(db, "documents", "guid", self.documents)),
                *((t, _select(db, t, "document_id", doc_ids)) for t in DOC_CHILDREN
                  if t != "coding_regions" and _exists(db, t)),
                ("codings", codings), ("coding_regions", regions),
                ("memos", _select(db, "memos", "guid", self.memos))]
            self._after = {t: _select(db, t, CHANGED[t], [r[1] for r in rows.rows])
                           for t, rows in self.before.items()}
            for table, rows in reversed(removed):
                if table == "codings":
                    db.executemany("DELETE FROM codings WHERE id = ?", [(r[0],) for r in rows.rows])
                elif table in _KEY:
                    key = rows.columns.index(_KEY[table])
                    db.executemany(f"DELETE FROM {table} WHERE {_KEY[table]} = ?",
                                   [(r[key],) for r in reversed(rows.rows)])
            for table, rows in self.before.items():
                _overwrite(db, table, rows)
            # the coders it added, unless someone's codings or memos name them now
            coders = _query(db, "coders", "name IN (SELECT value FROM json_each(?)) AND id NOT IN "
                            "(SELECT coder_id FROM codings WHERE coder_id IS NOT NULL UNION "
                            "SELECT coder_id FROM memos WHERE coder_id IS NOT NULL)",
                            (json.dumps(self.coders),))
            db.executemany("DELETE FROM coders WHERE id = ?", [(r[0],) for r in coders.rows])
            self._removed = [("coders", coders), *removed]

    def redo(self, db: Database) -> None:
        """Put back what ``undo`` took back, with the same ids, and the merge's changes."""
        with _refused("redo"):
            ids: dict[object, object] = {}
            for table, rows in self._removed:
                if table == "coders":
                    ids = _put_coders_back(db, rows)
                else:
                    _insert(db, table, _with_coders(rows, ids))
            for table, rows in self._after.items():
                _overwrite(db, table, rows)


_KEY = {"codes": "guid", "documents": "guid", "memos": "guid", "coding_regions": "coding_guid"}


@contextmanager
def _refused(what: str) -> Iterator[None]:
    """A row that is no longer where the merge left it (another program changed the project):
    the step is refused in one sentence, and the caller's transaction rolls it back."""
    try:
        yield
    except sqlite3.IntegrityError as exc:
        raise GwotError(f"the project has changed since the merge ({exc}); {what} is not "
                        "possible, restore from a backup instead") from exc


def _put_coders_back(db: Database, rows: Rows) -> dict[object, object]:
    """The coders undo removed, back; a name someone has coded under since is that coder now
    (its rows' coder ids are mapped to it)."""
    ids: dict[object, object] = {}
    at = {c: rows.columns.index(c) for c in ("id", "guid", "name", "created")}
    for r in rows.rows:
        found = db.one("SELECT id FROM coders WHERE name = ?", (r[at["name"]],))
        if found is None:  # its own id and GUID unless others have them now
            taken = db.one("SELECT 1 FROM coders WHERE id = ? OR guid = ?", (r[at["id"]], r[at["guid"]]))
            found = (db.insert("INSERT INTO coders (id, guid, name, created) VALUES (?, ?, ?, ?)",
                               (None if taken else r[at["id"]],
                                str(uuid.uuid4()).upper() if taken else r[at["guid"]],
                                r[at["name"]], r[at["created"]])),)
        ids[r[at["id"]]] = found[0]
    return ids


def _with_coders(rows: Rows, ids: dict[object, object]) -> Rows:
    if "coder_id" not in rows.columns or all(k == v for k, v in ids.items()):
        return rows
    k = rows.columns.index("coder_id")
    return Rows(rows.columns, [(*r[:k], ids.get(r[k], r[k]), *r[k + 1:]) for r in rows.rows])


def _exists(db: Database, table: str) -> bool:
    return db.one("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                  (table,)) is not None


def _query(db: Database, table: str, where: str, params: Sequence[object]) -> Rows:
    cur = db.execute(f"SELECT * FROM {table} WHERE {where}", params)
    return Rows([d[0] for d in cur.description], cur.fetchall())


def _all(db: Database, table: str) -> Rows:
    return _query(db, table, "1", ())


def _select(db: Database, table: str, column: str, values: Iterable[object]) -> Rows:
    return _query(db, table, f'"{column}" IN (SELECT value FROM json_each(?))',
                  (json.dumps(list(values)),))


def _in_order(rows: Rows, guids: list[str]) -> Rows:
    """Codes parents first (as the merge added them), so they go back in that order."""
    at = {g: i for i, g in enumerate(guids)}
    return Rows(rows.columns, sorted(rows.rows, key=lambda r: at[str(r[1])]))


def _insert(db: Database, table: str, rows: Rows) -> None:
    cols = ", ".join(f'"{c}"' for c in rows.columns)
    db.executemany(f"INSERT INTO {table} ({cols}) VALUES ({','.join('?' * len(rows.columns))})",
                   rows.rows)


def _overwrite(db: Database, table: str, rows: Rows) -> None:
    """Each row's content back, found by its GUID (its id stays)."""
    key = CHANGED[table]
    cols = [c for c in rows.columns if c not in ("id", key)]
    at = [rows.columns.index(c) for c in cols]
    k = rows.columns.index(key)
    db.executemany(f"UPDATE {table} SET {', '.join(f'{chr(34)}{c}{chr(34)} = ?' for c in cols)} "
                   f'WHERE "{key}" = ?', [(*(r[i] for i in at), r[k]) for r in rows.rows])


__all__ = ["MergeTrace", "Rows"]
