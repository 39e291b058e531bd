"""Parsing XML from imported files with entities, DTDs and network access turned off."""

from __future__ import annotations

import re
from typing import Any

from gwot_reader.core.errors import ImportError_

# lxml has no type information: its elements are Any to the type checker.
Element = Any


def parse_xml(data: bytes, name: str, part: str = "") -> Element:
    """An lxml element tree root; hostile XML (entity bombs, external entities) is inert."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False, remove_comments=True, remove_pis=True)
    where = f"{name} ({part})" if part else name
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise ImportError_(f"{where} is damaged: {exc.msg}") from None
    if root is None:
        raise ImportError_(f"{where} is empty")
    return root


def local(tag: object) -> str:
    """The tag name without its namespace (comments and entities have no string tag)."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def year_of(date: str) -> int | None:
    m = re.match(r"\s*(\d{4})", date or "")
    return int(m.group(1)) if m and 1000 < int(m.group(1)) < 2200 else None


def first_text(root: Element, *names: str) -> str:
    """Text of the first element with one of these local names, anywhere under root."""
    for el in root.iter():
        if local(el.tag) in names and (el.text or "").strip():
            return " ".join(el.text.split())
    return ""


def all_texts(root: Element, name: str) -> list[str]:
    return [" ".join(el.text.split()) for el in root.iter()
            if local(el.tag) == name and (el.text or "").strip()]
