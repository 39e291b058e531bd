"""Plain records for documents, codes, codings, coders, memos and history entries."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Document:
    """A document's metadata; its text is fetched separately (it can be megabytes)."""

    id: int
    guid: str
    name: str
    title: str = ""
    authors: str = ""
    year: int | None = None
    kind: str = ""
    source_name: str = ""
    media_type: str = "text/plain"
    sha256: str = ""
    imported: str = ""
    length: int = 0
    notes: str = ""
    ord: int = 0


@dataclass(frozen=True, slots=True)
class Code:
    """A node of the codebook tree: a category (folder) or a code that can be applied."""

    id: int
    guid: str
    name: str
    parent_id: int | None = None
    is_category: bool = False
    color: str = "#888888"
    definition: str = ""
    use_when: str = ""
    do_not_use_when: str = ""
    example: str = ""
    memo: str = ""
    ord: int = 0


@dataclass(frozen=True, slots=True)
class Coding:
    """A code applied to the code-point span ``[start, end)`` of a document."""

    id: int
    guid: str
    document_id: int
    code_id: int
    start: int
    end: int
    text: str = ""
    coder: str = ""
    memo: str = ""
    created: str = ""
    modified: str = ""

    @property
    def length(self) -> int:
        return self.end - self.start


@dataclass(frozen=True, slots=True)
class Coder:
    id: int
    guid: str
    name: str


@dataclass(frozen=True, slots=True)
class Memo:
    """A free-standing memo: on the project, or on a document, code or coding (by its GUID)."""

    id: int
    guid: str
    target_kind: str = "project"  # "project", "document", "code" or "coding"
    target_guid: str = ""
    title: str = ""
    text: str = ""
    coder: str = ""
    created: str = ""
    modified: str = ""


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One line of the append-only audit trail."""

    id: int
    at: str
    coder: str
    action: str
    entity: str
    entity_guid: str
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Change:
    """What one user action changed, so views refresh only what they show."""

    kind: str  # "documents", "codebook", "codings", "memos"
    document_ids: frozenset[int] = frozenset()
    code_ids: frozenset[int] = frozenset()
    coding_ids: frozenset[int] = frozenset()
