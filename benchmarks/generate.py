"""Deterministic synthetic projects: N documents of M KB, K codings over C codes.

    python benchmarks/generate.py OUT.gwot --docs 1000 --kb 50 --codings 100000 --codes 40
    python benchmarks/generate.py --text-files DIR --docs 1000 --kb 50   # .txt files to import
    python benchmarks/generate.py OUT.gwot --coders A,B --codings 100000  # 100,000 codings each

With several coders, the first codes at random and each other one re-codes most of the first
one's passages with shifted boundaries (and a few of their own), as coders who mostly agree do.

The same arguments and --seed always give the same texts, codebook and spans.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bulk import bulk_codings, bulk_documents  # noqa: E402

from gwot_reader.store import Project  # noqa: E402

WORDS = (
    "Pakistan United States war terror counterterrorism cooperation trust deficit aid drone "
    "strike Taliban tribal areas border Afghanistan security policy dialogue negotiation the of "
    "and in to a is that for on with as by from was were this which military civilian state "
    "sovereignty alliance Islamabad Washington Kabul Peshawar Waziristan émigré naïve café"
).split()
RARE = ["😀", "𝕏", "e\u0301", "中文", "—", "“quoted”"]  # astral, combining, CJK, punctuation


def make_text(rng: random.Random, kb: int) -> str:
    """About ``kb`` KB of sentences and paragraphs, with the odd astral or combining character."""
    target = kb * 1024
    parts: list[str] = []
    size = 0
    while size < target:
        n = rng.randint(8, 30)
        words = rng.choices(WORDS, k=n)
        if rng.random() < 0.05:
            words[rng.randrange(n)] = rng.choice(RARE)
        sentence = " ".join(words).capitalize() + ". "
        if rng.random() < 0.15:
            sentence += "\n\n"
        parts.append(sentence)
        size += len(sentence) + 4  # roughly the UTF-8 size
    return "".join(parts).strip()


def make_codebook(project: Project, rng: random.Random, n_codes: int) -> list[int]:
    """``n_codes`` codes in categories of up to ten; returns the code ids (not categories)."""
    ids: list[int] = []
    with project.transaction():
        for i in range(n_codes):
            if i % 10 == 0:
                category = project.codebook.add(f"Category {i // 10 + 1}", is_category=True)
            colour = f"#{rng.randrange(0x1000000):06X}"
            ids.append(project.codebook.add(f"Code {i + 1}", category.id, color=colour,
                                        definition=f"Synthetic code {i + 1}").id)
    return ids


def coding_rows(rng: random.Random, docs: list[tuple[int, str]], code_ids: list[int], k: int):
    for _ in range(k):
        doc_id, text = docs[rng.randrange(len(docs))]
        start = rng.randrange(max(1, len(text) - 1))
        end = min(len(text), start + rng.randint(20, 400))
        yield doc_id, rng.choice(code_ids), start, end, text[start:end]


def second_coder_rows(rng: random.Random, first: list[tuple[int, int, int, int, str]],
                     texts: dict[int, str], code_ids: list[int], agree: float = 0.7):
    """Most of ``first`` again with boundaries moved by up to 20 characters; the rest at random."""
    for doc_id, code_id, start, end, _ in first:
        text = texts[doc_id]
        if rng.random() < agree:
            s = min(max(0, start + rng.randint(-20, 20)), len(text) - 1)
            e = min(len(text), max(s + 1, end + rng.randint(-20, 20)))
        else:
            code_id = rng.choice(code_ids)
            s = rng.randrange(max(1, len(text) - 1))
            e = min(len(text), s + rng.randint(20, 400))
        yield doc_id, code_id, s, e, text[s:e]


def generate(path: Path, docs: int, kb: int, codings: int, codes: int, seed: int = 1,
             coders: tuple[str, ...] = ("generator",)) -> Project:
    rng = random.Random(seed)
    project = Project.create(path, coder=coders[0])
    code_ids = make_codebook(project, rng, codes)
    texts = [(f"Document {i + 1:05d}", make_text(rng, kb)) for i in range(docs)]
    doc_ids = bulk_documents(project, texts)
    if codings:
        first = list(coding_rows(rng, [(d, t) for d, (_, t) in zip(doc_ids, texts, strict=True)],
                                 code_ids, codings))
        bulk_codings(project, first, coder=coders[0])
        by_id = {d: t for d, (_, t) in zip(doc_ids, texts, strict=True)}
        for coder in coders[1:]:
            bulk_codings(project, second_coder_rows(rng, first, by_id, code_ids), coder=coder)
    project.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return project


def analysis_project(description: str, work_name: str,
                     run: Callable[[Path], None]) -> int:
    """The analysis benchmarks' main: parse --scale and --keep, generate (or reuse) the
    1,000 x 50 KB, 100,000-coding project, and ``run`` on a fresh copy of it."""
    ap = argparse.ArgumentParser(description=description,
                                 formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--keep", metavar="DIR")
    a = ap.parse_args()
    docs, codings = max(10, int(1000 * a.scale)), max(1000, int(100_000 * a.scale))
    folder = Path(a.keep) if a.keep else Path(tempfile.mkdtemp(prefix="bench-analysis-"))
    folder.mkdir(parents=True, exist_ok=True)
    source = folder / f"analysis-{docs}x50KB-{codings}.gwot"
    if not source.exists():
        t = time.perf_counter()
        generate(source, docs, 50, codings, 100).close()
        print(f"generated {source.name} in {time.perf_counter() - t:.1f} s", flush=True)
    path = folder / work_name
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    shutil.copy(source, path)
    try:
        run(path)
    finally:
        if not a.keep:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


def write_text_files(folder: Path, docs: int, kb: int, seed: int = 1) -> list[Path]:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(docs):
        p = folder / f"doc{i + 1:05d}.txt"
        p.write_text(make_text(rng, kb), encoding="utf-8")
        paths.append(p)
    return paths


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("out", nargs="?", help="project file to create (must not exist)")
    ap.add_argument("--docs", type=int, default=100)
    ap.add_argument("--kb", type=int, default=50)
    ap.add_argument("--codings", type=int, default=10000)
    ap.add_argument("--codes", type=int, default=40)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--coders", default="generator",
                    help="comma-separated coder names; each codes --codings passages")
    ap.add_argument("--text-files", metavar="DIR", help="write .txt files instead of a project")
    a = ap.parse_args()
    t = time.perf_counter()
    if a.text_files:
        n = len(write_text_files(Path(a.text_files), a.docs, a.kb, a.seed))
        print(f"wrote {n} files of ~{a.kb} KB to {a.text_files} in {time.perf_counter() - t:.1f} s")
        return 0
    if not a.out:
        ap.error("give a project file or --text-files DIR")
    if Path(a.out).exists():
        ap.error(f"{a.out} exists")
    coders = tuple(c.strip() for c in a.coders.split(",") if c.strip()) or ("generator",)
    with generate(Path(a.out), a.docs, a.kb, a.codings, a.codes, a.seed, coders) as p:
        s = p.stats()
    print(f"{a.out}: {s['documents']} documents, {s['codes']} codes, {s['codings']} codings "
          f"in {time.perf_counter() - t:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
