"""Units for agreement: characters as run-lengths, or paragraphs (non-empty lines) of a text.

A coder's codings of a code become a sorted list of disjoint spans. At character level the
coders' boundaries cut the document into runs in which every coder's value is constant, so a
document costs O(codings · log codings), never O(characters).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from itertools import accumulate, compress, islice, repeat
from operator import add, floordiv, itemgetter, mod, ne, sub

from gwot_reader.core.agreement import Pattern

UNITS = ("character", "paragraph")  # what agreement is computed over

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


def masks_to_table(by_mask: dict[int, int], coders: int) -> Counter[Pattern]:
    """Bit masks (bit i: coder i applied the code) as a unit table of 0/1 values."""
    return Counter({tuple((m >> i) & 1 for i in range(coders)): w for m, w in by_mask.items() if w})


def character_masks(length: int, coders: Sequence[Iterable[Span]]) -> dict[int, int]:
    """Characters of a document as units: how many show each mask of coders inside their spans.

    One sorted list of boundaries, packed as ints (position, start flag, coder), and a count
    of open spans per coder: a coder's overlapping codings count once, and the weight of a run
    is added only when the position moves, so the order of equal positions does not matter.
    """
    events: list[int] = []
    for i, spans in enumerate(coders):
        events += [s << 6 | 32 | i for s, _ in spans]
        events += [e << 6 | i for _, e in spans]
    events.sort()
    open_ = [0] * len(coders)
    by_mask: dict[int, int] = {}
    mask = prev = 0
    for ev in events:
        pos = ev >> 6
        if pos != prev:
            by_mask[mask] = by_mask.get(mask, 0) + pos - prev
            prev = pos
        i = ev & 31
        if ev & 32:
            open_[i] += 1
            mask |= 1 << i
        else:
            open_[i] -= 1
            if not open_[i]:
                mask &= ~(1 << i)
    if length > prev:
        by_mask[mask] = by_mask.get(mask, 0) + length - prev
    return {m: w for m, w in by_mask.items() if w}


Counts = tuple[int, int, int, int]  # characters coded by both, only coder 0, only coder 1, neither


def pack_scale(lengths: Mapping[int, int], codings: Iterable[tuple[int, int, int, int, int]] = ()
               ) -> tuple[int, int]:
    """(big, docs) for ``packed``: ``big`` exceeds every position, ``docs`` every document id."""
    rows = list(codings)
    big = max(max(lengths.values(), default=0), max((r[4] for r in rows), default=0)) + 1
    docs = max(max(lengths, default=0), max((r[0] for r in rows), default=0)) + 1
    return big, docs


def packed(codings: Iterable[tuple[int, int, int, int, int]], big: int, docs: int,
           ) -> tuple[list[int], list[int]]:
    """Each coder's codings as sorted ints ((code · docs + document) · big + start) · big + length.

    ``codings`` are (document_id, code_id, coder 0 or 1, start, end). The store reads the same
    ints straight from its index (``Coders.packed``), already in order.
    """
    out: tuple[list[int], list[int]] = ([], [])
    for d, c, i, s, e in codings:
        out[i].append(((c * docs + d) * big + s) * big + e - s)
    return sorted(out[0]), sorted(out[1])


Line = tuple[list[int], list[int], list[int]]  # starts, ends (sorted), pair of each start


def _line(keys: list[int], big: int) -> Line:
    """Sorted packed spans as positions on one long line: a pair's spans lie in their own
    stretch of it (pair · big onwards), so one list serves every pair."""
    starts = list(map(floordiv, keys, repeat(big)))
    ends = sorted(map(add, starts, map(mod, keys, repeat(big))))
    return starts, ends, list(map(floordiv, starts, repeat(big)))


def _coverage(line: Line) -> dict[int, int]:
    """pair (code · docs + document) -> characters its spans cover.

    Pairing the i-th smallest start with the i-th smallest end gives spans with the same union
    (the number of spans open at any point is unchanged), and with sorted ends the farthest end
    before span i is simply E[i-1]. So a pair's union is its hull, E[last] - S[first], less the
    gaps max(0, S[i] - E[i-1]) inside it; max(0, d) = (d + |d|) / 2. Every step is a C loop
    (map, accumulate, compress): no Python code runs per coding.
    """
    starts, ends, pairs = line
    if not starts:
        return {}
    gaps = list(map(sub, starts, [starts[0], *islice(ends, len(ends) - 1)]))
    twice_gaps = list(accumulate(map(add, gaps, map(abs, gaps)), initial=0))
    n = len(pairs)
    firsts = [0, *compress(range(1, n), map(ne, islice(pairs, 1, None), pairs))]
    lasts = [*islice(firsts, 1, None), n]
    hull = map(sub, map(ends.__getitem__, map(sub, lasts, repeat(1))), map(starts.__getitem__, firsts))
    inside = map(sub, map(twice_gaps.__getitem__, lasts),
                 map(twice_gaps.__getitem__, map(add, firsts, repeat(1))))
    return dict(zip(map(pairs.__getitem__, firsts), map(sub, hull, map(floordiv, inside, repeat(2))),
                    strict=True))


def two_coder_counts(first: list[int], second: list[int], big: int, docs: int,
                     lengths: Mapping[int, int]) -> dict[tuple[int, int], Counts]:
    """(both, only first, only second, neither) per (code, document) that either coder coded.

    ``first`` and ``second`` are the coders' ``packed`` spans, sorted. |A ∩ B| = |A| + |B| - |A ∪ B|,
    the union's line merged from the two coders' (sorts of two sorted runs: linear, in C).
    """
    line_a, line_b = _line(first, big), _line(second, big)
    line_u = (sorted(line_a[0] + line_b[0]), sorted(line_a[1] + line_b[1]),
              sorted(line_a[2] + line_b[2]))
    a, b, either = _coverage(line_a), _coverage(line_b), _coverage(line_u)
    pairs = list(either)
    union_ = list(either.values())
    na = list(map(a.get, pairs, repeat(0)))
    nb = list(map(b.get, pairs, repeat(0)))
    both = list(map(sub, map(add, na, nb), union_))
    keys = list(map(divmod, pairs, repeat(docs)))  # (code, document)
    neither = map(sub, map(lengths.__getitem__, map(itemgetter(1), keys)), union_)
    return dict(zip(keys, zip(both, map(sub, na, both), map(sub, nb, both), neither, strict=True),
                    strict=True))


def two_coder_masks(codings: Iterable[tuple[int, int, int, int, int]], lengths: Mapping[int, int],
                    ) -> dict[tuple[int, int], dict[int, int]]:
    """``character_masks`` of every (code, document) pair at once, for exactly two coders.

    ``codings`` are (document_id, code_id, coder 0 or 1, start, end).
    """
    rows = list(codings)
    big, docs = pack_scale(lengths, rows)
    counts = two_coder_counts(*packed(rows, big, docs), big, docs, lengths)
    return {key: {m: w for m, w in zip((3, 1, 2, 0), c, strict=True) if w}
            for key, c in counts.items()}


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


def paragraph_masks(units: Sequence[Span], coders: Sequence[Iterable[Span]]) -> dict[int, int]:
    """Paragraphs as units: bit i is set where one of coder i's spans overlaps the paragraph."""
    starts = [s for s, _ in units]
    by_unit: dict[int, int] = {}
    for i, spans in enumerate(coders):
        for u in _marked(units, starts, spans):
            by_unit[u] = by_unit.get(u, 0) | 1 << i
    by_mask: dict[int, int] = {}
    for mask in by_unit.values():
        by_mask[mask] = by_mask.get(mask, 0) + 1
    if len(units) > len(by_unit):
        by_mask[0] = len(units) - len(by_unit)
    return by_mask


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


__all__ = ["Counts", "character_masks", "character_table_nominal", "masks_to_table",
           "pack_scale", "packed", "paragraph_masks", "paragraph_table_nominal", "paragraphs",
           "two_coder_counts", "two_coder_masks", "union"]
