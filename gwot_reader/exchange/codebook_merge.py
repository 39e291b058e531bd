"""Merging an imported codebook into a project: match by GUID, then by path; add the rest."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from gwot_reader.core.errors import ImportError_
from gwot_reader.core.model import Code
from gwot_reader.store import Project

_GUID = re.compile(r"\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?")


def normalise_guid(value: str, where: str) -> str:
    """A GUID with or without braces, in any case -> upper case without braces ('' stays '')."""
    value = value.strip()
    if not value:
        return ""
    m = _GUID.fullmatch(value)
    if m is None:
        raise ImportError_(f"{where}: {value!r} is not a GUID like 5215CC69-B628-4E02-AFB9-9BEEAEE55808")
    return m.group(1).upper()


@dataclass
class MergeReport:
    """What an import did, by code path."""

    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    not_in_file: list[str] = field(default_factory=list)  # the project's codes the file lacks
    _matched: set[int] = field(default_factory=set, repr=False)

    def summary(self) -> str:
        text = (f"{len(self.added)} added, {len(self.changed)} changed, "
                f"{len(self.unchanged)} left as they were")
        n = len(self.not_in_file)
        if n:
            text += (" (1 code of the project is not in the file and was kept)" if n == 1 else
                     f" ({n} codes of the project are not in the file and were kept)")
        return text

    def details(self) -> list[str]:
        """One line per added or changed code, for a log or a dialog."""
        return [f"added {p}" for p in self.added] + [f"changed {p}" for p in self.changed]


@dataclass
class CodeEntry:
    """One code as a file describes it; ``fields`` holds only what the file gives."""

    name: str
    guid: str = ""
    fields: dict[str, Any] = field(default_factory=dict)
    where: str = ""  # "line 7", "code 'Economy'": for messages


class CodebookMerger:
    """Merges codes one by one into a project; the caller holds the transaction.

    Paths are looked up in an index built once and kept up to date, so that merging a
    codebook of n codes costs O(n) lookups rather than a tree rebuild per code.
    """

    def __init__(self, project: Project) -> None:
        self.project = project
        self.report = MergeReport()
        self._paths: dict[int, str] = {}  # code id -> path
        self._by_path: dict[str, int] = {}  # casefolded path -> code id
        self._stale = True

    def _index(self) -> None:
        if self._stale:
            tree = self.project.codebook.tree()
            self._paths = {c.id: tree.path(c.id) for c in tree}
            self._by_path = {p.casefold(): i for i, p in reversed(self._paths.items())}
            self._stale = False

    def path_of(self, code: Code) -> str:
        self._index()
        return self._paths[code.id]

    def resolve(self, ref: str) -> Code | None:
        """A code by path, else by a name only one code has (see CodebookTree.resolve)."""
        self._index()
        code_id = self._by_path.get(ref.strip().casefold())
        if code_id is not None:
            return self.project.codebook.get(code_id)
        return self.project.codebook.tree().resolve(ref)

    def merge(self, entry: CodeEntry, parent: Code | None) -> Code:
        """Add or update one code under ``parent`` (a project code, or None: the top level)."""
        project, report = self.project, self.report
        path = f"{self.path_of(parent)}/{entry.name}" if parent else entry.name
        existing = project.codebook.find_by_guid(entry.guid) if entry.guid else None
        if existing is None:
            self._index()
            found = self._by_path.get(path.casefold())
            existing = project.codebook.get(found) if found is not None else None
        parent_id = parent.id if parent else None
        if existing is None:
            code = project.codebook.add(entry.name, parent_id, guid=entry.guid or None, **entry.fields)
            report.added.append(path)
            report._matched.add(code.id)
            self._paths[code.id] = path
            self._by_path.setdefault(path.casefold(), code.id)
            return code
        if existing.id in report._matched:
            raise ImportError_(f"{entry.where}: {path!r} is in the file twice")
        report._matched.add(existing.id)
        fields = dict(entry.fields)
        if existing.name != entry.name:
            fields["name"] = entry.name
        diff = {k: v for k, v in fields.items() if getattr(existing, k) != v}
        if diff:
            project.codebook.update(existing.id, **diff)
        if parent_id != existing.parent_id:
            project.codebook.move(existing.id, parent_id)
            diff["parent"] = parent_id
        if "name" in diff or "parent" in diff:
            self._stale = True  # its path and those of the codes below it changed
        (report.changed if diff else report.unchanged).append(path)
        return project.codebook.get(existing.id)

    def finish(self) -> MergeReport:
        """The report, noting the project's codes that the file did not mention (they are kept)."""
        self._index()
        self.report.not_in_file = [p for i, p in self._paths.items()
                                   if i not in self.report._matched]
        return self.report


def normalise_colour(value: str, where: str) -> str:
    """``#rgb``, ``#rrggbb`` or without ``#`` -> ``#RRGGBB``; anything else is an error."""
    v = value.strip()
    if not v.startswith("#"):
        v = "#" + v
    if len(v) not in (4, 7) or any(ch not in "0123456789abcdefABCDEF" for ch in v[1:]):
        raise ImportError_(f"{where}: {value!r} is not a colour like #RRGGBB")
    if len(v) == 4:
        v = "#" + "".join(ch * 2 for ch in v[1:])
    return v.upper()
