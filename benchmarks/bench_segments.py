"""The Segments browser on a big project: time to its first rows and the frames of scrolling,
beside a floor measured in the same run (the same table over a model that reads nothing).

    python3 benchmarks/bench_segments.py              # 1,000 documents x 50 KB, 100,000 codings
    python3 benchmarks/bench_segments.py --scale 0.1  # a tenth of them
    python3 benchmarks/bench_segments.py --keep DIR   # keep (and reuse) the generated project

First rows: from asking (run_query with the pickers' choice) to the table's first painted
frame, every read included. Scrolling: each frame is one scroll step and its synchronous repaint
(pages of 200 rows are read as they come into view); by page-down from the top, and by jumps to
random places (the worst case: a new page every frame).
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from generate import analysis_project  # noqa: E402
from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from gwot_reader.store import Project  # noqa: E402
from gwot_reader.store.analysis import CodingSpans  # noqa: E402
from gwot_reader.ui.analysis.docks import table_view  # noqa: E402
from gwot_reader.ui.analysis.segments import SegmentsPanel  # noqa: E402
from gwot_reader.ui.session import ProjectSession  # noqa: E402


class BareModel(QAbstractTableModel):
    """The floor: as many rows, constant text, nothing read."""

    def __init__(self, rows: int) -> None:
        super().__init__()
        self.rows = rows

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.rows

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 5

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == Qt.ItemDataRole.DisplayRole:
            return f"Category 3/Code 27 … a quoted passage of the text, row {index.row()}"
        return None


CPU: list[float] = []  # the process's CPU time of each timed() call: steadier on a busy machine


def timed(fn: Callable[[], object]) -> float:
    t, c = time.perf_counter(), time.process_time()
    fn()
    CPU.append(time.process_time() - c)
    return time.perf_counter() - t


def frames(table, steps: list[int]) -> tuple[list[float], list[float]]:
    """Seconds per frame, wall and CPU: set the scroll position, paint the viewport now."""
    bar = table.verticalScrollBar()
    wall, cpu = [], []
    for value in steps:
        t, c = time.perf_counter(), time.process_time()
        bar.setValue(value)
        table.viewport().repaint()
        wall.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    return wall, cpu


def scroll_plans(table, rng: random.Random) -> dict[str, list[int]]:
    bar = table.verticalScrollBar()
    page = max(1, bar.pageStep())
    top = bar.maximum()
    return {"page-down from the top (300 frames)": [min(top, i * page) for i in range(1, 301)],
            "wheel steps of 3 rows (300 frames)": [min(top, i * 3) for i in range(1, 301)],
            "jumps to random places (300 frames)": [rng.randrange(top + 1) for _ in range(300)]}


def report(name: str, seconds: float, target: str, floor: float) -> None:
    print(f"{name:<58} {seconds * 1000:8.1f} ms  target {target:<8} "
          f"{seconds / floor:6.1f} x floor ({floor * 1000:.2f} ms)", flush=True)


def main() -> int:
    return analysis_project(__doc__, "segments.gwot", run)

def second_coder(path: Path) -> None:
    """Give every other coding to a second coder, so that picking one coder keeps half."""
    project = Project.open(path, coder="second")
    project.coders.ensure("second")
    with project.transaction():
        project.db.execute("UPDATE codings SET coder_id = (SELECT id FROM coders WHERE name = "
                           "'second') WHERE id % 2 = 0")
    project.close()


def run(path: Path) -> None:
    app = QApplication.instance() or QApplication(["bench"])
    second_coder(path)
    session = ProjectSession()
    session.set_project(Project.open(path, coder="bench"))
    panel = SegmentsPanel(session)
    panel.resize(1400, 600)
    panel.show()
    app.processEvents()
    panel.reload_pickers()
    n = session.project.codings.count()  # type: ignore[union-attr]

    bare = BareModel(n)
    floor_table = table_view(bare, panel)
    floor_table.resize(panel.table.size())
    floor_table.show()
    app.processEvents()
    spans = CodingSpans(session.project)  # type: ignore[arg-type]

    def floor_first() -> None:
        floor_table.setModel(None)
        floor_table.setModel(bare)
        floor_table.viewport().repaint()

    def first_rows() -> None:
        panel.run_query()
        panel.table.viewport().repaint()

    floor = statistics.median(timed(floor_first) for _ in range(5))
    floor_cpu = statistics.median(CPU[-5:])
    every = statistics.median(timed(spans.segments_in_order) for _ in range(3))
    print(f"   (before paging: reading every segment's id and span first took "
          f"{every * 1000:.0f} ms)")
    for label, setup in (
            (f"first rows: every segment ({n:,})", lambda: None),
            ("first rows: one code picked (with sub-codes)",
             lambda: panel.pickers.check_codes([session.codebook.resolve("Code 1").id])),
            ("first rows: one category picked (10 codes)",
             lambda: panel.pickers.check_codes([session.codebook.resolve("Category 1").id])),
            ("first rows: query A overlaps B",
             lambda: panel.query.setText('"Category 1/Code 1" overlaps "Category 1/Code 2"')),
            ("first rows: one coder picked (of two)",
             lambda: panel.pickers.coder_picker.choose(["second"])),
            ("first rows: one coder and one code picked",
             lambda: (panel.pickers.coder_picker.choose(["second"]),
                      panel.pickers.check_codes([session.codebook.resolve("Code 1").id]))),
            ("first rows: one coder and query A overlaps B",
             lambda: (panel.pickers.coder_picker.choose(["second"]), panel.query.setText(
                 '"Category 1/Code 1" overlaps "Category 1/Code 2"')))):
        panel.pickers.blockSignals(True)
        panel.pickers.check_codes([])
        panel.pickers.coder_picker.choose([])
        panel.query.clear()
        setup()
        panel.pickers.blockSignals(False)
        times = [timed(first_rows) for _ in range(5)]
        report(f"{label} ({panel.model.rowCount():,} rows)", statistics.median(times),
               "<= 100 ms", floor)
        report("   ... CPU time", statistics.median(CPU[-5:]), "", floor_cpu)
    print("   floor: painting a table of as many rows over a model that reads nothing")

    panel.pickers.blockSignals(True)
    panel.pickers.check_codes([])
    panel.pickers.coder_picker.choose([])
    panel.pickers.blockSignals(False)
    panel.query.clear()
    panel.run_query()
    app.processEvents()
    rng = random.Random(1)
    plans = scroll_plans(panel.table, rng)
    for name, steps in plans.items():
        panel.model.set_segments(panel.model.retrieval, panel.model.segments, "",
                                 session.code_paths)  # no page read yet
        panel.table.viewport().repaint()
        got, got_cpu = frames(panel.table, steps)
        base, base_cpu = frames(floor_table, steps)
        report(f"scroll, {name}: worst frame", max(got), "<= 50 ms", max(base))
        report("   ... median frame", statistics.median(got), "", statistics.median(base))
        report("   ... worst frame, CPU time", max(got_cpu), "<= 50 ms", max(base_cpu))
        report("   ... frames of 99th percentile, CPU time", sorted(got_cpu)[-4], "",
               sorted(base_cpu)[-4])
    print(f"   pages read: {panel.model.pages_read()} of {n // 200 + 1}")
    session.detach()
    return None


if __name__ == "__main__":
    sys.exit(main())
