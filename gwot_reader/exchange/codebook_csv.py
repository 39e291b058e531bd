"""Codebook CSV: the starter codebook's columns, plus guid, path and counts on export."""

from __future__ import annotations

from pathlib import Path

from gwot_reader.core.csvsafe import restore
from gwot_reader.core.errors import ImportError_
from gwot_reader.exchange.codebook_merge import (
    CodebookMerger,
    CodeEntry,
    MergeReport,
    normalise_colour,
    normalise_guid,
)
from gwot_reader.exchange.csvio import read_csv, write_csv
from gwot_reader.store import Project

BASE_COLUMNS = ["code", "parent", "is_category", "color", "definition", "use_when",
                "do_not_use_when", "example"]
EXPORT_COLUMNS = [*BASE_COLUMNS, "guid", "path", "n_codings", "n_documents"]
TEXT_FIELDS = ["definition", "use_when", "do_not_use_when", "example"]
_TRUE = {"true", "1", "yes", "y", "t"}

__all__ = ["MergeReport", "export_codebook_csv", "import_codebook_csv"]


def export_codebook_csv(project: Project, path: str | Path, *, bom: bool = False,
                        neutralise: bool = True) -> int:
    return write_csv(path, EXPORT_COLUMNS, codebook_rows(project), bom=bom, neutralise=neutralise)


def codebook_rows(project: Project) -> list[list]:
    """The rows of the codebook export (EXPORT_COLUMNS), in tree order."""
    tree = project.codebook()
    counts = project.coding_counts()
    rows = []
    for c in tree:
        parent = tree.parent(c.id)
        n, nd = counts.get(c.id, (0, 0))
        rows.append([c.name, tree.path(parent.id) if parent else "", str(c.is_category).lower(),
                     c.color, c.definition, c.use_when, c.do_not_use_when, c.example, c.guid,
                     tree.path(c.id), n, nd])
    return rows


def import_codebook_csv(project: Project, path: str | Path) -> MergeReport:
    """Merge a codebook CSV: match rows by GUID, then by path; add the rest. One transaction."""
    header, rows = read_csv(path)
    if "code" not in header:
        raise ImportError_(f"{Path(path).name} is not a codebook CSV: it has no 'code' column")
    merger = CodebookMerger(project)
    with project.transaction():
        for lineno, row in enumerate(rows, start=2):
            # Texts are kept as written (a round trip must not eat their spaces or line breaks).
            _merge_row(merger, {k: restore(v if k in TEXT_FIELDS else v.strip())
                                for k, v in row.items()}, lineno)
        return merger.finish()


def _merge_row(merger: CodebookMerger, row: dict[str, str], lineno: int) -> None:
    where = f"line {lineno}"
    name = row.get("code", "")
    if not name:
        raise ImportError_(f"{where}: a code has no name")
    parent_ref = row.get("parent", "")
    parent = None
    if parent_ref:
        parent = merger.resolve(parent_ref)
        if parent is None:
            raise ImportError_(f"{where}: the parent {parent_ref!r} of {name!r} is not "
                               "defined above it")
    fields = {k: row[k] for k in TEXT_FIELDS if k in row}
    if row.get("color"):
        fields["color"] = normalise_colour(row["color"], where)
    if row.get("is_category"):
        fields["is_category"] = row["is_category"].lower() in _TRUE
    merger.merge(CodeEntry(name, normalise_guid(row.get("guid", ""), where), fields, where), parent)
