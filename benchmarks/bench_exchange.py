"""Exchange benchmarks of issue 13: .qdpx export and import, and the importer's memory.

    python benchmarks/bench_exchange.py              # the issue's sizes (~1 minute, ~400 MB in /tmp)
    python benchmarks/bench_exchange.py --scale 0.1  # a quick look

Each figure is printed beside a floor measured in the same run on the same bytes (the machine
is shared and noisy): for export, zipping the same members; for import, unzipping the archive
and parsing its project.qde with lxml. Times are wall clock, with the process's CPU time beside
them (on a loaded machine the process gets a fraction of a core, and only CPU time says what the
code costs).
"""

from __future__ import annotations

import argparse
import io
import json
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from generate import generate  # noqa: E402

from gwot_reader.exchange.qdpx import export_qdpx, import_qdpx  # noqa: E402
from gwot_reader.store import Project  # noqa: E402


def row(name: str, figure: str, floor: str, target: str, ok: bool | None) -> None:
    verdict = "-" if ok is None else ("met" if ok else "MISSED")
    print(f"{name:<44} {figure:>22} {floor:>30} {target:>8}  {verdict}")


class Timing:
    def __init__(self, wall: float, cpu: float) -> None:
        self.wall, self.cpu = wall, cpu

    def __str__(self) -> str:
        return f"{self.wall:.3f} s (cpu {self.cpu:.3f})"


def best(fn, repeat: int) -> Timing:
    runs = []
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        fn()
        runs.append(Timing(time.perf_counter() - t, time.process_time() - c))
    return min(runs, key=lambda r: r.cpu)


def zip_floor(qdpx: Path) -> Timing:
    """Writing the same members (same compression) without making any of them: the floor."""
    with zipfile.ZipFile(qdpx) as zf:
        members = [(i.filename, zf.read(i)) for i in zf.infolist()]

    def write() -> None:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as out:
            for name, data in members:
                out.writestr(name, data)

    return best(write, 3)


def read_floor(qdpx: Path) -> Timing:
    """Unzipping every member and parsing project.qde with lxml: what any importer must do."""
    from lxml import etree

    def read() -> None:
        with zipfile.ZipFile(qdpx) as zf:
            for i in zf.infolist():
                data = zf.read(i)
                if i.filename.endswith(".qde"):
                    etree.fromstring(data)

    return best(read, 2)


def bench_export(path: Path, out: Path, repeat: int) -> Timing:
    with Project.open(path) as p:
        return best(lambda: export_qdpx(p, out), repeat)


def bench_import(qdpx: Path, tmp: Path) -> tuple[Timing, int]:
    target = tmp / "imported.gwot"
    for f in tmp.glob("imported.gwot*"):
        f.unlink()
    with Project.create(target, coder="bench") as p:
        t, c = time.perf_counter(), time.process_time()
        report = import_qdpx(p, qdpx)
        return Timing(time.perf_counter() - t, time.process_time() - c), report.codings


MEMORY_CHILD = """
import json, sys
sys.path.insert(0, {root!r})
from gwot_reader.exchange.qdpx import import_qdpx
from gwot_reader.exchange.qdpx import loader, reader  # noqa: F401  (everything loaded first)
from gwot_reader.store import Project

def status(key):
    with open("/proc/self/status") as fh:
        return next(int(l.split()[1]) * 1024 for l in fh if l.startswith(key))

p = Project.create({target!r}, coder="bench")
with open("/proc/self/clear_refs", "w") as fh:  # the peak (VmHWM) starts again from here
    fh.write("5")
base = status("VmRSS:")
import_qdpx(p, {qdpx!r})
print(json.dumps({{"base": base, "peak": status("VmHWM:")}}))
"""


def bench_memory(qdpx: Path, tmp: Path) -> tuple[int, int]:
    """Peak resident memory an import adds over the interpreter with the modules loaded."""
    target = tmp / "memory.gwot"
    for f in tmp.glob("memory.gwot*"):
        f.unlink()
    code = MEMORY_CHILD.format(root=str(Path(__file__).resolve().parents[1]), target=str(target),
                               qdpx=str(qdpx))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    return figures["peak"] - figures["base"], figures["peak"]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--keep", metavar="DIR", help="keep (and reuse) the generated projects in DIR")
    a = ap.parse_args()
    tmp = Path(a.keep) if a.keep else Path(tempfile.mkdtemp(prefix="bench-exchange-"))
    tmp.mkdir(parents=True, exist_ok=True)
    try:
        big_docs, big_codings = max(1, int(1000 * a.scale)), max(1, int(100_000 * a.scale))
        big = tmp / f"big-{big_docs}-{big_codings}.gwot"
        small = tmp / "small-25-5000.gwot"
        t = time.perf_counter()
        if not big.exists():
            generate(big, big_docs, 50, big_codings, 40).close()
        if not small.exists():
            generate(small, 25, 50, 5000, 40).close()
        print(f"generated in {time.perf_counter() - t:.1f} s ({big_docs} documents of 50 KB, "
              f"{big_codings} codings; 25 documents, 5,000 codings)\n")
        print(f"{'benchmark':<44} {'wall (cpu)':>22} {'floor, same run (cpu ratio)':>30} "
              f"{'target':>8}")

        out_small = tmp / "small.qdpx"
        t = bench_export(small, out_small, 5)
        f = zip_floor(out_small)
        row("export .qdpx, 25 sources / 5,000 codings", str(t),
            f"zip alone {f} {t.cpu / f.cpu:.1f}x", "≤ 0.2 s", t.cpu <= 0.2)

        out_big = tmp / "big.qdpx"
        t = bench_export(big, out_big, 1)
        f = zip_floor(out_big)
        row(f"export .qdpx, {big_docs:,} docs / {big_codings:,} codings", str(t),
            f"zip alone {f} {t.cpu / f.cpu:.1f}x", "≤ 5 s", t.cpu <= 5)

        t, n = bench_import(out_big, tmp)
        f = read_floor(out_big)
        row(f"import .qdpx, {n:,} codings, new project", str(t),
            f"unzip+parse {f} {t.cpu / f.cpu:.1f}x", "≤ 10 s", t.cpu <= 10)

        with zipfile.ZipFile(out_big) as zf:
            unpacked = sum(i.file_size for i in zf.infolist())
        added, peak = bench_memory(out_big, tmp)
        row("importer memory (peak RSS added)", f"{added / 2**20:.0f} MB",
            f"unpacked {unpacked / 2**20:.0f} MB ({added / unpacked:.1f}x)",
            "≤ 3x", added <= 3 * unpacked)
        print(f"\n(.qdpx of {big_docs:,} documents: {out_big.stat().st_size / 2**20:.0f} MB, "
              f"{unpacked / 2**20:.0f} MB unpacked; importer peak RSS {peak / 2**20:.0f} MB)")
    finally:
        if not a.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
