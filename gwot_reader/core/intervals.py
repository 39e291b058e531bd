"""An interval index over a document's codings, for painting only what is visible."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from typing import Generic, Protocol, TypeVar


class Span(Protocol):
    id: int
    start: int
    end: int


T = TypeVar("T", bound=Span)


class IntervalIndex(Generic[T]):
    """Items sorted by start; the longest length bounds how far back a query must look.

    A query for ``[a, b)`` bisects to the first item that could still reach ``a`` and walks
    forward to ``b``: O(log n + hits + items that start in the look-back window).
    """

    def __init__(self, items: Iterable[T] = ()) -> None:
        self._items: list[T] = sorted(items, key=lambda s: (s.start, s.end, s.id))
        self._keys: list[tuple[int, int, int]] = [(s.start, s.end, s.id) for s in self._items]
        self._by_id: dict[int, T] = {s.id: s for s in self._items}
        self._longest = max((s.end - s.start for s in self._items), default=0)

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[T]:
        return iter(self._items)

    def __contains__(self, item_id: int) -> bool:
        return item_id in self._by_id

    def get(self, item_id: int) -> T | None:
        return self._by_id.get(item_id)

    def add(self, item: T) -> None:
        if item.id in self._by_id:
            self.remove(item.id)
        key = (item.start, item.end, item.id)
        i = bisect_left(self._keys, key)
        self._keys.insert(i, key)
        self._items.insert(i, item)
        self._by_id[item.id] = item
        self._longest = max(self._longest, item.end - item.start)

    def remove(self, item_id: int) -> T | None:
        item = self._by_id.pop(item_id, None)
        if item is None:
            return None
        i = bisect_left(self._keys, (item.start, item.end, item.id))
        del self._keys[i]
        del self._items[i]
        # _longest stays an upper bound; that only widens the look-back window, never misses.
        return item

    def overlapping(self, start: int, end: int) -> list[T]:
        """Items that share at least one position with ``[start, end)``, in start order."""
        lo = bisect_left(self._keys, (start - self._longest, -1, -1))
        hi = bisect_left(self._keys, (end, -1, -1))
        return [s for s in self._items[lo:hi] if s.end > start]

    def at(self, pos: int) -> list[T]:
        return self.overlapping(pos, pos + 1)

    def starts_between(self, start: int, end: int) -> list[T]:
        lo = bisect_left(self._keys, (start, -1, -1))
        hi = bisect_right(self._keys, (end, -1, -1))
        return self._items[lo:hi]


def stack_levels(items: Iterable[Span]) -> dict[int, int]:
    """Give overlapping items distinct lanes (0, 1, ...), greedily in start order.

    Used to draw overlapping codings as parallel stripes in the margin.
    """
    lanes_end: list[int] = []
    levels: dict[int, int] = {}
    for s in sorted(items, key=lambda s: (s.start, -(s.end - s.start), s.id)):
        for lane, lane_end in enumerate(lanes_end):
            if lane_end <= s.start:
                lanes_end[lane] = s.end
                levels[s.id] = lane
                break
        else:
            levels[s.id] = len(lanes_end)
            lanes_end.append(s.end)
    return levels


__all__ = ["IntervalIndex", "stack_levels"]
