"""Curation benchmarks of issue 15: remove a document with 10,000 codings and undo it; open the
variables table of 1,000 documents x 20 variables.

    python benchmarks/bench_documents.py            # about half a minute
    python benchmarks/bench_documents.py --runs 3   # fewer repetitions

Remove + undo is measured twice: in the store (``curation.remove`` then ``restore``, each one
transaction) and in the window (the Delete key's undo command pushed, the window's lists and
counts brought up to date, then Edit > Undo and the same again). Its floor, in the same run,
is SQLite itself deleting the 10,000 coding rows and inserting them back with executemany.
The variables table is timed from Documents > Variables… in the window (the variables and the
shown rows' values read from the project; the documents are the Documents list's) to its
first paint; its floor is a bare QTableView of the
same shape over a model whose cells are a constant, made and painted the same way.
Prints medians with the ratio to the floor and the target.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bulk import bulk_codings, bulk_documents  # noqa: E402
from generate import make_text  # noqa: E402
from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt  # noqa: E402
from PySide6.QtWidgets import QApplication, QTableView  # noqa: E402

from gwot_reader.store import Project  # noqa: E402

REMOVE_TARGET, TABLE_TARGET = 1.0, 0.200
CODINGS, DOCS, VARIABLES = 10_000, 1_000, 20


def median(samples: list[tuple[float, float]]) -> tuple[float, float]:
    return (statistics.median(s[0] for s in samples), statistics.median(s[1] for s in samples))


def row(what: str, seconds: tuple[float, float], floor: tuple[float, float] | None,
        target: float | None) -> None:
    """Wall time (CPU time of this process beside it: other work on the machine stretches
    the wall time only), its ratio to the floor's, the target."""
    wall, cpu = seconds
    ratio = f"{wall / floor[0]:5.1f}x floor" if floor else ""
    verdict = "" if target is None else ("ok" if wall <= target else "OVER")
    tgt = f"<= {target * 1000:.0f} ms" if target else ""
    print(f"{what:<62} {wall * 1000:7.0f} ms (CPU {cpu * 1000:5.0f})  {ratio:<13} {tgt:<10} "
          f"{verdict}")


def coded_project(path: Path) -> tuple[Project, int]:
    rng = random.Random(1)
    p = Project.create(path, coder="bench")
    ids = bulk_documents(p, [(f"doc {i}", make_text(rng, 50 if i == 0 else 5)) for i in range(20)])
    code_ids = [p.codebook.add(f"Code {i}").id for i in range(20)]
    n = len(p.documents.text(ids[0]))
    spans = []
    for _ in range(CODINGS):
        s = rng.randrange(n - 200)
        spans.append((ids[0], rng.choice(code_ids), s, s + rng.randint(5, 200)))
    text = p.documents.text(ids[0])
    bulk_codings(p, ((d, c, s, e, text[s:e]) for d, c, s, e in spans))
    return p, ids[0]


def floor_remove(p: Project, doc_id: int) -> tuple[float, float]:
    cur = p.db.execute("SELECT * FROM codings WHERE document_id = ?", (doc_id,))
    cols = [d[0] for d in cur.description]
    rows = cur.fetchall()
    t, c = time.perf_counter(), time.process_time()
    with p.db.transaction():
        p.db.execute("DELETE FROM codings WHERE document_id = ?", (doc_id,))
    with p.db.transaction():
        p.db.executemany(f"INSERT INTO codings ({', '.join(map(repr, cols))}) VALUES "
                         f"({', '.join('?' * len(cols))})", rows)
    return time.perf_counter() - t, time.process_time() - c


def store_remove(p: Project, doc_id: int) -> tuple[float, float]:
    t, c = time.perf_counter(), time.process_time()
    removed = p.curation.remove(doc_id)
    p.curation.restore(removed)
    elapsed = (time.perf_counter() - t, time.process_time() - c)
    assert removed.codings == CODINGS and p.codings.count() == CODINGS
    return elapsed


def window_remove(w, app: QApplication, doc_id: int) -> tuple[float, float]:
    from gwot_reader.ui.documents.commands import RemoveDocument

    t, c = time.perf_counter(), time.process_time()
    w.session.push(RemoveDocument(w.project, doc_id))
    app.processEvents()
    w.session.undo_stack.undo()
    app.processEvents()
    elapsed = (time.perf_counter() - t, time.process_time() - c)
    assert w.project.codings.count() == CODINGS
    return elapsed


def table_project(path: Path) -> Project:
    p = Project.create(path, coder="bench")
    rng = random.Random(2)
    ids = bulk_documents(p, [(f"Document {i:04d}", "text") for i in range(DOCS)])
    kinds = ["journal article", "web commentary", "report", "interview"]
    variables = []
    for j in range(VARIABLES):
        t = ("text", "number", "date", "choice")[j % 4]
        variables.append(p.variables.add(f"var {j}", t, kinds if t == "choice" else ()))
    values = []
    for d in ids:
        for v in variables:
            values.append((d, v.id, {"text": f"value {rng.randrange(999)}",
                                     "number": rng.randrange(1900, 2030),
                                     "date": f"20{rng.randrange(10, 25)}-0{rng.randrange(1, 10)}-1"
                                             f"{rng.randrange(10)}",
                                     "choice": rng.choice(kinds)}[v.type]))
    p.variables.set_values(values)
    return p


def open_table(w, app: QApplication) -> tuple[float, float]:
    """Documents > Variables… in the window (whose Documents list already holds the
    documents) to the table's first paint."""
    t, c = time.perf_counter(), time.process_time()
    dialog = w.documents_ui.show_variables()
    dialog.view.viewport().repaint()
    app.processEvents()
    elapsed = (time.perf_counter() - t, time.process_time() - c)
    assert dialog.model.rowCount() == DOCS and dialog.model.columnCount() == VARIABLES + 1
    dialog.close()
    dialog.deleteLater()
    app.processEvents()
    assert w.documents_ui.variables_dialog is None  # the next run makes a new one
    return elapsed


class _Constant(QAbstractTableModel):
    """The least a table of this shape can cost: every cell the same short text."""

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else DOCS

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else VARIABLES + 1

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        return "value 123" if role == Qt.ItemDataRole.DisplayRole else None


def floor_table(app: QApplication) -> tuple[float, float]:
    t, c = time.perf_counter(), time.process_time()
    view = QTableView()
    view.setModel(_Constant(view))
    view.resize(900, 500)
    view.show()
    view.viewport().repaint()
    app.processEvents()
    elapsed = (time.perf_counter() - t, time.process_time() - c)
    view.close()
    view.deleteLater()
    app.processEvents()
    return elapsed


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    from gwot_reader.ui.app import quiet_offscreen_plugin

    quiet_offscreen_plugin()  # "This plugin does not support raise()" for every dialog
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["XDG_CONFIG_HOME"] = str(Path(tmp) / "config")
        p, doc_id = coded_project(Path(tmp) / "coded.gwot")
        floors = [floor_remove(p, doc_id) for _ in range(args.runs)]
        stores = [store_remove(p, doc_id) for _ in range(args.runs)]
        floor = median(floors)
        print(f"Remove a document with {CODINGS:,} codings and undo it (median of {args.runs})")
        row("SQLite floor: delete and re-insert the coding rows", floor, None, None)
        row("store: curation.remove + restore (every table, history)",
            median(stores), floor, REMOVE_TARGET)
        from gwot_reader.ui.window import MainWindow

        w = MainWindow()
        w.remember = False
        w.set_project(p, restore=False)
        w.show()
        app.processEvents()
        wins = [window_remove(w, app, doc_id) for _ in range(args.runs)]
        row("window: Delete's command, lists and counts updated, then Undo",
            median(wins), floor, REMOVE_TARGET)
        w.session.detach()  # the benchmark closes the project itself
        w.close()
        w.deleteLater()
        app.processEvents()

        tp = table_project(Path(tmp) / "table.gwot")
        tw = MainWindow()
        tw.remember = False
        tw.set_project(tp, restore=False)
        tw.show()
        app.processEvents()
        print(f"\nVariables table, {DOCS:,} documents x {VARIABLES} variables "
              f"(median of {args.runs})")
        tfloors = [floor_table(app) for _ in range(args.runs)]
        opens = [open_table(tw, app) for _ in range(args.runs)]
        tfloor = median(tfloors)
        row("floor: a bare QTableView of that shape, constant cells, painted", tfloor, None, None)
        row("Documents > Variables…: made, values read, painted",
            median(opens), tfloor, TABLE_TARGET)
        tw.session.detach()
        tw.close()
        tp.close()
        p.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
