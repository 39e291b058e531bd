"""Selections from other tools on our canonical text: which unit they count, and checking them.

REFI-QDA says code points from 0 over the stored text. Real files differ: NVivo counts UTF-16
units with CRLF as two (its BOM not counted), ATLAS.ti counts CRLF as one. A source's raw text
(line breaks as stored) is mapped to our canonical text (LF only) through the chosen unit.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

from gwot_reader.core.offsets import PositionMap
from gwot_reader.core.textnorm import normalise_newlines

# The units a writer may count in: code points or UTF-16 units, over the text as stored
# ("raw", CRLF counting 2), with CRLF counted as one ("lf"), or with every line break counted
# as two ("crlf": the count of a writer that saw CRLF, over text files whose CRs were lost
# after the export, as when git checks an unpacked .qdpx out with LF line ends).
UNITS = ("cp-raw", "cp-lf", "u16-raw", "u16-lf", "cp-crlf", "u16-crlf")
UNIT_NAMES = {
    "cp-raw": "code points (REFI-QDA standard)",
    "cp-lf": "code points, CRLF counted as one (ATLAS.ti)",
    "u16-raw": "UTF-16 units, CRLF counted as two (NVivo)",
    "u16-lf": "UTF-16 units, CRLF counted as one",
    "cp-crlf": "code points, each line break counted as two (the text files lost their CRs)",
    "u16-crlf": "UTF-16 units, each line break counted as two (NVivo's count; the text files "
                "lost their CRs)",
}
REANCHOR_WINDOW = 500  # characters around the stated span searched for the selection's text
_WORD = re.compile(r"\w")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
Sel = tuple[int, int, str]  # a selection: start, end (in the file's unit) and its quoted text


def unit_for_origin(origin: str) -> str:
    o = (origin or "").casefold()
    if "nvivo" in o:
        return "u16-raw"
    if "atlas" in o:
        return "cp-lf"
    return "cp-raw"


class SourceText:
    """A source's stored text and our canonical text of it, with the unit conversions."""

    def __init__(self, raw: str) -> None:
        self.raw = raw
        self.text = normalise_newlines(raw)
        # indexes in raw of each '\r' that a CRLF pair loses (the LF stays)
        self._crlf = [m.start() for m in re.finditer("\r\n", raw)] if "\r" in raw else []
        self._astral = _ASTRAL.search(raw) is not None
        self._bare_lf = "\n" in raw and not self._crlf  # line breaks a CRLF writer counted as 2
        self._as_crlf: SourceText | None = None  # the text with CRLF breaks, when asked for
        # the UTF-16 maps, made when a position needs one (most sources never do)
        self._maps: tuple[PositionMap, PositionMap] | None = None

    @property
    def _raw_map(self) -> PositionMap:
        return self._both()[0]

    @property
    def _map(self) -> PositionMap:
        return self._both()[1]

    def _both(self) -> tuple[PositionMap, PositionMap]:
        if self._maps is None:
            raw = PositionMap(self.raw)
            self._maps = (raw, PositionMap(self.text) if self._crlf else raw)
        return self._maps

    def same_units(self, unit: str) -> bool:
        """Whether positions in ``unit`` are our code points as they are (no CRLF, and code
        points, or UTF-16 units over text without characters beyond the BMP)."""
        if unit.endswith("-crlf") and "\n" in self.text:
            return False
        return not self._crlf and (unit.startswith("cp") or not self._astral)

    @property
    def ambiguous(self) -> bool:
        """Whether the units can disagree on this text (CRLF, characters beyond the BMP, or
        bare LFs that a writer which saw CRLF counted as two)."""
        return bool(self._crlf) or self._astral or self._bare_lf

    def to_canonical(self, pos: int, unit: str) -> int | None:
        """Our code-point position of a position in ``unit``; None when out of range."""
        if pos < 0:
            return None
        if unit.endswith("-crlf"):
            if self._as_crlf is None:
                self._as_crlf = SourceText(self.text.replace("\n", "\r\n"))
            return self._as_crlf.to_canonical(pos, unit[:-5] + "-raw")
        if unit.endswith("-lf"):
            m = self._map
            if unit.startswith("u16"):
                return m.from_utf16(pos) if pos <= m.length_u16 else None
            return pos if pos <= len(self.text) else None
        if unit.startswith("u16"):
            m = self._raw_map
            if pos > m.length_u16:
                return None
            raw_cp = m.from_utf16(pos)
        else:
            raw_cp = pos  # no UTF-16 map to build (a 50 KB text with emoji takes a while)
        if raw_cp > len(self.raw):
            return None
        return raw_cp - bisect_left(self._crlf, raw_cp) if self._crlf else raw_cp


@dataclass
class Placement:
    """Where a selection lands: ``how`` is exact, re-anchored or dropped (with ``why``)."""

    how: str
    start: int = 0
    end: int = 0
    why: str = ""


def place(src: SourceText, start: int, end: int, unit: str, quote: str = "",
          same: bool | None = None) -> Placement:
    """Map a selection to our text and check it against its own quoted text when it has one.

    ``same``: whether ``src.same_units(unit)``, when the caller knows it already."""
    text = src.text
    if same is None:
        same = src.same_units(unit)
    if same:  # the usual case, without two conversions per selection
        n = len(text)
        a = start if 0 <= start <= n else None
        b = end if 0 <= end <= n else None
    else:
        a, b = src.to_canonical(start, unit), src.to_canonical(end, unit)
    q = normalise_newlines(quote) if quote else ""
    lo = a if a is not None else 0
    span = b - lo if a is not None and b is not None and b > a else 0  # 0: no span to keep
    if span and (not q or _same(text[lo:lo + span], q)):
        return Placement("exact", lo, lo + span)
    if q:
        prefix = _shortened(q)
        if span and not prefix and _label(q, span):
            # a name, not the quote (MAXQDA's "Interview 4: 3 (0)", a name the coder gave an
            # ATLAS.ti quotation, often words of it that occur nearby too): keep the span
            return Placement("exact", lo, lo + span)
        hit = nearest(text, prefix or q, lo)
        if hit is not None:
            # a shortened quote says where the span starts; the span says how long it is
            n = len(q) if not prefix else span if span and hit + span <= len(text) else len(prefix)
            return Placement("re-anchored", hit, hit + n)
        if span:
            # a name found nowhere near: a label after all, keep the span
            return Placement("exact", lo, lo + span)
    if a is None or b is None:
        return Placement("dropped", why=f"[{start}, {end}) lies outside the source "
                         f"({len(text)} characters)")
    if b < a:
        return Placement("dropped", why=f"[{start}, {end}) is reversed")
    return Placement("dropped", why=f"[{start}, {end}) is empty")


def _same(found: str, quote: str) -> bool:
    # Some writers shorten long quotes in the name: a prefix of the span is a match.
    return found == quote or (len(quote) >= 20 and found.startswith(quote.rstrip("…. ")))


def _shortened(quote: str) -> str:
    """The words of a quote shortened with an ellipsis (ATLAS.ti 8 names a quotation by its
    first 100 characters and "…"), or "" for a quote given whole."""
    return quote.rstrip("…. ") if len(quote) >= 20 and quote.endswith("…") else ""


def _label(name: str, span: int) -> bool:
    """Whether a selection's name is a label rather than its text: its length is far from the
    span's. Units disagree on a length only by the CRLFs and astral characters in it, so a
    quote read in the wrong unit is still within half to twice the span."""
    return 2 * len(name) < span or len(name) > 2 * span


def nearest(text: str, quote: str, near: int, window: int | None = REANCHOR_WINDOW) -> int | None:
    """Where ``quote`` occurs closest to ``near`` (within ``window`` characters; None: anywhere)."""
    if not quote:
        return None
    lo = 0 if window is None else max(0, near - window)
    hi = len(text) if window is None else min(len(text), near + len(quote) + window)
    best = None
    i = text.find(quote, lo, hi)
    while i != -1:
        if best is None or abs(i - near) < abs(best - near):
            best = i
        i = text.find(quote, i + 1, hi)
    return best


@dataclass
class UnitChoice:
    unit: str
    by: str  # "origin", "quotes" or "word boundaries"
    scores: dict[str, float] = field(default_factory=dict)


def choose_unit(sources: list[tuple[SourceText, list[Sel]]], origin: str,
                ) -> UnitChoice:
    """The unit of a project's selections: the origin's, unless its selections say otherwise.

    Selections are checked under each unit: first by their quoted text where the file gives
    one, else by how many start and end on word boundaries (in real NVivo exports 300 of 303
    do under its unit, 49 under code points). Only a clearly better unit overrides the origin.
    """
    default = unit_for_origin(origin)
    samples = [(s, sels) for s, sels in sources if s.ambiguous and sels]
    if not samples:
        return UnitChoice(default, "origin")
    quoted = [(s, [x for x in sels if x[2]]) for s, sels in samples]
    if sum(len(x) for _, x in quoted) >= 3:
        first = _quote_score(quoted, default)
        if first >= 0.98:  # the origin's unit puts (nearly) every quote in place
            return UnitChoice(default, "origin", {default: first})
        scores = {u: _quote_score(quoted, u) for u in UNITS}
        best = max(UNITS, key=lambda u: (scores[u], u == default))
        if scores[best] > scores[default] + 0.1:
            return UnitChoice(best, "quotes", scores)
        if scores[default] >= 0.5:
            return UnitChoice(default, "origin", scores)
    scores = {u: _boundary_score(samples, u) for u in UNITS}
    best = max(UNITS, key=lambda u: (scores[u], u == default))
    if scores[best] > scores[default] + 0.2:
        return UnitChoice(best, "word boundaries", scores)
    return UnitChoice(default, "origin", scores)


def _quote_score(quoted: list[tuple[SourceText, list[Sel]]], unit: str) -> float:
    ok = n = 0
    for src, sels in quoted:
        for start, end, quote in sels[:200]:
            n += 1
            a, b = src.to_canonical(start, unit), src.to_canonical(end, unit)
            if a is not None and b is not None and _same(src.text[a:b], normalise_newlines(quote)):
                ok += 1
    return ok / n if n else 0.0


def _boundary_score(samples: list[tuple[SourceText, list[Sel]]], unit: str) -> float:
    ok = n = 0
    for src, sels in samples:
        text = src.text
        for start, end, _ in sels[:200]:
            n += 1
            a, b = src.to_canonical(start, unit), src.to_canonical(end, unit)
            if a is None or b is None or b <= a:
                continue
            left = a == 0 or not (_WORD.match(text[a - 1]) and _WORD.match(text[a]))
            right = b == len(text) or not (_WORD.match(text[b - 1]) and _WORD.match(text[b]))
            ok += left + right
    return ok / (2 * n) if n else 0.0
