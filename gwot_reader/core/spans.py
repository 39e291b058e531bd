"""A document's codings as a compact span index: five integer arrays, for painting and lookup.

The document view needs only (start, end, code, coder) to paint and filter; the quote, memo
and dates are fetched when asked for (a tooltip, an annotation row on screen). Five
``array('q')`` hold 50,000 codings in 2 MB, where as many full records took tens of megabytes
and most of the time of opening a document. Coders are kept as ids, with a small id-to-name
table on the index, so the coder filter and coder lanes read ``Span.coder`` like a record's.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Container, Iterable, Iterator, Sequence
from dataclasses import dataclass
from operator import sub
from typing import Protocol

from gwot_reader.core.intervals import stack_rows

FIELDS = 5  # a packed row: start, end, code id, coding id, coder id (0: none)
LONG = 4096  # codings longer than this (code points) are kept apart, see SpanIndex


class SpanLike(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def code_id(self) -> int: ...


@dataclass(frozen=True, slots=True)
class Span:
    """One coding as the view sees it: made only for what is on screen or asked for."""

    id: int
    start: int
    end: int
    code_id: int
    coder: str = ""  # the coder's name ("" when unknown), as on a full record

    @property
    def length(self) -> int:
        return self.end - self.start


def position(starts: Sequence[int], ends: Sequence[int], ids: Sequence[int],
             start: int, end: int, coding_id: int) -> int:
    """Where (start, end, id) is or would go in rows sorted by it: bisect on the starts, then
    a short walk among equal starts."""
    i = bisect_left(starts, start)
    n = len(starts)
    while i < n and starts[i] == start and (ends[i], ids[i]) < (end, coding_id):
        i += 1
    return i


class _Tier:
    """Spans sorted by (start, end, id); ``longest`` bounds how far back a query looks."""

    __slots__ = ("starts", "ends", "codes", "ids", "coders", "names", "longest")

    def __init__(self, names: dict[int, str]) -> None:
        self.starts = array("q")
        self.ends = array("q")
        self.codes = array("q")
        self.ids = array("q")
        self.coders = array("q")
        self.names = names  # the index's coder id -> name table (shared, not copied)
        self.longest = 0

    def fill(self, packed: array[int]) -> None:
        self.starts, self.ends = packed[0::FIELDS], packed[1::FIELDS]
        self.codes, self.ids = packed[2::FIELDS], packed[3::FIELDS]
        self.coders = packed[4::FIELDS]
        # map and max run in C: a generator expression took 50 ms for 50,000 spans
        self.longest = max(map(sub, self.ends, self.starts), default=0)

    def __len__(self) -> int:
        return len(self.ids)

    def insert(self, s: Span, coder_id: int) -> None:
        i = position(self.starts, self.ends, self.ids, s.start, s.end, s.id)
        self.starts.insert(i, s.start)
        self.ends.insert(i, s.end)
        self.codes.insert(i, s.code_id)
        self.ids.insert(i, s.id)
        self.coders.insert(i, coder_id)
        self.longest = max(self.longest, s.end - s.start)

    def delete(self, i: int) -> None:
        # longest stays an upper bound: that only widens the look-back, never misses a span
        del self.starts[i], self.ends[i], self.codes[i], self.ids[i], self.coders[i]

    def keep(self, drop: set[int]) -> None:
        """Remove every span whose id is in ``drop``, in one pass."""
        kept = [i for i, cid in enumerate(self.ids) if cid not in drop]
        for name in ("starts", "ends", "codes", "ids", "coders"):
            old = getattr(self, name)
            setattr(self, name, array("q", [old[i] for i in kept]))

    def span(self, i: int) -> Span:
        return Span(self.ids[i], self.starts[i], self.ends[i], self.codes[i],
                    self.names.get(self.coders[i], ""))

    def overlapping(self, start: int, end: int) -> range:
        """Positions from which a span may share a position with [start, end); filter by end."""
        lo = bisect_left(self.starts, start - self.longest)
        return range(lo, bisect_left(self.starts, end))


class SpanIndex:
    """A document's codings by position: O(log n + hits) queries, O(n) memmove updates.

    Two tiers keep queries short when a few codings are very long (a whole document coded
    once): spans up to LONG code points are found by bisecting back at most their longest
    length; the long ones are few and scanned whole.
    """

    def __init__(self, spans: Iterable[SpanLike] = ()) -> None:
        # coder id -> name (0 is no coder); names met in ``add`` that the table lacks get
        # negative ids of this index's own, so they never clash with the project's ids
        self.coders: dict[int, str] = {0: ""}
        self._coder_ids: dict[str, int] = {"": 0}
        self._short = _Tier(self.coders)
        self._long = _Tier(self.coders)
        # margin lanes by coding id, when stacked ahead (on a worker thread: see stack_lanes)
        # or as the view gave them out; they travel with the index (copies, recent documents)
        # and a changed or removed span loses its lane, to be given one again
        self.lanes: dict[int, int] | None = None
        rows = sorted(spans, key=lambda s: (s.start, s.end, s.id))
        self._fill(array("q", [v for s in rows for v in (
            s.start, s.end, s.code_id, s.id, self.coder_id(getattr(s, "coder", "")))]))

    @classmethod
    def from_packed(cls, packed: array[int], coders: dict[int, str] | None = None) -> SpanIndex:
        """From rows (start, end, code id, id, coder id) packed one after another, sorted by
        (start, end, id): what ``Codings.span_index`` reads in one query; ``coders`` names
        the coder ids."""
        index = cls()
        if coders:
            index.set_coder_names(coders)
        index._fill(packed)
        return index

    def set_coder_names(self, coders: dict[int, str]) -> None:
        """Name the coder ids (the project's coders table, id -> name)."""
        self.coders.update(coders)
        self._coder_ids.update((name, cid) for cid, name in self.coders.items())

    def coder_id(self, name: str) -> int:
        """The id of a coder's name in this index, given one of its own if it is new."""
        found = self._coder_ids.get(name)
        if found is None:
            found = min(min(self.coders), 0) - 1
            self.coders[found] = name
            self._coder_ids[name] = found
        return found

    def _fill(self, packed: array[int]) -> None:
        short, long_ = _Tier(self.coders), _Tier(self.coders)
        short.fill(packed)
        if short.longest > LONG:
            # rare: move the long ones out (the packed rows stay sorted within each tier)
            rows = [packed[i:i + FIELDS] for i in range(0, len(packed), FIELDS)]
            short.fill(array("q", [v for r in rows if r[1] - r[0] <= LONG for v in r]))
            long_.fill(array("q", [v for r in rows if r[1] - r[0] > LONG for v in r]))
        self._short, self._long = short, long_

    def stack_lanes(self) -> dict[int, int]:
        """Margin lanes for every span: overlapping spans get distinct lanes (0, 1, ...),
        greedily in text order (``intervals.stack_rows``). O(n x lanes)."""
        short = self._short
        rows: Iterable[tuple[int, int, int]] = (
            zip(short.starts, short.ends, short.ids, strict=True) if not len(self._long)
            else ((s.start, s.end, s.id) for s in self))
        return stack_rows(rows)

    def copy(self) -> SpanIndex:
        other = SpanIndex()
        other.set_coder_names(self.coders)
        for mine, theirs in ((self._short, other._short), (self._long, other._long)):
            theirs.starts, theirs.ends = array("q", mine.starts), array("q", mine.ends)
            theirs.codes, theirs.ids = array("q", mine.codes), array("q", mine.ids)
            theirs.coders = array("q", mine.coders)
            theirs.longest = mine.longest
        other.lanes = None if self.lanes is None else dict(self.lanes)
        return other

    def __len__(self) -> int:
        return len(self._short) + len(self._long)

    def _tier(self, s: SpanLike) -> _Tier:
        return self._long if s.end - s.start > LONG else self._short

    # -- reading --------------------------------------------------------------------------------
    def __iter__(self) -> Iterator[Span]:
        """Every span in (start, end, id) order."""
        short, long_ = self._short, self._long
        if not len(long_):
            return (short.span(i) for i in range(len(short)))
        return iter(sorted([short.span(i) for i in range(len(short))]
                           + [long_.span(i) for i in range(len(long_))],
                           key=lambda s: (s.start, s.end, s.id)))

    def first(self) -> Span | None:
        """The first span in text order, if any."""
        heads = [t.span(0) for t in (self._short, self._long) if len(t)]
        return min(heads, key=lambda s: (s.start, s.end, s.id)) if heads else None

    def __contains__(self, coding_id: int) -> bool:
        return self._find(coding_id) is not None

    def _find(self, coding_id: int) -> tuple[_Tier, int] | None:
        for tier in (self._short, self._long):
            try:
                return tier, tier.ids.index(coding_id)  # a C scan: 50,000 ids in well under 1 ms
            except ValueError:
                continue
        return None

    def get(self, coding_id: int) -> Span | None:
        found = self._find(coding_id)
        return None if found is None else found[0].span(found[1])

    def coder_ids_of(self, names: Container[str]) -> set[int]:
        """This index's ids of the coders named (a coder filter on the integer columns)."""
        return {cid for cid, name in self.coders.items() if name in names}

    def columns(self, coders: frozenset[str] | None = None,
                ) -> tuple[array[int], array[int], array[int], array[int]]:
        """Copies of (starts, ends, code ids, coding ids), in (start, end, id) order; only the
        codings of ``coders`` (names) if given."""
        if coders is not None:  # on the integer columns: no Span made per coding
            allowed = self.coder_ids_of(coders)
            rows = [r for t in (self._short, self._long)
                    for r in zip(t.starts, t.ends, t.codes, t.ids, t.coders, strict=True)
                    if r[4] in allowed]
            if len(self._long):
                rows.sort(key=lambda r: (r[0], r[1], r[3]))
            return (array("q", [r[0] for r in rows]), array("q", [r[1] for r in rows]),
                    array("q", [r[2] for r in rows]), array("q", [r[3] for r in rows]))
        if not len(self._long):
            t = self._short
            return array("q", t.starts), array("q", t.ends), array("q", t.codes), array("q", t.ids)
        spans = list(self)
        return (array("q", [s.start for s in spans]), array("q", [s.end for s in spans]),
                array("q", [s.code_id for s in spans]), array("q", [s.id for s in spans]))

    def overlapping(self, start: int, end: int) -> list[Span]:
        """Spans that share at least one position with ``[start, end)``, in (start, end, id) order."""
        names = self.coders
        return [Span(i, s, e, code, names.get(coder, ""))
                for s, e, code, i, coder in self.overlapping_rows(start, end)]

    def overlapping_rows(self, start: int, end: int) -> list[tuple[int, int, int, int, int]]:
        """``overlapping`` as rows (start, end, code id, id, coder id): no Span made (the paint
        path asks this for every frame)."""
        out: list[tuple[int, int, int, int, int]] = []
        for tier in (self._short, self._long):
            r = tier.overlapping(start, end)
            a, b = r.start, r.stop
            out.extend([row for row in zip(tier.starts[a:b], tier.ends[a:b], tier.codes[a:b],
                                           tier.ids[a:b], tier.coders[a:b], strict=True)
                        if row[1] > start])
        if len(self._long):
            out.sort(key=lambda row: (row[0], row[1], row[3]))
        return out

    def overlapping_ids(self, start: int, end: int) -> list[int]:
        """Ids of the spans over ``[start, end)``, unordered: no Span made (margin lanes ask
        this for every coding as it first shows)."""
        out: list[int] = []
        for tier in (self._short, self._long):
            r = tier.overlapping(start, end)
            ids, ends = tier.ids[r.start:r.stop], tier.ends[r.start:r.stop]
            out.extend([i for i, e in zip(ids, ends, strict=True) if e > start])
        return out

    def at(self, pos: int) -> list[Span]:
        return self.overlapping(pos, pos + 1)

    def first_code_starting(self, start: int, end: int,
                            coder_ids: Container[int] | None = None) -> int | None:
        """The code of the first span starting in ``[start, end)`` (the overview ruler's rows);
        only spans of ``coder_ids`` (this index's coder ids) if given. The ruler's rows are
        disjoint, so skipping other coders' spans costs each span once over a whole ruler."""
        best: tuple[int, int] | None = None
        for tier in (self._short, self._long):
            i = bisect_left(tier.starts, start)
            if coder_ids is not None:
                n, starts, coders = len(tier), tier.starts, tier.coders
                while i < n and starts[i] < end and coders[i] not in coder_ids:
                    i += 1
            if i < len(tier) and tier.starts[i] < end and (best is None or tier.starts[i] < best[0]):
                best = (tier.starts[i], tier.codes[i])
        return None if best is None else best[1]

    # -- changing -------------------------------------------------------------------------------
    def add(self, s: SpanLike) -> None:
        """Add a span, or replace the one with its id (an edited span or code)."""
        self.remove(s.id)  # (its lane too: the new span may overlap others)
        coder = getattr(s, "coder", "")  # a full record's, or a Span's
        self._tier(s).insert(Span(s.id, s.start, s.end, s.code_id, coder), self.coder_id(coder))

    def remove(self, coding_id: int) -> Span | None:
        if self.lanes is not None:
            self.lanes.pop(coding_id, None)
        found = self._find(coding_id)
        if found is None:
            return None
        tier, i = found
        span = tier.span(i)
        tier.delete(i)
        return span

    def remove_many(self, coding_ids: Iterable[int]) -> int:
        """Remove many at once (an undone bulk autocode): one pass, not one scan per id."""
        drop = set(coding_ids)
        before = len(self)
        if len(drop) < 16:
            for cid in drop:
                self.remove(cid)
        else:
            self._short.keep(drop)
            self._long.keep(drop)
            if self.lanes is not None:
                for cid in drop:
                    self.lanes.pop(cid, None)
        return before - len(self)


__all__ = ["FIELDS", "LONG", "Span", "SpanIndex", "SpanLike", "position"]
