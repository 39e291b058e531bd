"""How fluid the window stays while it imports a long PDF: the longest GUI-thread gap.

    python benchmarks/bench_import_gap.py [--pages 1000] [--pdf FILE]

The reader window (offscreen) imports the PDF through File > Import's own path (a job thread,
the helper processes it starts); a QTimer beats every millisecond on the GUI thread, and the
longest time between two beats is the longest the window could not answer. Printed for the
import itself (until the job ends) and for the whole, with the window showing the new document.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
BEATS: list[float] = []  # the last measure's heartbeat, for a closer look
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def measure(pdf: Path, work: Path) -> dict[str, float]:
    """Import ``pdf`` into a new project in a window of this process; the gaps in seconds."""
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtWidgets import QApplication

    from gwot_reader.store import Project
    from gwot_reader.ui.window import MainWindow

    app = QApplication.instance() or QApplication([])
    path = work / "gap.gwot"
    for f in work.glob("gap.gwot*"):
        f.unlink()
    window = MainWindow()
    window.remember = False
    window.set_project(Project.create(path, coder="bench"), restore=False)
    window.resize(1400, 860)
    window.show()
    app.processEvents()
    beats: list[float] = []
    marks: dict[str, float] = {}
    timer = QTimer()
    timer.setInterval(1)
    timer.timeout.connect(lambda: beats.append(time.perf_counter()))
    timer.start()
    job = window.files.import_documents([str(pdf)])
    assert job is not None
    # marked in the job's thread as it ends (queued, the mark would come after the window's
    # own handling of the result: opening the new document, which is the document view's)
    job.ended.connect(lambda _job: marks.setdefault("ended", time.perf_counter()),
                      Qt.ConnectionType.DirectConnection)
    start = time.perf_counter()
    while "ended" not in marks:
        app.processEvents()
        time.sleep(0.0005)  # the event loop's own wait: nothing else runs on this thread
    end = marks["ended"]
    QTimer.singleShot(300, lambda: marks.setdefault("settled", time.perf_counter()))
    while "settled" not in marks:
        app.processEvents()
        time.sleep(0.0005)
    timer.stop()
    BEATS[:] = beats

    def longest(a: float, b: float) -> float:
        ts = [start] + [t for t in beats if a <= t <= b] + [b]
        return max(y - x for x, y in zip(ts, ts[1:], strict=False))

    documents = len(window.session.project.documents.all())
    window.session.detach()
    window.close()
    return {"import_gap": longest(start, end), "whole_gap": longest(start, marks["settled"]),
            "import_s": end - start, "documents": documents}


def idle(seconds: float) -> float:
    """The longest gap of the same heartbeat in an idle window: what the machine itself adds."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from gwot_reader.ui.window import MainWindow

    app = QApplication.instance() or QApplication([])
    window = MainWindow()
    window.remember = False
    window.resize(1400, 860)
    window.show()
    app.processEvents()
    beats: list[float] = []
    timer = QTimer()
    timer.setInterval(1)
    timer.timeout.connect(lambda: beats.append(time.perf_counter()))
    timer.start()
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        app.processEvents()
        time.sleep(0.0005)
    timer.stop()
    ts = [start, *beats]
    return max(b - a for a, b in zip(ts, ts[1:], strict=False))


def idle_gap_child(seconds: float) -> float:
    """``idle`` in a fresh process, for at most a minute."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    out = subprocess.run([sys.executable, __file__, "--idle", str(min(seconds, 60.0))], env=env,
                         capture_output=True, text=True, timeout=600, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def run_child(pdf: Path, work: Path) -> dict[str, float]:
    """``measure`` in a fresh process (as a user's window would be), its figures as a dict."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    out = subprocess.run([sys.executable, __file__, "--child", str(pdf), str(work)], env=env,
                         capture_output=True, text=True, timeout=600, check=True)
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main() -> int:
    if sys.argv[1:2] == ["--child"]:
        print(json.dumps(measure(Path(sys.argv[2]), Path(sys.argv[3]))))
        return 0
    if sys.argv[1:2] == ["--idle"]:
        print(idle(float(sys.argv[2])))
        return 0
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--pages", type=int, default=1000)
    ap.add_argument("--pdf", type=Path, help="a PDF to import (default: one generated)")
    ap.add_argument("--runs", type=int, default=3)
    a = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="gwot-gap-"))
    pdf = a.pdf
    if pdf is None:
        from bench_pdf import make_pdf

        pdf = work / f"article-{a.pages}.pdf"
        make_pdf(pdf, a.pages)
    for _ in range(a.runs):
        r = run_child(pdf, work)
        print(f"import of {pdf.name}: {r['import_s']:.2f} s; longest GUI-thread gap "
              f"{r['import_gap'] * 1000:.0f} ms during the import, {r['whole_gap'] * 1000:.0f} ms "
              f"with the document shown after (target <= 50 ms); an idle window, as long: "
              f"{idle_gap_child(r['import_s']) * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
