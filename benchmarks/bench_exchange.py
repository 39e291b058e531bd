"""Exchange benchmarks of issue 13: .qdpx export and import, and the importer's memory.

    python benchmarks/bench_exchange.py              # the issue's sizes (~1 minute, ~400 MB in /tmp)
    python benchmarks/bench_exchange.py --scale 0.1  # a quick look

Each figure is printed beside a floor measured in the same run on the same bytes (the machine
is shared and noisy): for export, zipping the same source texts and an XML of the same size;
for import, unzipping the archive and parsing its project.qde with lxml.
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
    print(f"{name:<46} {figure:>9} {floor:>22} {target:>9}  {verdict}")


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def zip_floor(qdpx: Path) -> float:
    """Writing the same members (same compression) without making any of them: the floor."""
    with zipfile.ZipFile(qdpx) as zf:
        members = [(i.filename, zf.read(i)) for i in zf.infolist()]

    def write() -> None:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as out:
            for name, data in members:
                out.writestr(name, data)

    return best(write, 3)


def read_floor(qdpx: Path) -> float:
    """Unzipping every member and parsing project.qde with lxml: what any importer must do."""
    from lxml import etree

    def read() -> None:
        with zipfile.ZipFile(qdpx) as zf:
            for i in zf.infolist():
                data = zf.read(i)
                if i.filename.endswith(".qde"):
                    etree.fromstring(data)

    return best(read, 2)


def bench_export(path: Path, out: Path, repeat: int) -> float:
    with Project.open(path) as p:
        return best(lambda: export_qdpx(p, out), repeat)


def bench_import(qdpx: Path, tmp: Path) -> tuple[float, int]:
    target = tmp / "imported.gwot"
    for f in tmp.glob("imported.gwot*"):
        f.unlink()
    with Project.create(target, coder="bench") as p:
        t = time.perf_counter()
        report = import_qdpx(p, qdpx)
        return time.perf_counter() - t, report.codings


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
        print(f"{'benchmark':<46} {'figure':>9} {'floor (same run)':>22} {'target':>9}")

        out_small = tmp / "small.qdpx"
        t_small = bench_export(small, out_small, 5)
        row("export .qdpx, 25 sources / 5,000 codings", f"{t_small:.3f} s",
            f"zip alone {zip_floor(out_small):.3f} s", "≤ 0.2 s", t_small <= 0.2)

        out_big = tmp / "big.qdpx"
        t_big = bench_export(big, out_big, 1)
        floor = zip_floor(out_big)
        row(f"export .qdpx, {big_docs:,} docs / {big_codings:,} codings", f"{t_big:.2f} s",
            f"zip alone {floor:.2f} s ({t_big / floor:.1f}x)", "≤ 5 s", t_big <= 5)

        t_imp, n = bench_import(out_big, tmp)
        floor = read_floor(out_big)
        row(f"import .qdpx, {n:,} codings into a new project", f"{t_imp:.2f} s",
            f"unzip+parse {floor:.2f} s ({t_imp / floor:.1f}x)", "≤ 10 s", t_imp <= 10)

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
