"""The Segments browser's query builder as data: a chain of clauses, written as query text and
read back from it, so the builder and the text box always say the same thing.

A chain ``A, (op B), (op C)...`` means ``((A op B) op C)``: each clause applies to everything
before it, read left to right; parentheses are written only where the grammar's precedence
would otherwise group differently.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the query language loads when a query is first written or read
    from gwot_reader.core.codingquery import Expr

# operator -> what the builder's menu says
OPERATORS: dict[str, str] = {
    "|": "OR",
    "&": "AND (where both overlap)",
    "-": "NOT overlapping",
    "overlaps": "overlapping",
    "within": "within",
    "near": "near (characters)",
}
# looser binds later (codingquery's grammar): | and - loosest, & tightest
_LEVEL = {"|": 0, "-": 0, "overlaps": 1, "within": 1, "near": 1, "&": 2}


@dataclass(frozen=True)
class Clause:
    """One step of the chain: ``op`` ("" for the first clause), a code path, near's distance."""

    op: str
    code: str
    distance: int = 0


def to_text(clauses: Sequence[Clause]) -> str:
    """The chain as query text ('' for no clauses)."""
    from gwot_reader.core.codingquery import quote_ref

    if not clauses:
        return ""
    text, top = quote_ref(clauses[0].code), None
    for c in clauses[1:]:
        if c.op not in OPERATORS:
            raise ValueError(f"unknown operator {c.op!r}")
        if top is not None and _LEVEL[top] < _LEVEL[c.op]:
            text = f"({text})"
        op = f"near/{c.distance}" if c.op == "near" else c.op
        text, top = f"{text} {op} {quote_ref(c.code)}", c.op
    return text


def from_text(text: str) -> list[Clause] | None:
    """The chain a query text says, or None when it is no chain (a parenthesis on the right,
    as in ``A & (B | C)``): the builder then leaves the text as the user wrote it. Raises
    QueryError for text that is no query; '' is no clauses."""
    from gwot_reader.core.codingquery import parse_query

    if not text.strip():
        return []
    return from_expr(parse_query(text))


def from_expr(node: Expr) -> list[Clause] | None:
    from gwot_reader.core.codingquery import BinOp, CodeRef

    out: list[Clause] = []
    while isinstance(node, BinOp):
        if not isinstance(node.right, CodeRef):
            return None
        out.append(Clause(node.op, node.right.ref, node.distance))
        node = node.left
    assert isinstance(node, CodeRef)
    out.append(Clause("", node.ref))
    return out[::-1]
