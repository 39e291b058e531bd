"""Codings as bare spans for queries and matrices, and rows for exporting query results."""

from __future__ import annotations

import json
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from itertools import accumulate
from typing import Any, overload

from gwot_reader.core.codingquery import Segment
from gwot_reader.core.matrix import Coded
from gwot_reader.store.base import Repository


class CodingSpans(Repository):
    """Read-only views of the codings table sized for analysis: ids and spans, no text."""

    def coded(self, code_ids: Iterable[int] | None = None,
              document_ids: Iterable[int] | None = None,
              coder_ids: Iterable[int] | None = None) -> list[Coded]:
        """(document, code, coder, start, end) of the codings passing the filters (None: all)."""
        where, params = self._filters(code_ids, document_ids, coder_ids)
        rows = self.db.execute('SELECT document_id, code_id, ifnull(coder_id, 0), start, "end" '
                               f"FROM codings WHERE {where}", params)
        return list(map(Coded._make, rows))

    def segments(self, code_ids: Iterable[int] | None, document_ids: Iterable[int] | None = None,
                 coder_ids: Iterable[int] | None = None) -> list[Segment]:
        where, params = self._filters(code_ids, document_ids, coder_ids)
        rows = self.db.execute(f'SELECT document_id, start, "end", id FROM codings WHERE {where}',
                               params)
        return list(map(Segment._make, rows))

    def segments_in_order(self, document_ids: Iterable[int] | None = None,
                          coder_ids: Iterable[int] | None = None) -> list[Segment]:
        """Every coding passing the filters, in document order, then by position: one scan of
        the (document, start, end) index; sorted again only if documents were reordered."""
        where, params = self._filters(None, document_ids, coder_ids)
        found = list(map(Segment._make, self.db.execute(
            f'SELECT document_id, start, "end", id FROM codings WHERE {where} '
            'ORDER BY document_id, start, "end", id', params)))
        order = [r[0] for r in self.db.execute("SELECT id FROM documents ORDER BY ord, id")]
        if order != sorted(order):
            rank = {d: i for i, d in enumerate(order)}
            found.sort(key=lambda s: rank[s[0]])  # stable: positions stay in order
        return found

    def paged(self, code_ids: Iterable[int] | None = None,
              document_ids: Iterable[int] | None = None,
              coder_ids: Iterable[int] | None = None) -> PagedSegments:
        """Like ``segments_in_order``, but read a page at a time when asked for: the Segments
        browser shows the first of 100,000 segments without reading the others."""
        where, params = self._filters(code_ids, document_ids, coder_ids)
        order = [r[0] for r in self.db.execute("SELECT id FROM documents ORDER BY ord, id")]
        # "+": with codes given, grouping must not pick the (document, ...) index, which made
        # SQLite scan all 100,000 codings (1 s) where the (code, document, ...) one takes 10 ms
        return PagedSegments(self.db, where, params, order,
                             "+document_id" if code_ids is not None else "document_id")

    @staticmethod
    def _filters(code_ids: Iterable[int] | None, document_ids: Iterable[int] | None,
                 coder_ids: Iterable[int] | None) -> tuple[str, list[Any]]:
        where: list[str] = []
        params: list[Any] = []
        # codings without a coder have NULL there, which coder_ids() calls 0, as coders() does
        for column, ids in (("code_id", code_ids), ("document_id", document_ids),
                            ("ifnull(coder_id, 0)", coder_ids)):
            if ids is not None:
                where.append(f"{column} IN (SELECT value FROM json_each(?))")
                params.append(json.dumps(sorted(set(ids))))
        return " AND ".join(where) or "1", params

    def coders(self) -> dict[int, str]:
        """Coder names by id; codings without a coder count as id 0, named ''."""
        return {0: "", **dict(self.db.execute("SELECT id, name FROM coders ORDER BY name"))}

    def used_coders(self) -> list[str]:
        """Names of the coders who coded something, by name ('' for codings without one)."""
        used = {r[0] for r in self.db.execute("SELECT DISTINCT ifnull(coder_id, 0) FROM codings")}
        return [n for i, n in self.coders().items() if i in used]

    def coder_ids(self, names: Iterable[str]) -> list[int]:
        from gwot_reader.core.errors import NotFoundError

        known = {name: i for i, name in self.coders().items()}
        missing = [n for n in names if n not in known]
        if missing:
            raise NotFoundError(f"no coder {missing[0]!r} in this project")
        return [known[n] for n in names]

    def export_rows(self, segments: Sequence[Segment], label: str) -> Iterator[tuple[Any, ...]]:
        """Rows like ``Codings.export_rows`` for query results, in the segments' order. A
        region made by ``&`` has no coding: no GUID, coder or memo, and ``label`` (the query)
        in place of its code."""
        ids = [s.coding_id for s in segments if s.coding_id]
        rows = {r[0]: r[1:] for r in self.db.execute(
            'SELECT c.id, c.guid, c.code_id, c.text, ifnull(k.name, \'\'), c.memo, c.created, '
            "c.modified FROM codings c LEFT JOIN coders k ON k.id = c.coder_id "
            "WHERE c.id IN (SELECT value FROM json_each(?))", (json.dumps(ids),))}
        docs = {r[0]: (r[1], r[2]) for r in self.db.execute(
            "SELECT id, name, title FROM documents WHERE id IN (SELECT value FROM json_each(?))",
            (json.dumps(sorted({s.document_id for s in segments})),))}
        for s in segments:
            name, title = docs[s.document_id]
            if not s.coding_id:
                text = self.project.documents.text(s.document_id)[s.start:s.end]
                yield ("", s.document_id, name, title, label, s.start, s.end, text, "", "", "",
                       "")
            else:
                guid, code_id, text, coder, memo, created, modified = rows[s.coding_id]
                yield (guid, s.document_id, name, title, code_id, s.start, s.end, text, coder,
                       memo, created, modified)


class PagedSegments(Sequence[Segment]):
    """The codings passing some filters in document order, then by position, as a sequence
    that reads them in pages: its length and each document's share come from one count per
    document (an index scan), a page from the (document, start, end) index."""

    PAGE = 1000

    def __init__(self, db: Any, where: str, params: list[Any], order: list[int],
                 group: str = "document_id") -> None:
        self.db, self.where, self.params = db, where, params
        counts = dict(db.execute(f"SELECT document_id, count(*) FROM codings WHERE {where} "
                                 f"GROUP BY {group}", params))
        self.documents = [d for d in order if counts.get(d)]
        self._starts = list(accumulate((counts[d] for d in self.documents), initial=0))
        self._pages: dict[int, list[Segment]] = {}

    def __len__(self) -> int:
        return int(self._starts[-1])

    def pages_read(self) -> int:
        return len(self._pages)

    @overload
    def __getitem__(self, i: int) -> Segment: ...
    @overload
    def __getitem__(self, i: slice) -> list[Segment]: ...

    def __getitem__(self, i: int | slice) -> Segment | list[Segment]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        page = i // self.PAGE
        if page not in self._pages:
            self._pages[page] = self._read(page * self.PAGE, self.PAGE)
        return self._pages[page][i % self.PAGE]

    def _read(self, first: int, n: int) -> list[Segment]:
        """Segments [first, first + n): one query for the documents they lie in (a page of
        one code's codings spans hundreds of documents; a query each took a second)."""
        k = bisect_right(self._starts, first) - 1
        m = bisect_right(self._starts, min(first + n, len(self)) - 1) - 1
        docs = self.documents[k:m + 1]
        rank = {d: i for i, d in enumerate(docs)}
        rows = sorted(map(Segment._make, self.db.execute(
            f'SELECT document_id, start, "end", id FROM codings WHERE document_id IN '
            f"(SELECT value FROM json_each(?)) AND {self.where}",
            [json.dumps(docs), *self.params])), key=lambda s: (rank[s[0]], s[1], s[2], s[3]))
        skip = first - self._starts[k]
        return rows[skip:skip + n]

    def _rows(self, document_id: int) -> list[Segment]:
        return list(map(Segment._make, self.db.execute(
            f'SELECT document_id, start, "end", id FROM codings WHERE document_id = ? AND '
            f'{self.where} ORDER BY start, "end", id', [document_id, *self.params])))

    def __iter__(self) -> Iterator[Segment]:
        for d in self.documents:
            yield from self._rows(d)
