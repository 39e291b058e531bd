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
from operator import add, and_, floordiv, mod, rshift, sub, xor

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


def covered_so_far(starts: Sequence[int], ends: Sequence[int]) -> list[int]:
    """Characters covered by the first i spans, for every i (spans sorted by start).

    With R_i the farthest end among spans before i, span i adds R_(i+1) - max(s_i, R_i)
    (zero when it ends inside what is covered). Every step runs in C (map, accumulate), so
    no Python code runs per span.
    """
    reach = list(accumulate(ends, max, initial=-1))
    gained = map(sub, islice(reach, 1, None), map(max, starts, reach))
    return list(accumulate(gained, initial=0))


def two_coder_masks(codings: Iterable[tuple[int, int, int, int, int]], lengths: Mapping[int, int],
                    ) -> dict[tuple[int, int], dict[int, int]]:
    """``character_masks`` of every (code, document) pair at once, for exactly two coders.

    ``codings`` are (document_id, code_id, coder 0 or 1, start, end). Each pair's spans are
    shifted to their own stretch of one long line (pair number × a length no document
    reaches), so that one sorted list and three cumulative coverages (coder 0, coder 1,
    either) give each pair's |A|, |B| and |A ∪ B|, hence |A ∩ B| = |A| + |B| - |A ∪ B|.
    """
    rows = list(codings)
    if not rows:
        return {}
    big = max(max(lengths.values(), default=0), max(r[4] for r in rows)) + 1
    docs = max(r[0] for r in rows) + 1
    # pair number, start, end and coder packed in one int: one C sort orders everything; the
    # unpacking below is map() over operator functions, so no Python code runs per coding
    packed = sorted((((c * docs + d) * big + s) * big + e) * 2 + i for d, c, i, s, e in rows)
    starts = list(map(floordiv, packed, repeat(2 * big)))
    ends_local = map(mod, map(rshift, packed, repeat(1)), repeat(big))
    ends = list(map(add, map(sub, starts, map(mod, starts, repeat(big))), ends_local))
    second = list(map(and_, packed, repeat(1)))
    first = list(map(xor, second, repeat(1)))
    cover_all = covered_so_far(starts, ends)
    per_coder = []
    for mine in (first, second):
        s_i = list(compress(starts, mine))
        per_coder.append((s_i, covered_so_far(s_i, list(compress(ends, mine)))))
    (s_a, cov_a), (s_b, cov_b) = per_coder
    out: dict[tuple[int, int], dict[int, int]] = {}
    for pair in sorted(set(map(floordiv, starts, repeat(big)))):
        lo, hi = pair * big, (pair + 1) * big
        either = cover_all[bisect_left(starts, hi)] - cover_all[bisect_left(starts, lo)]
        a = cov_a[bisect_left(s_a, hi)] - cov_a[bisect_left(s_a, lo)]
        b = cov_b[bisect_left(s_b, hi)] - cov_b[bisect_left(s_b, lo)]
        both = a + b - either
        code_id, doc_id = divmod(pair, docs)
        masks = {3: both, 1: a - both, 2: b - both, 0: lengths[doc_id] - either}
        out[(code_id, doc_id)] = {m: w for m, w in masks.items() if w}
    return out


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


__all__ = ["character_masks", "character_table_nominal", "covered_so_far", "masks_to_table",
           "paragraph_masks", "paragraph_table_nominal", "paragraphs", "two_coder_masks", "union"]
