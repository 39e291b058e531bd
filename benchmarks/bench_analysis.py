"""Analysis on a big project: search index build, word and regex search, coding-query
operators, co-occurrence matrix, autocode. Each figure beside a floor measured in the same run.

    python3 benchmarks/bench_analysis.py              # 1,000 documents x 50 KB, 100,000 codings
    python3 benchmarks/bench_analysis.py --scale 0.1  # a tenth of the documents and codings
    python3 benchmarks/bench_analysis.py --keep DIR   # keep (and reuse) the generated project
"""

from __future__ import annotations

import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from generate import analysis_project  # noqa: E402

from gwot_reader.core.codingquery import Segment, evaluate, parse_query  # noqa: E402
from gwot_reader.core.matrix import cooccurrence  # noqa: E402
from gwot_reader.core.searchquery import SearchOptions  # noqa: E402
from gwot_reader.exchange.analysis import autocode  # noqa: E402
from gwot_reader.store import Project  # noqa: E402
from gwot_reader.store.analysis import CodingSpans  # noqa: E402
from gwot_reader.store.search import Hit, SearchIndex  # noqa: E402


def best(fn: Callable[[], object], n: int = 5) -> float:
    """Median of n runs, in seconds."""
    times = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


ROWS: list[tuple[str, float, str, float | None]] = []


def report(name: str, seconds: float, target: str, floor: float | None = None) -> None:
    ROWS.append((name, seconds, target, floor))
    ratio = f"{seconds / floor:6.1f} x floor ({floor * 1000:.1f} ms)" if floor else ""
    print(f"{name:<52} {seconds * 1000:9.1f} ms   target {target:<9} {ratio}", flush=True)


def main() -> int:
    return analysis_project(__doc__, "work.gwot", run)

def run(path: Path) -> None:
    project = Project.open(path, coder="bench")
    db = project.db
    index = SearchIndex(db)

    # -- index build: from nothing, in short transactions, as for a project made before it --
    with project.transaction():
        db.execute("INSERT INTO search_words (search_words) VALUES ('delete-all')")
        db.execute("INSERT INTO search_trigram (search_trigram) VALUES ('delete-all')")
        db.execute("UPDATE meta SET value = '0' WHERE key = 'search_indexed_upto'")
    t = time.perf_counter()
    index.build()
    build = time.perf_counter() - t
    db.execute("CREATE VIRTUAL TABLE floor_fts USING fts5(text, content='documents', "
               "content_rowid='id', tokenize='unicode61 remove_diacritics 2')")
    t = time.perf_counter()
    db.execute("INSERT INTO floor_fts (floor_fts) VALUES ('rebuild')")
    floor = time.perf_counter() - t
    db.execute("DROP TABLE floor_fts")
    report("index build (words + trigrams, steps of 50 docs)", build, "<= 30 s", floor)
    print("   floor: one bare FTS5 'rebuild' of the word table alone")

    # -- word query --
    texts = [r[0] for r in db.execute("SELECT text FROM documents")]
    floor = best(lambda: db.execute("SELECT count(*) FROM search_words WHERE search_words "
                                    "MATCH 'sovereignty'").fetchone())
    report("FTS word query: documents matching 'sovereignty'",
           best(lambda: index.count_documents("sovereignty")), "<= 30 ms", floor)
    report("  ... phrase: best 20 documents ranked and their hits located",
           best(lambda: first_page(index, project, '"trust deficit"')), "", None)
    t = time.perf_counter()
    n_hits = sum(1 for _ in index.search('"trust deficit"'))
    every = time.perf_counter() - t
    report(f"  ... every hit of a phrase located ({n_hits} hits)", every, "", None)
    floor = best(lambda: [len(re.findall(r"trust\W+deficit", t.lower())) for t in texts], 1)
    print(f"   floor for locating every hit: re.findall over every lowered text "
          f"{floor * 1000:.0f} ms ({every / floor:.1f} x)")

    # -- regex over all text --
    rx = re.compile(r"drone strikes? (in|on) \w+")
    floor = best(lambda: [sum(1 for _ in rx.finditer(t)) for t in texts], 3)
    options = SearchOptions(regex=True, fold_case=False, fold_diacritics=False)
    report("regex over all text (exact)", best(lambda: list(index.search(rx.pattern, options)), 3),
           "<= 1 s", floor)
    print("   floor: re.finditer over every text already in memory")
    report("regex over all text (--fold-diacritics, opt-in)",
           best(lambda: list(index.search(rx.pattern, SearchOptions(regex=True))), 3), "", floor)

    # -- coding-query operators --
    spans = CodingSpans(project)
    tree = project.codebook.tree()
    a_id, b_id = (tree.resolve(n).id for n in ("Code 1", "Code 2"))  # type: ignore[union-attr]
    floor = best(lambda: (spans.segments([a_id]), spans.segments([b_id])))
    print(f"   floor for queries: loading both operands' spans {floor * 1000:.1f} ms")
    for op in ["&", "|", "overlaps", "within", "near/200", "-"]:
        expr = f'"Category 1/Code 1" {op} "Category 1/Code 2"'

        def query(expr: str = expr) -> list[Segment]:
            ops = {r: spans.segments([tree.resolve(r).id]) for r in  # type: ignore[union-attr]
                   ("Category 1/Code 1", "Category 1/Code 2")}
            return evaluate(parse_query(expr), ops.__getitem__)

        report(f"query A {op} B ({len(query())} segments)", best(query), "<= 300 ms", floor)
    big = '("Category 1" | "Category 2") overlaps ("Category 3" | "Category 4")'
    report("query over 4 categories of 10 codes (2 x 2 categories)",
           best(lambda: evaluate(parse_query(big), lambda r: spans.segments(
               [c.id for c in tree.descendants(tree.resolve(r).id)])), 3),  # type: ignore[union-attr]
           "<= 300 ms", None)

    # -- co-occurrence --
    floor = best(lambda: spans.coded(), 3)
    report(f"co-occurrence matrix (100 codes, {len(spans.coded()):,} codings)",
           best(lambda: cooccurrence(spans.coded()), 3), "<= 1 s", floor)
    print("   floor: reading every coding's span")

    # -- autocode of 10,000 hits --
    hits = [h for h, _ in zip(index.search("pakistan"), range(10_000), strict=False)]
    target = project.codebook.tree().resolve("Code 100")
    before = project.codings.count()
    t = time.perf_counter()
    result = autocode(project, hits, target.guid)  # type: ignore[union-attr]
    took = time.perf_counter() - t
    assert project.codings.count() - before == result.made == len({(h.document_id, h.start)
                                                                    for h in hits})
    floor_path = path.with_name("floor.gwot")
    import sqlite3

    conn = sqlite3.connect(floor_path, isolation_level=None)
    conn.execute("CREATE TABLE c (id INTEGER PRIMARY KEY, d, s, e, t)")
    t = time.perf_counter()
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO c (d, s, e, t) VALUES (?,?,?,?)",
                     [(h.document_id, h.start, h.end, "pakistan") for h in hits])
    conn.execute("COMMIT")
    floor = time.perf_counter() - t
    report(f"autocode {result.made} hits (one transaction)", took, "<= 2 s", floor)
    print("   floor: a bare executemany of the same rows into a one-table database")

    # -- its undo and redo (the window's AddCodings command) --
    made = project.codings.all(code_id=target.id)  # type: ignore[union-attr]
    t = time.perf_counter()
    conn.execute("DELETE FROM c WHERE id IN (SELECT id FROM c)")
    delete_floor = time.perf_counter() - t
    conn.close()
    floor_path.unlink()
    t = time.perf_counter()
    project.codings.remove_many(c.id for c in made)
    report(f"undo of that autocode: remove_many({len(made)})", time.perf_counter() - t,
           "<= 2 s", delete_floor)
    print("   floor: a bare DELETE of the same number of rows of a one-table database")
    t = time.perf_counter()
    project.codings.restore_many(made)
    report(f"redo: restore_many({len(made)})", time.perf_counter() - t, "<= 2 s", floor)
    t = time.perf_counter()
    with project.transaction():  # the undo as it was: one remove() per coding
        for c in made:
            project.codings.remove(c.id)
    print(f"   before: one remove() per coding took {time.perf_counter() - t:.2f} s")
    project.close()


def first_page(index: SearchIndex, project: Project, query: str) -> list[Hit]:
    """What a results list shows first: the best 20 documents' hits."""
    ids = index.ranked_documents(query, 20)
    return list(index.search(query, SearchOptions(document_ids=frozenset(ids))))


if __name__ == "__main__":
    sys.exit(main())
