"""Widening a hit to its sentence or paragraph, for coding search hits in context."""

from __future__ import annotations

import re
from collections.abc import Iterator

SCOPES = ("hit", "sentence", "paragraph")
# A sentence ends at . ! ? (and their CJK, Arabic and Urdu forms) with any closing quotes or
# brackets after them, or at a line break.
_SENTENCE_END = re.compile(r"[。！？]+|[.!?؟۔]+[\"'”’»)\]]*(?=\s|$)|\n")
# A full stop after these ends no sentence ("Gen. Musharraf", "e.g. drones"); nor after initials
# ("U.S.", "U.N.", "George W. Bush"): a sentence ending in one runs on into the next, which
# costs less than cutting "the U.S. and Pakistan" in two.
ABBREVIATIONS = frozenset("""mr mrs ms dr gen prof col lt sen rep gov pres maj capt adm sgt cpl
st jr sr no nos vol vols pp ed eds fig figs vs cf al approx ca dept est inc ltd co corp e.g i.e
etc viz jan feb mar apr jun jul aug sep sept oct nov dec""".split())
_WORD_BEFORE = re.compile(r"(?:\w+\.)*\w+$")


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
        for stop in _sentence_ends(text, a, start):
            a = stop.end()
        m = next(_sentence_ends(text, max(end - 1, start), len(text)), None)
        b = m.end() if m and m.group() != "\n" else (m.start() if m else len(text))
    while a < start and text[a].isspace():
        a += 1
    while b > end and text[b - 1].isspace():
        b -= 1
    return min(a, start), max(b, end)


def _sentence_ends(text: str, lo: int, hi: int) -> Iterator[re.Match[str]]:
    """The sentence ends found in ``text[lo:hi]``, less full stops of abbreviations."""
    for m in _SENTENCE_END.finditer(text, lo, hi):
        if m.group() != "." or not _abbreviation(text, m.start()):
            yield m


def _abbreviation(text: str, stop: int) -> bool:
    """Whether the full stop at ``stop`` closes an abbreviation or initials."""
    w = _WORD_BEFORE.search(text, max(0, stop - 24), stop)
    if w is None:
        return False
    word = w.group()
    if word.casefold() in ABBREVIATIONS:
        return True
    # initials: "U.S", "U.N" (letters joined by stops), or one capital ("W. Bush")
    return all(len(p) == 1 and p.isalpha() for p in word.split(".")) and (
        "." in word or word.isupper())
