"""Issue 16's table: every figure beside its floor, both measured in this run, and the ratio.

    python benchmarks/floors.py                 # every row (about 5 minutes, ~300 MB in /tmp)
    python benchmarks/floors.py --only export   # rows whose name holds a word: export, pdf,
                                                # paint, gap, view
    python benchmarks/floors.py --keep DIR      # keep (and reuse) the generated files

The machine is shared and its speed drifts within minutes, so a figure is only ever judged
against a floor taken in the same run, alternately with it (A B A B ...): the ratio of the
medians is what the targets speak of. Whole-process rows time a new process each run (CPU
time from the kernel's accounting of the finished child, wall time around it), with bytecode
cached as an installed copy has it. The document-view rows (open, switch, scroll, memory) come
from benchmarks/bench_view.py when it is there; until then they are listed as not measured.

Floors: the ``sqlite3`` tool's CSV dump of the stored columns; a bare PySide6 window shown and
saved to a PNG (benchmarks/bare_window.py); PyMuPDF's ``get_text()`` of every page; for the
GUI-thread gap, the same heartbeat in an idle window.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "benchmarks"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

STORED_SQL = """
SELECT c.guid, d.name, d.title, k.name, c.start, c."end", c.text, ifnull(r.name, ''), c.memo,
       c.created, c.modified
FROM codings c JOIN documents d ON d.id = c.document_id JOIN codes k ON k.id = c.code_id
LEFT JOIN coders r ON r.id = c.coder_id ORDER BY d.ord, d.id, c.start, c."end", c.id;
"""


@dataclass
class Row:
    """One line of the table: the figure, its floor and the target on their ratio (or on the
    figure itself when there is no floor, ``unit`` then says what the target is in)."""

    name: str
    figure: float | None
    floor: float | None
    target: float
    unit: str = "x"  # "x": target on figure/floor; "ms", "s", "MiB": target on the figure
    note: str = ""
    measure: str = "s"  # what figure and floor are in: seconds (shown as ms) or e.g. "MiB"

    @property
    def ratio(self) -> float | None:
        if self.figure is None or not self.floor:
            return None
        return self.figure / self.floor

    @property
    def met(self) -> bool | None:
        if self.figure is None:
            return None
        value = self.ratio if self.unit == "x" else self.figure
        return value is not None and value <= self.target


def show(rows: Sequence[Row]) -> None:
    print(f"\n{'figure (this machine, this run)':<58} {'figure':>10} {'floor':>10} {'ratio':>7} "
          f"{'target':>9}  met?")
    for r in rows:
        scale, unit = ((1000.0, "ms") if r.measure == "s" and r.unit in ("x", "ms")
                       else (1.0, r.unit if r.unit != "x" else r.measure))
        fig = "-" if r.figure is None else f"{r.figure * scale:.0f} {unit}" if unit == "ms" \
            else f"{r.figure:.2f} {unit}"
        flo = "-" if r.floor is None else f"{r.floor * scale:.0f} {unit}" if unit == "ms" \
            else f"{r.floor:.2f} {unit}"
        ratio = "-" if r.ratio is None else f"{r.ratio:.2f}x"
        target = (f"<= {r.target:g}x" if r.unit == "x" else f"<= {r.target * scale:g} {unit}")
        met = {None: "-", True: "met", False: "MISSED"}[r.met]
        print(f"{r.name:<58} {fig:>10} {flo:>10} {ratio:>7} {target:>9}  {met}")
        if r.note:
            print(f"    {r.note}")


# -- whole processes ----------------------------------------------------------------------------
def child_env() -> dict[str, str]:
    """This environment with bytecode caching on (as an installed copy has it)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")]))
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def run_timed(cmd: Sequence[str], stdout: Path | None = None) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of one run of ``cmd`` as a new process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    with open(stdout or os.devnull, "wb") as out:
        subprocess.run(cmd, stdout=out, stderr=subprocess.DEVNULL, env=child_env(), check=True)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall


def paired(a: Callable[[], tuple[float, float]], b: Callable[[], tuple[float, float]],
           runs: int) -> tuple[float, float, str]:
    """A and B in turn after one warm-up each: medians of A's and B's CPU time, and a note
    with wall times and the spread of the pairwise ratios."""
    a(), b()
    ra, rb = [], []
    for _ in range(runs):
        ra.append(a())
        rb.append(b())
    cpu_a, cpu_b = statistics.median(x[0] for x in ra), statistics.median(x[0] for x in rb)
    ratios = sorted(x[0] / y[0] for x, y in zip(ra, rb, strict=True))
    wall = statistics.median(x[1] for x in ra) / statistics.median(x[1] for x in rb)
    note = (f"CPU time, median of {runs} alternated runs; pairwise ratios {ratios[0]:.2f}-"
            f"{ratios[-1]:.2f}; wall-time ratio {wall:.2f}")
    return cpu_a, cpu_b, note


def export_row(work: Path, runs: int) -> Row:
    from generate import generate

    big = work / "export-100000.gwot"
    if not big.exists():
        generate(big, 1000, 50, 100_000, 40).close()
    sql = work / "stored.sql"
    sql.write_text(STORED_SQL)
    sqlite3 = shutil.which("sqlite3")
    if sqlite3 is None:
        return Row("export 100,000 segments to CSV (whole process)", None, None, 1.5,
                   note="no sqlite3 tool on this machine: the floor cannot be measured")
    ours = [sys.executable, "-m", "gwot_reader", "export", str(big), "--format", "segments-csv",
            "-o", str(work / "segments.csv")]
    floor = [sqlite3, "-csv", "-header", str(big), f".read {sql}"]
    a, b, note = paired(lambda: run_timed(ours), lambda: run_timed(floor, work / "dump.csv"),
                        runs)
    return Row("export 100,000 segments to CSV (whole process) / sqlite3 -csv", a, b, 1.5,
               note=note)


def paint_row(work: Path, runs: int) -> Row:
    from gwot_reader.exchange.newproject import create_project

    corpus = work / "corpus.gwot"
    if not corpus.exists():
        create_project(corpus, coder="bench").close()
    home = work / "home"
    home.mkdir(exist_ok=True)
    ours = [sys.executable, "-m", "gwot_reader", "--screenshot", str(work / "shot.png"),
            str(corpus)]
    bare = [sys.executable, str(BENCH / "bare_window.py"), str(work / "bare.png")]
    os.environ["HOME"] = str(home)  # the screenshot reads no settings; keep the user's out
    a, b, note = paired(lambda: run_timed(ours), lambda: run_timed(bare), runs)
    return Row("first paint of the window on the corpus (--screenshot) / bare window",
               a, b, 2.0, note=note)


# -- in one process -------------------------------------------------------------------------------
def pdf_row(work: Path, runs: int) -> Row:
    import pymupdf
    from bench_pdf import make_pdf

    from gwot_reader.exchange.formats import pdfhelpers
    from gwot_reader.exchange.formats.pdf import read_pdf

    pdf = work / "sixty.pdf"
    if not pdf.exists():
        make_pdf(pdf, 60)
    data = pdf.read_bytes()
    os.environ[pdfhelpers.ENV] = "0"  # one process: no helpers

    def ours() -> tuple[float, float]:
        c, t = time.process_time(), time.perf_counter()
        read_pdf(data, pdf.name)
        return time.process_time() - c, time.perf_counter() - t

    def floor() -> tuple[float, float]:
        c, t = time.process_time(), time.perf_counter()
        doc = pymupdf.open(stream=data, filetype="pdf")
        for page in doc:
            page.get_text()
        doc.close()
        return time.process_time() - c, time.perf_counter() - t

    a, b, note = paired(ours, floor, runs)
    os.environ.pop(pdfhelpers.ENV, None)
    return Row("60-page PDF text extraction, one process / get_text() of every page", a, b,
               1.25, note=note)


def gap_rows(work: Path, pages: int) -> list[Row]:
    from bench_import_gap import idle_gap_child, run_child
    from bench_pdf import make_pdf

    pdf = work / f"article-{pages}.pdf"
    if not pdf.exists():
        make_pdf(pdf, pages)
    r = run_child(pdf, work)
    idle = idle_gap_child(r["import_s"])
    note = (f"idle window, same heartbeat, same length: longest gap {idle * 1000:.0f} ms (the "
            f"machine's own); import took {r['import_s']:.1f} s")
    return [
        Row(f"{pages:,}-page PDF import in the window: longest GUI-thread gap", r["import_gap"],
            idle, 0.050, unit="ms", note=note),
        Row("  the same, until the new document is shown in a pane", r["whole_gap"], idle, 0.050,
            unit="ms", note="opening the document is the document view's (bench_view.py rows)"),
    ]


def view_rows() -> list[Row]:
    """The document view's rows, from benchmarks/bench_view.py (issue 16, items 1-2)."""
    names = [("open_figure", "open a 1 MB document with 50,000 codings, painted", 1.5, "x"),
             ("switch_figure", "switch between two such documents (GUI thread blocked)", 0.100,
              "ms"),
             ("scroll_figure", "scrolling a page at a time: 99th percentile step", 0.016, "ms"),
             ("memory_figure", "peak memory, --screenshot, 50,000 codings / bare text edit", 2.0,
              "x")]
    if not (BENCH / "bench_view.py").exists():
        return [Row(label, None, None, target, unit,
                    note="not measured: benchmarks/bench_view.py (issue 16, items 1-2) is not "
                         "on this branch yet") for _, label, target, unit in names]
    import bench_view

    rows = []
    for fn_name, label, target, unit in names:
        fn = getattr(bench_view, fn_name, None)
        if fn is None:
            rows.append(Row(label, None, None, target, unit, note=f"bench_view has no {fn_name}"))
            continue
        rows.extend(rows_from(fn(), label, target, unit))
    return rows


def rows_from(result: object, label: str, target: float, unit: str) -> list[Row]:
    """Rows from what a bench_view function returns: a dict with ``figure`` (and ``floor``,
    ``target``, ``unit``, ``note``), or a dict of such dicts (one row each)."""
    if not isinstance(result, dict):
        return [Row(label, None, None, target, unit, note=f"unexpected result: {result!r}")]
    if "figure" not in result:
        return [r for key, sub in result.items()
                for r in rows_from(sub, f"{label}: {key}", target, unit)]
    return [Row(label, result.get("figure"), result.get("floor"),
                result.get("target", target), result.get("unit", unit),
                str(result.get("note", "")), str(result.get("measure", "s")))]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--runs", type=int, default=5, help="alternated runs of figure and floor")
    ap.add_argument("--pages", type=int, default=1000, help="pages of the PDF imported in the window")
    ap.add_argument("--only", action="append", default=[],
                    help="rows whose name holds this word (export, pdf, paint, gap, view)")
    ap.add_argument("--keep", metavar="DIR", help="keep (and reuse) the generated files in DIR")
    a = ap.parse_args()
    work = Path(a.keep) if a.keep else Path(tempfile.mkdtemp(prefix="gwot-floors-"))
    work.mkdir(parents=True, exist_ok=True)
    steps: list[tuple[str, Callable[[], list[Row]]]] = [
        ("view", view_rows),
        ("paint", lambda: [paint_row(work, a.runs)]),
        ("export", lambda: [export_row(work, a.runs)]),
        ("pdf", lambda: [pdf_row(work, a.runs)]),
        ("gap", lambda: gap_rows(work, a.pages)),
    ]
    rows: list[Row] = []
    try:
        for key, step in steps:
            if a.only and not any(o in key for o in a.only):
                continue
            t = time.perf_counter()
            got = step()
            rows += got
            print(f"{key}: measured in {time.perf_counter() - t:.0f} s", file=sys.stderr)
    finally:
        if not a.keep:
            shutil.rmtree(work, ignore_errors=True)
    show(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
