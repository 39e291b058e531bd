"""Margin lanes by coder: each coder's stripes in a band of their own, coders in name order."""

from __future__ import annotations

from gwot_reader.core.intervals import stack_levels
from gwot_reader.core.spans import Span


def coder_lanes(codings: list[Span]) -> tuple[dict[int, int], int]:
    """Lane per coding id and the number of lanes: coder bands side by side (the first coder
    nearest the text), overlapping codings of one coder stacked inside their band, and one
    empty lane between bands so the coders read apart."""
    by_coder: dict[str, list[Span]] = {}
    for c in codings:
        by_coder.setdefault(c.coder, []).append(c)
    lanes: dict[int, int] = {}
    base = 0
    for coder in sorted(by_coder):
        # (a Span's fields are read-only; the intervals protocol's are plain attributes)
        levels = stack_levels(by_coder[coder])  # type: ignore[arg-type]
        for cid, level in levels.items():
            lanes[cid] = base + level
        base += max(levels.values(), default=0) + 2
    return lanes, max(1, base - 1)
