"""A project whose coded-segments export is the same bytes on every run (fixed GUIDs, dates
and coders), holding every cell the CSV writer can trip on; its export by the code before
issue 16 is kept in tests/data/segments-golden.csv (and .tsv)."""

from __future__ import annotations

import random
from pathlib import Path

from gwot_reader.core.pages import PageInfo, PageWords
from gwot_reader.store import Project
from gwot_reader.store.exchange_rows import insert_codings, insert_region

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data"
CORPUS_FILES = ("001_2b5e199f5e6438ca.txt", "003_d5466dd145112f24.txt")
TRICKY = ('=HYPERLINK("http://evil.example","click"), then "quoted", commas, and\n'
          "a new line; emoji 😀👍🏽, combining e\u0301, CJK 中文, Urdu اردو, -minus +plus @at\t"
          "a tab.\r\nCRLF line\n-starts with minus\n@starts with at\n+plus line\n'=quoted "
          "already\n\tTab start\n\rCR start\n'' two apostrophes, ',' and \"\"")
NAMES = ["=cmd|' /C calc'!A0", "+Category", "@Code, \"quoted\"", "-minus", "Plain", "naïve café",
         "'=already", "\tTabbed", "Emoji 😀", "Line\nbreak"]
MEMOS = ["", "=SUM(A1:A9)", 'memo, "quoted"\r\nCRLF', "\ttab", "'=already", "plain memo",
         "-1", "@here", "+1", "'' double", "中文 memo"]


def build(path: Path) -> Project:
    """The project: the corpus texts, a tricky text, a text with pages and a region coding."""
    rng = random.Random(16)
    p = Project.create(path, coder="tester")
    docs = []
    for i, name in enumerate(CORPUS_FILES):
        text = (ROOT / "corpus" / name).read_text(encoding="utf-8")
        docs.append(p.documents.add(NAMES[i] if i else name, text, title=NAMES[(i + 3) % 10]))
    docs.append(p.documents.add("Tricky", TRICKY, title='Title, with "quotes"'))
    paged_text = "Page one words here.\n\nPage two =starts and -more.\n\nPage three."
    paged = p.documents.add("Paged", paged_text, title="@Paged")
    docs.append(paged)
    p.pages.add(paged.id, [PageWords(PageInfo(n + 1, 595.0, 842.0, s, e))
                           for n, (s, e) in enumerate(((0, 20), (22, 49), (51, 62)))])
    cat = p.codebook.add("+Category", is_category=True)
    codes = [p.codebook.add(name, cat.id if i % 2 else None) for i, name in enumerate(NAMES)]
    rows = []
    n = 0
    for doc in docs:
        text = p.documents.text(doc.id)
        spans = [(0, min(10, len(text))), (0, len(text)), (len(text) - 3, len(text))]
        for _ in range(12):
            s = rng.randrange(0, len(text) - 1)
            spans.append((s, min(len(text), s + rng.randrange(1, 200))))
        for s, e in spans:
            n += 1
            rows.append((f"00000000-0000-4000-8000-{n:012d}", doc.id, codes[n % len(codes)].id, s,
                         e, text[s:e], NAMES[n % 3] if n % 4 else "tester", MEMOS[n % len(MEMOS)],
                         f"2024-01-{n % 28 + 1:02d}T10:00:00Z", f"2024-02-{n % 28 + 1:02d}T11:30:00Z"))
    insert_codings(p, rows)
    with p.transaction():
        insert_region(p, rows[-1][0], paged.id, 2, (10.004, 20.5, 300.125, 400.0))
        insert_region(p, rows[-2][0], paged.id, 1, (0.0, 0.0, 595.0, 842.0))
    return p
