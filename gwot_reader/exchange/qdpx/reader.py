"""Reading a .qdpx archive into a ``QProject``: safely, and tolerant of what real tools write.

Nothing here touches a project: the archive is checked (names, member count, sizes) before
anything is unpacked, the XML is parsed with entities and DTDs off, and every quirk seen in
NVivo, ATLAS.ti, MAXQDA and QualCoder exports is absorbed here.
"""

from __future__ import annotations

import codecs
import posixpath
import zipfile
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import IO, Any

from gwot_reader.core.errors import ImportError_
from gwot_reader.exchange.formats.xmlsafe import local as _local_name
from gwot_reader.exchange.formats.zipsafe import MAX_UNCOMPRESSED, open_zip, read_member
from gwot_reader.exchange.qdpx.ids import as_guid, parse_datetime
from gwot_reader.exchange.qdpx.model import (
    QCase,
    QCode,
    QCoding,
    QNote,
    QProject,
    QSelection,
    QSet,
    QSource,
    QVariable,
    decode_source,
)

MAX_FILE = MAX_UNCOMPRESSED  # a .qdpx larger than this is refused before it is read
KIND = "REFI-QDA project (.qdpx)"
STREAMED = ("Sources", "Notes")  # sections read child by child, each freed once read
_LOCAL: dict[object, str] = {}  # tag -> local name: a dict lookup per element, not a split


def local(tag: object) -> str:
    name = _LOCAL.get(tag)
    if name is None:
        name = _LOCAL[tag] = _local_name(tag) if isinstance(tag, str) else ""
    return name


def read_qdpx(path: str | Path) -> QProject:
    """The project in a .qdpx file; ``ImportError_`` with one sentence if it cannot be read."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ImportError_(f"{path} cannot be read: {exc.strerror}") from None
    if path.is_dir():
        raise ImportError_(f"{path} is a folder, not a .qdpx file")
    if size > MAX_FILE:
        raise ImportError_(f"{path.name} is {size // 2**20} MB; refused as too large")
    return read_qdpx_bytes(path.read_bytes(), path.name)


def read_qdpx_bytes(data: bytes, name: str) -> QProject:
    zf = open_zip(data, name, KIND)
    archive = _Archive(zf, name)
    qde = archive.project_member()
    _refuse_dtd(archive.head(qde), name)
    return _Project(archive, name, qde).read()


def _refuse_dtd(head: bytes, name: str) -> None:
    if head[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        head = head.decode("utf-16", errors="replace").encode("utf-8")
    if b"<!ENTITY" in head or b"<!DOCTYPE" in head:
        raise ImportError_(f"{name} declares XML entities or a DTD, which REFI-QDA never needs; "
                           "it was not imported")


# Elements handled as they end; everything else is read through them. lxml matches these
# tags in C, so the Python loop sees a few events per source rather than two per element.
# Sources GWOT Reader has no place for: read only to be counted in the report (with codings).
_MEDIA = ("PictureSource", "AudioSource", "VideoSource")
_HANDLED = ("Users", "CodeBook", "Variables", "TextSource", "PDFSource", *_MEDIA, "Note",
            "Sets", "Cases", "Links", "Graphs")


def _events(stream: IO[bytes], name: str, part: str) -> Iterator[tuple[str, Any]]:
    """(section, element) pairs: the root first, then each top-level section, source and note
    as it ends, then the root's own Description and NoteRefs. Elements are cleared once handled,
    so a project.qde of 100,000 codings is never a whole tree in memory (lxml takes five times
    the XML's size for one)."""
    from lxml import etree

    ctx = etree.iterparse(stream, events=("start", "end"),
                          tag=["{*}Project", "{*}CodeBook", *(f"{{*}}{t}" for t in _HANDLED)],
                          resolve_entities=False, no_network=True, load_dtd=False,
                          huge_tree=False, remove_comments=True, remove_pis=True)
    root = None
    try:
        for event, el in ctx:
            if root is None:  # the first start event is the root, whatever its tag
                root = el
                yield "", el
                if local(el.tag) != "Project":
                    return
                continue
            if event == "start" or el is root:
                continue
            tag = local(el.tag)
            parent = el.getparent()
            if tag in ("TextSource", "PDFSource", "Note", *_MEDIA):
                if parent is None or parent.getparent() is not root:
                    continue  # e.g. a Representation's own text source: read with its PDF
                yield ("Sources" if tag != "Note" else "Notes"), el
            elif parent is root:
                yield tag, el
            else:
                continue
            el.clear(keep_tail=False)
            while el.getprevious() is not None:
                del parent[0]
    except etree.XMLSyntaxError as exc:
        raise ImportError_(f"{name} ({part}) is damaged: {exc.msg}") from None
    if root is None:
        raise ImportError_(f"{name} is not a REFI-QDA project: {part} has no <Project> element")
    for el in root:
        tag = local(el.tag)
        if tag in ("Description", "NoteRef"):
            yield tag, el


class _Archive:
    """Members by name, case-insensitively (NVivo writes Sources/, the others sources/)."""

    def __init__(self, zf: zipfile.ZipFile, name: str) -> None:
        self.zf, self.name = zf, name
        self.members = {i.filename: i for i in zf.infolist() if not i.is_dir()}
        self.folded = {m.casefold(): m for m in self.members}
        self.unpacked = sum(i.file_size for i in self.members.values())
        # members of sources/ by the name before their first dot (a GUID in our exports), so
        # that finding the originals beside 1,000 sources is not 1,000 scans of every member
        self.by_stem: dict[str, list[str]] = {}
        for folded, member in self.folded.items():
            if folded.startswith("sources/"):
                stem = folded[8:].split(".", 1)[0]
                self.by_stem.setdefault(stem, []).append(member)

    def project_member(self) -> str:
        top = [m for m in self.members if "/" not in m and m.lower().endswith(".qde")]
        if not top:
            top = [m for m in self.members if m.lower().endswith(".qde")]
        if not top:
            raise ImportError_(f"{self.name} is not a REFI-QDA project: it holds no project.qde")
        # ATLAS.ti may call it <ProjectName>.qde; project.qde wins when there are several
        return next((m for m in top if m.casefold().endswith("project.qde")), sorted(top)[0])

    def find(self, ref: str) -> str | None:
        """The member a path in the XML refers to (``internal://x.txt``, ``x.txt``, ...)."""
        ref = (ref or "").strip().replace("\\", "/")
        for prefix in ("internal://", "relative://", "file://"):
            if ref.lower().startswith(prefix):
                ref = ref[len(prefix):]
                break
        ref = ref.lstrip("/")
        if not ref:
            return None
        for candidate in (f"sources/{ref}", ref, f"sources/{posixpath.basename(ref)}"):
            found = self.folded.get(candidate.casefold())
            if found:
                return found
        return None

    def beside(self, guid: str) -> list[str]:
        """Members in sources/ named after a GUID (our originals beside their text)."""
        prefix = f"sources/{guid}.".casefold()
        return [m for m in self.by_stem.get(guid.casefold(), ()) if m.casefold().startswith(prefix)]

    def head(self, member: str) -> bytes:
        try:
            with self.stream(member) as fh:
                return bytes(fh.read(65536))
        except (zipfile.BadZipFile, EOFError, OSError):
            raise ImportError_(f"{self.name} is damaged: {member} cannot be unpacked") from None

    def stream(self, member: str) -> IO[bytes]:
        """A member as a stream: zipfile stops at its declared size and checks its CRC."""
        try:
            return self.zf.open(self.members[member])
        except (zipfile.BadZipFile, OSError, NotImplementedError, RuntimeError):
            raise ImportError_(f"{self.name} is damaged: {member} cannot be unpacked") from None

    def read(self, member: str) -> bytes:
        data = read_member(self.zf, member, self.name)
        assert data is not None
        return data


class _Project:
    def __init__(self, archive: _Archive, name: str, qde: str) -> None:
        self.archive, self.name, self.qde = archive, name, qde
        self.q = QProject(unpacked_bytes=archive.unpacked)
        self.variables: dict[str, QVariable] = {}  # by GUID
        self.undeclared = 0  # values of variables the file does not declare
        self.case_refs = [0, 0, 0]  # code refs, selection refs, cases with any (not carried)

    def read(self) -> QProject:
        q = self.q
        skipped: dict[str, tuple[int, int]] = {}
        try:
            with self.archive.stream(self.qde) as stream:
                for tag, el in _events(stream, self.name, self.qde):
                    self._section(tag, el, skipped)
        except (zipfile.BadZipFile, EOFError, OSError):
            raise ImportError_(f"{self.name} is damaged: {self.qde} cannot be unpacked") from None
        for kind, (n, codings) in skipped.items():
            q.warnings.append(f"{n} {kind} element(s) skipped, with {codings} coding(s): only "
                              "text and PDF sources are imported")
        if self.undeclared:
            q.warnings.append(f"{self.undeclared} variable value(s) skipped: their variable is not "
                              "declared in the file")
        codes, selections, cases = self.case_refs
        if cases:
            q.warnings.append(f"{codes} code and {selections} selection reference(s) of {cases} "
                              "case(s) are not carried: GWOT Reader has no cases (a case's "
                              "variable values reach its sources)")
        return q

    def _section(self, tag: str, el: Any, skipped: dict[str, tuple[int, int]]) -> None:
        q = self.q
        if tag == "":
            root = local(el.tag)
            if root == "CodeBook":
                raise ImportError_(f"{self.name} holds a codebook, not a project; import it as "
                                   "a codebook")
            if root != "Project":
                raise ImportError_(f"{self.name} is not a REFI-QDA project: {self.qde} has "
                                   f"<{root}>, not <Project>")
            q.name, q.origin = el.get("name") or "", el.get("origin") or ""
            q.user_guid = as_guid(el.get("creatingUserGUID") or "")
        elif tag == "Users":
            for u in el:
                if local(u.tag) == "User" and u.get("guid"):
                    q.users[as_guid(u.get("guid"))] = (u.get("name") or u.get("id") or "").strip()
        elif tag == "CodeBook":
            codes = next((c for c in el if local(c.tag) == "Codes"), None)
            q.codes = [self._code(c) for c in (codes if codes is not None else ())
                       if local(c.tag) == "Code"]
        elif tag == "Variables":
            for v in el:
                if local(v.tag) == "Variable" and v.get("guid"):
                    var = QVariable(as_guid(v.get("guid")), (v.get("name") or "").strip(),
                                    (v.get("typeOfVariable") or "Text").strip())
                    desc = v.find("{*}Description")
                    var.description = (desc.text or "") if desc is not None else ""
                    self.variables[var.guid] = var
                    q.variables.append(var)
        elif tag == "Cases":
            q.cases = [self._case(c) for c in el if local(c.tag) == "Case" and c.get("guid")]
        elif tag == "Sources":
            kind = local(el.tag)
            if kind == "TextSource":
                q.sources.append(self._text_source(el))
            elif kind == "PDFSource":
                q.sources.append(self._pdf_source(el))
            elif kind:
                n, codings = skipped.get(kind, (0, 0))
                skipped[kind] = (n + 1, codings + sum(1 for _ in el.iter("{*}Coding")))
        elif tag == "Notes":
            if local(el.tag) == "Note" and el.get("guid"):
                note = self._note(el)
                q.notes[note.guid] = note
        elif tag == "Sets":
            q.sets = [self._set(s) for s in el if local(s.tag) == "Set" and s.get("guid")]
        elif tag == "Description":
            q.description = el.text or ""
        elif tag == "NoteRef":
            q.project_note_guids.append(as_guid(el.get("targetGUID") or ""))
        elif tag in ("Links", "Graphs") and len(el):
            q.warnings.append(f"{len(el)} {tag.lower()} are not carried (GWOT Reader has none)")

    # -- elements -----------------------------------------------------------------------------
    def _code(self, el: Any) -> QCode:
        code = QCode(as_guid(el.get("guid") or ""), (el.get("name") or "").strip(),
                     is_category=(el.get("isCodable") or "true").strip().lower() in ("false", "0"),
                     color=(el.get("color") or "").strip())
        for c in el:
            tag = local(c.tag)
            if tag == "Description":
                code.description = c.text or ""
            elif tag == "NoteRef":
                code.note_guids.append(as_guid(c.get("targetGUID") or ""))
            elif tag == "Code":
                code.children.append(self._code(c))
        return code

    def _text(self, el: Any, what: str) -> tuple[bytes | str | None, str]:
        """A text source's stored text (PlainTextContent or plainTextPath) and a problem."""
        content = el.find("{*}PlainTextContent")  # not a walk over every selection
        if content is not None:
            return content.text or "", ""
        ref = el.get("plainTextPath") or ""
        if not ref:
            return None, f"{what} has neither PlainTextContent nor plainTextPath"
        member = self.archive.find(ref)
        if member is None:
            return None, f"{what}: its text {ref!r} is not in the archive"
        # decoded (and a text that is not UTF-8 reported) once, where it is used
        return self.archive.read(member), ""

    def _text_source(self, el: Any, kind: str = "text") -> QSource:
        guid = as_guid(el.get("guid") or "")
        name = (el.get("name") or "").strip() or guid
        src = QSource(guid, name, kind, user_guid=as_guid(el.get("creatingUser") or ""),
                      created=parse_datetime(el.get("creationDateTime") or ""))
        src.stored, src.problem = self._text(el, f"source {name!r}")
        rich = el.get("richTextPath")
        if rich:
            member = self.archive.find(rich)
            if member:
                src.original, src.original_ext = self.archive.read(member), _ext(member)
        if src.original is None and kind == "text":
            # our own export keeps other originals (Markdown, HTML, EPUB, ...) beside the text
            for member in self.archive.beside(guid):
                if member.casefold() != f"sources/{guid}.txt".casefold():
                    src.original, src.original_ext = self.archive.read(member), _ext(member)
                    break
        if src.stored is None and src.original is not None and src.original_ext == ".docx":
            src.problem = ""  # text made from the DOCX at import
        self._children(el, src, src.selections)
        return src

    def _pdf_source(self, el: Any) -> QSource:
        guid = as_guid(el.get("guid") or "")
        name = (el.get("name") or "").strip() or guid
        rep = next((c for c in el if local(c.tag) == "Representation"), None)
        if rep is not None:
            src = self._text_source(rep, "pdf")
            src.guid, src.name = guid, name
        else:
            src = QSource(guid, name, "pdf")
            src.problem = f"PDF source {name!r} has no text representation"
        member = self.archive.find(el.get("path") or "")
        if member:
            src.original, src.original_ext = self.archive.read(member), ".pdf"
        self._children(el, src, src.selections)
        return src

    def _children(self, el: Any, src: QSource, selections: list[QSelection]) -> None:
        whole: list[QCoding] = []
        select = self._selection
        children: Any = el
        fast = _fast_selections(el)
        if fast is not None:
            selections.extend(fast)
            # the other children, matched in C (no Python object for each selection)
            children = el.iterchildren(*_OTHERS) if len(el) > len(fast) else ()
        for c in children:
            tag = _LOCAL.get(c.tag) or local(c.tag)
            if tag == "PlainTextSelection":
                selections.append(select(c))
            elif tag == "PDFSelection":
                sel = select(c)
                sel.page = _int(c.get("page"))
                box = [_int(c.get(a)) for a in ("firstX", "firstY", "secondX", "secondY")]
                sel.box = (float(box[0]), float(box[1]), float(box[2]), float(box[3]))
                selections.append(sel)
            elif tag == "Coding":
                whole.append(self._coding(c))
            elif tag == "NoteRef":
                src.note_guids.append(as_guid(c.get("targetGUID") or ""))
            elif tag == "Description" and not src.description:
                src.description = c.text or ""
            elif tag == "VariableValue":
                self._variable(c, src)
        if whole:  # codings of the whole source
            selections.append(QSelection(src.guid, 0, -1, codings=whole))

    def _selection(self, el: Any) -> QSelection:
        """A selection in any shape (the usual one is read by ``_fast_selections``)."""
        get = el.get
        sel = QSelection(_guid(get("guid")), _int(get("startPosition")), _int(get("endPosition")),
                         get("name") or "", _guid(get("creatingUser")),
                         _date(get("creationDateTime")), _date(get("modifiedDateTime")))
        for c in el:
            tag = _LOCAL.get(c.tag) or local(c.tag)
            if tag == "Coding":
                sel.codings.append(self._coding(c))
            elif tag == "NoteRef":
                sel.note_guids.append(_guid(c.get("targetGUID")))
        return sel

    def _coding(self, el: Any) -> QCoding:
        get = el.get
        coding = QCoding(_guid(get("guid")), "", _guid(get("creatingUser")),
                         _date(get("creationDateTime")))
        for c in el:
            tag = _LOCAL.get(c.tag) or local(c.tag)
            if tag == "CodeRef":
                coding.code_guid = _guid(c.get("targetGUID"))
            elif tag == "NoteRef":
                coding.note_guids.append(_guid(c.get("targetGUID")))
        return coding

    def _note(self, el: Any) -> QNote:
        guid = as_guid(el.get("guid") or "")
        stored, problem = self._text(el, f"note {el.get('name') or guid!r}")
        if problem:
            self.q.warnings.append(problem)
        text, warning = decode_source(stored) if isinstance(stored, bytes) else (stored, "")
        if warning:
            self.q.warnings.append(f"note {el.get('name') or guid!r} {warning}")
        return QNote(guid, (el.get("name") or "").strip(), text or "",
                     as_guid(el.get("creatingUser") or ""),
                     parse_datetime(el.get("creationDateTime") or ""),
                     parse_datetime(el.get("modifiedDateTime") or ""))

    def _set(self, el: Any) -> QSet:
        s = QSet(as_guid(el.get("guid") or ""), (el.get("name") or "").strip())
        for c in el:
            tag, target = local(c.tag), as_guid(c.get("targetGUID") or "")
            if tag == "Description":
                s.description = c.text or ""
            elif tag == "MemberSource":
                s.source_guids.append(target)
            elif tag == "MemberCode":
                s.code_guids.append(target)
            elif tag == "MemberNote":
                s.note_guids.append(target)
        return s

    def _value(self, el: Any) -> tuple[QVariable | None, str]:
        """A VariableValue: its declared variable (None if undeclared) and its text."""
        var, value = None, ""
        for c in el:
            tag = local(c.tag)
            if tag == "VariableRef":
                var = self.variables.get(as_guid(c.get("targetGUID") or ""))
            elif tag.endswith("Value"):
                value = (c.text or "").strip()
        if var is None:
            self.undeclared += 1
        return var, value

    def _variable(self, el: Any, src: QSource) -> None:
        var, value = self._value(el)
        if var is not None:
            src.variables[var.name] = value
            src.values[var.guid] = value

    def _case(self, el: Any) -> QCase:
        case = QCase(as_guid(el.get("guid") or ""), (el.get("name") or "").strip())
        refs = [0, 0]  # its CodeRefs and SelectionRefs: counted for the report, not carried
        for c in el:
            tag = local(c.tag)
            if tag == "SourceRef":
                case.source_guids.append(as_guid(c.get("targetGUID") or ""))
            elif tag == "VariableValue":
                var, value = self._value(c)
                if var is not None:
                    case.values[var.guid] = value
            elif tag in ("CodeRef", "SelectionRef"):
                refs[tag == "SelectionRef"] += 1
        if any(refs):
            self.case_refs = [refs[0] + self.case_refs[0], refs[1] + self.case_refs[1],
                              self.case_refs[2] + 1]
        return case


# The fast path of the hot loop: a source whose selections each have one Coding with one
# CodeRef and no NoteRefs (every writer's usual shape) is read as columns of attributes by
# XPath in C, without a Python object per element (that was 3 s of a 100,000-coding import).
_OTHERS = [f"{{*}}{t}" for t in ("PDFSelection", "Coding", "NoteRef", "Description", "VariableValue")]
_SEL_ATTRS = ("guid", "startPosition", "endPosition", "name", "creatingUser", "creationDateTime",
              "modifiedDateTime")


@cache
def _xpaths() -> tuple[Any, list[Any]]:
    """(counts, attribute columns), compiled once, lxml loaded lazily."""
    from lxml import etree

    ns = {"q": "urn:QDA-XML:project:1.0"}
    counts = etree.XPath("concat(count(q:PlainTextSelection), ' ', "
                         # each selection exactly one Coding, each with exactly one CodeRef:
                         # equal totals alone let two codings on one selection hide an empty one
                         "count(q:PlainTextSelection[count(q:Coding) = 1]), ' ', "
                         "count(q:PlainTextSelection/q:Coding[count(q:CodeRef) = 1]), ' ', "
                         "count(q:PlainTextSelection/q:NoteRef) + "
                         "count(q:PlainTextSelection/q:Coding/q:NoteRef))", namespaces=ns)
    columns = [etree.XPath(f"q:PlainTextSelection/@{a}", namespaces=ns, smart_strings=False)
               for a in _SEL_ATTRS] + [
        etree.XPath(f"q:PlainTextSelection/q:Coding/@{a}", namespaces=ns, smart_strings=False)
        for a in ("guid", "creatingUser", "creationDateTime")] + [
        etree.XPath("q:PlainTextSelection/q:Coding/q:CodeRef/@targetGUID", namespaces=ns,
                    smart_strings=False)]
    return counts, columns


def _fast_selections(el: Any) -> list[QSelection] | None:
    """The PlainTextSelections of a source read as columns, or None if its shape needs the
    element-by-element reader (another namespace, several codings, notes, missing parts)."""
    if not el.tag.startswith("{urn:QDA-XML:project:1.0}"):
        return None
    counts, columns = _xpaths()
    n, codings, refs, notes = (int(float(x)) for x in counts(el).split())
    if n == 0 or codings != n or refs != n or notes:
        return None
    cols = [x(el) for x in columns]
    for i, col in enumerate(cols):
        if len(col) != n:
            if col or i in (0, 1, 2, 10):  # an attribute on some selections only
                return None
            cols[i] = [""] * n
    out = []
    for g, s, e, name, u, cr, mo, cg, cu, ccr, code in zip(*cols, strict=True):
        out.append(QSelection(
            g.upper() if len(g) == 36 and g[8] == "-" else as_guid(g), _int(s), _int(e), name,
            (u.upper() if len(u) == 36 and u[8] == "-" else as_guid(u)) if u else "",
            (cr if len(cr) == 24 and cr[19] == "." and cr[-1] == "Z" else parse_datetime(cr))
            if cr else "",
            (mo if len(mo) == 24 and mo[19] == "." and mo[-1] == "Z" else parse_datetime(mo))
            if mo else "",
            [QCoding(cg.upper() if len(cg) == 36 and cg[8] == "-" else as_guid(cg),
                     code.upper() if len(code) == 36 and code[8] == "-" else as_guid(code),
                     (cu.upper() if len(cu) == 36 and cu[8] == "-" else as_guid(cu)) if cu else "",
                     (ccr if len(ccr) == 24 and ccr[19] == "." and ccr[-1] == "Z"
                      else parse_datetime(ccr)) if ccr else "", [])], []))
    return out


def _guid(value: str | None) -> str:
    return value.upper() if value and len(value) == 36 and value[8] == "-" else as_guid(value or "")


def _date(value: str | None) -> str:
    if not value:
        return ""
    return value if len(value) == 24 and value[-1] == "Z" and value[19] == "." else parse_datetime(value)


def _int(value: str | None) -> int:
    try:
        return int((value or "0").strip())
    except ValueError:
        return -1


def _ext(member: str) -> str:
    return posixpath.splitext(member)[1].lower()
