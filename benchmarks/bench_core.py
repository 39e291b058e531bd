"""Core benchmarks of issue 2: add a coding, import text files, export segments, open a project.

    python benchmarks/bench_core.py            # the issue's sizes (about a minute, 300 MB in /tmp)
    python benchmarks/bench_core.py --scale 0.1 # a quick look

Prints one row per benchmark: what was measured, the figure, the target and whether it is met.
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

from generate import generate, write_text_files  # noqa: E402

from gwot_reader.exchange.segments_csv import export_segments_csv  # noqa: E402
from gwot_reader.exchange.textimport import import_files  # noqa: E402
from gwot_reader.store import Project  # noqa: E402

SQLITE3 = "/usr/bin/sqlite3"
# The segments CSV's columns, as the sqlite3 tool would dump them: same joins, code paths,
# 80 characters of context on each side.
SEGMENTS_SQL = """
WITH RECURSIVE paths(id, path) AS (
    SELECT id, name FROM codes WHERE parent_id IS NULL
    UNION ALL SELECT c.id, p.path || '/' || c.name FROM codes c JOIN paths p ON c.parent_id = p.id)
SELECT c.guid AS coding_guid, d.name AS document, d.title AS document_title, k.name AS code,
       p.path AS code_path, c.start, c."end", c.text,
       substr(d.text, max(1, c.start - 79), min(c.start, 80)) AS context_before,
       substr(d.text, c."end" + 1, 80) AS context_after,
       ifnull(r.name, '') AS coder, c.memo, c.created, c.modified
FROM codings c JOIN documents d ON d.id = c.document_id JOIN codes k ON k.id = c.code_id
JOIN paths p ON p.id = c.code_id LEFT JOIN coders r ON r.id = c.coder_id
ORDER BY d.ord, d.id, c.start, c."end", c.id;
"""


def row(name: str, figure: str, target: str, ok: bool | None) -> None:
    verdict = "-" if ok is None else ("met" if ok else "MISSED")
    print(f"{name:<52} {figure:>14} {target:>16}  {verdict}")


def bench_add_coding(path: Path, n: int = 200) -> float:
    with Project.open(path, coder="bench") as p:
        docs = p.documents.all()
        code_ids = [c.id for c in p.codebook.all() if not c.is_category]
        times = []
        for i in range(n):
            doc = docs[(i * 7) % len(docs)]
            start = (i * 131) % (doc.length - 100)
            t = time.perf_counter()
            p.codings.add(doc.id, code_ids[i % len(code_ids)], start, start + 60)
            times.append(time.perf_counter() - t)
    return statistics.median(times)


def bench_open(path: Path, repeat: int = 7) -> float:
    """What the window needs first: open, list documents and codebook, counts."""
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        p = Project.open(path)
        p.documents.all()
        p.codebook.tree()
        p.codings.counts_by_code()
        p.codings.counts_by_document()
        p.stats()
        times.append(time.perf_counter() - t)
        p.close()
    return statistics.median(times)


# For comparison only: the stored columns, without the computed context and code paths.
STORED_SQL = """
SELECT c.guid, d.name, d.title, k.name, c.start, c."end", c.text, ifnull(r.name, ''), c.memo,
       c.created, c.modified
FROM codings c JOIN documents d ON d.id = c.document_id JOIN codes k ON k.id = c.code_id
LEFT JOIN coders r ON r.id = c.coder_id ORDER BY d.ord, d.id, c.start, c."end", c.id;
"""


def sqlite3_dump(path: Path, query: str, out: Path) -> float:
    sql = out.with_suffix(".sql")
    sql.write_text(query)
    t = time.perf_counter()
    with open(out, "wb") as fh:
        subprocess.run([SQLITE3, "-csv", "-header", str(path), f".read {sql}"], stdout=fh,
                       check=True)
    return time.perf_counter() - t


def bench_export(path: Path, out: Path) -> tuple[float, float, float, int]:
    t_sqlite = sqlite3_dump(path, SEGMENTS_SQL, out.with_suffix(".sqlite3.csv"))
    t_stored = sqlite3_dump(path, STORED_SQL, out.with_suffix(".stored.csv"))
    t = time.perf_counter()
    with Project.open(path) as p:
        n = export_segments_csv(p, out)
    t_ours = time.perf_counter() - t
    return t_ours, t_sqlite, t_stored, n


def bench_import(folder: Path, files: list[Path]) -> float:
    with Project.create(folder / "import.gwot") as p:
        t = time.perf_counter()
        docs, _ = import_files(p, files)
        elapsed = time.perf_counter() - t
        assert len(docs) == len(files)
    return elapsed


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--scale", type=float, default=1.0, help="fraction of the issue's sizes")
    ap.add_argument("--keep", metavar="DIR", help="work in DIR and keep the files")
    a = ap.parse_args()
    n_docs, n_codings = max(10, int(1000 * a.scale)), max(1000, int(100_000 * a.scale))
    work = Path(a.keep or tempfile.mkdtemp(prefix="gwot-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        big = work / "big.gwot"
        if not big.exists():
            t = time.perf_counter()
            generate(big, n_docs, 50, n_codings, 40).close()
            print(f"generated {n_docs} documents of 50 KB, {n_codings} codings over 40 codes in "
                  f"{time.perf_counter() - t:.1f} s\n")
        print(f"{'benchmark':<52} {'measured':>14} {'target':>16}")
        t_open = bench_open(big)
        row(f"open {n_docs} docs + {n_codings} codings (median)", f"{t_open * 1000:.1f} ms",
            "<= 100 ms", t_open <= 0.100)
        t_ours, t_sqlite, t_stored, n = bench_export(big, work / "segments.csv")
        row(f"export {n} segments to CSV", f"{t_ours:.2f} s", f"<= {1.5 * t_sqlite:.2f} s",
            t_ours <= 1.5 * t_sqlite)
        row("  sqlite3 -csv, same columns (context by substr)", f"{t_sqlite:.2f} s", "", None)
        row("  sqlite3 -csv, stored columns only (no context)", f"{t_stored:.2f} s", "", None)
        row("  ratio ours / sqlite3", f"{t_ours / t_sqlite:.2f}x", "<= 1.5x", t_ours <= 1.5 * t_sqlite)
        scratch = work / "scratch.gwot"
        shutil.copy(big, scratch)
        t_add = bench_add_coding(scratch)
        row(f"add one coding among {n_codings} (median of 200)", f"{t_add * 1000:.2f} ms",
            "<= 2 ms", t_add <= 0.002)
        files = write_text_files(work / "texts", n_docs, 50)
        t_import = bench_import(work, files)
        limit = 10 * n_docs / 1000
        row(f"import {n_docs} text files of 50 KB", f"{t_import:.2f} s", f"<= {limit:.1f} s",
            t_import <= limit)
    finally:
        if not a.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
