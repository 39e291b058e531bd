"""Merging one coder's project into another: what matches, what is added, what conflicts.

Documents match by GUID, then by the SHA-256 of their text; codes by GUID, then by path
(case-insensitive); codings and memos by GUID. The plan is computed here, without SQL; the
store applies it in one transaction. Rules for conflicts:

- a document whose text differs under the same GUID: both are kept (the source's version is
  added as a new document with a new GUID, and its codings go with it), because a coding's
  positions only mean something in the text it was made on;
- a code renamed or moved on one side, or with a different definition, colour or memo, and a
  coding or memo with the same GUID but different content: ``prefer="target"`` keeps the
  target's version, ``prefer="source"`` takes the source's.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from typing import NamedTuple

from gwot_reader.core.errors import ConflictError

PREFER = ("target", "source")
CODE_FIELDS = ("color", "definition", "use_when", "do_not_use_when", "example", "memo")


@dataclass(frozen=True, slots=True)
class DocRef:
    guid: str
    name: str
    sha256: str


@dataclass(frozen=True, slots=True)
class CodeRef:
    guid: str
    name: str
    parent_guid: str | None
    is_category: bool = False
    fields: tuple[str, ...] = ("#888888", "", "", "", "", "")  # in CODE_FIELDS order


class CodingRef(NamedTuple):
    """A coding by GUIDs (a tuple: 100,000 of them are made in a tenth of a second)."""

    guid: str
    document_guid: str
    code_guid: str
    start: int
    end: int
    coder: str = ""
    memo: str = ""
    created: str = ""
    modified: str = ""

    def content(self) -> tuple[str | int, ...]:
        """What two versions of one coding must share to be the same: all but GUID and dates."""
        return self[1:7]


@dataclass(frozen=True, slots=True)
class MemoRef:
    guid: str
    target_kind: str
    target_guid: str
    title: str
    text: str
    coder: str = ""
    created: str = ""
    modified: str = ""


@dataclass
class Snapshot:
    """What a project holds, as far as merging is concerned."""

    documents: list[DocRef] = field(default_factory=list)
    codes: list[CodeRef] = field(default_factory=list)  # parents before their children
    codings: list[CodingRef] = field(default_factory=list)
    memos: list[MemoRef] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Conflict:
    kind: str  # "document text", "code moved or renamed", "code content", "coding", "memo"
    subject: str
    detail: str
    resolution: str

    def line(self) -> str:
        return f"conflict ({self.kind}): {self.subject}: {self.detail}; {self.resolution}"


@dataclass
class MergePlan:
    """What applying a source to a target does, in target GUIDs."""

    documents_added: list[tuple[DocRef, str]] = field(default_factory=list)  # (source doc, new GUID)
    documents_matched: list[tuple[DocRef, str, str]] = field(default_factory=list)  # (doc, target, how)
    codes_added: list[CodeRef] = field(default_factory=list)  # parent_guid in target terms
    codes_matched: list[tuple[CodeRef, str, str]] = field(default_factory=list)
    code_updates: list[CodeRef] = field(default_factory=list)  # target GUID, source's content
    codings_added: list[CodingRef] = field(default_factory=list)
    codings_matched: int = 0
    coding_updates: list[CodingRef] = field(default_factory=list)
    memos_added: list[MemoRef] = field(default_factory=list)
    memos_matched: int = 0
    memo_updates: list[MemoRef] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)

    @property
    def changes_nothing(self) -> bool:
        return not (self.documents_added or self.codes_added or self.code_updates
                    or self.codings_added or self.coding_updates or self.memos_added
                    or self.memo_updates)

    def summary(self) -> str:
        return (f"documents: {len(self.documents_added)} added, {len(self.documents_matched)} "
                f"already there; codes: {len(self.codes_added)} added, {len(self.codes_matched)} "
                f"already there; codings: {len(self.codings_added)} added, {self.codings_matched} "
                f"already there; memos: {len(self.memos_added)} added, {self.memos_matched} already "
                f"there; {len(self.conflicts)} conflicts")

    def details(self) -> list[str]:
        lines = [f"add document {d.name}" for d, _ in self.documents_added]
        lines += [f"document {d.name} matches {how}" for d, _, how in self.documents_matched
                  if how != "GUID"]
        lines += [f"add code {c.name}" for c in self.codes_added]
        lines += [c.line() for c in self.conflicts]
        return lines


def code_paths(codes: list[CodeRef]) -> dict[str, str]:
    """GUID -> path ("Themes/Trust deficit") of every code."""
    by_guid = {c.guid: c for c in codes}
    paths: dict[str, str] = {}

    def path(guid: str, seen: frozenset[str] = frozenset()) -> str:
        if guid not in paths:
            c = by_guid[guid]
            up = c.parent_guid
            parent = path(up, seen | {guid}) + "/" if up in by_guid and up not in seen else ""
            paths[guid] = parent + c.name
        return paths[guid]

    for c in codes:
        path(c.guid)
    return paths


def plan_merge(target: Snapshot, source: Snapshot, prefer: str = "target",
               source_label: str = "source") -> MergePlan:
    """How ``source`` goes into ``target``; see the module's docstring for the rules."""
    if prefer not in PREFER:
        raise ValueError(f"prefer must be one of {', '.join(PREFER)}")
    plan = MergePlan()
    doc_map = _plan_documents(plan, target, source, source_label)
    code_map = _plan_codes(plan, target, source, prefer)
    _plan_codings(plan, target, source, doc_map, code_map, prefer)
    _plan_memos(plan, target, source, doc_map, code_map, prefer)
    return plan


def _plan_documents(plan: MergePlan, target: Snapshot, source: Snapshot, label: str) -> dict[str, str]:
    by_guid = {d.guid: d for d in target.documents}
    by_sha: dict[str, DocRef] = {}
    for d in target.documents:
        by_sha.setdefault(d.sha256, d)
    doc_map: dict[str, str] = {}
    for d in source.documents:
        mine = by_guid.get(d.guid)
        if mine is not None and mine.sha256 == d.sha256:
            plan.documents_matched.append((d, mine.guid, "GUID"))
            doc_map[d.guid] = mine.guid
        elif mine is not None:
            new = str(uuid.uuid4()).upper()
            plan.conflicts.append(Conflict(
                "document text", d.name, f"the text differs from the target's {mine.name!r} "
                "under the same GUID", f"both kept: {label}'s version added as a new document"))
            plan.documents_added.append((d, new))
            doc_map[d.guid] = new
        elif d.sha256 in by_sha:
            other = by_sha[d.sha256]
            plan.documents_matched.append((d, other.guid, f"{other.name} by its text"))
            doc_map[d.guid] = other.guid
        else:
            plan.documents_added.append((d, d.guid))
            doc_map[d.guid] = d.guid
            by_sha.setdefault(d.sha256, d)
    return doc_map


def _plan_codes(plan: MergePlan, target: Snapshot, source: Snapshot, prefer: str) -> dict[str, str]:
    by_guid = {c.guid: c for c in target.codes}
    target_paths = code_paths(target.codes)
    by_path = {p.casefold(): g for g, p in target_paths.items()}
    source_paths = code_paths(source.codes)
    code_map: dict[str, str] = {}
    for c in source.codes:
        path = source_paths[c.guid]
        parent = code_map.get(c.parent_guid) if c.parent_guid else None
        mine = by_guid.get(c.guid)
        how = "GUID"
        if mine is None:
            found = by_path.get(path.casefold())
            mine = by_guid.get(found) if found else None
            how = "path"
        if mine is None:
            added = replace(c, parent_guid=parent)
            plan.codes_added.append(added)
            code_map[c.guid] = c.guid
            parent_path = target_paths.get(parent, "") if parent else ""
            target_paths[c.guid] = f"{parent_path}/{c.name}" if parent_path else c.name
            by_path.setdefault(target_paths[c.guid].casefold(), c.guid)
            by_guid[c.guid] = added
            continue
        code_map[c.guid] = mine.guid
        plan.codes_matched.append((c, mine.guid, how))
        keep = "target's kept" if prefer == "target" else "source's taken"
        if mine.is_category != c.is_category:
            kind = "a category" if mine.is_category else "a code"
            raise ConflictError(f"the code {path!r} is {kind} in the target but not in the source; "
                                "make them the same kind in one project before merging")
        mine_path = target_paths[mine.guid]
        moved = how == "GUID" and (mine.name != c.name or mine.parent_guid != parent)
        if moved:
            plan.conflicts.append(Conflict("code moved or renamed", path,
                                           f"the target has it as {mine_path!r}", f"{keep}"))
        if c.fields != mine.fields:
            plan.conflicts.append(Conflict("code content", path, "its colour, definition or memo "
                                           "differs", keep))
        if prefer == "source" and (moved or c.fields != mine.fields):
            plan.code_updates.append(replace(c, guid=mine.guid, parent_guid=parent))
    return code_map


def _plan_codings(plan: MergePlan, target: Snapshot, source: Snapshot, doc_map: dict[str, str],
                  code_map: dict[str, str], prefer: str) -> None:
    by_guid = {c.guid: c for c in target.codings}
    for c in source.codings:
        doc, code = doc_map[c.document_guid], code_map[c.code_guid]
        # (a new tuple, not _replace: that costs five times as much, once per coding)
        mapped = c if (doc, code) == (c.document_guid, c.code_guid) else \
            CodingRef(c[0], doc, code, *c[3:])
        mine = by_guid.get(c.guid)
        if mine is None:
            plan.codings_added.append(mapped)
        elif mine.content() == mapped.content():
            plan.codings_matched += 1
        else:
            plan.conflicts.append(Conflict(
                "coding", c.guid, "the same coding differs in span, code, coder or memo",
                "target's kept" if prefer == "target" else "source's taken"))
            if prefer == "source":
                plan.coding_updates.append(mapped)


def _plan_memos(plan: MergePlan, target: Snapshot, source: Snapshot, doc_map: dict[str, str],
                code_map: dict[str, str], prefer: str) -> None:
    by_guid = {m.guid: m for m in target.memos}
    for m in source.memos:
        mapped = replace(m, target_guid=doc_map.get(m.target_guid, code_map.get(m.target_guid,
                                                                                m.target_guid)))
        mine = by_guid.get(m.guid)
        if mine is None:
            plan.memos_added.append(mapped)
        elif (mine.title, mine.text) == (m.title, m.text):
            plan.memos_matched += 1
        else:
            plan.conflicts.append(Conflict("memo", m.title or m.guid, "its text differs",
                                           "target's kept" if prefer == "target" else "source's taken"))
            if prefer == "source":
                plan.memo_updates.append(mapped)


__all__ = ["CODE_FIELDS", "PREFER", "CodeRef", "CodingRef", "Conflict", "DocRef", "MemoRef",
           "MergePlan", "Snapshot", "code_paths", "plan_merge"]
