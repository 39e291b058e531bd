"""DOCX import: paragraphs, headings, tables and emphasis from the document XML.

The XML is parsed here with lxml's safe settings rather than with python-docx, so that the
archive is checked (names, declared size) before anything is unpacked and hostile XML stays
inert; python-docx would also hide the order of paragraphs and tables in the body.
"""

from __future__ import annotations

import re

from gwot_reader.core.errors import ImportError_
from gwot_reader.exchange.formats.officemeta import office_metadata, require_text
from gwot_reader.exchange.formats.textbuild import TextBuilder
from gwot_reader.exchange.formats.xmlsafe import Element, local, parse_xml
from gwot_reader.exchange.formats.zipsafe import open_zip, read_member
from gwot_reader.exchange.readers import Extracted, register

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_HEADING = re.compile(r"^(?:heading|berschrift|titre)\s*([1-6])$", re.I)


@register(".docx")
def read_docx(data: bytes, name: str) -> Extracted:
    zf = open_zip(data, name, "DOCX")
    root = parse_xml(read_member(zf, "word/document.xml", name), name, "word/document.xml")
    out = TextBuilder()
    body = next((el for el in root if local(el.tag) == "body"), None)
    if body is None:
        raise ImportError_(f"{name} is damaged: it has no document body")
    _blocks(body, out)
    text, runs = out.finish()
    require_text(text, name)
    meta = office_metadata(zf, name, "docProps/core.xml", title=("title",), author=("creator",),
                           date=("created",))
    return Extracted(text, runs, **meta,
                     media_type="application/vnd.openxmlformats-officedocument."
                     "wordprocessingml.document")


def _blocks(parent: Element, out: TextBuilder) -> None:
    for el in parent:
        tag = local(el.tag)
        if tag == "p":
            _paragraph(el, out)
        elif tag == "tbl":
            for row in el.iter(W + "tr"):
                out.block()
                for i, cell in enumerate(row.iter(W + "tc")):
                    if i:
                        out.text("\t", preserve=True)
                    for j, p in enumerate(cell.iter(W + "p")):
                        if j:
                            out.text(" ")
                        _inline(p, out)
        elif tag in ("sdt", "sdtContent", "customXml", "ins"):
            _blocks(el, out)


def _paragraph(p: Element, out: TextBuilder) -> None:
    out.block()
    style = p.find(f"{W}pPr/{W}pStyle")
    level = 0
    if style is not None:
        val = style.get(W + "val", "")
        m = _HEADING.match(val)
        level = int(m.group(1)) if m else (1 if val.lower() == "title" else 0)
    start = out.start()
    _inline(p, out)
    if level:
        out.run(start, f"heading{level}")


def _inline(el: Element, out: TextBuilder) -> None:
    for child in el:
        tag = local(child.tag)
        if tag == "r":
            start = out.start()
            for part in child:
                ptag = local(part.tag)
                if ptag == "t":  # unresolved entity references drop out; their tails stay
                    out.text((part.text or "") + "".join(c.tail or "" for c in part),
                             preserve=True)
                elif ptag == "tab":
                    out.text("\t", preserve=True)
                elif ptag in ("br", "cr"):
                    out.newline()
            props = child.find(W + "rPr")
            if props is not None:
                for flag, kind in (("b", "bold"), ("i", "italic"), ("u", "underline")):
                    f = props.find(W + flag)
                    if f is not None and f.get(W + "val", "true") not in ("0", "false", "none"):
                        out.run(start, kind)
        elif tag == "hyperlink":
            _inline(child, out)
        elif tag in ("ins", "smartTag", "sdt", "sdtContent", "fldSimple"):
            _inline(child, out)
        # w:del (deleted text), w:proofErr, bookmarks and the like add no text
