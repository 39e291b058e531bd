"""The charts for papers as data: code frequencies, co-occurrence, document portraits.

Each chart comes with the table behind it (written as CSV beside the picture); drawing is the
window's and the command line's business (gwot_reader/ui/chartpaint.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from gwot_reader.core.charts import KINDS, Bars, Chart, Heatmap, Strips
from gwot_reader.core.errors import GwotError
from gwot_reader.exchange.analysis import matrix_table
from gwot_reader.exchange.csvio import write_csv
from gwot_reader.store import Project

PORTRAIT_DOCUMENTS = 60  # strips in one portrait; more would be unreadable on a page
LEGEND = 20  # a longer legend would be taller than the strips

Table = tuple[list[str], list[list[Any]]]


def chart(project: Project, kind: str) -> tuple[Chart, Table]:
    """The chart of ``kind`` and its table (header, rows)."""
    if kind not in KINDS:
        raise GwotError(f"a chart is one of {', '.join(KINDS)}")
    return {"frequencies": _frequencies, "cooccurrence": _cooccurrence,
            "portrait": _portrait}[kind](project)


def write_table(table: Table, picture: str | Path) -> Path:
    """The table behind a chart, as the .csv beside its picture."""
    path = Path(picture).with_suffix(".csv")
    write_csv(path, *table)
    return path


def _colours(project: Project) -> dict[str, str]:
    tree = project.codebook.tree()
    return {tree.path(c.id): c.color for c in tree if not c.is_category}


def _frequencies(project: Project) -> tuple[Chart, Table]:
    _, codings = matrix_table(project, "codes", "documents", "codings")
    _, docs = matrix_table(project, "codes", "documents", "documents")
    rows = [[r[0], sum(r[1:]), sum(d[1:])] for r, d in zip(codings, docs, strict=True)]
    colours = _colours(project)
    bars = Bars("Codings per code", "codings", [r[0] for r in rows], [float(r[1]) for r in rows],
                [colours.get(r[0], "#888888") for r in rows])
    return bars, (["code_path", "codings", "documents"], rows)


def _cooccurrence(project: Project) -> tuple[Chart, Table]:
    header, rows = matrix_table(project, "codes", "codes", "codings")
    heat = Heatmap("Code co-occurrence", "codings of the row's code overlapping the column's",
                   [r[0] for r in rows], header[1:], [[float(v) for v in r[1:]] for r in rows])
    return heat, (header, rows)


def _portrait(project: Project) -> tuple[Chart, Table]:
    tree = project.codebook.tree()
    every = project.documents.all()
    docs = every[:PORTRAIT_DOCUMENTS]
    rows: list[list[Any]] = []
    marks: list[list[tuple[float, float, str]]] = []
    for d in docs:
        length = max(1, d.length)
        strip = []
        for c in project.codings.all(document_id=d.id):
            code = tree.by_id[c.code_id]
            strip.append((c.start / length, c.length / length, code.color))
            rows.append([d.name, tree.path(code.id), c.start, c.end, d.length])
        marks.append(strip)
    title = "Document portraits"
    if len(every) > PORTRAIT_DOCUMENTS:
        title += f" (first {PORTRAIT_DOCUMENTS} documents)"
    colours = _colours(project)
    used = list(dict.fromkeys(r[1] for r in rows))[:LEGEND]
    strips = Strips(title, "position in the document", [d.name for d in docs], marks,
                    [(p, colours[p]) for p in used])
    return strips, (["document", "code_path", "start", "end", "document_length"], rows)
