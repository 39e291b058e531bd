"""Coding queries: code paths combined with &, |, overlaps, within, near/N and -, per document.

Grammar (loosest first; operators of one level group from the left; keywords any case):

    expr     := relation (("|" | "-") relation)*
    relation := both (("overlaps" | "within" | "near/" N) both)*
    both     := primary ("&" primary)*
    primary  := CODE | "(" expr ")"
    CODE     := a code path or name, quoted ("Themes/Trust deficit") when it holds spaces or
                any of & | ( ) " ; a bare one runs to the next space or operator character

Each operand is a set of segments (document, start, end); a code stands for its codings (a
category for the codings of every code beneath it). Evaluation sorts each operand's spans by
start per document; overlaps, within, near and minus bisect a prefix maximum of ends, & walks
the other operand's spans that start in the window that can reach the segment.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import accumulate, chain, groupby
from operator import itemgetter
from typing import NamedTuple

from gwot_reader.core.searchquery import QueryError, TokenCursor


class Segment(NamedTuple):
    """A span of a document; ``coding_id`` is 0 for a region made by ``&``. A tuple, so that
    sorting and hashing 100,000 of them run in C (a dataclass's __lt__ took seconds)."""

    document_id: int
    start: int
    end: int
    coding_id: int = 0


def quote_ref(path: str) -> str:
    """A code path as a quoted operand, whatever it holds (a code named "within" too)."""
    return '"' + path.replace("\\", "\\\\").replace('"', '\\"') + '"'


@dataclass(frozen=True)
class CodeRef:
    ref: str

    def __str__(self) -> str:
        """The ref as query text that reads back as this ref (quoted and escaped if needed)."""
        word = self.ref.lower()
        if re.search(r'[\s&|()"\\]', self.ref) or word in ("-", "overlaps", "within") \
                or word.startswith("near/"):
            return quote_ref(self.ref)
        return self.ref


@dataclass(frozen=True)
class BinOp:
    op: str  # "&", "|", "-", "overlaps", "within", "near"
    left: Expr
    right: Expr
    distance: int = 0

    def __str__(self) -> str:
        op = f"near/{self.distance}" if self.op == "near" else self.op
        return f"({self.left} {op} {self.right})"


Expr = CodeRef | BinOp


_TOKEN = re.compile(r'\s*(?:(?P<q>"(?:[^"\\]|\\.)*")|(?P<op>[&|()])|(?P<w>[^\s&|()"]+))')
_NEAR = re.compile(r"near/(\d+)$", re.IGNORECASE)


def _tokens(text: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    pos = 0
    while pos < len(text.rstrip()):
        m = _TOKEN.match(text, pos)
        if m is None:
            if text[pos:].lstrip().startswith('"'):
                raise QueryError('a quoted code path is missing its closing quote (")')
            raise QueryError(f"cannot read the query from {text[pos:].strip()[:20]!r}")
        kind = m.lastgroup or "w"
        value = m.group(kind)
        if kind == "q":
            out.append(("code", re.sub(r"\\(.)", r"\1", value[1:-1])))
        elif kind == "op":
            out.append(("op", value))
        elif value == "-" or value.lower() in ("overlaps", "within"):
            out.append(("op", value.lower()))
        elif _NEAR.match(value):
            out.append(("near", _NEAR.match(value).group(1)))  # type: ignore[union-attr]
        elif value.lower().startswith("near/"):
            raise QueryError(f"{value!r}: near takes a number of characters, as in near/50")
        else:
            out.append(("code", value))
        pos = m.end()
    return out


class _Parser(TokenCursor):
    ends_early = "the query ends where a code was expected"

    def __init__(self, text: str) -> None:
        super().__init__(_tokens(text))

    def expr(self) -> Expr:
        node = self.relation()
        while self.peek() in (("op", "|"), ("op", "-")):
            node = BinOp(self.take()[1], node, self.relation())
        return node

    def relation(self) -> Expr:
        node = self.both()
        while True:
            tok = self.peek()
            if tok in (("op", "overlaps"), ("op", "within")):
                node = BinOp(self.take()[1], node, self.both())
            elif tok is not None and tok[0] == "near":
                node = BinOp("near", node, (self.take(), self.both())[1], int(tok[1]))
            else:
                return node

    def both(self) -> Expr:
        node = self.primary()
        while self.peek() == ("op", "&"):
            self.take()
            node = BinOp("&", node, self.primary())
        return node

    def primary(self) -> Expr:
        kind, value = self.take()
        if (kind, value) == ("op", "("):
            node = self.expr()
            if self.peek() != ("op", ")"):
                raise QueryError("a parenthesis is not closed")
            self.take()
            return node
        if kind == "code":
            return CodeRef(value)
        shown = f"near/{value}" if kind == "near" else value
        raise QueryError(f"expected a code before {shown!r}")


def parse_query(text: str) -> Expr:
    """Parse a coding query; raises QueryError with a one-line reason."""
    p = _Parser(text)
    if not p.toks:
        raise QueryError("the query is empty")
    node = p.expr()
    extra = p.peek()
    if extra is not None:
        hint = " (a code path with spaces goes in double quotes)" if extra[0] == "code" else ""
        raise QueryError(f"unexpected {extra[1]!r} in the query{hint}")
    return node


def code_refs(node: Expr) -> list[str]:
    if isinstance(node, CodeRef):
        return [node.ref]
    return code_refs(node.left) + code_refs(node.right)


# -- evaluation ------------------------------------------------------------------------------

Segments = dict[int, list[Segment]]  # per document, sorted


def group(segments: Iterable[Segment]) -> Segments:
    """Per document, sorted (one sort of plain tuples, in C)."""
    return {doc: list(items) for doc, items in groupby(sorted(segments), key=itemgetter(0))}


def segment_order(s: Segment) -> tuple[int, int, int, int]:
    """The order of results: by document, start, end; a region made by ``&`` (coding id 0)
    before a coding of the same span. The tuple's own order."""
    return (s.document_id, s.start, s.end, s.coding_id)


def evaluate(node: Expr, operand: Callable[[str], Iterable[Segment]]) -> list[Segment]:
    """The query's segments, sorted; ``operand(ref)`` gives a code reference's segments."""
    result = _eval(node, operand)
    return [s for doc in sorted(result) for s in result[doc]]


def _eval(node: Expr, operand: Callable[[str], Iterable[Segment]]) -> Segments:
    if isinstance(node, CodeRef):
        return group(set(operand(node.ref)))
    a = _eval(node.left, operand)
    b = _eval(node.right, operand)
    if node.op == "|":
        return group(set(chain.from_iterable((*a.values(), *b.values()))))
    out: Segments = {}
    for doc, spans in a.items():
        others = b.get(doc, [])
        if node.op == "&":
            kept = _intersections(spans, others)
        elif node.op == "-":
            kept = _filter("-", 0, spans, others) if others else spans
        elif not others:
            kept = []
        else:
            kept = _filter(node.op, node.distance, spans, others)
        if kept:
            out[doc] = kept
    return out


def _filter(op: str, distance: int, spans: list[Segment], others: list[Segment]) -> list[Segment]:
    """A's spans kept by the operator, each by a bisect on B's starts and a running maximum of
    B's ends (B is sorted by start)."""
    starts = [o[1] for o in others]
    max_end = list(accumulate((o[2] for o in others), max))
    out = []
    for s in spans:
        _, start, end, _ = s
        if op in ("overlaps", "-"):
            i = bisect_left(starts, end)
            ok = (i > 0 and max_end[i - 1] > start) != (op == "-")
        elif op == "within":
            # a B span starting at or before this one's start whose end reaches its end
            i = bisect_right(starts, start)
            ok = i > 0 and max_end[i - 1] >= end
        else:  # near: a B span at most `distance` characters away (0 if they touch or overlap)
            i = bisect_right(starts, end + distance)
            ok = i > 0 and max_end[i - 1] >= start - distance
        if ok:
            out.append(s)
    return out


def _intersections(spans: list[Segment], others: list[Segment]) -> list[Segment]:
    """Distinct overlapping regions of every A span with every B span."""
    if not others:
        return []
    starts = [o.start for o in others]
    longest = max(o.end - o.start for o in others)
    found = set()
    for s in spans:
        lo = bisect_left(starts, s.start - longest)
        hi = bisect_left(starts, s.end)
        for o in others[lo:hi]:
            if o.end > s.start:
                found.add(Segment(s.document_id, max(s.start, o.start), min(s.end, o.end)))
    return sorted(found)
