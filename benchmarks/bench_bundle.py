"""Size and start time of the built desktop bundle (python packaging/build.py first).

    python benchmarks/bench_bundle.py [--runs 5] [--exe dist/gwot-reader/gwot-reader]
    xvfb-run -a python benchmarks/bench_bundle.py --platform xcb   # a real X server

Size: the whole folder and what takes the room. Start, offscreen, on a new project of the bundled
corpus: the time from exec to the first paint of the reader window (the normal start; the
bundle's launcher reports it when GWOT_STARTUP_PROBE is set; target 0.6 s), and whole runs of
``--screenshot``, ``--version`` and ``stats``. CPU time is printed beside wall time because a
busy machine inflates the latter. The first run follows a page-cache drop when allowed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "packaging"))
from smoke_test import default_executable  # noqa: E402

SIZE_TARGET_MB, START_TARGET_S = 250, 0.6
GROUPS = [  # (label, test on the path inside the bundle); the first that matches wins
    ("ICU data and libraries (Qt's Unicode)", lambda p: "/libicu" in p or "icudt" in p or "icuuc" in p),
    ("Qt libraries", lambda p: "/Qt/lib/" in p or "/Qt6" in p or ".framework/" in p),
    ("Qt plugins", lambda p: "/plugins/" in p),
    ("PySide6 and shiboken6 bindings", lambda p: "PySide6/" in p or "shiboken6" in p),
    ("PyMuPDF", lambda p: "pymupdf" in p.lower() or "fitz" in p),
    ("lxml", lambda p: "/lxml/" in p),
    ("Python runtime and standard library", lambda p: "python3" in p.lower() or "base_library" in p),
    ("corpus and resources", lambda p: "/corpus/" in p or "/resources/" in p),
    ("executables", lambda p: p.endswith(("/gwot-reader", "/gwot-reader-gui", ".exe"))),
]


def sizes(bundle: Path) -> None:
    groups: dict[str, int] = {}
    total = files = 0
    for f in bundle.rglob("*"):
        if f.is_symlink() or not f.is_file():
            continue
        rel, n = "/" + f.relative_to(bundle).as_posix(), f.stat().st_size
        label = next((g for g, test in GROUPS if test(rel)), "other shared libraries (system)")
        groups[label] = groups.get(label, 0) + n
        total, files = total + n, files + 1
    verdict = "ok" if total / 1e6 <= SIZE_TARGET_MB else "OVER"
    print(f"bundle {bundle}: {total / 1e6:.1f} MB in {files} files "
          f"(target <= {SIZE_TARGET_MB} MB: {verdict})")
    for label, n in sorted(groups.items(), key=lambda kv: -kv[1]):
        print(f"  {n / 1e6:7.1f} MB  {label}")


def drop_page_cache() -> bool:
    try:
        os.sync()
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
        return True
    except OSError:
        return False


def cpu_of_children() -> float:
    try:
        import resource
    except ImportError:  # Windows
        return 0.0
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(exe: Path, args: list[str], env: dict, cwd: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one run; CPU time shows the program's own cost on a busy machine."""
    cpu, started = cpu_of_children(), time.perf_counter()
    subprocess.run([str(exe), *args], env=env, cwd=cwd, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return time.perf_counter() - started, cpu_of_children() - cpu


def first_paint(exe: Path, env: dict, cwd: Path) -> tuple[float, float]:
    """Seconds from exec to the reader window's first paint (the normal start, not --screenshot)."""
    probe = cwd / "first-paint.txt"
    probe.unlink(missing_ok=True)
    cpu, started = cpu_of_children(), time.time()
    subprocess.run([str(exe), "p.gwot"], env={**env, "GWOT_STARTUP_PROBE": str(probe)}, cwd=cwd,
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=60)
    if not probe.exists():
        raise SystemExit("the bundle wrote no first-paint time: rebuild it (packaging/startup_probe.py)")
    return float(probe.read_text()) - started, cpu_of_children() - cpu


def starts(exe: Path, runs: int, platform: str) -> None:
    with tempfile.TemporaryDirectory(prefix="gwot-bench-") as tmp:
        work = Path(tmp)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "QT_"))}
        env.update(QT_QPA_PLATFORM=platform, HOME=str(work), XDG_DATA_HOME=str(work / "data"),
                   XDG_CONFIG_HOME=str(work / "config"))
        print(f"new project (imports the corpus): {timed(exe, ['new', 'p.gwot'], env, work)[0]:.2f} s")
        cold = drop_page_cache()
        cases = [
            ("exec to first paint of the reader window", lambda: first_paint(exe, env, work), True),
            ("--screenshot (painted, grabbed, PNG saved, exit)",
             lambda: timed(exe, ["--screenshot", "shot.png", "p.gwot"], env, work), False),
            ("--version (bootloader + Python, no Qt)", lambda: timed(exe, ["--version"], env, work), False),
            ("stats (CLI on the project)", lambda: timed(exe, ["stats", "p.gwot"], env, work), False),
        ]
        for label, measure, has_target in cases:
            walls, cpus = zip(*(measure() for _ in range(runs)), strict=True)
            first = "first after a page-cache drop" if cold else "first"
            verdict = ""
            if has_target:
                verdict = (f"; target <= {START_TARGET_S} s: "
                           f"{'ok' if statistics.median(walls) <= START_TARGET_S else 'OVER'}")
            print(f"{label}: wall {first} {walls[0]:.3f} s, median {statistics.median(walls):.3f} s, "
                  f"best {min(walls):.3f} s; CPU median {statistics.median(cpus):.3f} s; "
                  f"{runs} runs{verdict}")
            cold = False
        if hasattr(os, "getloadavg"):
            print(f"load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--exe", type=Path, default=default_executable())
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--platform", default="offscreen",
                        help="Qt platform for the start times, e.g. xcb under xvfb-run (default: offscreen)")
    args = parser.parse_args()
    if not args.exe.exists():
        print(f"no bundle at {args.exe}: build it with python packaging/build.py")
        return 2
    bundle = args.exe.parent if sys.platform != "darwin" else args.exe.parents[2]
    sizes(bundle)
    starts(args.exe, args.runs, args.platform)
    return 0


if __name__ == "__main__":
    sys.exit(main())
