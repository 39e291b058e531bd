"""Document variables as CSV: a ``document`` column with the name, then one column per variable."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from gwot_reader.core.csvsafe import restore
from gwot_reader.core.errors import ImportError_
from gwot_reader.core.variables import Value, Variable, VariableError, infer_type, parse_value
from gwot_reader.exchange.csvio import read_csv, write_csv
from gwot_reader.store import Project

DOCUMENT_COLUMN = "document"
# Spreadsheets hold up to 32,767 characters a cell, other tools more; Python's csv module stops
# at 131,072 with a cryptic error. Raised while we read, so a long cell gets our own message.
FIELD_LIMIT = 64 * 1024 * 1024


@dataclass
class VariablesImport:
    """What an import changed, for the CLI and the window to report."""

    added: list[Variable] = field(default_factory=list)
    documents: int = 0
    set: int = 0
    cleared: int = 0
    unchanged: int = 0

    def summary(self) -> str:
        added = ", ".join(f"{v.name} ({v.type})" for v in self.added) or "none"
        return (f"{self.documents} documents: {self.set} values set, {self.cleared} cleared, "
                f"{self.unchanged} unchanged; variables added: {added}")


def export_variables_csv(project: Project, path: str | Path, *, bom: bool = False,
                         neutralise: bool = True) -> tuple[int, int]:
    """Write every document and variable; returns (documents, variables).

    Numbers are written as numbers (so a negative one is never taken for a formula);
    formula-like text is neutralised unless ``neutralise`` is False.
    """
    variables = project.variables.all()
    table = project.variables.table()
    docs = project.documents.all()
    rows = ([d.name, *(table.get(d.id, {}).get(v.id, "") for v in variables)] for d in docs)
    write_csv(path, [DOCUMENT_COLUMN, *(v.name for v in variables)], rows, bom=bom,
              neutralise=neutralise)
    return len(docs), len(variables)


@contextmanager
def _long_fields() -> Iterator[None]:
    old = csv.field_size_limit(FIELD_LIMIT)
    try:
        yield
    finally:
        csv.field_size_limit(old)


def import_variables_csv(project: Project, path: str | Path) -> VariablesImport:
    """Add the file's new variables and set its values, in one transaction (all or nothing).

    Columns match variables by name ignoring case; a new column becomes a number or date
    variable when every filled cell is one, else text. Rows match documents by name (or
    GUID). An empty cell clears the value. Our own neutralised cells (``'=...``) read back.
    """
    name = Path(path).name
    with _long_fields():
        header, rows = read_csv(path)
    lower = [h.casefold() for h in header]
    if DOCUMENT_COLUMN not in lower:
        raise ImportError_(f"{name} has no '{DOCUMENT_COLUMN}' column (it names the documents)")
    doc_col = header[lower.index(DOCUMENT_COLUMN)]
    columns = [h for h in header if h != doc_col]
    if not all(columns):
        raise ImportError_(f"{name}: a column has no name in the header")
    dupes = {h for h in columns if lower.count(h.casefold()) > 1}
    if dupes:
        raise ImportError_(f"{name}: the column {sorted(dupes)[0]!r} appears twice")
    cells = [[restore(r.get(h, "")) for h in columns] for r in rows]
    report = VariablesImport()
    changes: list[tuple[int, int, Value | None]] = []
    with project.transaction():
        existing = {v.name.casefold(): v for v in project.variables.all()}
        variables: list[Variable] = []
        for i, h in enumerate(columns):
            var = existing.get(" ".join(h.split()).casefold())
            if var is None:
                try:
                    var = project.variables.add(h, infer_type([c[i] for c in cells]))
                except VariableError as exc:
                    raise ImportError_(f"{name}: column {h!r}: {exc}") from None
                report.added.append(var)
            variables.append(var)
        current = project.variables.table()
        seen: set[int] = set()
        for line, (row, values) in enumerate(zip(rows, cells, strict=True), start=2):
            ref = row.get(doc_col, "").strip()
            if not ref:
                raise ImportError_(f"{name}, line {line}: the document cell is empty")
            doc = project.documents.find(restore(ref))
            if doc is None:
                raise ImportError_(f"{name}, line {line}: no document named {ref!r} in this "
                                   "project")
            if doc.id in seen:
                raise ImportError_(f"{name}, line {line}: {ref!r} has a second row")
            seen.add(doc.id)
            for var, raw in zip(variables, values, strict=True):
                try:
                    value = parse_value(var, raw)
                except VariableError as exc:
                    raise ImportError_(f"{name}, line {line}: {exc}") from None
                old = current.get(doc.id, {}).get(var.id)
                if old == value and type(old) is type(value):
                    report.unchanged += 1
                    continue
                changes.append((doc.id, var.id, value))
                if value is None:
                    report.cleared += 1
                else:
                    report.set += 1
        report.documents = len(seen)
        project.variables.set_values(changes)
    return report
