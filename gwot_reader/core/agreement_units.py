"""Units for agreement: characters as run-lengths, or paragraphs (non-empty lines) of a text.

A coder's codings of a code become a sorted list of disjoint spans. At character level the
coders' boundaries cut the document into runs in which every coder's value is constant, so a
document costs O(codings · log codings), never O(characters).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence

from gwot_reader.core.agreement import Pattern

Span = tuple[int, int]
_LINE = re.compile(r"[^\n]*\S[^\n]*")  # a line holding at least one non-space character


def union(spans: Iterable[Span]) -> list[Span]:
    """Sorted disjoint spans covering the same characters (overlapping or touching joined)."""
    out: list[Span] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            if e > out[-1][1]:
                out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


def paragraphs(text: str) -> list[Span]:
    """The spans of the text's non-empty lines (whitespace-only lines are not units)."""
    return [m.span() for m in _LINE.finditer(text)]


def character_table_binary(length: int, coders: Sequence[Iterable[Span]]) -> Counter[Pattern]:
    """Characters of a document as units; each coder's value is 1 inside their spans, else 0."""
    n = len(coders)
    events: list[int] = []
    for i, spans in enumerate(coders):
        for s, e in union(spans):
            # a coder's spans are disjoint and never touch, so each boundary flips one bit
            events.append(s << 5 | i)
            events.append(e << 5 | i)
    events.sort()
    by_mask: dict[int, int] = {}
    mask = prev = 0
    for ev in events:
        pos = ev >> 5
        if pos != prev:
            by_mask[mask] = by_mask.get(mask, 0) + pos - prev
            prev = pos
        mask ^= 1 << (ev & 31)
    if length > prev:
        by_mask[mask] = by_mask.get(mask, 0) + length - prev
    return Counter({tuple((m >> i) & 1 for i in range(n)): w for m, w in by_mask.items() if w})


def character_table_nominal(length: int, coders: Sequence[Iterable[tuple[int, int, int]]],
                            ) -> tuple[Counter[Pattern], list[int]]:
    """Characters as units of one nominal variable: (start, end, category) spans per coder.

    A character no span of a coder covers is missing for that coder; one that two different
    categories of a coder cover is missing too, and counted in the second result (per coder).
    """
    n = len(coders)
    events: list[tuple[int, int, int, int]] = []  # (position, coder, category, +1/-1)
    for i, spans in enumerate(coders):
        by_cat: dict[int, list[Span]] = {}
        for s, e, cat in spans:
            by_cat.setdefault(cat, []).append((s, e))
        for cat, cat_spans in by_cat.items():
            for s, e in union(cat_spans):
                events.append((s, i, cat, 1))
                events.append((e, i, cat, -1))
    events.sort()
    active: list[dict[int, int]] = [{} for _ in range(n)]
    table: Counter[Pattern] = Counter()
    conflicts = [0] * n
    pattern: Pattern = (None,) * n
    prev = 0
    for pos, i, cat, step in events:
        if pos != prev:
            w = pos - prev
            table[pattern] += w
            for j in range(n):
                if len(active[j]) > 1:
                    conflicts[j] += w
            prev = pos
        a = active[i]
        if step > 0:
            a[cat] = 1
        else:
            del a[cat]
        pattern = tuple(next(iter(a)) if len(a) == 1 else None for a in active)
    if length > prev:
        table[pattern] += length - prev
    return Counter({p: w for p, w in table.items() if w}), conflicts


def _marked(units: Sequence[Span], starts: Sequence[int], spans: Iterable[Span]) -> set[int]:
    """Indexes of the units that one of the spans overlaps."""
    out: set[int] = set()
    for s, e in union(spans):
        lo = bisect_right(starts, s) - 1
        if lo < 0 or units[lo][1] <= s:
            lo += 1
        hi = bisect_left(starts, e)
        out.update(range(lo, hi))
    return out


def paragraph_table_binary(units: Sequence[Span], coders: Sequence[Iterable[Span]],
                           ) -> Counter[Pattern]:
    """Paragraphs as units: a coder's value is 1 where one of their spans overlaps it, else 0."""
    starts = [s for s, _ in units]
    marks = [_marked(units, starts, spans) for spans in coders]
    touched = set().union(*marks) if marks else set()
    table: Counter[Pattern] = Counter(tuple(int(u in m) for m in marks) for u in touched)
    rest = len(units) - len(touched)
    if rest:
        table[(0,) * len(coders)] += rest
    return table


def paragraph_table_nominal(units: Sequence[Span], coders: Sequence[Iterable[tuple[int, int, int]]],
                            ) -> tuple[Counter[Pattern], list[int]]:
    """Paragraphs as units of one nominal variable; see ``character_table_nominal``."""
    starts = [s for s, _ in units]
    values: list[dict[int, set[int]]] = []
    for spans in coders:
        by_cat: dict[int, list[Span]] = {}
        for s, e, cat in spans:
            by_cat.setdefault(cat, []).append((s, e))
        per_unit: dict[int, set[int]] = {}
        for cat, cat_spans in by_cat.items():
            for u in _marked(units, starts, cat_spans):
                per_unit.setdefault(u, set()).add(cat)
        values.append(per_unit)
    conflicts = [sum(len(c) > 1 for c in v.values()) for v in values]
    table: Counter[Pattern] = Counter()
    for u in range(len(units)):
        table[tuple(next(iter(v[u])) if len(v.get(u, ())) == 1 else None for v in values)] += 1
    return table, conflicts


__all__ = ["character_table_binary", "character_table_nominal", "paragraph_table_binary",
           "paragraph_table_nominal", "paragraphs", "union"]
