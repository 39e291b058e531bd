"""Matrices over codings: code x document, code x code co-occurrence, code x coder, ...

Cells count codings, documents, or coded characters (the union of the spans, so overlapping
codings count a character once). Code x code is co-occurrence: cell (A, B) counts the A
codings that overlap at least one B coding (the documents where one does; the characters
coded with both), and the diagonal holds each code's own figure.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from gwot_reader.core.errors import GwotError

DIMENSIONS = ("codes", "documents", "coders")
GROUPS = "groups"  # rows or columns that group documents (sets, values of a variable)
COUNTS = ("codings", "documents", "characters")


@dataclass(frozen=True)
class Matrix:
    """Cells by (row key, column key), with the keys in display order and their labels;
    ``row_documents`` / ``col_documents``: for rows / columns that group documents (sets, a
    variable's values), the documents of each."""

    rows: list[int]
    cols: list[int]
    row_labels: dict[int, str]
    col_labels: dict[int, str]
    cells: dict[tuple[int, int], int]
    row_documents: dict[int, frozenset[int]] | None = None
    col_documents: dict[int, frozenset[int]] | None = None


class Coded(NamedTuple):
    document_id: int
    code_id: int
    coder_id: int
    start: int
    end: int


Cells = dict[tuple[int, int], int]
Groups = Mapping[int, Sequence[int]]


def _key(c: Coded, dim: str) -> int:
    return c.code_id if dim == "codes" else c.document_id if dim == "documents" else c.coder_id


def _keys(c: Coded, dim: str, groups: Groups) -> Sequence[int]:
    return groups.get(c.document_id, ()) if dim == GROUPS else (_key(c, dim),)


def matrix(codings: Iterable[Coded], rows: str, cols: str, count: str = "codings",
           groups: Groups | None = None, col_groups: Groups | None = None) -> Cells:
    """Non-zero cells keyed by (row key, column key): code, document or coder ids. Rows
    ``"groups"``: ``groups`` gives each document's group keys (its sets, its variable's value),
    and columns ``"groups"`` ``col_groups`` the same; a coding counts in every group of its
    document (groups x groups: in every pair of a row group and a column group)."""
    if any(d not in DIMENSIONS and d != GROUPS for d in (rows, cols)):
        raise GwotError(f"rows and columns are one of {', '.join(DIMENSIONS)}")
    if count not in COUNTS:
        raise GwotError(f"--count is one of {', '.join(COUNTS)}")
    if rows == cols == "codes":
        return cooccurrence(codings, count)
    if rows == cols != GROUPS:
        raise GwotError(f"{rows} x {cols} is not a matrix; choose two different dimensions "
                        "(or codes x codes for co-occurrence)")
    if GROUPS in (rows, cols):
        by_row, by_col = groups or {}, col_groups or {}
        keyed: Iterable[tuple[int, int, Coded]] = (
            (r, k, c) for c in codings for r in _keys(c, rows, by_row)
            for k in _keys(c, cols, by_col))
    else:  # one key each: no tuples made per coding
        keyed = ((_key(c, rows), _key(c, cols), c) for c in codings)
    return _count(keyed, count)


def _count(keyed: Iterable[tuple[int, int, Coded]], count: str) -> Cells:
    """Cells of (row key, column key, coding) triples: codings, documents or characters."""
    if count == "codings":
        cells: Cells = defaultdict(int)
        for r, k, _ in keyed:
            cells[r, k] += 1
        return dict(cells)
    if count == "documents":
        seen = {(r, k, c.document_id) for r, k, c in keyed}
        docs: Cells = defaultdict(int)
        for r, k, _ in seen:
            docs[r, k] += 1
        return dict(docs)
    spans: dict[tuple[int, int, int], list[tuple[int, int]]] = defaultdict(list)
    for r, k, c in keyed:
        spans[r, k, c.document_id].append((c.start, c.end))
    chars: Cells = defaultdict(int)
    for (r, k, _), ss in spans.items():
        chars[r, k] += union_length(ss)
    return dict(chars)


def invert(members: Mapping[int, Iterable[int]]) -> dict[int, list[int]]:
    """{group: documents} turned into {document: groups}, for ``matrix``'s ``groups``."""
    out: dict[int, list[int]] = defaultdict(list)
    for group_key, docs in members.items():
        for d in docs:
            out[d].append(group_key)
    return dict(out)


def union_length(spans: list[tuple[int, int]]) -> int:
    total, reach = 0, -1
    for start, end in sorted(spans):
        if end > reach:
            total += end - max(start, reach)
            reach = end
    return total


def cooccurrence(codings: Iterable[Coded], count: str = "codings") -> Cells:
    """Code x code: one sweep per document along the codings sorted by start."""
    by_doc: dict[int, list[Coded]] = defaultdict(list)
    for c in codings:
        by_doc[c.document_id].append(c)
    cells: Cells = defaultdict(int)
    for doc_codings in by_doc.values():
        if count == "characters":
            _characters(doc_codings, cells)
            continue
        doc_codings.sort(key=lambda c: c.start)
        touched: list[set[int]] = [set() for _ in doc_codings]
        active: list[int] = []  # indexes of codings still open at the current start
        for i, c in enumerate(doc_codings):
            active = [j for j in active if doc_codings[j].end > c.start]
            for j in active:
                touched[i].add(doc_codings[j].code_id)
                touched[j].add(c.code_id)
            active.append(i)
        if count == "codings":
            for c, codes in zip(doc_codings, touched, strict=True):
                cells[c.code_id, c.code_id] += 1
                for other in codes - {c.code_id}:
                    cells[c.code_id, other] += 1
        else:
            pairs = {(c.code_id, c.code_id) for c in doc_codings}
            pairs.update((c.code_id, o) for c, codes in zip(doc_codings, touched, strict=True)
                         for o in codes)
            for pair in pairs:
                cells[pair] += 1
    return dict(cells)


def _characters(doc_codings: list[Coded], cells: Cells) -> None:
    """Characters coded with both A and B: between consecutive span ends, every pair of the
    codes active there gains that stretch."""
    events = sorted({p for c in doc_codings for p in (c.start, c.end)})
    starts = sorted(doc_codings, key=lambda c: c.start)
    active: dict[int, int] = defaultdict(int)  # code -> codings of it open
    ends: list[tuple[int, int]] = []
    k = 0
    for a, b in zip(events, events[1:], strict=False):
        still = []
        for e, code in ends:
            if e > a:
                still.append((e, code))
            else:
                active[code] -= 1
        ends = still
        while k < len(starts) and starts[k].start <= a:
            c = starts[k]
            active[c.code_id] += 1
            ends.append((c.end, c.code_id))
            k += 1
        codes = [code for code, n in active.items() if n > 0]
        for x in codes:
            for y in codes:
                cells[x, y] += b - a
