"""Where coders disagree: the passages of a code in a document that they did not code alike.

A passage is a connected stretch of what any coder coded with the code (overlapping or touching
codings joined). Coders agree on it when each coded exactly the same characters of it; the
others are listed, each coder's part of it beside the others', for a discussion passage by
passage.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from gwot_reader.core.agreement_units import Span, union

STEP = 2000  # (code, document) pairs between two questions to ``keep_going``


@dataclass(frozen=True, slots=True)
class Disagreement:
    """One passage ``[start, end)`` of ``code_id`` in ``document_id``; ``spans[i]``: what coder
    i coded of it (disjoint, sorted; empty: nothing)."""

    code_id: int
    document_id: int
    start: int
    end: int
    spans: tuple[tuple[Span, ...], ...]


def passages(coders: Sequence[Iterable[Span]]) -> list[tuple[int, int, tuple[tuple[Span, ...], ...]]]:
    """Every passage of one code in one document with each coder's part: (start, end, parts)."""
    per_coder = [union(spans) for spans in coders]
    events = sorted((s, e, i) for i, spans in enumerate(per_coder) for s, e in spans)
    out: list[tuple[int, int, tuple[tuple[Span, ...], ...]]] = []
    parts: list[list[Span]] = [[] for _ in per_coder]
    start = end = -1
    for s, e, i in events:
        if s > end:  # a gap: the passage before it is complete
            if start >= 0:
                out.append((start, end, tuple(map(tuple, parts))))
            parts = [[] for _ in per_coder]
            start = s
        end = max(end, e)
        parts[i].append((s, e))
    if start >= 0:
        out.append((start, end, tuple(map(tuple, parts))))
    return out


def disagreements(coders: int, codings: Iterable[tuple[int, int, int, int, int]],
                  keep_going: Callable[[int, int], bool] | None = None) -> list[Disagreement]:
    """The passages coders did not code alike, by document, code and position.

    ``codings`` are (document_id, code_id, coder index, start, end) as agreement reads them.
    ``keep_going(done, total)`` is asked every ``STEP`` (code, document) pairs; when it answers
    False the passages found so far are returned.
    """
    groups: dict[tuple[int, int], list[list[Span]]] = {}
    for doc_id, code_id, coder, start, end in codings:
        if 0 <= coder < coders and end > start:
            groups.setdefault((doc_id, code_id), [[] for _ in range(coders)])[coder].append((start, end))
    out: list[Disagreement] = []
    total = len(groups)
    for done, ((doc_id, code_id), spans) in enumerate(sorted(groups.items())):
        if keep_going is not None and done % STEP == 0 and not keep_going(done, total):
            break
        for start, end, parts in passages(spans):
            if any(p != parts[0] for p in parts[1:]):
                out.append(Disagreement(code_id, doc_id, start, end, parts))
    return out


__all__ = ["Disagreement", "disagreements", "passages"]
