"""What the window's analysis docks read, in one place: the session hands them a ``Retrieval``
of the open project, so no widget touches the store (search hits, segments with filters,
matrices, charts, and the pickers' lists)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from gwot_reader.core.charts import Chart
from gwot_reader.core.codebook import CodebookTree
from gwot_reader.core.codingquery import Segment
from gwot_reader.core.matrix import Matrix
from gwot_reader.core.pages import page_of
from gwot_reader.core.retrieval import SegmentFilter
from gwot_reader.core.scope import expand
from gwot_reader.core.searchquery import SearchOptions
from gwot_reader.core.variables import DocumentSet, Variable
from gwot_reader.exchange.analysis import (
    document_groups,
    matrix_of,
    matrix_table,
    query_segments,
)
from gwot_reader.exchange.charts import Table, chart
from gwot_reader.exchange.csvio import write_csv
from gwot_reader.exchange.segments_csv import SEGMENT_COLUMNS, segment_rows
from gwot_reader.store import Project
from gwot_reader.store.analysis import CodingSpans, PagedSegments
from gwot_reader.store.search import SearchIndex

CONTEXT = 60
# (document id, document name, start, end, before, hit, after, page or None)
HitRow = tuple[int, str, int, int, str, str, str, "int | None"]


def find_rows(project: Project, query: str, options: SearchOptions,
              progress: Callable[[int, int, str], bool] | None = None) -> list[HitRow]:
    """Search hits as keyword-in-context rows; builds the index first if it is not complete
    (in steps, ``progress`` returning False stops)."""
    index = SearchIndex(project.db)
    if not index.complete and not options.regex:
        if not index.build(lambda done, total: progress(done, total, "indexing")
                           if progress else True):
            return []
    names = {d.id: d.name for d in project.documents.all()}
    rows: list[HitRow] = []
    starts: dict[int, list[int]] = {}
    for h in index.search(query, options):
        text = project.documents.text(h.document_id)
        if h.document_id not in starts:
            starts[h.document_id] = project.pages.starts(h.document_id)
        pages = starts[h.document_id]
        rows.append((h.document_id, names[h.document_id], h.start, h.end,
                     text[max(0, h.start - CONTEXT):h.start].replace("\n", " "),
                     text[h.start:h.end], text[h.end:h.end + CONTEXT].replace("\n", " "),
                     page_of(pages, h.start) if pages else None))
    return rows


class Retrieval:
    """Read-only questions the analysis docks ask of one open project."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.spans = CodingSpans(project)

    # -- the pickers' lists ---------------------------------------------------------------------
    def codebook(self) -> CodebookTree:
        return self.project.codebook.tree()

    def documents(self) -> list[tuple[int, str]]:
        return [(d.id, d.name) for d in self.project.documents.all()]

    def coders(self) -> list[str]:
        """Names of coders who coded something ('' for codings without one)."""
        return self.spans.used_coders()

    def sets(self) -> list[DocumentSet]:
        return self.project.sets.all()

    def variables(self) -> list[Variable]:
        return self.project.variables.all()

    def values(self, variable: str) -> list[str]:
        """A variable's values as the matrix rows show them, "(no value)" last if any."""
        labels, _ = document_groups(self.project, "variable:" + variable)
        return list(labels.values())

    def text(self, document_id: int) -> str:
        return self.project.documents.text(document_id)

    # -- segments -----------------------------------------------------------------------------
    def allowed_documents(self, f: SegmentFilter) -> frozenset[int] | None:
        """The documents every document picker allows (None: no picker restricts them)."""
        allowed = f.documents
        if f.sets is not None:
            members = self.project.sets.memberships()
            in_sets = frozenset(d for s in f.sets for d in members.get(s, []))
            allowed = in_sets if allowed is None else allowed & in_sets
        if f.variable and f.values is not None:
            labels, docs = document_groups(self.project, "variable:" + f.variable)
            picked = frozenset(d for k, label in labels.items() if label in f.values
                               for d in docs[k])
            allowed = picked if allowed is None else allowed & picked
        return allowed

    def segments(self, expr: str, f: SegmentFilter | None = None) -> Sequence[Segment]:
        """The query's segments (an empty query: every coding) that the pickers allow, in
        document order, then by position. Regions made by ``&`` have no code and stay when
        codes are picked; the codes picker keeps codings of those codes only. Without a
        query they are read a page at a time as they are asked for."""
        f = f or SegmentFilter()
        documents = self.allowed_documents(f)
        coder_ids = self.spans.coder_ids(f.coders) if f.coders else None
        ids: set[int] | None = None
        if f.codes is not None:
            tree = self.project.codebook.tree()
            ids = set(f.codes)
            if f.children:
                ids.update(c.id for code in f.codes for c in tree.descendants(code))
        if not expr.strip():
            return self.spans.paged(ids, documents, coder_ids)
        found = query_segments(self.project, expr, documents, f.coders)
        if ids is None:
            return found
        keep = {s.coding_id for s in self.spans.segments(ids, documents, coder_ids)}
        return [s for s in found if not s.coding_id or s.coding_id in keep]

    @staticmethod
    def documents_in(segments: Sequence[Segment]) -> int:
        """How many documents the segments are in (a paged list knows without reading them)."""
        if isinstance(segments, PagedSegments):
            return len(segments.documents)
        return len({s.document_id for s in segments})

    def segment_rows(self, segments: Sequence[Segment], label: str) -> list[tuple[Any, ...]]:
        """(guid, document id, name, title, code, start, end, text, coder, memo, ...) rows."""
        return list(self.spans.export_rows(segments, label))

    def export_segments(self, path: str, segments: Sequence[Segment], label: str) -> int:
        """The segments as the segments CSV; returns how many rows were written."""
        rows = self.spans.export_rows(segments, label)
        return write_csv(path, SEGMENT_COLUMNS, segment_rows(self.project, rows=rows))

    # -- matrices and charts --------------------------------------------------------------------
    def matrix(self, rows: str, cols: str, count: str) -> Matrix:
        return matrix_of(self.project, rows, cols, count)

    def write_matrix(self, path: str, rows: str, cols: str, count: str) -> tuple[int, int]:
        """The matrix as ``gwot-reader matrix`` writes it (tidy-wide CSV, or TSV for a .tsv);
        returns its rows and columns."""
        header, table = matrix_table(self.project, rows, cols, count)
        write_csv(path, header, table)
        return len(table), len(header) - 1

    def chart(self, kind: str) -> tuple[Chart, Table]:
        return chart(self.project, kind)

    def code_choices(self) -> list[tuple[int, str]]:
        """(id, path) of every code that can be applied (not categories)."""
        tree = self.project.codebook.tree()
        return [(c.id, tree.path(c.id)) for c in tree if not c.is_category]

    def expand_hits(self, rows: Iterable[HitRow], scope: str) -> list[tuple[int, int, int]]:
        """(document, start, end) of the hits widened to ``scope``, each span once."""
        return sorted({(r[0], *expand(self.text(r[0]), r[2], r[3], scope)) for r in rows})

    def not_coded(self, code_id: int, spans: Iterable[tuple[int, int, int]],
                  coder: str) -> list[tuple[int, int, int]]:
        """The spans that ``coder`` has not already coded with the code (coding the same hits
        twice codes them once, as ``autocode`` does)."""
        have = {(c.document_id, c.start, c.end) for c in self.project.codings.all(code_id=code_id)
                if c.coder == coder}
        return [s for s in spans if s not in have]

