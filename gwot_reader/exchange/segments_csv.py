"""The coded-segments CSV: one tidy row per coding, for R, pandas and spreadsheets."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from gwot_reader.core.pages import page_of
from gwot_reader.exchange.csvio import write_csv
from gwot_reader.store import Project

SEGMENT_COLUMNS = [
    "coding_guid", "document", "document_title", "code", "code_path", "start", "end", "text",
    "context_before", "context_after", "coder", "memo", "created", "modified",
    # PDFs: the page (from 1) of the coding's start; region codings add their box in points
    # from the page's top left corner.
    "page", "x0", "y0", "x1", "y1",
]
CONTEXT = 80  # characters of context on each side


def segment_rows(project: Project, context: int = CONTEXT,
                 progress: Callable[[int], bool] | None = None,
                 rows: Iterable[tuple[Any, ...]] | None = None) -> Iterator[list[object]]:
    """CSV rows for ``rows`` shaped like ``project.codings.export_rows()`` (default: every
    coding). A row whose code is a string (a query's region, not a coding) shows that string
    as its code and code path."""
    tree = project.codebook.tree()
    names = {c.id: c.name for c in tree.by_id.values()}
    paths = {c.id: tree.path(c.id) for c in tree.by_id.values()}
    doc_id, text = None, ""
    regions = project.pages.regions()
    page_starts: list[int] = []
    for i, (guid, d_id, d_name, d_title, code_id, start, end, quote, coder, memo, created,
            modified) in enumerate(project.codings.export_rows() if rows is None else rows):
        if d_id != doc_id:
            doc_id, text = d_id, project.documents.text(d_id)
            page_starts = project.pages.starts(d_id)
        if progress and i % 5000 == 0 and progress(i) is False:
            return
        region = regions.get(guid)
        where: list[object]
        if region is not None:
            where = [region.page, *(round(v, 2) for v in region.box)]
        else:
            where = [page_of(page_starts, start) if page_starts else "", "", "", "", ""]
        code, path = (code_id, code_id) if isinstance(code_id, str) else (names[code_id],
                                                                           paths[code_id])
        yield [guid, d_name, d_title, code, path, start, end, quote,
               text[max(0, start - context) : start], text[end : end + context], coder, memo,
               created, modified, *where]


def export_segments_csv(project: Project, path: str | Path, *, bom: bool = False,
                        neutralise: bool = True, context: int = CONTEXT) -> int:
    return write_csv(path, SEGMENT_COLUMNS, segment_rows(project, context), bom=bom,
                     neutralise=neutralise)
