"""Counts in words: "1 document", "3 documents", "2 categories"."""

from __future__ import annotations


def plural(n: int, noun: str) -> str:
    """``n`` and ``noun`` (given in the singular), pluralised unless ``n`` is 1."""
    if n == 1:
        return f"1 {noun}"
    if noun.endswith("y") and noun[-2:-1] not in ("a", "e", "o", "u"):
        return f"{n} {noun[:-1]}ies"
    return f"{n} {noun}s"
