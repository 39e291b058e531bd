"""Coders: who coded what, and the codings of chosen coders as agreement reads them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain

from gwot_reader.core.errors import GwotError
from gwot_reader.core.model import Change
from gwot_reader.store.base import Repository


@dataclass(frozen=True, slots=True)
class JoinedCoder:
    """What ``join`` changed, for ``unjoin``: the coder row removed and the rows moved."""

    id: int
    guid: str
    name: str
    created: str
    into: str
    coding_ids: tuple[int, ...]
    memo_ids: tuple[int, ...]


class Coders(Repository):
    """``project.coders``: the names under which codings were made."""

    def by_id(self) -> dict[int, str]:
        """Every coder's name by id."""
        return dict(self.db.execute("SELECT id, name FROM coders"))

    def names(self) -> list[str]:
        """Names of the coders who have at least one coding, alphabetically."""
        return [r[0] for r in self.db.execute(
            "SELECT k.name FROM coders k WHERE EXISTS "
            "(SELECT 1 FROM codings c WHERE c.coder_id = k.id) ORDER BY k.name")]

    def counts(self) -> dict[str, int]:
        """Codings per coder name, every coder of the project (0 for those without codings)."""
        return dict(self.db.execute(
            "SELECT k.name, count(c.id) FROM coders k LEFT JOIN codings c ON c.coder_id = k.id "
            "GROUP BY k.id ORDER BY k.name").fetchall())

    def ensure(self, name: str) -> None:
        """A coder row for ``name`` (the window's coder is in the project before coding)."""
        self.project.coder_id(name)

    def rename(self, name: str, new_name: str) -> None:
        """Give a coder another name; their codings, memos and GUID stay. One transaction."""
        new_name = new_name.strip()
        if not new_name:
            raise GwotError("a coder's name cannot be empty")
        if new_name == name:
            return
        row = self._row(name)
        if self.db.one("SELECT 1 FROM coders WHERE name = ?", (new_name,)) is not None:
            raise GwotError(f"a coder named {new_name!r} exists already; join the two instead")
        with self.project.transaction():
            self.db.execute("UPDATE coders SET name = ? WHERE id = ?", (new_name, row[0]))
            self._log("rename", "coder", row[1], {"from": name, "to": new_name})
            self._touched(row[0])
        self.project.forget_coder_ids()

    def join(self, name: str, into: str) -> JoinedCoder:
        """Give every coding and memo of coder ``name`` to ``into`` and remove ``name`` (a typo)."""
        if name == into:
            raise GwotError("choose two different coders to join")
        row, target = self._row(name), self._row(into)
        with self.project.transaction():
            codings = tuple(r[0] for r in self.db.execute(
                "SELECT id FROM codings WHERE coder_id = ? ORDER BY id", (row[0],)))
            memos = tuple(r[0] for r in self.db.execute(
                "SELECT id FROM memos WHERE coder_id = ? ORDER BY id", (row[0],)))
            docs = self._documents(row[0])
            self.db.execute("UPDATE codings SET coder_id = ? WHERE coder_id = ?", (target[0], row[0]))
            self.db.execute("UPDATE memos SET coder_id = ? WHERE coder_id = ?", (target[0], row[0]))
            self.db.execute("DELETE FROM coders WHERE id = ?", (row[0],))
            self._log("join", "coder", row[1], {"from": name, "into": into,
                                                "codings": len(codings), "memos": len(memos)})
            self._changed(Change("coders", document_ids=docs))
        self.project.forget_coder_ids()
        return JoinedCoder(row[0], row[1], name, row[2], into, codings, memos)

    def unjoin(self, joined: JoinedCoder) -> None:
        """Undo ``join``: the coder comes back with its id and GUID, and takes back its rows."""
        if self.db.one("SELECT 1 FROM coders WHERE id = ? OR name = ?",
                       (joined.id, joined.name)) is not None:
            raise GwotError(f"a coder named {joined.name!r} exists again")
        with self.project.transaction():
            self.db.execute("INSERT INTO coders (id, guid, name, created) VALUES (?, ?, ?, ?)",
                            (joined.id, joined.guid, joined.name, joined.created))
            for table, ids in (("codings", joined.coding_ids), ("memos", joined.memo_ids)):
                self.db.executemany(f"UPDATE {table} SET coder_id = ? WHERE id = ?",
                                    [(joined.id, i) for i in ids])
            self._log("unjoin", "coder", joined.guid, {"from": joined.into, "name": joined.name})
            self._touched(joined.id)
        self.project.forget_coder_ids()

    def _row(self, name: str) -> tuple[int, str, str]:
        row = self.db.one("SELECT id, guid, created FROM coders WHERE name = ?", (name,))
        if row is None:
            raise GwotError(f"no coder named {name!r} in this project")
        return int(row[0]), str(row[1]), str(row[2])

    def _documents(self, coder_id: int) -> frozenset[int]:
        return frozenset(r[0] for r in self.db.execute(
            "SELECT DISTINCT document_id FROM codings WHERE coder_id = ?", (coder_id,)))

    def _touched(self, coder_id: int) -> None:
        """Views reload the codings of the documents this coder coded (the name shows there)."""
        self._changed(Change("coders", document_ids=self._documents(coder_id)))

    def spans(self, coders: Sequence[str]) -> list[tuple[int, int, int, int, int]]:
        """(document_id, code_id, coder, start, end) of every coding by one of ``coders``.

        ``coder`` is the index of the coder's name in ``coders``; SQLite maps the ids (a join
        on names cost a quarter more for 200,000 codings).
        """
        ids = dict(self.db.execute(
            f"SELECT name, id FROM coders WHERE name IN ({','.join('?' * len(coders))})",
            list(coders)))
        known = [(int(ids[c]), i) for i, c in enumerate(coders) if c in ids]
        if not known:
            return []
        case = " ".join(f"WHEN {cid} THEN {i}" for cid, i in known)
        return self.db.execute(
            f'SELECT document_id, code_id, CASE coder_id {case} END, start, "end" FROM codings '
            f"WHERE coder_id IN ({','.join(str(cid) for cid, _ in known)})").fetchall()

    def packed(self, coder: str, big: int, docs: int) -> list[int]:
        """Every coding of ``coder`` as ((code_id · docs + document_id) · big + start) · big +
        length, ascending: ``core.agreement_units.packed`` computed by SQLite.

        The covering index on (code_id, document_id, start, end, coder_id) gives the order
        without a sort, and one integer per row is a quarter of the work of reading five
        columns into tuples (agreement of 2 × 100,000 codings read in 0.25 s, not 0.4 s).
        """
        row = self.db.one("SELECT id FROM coders WHERE name = ?", (coder,))
        if row is None:
            return []
        big, docs = int(big), int(docs)  # inlined: they are ints, and SQLite folds constants
        cursor = self.db.execute(
            f'SELECT ((code_id * {docs} + document_id) * {big} + start) * {big} + ("end" - start) '
            "FROM codings WHERE coder_id = ? ORDER BY code_id, document_id, start, \"end\"",
            (int(row[0]),))
        return list(chain.from_iterable(cursor))

    def documents_coded_by(self, coder: str) -> set[int]:
        """Ids of the documents in which ``coder`` has at least one coding."""
        return {r[0] for r in self.db.execute(
            "SELECT DISTINCT c.document_id FROM codings c JOIN coders k ON k.id = c.coder_id "
            "WHERE k.name = ?", (coder,))}
