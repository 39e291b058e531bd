"""Team benchmarks of issue 14: agreement at character level and merging two coders' projects.

    python benchmarks/bench_teams.py              # 2 coders x 100,000 codings over 1,000 documents
    python benchmarks/bench_teams.py --scale 0.1  # a quick look
    python benchmarks/bench_teams.py --keep DIR   # keep (and reuse) the generated projects

Prints, per benchmark, the median wall and CPU time of three runs, the target, and the ratio to
a floor measured in the same run (the machine is shared, so ratios say more than seconds):
for agreement, reading the same codings with a bare SELECT; for merge, copying the target
project and inserting the source's codings with a bare executemany.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from generate import generate  # noqa: E402

from gwot_reader.cli import main as cli_main  # noqa: E402
from gwot_reader.exchange.teamwork import agreement  # noqa: E402
from gwot_reader.store import Project  # noqa: E402
from gwot_reader.store.merge import MergeTrace, merge_projects, redo_merge, undo_merge  # noqa: E402


def timed(fn: Callable[[], object], repeat: int = 3) -> tuple[float, float]:
    """Median wall and CPU seconds of ``repeat`` runs."""
    walls, cpus = [], []
    for _ in range(repeat):
        w, c = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - w)
        cpus.append(time.process_time() - c)
    return statistics.median(walls), statistics.median(cpus)


FLOOR_CPU: dict[float, float] = {}  # floor wall -> its CPU time, for the CPU ratio


def row(name: str, wall: float, cpu: float, target: float | None, floor: float | None) -> None:
    if floor is None:
        FLOOR_CPU[wall] = cpu
    verdict = "-" if target is None else ("met" if wall <= target else "MISSED")
    ratio = f"{wall / floor:6.1f}x floor" if floor else ""
    if floor and FLOOR_CPU.get(floor) and cpu:
        ratio += f" ({cpu / FLOOR_CPU[floor]:.1f}x in CPU time)"
    tgt = f"<= {target:g} s" if target else ""
    print(f"{name:<50} {wall:7.3f} s wall {cpu:7.3f} s CPU {tgt:>9} {verdict:>6}  {ratio}")


def project(folder: Path, name: str, docs: int, codings: int, coders: tuple[str, ...]) -> Path:
    path = folder / name
    if not path.exists():
        t = time.perf_counter()
        generate(path, docs, 20, codings, 40, seed=1, coders=coders).close()
        print(f"(generated {name}: {docs} documents, {len(coders)} x {codings} codings "
              f"in {time.perf_counter() - t:.0f} s)")
    return path


def bench_agreement(path: Path, coders: list[str]) -> None:
    with Project.open(path) as p:
        def floor() -> None:
            p.db.execute('SELECT document_id, code_id, coder_id, start, "end" FROM codings').fetchall()

        def table() -> None:  # what the command and the Agreement window compute
            agreement(p, coders)

        def window() -> None:  # the Agreement window: the table and every disagreement
            agreement(p, coders, with_disagreements=True)

        fw, fc = timed(floor, repeat=5)
        row("floor: SELECT the codings", fw, fc, None, None)
        aw, ac = timed(table, repeat=5)
        row("agreement, character level (read + compute)", aw, ac, 1.0, fw)
        ww, wc = timed(window, repeat=1)
        row("... and the disagreements (Agreement window)", ww, wc, None, fw)
    out = path.with_suffix(".csv")
    cw, cc = timed(lambda: cli_main(["agreement", str(path), "--coders", ",".join(coders),
                                     "-o", str(out)]), repeat=1)
    row("gwot-reader agreement (open, compute, write CSV)", cw, cc, None, fw)


def bench_merge(folder: Path, a: Path, b: Path) -> None:
    target = folder / "target.gwot"

    def fresh() -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        src, dst = sqlite3.connect(a), sqlite3.connect(target)
        src.backup(dst)
        src.close()
        dst.close()

    rows = sqlite3.connect(b).execute(
        'SELECT guid, document_id, code_id, start, "end", text, coder_id, memo, created, modified '
        "FROM codings").fetchall()

    def floor() -> None:
        # what any merge must do: copy the target (the backup) and insert the source's codings
        fresh()
        conn = sqlite3.connect(target, isolation_level=None)
        conn.execute("BEGIN")
        conn.executemany('INSERT INTO codings (guid, document_id, code_id, start, "end", text, '
                         "coder_id, memo, created, modified) VALUES (?,?,?,?,?,?,?,?,?,?)", rows)
        conn.execute("COMMIT")
        conn.close()

    fw, fc = timed(floor)
    row(f"floor: copy the target, INSERT {len(rows):,} codings", fw, fc, None, None)
    walls, cpus, again = [], [], []
    undo: list[tuple[float, float]] = []
    redo: list[tuple[float, float]] = []
    for _ in range(3):
        fresh()
        with Project.open(target, coder="bench") as p:
            trace = MergeTrace()
            w, c = time.perf_counter(), time.process_time()
            (_, plan), = merge_projects(p, [b], trace=trace)
            walls.append(time.perf_counter() - w)
            cpus.append(time.process_time() - c)
            w2 = time.perf_counter()
            (_, plan2), = merge_projects(p, [b])
            again.append(time.perf_counter() - w2)
            assert len(plan.codings_added) > 0 and not plan2.codings_added
            for times, step in ((undo, undo_merge), (redo, redo_merge)):
                w, c = time.perf_counter(), time.process_time()
                step(p, trace, "b")
                times.append((time.perf_counter() - w, time.process_time() - c))
            assert p.codings.count() == 2 * len(plan.codings_added)
    row(f"merge (adds {len(plan.codings_added):,} codings, backup included)",
        statistics.median(walls), statistics.median(cpus), 10.0, fw)
    row("merge the same source again (adds nothing)", statistics.median(again), 0.0, None, fw)

    merged = folder / "merged.gwot"
    with sqlite3.connect(target) as src, sqlite3.connect(merged) as dst:
        src.backup(dst)

    def copy_back() -> None:  # what undo did before: the whole project copied back in place
        src, dst = sqlite3.connect(merged), sqlite3.connect(target)
        src.backup(dst)
        src.close()
        dst.close()

    cw, cc = timed(copy_back)
    row("floor: copy the whole project back in place", cw, cc, None, None)
    row("undo of the merge (one transaction)",
        statistics.median(u[0] for u in undo), statistics.median(u[1] for u in undo), None, cw)
    row("redo of the merge", statistics.median(r[0] for r in redo),
        statistics.median(r[1] for r in redo), None, cw)

    # the common case: a coder's day of work (1,000 codings) into the big project
    small = folder / "small-source.gwot"
    fresh()
    with sqlite3.connect(target) as src, sqlite3.connect(small) as dst:
        src.backup(dst)
    with sqlite3.connect(small) as conn:
        conn.executemany('INSERT INTO codings (guid, document_id, code_id, start, "end", text, '
                         "coder_id, memo, created, modified) VALUES (?,?,?,?,?,?,?,?,?,?)",
                         rows[:1000])
    small_undo, small_redo = [], []
    for _ in range(3):
        fresh()
        with Project.open(target, coder="bench") as p:
            trace = MergeTrace()
            merge_projects(p, [small], trace=trace)
            for times, step in ((small_undo, undo_merge), (small_redo, redo_merge)):
                w, c = time.perf_counter(), time.process_time()
                step(p, trace, "small")
                times.append((time.perf_counter() - w, time.process_time() - c))
    row("undo of a merge of 1,000 codings into it", statistics.median(u[0] for u in small_undo),
        statistics.median(u[1] for u in small_undo), None, cw)
    row("redo of it", statistics.median(r[0] for r in small_redo),
        statistics.median(r[1] for r in small_redo), None, cw)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--scale", type=float, default=1.0, help="fraction of the issue's sizes")
    ap.add_argument("--keep", metavar="DIR", help="generate into DIR and reuse what is there")
    a = ap.parse_args()
    docs, codings = max(2, int(1000 * a.scale)), max(10, int(100_000 * a.scale))
    folder = Path(a.keep) if a.keep else Path(tempfile.mkdtemp(prefix="bench_teams_"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        t = time.process_time()
        x = 0
        for i in range(1_000_000):
            x += i
        print(f"machine: a 1,000,000-step Python loop takes {time.process_time() - t:.3f} s CPU")
        both = project(folder, f"both-{docs}-{codings}.gwot", docs, codings, ("A", "B"))
        bench_agreement(both, ["A", "B"])
        first = project(folder, f"a-{docs}-{codings}.gwot", docs, codings, ("A",))
        second = project(folder, f"b-{docs}-{codings}.gwot", docs, codings, ("B",))
        bench_merge(folder, first, second)
    finally:
        if not a.keep:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
