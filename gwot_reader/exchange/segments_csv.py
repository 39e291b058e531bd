"""The coded-segments CSV: one tidy row per coding, for R, pandas and spreadsheets."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import repeat
from pathlib import Path
from typing import Any

from gwot_reader.core.pages import Region, page_of
from gwot_reader.exchange.csvio import cell_formatter, csv_delimiter, write_lines
from gwot_reader.store import Project
from gwot_reader.store.exchange_rows import mapped_reads

SEGMENT_COLUMNS = [
    "coding_guid", "document", "document_title", "code", "code_path", "start", "end", "text",
    "context_before", "context_after", "coder", "memo", "created", "modified",
    # PDFs: the page (from 1) of the coding's start; region codings add their box in points
    # from the page's top left corner.
    "page", "x0", "y0", "x1", "y1",
]
CONTEXT = 80  # characters of context on each side
BATCH = 5000  # codings formatted and written at a time (bounds memory on a dense document)


def _where(region: Region | None, page_starts: list[int], start: int) -> list[object]:
    """The page and box cells of a row: the region's, else the page of ``start`` in a PDF."""
    if region is not None:
        return [region.page, *(round(v, 2) for v in region.box)]
    return [page_of(page_starts, start) if page_starts else "", "", "", "", ""]


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
        code, path = (code_id, code_id) if isinstance(code_id, str) else (names[code_id],
                                                                           paths[code_id])
        yield [guid, d_name, d_title, code, path, start, end, quote,
               text[max(0, start - context) : start], text[end : end + context], coder, memo,
               created, modified, *_where(regions.get(guid), page_starts, start)]


class _Blank(dict[Any, str]):
    """Names by id, empty for an id without one (a coding whose coder is unknown)."""

    def __missing__(self, key: Any) -> str:
        return ""


class SegmentLines:
    """The coded-segments CSV of every coding as text, one document's batch of lines at a time.

    Writes what ``segment_rows`` through ``write_csv`` writes, byte for byte, with the least
    Python per coding: names, titles, codes and coders are formatted once, each batch of
    codings is one list comprehension of f-strings, and only cells taken from the text (the
    quote, the context, the memo) are checked for quoting and formula starts.
    """

    def __init__(self, project: Project, path: str | Path, *, neutralise: bool = True,
                 context: int = CONTEXT) -> None:
        self.project, self.context = project, context
        self.sep = csv_delimiter(path)
        self.cell = cell_formatter(self.sep, neutralise)
        self.count = 0

    def __iter__(self) -> Iterator[str]:
        p, sep, cell, context = self.project, self.sep, self.cell, self.context
        yield sep.join(SEGMENT_COLUMNS) + "\r\n"
        tree = p.codebook.tree()
        codes = {c.id: f"{cell(c.name)}{sep}{cell(tree.path(c.id))}" for c in tree.by_id.values()}
        coders = _Blank({k: cell(name) for k, name in p.coders.by_id().items()})
        paged = p.pages.documents_with_pages()
        plain_tail = sep * 5 + "\r\n"
        for doc in p.documents.all():
            cursor = p.codings.export_rows_of(doc.id)
            text = ""
            head = f"{sep}{cell(doc.name)}{sep}{cell(doc.title)}{sep}"
            regions: dict[str, Region] = {}
            starts: list[int] = []
            while rows := cursor.fetchmany(BATCH):
                if not text:
                    text = p.documents.text(doc.id)
                    if doc.id in paged:
                        regions, starts = p.pages.regions(doc.id), p.pages.starts(doc.id)
                tails: Iterable[str] = repeat(plain_tail)  # (endless: zip stops at the rows)
                if doc.id in paged:
                    tails = [sep + sep.join(map(str, _where(regions.get(r[0]), starts, r[2])))
                             + "\r\n" for r in rows]
                yield "".join([
                    f"{cell(g)}{head}{codes[c]}{sep}{s}{sep}{e}{sep}{cell(q)}{sep}"
                    f"{cell(text[s - context if s > context else 0 : s])}{sep}"
                    f"{cell(text[e : e + context])}{sep}{coders[k]}{sep}{cell(m)}{sep}"
                    f"{cell(cr)}{sep}{cell(mo)}{tail}"
                    for (g, c, s, e, q, k, m, cr, mo), tail in zip(rows, tails, strict=False)])
                self.count += len(rows)


def export_segments_csv(project: Project, path: str | Path, *, bom: bool = False,
                        neutralise: bool = True, context: int = CONTEXT) -> int:
    lines = SegmentLines(project, path, neutralise=neutralise, context=context)
    with mapped_reads(project):
        write_lines(path, lines, bom=bom)
    return lines.count
