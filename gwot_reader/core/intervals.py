"""Lanes for overlapping spans: the margin draws overlapping codings as parallel stripes.

(The index over a document's codings is ``core.spans.SpanIndex``.)
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol


class Span(Protocol):
    id: int
    start: int
    end: int


def stack_rows(rows: Iterable[tuple[int, int, int]]) -> dict[int, int]:
    """Lanes (0, 1, ...) for ``(start, end, id)`` rows in the order given (by start): each goes
    to the lowest lane free at its start, so overlapping rows never share one."""
    lanes_end: list[int] = []
    levels: dict[int, int] = {}
    for start, end, item_id in rows:
        for lane, lane_end in enumerate(lanes_end):
            if lane_end <= start:
                lanes_end[lane] = end
                levels[item_id] = lane
                break
        else:
            levels[item_id] = len(lanes_end)
            lanes_end.append(end)
    return levels


def stack_levels(items: Iterable[Span]) -> dict[int, int]:
    """Give overlapping items distinct lanes (0, 1, ...), greedily in start order, longer first."""
    ordered = sorted(items, key=lambda s: (s.start, -(s.end - s.start), s.id))
    return stack_rows((s.start, s.end, s.id) for s in ordered)


__all__ = ["stack_levels", "stack_rows"]
