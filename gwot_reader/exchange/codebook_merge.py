"""Merging an imported codebook into a project: match by GUID, then by path; add the rest."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from gwot_reader.core.errors import ConflictError, ImportError_
from gwot_reader.core.model import Code
from gwot_reader.store import Project
from gwot_reader.store.base import given_guid

_NEW_FIELDS = {"is_category", "color", "definition", "use_when", "do_not_use_when", "example",
               "memo"}
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

    The codebook is read once; paths, GUIDs, names and sibling order are then looked up in
    indexes kept up to date as codes are added, renamed and moved, so that merging a codebook
    of n codes costs O(n) (100,000 codes took over 5 minutes when each code re-read the tree).
    A field that is empty in the file leaves the project's value alone: a merge adds and
    changes, it never erases.
    """

    def __init__(self, project: Project) -> None:
        self.project = project
        self.report = MergeReport()
        tree = project.codebook.tree()
        self._codes: dict[int, Code] = {c.id: c for c in tree}
        self._children: dict[int | None, list[int]] = {}
        for c in tree:
            self._children.setdefault(c.parent_id, []).append(c.id)
        self._paths: dict[int, str] = {c.id: tree.path(c.id) for c in tree}  # tree order
        self._by_path: dict[str, int] = {}  # casefolded path -> id; the first in tree order
        for code_id, path in self._paths.items():
            self._by_path.setdefault(path.casefold(), code_id)
        self._by_guid = {c.guid.upper(): c.id for c in tree}
        self._by_name: dict[str, set[int]] = {}
        for c in tree:
            self._by_name.setdefault(c.name.casefold(), set()).add(c.id)
        self._next_ord: dict[int | None, int] = {}
        # New codes wait here and are added together; ids are ours to give, as the caller
        # holds the write transaction.
        self._new: list[Code] = []
        self._next_id = project.codebook.max_id()

    def _flush(self) -> None:
        if self._new:
            self.project.codebook.add_many(self._new)
            self._new = []

    def path_of(self, code: Code) -> str:
        return self._paths[code.id]

    def resolve(self, ref: str) -> Code | None:
        """A code by path, else by a name only one code has (as CodebookTree.resolve)."""
        want = ref.strip().casefold()
        code_id = self._by_path.get(want)
        if code_id is not None:
            return self._codes[code_id]
        named = self._by_name.get(want, set())
        if len(named) > 1:
            paths = ", ".join(sorted(self._paths[i] for i in named))
            raise ConflictError(f"{ref!r} names more than one code ({paths}); give its path")
        return self._codes[next(iter(named))] if named else None

    def merge(self, entry: CodeEntry, parent: Code | None) -> Code:
        """Add or update one code under ``parent`` (a project code, or None: the top level)."""
        project, report = self.project, self.report
        path = f"{self._paths[parent.id]}/{entry.name}" if parent else entry.name
        found = self._by_guid.get(entry.guid.upper()) if entry.guid else None
        if found is None:
            found = self._by_path.get(path.casefold())
        parent_id = parent.id if parent else None
        fields = {k: v for k, v in entry.fields.items() if v != ""}
        if found is None:
            unknown = set(fields) - _NEW_FIELDS
            if unknown:
                raise ValueError(f"cannot set {', '.join(sorted(unknown))} of a code")
            self._next_id += 1
            code = Code(self._next_id, given_guid(entry.guid or None), entry.name, parent_id,
                        ord=self._take_ord(parent_id), **fields)
            self._new.append(code)  # written in one batch (see _flush)
            report.added.append(path)
            report._matched.add(code.id)
            self._remember(code, path)
            return code
        self._flush()  # a change below may refer to a code not yet written
        existing = self._codes[found]
        if existing.id in report._matched:
            raise ImportError_(f"{entry.where}: {path!r} is in the file twice")
        report._matched.add(existing.id)
        if existing.name != entry.name:
            fields["name"] = entry.name
        diff = {k: v for k, v in fields.items() if getattr(existing, k) != v}
        code = existing
        if diff:
            _, code = project.codebook.update(existing.id, **diff)
        if parent_id != existing.parent_id:
            _, code = project.codebook.move(existing.id, parent_id)
            diff["parent"] = parent_id
            self._moved(existing, code)
        self._codes[code.id] = code
        if "name" in diff or "parent" in diff:
            self._renamed(existing, code)
        (report.changed if diff else report.unchanged).append(path)
        return code

    def finish(self) -> MergeReport:
        """The report, noting the project's codes that the file did not mention (they are kept)."""
        self._flush()
        self.report.not_in_file = [p for i, p in self._paths.items()
                                   if i not in self.report._matched]
        return self.report

    # -- the indexes ------------------------------------------------------------------------------
    def _take_ord(self, parent_id: int | None) -> int:
        """The next free place among a parent's children (what add_code would look up)."""
        if parent_id not in self._next_ord:
            ords = [self._codes[i].ord for i in self._children.get(parent_id, ())]
            self._next_ord[parent_id] = max(ords, default=-1) + 1
        ord_ = self._next_ord[parent_id]
        self._next_ord[parent_id] = ord_ + 1
        return ord_

    def _remember(self, code: Code, path: str) -> None:
        self._codes[code.id] = code
        self._children.setdefault(code.parent_id, []).append(code.id)
        self._paths[code.id] = path
        self._by_path.setdefault(path.casefold(), code.id)
        self._by_guid[code.guid.upper()] = code.id
        self._by_name.setdefault(code.name.casefold(), set()).add(code.id)

    def _moved(self, old: Code, new: Code) -> None:
        """A code moved to another parent; move_code renumbered both sets of siblings."""
        self._children[old.parent_id].remove(old.id)
        self._children.setdefault(new.parent_id, []).append(new.id)
        for parent_id in (old.parent_id, new.parent_id):
            self._next_ord.pop(parent_id, None)
            for i in self._children.get(parent_id, ()):
                if i != new.id:
                    self._codes[i] = self.project.codebook.get(i)

    def _renamed(self, old: Code, new: Code) -> None:
        """New paths for a renamed or moved code and every code below it."""
        self._by_name[old.name.casefold()].discard(old.id)
        self._by_name.setdefault(new.name.casefold(), set()).add(new.id)
        parent_path = self._paths[new.parent_id] if new.parent_id is not None else None
        stack = [(new.id, f"{parent_path}/{new.name}" if parent_path is not None else new.name)]
        while stack:
            code_id, path = stack.pop()
            before = self._paths[code_id]
            if self._by_path.get(before.casefold()) == code_id:
                del self._by_path[before.casefold()]
            self._paths[code_id] = path
            self._by_path.setdefault(path.casefold(), code_id)
            stack.extend((child, f"{path}/{self._codes[child].name}")
                         for child in self._children.get(code_id, ()))


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
