"""Analysis in and out: search hits, autocoding, coding queries and matrices as tables."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from gwot_reader.core.codingquery import Segment, code_refs, evaluate, parse_query
from gwot_reader.core.errors import ConflictError, NotFoundError
from gwot_reader.core.matrix import GROUPS, Matrix, invert, matrix
from gwot_reader.core.scope import expand
from gwot_reader.core.searchquery import SearchOptions
from gwot_reader.core.variables import Value, format_value
from gwot_reader.exchange.segments_csv import CONTEXT, segment_rows
from gwot_reader.store import Project
from gwot_reader.store.analysis import CodingSpans
from gwot_reader.store.search import Hit, SearchIndex

SEARCH_COLUMNS = ["document", "document_guid", "start", "end", "text", "context_before",
                  "context_after"]


def document_ids(project: Project, refs: Iterable[str]) -> frozenset[int] | None:
    """Documents named (or by GUID); None when no names are given (every document)."""
    refs = list(refs)
    return frozenset(project.documents.get(r).id for r in refs) if refs else None


def search_hits(project: Project, query: str, options: SearchOptions) -> list[Hit]:
    return list(SearchIndex(project.db).search(query, options))


def search_rows(project: Project, hits: Iterable[Hit], context: int = CONTEXT,
                ) -> Iterator[list[Any]]:
    docs = {d.id: d for d in project.documents.all()}
    for h in hits:
        text = project.documents.text(h.document_id)
        d = docs[h.document_id]
        yield [d.name, d.guid, h.start, h.end, text[h.start:h.end],
               text[max(0, h.start - context):h.start], text[h.end:h.end + context]]


@dataclass(frozen=True)
class AutocodeResult:
    made: int  # codings made (or that would be made, for a dry run)
    skipped: int  # hits whose span (after scope) that code and coder already had


def autocode(project: Project, hits: Iterable[Hit], code_ref: str, *, scope: str = "hit",
             coder: str | None = None, dry_run: bool = False) -> AutocodeResult:
    """Code every hit (widened to ``scope``) in one transaction; a span already coded with
    the code by the coder, or given twice, is coded once."""
    code = project.codebook.get(code_ref)
    if code.is_category:
        raise ConflictError(f"{code.name!r} is a category; give one of its codes")
    coder_name = coder or project.coder
    spans: set[tuple[int, int, int]] = set()
    for h in hits:
        text = project.documents.text(h.document_id)
        spans.add((h.document_id, *expand(text, h.start, h.end, scope)))
    have = {(c.document_id, c.start, c.end) for c in project.codings.all(code_id=code.id)
            if c.coder == coder_name}
    todo = sorted(spans - have)
    if not dry_run and todo:
        project.codings.add_spans(code.id, todo, coder=coder_name)
    return AutocodeResult(len(todo), len(spans) - len(todo))


def query_segments(project: Project, expr: str, documents: frozenset[int] | None = None,
                   coders: Iterable[str] = ()) -> list[Segment]:
    """The segments a coding query gives (an empty query: every coding), in document order,
    then by position."""
    spans = CodingSpans(project)
    coder_ids = spans.coder_ids(coders) if coders else None
    if not expr.strip():
        return spans.segments_in_order(documents, coder_ids)
    node = parse_query(expr)
    tree = project.codebook.tree()
    operands: dict[str, list[Segment]] = {}
    for ref in code_refs(node):
        code = tree.resolve(ref)
        if code is None:
            raise NotFoundError(f"no code {ref!r} in this project (give its path or name)")
        ids = [code.id] + [c.id for c in tree.descendants(code.id)]
        operands[ref] = spans.segments(ids, documents, coder_ids)
    result = evaluate(node, operands.__getitem__)
    order = {d.id: i for i, d in enumerate(project.documents.all())}
    return sorted(result, key=lambda s: (order[s.document_id], s.start, s.end, s.coding_id))


def query_rows(project: Project, expr: str, segments: list[Segment]) -> Iterator[list[Any]]:
    """Segments-CSV rows for a query's result."""
    label = str(parse_query(expr)).removeprefix("(").removesuffix(")") if expr.strip() else ""
    return segment_rows(project, rows=CodingSpans(project).export_rows(segments, label))


NO_VALUE = "(no value)"


def document_groups(project: Project, rows: str) -> tuple[dict[int, str], dict[int, list[int]]]:
    """Rows that group documents: ``sets`` (one row per set) or ``variable:NAME`` (one row
    per value, in the value's order, then documents without one): labels by row key, and the
    documents of each row."""
    if rows == "sets":
        sets = project.sets.all()
        members = project.sets.memberships()
        return {s.id: s.name for s in sets}, {s.id: members.get(s.id, []) for s in sets}
    var = project.variables.get(rows.removeprefix("variable:"))
    by_value: dict[Value, list[int]] = {}
    table = project.variables.table()
    missing = []
    for d in project.documents.all():
        value = table.get(d.id, {}).get(var.id)
        if value is None or value == "":
            missing.append(d.id)
        else:
            by_value.setdefault(value, []).append(d.id)
    ordered = sorted(by_value, key=lambda v: (isinstance(v, str), v))
    labels = {i: format_value(v) for i, v in enumerate(ordered)}
    docs = {i: by_value[v] for i, v in enumerate(ordered)}
    if missing:
        labels[len(ordered)] = NO_VALUE
        docs[len(ordered)] = missing
    return labels, docs


def is_group_rows(rows: str) -> bool:
    """Whether a dimension groups documents (``sets``, ``variable:NAME``), rows or columns."""
    return rows == "sets" or rows.startswith("variable:")


def matrix_of(project: Project, rows: str, cols: str, count: str = "codings") -> Matrix:
    """Rows and columns: codes, documents or coders, or ``sets`` or ``variable:NAME``."""
    if rows == cols and is_group_rows(rows):
        raise ConflictError(f"{rows} x {cols} is not a matrix; choose two different dimensions "
                            "(or codes x codes for co-occurrence)")
    spans = CodingSpans(project)
    coders = spans.coders()
    labels: dict[str, dict[int, str]] = {
        "codes": _code_labels(project),
        "documents": {d.id: d.name for d in project.documents.all()}}
    members: dict[str, dict[int, frozenset[int]]] = {}
    by_document: list[dict[int, list[int]]] = []
    for dim in (rows, cols):
        if is_group_rows(dim):
            labels[dim], docs = document_groups(project, dim)
            members[dim] = {k: frozenset(v) for k, v in docs.items()}
            by_document.append(invert(docs))
        else:
            by_document.append({})
    cells = matrix(spans.coded(), GROUPS if rows in members else rows,
                   GROUPS if cols in members else cols, count, *by_document)
    used = {pair[0] if rows == "coders" else pair[1] for pair in cells}
    # coders who coded nothing are left out; codings without one show as such
    labels["coders"] = {i: n or "(no coder)" for i, n in coders.items() if i in used}
    return Matrix(list(labels[rows]), list(labels[cols]), labels[rows], labels[cols], cells,
                  members.get(rows), members.get(cols))


def matrix_table(project: Project, rows: str, cols: str, count: str = "codings",
                 ) -> tuple[list[str], list[list[Any]]]:
    """A tidy-wide table: the header names the columns (code paths, document or coder
    names, set names or a variable's values) after the row dimension; every row starts with
    its row's name."""
    m = matrix_of(project, rows, cols, count)
    first = rows.removeprefix("variable:") if rows.startswith("variable:") else rows[:-1]
    header = [first] + [m.col_labels[k] for k in m.cols]
    return header, [[m.row_labels[r]] + [m.cells.get((r, c), 0) for c in m.cols]
                    for r in m.rows]


def _code_labels(project: Project) -> dict[int, str]:
    tree = project.codebook.tree()
    return {c.id: tree.path(c.id) for c in tree if not c.is_category}
