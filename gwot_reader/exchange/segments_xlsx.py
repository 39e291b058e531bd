"""Coded segments as an Excel workbook: segments, codebook, and a code x document matrix.

openpyxl (not XlsxWriter): one library both writes these workbooks and reads the .xlsx
codebooks that codebook import accepts, and its write-only mode streams rows, so 100,000
segments never sit in memory as cells. It is imported only when a workbook is made or read.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from gwot_reader.core.csvsafe import FORMULA_STARTS
from gwot_reader.exchange.codebook_csv import EXPORT_COLUMNS, codebook_rows
from gwot_reader.exchange.csvio import atomic_write
from gwot_reader.exchange.segments_csv import SEGMENT_COLUMNS, segment_rows
from gwot_reader.store import Project

MAX_CELL = 32767  # Excel's limit on a cell's characters; longer texts are cut with a mark
_ILLEGAL = {i for i in range(32) if i not in (9, 10, 13)}


def export_segments_xlsx(project: Project, path: str | Path, *, neutralise: bool = True) -> int:
    """Write the workbook; returns the number of segments.

    Formula-like texts are always stored as text cells (never formulas); ``neutralise`` also
    marks them with Excel's quote prefix, so that editing such a cell keeps it text.
    """
    from openpyxl import Workbook
    from openpyxl.cell.cell import WriteOnlyCell

    wb = Workbook(write_only=True)

    def sheet(title: str, header: list[str], rows: Iterable[list[Any]]) -> int:
        ws = wb.create_sheet(title)
        ws.append(header)
        n = 0
        for row in rows:
            ws.append([_cell(ws, v, WriteOnlyCell, neutralise) for v in row])
            n += 1
        return n

    n = sheet("segments", SEGMENT_COLUMNS, segment_rows(project))
    sheet("codebook", EXPORT_COLUMNS, codebook_rows(project))
    docs = project.documents.all()
    tree = project.codebook.tree()
    counts = project.codings.counts_by_code_and_document()
    sheet("code x document", ["code_path", *[d.name for d in docs], "total"],
          ([tree.path(c.id), *[counts.get((c.id, d.id), 0) for d in docs],
            sum(counts.get((c.id, d.id), 0) for d in docs)] for c in tree if not c.is_category))
    with atomic_write(path, "wb") as fh:
        wb.save(fh)
    return n


def _cell(ws: Any, value: Any, cell_class: Any, neutralise: bool) -> Any:
    if value.__class__ is not str:
        return value
    if any(ord(ch) in _ILLEGAL for ch in value[:MAX_CELL]):
        value = "".join(ch for ch in value if ord(ch) not in _ILLEGAL)
    if len(value) > MAX_CELL:
        value = value[:MAX_CELL - 1] + "…"
    if value and value[0] in FORMULA_STARTS:
        cell = cell_class(ws, value)
        cell.data_type = "s"  # text, never a formula
        if neutralise:
            cell.quotePrefix = True
        return cell
    return value
