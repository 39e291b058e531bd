"""What DOCX and ODT share: a text check and the title, author and year of a metadata part."""

from __future__ import annotations

import zipfile
from typing import Any

from gwot_reader.core.errors import ImportError_
from gwot_reader.exchange.formats.xmlsafe import first_text, parse_xml, year_of
from gwot_reader.exchange.formats.zipsafe import read_member


def require_text(text: str, name: str) -> None:
    if not text.strip():
        raise ImportError_(f"{name} holds no text")


def office_metadata(zf: zipfile.ZipFile, name: str, member: str, *, title: tuple[str, ...],
                    author: tuple[str, ...], date: tuple[str, ...]) -> dict[str, Any]:
    """Title, authors and year from an optional metadata member (element names to try)."""
    data = read_member(zf, member, name, required=False)
    if not data:
        return {"title": "", "authors": "", "year": None}
    meta = parse_xml(data, name, member)
    return {"title": first_text(meta, *title), "authors": first_text(meta, *author),
            "year": year_of(first_text(meta, *date))}
