"""Spans of one version of a text mapped onto another through the passages they share."""

from __future__ import annotations

import bisect
from collections.abc import Callable
from difflib import SequenceMatcher

SpanMap = Callable[[int, int], "tuple[int, int] | None"]
# a changed stretch of lines is compared character by character only up to this size: beyond
# it SequenceMatcher's time grows with the product of the lengths, and the codings inside the
# stretch are reported as not found rather than the merge taking minutes
_CHAR_LIMIT = 20_000


def _blocks(old: str, new: str) -> list[tuple[int, int, int]]:
    """(start in old, start in new, length) of the passages both texts share, in order: the
    common beginning and end as they are (a passage there maps to itself), the rest by a
    line diff refined character by character inside changed lines."""
    p = _common(old, new, range(min(len(old), len(new))))
    most = min(len(old), len(new)) - p
    s = _common(old, new, range(-1, -most - 1, -1))
    middle = [(p + i, p + j, n) for i, j, n in
              _middle(old[p:len(old) - s], new[p:len(new) - s])]
    return [*([(0, 0, p)] if p else []), *middle,
            *([(len(old) - s, len(new) - s, s)] if s else [])]


def _common(old: str, new: str, at: range) -> int:
    """How many of the positions ``at`` (in order) hold the same character in both texts."""
    n = 0
    for k in at:
        if old[k] != new[k]:
            break
        n += 1
    return n


def _middle(old: str, new: str) -> list[tuple[int, int, int]]:
    a, b = old.splitlines(keepends=True), new.splitlines(keepends=True)
    starts_a, starts_b = _offsets(a), _offsets(b)
    blocks: list[tuple[int, int, int]] = []
    lines = SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in lines.get_opcodes():
        x, y = starts_a[i1], starts_b[j1]
        x_len, y_len = starts_a[i2] - x, starts_b[j2] - y
        if tag == "equal":
            blocks.append((x, y, x_len))
        elif tag == "replace" and x_len <= _CHAR_LIMIT and y_len <= _CHAR_LIMIT:
            chars = SequenceMatcher(None, old[x:x + x_len], new[y:y + y_len], autojunk=False)
            blocks += [(x + i, y + j, n) for i, j, n in chars.get_matching_blocks() if n]
    return blocks


def _offsets(lines: list[str]) -> list[int]:
    out = [0]
    for line in lines:
        out.append(out[-1] + len(line))
    return out


def span_mapper(old: str, new: str) -> SpanMap:
    """A function taking a half-open span of ``old`` to the same passage in ``new``: through the
    text both share when its start and its last character lie in it (a change inside the span
    is carried along), else to the occurrence of its exact passage nearest to where it was;
    None when neither is found."""
    blocks = _blocks(old, new)
    firsts = [x for x, _, _ in blocks]

    def point(x: int, last: bool) -> int | None:
        at = x - 1 if last else x  # an end is mapped through the character before it
        k = bisect.bisect_right(firsts, at) - 1
        if k < 0:
            return None
        i, j, n = blocks[k]
        return j + (x - i) if i <= at < i + n else None

    def near(x: int) -> int:  # where x would be, by the nearest shared passage before it
        k = bisect.bisect_right(firsts, x) - 1
        return x if k < 0 else blocks[k][1] + min(x - blocks[k][0], blocks[k][2])

    def span(start: int, end: int) -> tuple[int, int] | None:
        s, e = point(start, False), point(end, True)
        if s is not None and e is not None and s < e:
            return s, e
        # an end in text the diff counts as changed, though the passage is there whole (an
        # insertion beginning with the passage's first letter): the nearest occurrence
        passage = old[start:end]
        if not passage:
            return None
        guess, best = near(start), None
        at = new.find(passage)
        while at >= 0:
            if best is None or abs(at - guess) < abs(best - guess):
                best = at
            at = new.find(passage, at + 1)
        return None if best is None else (best, best + len(passage))

    return span


__all__ = ["SpanMap", "span_mapper"]
