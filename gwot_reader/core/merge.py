"""Merging one coder's project into another: what matches, what is added, what conflicts.

Documents match by GUID, then by the SHA-256 of their text; codes by GUID, then by path
(case-insensitive); codings and memos by GUID. The plan is computed here, without SQL; the
store applies it in one transaction. Rules for conflicts:

- a document whose text differs under the same GUID: ``both`` (the default) keeps both (the
  source's version is added as a new document with a new GUID, and its codings go with it),
  because a coding's positions only mean something in the text it was made on; ``target``
  keeps the target's text and moves the source's codings onto it through the passages both
  texts share, or keeps both when a coding's passage is not in the target's text;
- a code renamed or moved on one side, or with a different definition, colour or memo, and a
  coding or memo with the same GUID but different content: ``target`` keeps the target's
  version, ``source`` takes the source's (the default is ``prefer``).

Each conflict can be decided on its own: ``choices`` maps a conflict's ``key`` (kind and GUID),
or a GUID (every conflict about it), to one of the conflict's ``options``. Whatever is chosen,
every coding of the source ends up in the target exactly once (by GUID).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import NamedTuple

from gwot_reader.core.errors import ConflictError, GwotError
from gwot_reader.core.textmap import SpanMap, span_mapper
from gwot_reader.core.words import plural

PREFER = ("target", "source")
CHOICES = ("target", "source", "both")
DOCUMENT_TEXT = "document text"
# (target document GUID, source document GUID) -> (target's text, source's text)
Texts = Callable[[str, str], tuple[str, str]]
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
    guid: str = ""  # the source's GUID of what conflicts
    options: tuple[str, ...] = PREFER  # what may be chosen (CHOICES)
    choice: str = "target"  # what was applied

    @property
    def key(self) -> str:
        """What ``choices`` names this conflict by: its kind and GUID."""
        return f"{self.kind}:{self.guid}"

    def line(self) -> str:
        guid = f" [{self.guid}]" if self.guid else ""
        return f"conflict ({self.kind}): {self.subject}{guid}: {self.detail}; {self.resolution}"


def choose(choices: Mapping[str, str], kind: str, guid: str, default: str,
           options: tuple[str, ...] = PREFER) -> str:
    """The choice for one conflict: by its key, else by its GUID, else ``default``; a choice
    the conflict does not offer is refused."""
    value = choices.get(f"{kind}:{guid}", choices.get(guid, default))
    if value not in options:
        raise GwotError(f"{kind} {guid}: choose {' or '.join(options)}, not {value!r}")
    return value


def _kept(choice: str) -> str:
    return "target's kept" if choice == "target" else "source's taken"


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
                f"there; {plural(len(self.conflicts), 'conflict')}")

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
               source_label: str = "source", choices: Mapping[str, str] | None = None,
               texts: Texts | None = None) -> MergePlan:
    """How ``source`` goes into ``target``; see the module's docstring for the rules.

    ``texts`` gives both versions of a document whose text differs, needed only where keeping
    the target's text is chosen (without it, both are kept)."""
    if prefer not in PREFER:
        raise ValueError(f"prefer must be one of {', '.join(PREFER)}")
    plan = MergePlan()
    rules = _Rules(choices or {}, prefer)
    doc_map, moved = _plan_documents(plan, target, source, source_label, rules, texts)
    code_map = _plan_codes(plan, target, source, rules)
    _plan_codings(plan, target, source, doc_map, code_map, rules, moved)
    _plan_memos(plan, target, source, doc_map, code_map, rules)
    return plan


@dataclass(frozen=True, slots=True)
class _Rules:
    choices: Mapping[str, str]
    prefer: str

    def __call__(self, kind: str, guid: str) -> str:
        return choose(self.choices, kind, guid, self.prefer)


def _plan_documents(plan: MergePlan, target: Snapshot, source: Snapshot, label: str, rules: _Rules,
                    texts: Texts | None) -> tuple[dict[str, str], dict[str, SpanMap]]:
    by_guid = {d.guid: d for d in target.documents}
    by_sha: dict[str, DocRef] = {}
    for d in target.documents:
        by_sha.setdefault(d.sha256, d)
    doc_map: dict[str, str] = {}
    moved: dict[str, SpanMap] = {}  # source document GUID -> its codings' way onto the target's text
    spans: dict[str, list[tuple[int, int]]] | None = None
    merged_before = _merged_onto_target(target, source)
    for d in source.documents:
        mine = by_guid.get(d.guid)
        if mine is not None and mine.sha256 == d.sha256:
            plan.documents_matched.append((d, mine.guid, "GUID"))
            doc_map[d.guid] = mine.guid
        elif mine is not None and d.sha256 in by_sha:  # both kept by an earlier merge
            other = by_sha[d.sha256]
            plan.documents_matched.append((d, other.guid, f"{other.name} by its text"))
            doc_map[d.guid] = other.guid
        elif mine is not None:
            # its codings all here already: an earlier merge kept the target's text and moved
            # them onto it, so the same again (adding nothing) is the default
            default = "target" if d.guid in merged_before else "both"
            choice = choose(rules.choices, DOCUMENT_TEXT, d.guid, default, ("both", "target"))
            detail = f"the text differs from the target's {mine.name!r} under the same GUID"
            lost = 0
            if choice == "target" and texts is not None:
                if spans is None:  # the source's codings by document, once
                    spans = {}
                    for c in source.codings:
                        spans.setdefault(c.document_guid, []).append((c.start, c.end))
                mapper = span_mapper(*reversed(texts(mine.guid, d.guid)))
                lost = sum(mapper(s, e) is None for s, e in spans.get(d.guid, ()))
                if not lost:
                    moved[d.guid] = mapper
                    doc_map[d.guid] = mine.guid
                    plan.documents_matched.append((d, mine.guid, f"{mine.name} (its text kept)"))
                    plan.conflicts.append(Conflict(
                        DOCUMENT_TEXT, d.name, detail, f"target's text kept: {label}'s codings "
                        "moved onto it", d.guid, ("both", "target"), "target"))
                    continue
            new = str(uuid.uuid4()).upper()
            why = (f" ({lost} of {label}'s codings are on passages not in the target's text)"
                   if lost else "")
            plan.conflicts.append(Conflict(
                DOCUMENT_TEXT, d.name, detail,
                f"both kept: {label}'s version added as a new document{why}", d.guid,
                ("both", "target"), "both"))
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
    return doc_map, moved


def _merged_onto_target(target: Snapshot, source: Snapshot) -> set[str]:
    """GUIDs of the source's documents that have codings, every one of them already in the
    target under the same GUID (what a merge keeping the target's text leaves behind)."""
    have = {c.guid for c in target.codings}
    coded: set[str] = set()
    missing: set[str] = set()
    for c in source.codings:
        coded.add(c.document_guid)
        if c.guid not in have:
            missing.add(c.document_guid)
    return coded - missing


def _plan_codes(plan: MergePlan, target: Snapshot, source: Snapshot, rules: _Rules) -> dict[str, str]:
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
        if mine.is_category != c.is_category:
            kind = "a category" if mine.is_category else "a code"
            raise ConflictError(f"the code {path!r} is {kind} in the target but not in the source; "
                                "make them the same kind in one project before merging")
        mine_path = target_paths[mine.guid]
        moved = how == "GUID" and (mine.name != c.name or mine.parent_guid != parent)
        take_place = take_fields = False
        if moved:
            kind = "code moved or renamed"
            take_place = rules(kind, c.guid) == "source"
            plan.conflicts.append(Conflict(kind, path, f"the target has it as {mine_path!r}",
                                           _kept(rules(kind, c.guid)), c.guid,
                                           choice=rules(kind, c.guid)))
        if c.fields != mine.fields:
            kind = "code content"
            take_fields = rules(kind, c.guid) == "source"
            plan.conflicts.append(Conflict(kind, path, "its colour, definition or memo differs",
                                           _kept(rules(kind, c.guid)), c.guid,
                                           choice=rules(kind, c.guid)))
        if take_place or take_fields:
            plan.code_updates.append(CodeRef(
                mine.guid, c.name if take_place else mine.name,
                parent if take_place else mine.parent_guid, c.is_category,
                c.fields if take_fields else mine.fields))
    return code_map


def _plan_codings(plan: MergePlan, target: Snapshot, source: Snapshot, doc_map: dict[str, str],
                  code_map: dict[str, str], rules: _Rules, moved: dict[str, SpanMap]) -> None:
    by_guid = {c.guid: c for c in target.codings}
    for c in source.codings:
        doc, code = doc_map[c.document_guid], code_map[c.code_guid]
        mapper = moved.get(c.document_guid)
        if mapper is not None:  # onto the target's version of the text (checked to map)
            span = mapper(c.start, c.end) or (c.start, c.end)
            mapped = CodingRef(c[0], doc, code, *span, *c[5:])
        else:
            # (a new tuple, not _replace: that costs five times as much, once per coding)
            mapped = c if (doc, code) == (c.document_guid, c.code_guid) else \
                CodingRef(c[0], doc, code, *c[3:])
        mine = by_guid.get(c.guid)
        if mine is None:
            plan.codings_added.append(mapped)
        elif mine.content() == mapped.content():
            plan.codings_matched += 1
        else:
            choice = rules("coding", c.guid)
            plan.conflicts.append(Conflict(
                "coding", c.guid, "the same coding differs in span, code, coder or memo",
                _kept(choice), c.guid, choice=choice))
            if choice == "source":
                plan.coding_updates.append(mapped)


def _plan_memos(plan: MergePlan, target: Snapshot, source: Snapshot, doc_map: dict[str, str],
                code_map: dict[str, str], rules: _Rules) -> None:
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
            choice = rules("memo", m.guid)
            plan.conflicts.append(Conflict("memo", m.title or m.guid, "its text differs",
                                           _kept(choice), m.guid, choice=choice))
            if choice == "source":
                plan.memo_updates.append(mapped)


__all__ = ["CHOICES", "CODE_FIELDS", "DOCUMENT_TEXT", "PREFER", "CodeRef", "CodingRef", "Conflict",
           "DocRef", "MemoRef", "MergePlan", "Snapshot", "Texts", "choose", "code_paths",
           "plan_merge"]
