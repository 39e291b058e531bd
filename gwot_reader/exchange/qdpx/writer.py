"""Writing a project as a REFI-QDA 1.5 project (.qdpx) that validates against Project.xsd.

Every document goes in as a text source whose stored text is our canonical text in UTF-8, so
the positions written are our own code points, exactly. Originals travel beside it: a PDF as
a PDFSource (its text as the Representation), a DOCX as the richTextPath, any other original
as ``sources/<GUID>.<ext>`` (a text file's as ``<GUID>.original.txt``), unreferenced, which
other readers ignore and ours takes back.

The XML is written as text, not built as a tree: 100,000 codings are 300,000 elements, and
making them as lxml elements took most of an export's time.
"""

from __future__ import annotations

import mimetypes
import re
import zipfile
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path

from gwot_reader import __version__
from gwot_reader.core.errors import GwotError
from gwot_reader.core.model import Code, Document, Memo
from gwot_reader.core.pages import Region
from gwot_reader.exchange.csvio import atomic_write
from gwot_reader.exchange.qdpx.attributes import (
    FIELDS,
    describe,
    kept_sets,
    refi_type,
    refi_value,
    remembered_types,
)
from gwot_reader.exchange.qdpx.ids import derived, selection_guid
from gwot_reader.exchange.refi_codebook import encode_description
from gwot_reader.store import Project
from gwot_reader.store.exchange_rows import coders, meta_value, qdpx_rows

NS = "urn:QDA-XML:project:1.0"
ORIGIN = f"GWOT Reader {__version__}"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FIELD_NAMES = {key: name for key, name, _ in FIELDS}
# Extensions our importer reads an original by (the first one per media type is written).
MEDIA = {".pdf": "application/pdf", ".docx": DOCX, ".md": "text/markdown",
         ".markdown": "text/markdown", ".html": "text/html", ".htm": "text/html",
         ".epub": "application/epub+zip", ".odt": "application/vnd.oasis.opendocument.text"}
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_NOT_XML_BUT_NUL = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
# (character, entity): str.replace per character present is C-fast, str.translate with a
# dict is a Python lookup per character (0.5 s of 1.2 for 5,000 quotes).
_ESCAPES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"), ("\n", "&#10;"),
            ("\r", "&#13;"), ("\t", "&#9;"))
# (coding GUID, document id, code GUID, start, end, quote, coder, memo, created, modified)
Row = tuple[str, int, str, int, int, str, str, str, str, str]
_RGB = re.compile(r"#[0-9A-Fa-f]{6}|#[0-9A-Fa-f]{3}")


def esc(text: str) -> str:
    """Text for an attribute or element: escaped, without the characters XML 1.0 forbids."""
    if _NOT_XML.search(text):
        text = _NOT_XML.sub("", text)
    for ch, entity in _ESCAPES:
        if ch in text:
            text = text.replace(ch, entity)
    return text


def esc_many(texts: list[str]) -> list[str]:
    """``esc`` of each text in a few passes over all of them joined (C loops, not a Python
    call per quote: escaping 5,000 quotes one by one was a quarter of a small export)."""
    joined = "\x00".join(texts)
    if joined.count("\x00") != len(texts) - 1:  # a text holds NUL itself: one by one
        return [esc(t) for t in texts]
    if _NOT_XML_BUT_NUL.search(joined):
        joined = _NOT_XML_BUT_NUL.sub("", joined)
    for ch, entity in _ESCAPES:
        if ch in joined:
            joined = joined.replace(ch, entity)
    return joined.split("\x00")


def _attrs(attrs: dict[str, str]) -> str:
    return "".join(f' {k}="{esc(v)}"' for k, v in attrs.items() if v != "")


def _element(tag: str, attrs: dict[str, str], inner: str = "") -> str:
    return f"<{tag}{_attrs(attrs)}>{inner}</{tag}>" if inner else f"<{tag}{_attrs(attrs)}/>"


class _Writer:
    def __init__(self, project: Project) -> None:
        self.p = project
        self.tree = project.codebook.tree()
        self.users = {name: guid for guid, name in coders(project)}
        self.memos: dict[tuple[str, str], list[Memo]] = defaultdict(list)
        for m in project.memos.all():
            self.memos[(m.target_kind, m.target_guid.upper())].append(m)
        self.notes: list[str] = []
        self.layout: dict[int, tuple[str, str]] = {}  # document id -> (kind, richTextPath)
        self.written = 0
        self.who_cache: dict[str, tuple[str, str]] = {}
        # the project's variables with the REFI type each is written as, and every value
        self.vars = project.variables.all()
        self.values = project.variables.table()
        remembered = remembered_types(project)
        self.refi = {v.id: refi_type(v, (vals[v.id] for vals in self.values.values()
                                         if v.id in vals), remembered.get(v.guid.upper(), ""))
                     for v in self.vars}
        self.fields: list[tuple[str, str]] = []  # document fields written as variables

    def user(self, name: str) -> str:
        return self.users.get(name, "")

    def note(self, guid: str, title: str, text: str, coder: str, created: str, modified: str) -> str:
        attrs = {"guid": guid, "name": title, "creatingUser": self.user(coder),
                 "creationDateTime": created, "modifiedDateTime": modified}
        self.notes.append(_element("Note", attrs, f"<PlainTextContent>{esc(text)}</PlainTextContent>"))
        return f'<NoteRef targetGUID="{guid}"/>'

    def memo_refs(self, kind: str, guid: str) -> str:
        return "".join(self.note(m.guid, m.title, m.text, m.coder, m.created, m.modified)
                       for m in self.memos.get((kind, guid.upper()), ()))

    # -- parts --------------------------------------------------------------------------------
    def codebook(self) -> str:
        tops = self.tree.children(None)
        if not tops:
            return ""

        def code(c: Code) -> str:
            attrs = {"guid": c.guid, "name": c.name,
                     "isCodable": "false" if c.is_category else "true",
                     "color": c.color if _RGB.fullmatch(c.color or "") else ""}
            inner = []
            description = encode_description(c, memo=False)
            if description:
                inner.append(f"<Description>{esc(description)}</Description>")
            if c.memo:
                inner.append(self.note(derived("code-memo", c.guid), f"Memo: {c.name}", c.memo,
                                       "", "", ""))
            inner.append(self.memo_refs("code", c.guid))
            inner += [code(child) for child in self.tree.children(c.id)]
            return _element("Code", attrs, "".join(inner))

        return f"<CodeBook><Codes>{''.join(code(c) for c in tops)}</Codes></CodeBook>"

    def variables(self, docs: list[Document]) -> str:
        """The Variables: the document fields in use, then the project's variables."""
        taken = {v.name.casefold() for v in self.vars}
        out = []
        for key, name, kind in FIELDS:
            if any(getattr(d, key) not in ("", None) for d in docs):
                self.fields.append((key, kind))
                # a field is known again by its GUID: its name may step aside for a variable's
                shown = f"{name} (document)" if name.casefold() in taken else name
                out.append(_element("Variable", {"guid": derived("variable", name),
                                                 "name": shown, "typeOfVariable": kind}))
        for var in self.vars:
            described = describe(var)
            description = f"<Description>{esc(described)}</Description>" if described else ""
            out.append(_element("Variable", {"guid": var.guid, "name": var.name,
                                             "typeOfVariable": self.refi[var.id]}, description))
        return f"<Variables>{''.join(out)}</Variables>" if out else ""

    def files(self, doc: Document) -> list[tuple[str, bytes]]:
        """The members of sources/ for a document; notes how its source element refers to them."""
        text = self.p.documents.text(doc.id).encode("utf-8")
        out = [(f"sources/{doc.guid}.txt", text)]
        original = self.p.documents.source(doc.id)
        self.layout[doc.id] = ("text", "")
        if doc.media_type == "text/plain":
            # a text file travels as our text; its original only if the bytes differ (CRLF, BOM,
            # another encoding), as sources/<GUID>.original.txt
            if original != text:
                out.append((f"sources/{doc.guid}.original.txt", original))
        elif doc.media_type == "application/pdf":
            out.append((f"sources/{doc.guid}.pdf", original))
            self.layout[doc.id] = ("pdf", "")
        else:
            ext = _extension(doc)
            out.append((f"sources/{doc.guid}{ext}", original))
            if doc.media_type == DOCX:
                self.layout[doc.id] = ("text", f"internal://{doc.guid}{ext}")
        return out

    def source(self, doc: Document, regions: dict[str, Region], rows: list[Row]) -> str:
        kind, rich = self.layout[doc.id]
        description = f"<Description>{esc(doc.notes)}</Description>" if doc.notes else ""
        tail = self.memo_refs("document", doc.guid) + self.variable_values(doc)
        if kind == "pdf":
            boxes = "".join(self.pdf_selection(r, regions[r[0]]) for r in rows if r[0] in regions)
            rep = _element("Representation", {
                "guid": derived("representation", doc.guid), "name": doc.name,
                "plainTextPath": f"internal://{doc.guid}.txt"},
                self.selections([r for r in rows if r[0] not in regions]))
            return _element("PDFSource", {"guid": doc.guid, "name": doc.name,
                                          "path": f"internal://{doc.guid}.pdf",
                                          "creationDateTime": doc.imported},
                            description + boxes + rep + tail)
        attrs = {"guid": doc.guid, "name": doc.name, "richTextPath": rich,
                 "plainTextPath": f"internal://{doc.guid}.txt", "creationDateTime": doc.imported}
        return _element("TextSource", attrs, description + self.selections(rows) + tail)

    def variable_values(self, doc: Document) -> str:
        out = []
        for key, kind in self.fields:
            value = getattr(doc, key)
            if value not in ("", None):
                out.append(_value(derived("variable", FIELD_NAMES[key]), kind, str(value)))
        mine = self.values.get(doc.id, {})
        for var in self.vars:
            if var.id in mine:
                refi = self.refi[var.id]
                out.append(_value(var.guid, refi, refi_value(mine[var.id], refi)))
        return "".join(out)

    def who(self, coder: str) -> tuple[str, str]:
        """The creatingUser and modifyingUser attributes of a coder (or none)."""
        found = self.who_cache.get(coder)
        if found is None:
            user = self.user(coder)
            found = self.who_cache[coder] = ((f' creatingUser="{user}"',
                                              f' modifyingUser="{user}"') if user else ("", ""))
        return found

    def selections(self, rows: list[Row]) -> str:
        # the hot loop of an export (one pass per coding): quotes escaped all at once
        out = []
        names = esc_many([r[5] for r in rows])
        for (guid, _, code_guid, start, end, _, coder, memo, created, modified), name in zip(
                rows, names, strict=True):
            who, modifying = self.who(coder)
            out.append(
                f'<PlainTextSelection guid="{selection_guid(guid)}" name="{name}" '
                f'startPosition="{start}" endPosition="{end}"{who} creationDateTime="{created}"'
                f'{modifying} modifiedDateTime="{modified or created}">'
                f'<Coding guid="{guid}"{who} creationDateTime="{created}">'
                f'<CodeRef targetGUID="{code_guid}"/>'
                f"{self.coding_notes(guid, coder, memo, created, modified) if memo or self.memos else ''}"
                "</Coding></PlainTextSelection>")
        return "".join(out)

    def pdf_selection(self, row: Row, region: Region) -> str:
        guid, _, code_guid, _, _, quote, coder, memo, created, modified = row
        x0, y0, x1, y1 = (str(round(v)) for v in region.box)
        user = self.user(coder)
        who = self.who(coder)[0]
        attrs = {"guid": selection_guid(guid), "name": quote, "page": str(region.page),
                 "firstX": x0, "firstY": y0, "secondX": x1, "secondY": y1, "creatingUser": user,
                 "creationDateTime": created, "modifyingUser": user,
                 "modifiedDateTime": modified or created}
        return _element("PDFSelection", attrs,
                        f'<Coding guid="{guid}"{who} creationDateTime="{created}">'
                        f'<CodeRef targetGUID="{code_guid}"/>'
                        f"{self.coding_notes(guid, coder, memo, created, modified)}</Coding>")

    def coding_notes(self, guid: str, coder: str, memo: str, created: str, modified: str) -> str:
        """A coding's memo and the memos on it, as NoteRefs (the Notes go to the project's)."""
        notes = ""
        if memo:
            notes = self.note(derived("coding-memo", guid), "", memo, coder, created, modified)
        if self.memos:
            notes += self.memo_refs("coding", guid)
        return notes

    def sets(self) -> str:
        """The document sets from their table, with the code and note members kept aside for
        them, then the sets kept aside whole (code groups)."""
        docs = {d.id: d.guid for d in self.p.documents.all()}
        kept = {str(s["guid"]).upper(): s for s in kept_sets(self.p)}
        members = self.p.sets.memberships()
        out = []
        for ds in self.p.sets.all():
            extra = kept.pop(ds.guid.upper(), {})
            out.append(_set(ds.guid, ds.name, ds.description, extra.get("codes", []),
                            [docs[d] for d in members.get(ds.id, [])], extra.get("notes", [])))
        for s in kept.values():
            out.append(_set(str(s["guid"]), str(s.get("name") or ""),
                            str(s.get("description") or ""), s.get("codes", []),
                            s.get("sources", []), s.get("notes", [])))
        return f"<Sets>{''.join(out)}</Sets>" if out else ""


def _set(guid: str, name: str, description: str, codes: object, sources: object,
         notes: object) -> str:
    inner = f"<Description>{esc(description)}</Description>" if description else ""
    for tag, refs in (("MemberCode", codes), ("MemberSource", sources), ("MemberNote", notes)):
        inner += "".join(f'<{tag} targetGUID="{g}"/>' for g in refs) \
            if isinstance(refs, list) else ""
    return _element("Set", {"guid": guid, "name": name or "Set"}, inner)


def _value(guid: str, refi: str, text: str) -> str:
    return (f'<VariableValue><VariableRef targetGUID="{guid}"/>'
            f"<{refi}Value>{esc(text)}</{refi}Value></VariableValue>")


def xml_parts(w: _Writer, docs: list[Document],
              progress: Callable[[int, int], bool] | None = None) -> Iterator[str]:
    """project.qde piece by piece, codings streamed from the database document by document.

    ``w.files`` must have been called for every document first.
    """
    project = w.p
    attrs = {"name": project.path.stem, "origin": ORIGIN, "creatingUserGUID": w.user(project.coder),
             "creationDateTime": meta_value(project, "created")}
    yield f'<?xml version="1.0" encoding="UTF-8"?>\n<Project xmlns="{NS}"{_attrs(attrs)}>'
    if w.users:
        yield "<Users>" + "".join(_element("User", {"guid": g, "name": n})
                                  for n, g in w.users.items()) + "</Users>"
    yield w.codebook()
    yield w.variables(docs)
    regions = project.pages.regions()
    if docs:
        yield "<Sources>"
        for i, doc in enumerate(docs):
            if progress and progress(i, len(docs)) is False:
                raise GwotError("export cancelled; nothing was written")
            mine: list[Row] = qdpx_rows(project, doc.id)
            w.written += len(mine)
            yield w.source(doc, regions, mine)
        yield "</Sources>"
    project_refs = "".join(w.note(m.guid, m.title, m.text, m.coder, m.created, m.modified)
                           for m in w.memos.get(("project", ""), ()))
    if w.notes:
        yield f"<Notes>{''.join(w.notes)}</Notes>"
    yield w.sets()
    yield project_refs + "</Project>"


def export_qdpx(project: Project, path: str | Path,
                progress: Callable[[int, int], bool] | None = None) -> int:
    """Write the project to a .qdpx file; returns the number of codings written.

    Sources are written first, one document at a time, then project.qde streamed into the
    archive: neither the texts nor the XML are ever whole in memory.
    """
    w = _Writer(project)
    docs = project.documents.all()
    # Level 1: text compresses almost as well, and level 6 took a third of a large export.
    with atomic_write(path, "wb") as fh, zipfile.ZipFile(fh, "w", zipfile.ZIP_DEFLATED,
                                                          compresslevel=1) as zf:
        for doc in docs:
            for name, data in w.files(doc):
                zf.writestr(name, data)
        with zf.open("project.qde", "w", force_zip64=True) as out:
            buf: list[str] = []
            size = 0
            for part in xml_parts(w, docs, progress):
                buf.append(part)
                size += len(part)
                if size > 1 << 20:
                    out.write("".join(buf).encode("utf-8"))
                    buf, size = [], 0
            out.write("".join(buf).encode("utf-8"))
    return w.written


def project_xml(project: Project) -> bytes:
    """The project.qde alone (for tests and previews)."""
    w = _Writer(project)
    docs = project.documents.all()
    for doc in docs:
        w.files(doc)
    return "".join(xml_parts(w, docs)).encode("utf-8")


def _extension(doc: Document) -> str:
    """The original's extension: by its media type (the corpus keeps Markdown in .txt files)."""
    for ext, media in MEDIA.items():
        if media == doc.media_type:
            return ext
    ext = Path(doc.source_name).suffix.lower() or mimetypes.guess_extension(doc.media_type) or ".bin"
    return ".original.txt" if ext == ".txt" else ext
