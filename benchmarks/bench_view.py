"""Document view at scale (issue 16): open, switch, scroll and peak memory, each with its floor.

    python benchmarks/bench_view.py                 # every figure (about two minutes)
    python benchmarks/bench_view.py open scroll     # some of them

Projects come from benchmarks/generate.py: a 1 MB document (words, paragraphs, the odd emoji
and combining mark) with 50,000 codings over 22 codes; for switching, two such documents.
Every figure is printed with its floor, measured in the same run on the same machine:

- open: from reading the document (text, runs, span index) out of a fresh connection to the
  first paint of text, stripes and overview ruler. Floor: read the text and the coding rows
  (start, end, code) with sqlite3, ``setPlainText`` into a bare QPlainTextEdit, paint once.
- switch: the window (two panes, annotation pane) switching a pane between the two documents;
  a 5 ms QTimer heartbeat records the longest the GUI thread went without running it. Floor:
  the longest heartbeat gap of the idle window, and ``setPlainText`` of the text in a bare
  QPlainTextEdit (the GUI-thread work no reader of this text can avoid).
- scroll: page-down steps through the document, each repainted (text, stripes); the 99th
  percentile step. Floor: the same steps in a bare QPlainTextEdit holding the text.
- memory: peak RSS of ``gwot-reader --screenshot`` on a project whose largest document has
  50,000 codings, against a process that shows the same text in a bare QPlainTextEdit.

Other benchmarks import the functions (``open_figure(n)``, ``switch_figure()``,
``scroll_figure()``, ``memory_figure()``); each returns a dict of figures and floors, with
``figure``, ``floor``, ``unit`` and ``note`` in the form benchmarks/floors.py prints (seconds).
Qt runs offscreen.
"""

from __future__ import annotations

import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from generate import generate  # noqa: E402
from PySide6.QtCore import QElapsedTimer, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QPlainTextEdit  # noqa: E402

from gwot_reader.store import Project  # noqa: E402
from gwot_reader.ui.docview import DocumentView  # noqa: E402
from gwot_reader.ui.docview.formats import reading_font  # noqa: E402

KB, CODES, DENSE = 1024, 22, 50_000
SIZE = (1100, 800)
_FOLDER = Path(tempfile.mkdtemp(prefix="bench-view-"))
_MADE: dict[tuple[int, int], Path] = {}


def app() -> QApplication:
    return QApplication.instance() or QApplication(sys.argv[:1])  # type: ignore[return-value]


def project_file(docs: int = 1, codings: int = DENSE) -> Path:
    """A generated project (made once per process): ``docs`` documents of 1 MB sharing
    ``codings`` codings at random."""
    key = (docs, codings)
    if key not in _MADE:
        path = _FOLDER / f"view-{docs}-{codings}.gwot"
        generate(path, docs=docs, kb=KB, codings=codings, codes=CODES, seed=codings + docs).close()
        with Project.open(path):  # migrated once here, not inside a measurement
            pass
        _MADE[key] = path
    return _MADE[key]


def _pump() -> None:
    app().processEvents()


def _paint(view: DocumentView) -> None:
    view.text_edit().viewport().repaint()
    view.margin().repaint()
    view.text_edit().verticalScrollBar().repaint()


def _dense_view(n_codings: int = DENSE) -> tuple[Path, int, DocumentView]:
    """The generated project of one 1 MB document, its document id, and a shown view."""
    app()
    path = project_file(1, n_codings)
    view = DocumentView()
    view.resize(*SIZE)
    view.show()
    return path, _first_document(path), view


def _window(path: Path):
    """The reader window showing a project, its panes' codings loaded; (window, project)."""
    from gwot_reader.ui.window import MainWindow

    app()
    window = MainWindow()
    window.remember = False
    window.resize(1500, 900)
    window.show()
    project = Project.open(path)
    window.set_project(project, restore=False)
    window.area.wait_loaded()
    return window, project


def _bare_edit() -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setReadOnly(True)
    edit.setFont(reading_font())
    edit.resize(*SIZE)
    edit.show()
    _pump()
    return edit


def _first_document(path: Path) -> int:
    with sqlite3.connect(path) as con:
        return int(con.execute("SELECT min(id) FROM documents").fetchone()[0])


# -- open --------------------------------------------------------------------------------------
def _open_ours(view: DocumentView, path: Path, doc_id: int, stacked: bool = False) -> float:
    """Seconds from reading to the first paint; ``stacked``: margin lanes stacked ahead, as the
    window's worker thread does for documents it reads (not timed)."""
    project = Project.open(path)  # a fresh connection: nothing cached
    try:
        tree = project.codebook.tree()
        colors = {c.id: c.color for c in tree.by_id.values()}
        names = {c.id: tree.path(c.id) for c in tree.by_id.values()}
        if stacked:
            index = project.codings.span_index(doc_id)
            index.lanes = index.stack_lanes()
        t0 = time.perf_counter()
        view.set_document(doc_id, project.documents.text(doc_id), project.documents.runs(doc_id),
                          index if stacked else project.codings.span_index(doc_id), colors, names)
        _paint(view)
        return time.perf_counter() - t0
    finally:
        project.close()


def _open_floor(edit: QPlainTextEdit, path: Path, doc_id: int) -> float:
    t0 = time.perf_counter()
    con = sqlite3.connect(path)
    text = con.execute("SELECT text FROM documents WHERE id = ?", (doc_id,)).fetchone()[0]
    rows = con.execute('SELECT start, "end", code_id FROM codings WHERE document_id = ?',
                       (doc_id,)).fetchall()
    edit.setPlainText(text)
    edit.viewport().repaint()
    elapsed = time.perf_counter() - t0
    con.close()
    assert rows
    return elapsed


def _open_in_window(window, pane, doc_id: int) -> float:
    """Seconds from choosing a document in a window's pane to its text, codings, stripes and
    annotation rows painted: the text on the GUI thread while a worker reads the codings."""
    area = window.area
    area._recent.clear()  # nothing kept from before: read from the file
    t0 = time.perf_counter()
    area.open_document(pane, doc_id)
    area.wait_loaded()
    pane.view.text_view.finish_loading()
    window.repaint()
    return time.perf_counter() - t0


def open_figure(n_codings: int = DENSE, runs: int = 5) -> dict[str, float]:
    """Median seconds to open a 1 MB document with ``n_codings`` codings, painted, and the floor:
    in the view alone (read and painted in turn), and in the window (codings read on the worker
    thread while the text goes in)."""
    path, doc_id, view = _dense_view(n_codings)
    edit = _bare_edit()
    window, project = _window(path)
    pane = window.area.panes[0]
    window.area.set_focused(pane)
    ours, floor, in_window = [], [], []
    for _ in range(runs):  # alternated, so load on the machine falls on both alike
        view.clear()
        edit.clear()
        pane.view.clear()
        _pump()
        ours.append(_open_ours(view, path, doc_id))
        floor.append(_open_floor(edit, path, doc_id))
        in_window.append(_open_in_window(window, pane, doc_id))
    window.session.detach()
    window.close()
    project.close()
    view.close()
    edit.close()
    o, f, w = statistics.median(ours), statistics.median(floor), statistics.median(in_window)
    return {"codings": n_codings, "open_s": o, "floor_s": f, "ratio": o / f,
            "window_open_s": w, "window_ratio": w / f,
            # for benchmarks/floors.py: one row, seconds
            "figure": o, "floor": f, "unit": "x",
            "note": f"view alone; in the window (codings read on the worker thread) {w:.2f} s, "
                    f"{w / f:.2f}x"}


# -- switch ------------------------------------------------------------------------------------
class Heartbeat:
    """A 5 ms timer on the GUI thread; the longest gap between its ticks is the longest block.

    Each gap's GUI-thread CPU time is kept too: on a loaded machine a gap can be the thread
    waiting for a core (or for the GIL), which the CPU time tells apart from our own work.
    """

    def __init__(self) -> None:
        self.clock = QElapsedTimer()
        self.timer = QTimer(interval=5)
        self.timer.timeout.connect(self._tick)
        self.last = 0
        self.last_cpu = 0.0
        self.gaps: list[int] = []
        self.cpu: list[float] = []

    def _tick(self) -> None:
        now, cpu = self.clock.elapsed(), time.thread_time()
        self.gaps.append(now - self.last)
        self.cpu.append((cpu - self.last_cpu) * 1000)
        self.last, self.last_cpu = now, cpu

    def start(self) -> None:
        self.gaps, self.cpu = [], []
        self.clock.start()
        self.last, self.last_cpu = 0, time.thread_time()
        self.timer.start()

    def stop(self) -> int:
        self.timer.stop()
        return max(self.gaps, default=0)

    def longest_cpu(self) -> float:
        return max(self.cpu, default=0.0)


def _wait(condition, seconds: float = 30.0) -> None:
    end = time.perf_counter() + seconds
    while not condition():
        if time.perf_counter() > end:
            raise TimeoutError("the codings never came")
        app().processEvents()
        time.sleep(0.001)


def switch_figure(switches: int = 6) -> dict[str, float]:
    """Longest GUI-thread block (ms) while a window's pane switches between two 1 MB documents
    with 50,000 codings each (first reads, and switches back to documents read before), the
    time until the codings show, and the floors."""
    path = project_file(2, 2 * DENSE)
    window, project = _window(path)
    area = window.area
    pane = area.panes[0]
    area.set_focused(pane)
    docs = [d.id for d in project.documents.all()]
    beat = Heartbeat()
    for _ in range(20):  # the idle window: the timer's own jitter on this machine
        _pump()
    beat.start()
    idle_end = time.perf_counter() + 0.5
    while time.perf_counter() < idle_end:
        _pump()
    idle = beat.stop()
    results: dict[str, list[float]] = {"cold": [], "warm": []}
    gaps: dict[str, list[int]] = {"cold": [], "warm": []}
    busy: list[float] = []
    for i in range(switches):
        kind = "cold" if i % 2 == 0 else "warm"
        if kind == "cold":
            area._recent.clear()  # nothing kept: the codings are read from the file
        target = docs[(i + 1) % 2]
        beat.start()
        t0 = time.perf_counter()
        area.open_document(pane, target)
        _wait(lambda: not area.is_loading(pane) and not pane.view.text_view.loading)
        results[kind].append(time.perf_counter() - t0)
        for _ in range(5):  # the paints that follow
            _pump()
        gaps[kind].append(beat.stop())
        busy.append(beat.longest_cpu())
        assert len(pane.view.codings()) > 0
    window.session.detach()
    window.close()
    project.close()
    # floor: setPlainText of the same text in a bare editor, on the GUI thread
    edit = _bare_edit()
    with sqlite3.connect(path) as con:
        text = con.execute("SELECT text FROM documents WHERE id = ?", (docs[0],)).fetchone()[0]
    t0 = time.perf_counter()
    edit.setPlainText(text)
    edit.viewport().repaint()
    set_text = time.perf_counter() - t0
    edit.close()
    longest = float(max(gaps["cold"] + gaps["warm"]))
    return {"figure": longest / 1000, "floor": idle / 1000, "unit": "ms",  # floors.py: seconds
            "note": f"floor = the idle window's longest gap; GUI-thread CPU in a gap at most "
                    f"{max(busy):.0f} ms; bare setPlainText {set_text * 1000:.0f} ms",
            "longest_block_ms": longest,
            "longest_block_cold_ms": float(max(gaps["cold"])),
            "longest_block_warm_ms": float(max(gaps["warm"])),
            "longest_busy_cpu_ms": max(busy),
            "codings_shown_cold_s": statistics.median(results["cold"]),
            "codings_shown_warm_s": statistics.median(results["warm"]),
            "idle_gap_floor_ms": float(idle), "set_text_floor_ms": set_text * 1000}


# -- scroll ------------------------------------------------------------------------------------
def _page_steps(edit: QPlainTextEdit, steps: int, paint, cpu: list[float] | None = None,
                ) -> list[float]:
    """Wall milliseconds of each page-down step (and its GUI-thread CPU time into ``cpu``)."""
    bar = edit.verticalScrollBar()
    bar.setValue(0)
    paint()
    out = []
    for _ in range(steps):
        if bar.value() >= bar.maximum():
            bar.setValue(0)
            paint()
        t0, c0 = time.perf_counter(), time.thread_time()
        bar.setValue(bar.value() + bar.pageStep())
        paint()
        out.append((time.perf_counter() - t0) * 1000)
        if cpu is not None:
            cpu.append((time.thread_time() - c0) * 1000)
    return out


def _p99(values: list[float]) -> float:
    return sorted(values)[min(len(values) - 1, int(len(values) * 0.99))]


def scroll_figure(steps: int = 400) -> dict[str, float]:
    """99th percentile and median (ms) of a page-down step with 50,000 codings, and the floor."""
    path, doc_id, view = _dense_view()
    _open_ours(view, path, doc_id, stacked=True)
    edit = _bare_edit()
    with sqlite3.connect(path) as con:
        edit.setPlainText(con.execute("SELECT text FROM documents WHERE id = ?",
                                      (doc_id,)).fetchone()[0])
    edit.resize(view.text_edit().viewport().width(), view.text_edit().viewport().height())
    _pump()
    area = view.text_edit()
    ours: list[float] = []
    floor: list[float] = []
    ours_cpu: list[float] = []
    floor_cpu: list[float] = []
    for _ in range(2):  # alternated halves, so load on the machine falls on both alike
        ours += _page_steps(area, steps // 2, lambda: (area.viewport().repaint(),
                                                        view.margin().repaint()), ours_cpu)
        floor += _page_steps(edit, steps // 2, edit.viewport().repaint, floor_cpu)
    view.close()
    edit.close()
    return {"figure": _p99(ours) / 1000, "floor": _p99(floor) / 1000, "unit": "ms",
            "note": f"GUI-thread CPU p99 {_p99(ours_cpu):.1f} ms, floor {_p99(floor_cpu):.1f} ms",
            "p99_ms": _p99(ours), "median_ms": statistics.median(ours),
            "floor_p99_ms": _p99(floor), "floor_median_ms": statistics.median(floor),
            "ratio_p99": _p99(ours) / _p99(floor),
            "cpu_p99_ms": _p99(ours_cpu), "floor_cpu_p99_ms": _p99(floor_cpu),
            "ratio_cpu_p99": _p99(ours_cpu) / _p99(floor_cpu)}


# -- memory ------------------------------------------------------------------------------------
BARE = r"""
import sqlite3, sys
from PySide6.QtWidgets import QApplication, QPlainTextEdit
app = QApplication(sys.argv[:1])
con = sqlite3.connect(sys.argv[1])
doc = con.execute("SELECT document_id FROM codings GROUP BY document_id "
                  "ORDER BY count(*) DESC LIMIT 1").fetchone()[0]
edit = QPlainTextEdit()
edit.setPlainText(con.execute("SELECT text FROM documents WHERE id = ?", (doc,)).fetchone()[0])
edit.resize(1500, 900)
edit.show()
app.processEvents()
edit.grab().save(sys.argv[2])
"""


# The child reports its own peak (VmHWM): getrusage's ru_maxrss survives fork and exec, so a
# child of this (large) process would report at least this process's size.
PEAK = r"""
import runpy, sys
try:
    {body}
finally:
    with open("/proc/self/status") as status:
        peak = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
    sys.stderr.write(f"PEAK_KB {{peak}}\n")
"""


def _peak_mib(body: str, *argv: str) -> float:
    """Peak resident memory (MiB) of a fresh Python process running ``body`` with ``argv``."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    script = PEAK.format(body=f"exec({body!r})")
    done = subprocess.run([sys.executable, "-c", script, *argv], env=env, capture_output=True,
                          text=True, check=False)
    lines = [x for x in done.stderr.splitlines() if x.startswith("PEAK_KB ")]
    if done.returncode or not lines:
        raise RuntimeError(f"{body[:40]} failed: {done.stderr[-400:]}")
    return int(lines[-1].split()[1]) / 1024


def memory_figure(runs: int = 3) -> dict[str, float]:
    """Peak MiB of ``--screenshot`` on a project whose largest document has 50,000 codings,
    and of a process showing that document's text in a bare QPlainTextEdit (the floor)."""
    path = project_file(1, DENSE)
    png = _FOLDER / "shot.png"
    ours, floor = [], []
    for _ in range(runs):
        ours.append(_peak_mib("import runpy, sys\n"
                              "sys.argv = ['gwot-reader', '--screenshot', sys.argv[1], sys.argv[2]]\n"
                              "runpy.run_module('gwot_reader', run_name='__main__')",
                              str(png), str(path)))
        floor.append(_peak_mib(BARE, str(path), str(png)))
    o, f = min(ours), min(floor)
    return {"peak_mib": o, "floor_mib": f, "ratio": o / f,
            "figure": o, "floor": f, "unit": "x", "measure": "MiB"}


def main() -> int:
    wanted = set(sys.argv[1:]) or {"open", "switch", "scroll", "memory"}
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    if "open" in wanted:
        for n in (5_000, DENSE):
            r = open_figure(n)
            print(f"open 1 MB, {n:>6,} codings, painted: view alone {r['open_s'] * 1000:.0f} ms "
                  f"({r['ratio']:.2f}x floor), in the window {r['window_open_s'] * 1000:.0f} ms "
                  f"({r['window_ratio']:.2f}x floor); floor {r['floor_s'] * 1000:.0f} ms "
                  f"(target <= 1.5x)")
    if "switch" in wanted:
        r = switch_figure()
        print(f"switch 2 x 50,000 codings: longest GUI block {r['longest_block_ms']:.0f} ms "
              f"(first read {r['longest_block_cold_ms']:.0f}, read before "
              f"{r['longest_block_warm_ms']:.0f}; target <= 100 ms), of which GUI-thread CPU at "
              f"most {r['longest_busy_cpu_ms']:.0f} ms; idle gap "
              f"{r['idle_gap_floor_ms']:.0f} ms, bare setPlainText {r['set_text_floor_ms']:.0f} ms "
              f"= {r['longest_block_ms'] / r['set_text_floor_ms']:.2f}x; codings shown after "
              f"{r['codings_shown_cold_s'] * 1000:.0f} ms (first read), "
              f"{r['codings_shown_warm_s'] * 1000:.0f} ms (read before)")
    if "scroll" in wanted:
        r = scroll_figure()
        print(f"scroll a page at a time, 50,000 codings: p99 {r['p99_ms']:.1f} ms, median "
              f"{r['median_ms']:.1f} ms (target p99 <= 16 ms); floor p99 {r['floor_p99_ms']:.1f} ms, "
              f"median {r['floor_median_ms']:.1f} ms; {r['ratio_p99']:.2f}x floor; GUI-thread CPU "
              f"p99 {r['cpu_p99_ms']:.1f} ms, floor {r['floor_cpu_p99_ms']:.1f} ms: "
              f"{r['ratio_cpu_p99']:.2f}x")
    if "memory" in wanted:
        r = memory_figure()
        print(f"peak memory of --screenshot, 50,000 codings: {r['peak_mib']:.0f} MiB, bare text "
              f"edit {r['floor_mib']:.0f} MiB: {r['ratio']:.2f}x (target <= 2x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
