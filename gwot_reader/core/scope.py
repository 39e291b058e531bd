"""Widening a hit to its sentence or paragraph, for coding search hits in context."""

from __future__ import annotations

import re

SCOPES = ("hit", "sentence", "paragraph")
# A sentence ends at . ! ? (and their CJK, Arabic and Urdu forms) with any closing quotes or
# brackets after them, or at a line break.
_SENTENCE_END = re.compile(r"[。！？]+|[.!?؟۔]+[\"'”’»)\]]*(?=\s|$)|\n")


def expand(text: str, start: int, end: int, scope: str) -> tuple[int, int]:
    """``[start, end)`` widened to the sentence(s) or paragraph(s) holding it, without the
    surrounding white space; "hit" leaves it as it is. A paragraph is a line of the canonical
    text (imports end paragraphs with a line break)."""
    if scope == "hit":
        return start, end
    if scope not in SCOPES:
        raise ValueError(f"scope is one of {', '.join(SCOPES)}")
    if scope == "paragraph":
        a = text.rfind("\n", 0, start) + 1
        b = text.find("\n", end)
        b = len(text) if b < 0 else b
    else:
        a = text.rfind("\n", 0, start) + 1  # a sentence never spans a line break
        for stop in _SENTENCE_END.finditer(text, a, start):
            a = stop.end()
        m = _SENTENCE_END.search(text, max(end - 1, start))
        b = m.end() if m and m.group() != "\n" else (m.start() if m else len(text))
    while a < start and text[a].isspace():
        a += 1
    while b > end and text[b - 1].isspace():
        b -= 1
    return min(a, start), max(b, end)
