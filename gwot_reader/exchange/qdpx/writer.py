"""Writing a project as a REFI-QDA 1.5 project (.qdpx) that validates against Project.xsd.

Every document goes in as a text source whose stored text is our canonical text in UTF-8, so
the positions written are our own code points, exactly. Originals travel beside it: a PDF as
a PDFSource (its text as the Representation), a DOCX as the richTextPath, any other original
as ``sources/<GUID>.<ext>`` (a text file's as ``<GUID>.original.txt``), unreferenced, which
other readers ignore and ours takes back.
"""

from __future__ import annotations

import json
import mimetypes
import re
import zipfile
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from lxml import etree

from gwot_reader import __version__
from gwot_reader.core.model import Code, Document, Memo
from gwot_reader.exchange.csvio import atomic_write
from gwot_reader.exchange.qdpx.ids import derived
from gwot_reader.exchange.refi_codebook import encode_description
from gwot_reader.store import Project
from gwot_reader.store.exchange_rows import coders
from gwot_reader.store.pages import Region

NS = "urn:QDA-XML:project:1.0"
ORIGIN = f"GWOT Reader {__version__}"
SETS_META = "refi_sets"  # the project's REFI-QDA sets, kept as JSON until the store has sets
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# Document metadata travels as REFI variables, so it comes back on import.
VARIABLES = [("title", "Title", "Text"), ("authors", "Authors", "Text"),
             ("year", "Year", "Integer"), ("kind", "Kind", "Text")]
# Extensions our importer reads an original by (the first one per media type is written).
MEDIA = {".pdf": "application/pdf", ".docx": DOCX, ".md": "text/markdown",
         ".markdown": "text/markdown", ".html": "text/html", ".htm": "text/html",
         ".epub": "application/epub+zip", ".odt": "application/vnd.oasis.opendocument.text"}
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_Q = f"{{{NS}}}"


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text) if _NOT_XML.search(text) else text


def _sub(parent, tag: str, **attrs: str):
    return etree.SubElement(parent, _Q + tag, attrs)


def _text_el(parent, tag: str, text: str):
    el = etree.SubElement(parent, _Q + tag)
    el.text = _clean(text)
    return el


class _Writer:
    def __init__(self, project: Project) -> None:
        self.p = project
        self.tree = project.codebook()
        self.users = {name: guid for guid, name in coders(project)}
        self.memos: dict[tuple[str, str], list[Memo]] = defaultdict(list)
        for m in project.memos():
            self.memos[(m.target_kind, m.target_guid.upper())].append(m)
        self.notes = None  # the <Notes> element, made when the first note is written
        self.root = etree.Element(_Q + "Project", nsmap={None: NS})

    def user(self, name: str) -> str:
        return self.users.get(name, "")

    def note(self, guid: str, title: str, text: str, coder: str, created: str, modified: str) -> str:
        attrs = {"guid": guid}
        if title:
            attrs["name"] = _clean(title)
        if self.user(coder):
            attrs["creatingUser"] = self.user(coder)
        if created:
            attrs["creationDateTime"] = created
        if modified:
            attrs["modifiedDateTime"] = modified
        el = etree.SubElement(self.notes_el, _Q + "Note", attrs)
        _text_el(el, "PlainTextContent", text)
        return guid

    def memo_refs(self, parent, kind: str, guid: str) -> None:
        for m in self.memos.get((kind, guid.upper()), ()):
            self.note(m.guid, m.title, m.text, m.coder, m.created, m.modified)
            _sub(parent, "NoteRef", targetGUID=m.guid)

    @property
    def notes_el(self):
        if self.notes is None:
            self.notes = etree.Element(_Q + "Notes")
        return self.notes

    # -- parts --------------------------------------------------------------------------------
    def codebook(self) -> None:
        tops = self.tree.children(None)
        if not tops:
            return
        codes = _sub(_sub(self.root, "CodeBook"), "Codes")

        def add(parent, code: Code) -> None:
            el = _sub(parent, "Code", guid=code.guid, name=_clean(code.name),
                      isCodable="false" if code.is_category else "true")
            if re.fullmatch(r"#[0-9A-Fa-f]{6}|#[0-9A-Fa-f]{3}", code.color or ""):
                el.set("color", code.color)
            description = encode_description(code, memo=False)
            if description:
                _text_el(el, "Description", description)
            if code.memo:
                _sub(el, "NoteRef", targetGUID=self.note(
                    derived("code-memo", code.guid), f"Memo: {code.name}", code.memo, "", "", ""))
            self.memo_refs(el, "code", code.guid)
            for child in self.tree.children(code.id):
                add(el, child)

        for top in tops:
            add(codes, top)

    def variables(self, docs: list[Document]) -> None:
        used = [v for v in VARIABLES if any(getattr(d, v[0]) not in ("", None) for d in docs)]
        if not used:
            return
        el = _sub(self.root, "Variables")
        for _, name, kind in used:
            _sub(el, "Variable", guid=derived("variable", name), name=name, typeOfVariable=kind)

    def source(self, parent, doc: Document, regions: dict[str, Region],
               files: dict[str, bytes], rows: list) -> int:
        text = self.p.document_text(doc.id)
        files[f"sources/{doc.guid}.txt"] = text.encode("utf-8")
        stamp = {"creationDateTime": doc.imported} if doc.imported else {}
        original = self.p.document_source(doc.id)
        if doc.media_type == "text/plain":
            # a text file travels as our text; its original only if the bytes differ (CRLF, BOM,
            # another encoding), as sources/<GUID>.original.txt
            if original == files[f"sources/{doc.guid}.txt"]:
                original = None
            else:
                files[f"sources/{doc.guid}.original.txt"] = original
                original = None
        if doc.media_type == "application/pdf" and original is not None:
            files[f"sources/{doc.guid}.pdf"] = original
            src = _sub(parent, "PDFSource", guid=doc.guid, name=_clean(doc.name),
                       path=f"internal://{doc.guid}.pdf", **stamp)
            if doc.notes:
                _text_el(src, "Description", doc.notes)
            for row in rows:
                if row[0] in regions:
                    self.pdf_selection(src, row, regions[row[0]])
            rep = _sub(src, "Representation", guid=derived("representation", doc.guid),
                       name=_clean(doc.name), plainTextPath=f"internal://{doc.guid}.txt")
            self.selections(rep, [r for r in rows if r[0] not in regions])
        else:
            attrs = {"guid": doc.guid, "name": _clean(doc.name),
                     "plainTextPath": f"internal://{doc.guid}.txt", **stamp}
            if original is not None:
                ext = _extension(doc)
                files[f"sources/{doc.guid}{ext}"] = original
                if doc.media_type == DOCX:
                    attrs["richTextPath"] = f"internal://{doc.guid}{ext}"
            src = etree.SubElement(parent, _Q + "TextSource", attrs)
            if doc.notes:
                _text_el(src, "Description", doc.notes)
            self.selections(src, rows)
        self.memo_refs(src, "document", doc.guid)
        for key, name, kind in VARIABLES:
            value = getattr(doc, key)
            if value in ("", None):
                continue
            vv = _sub(src, "VariableValue")
            _sub(vv, "VariableRef", targetGUID=derived("variable", name))
            _text_el(vv, "IntegerValue" if kind == "Integer" else "TextValue", str(value))
        return len(rows)

    def selections(self, parent, rows: list) -> None:
        for guid, code_guid, start, end, quote, coder, memo, created, modified in rows:
            attrs = {"guid": derived("selection", guid), "name": _clean(quote),
                     "startPosition": str(start), "endPosition": str(end)}
            self._stamps(attrs, coder, created, modified)
            sel = etree.SubElement(parent, _Q + "PlainTextSelection", attrs)
            self.coding(sel, guid, code_guid, coder, memo, created, modified)

    def pdf_selection(self, parent, row, region: Region) -> None:
        guid, code_guid, _, _, quote, coder, memo, created, modified = row
        x0, y0, x1, y1 = (str(round(v)) for v in region.box)
        attrs = {"guid": derived("selection", guid), "name": _clean(quote),
                 "page": str(region.page), "firstX": x0, "firstY": y0, "secondX": x1,
                 "secondY": y1}
        self._stamps(attrs, coder, created, modified)
        sel = etree.SubElement(parent, _Q + "PDFSelection", attrs)
        self.coding(sel, guid, code_guid, coder, memo, created, modified)

    def _stamps(self, attrs: dict, coder: str, created: str, modified: str) -> None:
        user = self.user(coder)
        if user:
            attrs["creatingUser"] = user
        attrs["creationDateTime"] = created
        if user:
            attrs["modifyingUser"] = user
        attrs["modifiedDateTime"] = modified or created

    def coding(self, sel, guid: str, code_guid: str, coder: str, memo: str, created: str,
               modified: str) -> None:
        attrs = {"guid": guid, "creationDateTime": created}
        if self.user(coder):
            attrs["creatingUser"] = self.user(coder)
        el = etree.SubElement(sel, _Q + "Coding", attrs)
        _sub(el, "CodeRef", targetGUID=code_guid)
        if memo:
            _sub(el, "NoteRef", targetGUID=self.note(derived("coding-memo", guid), "", memo,
                                                     coder, created, modified))
        self.memo_refs(el, "coding", guid)

    def sets(self) -> None:
        raw = self.p.meta(SETS_META)
        sets = json.loads(raw) if raw else []
        if not sets:
            return
        el = _sub(self.root, "Sets")
        for s in sets:
            se = _sub(el, "Set", guid=s["guid"], name=_clean(s["name"]) or "Set")
            if s.get("description"):
                _text_el(se, "Description", s["description"])
            for tag, key in (("MemberCode", "codes"), ("MemberSource", "sources"),
                             ("MemberNote", "notes")):
                for g in s.get(key, []):
                    _sub(se, tag, targetGUID=g)


def project_xml(project: Project, progress: Callable[[int, int], bool] | None = None,
                ) -> tuple[bytes, dict[str, bytes], int]:
    """The project.qde, the files of sources/ and the number of codings written."""
    w = _Writer(project)
    root = w.root
    root.set("name", _clean(project.path.stem.removesuffix(".gwot")))
    root.set("origin", ORIGIN)
    me = w.user(project.coder)
    if me:
        root.set("creatingUserGUID", me)
    created = project.meta("created")
    if created:
        root.set("creationDateTime", created)
    if w.users:
        users = _sub(root, "Users")
        for name, guid in w.users.items():
            _sub(users, "User", guid=guid, name=_clean(name))
    w.codebook()
    docs = project.documents()
    w.variables(docs)
    code_guids = {c.id: c.guid for c in w.tree.by_id.values()}
    by_doc: dict[int, list] = defaultdict(list)
    for (guid, doc_id, _, _, code_id, start, end, quote, coder, memo, created_,
         modified) in project.segment_rows():
        by_doc[doc_id].append((guid, code_guids[code_id], start, end, quote, coder, memo,
                               created_, modified))
    regions = project.regions()
    files: dict[str, bytes] = {}
    n = 0
    if docs:
        sources = _sub(root, "Sources")
        for i, doc in enumerate(docs):
            if progress and progress(i, len(docs)) is False:
                from gwot_reader.core.errors import GwotError

                raise GwotError("export cancelled; nothing was written")
            n += w.source(sources, doc, regions, files, by_doc.get(doc.id, []))
    project_notes = [w.note(m.guid, m.title, m.text, m.coder, m.created, m.modified)
                     for m in w.memos.get(("project", ""), ())]
    if w.notes is not None:  # after Sources, in the schema's order
        anchor = next((el for tag in ("Sources", "Variables", "CodeBook", "Users")
                       if (el := root.find(_Q + tag)) is not None), None)
        if anchor is None:
            root.insert(0, w.notes)
        else:
            anchor.addnext(w.notes)
    w.sets()
    for guid in project_notes:
        _sub(root, "NoteRef", targetGUID=guid)
    xml = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    return xml, files, n


def export_qdpx(project: Project, path: str | Path,
                progress: Callable[[int, int], bool] | None = None) -> int:
    """Write the project to a .qdpx file; returns the number of codings written."""
    xml, files, n = project_xml(project, progress)
    with atomic_write(path, "wb") as fh, zipfile.ZipFile(fh, "w", zipfile.ZIP_DEFLATED,
                                                          compresslevel=1) as zf:
        zf.writestr("project.qde", xml)
        for name, data in files.items():
            zf.writestr(name, data)
    return n


def _extension(doc: Document) -> str:
    """The original's extension: by its media type (the corpus keeps Markdown in .txt files)."""
    for ext, media in MEDIA.items():
        if media == doc.media_type:
            return ext
    ext = Path(doc.source_name).suffix.lower() or mimetypes.guess_extension(doc.media_type) or ".bin"
    return ".original.txt" if ext == ".txt" else ext
