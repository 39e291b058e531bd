"""Peak memory of the page view on a page 10 million points tall, against an A4 page (floor).

    python benchmarks/bench_pageview_memory.py            # zoom 6 (the view's maximum)
    python benchmarks/bench_pageview_memory.py --zoom 2

Each case runs in a fresh process (its peak resident memory, VmHWM, is its own): a page view
of 1,200 x 900 pixels on a 2x screen shows the page at the zoom asked for, then scrolls to ten
places down the page and waits at each until what is on screen is sharp. The floor is the same
walk over an ordinary A4 page. Also prints what the top left of the view shows: whether the
page is drawn at full resolution there (device pixels per point).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HUGE = (600.0, 10_000_000.0)
A4 = (595.0, 842.0)


def make_pdf(path: Path, size: tuple[float, float]) -> None:
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=size[0], height=size[1])
    for y in range(72, int(min(size[1], 2_000_000)), 997):  # text all the way down, sparse
        page.insert_text((72, y), f"Line at {y} points: the quick brown fox", fontsize=11)
    doc.save(path)


def vm_kb(field: str) -> int:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def child(path: str, zoom: float) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["QT_SCALE_FACTOR"] = "2"  # a 2x screen: four device pixels per logical one
    import pymupdf
    from PySide6.QtWidgets import QApplication

    from gwot_reader.core.pages import PageInfo
    from gwot_reader.ui.pageview import PageView, PdfDocument
    from gwot_reader.ui.pageview.render import wait_idle

    app = QApplication.instance() or QApplication([])
    data = Path(path).read_bytes()
    with pymupdf.open(stream=data, filetype="pdf") as doc:
        rect = doc[0].rect
    view = PageView()
    view.resize(1200, 900)
    view.show()
    app.processEvents()
    base = vm_kb("VmRSS")
    info = PageInfo(1, rect.width, rect.height, 0, 0, has_text=False)
    view.set_document(PdfDocument(1, data, [info], "", lambda _p: [], lambda: {}), [], {})
    view.set_zoom(zoom)
    bar = view.verticalScrollBar()
    t0 = time.perf_counter()
    for i in range(10):
        bar.setValue(bar.maximum() * i // 9 if i else 0)
        deadline = time.perf_counter() + 60
        while time.perf_counter() < deadline:
            view.repaint()
            app.processEvents()
            wait_idle()
            app.processEvents()
            if view.is_rendered(1):
                break
    elapsed = time.perf_counter() - t0
    if hasattr(view, "sharpness"):
        sharp = view.sharpness()
    else:  # before tiles: the one picture of the page, at most 16 Mpx
        image = view._cache.any_for_page(1)
        sharp = image.width() / (rect.width * zoom * 2) if image is not None else 0.0
    print(f"RESULT {base / 1024:.0f} {vm_kb('VmHWM') / 1024:.0f} {elapsed:.2f} {sharp:.3f}")
    view.close()
    wait_idle()


def run(path: Path, zoom: float) -> tuple[float, float, float, float]:
    out = subprocess.run([sys.executable, __file__, "--child", str(path), "--zoom", str(zoom)],
                         capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONPATH": os.environ.get("PYTHONPATH", str(ROOT))})
    line = next(x for x in out.stdout.splitlines() if x.startswith("RESULT"))
    base, peak, secs, sharp = (float(v) for v in line.split()[1:])
    return base, peak, secs, sharp


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--zoom", type=float, default=6.0)
    ap.add_argument("--child")
    a = ap.parse_args()
    if a.child:
        child(a.child, a.zoom)
        return 0
    work = Path(tempfile.mkdtemp(prefix="gwot-bench-pagemem-"))
    make_pdf(work / "a4.pdf", A4)
    make_pdf(work / "huge.pdf", HUGE)
    fb, fp, fs, fsharp = run(work / "a4.pdf", a.zoom)
    hb, hp, hs, hsharp = run(work / "huge.pdf", a.zoom)
    print(f"zoom {a.zoom} on a 2x screen, view 1,200 x 900, ten places down the page")
    print(f"A4 page (floor):          peak {fp:.0f} MB (at start {fb:.0f} MB), {fs:.1f} s, "
          f"{fsharp:.2f} of full resolution")
    print(f"600 x 10,000,000 pt page: peak {hp:.0f} MB (at start {hb:.0f} MB), {hs:.1f} s, "
          f"{hsharp:.2f} of full resolution")
    print(f"ratio of peaks: {hp / fp:.2f}x the floor; above the start: {hp - hb:.0f} MB vs "
          f"{fp - fb:.0f} MB (target: a few hundred MB at most)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
