"""Codebook CSV: the starter codebook's columns, plus guid, path and counts on export."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from gwot_reader.core.csvsafe import restore
from gwot_reader.core.errors import ImportError_
from gwot_reader.exchange.csvio import read_csv, write_csv
from gwot_reader.store import Project

BASE_COLUMNS = ["code", "parent", "is_category", "color", "definition", "use_when",
                "do_not_use_when", "example"]
EXPORT_COLUMNS = [*BASE_COLUMNS, "guid", "path", "n_codings", "n_documents"]
TEXT_FIELDS = ["definition", "use_when", "do_not_use_when", "example"]
_TRUE = {"true", "1", "yes", "y", "t"}


@dataclass
class MergeReport:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (f"{len(self.added)} added, {len(self.changed)} changed, "
                f"{len(self.unchanged)} left as they were")


def export_codebook_csv(project: Project, path: str | Path, *, bom: bool = False,
                        neutralise: bool = True) -> int:
    tree = project.codebook()
    counts = project.coding_counts()
    rows = []
    for c in tree:
        parent = tree.parent(c.id)
        n, nd = counts.get(c.id, (0, 0))
        rows.append([c.name, tree.path(parent.id) if parent else "", str(c.is_category).lower(),
                     c.color, c.definition, c.use_when, c.do_not_use_when, c.example, c.guid,
                     tree.path(c.id), n, nd])
    return write_csv(path, EXPORT_COLUMNS, rows, bom=bom, neutralise=neutralise)


def import_codebook_csv(project: Project, path: str | Path) -> MergeReport:
    """Merge a codebook CSV: match rows by GUID, then by path; add the rest. One transaction."""
    header, rows = read_csv(path)
    if "code" not in header:
        raise ImportError_(f"{Path(path).name} is not a codebook CSV: it has no 'code' column")
    report = MergeReport()
    with project.transaction():
        for lineno, row in enumerate(rows, start=2):
            _merge_row(project, {k: restore(v.strip()) for k, v in row.items()}, lineno, report)
    return report


def _merge_row(project: Project, row: dict[str, str], lineno: int, report: MergeReport) -> None:
    name = row.get("code", "")
    if not name:
        raise ImportError_(f"line {lineno}: a code has no name")
    tree = project.codebook()
    parent_ref = row.get("parent", "")
    parent = None
    if parent_ref:
        parent = tree.resolve(parent_ref)
        if parent is None:
            raise ImportError_(f"line {lineno}: the parent {parent_ref!r} of {name!r} is not "
                               "defined above it")
    path = row.get("path") or (f"{tree.path(parent.id)}/{name}" if parent else name)
    existing = None
    if row.get("guid"):
        existing = project.find_code(row["guid"])
    if existing is None:
        existing = next((c for c in tree.by_id.values() if tree.path(c.id).casefold()
                         == path.casefold()), None)
    fields = {k: row[k] for k in TEXT_FIELDS if k in row}
    if row.get("color"):
        fields["color"] = _colour(row["color"], lineno)
    if "is_category" in row and row["is_category"]:
        fields["is_category"] = row["is_category"].lower() in _TRUE
    if existing is None:
        project.add_code(name, parent.id if parent else None, guid=row.get("guid") or None,
                         **fields)
        report.added.append(path)
        return
    if existing.name != name:
        fields["name"] = name
    diff = {k: v for k, v in fields.items() if getattr(existing, k) != v}
    if diff:
        project.update_code(existing.id, **diff)
    new_parent = parent.id if parent else None
    if new_parent != existing.parent_id:
        project.move_code(existing.id, new_parent)
        diff["parent"] = new_parent
    (report.changed if diff else report.unchanged).append(path)


def _colour(value: str, lineno: int) -> str:
    v = value.strip()
    if not v.startswith("#"):
        v = "#" + v
    if len(v) not in (4, 7) or any(ch not in "0123456789abcdefABCDEF" for ch in v[1:]):
        raise ImportError_(f"line {lineno}: {value!r} is not a colour like #RRGGBB")
    if len(v) == 4:
        v = "#" + "".join(ch * 2 for ch in v[1:])
    return v.upper()
