"""Reader window benchmarks of issue 3: cold start to the first painted window, and applying
a code through the whole window (store, undo stack, change notice, panes, annotation pane).

    python benchmarks/bench_startup.py             # 5 cold starts, 30 applies
    python benchmarks/bench_startup.py --runs 3

Cold start: a new Python process opens the bundled-corpus project and the window as
``gwot-reader`` does (ui.app.show_window: restored settings, the window painted, then the
project loaded into it and two panes painted) and reports when the window's first paint event
arrives and when the paint with the two documents does, measured from before the process was
spawned; a bare PySide6 window is timed the
same way for comparison. Bytecode is cached as in an installation (a warm-up launch fills the
cache). The figure includes importing sqlite-utils, which imports pandas and numpy when they
are installed (they are in this workplace, not in a plain install): run with ``--no-pandas``
to see the start of a plain install. Apply: a 1 MB document with 10,000 codings open in the window; one
selection coded through MainWindow.apply_code and the window repainted; median over the runs.
Qt runs offscreen. Prints one row per figure with its target.
"""

from __future__ import annotations

import argparse
import os
import random
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

START_TARGET, APPLY_TARGET = 0.5, 0.016

CHILD = r"""
import os, sys, time
T0 = float(os.environ["BENCH_T0"])
if os.environ.get("BENCH_NO_PANDAS"):
    sys.modules["pandas"] = sys.modules["numpy"] = None  # as if not installed
from pathlib import Path
if sys.argv[1] != "bare":  # the order of ui.app.run: the store loads before PySide6
    from gwot_reader.store import Project
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv[:1])
times = []

class Paints(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and obj is target:
            now = time.time() - T0
            if not times:
                times.append(now)
            loaded = getattr(target, "panes", None)
            if sys.argv[1] == "bare" or (loaded and target.panes[0].document_id is not None):
                times.append(now)
                QTimer.singleShot(0, done)
        return False

def done():
    print(f"{times[0]:.4f} {times[-1]:.4f}", flush=True)
    os._exit(0)

filt = Paints()
if sys.argv[1] == "bare":
    from PySide6.QtWidgets import QMainWindow
    target = QMainWindow()
    target.resize(1400, 860)
    target.installEventFilter(filt)
    target.show()
else:
    from gwot_reader.ui.app import open_project, show_window
    project = open_project(Path(sys.argv[1]))
    import gwot_reader.ui.window as window_module
    real_init = window_module.MainWindow.__init__
    def init(self, *a, **k):  # watch the window from its creation on
        global target
        real_init(self, *a, **k)
        target = self
        self.installEventFilter(filt)
    window_module.MainWindow.__init__ = init
    show_window(project)
app.exec()
"""


def row(what: str, seconds: float, target: float | None = None, extra: str = "") -> None:
    verdict = "" if target is None else ("ok" if seconds <= target else "OVER")
    tgt = "" if target is None else f"target {target * 1000:.0f} ms"
    print(f"{what:<66} {seconds * 1000:8.1f} ms  {tgt:<16} {verdict:<4} {extra}")


def cold_start(arg: str, home: Path, no_pandas: bool = False) -> tuple[float, float]:
    """Seconds from spawning to the first paint, and to the paint with the documents shown."""
    # Bytecode caching on, as in any installation (this workplace turns it off), into a
    # folder of the run's own; the warm-up launch fills it.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(BENCH_T0=repr(time.time()), HOME=str(home), PYTHONPYCACHEPREFIX=str(home / "pycache"),
               XDG_CONFIG_HOME=str(home / "config"), XDG_DATA_HOME=str(home / "data"))
    if no_pandas:
        env["BENCH_NO_PANDAS"] = "1"
    out = subprocess.run([sys.executable, "-c", CHILD, arg], env=env, capture_output=True,
                         text=True, timeout=60)
    if out.returncode != 0:
        raise SystemExit(out.stderr)
    first, full = out.stdout.strip().splitlines()[-1].split()
    return float(first), float(full)


def bench_start(folder: Path, runs: int, no_pandas: bool) -> None:
    from gwot_reader.exchange.newproject import create_project

    project_path = folder / "corpus.gwot"
    create_project(project_path, coder="bench").close()
    cold_start(str(project_path), folder)  # warm the page and bytecode caches
    bare = [cold_start("bare", folder)[0] for _ in range(runs)]
    row("bare PySide6 QMainWindow: process start to first paint (median)", statistics.median(bare))
    runs_ = [cold_start(str(project_path), folder, no_pandas) for _ in range(runs)]
    first = [r[0] for r in runs_]
    full = [r[1] for r in runs_]
    note = ", no pandas" if no_pandas else ""
    row(f"reader window: process start to first paint (median){note}", statistics.median(first),
        START_TARGET, f"max {max(first) * 1000:.0f} ms over {runs}")
    row(f"reader window: ... to two corpus documents painted (median){note}",
        statistics.median(full), None, f"max {max(full) * 1000:.0f} ms")


def bench_apply(folder: Path, runs: int) -> None:
    from generate import generate
    from PySide6.QtWidgets import QApplication

    from gwot_reader.ui.window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    project = generate(folder / "apply.gwot", docs=1, kb=1000, codings=10_000, codes=22)
    doc = project.documents.all()[0]
    codes = [c.id for c in project.codebook.all() if not c.is_category]
    w = MainWindow()
    w.resize(1400, 860)
    w.set_project(project, restore=False)
    pane = w.panes[0]
    w.open_document(pane, doc.id)
    w.show()
    app.processEvents()
    bar = pane.view.text_edit().verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    app.processEvents()
    first = pane.view.text_edit().firstVisibleBlock().position()
    rng = random.Random(3)
    times = []
    for _ in range(runs):
        start = first + rng.randrange(0, 800)
        pane.view.select_span(start, start + rng.randint(20, 300))
        w._set_focused(pane)
        t0 = time.perf_counter()
        w.apply_code(rng.choice(codes))
        pane.view.text_edit().viewport().repaint()
        pane.view.margin().repaint()
        times.append(time.perf_counter() - t0)
    row(f"apply a code in the window, {len(project.codings.all(doc.id)) - runs:,} codings (median)",
        statistics.median(times), APPLY_TARGET, f"max {max(times) * 1000:.1f} ms over {runs}")
    t0 = time.perf_counter()
    app.processEvents()  # the deferred codebook counts refresh
    row("then the codebook counts refresh (deferred, once per event-loop turn)",
        time.perf_counter() - t0)
    w.close()
    project.close()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--runs", type=int, default=5, help="cold starts")
    ap.add_argument("--applies", type=int, default=30)
    ap.add_argument("--no-pandas", action="store_true",
                    help="start as a plain install does, without pandas and numpy")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        bench_start(folder, a.runs, a.no_pandas)
        bench_apply(folder, a.applies)
    return 0


if __name__ == "__main__":
    sys.exit(main())
