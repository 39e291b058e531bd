"""Merging an imported codebook into a project: match by GUID, then by path; add the rest."""

from __future__ import annotations

from dataclasses import dataclass, field

from gwot_reader.core.errors import ImportError_
from gwot_reader.core.model import Code
from gwot_reader.store import Project


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
    fields: dict = field(default_factory=dict)
    where: str = ""  # "line 7", "code 'Economy'": for messages


def merge_code(project: Project, entry: CodeEntry, parent: Code | None,
               report: MergeReport) -> Code:
    """Add or update one code under ``parent`` (a code of the project, or None: top level).

    The caller holds the transaction, so a failure anywhere leaves the project unchanged.
    """
    tree = project.codebook()
    path = f"{tree.path(parent.id)}/{entry.name}" if parent else entry.name
    existing = project.find_code(entry.guid) if entry.guid else None
    if existing is None:
        existing = next((c for c in tree.by_id.values()
                         if tree.path(c.id).casefold() == path.casefold()), None)
    parent_id = parent.id if parent else None
    if existing is None:
        code = project.add_code(entry.name, parent_id, guid=entry.guid or None, **entry.fields)
        report.added.append(path)
        report._matched.add(code.id)
        return code
    if existing.id in report._matched:
        raise ImportError_(f"{entry.where}: {path!r} is in the file twice")
    report._matched.add(existing.id)
    fields = dict(entry.fields)
    if existing.name != entry.name:
        fields["name"] = entry.name
    diff = {k: v for k, v in fields.items() if getattr(existing, k) != v}
    if diff:
        project.update_code(existing.id, **diff)
    if parent_id != existing.parent_id:
        project.move_code(existing.id, parent_id)
        diff["parent"] = parent_id
    (report.changed if diff else report.unchanged).append(path)
    return project.code(existing.id)


def finish(project: Project, report: MergeReport) -> MergeReport:
    """Note the project's codes that the file did not mention (they are kept as they are)."""
    tree = project.codebook()
    report.not_in_file = [tree.path(c.id) for c in tree if c.id not in report._matched]
    return report


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
