"""Codings from a coded-segments CSV (ours, exported by another copy of a project).

Rows find their document by GUID or name and their code by GUID or path; the quoted text
must be the document's text at ``[start, end)``, else the quote is looked for in the document
(the nearest occurrence wins), else the row is refused. Codings already present (same GUID)
are skipped. The rows that pass are written in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from gwot_reader.core.csvsafe import restore
from gwot_reader.core.errors import GwotError, ImportError_
from gwot_reader.core.model import Code, Document
from gwot_reader.core.textnorm import normalise_newlines
from gwot_reader.exchange.csvio import read_csv
from gwot_reader.exchange.qdpx.ids import as_guid, is_guid, parse_datetime
from gwot_reader.exchange.qdpx.positions import nearest
from gwot_reader.store import Project
from gwot_reader.store.base import new_guid
from gwot_reader.store.exchange_rows import CodingRow, insert_codings, insert_region, present_coding_guids

_BOX = ("x0", "y0", "x1", "y1")


@dataclass
class CodingsReport:
    added: int = 0
    reanchored: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (f"{self.added} codings added ({len(self.reanchored)} re-anchored by their quote), "
                f"{len(self.skipped)} skipped, {len(self.refused)} refused")

    def details(self) -> list[str]:
        return ([f"re-anchored {r}" for r in self.reanchored] + [f"skipped {s}" for s in self.skipped]
                + [f"refused {r}" for r in self.refused])


def import_codings_csv(project: Project, path: str | Path) -> CodingsReport:
    path = Path(path)
    header, rows = read_csv(path)
    cols = {h.casefold(): h for h in header}
    need = [c for c in ("start", "end", "text") if c not in cols]
    if need or not ({"document", "document_guid"} & cols.keys()) or \
            not ({"code_path", "code", "code_guid"} & cols.keys()):
        raise ImportError_(f"{path.name} is not a coded-segments CSV: it needs document, code_path "
                           "(or code), start, end and text columns")
    report = CodingsReport()
    docs: dict[str, Document | None] = {}
    codes: dict[str, Code | None] = {}
    tree = project.codebook.tree()
    present = present_coding_guids(project, [as_guid(r.get(cols.get("coding_guid", ""), ""))
                                             for r in rows if r.get(cols.get("coding_guid", ""))])
    seen: set[str] = set()
    out: list[CodingRow] = []
    regions: list[tuple[str, int, int, tuple[float, ...]]] = []

    def cell(row: dict[str, str], name: str) -> str:
        return restore(row.get(cols.get(name, ""), "") or "")

    for lineno, row in enumerate(rows, start=2):
        where = f"line {lineno}"
        raw_guid = cell(row, "coding_guid").strip()
        guid = as_guid(raw_guid) if is_guid(raw_guid) else ""
        if guid and (guid in present or guid in seen):
            report.skipped.append(f"{where}: coding {guid} is already in the project")
            continue
        doc_ref = cell(row, "document_guid").strip() or cell(row, "document").strip()
        if doc_ref not in docs:
            docs[doc_ref] = project.documents.find(doc_ref) if doc_ref else None
        doc = docs[doc_ref]
        if doc is None:
            report.refused.append(f"{where}: no document {doc_ref!r} in this project")
            continue
        code_ref = (cell(row, "code_guid").strip() or cell(row, "code_path").strip()
                    or cell(row, "code").strip())
        if code_ref not in codes:
            try:
                codes[code_ref] = (project.codebook.find_by_guid(code_ref) if is_guid(code_ref) else
                                   tree.resolve(code_ref)) if code_ref else None
            except GwotError:
                codes[code_ref] = None
        code = codes[code_ref]
        if code is None or code.is_category:
            what = "is a category" if code else "is not in the codebook"
            report.refused.append(f"{where}: code {code_ref!r} {what}")
            continue
        try:
            start, end = int(cell(row, "start")), int(cell(row, "end"))
        except ValueError:
            report.refused.append(f"{where}: start and end must be whole numbers")
            continue
        text = project.documents.text(doc.id)
        quote = normalise_newlines(cell(row, "text"))
        if not (0 <= start < end <= len(text) and text[start:end] == quote):
            at = nearest(text, quote, start, window=None)
            if at is None:
                report.refused.append(f"{where}: the quote is not in {doc.name!r} at [{start}, {end}) "
                                      "nor anywhere else")
                continue
            report.reanchored.append(f"{where}: [{start}, {end}) -> [{at}, {at + len(quote)})")
            start, end = at, at + len(quote)
        guid = guid or new_guid()
        seen.add(guid)
        created = parse_datetime(cell(row, "created"))
        out.append((guid, doc.id, code.id, start, end, text[start:end],
                    cell(row, "coder").strip() or project.coder, cell(row, "memo"), created,
                    parse_datetime(cell(row, "modified")) or created))
        box = [cell(row, k).strip() for k in _BOX]
        page = cell(row, "page").strip()
        if all(box) and page.isdigit():
            try:
                regions.append((guid, doc.id, int(page), tuple(float(v) for v in box)))
            except ValueError:
                pass
    with project.transaction():
        report.added = insert_codings(project, out, source=path.name)
        for g, d, page_no, b in regions:
            insert_region(project, g, d, page_no, b)  # type: ignore[arg-type]
    return report

