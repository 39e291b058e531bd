"""Building canonical text and formatting runs from a stream of blocks and inline text."""

from __future__ import annotations

import re

from gwot_reader.core.markup import Run

_SPACE = re.compile(r"\s+")


class TextBuilder:
    """Collects text as a reader sees it: whitespace collapsed, one line per block.

    Formatting runs (headings, emphasis, links) are opened and closed around the text they
    cover; their edges are trimmed of white space when the text is finished.
    """

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pos = 0
        self._break = 0  # line breaks owed before the next text
        self._runs: list[tuple[int, int, str, str]] = []

    def block(self, blank_line: bool = False) -> None:
        """The next text starts a new line (a new paragraph when ``blank_line``)."""
        if self.pos:
            self._break = max(self._break, 2 if blank_line else 1)

    def newline(self) -> None:
        """A hard line break inside a block (``<br>``, ``w:br``)."""
        self._flush()
        self._write("\n")

    def text(self, s: str, *, preserve: bool = False) -> None:
        if not preserve:
            s = _SPACE.sub(" ", s)
            if self._at_line_start() or self.parts and self.parts[-1].endswith(" "):
                s = s.lstrip(" ")
        if not s:
            return
        self._flush()
        self._write(s)

    def append(self, text: str, runs: list[Run]) -> None:
        """Append finished text (an EPUB chapter) with its runs, as it is."""
        self._flush()
        offset = self.pos
        self._write(text)
        self._runs += [(r.start + offset, r.end + offset, r.kind, r.value) for r in runs]

    def start(self) -> int:
        return self.pos

    def run(self, start: int, kind: str, value: str = "") -> None:
        self._runs.append((start, self.pos, kind, value))

    def finish(self) -> tuple[str, list[Run]]:
        text = "".join(self.parts).rstrip()
        runs = []
        for start, end, kind, value in self._runs:
            end = min(end, len(text))
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if end > start:
                runs.append(Run(start, end, kind, value))
        return text, sorted(runs, key=lambda r: (r.start, -r.end))

    def _at_line_start(self) -> bool:
        return not self.parts or self._break > 0 or self.parts[-1].endswith("\n")

    def _flush(self) -> None:
        if not self._break:
            return
        if self.parts and self.parts[-1].endswith(" "):
            self.parts[-1] = self.parts[-1][:-1]
            self.pos -= 1
        self._write("\n" * self._break)
        self._break = 0

    def _write(self, s: str) -> None:
        self.parts.append(s)
        self.pos += len(s)
