"""REFI-QDA codebook exchange (.qdc): export that validates, import that accepts real tools."""

from __future__ import annotations

import re
import uuid
from pathlib import Path
from typing import Any

from lxml import etree

from gwot_reader import __version__
from gwot_reader.core.errors import GwotError, ImportError_
from gwot_reader.core.model import Code
from gwot_reader.exchange.codebook_merge import (
    CodebookMerger,
    CodeEntry,
    MergeReport,
    normalise_colour,
    normalise_guid,
)
from gwot_reader.exchange.csvio import atomic_write
from gwot_reader.store import Project
from gwot_reader.store.backup import auto_backup
from gwot_reader.store.fileid import refuse_sqlite_file

NS = "urn:QDA-XML:codebook:1.0"
MAX_BYTES = 50 * 1024 * 1024  # a codebook of this size is not a codebook
_GUID = re.compile(r"[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}", re.IGNORECASE)
_LEGACY = uuid.UUID("6B1C2D0E-3F4A-4B5C-8D6E-7F8091A2B3C4")  # namespace for non-GUID ids
_RGB = re.compile(r"#([A-Fa-f0-9]{6}|[A-Fa-f0-9]{3})")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # characters XML 1.0 forbids

# REFI's <Description> holds one text; our four fields go into it as labelled paragraphs.
_SECTIONS = [("use_when", "Use when"), ("do_not_use_when", "Do not use when"), ("example", "Example"),
             ("memo", "Memo")]
_LABELS = [label for _, label in _SECTIONS]
_HEAD = re.compile(r"(?:^|\n\n)(" + "|".join(_LABELS) + r"):[ ]?")


def encode_description(code: Code, *, memo: bool = True) -> str:
    """The definition, then ``Use when: ...``, ``Do not use when: ...``, ``Example: ...``.

    A code memo follows as ``Memo: ...`` (a .qdc has nowhere else for it); a .qdpx passes
    ``memo=False`` and writes the memo as a note of the code.
    """
    parts = [code.definition] if code.definition else []
    parts += [f"{label}: {getattr(code, key)}" for key, label in _SECTIONS
              if getattr(code, key) and (memo or key != "memo")]
    return "\n\n".join(parts)


def decode_description(text: str) -> dict[str, str]:
    """The inverse of ``encode_description``; a plain description is all definition."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    heads, last = [], -1
    for m in _HEAD.finditer(text):
        i = _LABELS.index(m.group(1))
        if i > last:  # labels count only in their order, so a definition may quote one
            heads.append((m, _SECTIONS[i][0]))
            last = i
    out = {"definition": text[: heads[0][0].start()] if heads else text}
    # a memo is taken only when the file has one: a codebook without memos keeps the project's
    out.update({key: "" for key, _ in _SECTIONS if key != "memo"})
    for n, (m, key) in enumerate(heads):
        end = heads[n + 1][0].start() if n + 1 < len(heads) else len(text)
        out[key] = text[m.end():end]
    return out


# -- export -----------------------------------------------------------------------------------
def codebook_xml(project: Project) -> bytes:
    """The codebook as a REFI-QDA CodeBook document (UTF-8)."""
    tree = project.codebook.tree()
    if not len(tree):
        raise GwotError("the codebook is empty; a .qdc file needs at least one code")
    root = etree.Element(f"{{{NS}}}CodeBook", nsmap={None: NS})
    root.set("origin", f"GWOT Reader {__version__}")
    codes = etree.SubElement(root, f"{{{NS}}}Codes")

    def add(parent: etree._Element, code: Code) -> None:
        el = etree.SubElement(parent, f"{{{NS}}}Code", guid=_guid(code.guid), name=_clean(code.name),
                              isCodable="false" if code.is_category else "true")
        if _RGB.fullmatch(code.color or ""):
            el.set("color", code.color)
        description = encode_description(code)
        if description:
            etree.SubElement(el, f"{{{NS}}}Description").text = _clean(description)
        for child in tree.children(code.id):
            add(el, child)

    for top in tree.children(None):
        add(codes, top)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def export_qdc(project: Project, path: str | Path) -> int:
    """Write the codebook to a .qdc file; returns the number of codes and categories."""
    data = codebook_xml(project)
    with atomic_write(path, "wb") as fh:
        fh.write(data)
    return len(project.codebook.tree())


def _guid(guid: str) -> str:
    """Our GUID, or for an id that is not one (an old hand-made CSV) a stable GUID made from it."""
    if _GUID.fullmatch(guid):
        return guid
    return str(uuid.uuid5(_LEGACY, guid)).upper()


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)


# -- import -----------------------------------------------------------------------------------
def parse_qdc(data: bytes, name: str = "the file") -> etree._Element:
    """The Codes element of a codebook, parsed without entities, DTDs or the network."""
    if len(data) > MAX_BYTES:
        raise ImportError_(f"{name} is too large to be a codebook ({len(data) // 2**20} MB)")
    if not data.strip():
        raise ImportError_(f"{name} is empty")
    if data[:2] == b"PK":  # a ZIP: a .qdpx given where a codebook was expected
        raise ImportError_(f"{name} is a REFI-QDA project (.qdpx), not a codebook: import it as "
                           f"a project (gwot-reader import PROJECT {name}, or File > Import "
                           "project (REFI-QDA)…)")
    if b"<!ENTITY" in data[:65536]:  # refuse before the parser sees it (billion laughs, XXE)
        raise _entities(name)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False, remove_comments=True, remove_pis=True)
    try:
        doc = etree.fromstring(data, parser).getroottree()
    except etree.XMLSyntaxError as exc:
        raise ImportError_(f"{name} is not well-formed XML: {exc.msg}") from None
    dtd = doc.docinfo.internalDTD
    if dtd is not None and list(dtd.iterentities()):  # e.g. in UTF-16, unseen above
        raise _entities(name)
    root = doc.getroot()
    if _local(root) == "Project":  # a project.qde: take its codebook
        root = next((el for el in root if _local(el) == "CodeBook"), None)
        if root is None:
            raise ImportError_(f"{name} is a REFI-QDA project without a codebook")
    if _local(root) != "CodeBook":
        raise ImportError_(f"{name} is not a REFI-QDA codebook: its root element is "
                           f"<{_local(root)}>, not <CodeBook>")
    codes = next((el for el in root if _local(el) == "Codes"), None)
    if codes is None:
        raise ImportError_(f"{name} has no <Codes> element")
    return codes


def _entities(name: str) -> ImportError_:
    return ImportError_(f"{name} declares XML entities, which a codebook never needs; "
                        "it was not imported")


def import_qdc(project: Project, path: str | Path) -> MergeReport:
    """Merge a .qdc codebook: match codes by GUID, then by path; add the rest. One transaction."""
    path = Path(path)
    refuse_sqlite_file(path, "read")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportError_(f"{path} cannot be read: {exc.strerror}") from None
    codes = parse_qdc(data, path.name)
    merger = CodebookMerger(project)
    auto_backup(project.db, "before-codebook-import")
    with project.transaction():
        for el in _code_elements(codes):
            _merge(merger, el, None)
        return merger.finish()


def _merge(merger: CodebookMerger, el: etree._Element, parent: Code | None) -> None:
    name = (el.get("name") or "").strip()
    where = f"code {name!r}" if name else f"a <Code> on line {el.sourceline}"
    if not name:
        raise ImportError_(f"{where} has no name")
    guid = normalise_guid(el.get("guid") or "", where)
    codable = (el.get("isCodable") or "true").strip().lower()
    fields: dict[str, Any] = {"is_category": codable in ("false", "0")}
    if el.get("color"):
        fields["color"] = normalise_colour(el.get("color"), where)
    description = next((d for d in el if _local(d) == "Description"), None)
    if description is not None:
        fields.update(decode_description(description.text or ""))
    code = merger.merge(CodeEntry(name, guid, fields, where), parent)
    for child in _code_elements(el):
        _merge(merger, child, code)


def _code_elements(el: etree._Element) -> list[etree._Element]:
    return [c for c in el if _local(c) == "Code"]


def _local(el: etree._Element) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""
