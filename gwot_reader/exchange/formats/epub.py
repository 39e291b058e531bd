"""EPUB import: the XHTML chapters of the spine, in reading order, as one text."""

from __future__ import annotations

import posixpath
from urllib.parse import unquote

from gwot_reader.core.errors import ImportError_
from gwot_reader.exchange.formats.html import decode_html, html_to_text
from gwot_reader.exchange.formats.textbuild import TextBuilder
from gwot_reader.exchange.formats.xmlsafe import all_texts, first_text, local, parse_xml, year_of
from gwot_reader.exchange.formats.zipsafe import open_zip, read_member
from gwot_reader.exchange.readers import Extracted, register

_XHTML = {"application/xhtml+xml", "text/html", "application/x-dtbook+xml"}


@register(".epub")
def read_epub(data: bytes, name: str) -> Extracted:
    zf = open_zip(data, name, "EPUB")
    container = parse_xml(read_member(zf, "META-INF/container.xml", name), name,
                          "META-INF/container.xml")
    rootfile = next((el.get("full-path") for el in container.iter()
                     if local(el.tag) == "rootfile" and el.get("full-path")), None)
    if not rootfile:
        raise ImportError_(f"{name} is damaged: its container names no package file")
    opf = parse_xml(read_member(zf, rootfile, name), name, rootfile)
    base = posixpath.dirname(rootfile)
    manifest = {el.get("id"): (el.get("href", ""), el.get("media-type", ""))
                for el in opf.iter() if local(el.tag) == "item"}
    spine = [el.get("idref") for el in opf.iter() if local(el.tag) == "itemref"
             and el.get("linear", "yes") != "no"]
    out = TextBuilder()
    warnings: list[str] = []
    for idref in spine:
        href, media = manifest.get(idref, ("", ""))
        if not href or media not in _XHTML:
            continue
        member = posixpath.normpath(posixpath.join(base, unquote(href.split("#")[0])))
        raw = read_member(zf, member, name, required=False)
        if raw is None:
            warnings.append(f"{name}: chapter {href} is missing and was skipped")
            continue
        source, _ = decode_html(raw, name)
        text, runs, _meta, _title = html_to_text(source)
        if not text:
            continue
        out.block(blank_line=True)
        out.append(text, runs)
    text, runs = out.finish()
    if not text.strip():
        raise ImportError_(f"{name} holds no readable text")
    return Extracted(text, runs, title=first_text(opf, "title"),
                     authors="; ".join(all_texts(opf, "creator")),
                     year=year_of(first_text(opf, "date")), media_type="application/epub+zip",
                     warnings=warnings)

