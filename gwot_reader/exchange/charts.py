"""Charts for papers: code frequencies, co-occurrence heatmap, document portraits.

matplotlib is imported here only, when a chart is drawn, so start-up never pays for it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from gwot_reader.core.errors import GwotError
from gwot_reader.exchange.analysis import matrix_table
from gwot_reader.exchange.csvio import write_csv
from gwot_reader.store import Project

KINDS = ("frequencies", "cooccurrence", "portrait")
PORTRAIT_DOCUMENTS = 60  # strips in one portrait; more would be unreadable on a page
DPI = 300


def draw_chart(project: Project, kind: str, path: str | Path) -> Path:
    """Draw the chart to ``path`` (.png at 300 dpi, or .svg) and its table to the .csv beside
    it; returns the table's path."""
    path = Path(path)
    if path.suffix.lower() not in (".png", ".svg"):
        raise GwotError(f"{path.name}: a chart is written as .png or .svg")
    if kind not in KINDS:
        raise GwotError(f"a chart is one of {', '.join(KINDS)}")
    from matplotlib.figure import Figure

    header, rows, fig = {"frequencies": _frequencies, "cooccurrence": _cooccurrence,
                         "portrait": _portrait}[kind](project, Figure)
    table = path.with_suffix(".csv")
    write_csv(table, header, rows)
    fig.savefig(str(path), dpi=DPI, bbox_inches="tight", metadata=_metadata(path))
    return table


def _metadata(path: Path) -> dict[str, Any]:
    # No creation date, so the same project gives the same file.
    return {"Date": None} if path.suffix.lower() == ".svg" else {}


def _colours(project: Project) -> dict[str, str]:
    tree = project.codebook.tree()
    return {tree.path(c.id): c.color for c in tree if not c.is_category}


def _frequencies(project: Project, Figure: Any) -> tuple[list[str], list[list[Any]], Any]:
    header, codings = matrix_table(project, "codes", "documents", "codings")
    _, docs = matrix_table(project, "codes", "documents", "documents")
    rows = [[r[0], sum(r[1:]), sum(d[1:])] for r, d in zip(codings, docs, strict=True)]
    colours = _colours(project)
    fig = Figure(figsize=(7, max(2.0, 0.22 * len(rows) + 1)))
    ax = fig.add_subplot()
    names = [r[0] for r in rows][::-1]
    ax.barh(names, [r[1] for r in rows][::-1], color=[colours.get(n, "#888888") for n in names])
    ax.set_xlabel("codings")
    ax.set_title("Codings per code")
    ax.tick_params(axis="y", labelsize=7)
    ax.spines[["top", "right"]].set_visible(False)
    return ["code_path", "codings", "documents"], rows, fig


def _cooccurrence(project: Project, Figure: Any) -> tuple[list[str], list[list[Any]], Any]:
    header, rows = matrix_table(project, "codes", "codes", "codings")
    n = len(rows)
    size = max(4.0, 0.18 * n + 2)
    fig = Figure(figsize=(size + 1, size))
    ax = fig.add_subplot()
    values = [[float(v) for v in r[1:]] for r in rows]
    image = ax.imshow(values or [[0.0]], cmap="viridis", interpolation="nearest")
    fig.colorbar(image, ax=ax, shrink=0.8, label="codings of the row's code overlapping the column's")
    small = 6 if n > 30 else 8
    ax.set_xticks(range(n), header[1:], rotation=90, fontsize=small)
    ax.set_yticks(range(n), [r[0] for r in rows], fontsize=small)
    ax.set_title("Code co-occurrence")
    return header, rows, fig


def _portrait(project: Project, Figure: Any) -> tuple[list[str], list[list[Any]], Any]:
    tree = project.codebook.tree()
    docs = project.documents.all()[:PORTRAIT_DOCUMENTS]
    fig = Figure(figsize=(8, max(1.5, 0.3 * len(docs) + 1)))
    ax = fig.add_subplot()
    rows: list[list[Any]] = []
    for y, d in enumerate(docs):
        ax.broken_barh([(0, 1)], (y - 0.35, 0.7), facecolors="#eeeeee")
        for c in project.codings.all(document_id=d.id):
            code = tree.by_id[c.code_id]
            left, width = c.start / max(1, d.length), max(c.length / max(1, d.length), 0.002)
            ax.broken_barh([(left, width)], (y - 0.35, 0.7), facecolors=code.color, alpha=0.8)
            rows.append([d.name, tree.path(code.id), c.start, c.end, d.length])
    ax.set_yticks(range(len(docs)), [d.name for d in docs], fontsize=7)
    ax.set_ylim(len(docs) - 0.5, -0.5)
    ax.set_xlim(0, 1)
    ax.set_xlabel("position in the document (fraction of its length)")
    title = "Document portraits"
    if len(project.documents.all()) > PORTRAIT_DOCUMENTS:
        title += f" (first {PORTRAIT_DOCUMENTS} documents)"
    ax.set_title(title)
    ax.spines[["top", "right", "left"]].set_visible(False)
    from matplotlib.patches import Patch

    used = list(dict.fromkeys(r[1] for r in rows))[:20]  # a longer legend would hide the strips
    colours = _colours(project)
    if used:
        ax.legend(handles=[Patch(color=colours[p], label=p) for p in used], fontsize=6,
                  loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    return ["document", "code_path", "start", "end", "document_length"], rows, fig
