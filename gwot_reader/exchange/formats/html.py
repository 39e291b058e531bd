"""HTML import: the text a reader sees, headings and emphasis kept as runs."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from gwot_reader.core.errors import ImportError_
from gwot_reader.core.markup import Run
from gwot_reader.core.textnorm import check_not_binary, decode_text
from gwot_reader.exchange.formats.textbuild import TextBuilder
from gwot_reader.exchange.formats.xmlsafe import year_of
from gwot_reader.exchange.readers import Extracted, register

# Content a reader does not see, or site chrome that is not the document.
SKIP = {"script", "style", "noscript", "template", "nav", "svg", "math", "head", "iframe",
        "object", "button", "select", "form"}
BLOCKS = {"p", "div", "section", "article", "main", "aside", "header", "footer", "blockquote",
          "pre", "ul", "ol", "li", "dl", "dt", "dd", "table", "tr", "figure", "figcaption",
          "address", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "body", "caption", "details",
          "summary"}
INLINE_RUNS = {"b": "bold", "strong": "bold", "i": "italic", "em": "italic", "u": "underline",
               "mark": "mark", "code": "code", "a": "link"}
VOID = {"br", "img", "hr", "meta", "link", "input", "area", "base", "col", "embed", "source",
        "track", "wbr", "param"}
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_AUTHOR_META = ("author", "dc.creator", "citation_author", "dcterms.creator")
_TITLE_META = ("citation_title", "dc.title", "og:title", "dcterms.title")
_DATE_META = ("citation_publication_date", "citation_date", "dc.date", "dcterms.date",
              "date", "article:published_time")


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out = TextBuilder()
        self.skip = 0
        self.pre = 0
        self.cells = 0
        self.open: list[tuple[str, int, str]] = []  # (tag, start, value) of open runs
        self.title_parts: list[str] = []
        self.in_title = False
        self.meta: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "meta":
            key = (a.get("name") or a.get("property") or "").lower()
            if key and a.get("content") and key not in self.meta:
                self.meta[key] = a["content"].strip()
            return
        if tag == "title":
            self.in_title = True
        if tag in SKIP or "hidden" in a or a.get("aria-hidden") == "true":
            if tag not in VOID:
                self.skip += 1
            return
        if self.skip:
            if tag not in VOID:
                self.skip += 1
            return
        if tag == "br":
            self.out.newline()
        elif tag in BLOCKS:
            self.out.block()
            if tag == "pre":
                self.pre += 1
            if tag == "tr":
                self.cells = 0
            if tag == "li":
                self.out.text("\u2022 ")
            if tag[0] == "h" and tag[1:].isdigit():
                self.open.append((tag, self.out.start(), ""))
        elif tag in ("td", "th"):
            if self.cells:
                self.out.text("\t", preserve=True)
            self.cells += 1
        if tag in INLINE_RUNS:
            self.open.append((tag, self.out.start(), a.get("href", "") if tag == "a" else ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if self.skip:
            if tag not in VOID:
                self.skip -= 1
            return
        for i in range(len(self.open) - 1, -1, -1):
            if self.open[i][0] == tag:
                _, start, value = self.open.pop(i)
                kind = f"heading{tag[1]}" if tag[0] == "h" and tag[1:].isdigit() else INLINE_RUNS[tag]
                self.out.run(start, kind, value)
                break
        if tag in BLOCKS:
            if tag == "pre":
                self.pre = max(0, self.pre - 1)
            self.out.block()

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title_parts.append(data)
        if self.skip:
            return
        self.out.text(data, preserve=self.pre > 0)


def html_to_text(source: str) -> tuple[str, list[Run], dict[str, str], str]:
    """Canonical text, runs, <meta> fields and <title> of an HTML or XHTML document."""
    r = _Reader()
    r.feed(source)
    r.close()
    text, runs = r.out.finish()
    return text, runs, r.meta, " ".join("".join(r.title_parts).split())


def decode_html(data: bytes, name: str) -> tuple[str, list[str]]:
    if not data:
        raise ImportError_(f"{name} is empty")
    m = _CHARSET.search(data[:4096])
    if m and not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode(m.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            pass
        else:
            # a declared single-byte charset decodes any bytes: binary data must still be refused
            return check_not_binary(text, name).replace("\r\n", "\n"), []
    return decode_text(data, name)


@register(".html", ".htm", ".xhtml")
def read_html(data: bytes, name: str) -> Extracted:
    source, warnings = decode_html(data, name)
    text, runs, meta, title = html_to_text(source)
    if not text.strip():
        raise ImportError_(f"{name} holds no readable text")

    def pick(keys: tuple[str, ...]) -> str:
        return next((meta[k] for k in keys if meta.get(k)), "")

    return Extracted(text, runs, title=pick(_TITLE_META) or title, authors=pick(_AUTHOR_META),
                     year=year_of(pick(_DATE_META)), media_type="text/html", warnings=warnings)
