"""Codings: codes applied to code-point spans of documents, with memos and coders."""

from __future__ import annotations

import json
import sqlite3
from array import array
from collections.abc import Iterable, Iterator, Sequence
from itertools import chain
from pathlib import Path
from typing import Any

from gwot_reader.core.errors import ConflictError, NotFoundError
from gwot_reader.core.model import Change, Coding
from gwot_reader.core.offsets import check_span
from gwot_reader.core.reshape import check_applicable
from gwot_reader.core.spans import SpanIndex
from gwot_reader.store.base import Repository, given_guid, now
from gwot_reader.store.fileid import connect_ro

_CODING_SELECT = (
    'SELECT c.id, c.guid, c.document_id, c.code_id, c.start, c."end", c.text, '
    "ifnull(k.name, ''), c.memo, c.created, c.modified "
    "FROM codings c LEFT JOIN coders k ON k.id = c.coder_id "
)

# One query, answered from the covering index ``codings_document`` in its order (issue 16).
# The coder comes as its id (0: none), named by the small coders table read beside it.
_SPANS_SQL = ('SELECT start, "end", code_id, id, ifnull(coder_id, 0) FROM codings '
              'WHERE document_id = ? ORDER BY start, "end", id')
_CODERS_SQL = "SELECT id, name FROM coders"


def _read_span_index(conn: sqlite3.Connection, document_id: int) -> SpanIndex:
    cursor = conn.execute(_SPANS_SQL, (document_id,))
    packed = array("q")
    for rows in iter(lambda: cursor.fetchmany(4096), []):  # no list of 50,000 tuples at once
        packed.extend(chain.from_iterable(rows))
    return SpanIndex.from_packed(packed, dict(conn.execute(_CODERS_SQL)))


def _read_small_span_index(conn: sqlite3.Connection, document_id: int, at_most: int,
                           ) -> SpanIndex | None:
    rows = conn.execute(_SPANS_SQL + " LIMIT ?", (document_id, at_most + 1)).fetchall()
    if len(rows) > at_most:
        return None
    return SpanIndex.from_packed(array("q", chain.from_iterable(rows)),
                                 dict(conn.execute(_CODERS_SQL)))


def read_span_index(project_path: Path, document_id: int) -> SpanIndex:
    """``Codings.span_index`` on a read-only connection of its own, for a worker thread (one
    connection per thread): the window reads a document's codings without blocking."""
    conn = connect_ro(project_path)
    try:
        return _read_span_index(conn, document_id)
    finally:
        conn.close()


class Codings(Repository):
    """``project.codings``: codes applied to spans, and the counts the views show."""

    def add(
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
        with self.project.transaction():
            text = self.project.documents.text(document_id)
            check_span(start, end, len(text))
            code = self.project.codebook.get(code_id)
            check_applicable(code)
            stamp = now()
            coding = Coding(0, given_guid(guid), document_id, code_id, start, end,
                            text[start:end], coder or self.project.coder, memo, stamp, stamp)
            coding = self.put(coding)
            self._log("add", "coding", coding.guid, {"document": document_id, "code": code.guid,
                                                     "start": start, "end": end})
            self._changed(Change("codings", document_ids=frozenset({document_id}),
                                 code_ids=frozenset({code_id}), coding_ids=frozenset({coding.id})))
        return coding

    def put(self, c: Coding) -> Coding:
        """Insert a coding row as given (id 0: a new id), without history or notice: for the
        undo of other repositories' actions, inside the transaction their caller holds."""
        try:
            new_id = self.db.insert(
                'INSERT INTO codings (id, guid, document_id, code_id, start, "end", text, coder_id, '
                "memo, created, modified) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (c.id or None, c.guid, c.document_id, c.code_id, c.start, c.end, c.text,
                 self.project.coder_id(c.coder), c.memo, c.created, c.modified),
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
        return Coding(new_id, *[getattr(c, f) for f in Coding.__slots__[1:]])

    # -- rows changed by another repository's action: no history and no notice of their own,
    # inside the transaction (and under the history entry) of that action -------------------
    def repoint(self, rows: Iterable[tuple[int, int, str]]) -> None:
        """(coding id, code id, modified): codings moved to another code (merge, split, undo)."""
        self.db.executemany("UPDATE codings SET code_id = ?, modified = ? WHERE id = ?",
                            [(code_id, modified, i) for i, code_id, modified in rows])

    def set_memos(self, rows: Iterable[tuple[int, str, str]]) -> None:
        """(coding id, memo, modified): memos joined by a merge, or put back by its undo."""
        self.db.executemany("UPDATE codings SET memo = ?, modified = ? WHERE id = ?",
                            [(memo, modified, i) for i, memo, modified in rows])

    def shift(self, document_id: int, from_start: int, delta: int) -> None:
        """Move every coding of a document starting at ``from_start`` or later by ``delta``
        (an edit of the text before them; the quoted text stays)."""
        self.db.execute('UPDATE codings SET start = start + ?, "end" = "end" + ? '
                        "WHERE document_id = ? AND start >= ?",
                        (delta, delta, document_id, from_start))

    def set_spans(self, rows: Iterable[tuple[int, int, int, str]]) -> None:
        """(coding id, start, end, quoted text): spans an edit of the text changed, or undo."""
        self.db.executemany('UPDATE codings SET start = ?, "end" = ?, text = ? WHERE id = ?',
                            [(s, e, t, i) for i, s, e, t in rows])

    def delete_rows(self, ids: Iterable[int]) -> None:
        self.db.executemany("DELETE FROM codings WHERE id = ?", [(i,) for i in ids])

    def exist(self, code_id: int) -> bool:
        """Whether a code has any coding."""
        return self.db.one("SELECT 1 FROM codings WHERE code_id = ? LIMIT 1", (code_id,)) is not None

    def add_many(self, codings: Iterable[tuple[int, int, int, int]], coder: str | None = None,
                    ) -> int:
        """Many (document_id, code_id, start, end) at once, in one transaction (imports)."""
        n = 0
        with self.project.transaction():
            for document_id, code_id, start, end in codings:
                self.add(document_id, code_id, start, end, coder=coder)
                n += 1
        return n

    def add_spans(self, code_id: int, spans: Iterable[tuple[int, int, int]], *,
                  coder: str | None = None) -> list[Coding]:
        """Code many (document_id, start, end) spans with one code in one transaction, with one
        history entry per coding and one change notice (autocode: 10,000 codings through
        ``add`` took 10 s, here a fraction of a second). Returns them with their ids."""
        with self.project.transaction():
            code = self.project.codebook.get(code_id)
            if code.is_category:
                raise ConflictError(f"{code.name!r} is a category; apply one of its codes instead")
            name = coder or self.project.coder
            coder_id = self.project.coder_id(name)
            stamp = now()
            made: list[Coding] = []
            for document_id, start, end in spans:
                text = self.project.documents.text(document_id)
                check_span(start, end, len(text))
                made.append(Coding(0, given_guid(None), document_id, code_id, start, end,
                                   text[start:end], name, "", stamp, stamp))
            if not made:
                return []
            first = self.db.one("SELECT ifnull(max(id), 0) FROM codings")[0]
            seq = self.db.one("SELECT seq FROM sqlite_sequence WHERE name = 'codings'")
            first = max(first, seq[0] if seq else 0) + 1
            self.db.executemany(
                'INSERT INTO codings (id, guid, document_id, code_id, start, "end", text, '
                "coder_id, memo, created, modified) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                [(first + i, c.guid, c.document_id, code_id, c.start, c.end, c.text, coder_id,
                  "", stamp, stamp) for i, c in enumerate(made)])
            made = [Coding(first + i, *[getattr(c, f) for f in Coding.__slots__[1:]])
                    for i, c in enumerate(made)]
            # The same data as add() logs, written as JSON directly (json.dumps per entry was
            # a third of the time); every value is an integer or a GUID.
            self.project.history.log_many("add", "coding", [
                (c.guid, f'{{"document": {c.document_id}, "code": "{code.guid}", '
                         f'"start": {c.start}, "end": {c.end}}}') for c in made])
            self._changed(Change("codings", document_ids=frozenset(c.document_id for c in made),
                                 code_ids=frozenset({code_id}),
                                 coding_ids=frozenset(c.id for c in made)))
        return made

    def remove(self, coding_id: int) -> Coding:
        with self.project.transaction():
            coding = self.get(coding_id)
            self.db.execute("DELETE FROM codings WHERE id = ?", (coding_id,))
            self._log("remove", "coding", coding.guid, {"document": coding.document_id,
                                                        "code": coding.code_id,
                                                        "start": coding.start, "end": coding.end})
            self._changed(self.change_of(coding))
        return coding

    def remove_many(self, coding_ids: Iterable[int]) -> int:
        """Remove many codings with one set-based DELETE, one history entry each and one change
        notice (the undo of an autocode: 10,000 ``remove`` calls took 11 s). Refused, with
        nothing removed, if any of them is no longer there. Returns how many went."""
        ids = json.dumps(sorted(set(coding_ids)))
        with self.project.transaction():
            # only what the history and the notice need: no text, no coder names
            gone = self.db.execute(
                'SELECT id, guid, document_id, code_id, start, "end" FROM codings '
                "WHERE id IN (SELECT value FROM json_each(?))", (ids,)).fetchall()
            wanted = self.db.one("SELECT count(*) FROM json_each(?)", (ids,))[0]
            if len(gone) != wanted:
                raise NotFoundError(f"{wanted - len(gone)} of these {wanted} codings are no "
                                    "longer in the project (was it changed by another program?)")
            self.db.execute("DELETE FROM codings WHERE id IN (SELECT value FROM json_each(?))",
                            (ids,))
            # every value an integer or a GUID: JSON by hand (json.dumps was a fifth of it)
            self.project.history.log_many("remove", "coding", [
                (guid, f'{{"document": {d}, "code": {c}, "start": {a}, "end": {b}}}')
                for _, guid, d, c, a, b in gone])
            self._changed(Change("codings", document_ids=frozenset(r[2] for r in gone),
                                 code_ids=frozenset(r[3] for r in gone),
                                 coding_ids=frozenset(r[0] for r in gone)))
        return len(gone)

    def restore_many(self, codings: Sequence[Coding]) -> None:
        """Undo of ``remove_many``: the same ids, GUIDs and timestamps, in one statement."""
        with self.project.transaction():
            coder_ids = {name: self.project.coder_id(name) for name in {c.coder for c in codings}}
            try:
                self.db.executemany(
                    'INSERT INTO codings (id, guid, document_id, code_id, start, "end", text, '
                    "coder_id, memo, created, modified) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                    [(c.id, c.guid, c.document_id, c.code_id, c.start, c.end, c.text,
                      coder_ids[c.coder], c.memo, c.created, c.modified) for c in codings])
            except sqlite3.IntegrityError:
                raise ConflictError("the codings cannot come back: another coding has taken the "
                                    "place of one, or its document or code is gone (was the "
                                    "project changed by another program?)") from None
            self.project.history.log_many("restore", "coding", [
                (c.guid, f'{{"document": {c.document_id}, "start": {c.start}, "end": {c.end}}}')
                for c in codings])
            self._changed(self._change_of_many(codings))

    @staticmethod
    def _change_of_many(codings: Sequence[Coding]) -> Change:
        return Change("codings", document_ids=frozenset(c.document_id for c in codings),
                      code_ids=frozenset(c.code_id for c in codings),
                      coding_ids=frozenset(c.id for c in codings))

    def restore(self, coding: Coding) -> Coding:
        """Undo of ``remove``: the same id, GUID and timestamps come back."""
        with self.project.transaction():
            self.put(coding)
            self._log("restore", "coding", coding.guid, {"document": coding.document_id,
                                                         "start": coding.start, "end": coding.end})
            self._changed(self.change_of(coding))
        return coding

    def set_memo(self, coding_id: int, memo: str) -> tuple[Coding, Coding]:
        return self._edit_coding(coding_id, "memo", memo=memo)

    def set_span(self, coding_id: int, start: int, end: int) -> tuple[Coding, Coding]:
        with self.project.transaction():
            coding = self.get(coding_id)
            text = self.project.documents.text(coding.document_id)
            check_span(start, end, len(text))
            return self._edit_coding(coding_id, "span", start=start, end=end, text=text[start:end])

    def _edit_coding(self, coding_id: int, action: str, **fields: Any) -> tuple[Coding, Coding]:
        with self.project.transaction():
            old = self.get(coding_id)
            sets = ", ".join(f'"{k}" = ?' for k in fields)
            self.db.execute(f"UPDATE codings SET {sets}, modified = ? WHERE id = ?",
                            (*fields.values(), now(), coding_id))
            new = self.get(coding_id)
            self._log(action, "coding", old.guid,
                      {k: [getattr(old, k), getattr(new, k)] for k in fields if k != "text"})
            change = self.change_of(new)
            self._changed(Change("codings", change.document_ids,
                                 change.code_ids | {old.code_id}, change.coding_ids))
        return old, new

    @staticmethod
    def change_of(c: Coding) -> Change:
        return Change("codings", document_ids=frozenset({c.document_id}),
                      code_ids=frozenset({c.code_id}), coding_ids=frozenset({c.id}))

    def find(self, ref: int | str) -> Coding | None:
        if isinstance(ref, int):
            found = self._codings_where("c.id = ?", (ref,))
        else:
            found = self._codings_where("c.guid = ? COLLATE NOCASE", (ref.strip("{}"),))
        return found[0] if found else None

    def get(self, ref: int | str) -> Coding:
        found = self.find(ref)
        if found is None:
            raise NotFoundError(f"no coding {ref!r} in this project")
        return found

    def all(self, document_id: int | None = None, code_id: int | None = None) -> list[Coding]:
        """Codings in text order, of one document and/or one code, or all of them."""
        where: list[str] = []
        params: list[int] = []
        if document_id is not None:
            where.append("c.document_id = ?")
            params.append(document_id)
        if code_id is not None:
            where.append("c.code_id = ?")
            params.append(code_id)
        return self._codings_where(" AND ".join(where) or "1", params)

    def by_ids(self, ids: Iterable[int]) -> list[Coding]:
        """The codings of these ids that exist, in text order."""
        ids = list(ids)
        return self._codings_where(f"c.id IN ({','.join('?' * len(ids))})", ids) if ids else []

    def of_codes(self, code_ids: Iterable[int]) -> list[Coding]:
        """The codings of any of these codes, in text order."""
        ids = list(code_ids)
        return self._codings_where(f"c.code_id IN ({','.join('?' * len(ids))})", ids) if ids else []

    def _codings_where(self, where: str, params: Sequence[object]) -> list[Coding]:
        sql = _CODING_SELECT + f'WHERE {where} ORDER BY c.document_id, c.start, c."end", c.id'
        return [Coding(*row) for row in self.db.execute(sql, params)]

    def span_index(self, document_id: int) -> SpanIndex:
        """A document's codings as (start, end, code id, id, coder): all the view needs to
        paint and to filter by coder."""
        return _read_span_index(self.db.conn, document_id)

    def small_span_index(self, document_id: int, at_most: int) -> SpanIndex | None:
        """``span_index`` if the document has at most ``at_most`` codings (read in a few
        milliseconds), else None: the caller reads it on a worker thread instead."""
        return _read_small_span_index(self.db.conn, document_id, at_most)

    def count(self) -> int:
        return int(self.db.one("SELECT count(*) FROM codings")[0])

    def export_rows(self) -> Iterator[tuple[Any, ...]]:
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

    def export_rows_of(self, document_id: int) -> sqlite3.Cursor:
        """One document's rows for the coded-segments CSV, in the order of ``export_rows``:
        (guid, code_id, start, end, text, coder_id, memo, created, modified).

        Read by the index on (document_id, start, end), so no sort of every coding (with its
        text) is needed, and with ids rather than joined names, which the caller maps once.
        """
        return self.db.execute(
            'SELECT guid, code_id, start, "end", text, coder_id, memo, created, modified '
            'FROM codings WHERE document_id = ? ORDER BY start, "end", id', (document_id,))

    def counts_by_document(self) -> dict[int, int]:
        return dict(self.db.execute("SELECT document_id, count(*) FROM codings GROUP BY document_id"))

    def counts_by_code(self) -> dict[int, tuple[int, int]]:
        """Per code: (codings, documents coded)."""
        rows = self.db.execute(
            "SELECT code_id, count(*), count(DISTINCT document_id) FROM codings GROUP BY code_id")
        return {r[0]: (r[1], r[2]) for r in rows}

    def counts_by_code_and_document(self) -> dict[tuple[int, int], int]:
        """Codings per (code id, document id)."""
        rows = self.db.execute(
            "SELECT code_id, document_id, count(*) FROM codings GROUP BY code_id, document_id")
        return {(r[0], r[1]): r[2] for r in rows}

    def first_per_code(self) -> dict[int, Coding]:
        """Per code, its first coding in reading order (documents in their order): an example."""
        rows = self.db.execute(
            "SELECT id FROM (SELECT c.id, row_number() OVER (PARTITION BY c.code_id "
            'ORDER BY d.ord, d.id, c.start, c."end", c.id) AS n '
            "FROM codings c JOIN documents d ON d.id = c.document_id) WHERE n = 1")
        return {c.code_id: c for c in self.by_ids(r[0] for r in rows)}
