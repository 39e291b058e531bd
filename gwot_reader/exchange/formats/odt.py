"""ODT (OpenDocument text) import: paragraphs, headings, lists and tables from content.xml."""

from __future__ import annotations

from gwot_reader.core.errors import ImportError_
from gwot_reader.exchange.formats.officemeta import office_metadata, require_text
from gwot_reader.exchange.formats.textbuild import TextBuilder
from gwot_reader.exchange.formats.xmlsafe import Element, local, parse_xml
from gwot_reader.exchange.formats.zipsafe import open_zip, read_member
from gwot_reader.exchange.readers import Extracted, register

TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"


@register(".odt")
def read_odt(data: bytes, name: str) -> Extracted:
    zf = open_zip(data, name, "ODT")
    root = parse_xml(read_member(zf, "content.xml", name), name, "content.xml")
    out = TextBuilder()
    body = next((el for el in root.iter() if local(el.tag) == "text"
                 and local(el.getparent().tag) == "body"), None)
    if body is None:
        raise ImportError_(f"{name} is not a text document (no office:text body)")
    _blocks(body, out)
    text, runs = out.finish()
    require_text(text, name)
    meta = office_metadata(zf, name, "meta.xml", title=("title",),
                           author=("initial-creator", "creator"), date=("creation-date", "date"))
    return Extracted(text, runs, **meta,
                     media_type="application/vnd.oasis.opendocument.text")


def _blocks(parent: Element, out: TextBuilder) -> None:
    for el in parent:
        tag = local(el.tag)
        if tag in ("p", "h"):
            out.block()
            start = out.start()
            _inline(el, out)
            if tag == "h":
                level = min(6, _count(el.get(TEXT + "outline-level")))
                out.run(start, f"heading{level}")
        elif tag == "table-row":
            out.block()
            for i, cell in enumerate(c for c in el if local(c.tag) == "table-cell"):
                if i:
                    out.text("\t", preserve=True)
                for j, p in enumerate(cell.iter(TEXT + "p")):
                    if j:
                        out.text(" ")
                    _inline(p, out)
        elif tag in ("list", "list-item", "list-header", "section", "table", "table-rows",
                     "table-header-rows", "index-body", "table-of-content"):
            _blocks(el, out)


def _inline(el: Element, out: TextBuilder) -> None:
    out.text(el.text or "")
    for child in el:
        tag = local(child.tag)
        if tag == "s":
            out.text(" " * _count(child.get(TEXT + "c")), preserve=True)
        elif tag == "tab":
            out.text("\t", preserve=True)
        elif tag == "line-break":
            out.newline()
        elif tag in ("span", "a"):
            start = out.start()
            _inline(child, out)
            if tag == "a":
                out.run(start, "link", child.get("{http://www.w3.org/1999/xlink}href", ""))
        elif tag not in ("note", "annotation", "bookmark", "bookmark-start", "bookmark-end"):
            _inline(child, out)
        out.text(child.tail or "")


def _count(value: str | None) -> int:
    """A small positive count from an attribute; hostile values are clamped."""
    try:
        return min(100, max(1, int(value or 1)))
    except ValueError:
        return 1
