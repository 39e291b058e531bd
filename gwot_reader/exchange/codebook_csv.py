"""Codebook CSV: the starter codebook's columns, plus guid, path and counts on export."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from gwot_reader.core.csvsafe import restore
from gwot_reader.core.errors import GwotError, ImportError_
from gwot_reader.core.model import Code
from gwot_reader.exchange.codebook_merge import (
    CodebookMerger,
    CodeEntry,
    MergeReport,
    normalise_colour,
    normalise_guid,
)
from gwot_reader.exchange.csvio import read_csv, write_csv
from gwot_reader.store import Project
from gwot_reader.store.backup import auto_backup

BASE_COLUMNS = ["code", "parent", "is_category", "color", "definition", "use_when",
                "do_not_use_when", "example"]
EXPORT_COLUMNS = [*BASE_COLUMNS, "guid", "path", "n_codings", "n_documents"]
TEXT_FIELDS = ["definition", "use_when", "do_not_use_when", "example", "memo"]
_TRUE = {"true", "1", "yes", "y", "t"}

__all__ = ["MergeReport", "export_codebook_csv", "import_codebook_csv"]


def export_codebook_csv(project: Project, path: str | Path, *, bom: bool = False,
                        neutralise: bool = True) -> int:
    if Path(path).suffix.lower() in (".xlsx", ".qdpx"):
        raise GwotError(f"a codebook is written as .csv, .tsv or .qdc, not {Path(path).suffix} "
                        "(a whole project: export --format qdpx)")
    return write_csv(path, EXPORT_COLUMNS, codebook_rows(project), bom=bom, neutralise=neutralise)


def codebook_rows(project: Project) -> list[list[Any]]:
    """The rows of the codebook export (EXPORT_COLUMNS), in tree order."""
    tree = project.codebook.tree()
    counts = project.codings.counts_by_code()
    rows = []
    for c in tree:
        parent = tree.parent(c.id)
        n, nd = counts.get(c.id, (0, 0))
        rows.append([c.name, tree.path(parent.id) if parent else "", str(c.is_category).lower(),
                     c.color, c.definition, c.use_when, c.do_not_use_when, c.example, c.guid,
                     tree.path(c.id), n, nd])
    return rows


def import_codebook_csv(project: Project, path: str | Path) -> MergeReport:
    """Merge a codebook table: match rows by GUID, then by path; add the rest. One transaction.

    Besides our own columns, the layouts of other tools are read (see ``codebook_table``):
    Taguette, QualCoder, MAXQDA and ATLAS.ti tables, as CSV, TSV or ``.xlsx``.
    """
    path = Path(path)
    header, rows = read_table(path)
    cols = codebook_columns(header, path.name)
    rows = [{key: row.get(h, "") or "" for key, h in cols.items()} for row in rows]
    merger = CodebookMerger(project)
    auto_backup(project.db, "before-codebook-import")
    with project.transaction():
        if "parent" in cols or not (sep := _separator(r["code"] for r in rows)):
            if cols.get("parent", "").strip().casefold() == "category":
                _categories(merger, rows)
            for lineno, row in enumerate(rows, start=2):
                # Texts are kept as written (a round trip must not eat their spaces or line breaks).
                _merge_row(merger, {k: restore(v if k in TEXT_FIELDS else v.strip())
                                    for k, v in row.items()}, lineno)
        else:
            _merge_paths(merger, rows, sep)
        return merger.finish()


def read_table(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    """Header and rows of a CSV, TSV or .xlsx codebook; a project file is named as one."""
    ext = path.suffix.lower()
    if ext == ".qdpx":
        raise ImportError_(f"{path.name} is a REFI-QDA project, not a codebook: import it as a "
                           f"project (gwot-reader import PROJECT {path.name}, or File > Import "
                           "project (REFI-QDA)…)")
    if ext in (".xlsx", ".xlsm"):
        return _read_xlsx(path)
    return read_csv(path)


def _read_xlsx(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    import zipfile

    from openpyxl import load_workbook  # only for .xlsx codebooks

    from gwot_reader.exchange.formats.zipsafe import open_zip

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportError_(f"{path} cannot be read: {exc.strerror}") from None
    open_zip(data, path.name, "Excel workbook")  # names and sizes checked before openpyxl unpacks
    try:
        import io

        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ImportError_(f"{path.name} is not a readable Excel workbook ({exc})") from None
    try:
        ws = wb.worksheets[0]
        cells = [["" if v is None else str(v) for v in row] for row in ws.iter_rows(values_only=True)]
    finally:
        wb.close()
    cells = [r for r in cells if any(v.strip() for v in r)]
    if not cells:
        raise ImportError_(f"{path.name} is empty")
    header = [h.strip() for h in cells[0]]
    return header, [dict(zip(header, r, strict=False)) for r in cells[1:]]


# Column names other tools use, as they read once lower-cased with '_' as a space.
_SYNONYMS = {
    "code": ("code", "name", "tag", "code name", "codename", "code system", "codes"),
    "parent": ("parent", "parent code", "category"),
    "is_category": ("is category",),
    "color": ("color", "colour", "code color", "code colour"),
    "definition": ("definition", "description", "code description", "comment", "code definition"),
    "use_when": ("use when", "inclusion", "inclusion criteria"),
    "do_not_use_when": ("do not use when", "exclusion", "exclusion criteria"),
    "example": ("example", "examples", "typical example"),
    "memo": ("memo", "code memo"),
    "guid": ("guid",),
}


def codebook_columns(header: list[str], name: str) -> dict[str, str]:
    """Our field -> the file's column for it, whatever the case or the tool's name for it."""
    norm = {" ".join(h.casefold().replace("_", " ").split()): h for h in header if h.strip()}
    cols = {}
    for key, names in _SYNONYMS.items():
        hit = next((norm[n] for n in names if n in norm), None)
        if hit is not None:
            cols[key] = hit
    if "code" not in cols:
        raise ImportError_(f"{name} is not a codebook table: it has no column of code names "
                           "(code, name or tag)")
    return cols


_SEPARATORS = (re.compile(r"\s*>\s*"), re.compile(r"\s*::\s*"), re.compile(r"\s*\\\s*"),
               re.compile(r"\s*/\s*"))


def _separator(names: Iterable[str]) -> re.Pattern[str] | None:
    """How a table without a parent column writes paths: ``A > B``, ``A::B``, ``A\\B`` or ``A/B``."""
    names = list(names)
    counts = [sum(1 for n in names if sep.search(n.strip())) for sep in _SEPARATORS]
    best = max(range(len(_SEPARATORS)), key=lambda i: counts[i])
    return _SEPARATORS[best] if counts[best] else None


def _categories(merger: CodebookMerger, rows: list[dict[str, str]]) -> None:
    """A ``category`` column (QualCoder) names categories no row defines: add them first."""
    names = {r["code"].strip().casefold() for r in rows}
    for row in rows:
        cat = row.get("parent", "").strip()
        if cat and cat.casefold() not in names and merger.resolve(cat) is None:
            merger.merge(CodeEntry(cat, "", {"is_category": True}, f"category {cat!r}"), None)


def _merge_paths(merger: CodebookMerger, rows: list[dict[str, str]], sep: re.Pattern[str]) -> None:
    """Rows whose names are paths: parents first; a parent no row names becomes a category."""
    items = []
    for lineno, row in enumerate(rows, start=2):
        parts = [p for p in sep.split(row["code"].strip()) if p]
        if not parts:
            raise ImportError_(f"line {lineno}: a code has no name")
        items.append((len(parts), lineno, parts, row))
    named = {"/".join(p.casefold() for p in parts) for _, _, parts, _ in items}
    made: dict[str, Code | None] = {}
    for _, lineno, parts, row in sorted(items, key=lambda t: (t[0], t[1])):
        parent = None
        for i in range(1, len(parts)):
            key = "/".join(p.casefold() for p in parts[:i])
            if key not in named and key not in made:
                made[key] = merger.merge(CodeEntry(parts[i - 1], "", {"is_category": True},
                                                   f"line {lineno}"), parent)
            parent = made.get(key) or merger.resolve("/".join(parts[:i]))
        clean = {k: restore(v if k in TEXT_FIELDS else v.strip()) for k, v in row.items()}
        clean["code"] = parts[-1]
        code = _merge_row(merger, clean, lineno, parent)
        made["/".join(p.casefold() for p in parts)] = code


def _merge_row(merger: CodebookMerger, row: dict[str, str], lineno: int,
               parent: Code | None = None) -> Code:
    where = f"line {lineno}"
    name = row.get("code", "")
    if not name:
        raise ImportError_(f"{where}: a code has no name")
    parent_ref = row.get("parent", "")
    if parent_ref:
        parent = merger.resolve(parent_ref)
        if parent is None:
            raise ImportError_(f"{where}: the parent {parent_ref!r} of {name!r} is not "
                               "defined above it")
    fields: dict[str, Any] = {k: row[k] for k in TEXT_FIELDS if k in row}
    if row.get("color"):
        fields["color"] = normalise_colour(row["color"], where)
    if row.get("is_category"):
        fields["is_category"] = row["is_category"].lower() in _TRUE
    return merger.merge(CodeEntry(name, normalise_guid(row.get("guid", ""), where), fields, where),
                        parent)
