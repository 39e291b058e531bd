"""A REFI-QDA project as read from a .qdpx, before anything touches the project file."""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field


def decode_source(data: bytes) -> tuple[str, str]:
    """Text of a stored source as written (line breaks kept, BOM dropped) and a warning."""
    for bom, enc in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                     (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(enc), ""
            except UnicodeDecodeError:
                break
    try:
        return data.decode("utf-8"), ""
    except UnicodeDecodeError:
        return data.decode("utf-8", errors="replace"), "is not UTF-8; unreadable bytes show as \ufffd"


@dataclass(slots=True)
class QCode:
    guid: str
    name: str
    is_category: bool = False
    color: str = ""
    description: str = ""
    note_guids: list[str] = field(default_factory=list)
    children: list[QCode] = field(default_factory=list)


@dataclass(slots=True)
class QCoding:
    """One <Coding> of a selection: a code applied to the selection's span."""

    guid: str
    code_guid: str
    user_guid: str = ""
    created: str = ""
    note_guids: list[str] = field(default_factory=list)


@dataclass(slots=True)
class QSelection:
    """A PlainTextSelection (positions in the file's unit) or a PDFSelection (a box on a page)."""

    guid: str
    start: int = 0
    end: int = 0
    name: str = ""  # some tools write the quoted text here: used to check the span
    user_guid: str = ""
    created: str = ""
    modified: str = ""
    codings: list[QCoding] = field(default_factory=list)
    note_guids: list[str] = field(default_factory=list)
    page: int = 0  # PDFSelection: page (from 1) and box in points
    box: tuple[float, float, float, float] | None = None


@dataclass(slots=True)
class QSource:
    """A text source (or the text representation of a PDF) with its selections."""

    guid: str
    name: str
    kind: str = "text"  # "text" or "pdf"
    # the stored text: bytes from the archive (decoded when needed, as a str of text with emoji
    # takes four bytes a character) or the PlainTextContent
    stored: bytes | str | None = None
    original: bytes | None = None  # the DOCX or PDF beside it, or our own original
    original_ext: str = ""
    description: str = ""
    variables: dict[str, str] = field(default_factory=dict)  # variable name -> value
    values: dict[str, str] = field(default_factory=dict)  # variable GUID -> value as written
    selections: list[QSelection] = field(default_factory=list)
    note_guids: list[str] = field(default_factory=list)
    user_guid: str = ""
    created: str = ""
    problem: str = ""  # why the source cannot be imported, if it cannot

    def raw_text(self) -> str | None:
        """The text as stored (BOM dropped, line breaks kept)."""
        return self.decoded()[0]

    def decoded(self) -> tuple[str | None, str]:
        """The text as stored and a warning if it is not UTF-8."""
        if self.stored is None or isinstance(self.stored, str):
            return self.stored, ""
        return decode_source(self.stored)


@dataclass(slots=True)
class QNote:
    guid: str
    name: str = ""
    text: str = ""
    user_guid: str = ""
    created: str = ""
    modified: str = ""


@dataclass(slots=True)
class QVariable:
    guid: str
    name: str
    type: str = "Text"  # typeOfVariable: Text, Boolean, Integer, Float, Date or DateTime
    description: str = ""


@dataclass(slots=True)
class QCase:
    """A case: sources (SourceRef) sharing variable values (how NVivo and MAXQDA attach them)."""

    guid: str
    name: str
    source_guids: list[str] = field(default_factory=list)
    values: dict[str, str] = field(default_factory=dict)  # variable GUID -> value as written


@dataclass(slots=True)
class QSet:
    guid: str
    name: str
    description: str = ""
    source_guids: list[str] = field(default_factory=list)
    code_guids: list[str] = field(default_factory=list)
    note_guids: list[str] = field(default_factory=list)


@dataclass(slots=True)
class QProject:
    name: str = ""
    origin: str = ""
    user_guid: str = ""
    users: dict[str, str] = field(default_factory=dict)  # GUID -> name
    codes: list[QCode] = field(default_factory=list)
    sources: list[QSource] = field(default_factory=list)
    notes: dict[str, QNote] = field(default_factory=dict)
    project_note_guids: list[str] = field(default_factory=list)
    sets: list[QSet] = field(default_factory=list)
    variables: list[QVariable] = field(default_factory=list)
    cases: list[QCase] = field(default_factory=list)
    description: str = ""
    unpacked_bytes: int = 0
    warnings: list[str] = field(default_factory=list)

    def all_codes(self) -> list[QCode]:
        out: list[QCode] = []
        stack = list(reversed(self.codes))
        while stack:
            c = stack.pop()
            out.append(c)
            stack.extend(reversed(c.children))
        return out

    def counts(self) -> dict[str, int]:
        sels = [s for src in self.sources for s in src.selections]
        return {"sources": len(self.sources), "codes": len(self.all_codes()),
                "selections": len(sels), "codings": sum(len(s.codings) for s in sels),
                "notes": len(self.notes), "users": len(self.users), "sets": len(self.sets),
                "variables": len(self.variables), "cases": len(self.cases)}
