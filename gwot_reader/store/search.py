"""Corpus search: the FTS5 index (built in short steps), word queries, regular expressions."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from gwot_reader.core.folding import FoldedText, fold, has_no_space_script
from gwot_reader.core.searchquery import (
    BoolOp,
    Near,
    Node,
    QueryError,
    SearchOptions,
    Term,
    fts5_near,
    fts5_query,
    fts5_term,
    locate,
    matches,
    parse_search,
)
from gwot_reader.store.db import Database

BULK = 20  # documents in one import beyond which their indexing waits for the first search
COMPLETE = 2**63 - 1  # meta 'search_indexed_upto' once every document is indexed
_BUILD_STEP = 50  # documents per build transaction (~2.5 MB of text: a short write lock)


@dataclass(frozen=True, slots=True)
class Hit:
    """A match: ``text[start:end]`` of the document's canonical text, in code points."""

    document_id: int
    start: int
    end: int


class SearchIndex:
    """Owns the search tables' SQL. One instance per connection (thread)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    # -- building -----------------------------------------------------------------------------
    def _upto(self) -> int:
        row = self.db.one("SELECT CAST(value AS INTEGER) FROM meta "
                          "WHERE key = 'search_indexed_upto'")
        return int(row[0]) if row else 0

    @property
    def complete(self) -> bool:
        return self._upto() == COMPLETE

    def pending(self) -> int:
        """Documents not yet in the index."""
        upto = self._upto()
        return 0 if upto == COMPLETE else self.db.one(
            "SELECT count(*) FROM documents WHERE id > ?", (upto,))[0]

    def defer(self) -> None:
        """Leave the documents added from now on to ``build``, not to the triggers.

        For imports of many documents: the triggers' script test (GLOB) costs about 9 ms per
        50 KB of text, 9 s for a thousand documents, inside the import's transaction. The
        index then catches up in short steps the first time anyone searches."""
        if self.complete:
            top = self.db.one("SELECT coalesce(max(id), 0) FROM documents")[0]
            self.db.execute("UPDATE meta SET value = ? WHERE key = 'search_indexed_upto'",
                            (str(top),))

    def build(self, progress: Callable[[int, int], bool] | None = None) -> bool:
        """Index the documents not yet indexed, a few per transaction, so other writers wait
        at most a fraction of a second. ``progress(done, total)`` returning False stops
        (what is done stays done). Returns whether the index is complete."""
        total = self.pending()
        done = 0
        while not self.complete:
            with self.db.transaction():
                upto = self._upto()
                rows = self.db.execute("SELECT id, text FROM documents WHERE id > ? ORDER BY id "
                                       "LIMIT ?", (upto, _BUILD_STEP)).fetchall()
                ids = [r[0] for r in rows]
                if ids:
                    self.db.execute("INSERT INTO search_words (rowid, text) SELECT id, text "
                                    "FROM documents WHERE id > ? AND id <= ?", (upto, ids[-1]))
                    # The triggers test the same with GLOB, which takes 9 ms on 50 KB of text;
                    # a regex in Python takes a fraction of that.
                    spaced = json.dumps([i for i, text in rows if has_no_space_script(text)])
                    self.db.execute("INSERT INTO search_trigram (rowid, text) SELECT id, text "
                                    "FROM documents WHERE id IN (SELECT value FROM json_each(?))",
                                    (spaced,))
                new_upto = ids[-1] if len(ids) == _BUILD_STEP else COMPLETE
                self.db.execute("UPDATE meta SET value = ? WHERE key = 'search_indexed_upto'",
                                (str(new_upto),))
            done += len(ids)
            if progress is not None and progress(done, total) is False:
                break
        return self.complete

    # -- searching ----------------------------------------------------------------------------
    def search(self, query: str, options: SearchOptions | None = None) -> Iterator[Hit]:
        """Hits in document order, then by position. Raises QueryError for a bad query."""
        options = options or SearchOptions()
        if options.regex:
            yield from self._regex(query, options)
            return
        node = parse_search(query)
        if not self.complete:
            self.build()
        # The word index folds case and diacritics: with either kept its documents are only
        # candidates (a NOT must not drop a document for a word that differs in case).
        exact = options.fold_case and options.fold_diacritics
        ids = self._candidates(node, exact)
        if options.document_ids is not None:
            ids &= options.document_ids
        for doc_id, text in self._texts(ids):
            folded = FoldedText(text, case=options.fold_case, marks=options.fold_diacritics)
            if not exact and not matches(node, folded, options.fold_case,
                                         options.fold_diacritics):
                continue
            for start, end in locate(node, folded, options.fold_case, options.fold_diacritics):
                yield Hit(doc_id, start, end)

    def count_documents(self, query: str) -> int:
        """Documents the index selects for a query (no locating): the bare FTS5 cost."""
        return len(self._candidates(parse_search(query)))

    def ranked_documents(self, query: str, limit: int | None = None) -> list[int]:
        """Documents matching a query, best first (FTS5's bm25 rank) where the word index can
        rank them all; otherwise in document order."""
        node = parse_search(query)
        expr = fts5_query(node)
        if expr is None:
            ids = self._candidates(node)
            order = [r[0] for r in self.db.execute("SELECT id FROM documents ORDER BY ord, id")]
            return [i for i in order if i in ids][:limit]
        return [r[0] for r in self.db.execute(
            "SELECT rowid FROM search_words WHERE search_words MATCH ? ORDER BY rank LIMIT ?",
            (expr, -1 if limit is None else limit))]

    def _candidates(self, node: Node, exact: bool = True) -> set[int]:
        """Documents that may match; exactly those when ``exact`` (the index folds as asked),
        else a superset: NOT's right side then removes nothing here."""
        expr = fts5_query(node)
        if expr is not None and isinstance(node, BoolOp) and exact:  # one FTS5 query for all
            return self._match("search_words", expr)
        if isinstance(node, BoolOp):
            left = self._candidates(node.left, exact)
            if node.op == "AND":
                return left & self._candidates(node.right, exact) if left else left
            if node.op == "OR":
                return left | self._candidates(node.right, exact)
            return left - self._candidates(node.right) if left and exact else left
        if isinstance(node, Near):
            if any(t.substring for t in node.terms):
                sets = [self._term_docs(t) for t in node.terms]
                return set.intersection(*sets)
            return self._match("search_words", fts5_near(node))
        return self._term_docs(node)

    def _term_docs(self, term: Term) -> set[int]:
        if not term.substring:
            return self._match("search_words", fts5_term(term))
        found = {r[0] for r in self.db.execute("SELECT id FROM search_trigram_docsize")}
        for word in term.words:
            if len(word) >= 3:  # trigrams need three characters; shorter words are located
                found &= self._match("search_trigram", fts5_term(Term((word,))))
        return found

    def _match(self, table: str, expr: str) -> set[int]:
        return {r[0] for r in self.db.execute(
            f"SELECT rowid FROM {table} WHERE {table} MATCH ?", (expr,))}

    def _texts(self, ids: Iterable[int] | None) -> Iterator[tuple[int, str]]:
        """(id, text) in document order; all documents for None."""
        if ids is None:
            yield from self.db.execute("SELECT id, text FROM documents ORDER BY ord, id")
            return
        wanted = set(ids)
        if not wanted:
            return
        order = self.db.execute("SELECT id FROM documents ORDER BY ord, id")
        for (doc_id,) in list(order):
            if doc_id in wanted:
                row = self.db.one("SELECT text FROM documents WHERE id = ?", (doc_id,))
                yield doc_id, row[0]

    def _regex(self, pattern: str, options: SearchOptions) -> Iterator[Hit]:
        flags = re.IGNORECASE if options.fold_case else 0
        if options.fold_diacritics:
            pattern = fold(pattern, case=False, marks=True)
        try:
            rx = re.compile(pattern, flags)
        except re.error as exc:
            raise QueryError(f"bad regular expression: {exc}") from None
        for doc_id, text in self._texts(options.document_ids):
            if options.fold_diacritics:
                folded = FoldedText(text, case=False, marks=True)
                for m in rx.finditer(folded.folded):
                    if m.end() > m.start():
                        start, end = folded.span(m.start(), m.end())
                        yield Hit(doc_id, start, end)
            else:
                for m in rx.finditer(text):
                    if m.end() > m.start():
                        yield Hit(doc_id, m.start(), m.end())
