"""Markdown to canonical text plus formatting runs: positions never see markup."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Run:
    """Formatting over the canonical text ``[start, end)``: heading1-6, bold, italic, ..."""

    start: int
    end: int
    kind: str
    value: str = ""

    def to_list(self) -> list[int | str]:
        return [self.start, self.end, self.kind, self.value]

    @classmethod
    def from_list(cls, item: list[Any]) -> Run:
        return cls(int(item[0]), int(item[1]), str(item[2]), str(item[3]) if len(item) > 3 else "")


_HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_RULE = re.compile(r"^[ \t]*([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_BULLET = re.compile(r"^([ \t]*)[-*+][ \t]+")
_QUOTE = re.compile(r"^[ \t]*>[ \t]?")
_INLINE = re.compile(
    r"""\\(?P<esc>[!-/:-@\[-`{-~])
    |`(?P<code>[^`\n]+)`
    |\^\{(?P<caret>[^{}\n]+)\}
    |\[(?P<ltext>(?:[^\[\]\n]|\[[^\[\]\n]*\])*+)\]\((?P<href>[^)\s\[]*+)(?:[ \t]+"[^"\n]*")?\)
    |<(?P<auto>(?:https?|mailto|ftp):[^>\s]+)>
    |<(?P<tag>sup|sub|u|b|i|em|strong|mark)>(?P<tagged>(?:[^<\n]|<(?!/?(?P=tag)>)){0,2000}?)</(?P=tag)>
    |<br[ \t]*/?>
    |\*\*(?=\S)(?P<b1>(?:[^*\n]|\*(?!\*))+?)(?<=\S)\*\*
    |(?<!\w)__(?=\S)(?P<b2>(?:[^_\n]|_(?!_))+?)(?<=\S)__(?!\w)
    |\*(?=[^\s*])(?P<i1>[^*\n]+?)(?<=[^\s*])\*
    |(?<!\w)_(?=[^\s_])(?P<i2>[^_\n]+?)(?<=[^\s_])_(?!\w)
    """,
    re.VERBOSE,
)
_TAG_KIND = {"u": "underline", "b": "bold", "strong": "bold", "i": "italic", "em": "italic", "mark": "mark"}


class _Out:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pos = 0
        self.runs: list[Run] = []

    def write(self, s: str) -> None:
        self.parts.append(s)
        self.pos += len(s)

    def run(self, start: int, kind: str, value: str = "") -> None:
        if self.pos > start:
            self.runs.append(Run(start, self.pos, kind, value))


def _inline(s: str, out: _Out) -> None:
    i = 0
    for m in _INLINE.finditer(s):
        out.write(s[i : m.start()])
        i = m.end()
        start = out.pos
        g = m.groupdict()
        if g["esc"] is not None:
            out.write(g["esc"])
        elif g["caret"] is not None:  # ^{1}: the LaTeX-style superscript of converted papers
            _inline(g["caret"], out)
            out.run(start, "sup")
        elif g["code"] is not None:
            out.write(g["code"])
            out.run(start, "code")
        elif g["ltext"] is not None:
            _inline(g["ltext"], out)
            out.run(start, "link", g["href"])
        elif g["auto"] is not None:
            out.write(g["auto"])
            out.run(start, "link", g["auto"])
        elif g["tag"] is not None:
            _inline(g["tagged"], out)
            out.run(start, _TAG_KIND.get(g["tag"], g["tag"]))
        elif g["b1"] is not None or g["b2"] is not None:
            _inline(g["b1"] or g["b2"], out)
            out.run(start, "bold")
        elif g["i1"] is not None or g["i2"] is not None:
            _inline(g["i1"] or g["i2"], out)
            out.run(start, "italic")
        else:  # <br>
            out.write("\n")
    out.write(s[i:])


def render_markdown(source: str) -> tuple[str, list[Run]]:
    """Canonical text (what a reader sees) and its runs, from Markdown source with LF breaks."""
    out = _Out()
    lines = source.split("\n")
    for n, line in enumerate(lines):
        start = out.pos
        if m := _HEADING.match(line):
            _inline(m.group(2), out)
            out.run(start, f"heading{len(m.group(1))}")
        elif _RULE.match(line):
            pass
        elif m := _BULLET.match(line):
            out.write(m.group(1) + "\u2022 ")
            _inline(line[m.end() :], out)
        elif m := _QUOTE.match(line):
            _inline(line[m.end() :], out)
            out.run(start, "quote")
        else:
            _inline(line, out)
        if n < len(lines) - 1:
            out.write("\n")
    runs = sorted(out.runs, key=lambda r: (r.start, -r.end))
    return "".join(out.parts), runs
