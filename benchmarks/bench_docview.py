"""Document view benchmarks of issue 3: open a big coded document, apply one more code, scroll.

    python benchmarks/bench_docview.py             # the issue's sizes (about half a minute)
    python benchmarks/bench_docview.py --runs 3    # fewer repetitions

A deterministic 1 MB document (benchmarks/generate.py: words, paragraphs, the odd emoji and
combining mark) with 5,000, 10,000 and 50,000 codings over 22 codes, in real project files.
"Open" runs from reading the text, runs and codings out of the project to the first paint of
the text, the stripe margin and the overview ruler; "apply" is adding one coding on screen and
repainting text and stripes (the ruler follows a moment later);
"find" is a search (as typed in the find bar) up to the painted hits.
Qt runs offscreen in an 1100 x 800 window. Prints one row per figure with its target.
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

from generate import generate  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from gwot_reader.core.model import Coding  # noqa: E402
from gwot_reader.store import Project  # noqa: E402
from gwot_reader.ui.docview import DocumentView  # noqa: E402

KB, CODES = 1024, 22
OPEN_TARGETS = {5_000: 0.250, 50_000: 1.5}
APPLY_TARGET, APPLY_CODINGS = 0.016, 10_000


def row(what: str, seconds: float, target: float | None = None, extra: str = "") -> None:
    verdict = "" if target is None else ("ok" if seconds <= target else "OVER")
    tgt = f"<= {target * 1000:.0f} ms" if target is not None else ""
    print(f"{what:<58} {seconds * 1000:9.1f} ms  {tgt:<12} {verdict:<4} {extra}")


def paint(view: DocumentView, ruler: bool = True) -> None:
    """Paint text and stripes now (and the overview ruler, which otherwise follows a moment later)."""
    view.text_edit().viewport().repaint()
    view.margin().repaint()
    if ruler:
        view.text_edit().verticalScrollBar().repaint()


def open_document(view: DocumentView, path: Path) -> tuple[float, float, float]:
    """Seconds from reading the document to its first paint, the view's share, the CPU time."""
    project = Project.open(path)  # a fresh connection: nothing cached
    try:
        tree = project.codebook.tree()
        codes = [c for c in tree.by_id.values() if not c.is_category]
        doc_id = project.documents.all()[0].id
        t0, c0 = time.perf_counter(), time.process_time()
        text = project.documents.text(doc_id)
        runs = project.documents.runs(doc_id)
        codings = project.codings.all(doc_id)
        colors = {c.id: c.color for c in codes}
        names = {c.id: tree.path(c.id) for c in codes}
        t1 = time.perf_counter()
        view.set_document(doc_id, text, runs, codings, colors, names)
        paint(view)
        t2, c2 = time.perf_counter(), time.process_time()
    finally:
        project.close()
    return t2 - t0, t2 - t1, c2 - c0


def bench_open(view: DocumentView, folder: Path, n: int, runs: int) -> Path:
    path = folder / f"open{n}.gwot"
    generate(path, docs=1, kb=KB, codings=n, codes=CODES, seed=n).close()
    results = [open_document(view, path) for _ in range(runs)]
    view.clear()
    total = statistics.median(r[0] for r in results)
    share = statistics.median(r[1] for r in results)
    cpu = statistics.median(r[2] for r in results)
    row(f"open 1 MB document, {n:,} codings -> first paint (median)", total, OPEN_TARGETS.get(n),
        f"CPU {cpu * 1000:.0f} ms, view {share * 1000:.0f} ms, first run {results[0][0] * 1000:.0f} ms")
    return path


def bench_apply(view: DocumentView, path: Path, repeats: int) -> None:
    project = Project.open(path)
    doc_id = project.documents.all()[0].id
    codes = [c for c in project.codebook.all() if not c.is_category]
    text = project.documents.text(doc_id)
    view.set_document(doc_id, text, [], project.codings.all(doc_id), {c.id: c.color for c in codes},
                      {c.id: c.name for c in codes})
    project.close()
    area = view.text_edit()
    area.verticalScrollBar().setValue(area.verticalScrollBar().maximum() // 2)
    paint(view)
    rng = random.Random(7)
    first = area.positions.from_utf16(area.firstVisibleBlock().position())
    times, cpu = [], []
    for i in range(repeats):
        start = first + rng.randrange(0, 1500)
        c = Coding(10_000_000 + i, f"B{i}", doc_id, rng.choice(codes).id, start, start + rng.randint(20, 300))
        t0, c0 = time.perf_counter(), time.process_time()
        view.add_codings([c])
        paint(view, ruler=False)  # the ruler follows 120 ms later, off the critical path
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    row(f"apply one code on screen, {len(view.codings()) - repeats:,} codings (median)",
        statistics.median(times), APPLY_TARGET,
        f"CPU {statistics.median(cpu) * 1000:.1f} ms, max {max(times) * 1000:.1f} ms over {repeats}")
    scrolls = []
    bar = area.verticalScrollBar()
    for _ in range(repeats):
        bar.setValue(rng.randrange(bar.maximum() + 1))
        t0 = time.perf_counter()
        paint(view)
        scrolls.append(time.perf_counter() - t0)
    row(f"paint after a jump to a random place, {len(view.codings()):,} codings (median)",
        statistics.median(scrolls), None, f"max {max(scrolls) * 1000:.1f} ms")
    for query in ("e", "Pakistan"):
        t0 = time.perf_counter()
        n = view.find(query)
        paint(view)
        row(f"find {query!r} in 1 MB and paint the hits", time.perf_counter() - t0, None, f"{n:,} hits")
    view.clear()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--runs", type=int, default=5, help="opens per size (median reported)")
    ap.add_argument("--repeats", type=int, default=60, help="codings applied (median reported)")
    a = ap.parse_args()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    # Other work on the machine stretches wall times; CPU times show this process's own cost.
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    view = DocumentView()
    view.resize(1100, 800)
    view.show()
    app.processEvents()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for n in (5_000, 50_000):
            bench_open(view, folder, n, a.runs)
        path = folder / "apply.gwot"
        generate(path, docs=1, kb=KB, codings=APPLY_CODINGS, codes=CODES, seed=3).close()
        bench_apply(view, path, a.repeats)
    return 0


if __name__ == "__main__":
    sys.exit(main())
