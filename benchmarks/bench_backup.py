"""Backup of a 1,000-document, 100,000-coding project (target: 2 s), against floors.

    python benchmarks/bench_backup.py              # the issue's size (~130 MB, a minute to make)
    python benchmarks/bench_backup.py --docs 100 --codings 10000   # a quick look

Floors measured in the same run on the same file: a raw copy of the closed file
(``shutil.copyfile``, the least any copy can cost) and the sqlite3 tool's ``.backup``.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from generate import generate  # noqa: E402

from gwot_reader.store.backup import backup_now, copy_file  # noqa: E402

SQLITE3 = shutil.which("sqlite3")
TARGET = 2.0


def timed(fn, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t)
    return statistics.median(runs)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--kb", type=int, default=50)
    ap.add_argument("--codings", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=5)
    a = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="gwot-bench-backup-"))
    try:
        import os

        os.environ["XDG_DATA_HOME"] = str(work / "data")  # backups of this run stay in it
        path = work / "big.gwot"
        t = time.perf_counter()
        generate(path, a.docs, a.kb, a.codings, 40).close()
        size = path.stat().st_size / 1e6
        print(f"project: {a.docs} documents, {a.codings} codings, {size:.0f} MB "
              f"(made in {time.perf_counter() - t:.0f} s)")
        n = iter(range(10**6))

        def raw_copy() -> None:
            shutil.copyfile(path, work / f"raw-{next(n)}.gwot")

        def cli_backup() -> None:
            subprocess.run([SQLITE3, str(path), f".backup {work / f'cli-{next(n)}.gwot'}"],
                           check=True)

        def ours_copy() -> None:
            copy_file(path, work / f"ours-{next(n)}.gwot")

        def ours_rotating() -> None:
            backup_now(path, "manual")

        floor = timed(raw_copy, a.repeat)
        rows = [("raw copy of the closed file (floor)", floor)]
        if SQLITE3:
            rows.append(("sqlite3 .backup (floor)", timed(cli_backup, a.repeat)))
        rows.append(("backup PROJECT -o FILE (backup API)", timed(ours_copy, a.repeat)))
        rows.append(("rotating backup (backup API + rotate)", timed(ours_rotating, a.repeat)))
        for label, secs in rows:
            verdict = "" if "floor" in label else \
                f"  target {TARGET:.0f} s: {'met' if secs <= TARGET else 'MISSED'}"
            print(f"{label:40s} {secs:6.2f} s  {secs / floor:5.1f}x raw copy{verdict}")
        return 0 if all(s <= TARGET for label, s in rows if "floor" not in label) else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
