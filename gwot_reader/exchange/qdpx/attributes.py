"""Document variables and sets between REFI-QDA and the project's tables, both ways.

REFI-QDA has six variable types, the project four: Integer and Float become numbers, Date a
date, Boolean a one-of-a-list of ``true``/``false``, DateTime and Text text. The REFI type of an
imported variable is remembered (meta ``refi_variable_types``), so that an export writes a
Float as a Float even when its values are whole and a DateTime as a DateTime. Document sets
go to the sets table; the parts of a set the table cannot hold (codes and notes as members,
as in ATLAS.ti's code groups) are kept in meta ``refi_sets`` and written back on export.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from decimal import Decimal

from gwot_reader.core.errors import GwotError
from gwot_reader.core.variables import Value, Variable, parse_value
from gwot_reader.exchange.qdpx.ids import derived
from gwot_reader.exchange.qdpx.model import QProject, QSource
from gwot_reader.store import Project
from gwot_reader.store.exchange_rows import meta_value, set_meta_value

SETS_META = "refi_sets"  # members of sets the sets table cannot hold (codes, notes)
TYPES_META = "refi_variable_types"  # variable GUID -> its typeOfVariable in the file it came from
# Document fields that travel as REFI variables with GUIDs derived from these names.
FIELDS = [("title", "Title", "Text"), ("authors", "Authors", "Text"),
          ("year", "Year", "Integer"), ("kind", "Kind", "Text")]
FIELD_GUIDS = {derived("variable", name): key for key, name, _ in FIELDS}
OURS = {"Text": "text", "Boolean": "choice", "Integer": "number", "Float": "number",
        "Date": "date", "DateTime": "text"}
BOOLEAN = ("true", "false")
# A one-of-a-list variable is a Text one in REFI-QDA: its list travels as the last paragraph
# of the variable's Description (as a code's memo does in a codebook's), a JSON list.
CHOICES = "Choices: "
_DATE = re.compile(r"\d{4}-\d\d-\d\d")
_DATETIME = re.compile(r"-?\d{4,}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?")


# -- in ---------------------------------------------------------------------------------------
def document_fields(src: QSource) -> dict[str, str]:
    """Title, authors, year and kind of a source: from our own field variables (by GUID), else
    from variables of those names (other tools' files)."""
    ours = {FIELD_GUIDS[g]: v for g, v in src.values.items() if g in FIELD_GUIDS}
    if ours:
        return ours
    by_name = {k.casefold(): v for k, v in src.variables.items()}
    return {key: by_name[key] for key, _, _ in FIELDS if key in by_name}


def _as_ours(refi_type: str, text: str) -> str:
    """A value as written in the file, in the form the project's type reads."""
    text = text.strip()
    if refi_type == "Boolean":
        return {"1": "true", "0": "false"}.get(text, text.lower())
    if refi_type == "Date" and _DATE.match(text):
        return text[:10]  # xsd:date may carry a time zone
    return text


def import_variables(project: Project, q: QProject, doc_ids: dict[str, int],
                     warnings: list[str]) -> tuple[int, int]:
    """The file's variables as project variables and their values (a source's own before its
    case's); returns (variables added, values set). Values that do not fit are reported."""
    types = json.loads(meta_value(project, TYPES_META) or "{}")
    found: dict[str, tuple[Variable, str]] = {}  # file GUID -> (project variable, REFI type)
    added = 0
    for v in q.variables:
        if v.guid in FIELD_GUIDS:
            continue
        var = _existing(project, v.guid, v.name)
        if var is None:
            ours = OURS.get(v.type, "text")
            description, choices = split_description(v.description)
            if ours == "choice":
                choices = list(BOOLEAN)
            elif choices and v.type == "Text":
                ours = "choice"
            try:
                var = project.variables.add(v.name, ours, choices if ours == "choice" else (),
                                            description=description, guid=v.guid)
            except GwotError as exc:
                warnings.append(f"variable {v.name!r} not imported: {exc}")
                continue
            types[var.guid] = v.type
            added += 1
        found[v.guid] = (var, v.type)
    changes: dict[tuple[int, int], Value] = {}
    for owner, sources, values in _value_owners(q):
        for src_guid in sources:
            doc_id = doc_ids.get(src_guid)
            if doc_id is None:
                continue
            for guid, text in values.items():
                if guid not in found or (doc_id, found[guid][0].id) in changes:
                    continue
                var, refi_type = found[guid]
                try:
                    value = parse_value(var, _as_ours(refi_type, text))
                except GwotError as exc:
                    warnings.append(f"{owner}: {exc}; value left out")
                    continue
                if value is not None:
                    changes[(doc_id, var.id)] = value
    n = project.variables.set_values((d, v, value) for (d, v), value in changes.items())
    if added:
        set_meta_value(project, TYPES_META, json.dumps(types))
    return added, n


def _existing(project: Project, guid: str, name: str) -> Variable | None:
    var = project.variables.find(guid)
    if var is not None and var.guid.upper() == guid.upper():
        return var
    return project.variables.find(name) if name.strip() else None


def _value_owners(q: QProject) -> Iterable[tuple[str, list[str], dict[str, str]]]:
    for src in q.sources:
        if src.values:
            yield f"source {src.name!r}", [src.guid], src.values
    for case in q.cases:
        if case.values:
            yield f"case {case.name or case.guid!r}", case.source_guids, case.values


def import_sets(project: Project, q: QProject, doc_ids: dict[str, int],
                code_guids: dict[str, str]) -> tuple[int, int]:
    """Sets with sources (or no members) become document sets, merged by GUID, then name;
    code and note members are kept for export. Returns (document sets, sets kept aside)."""
    kept = {s["guid"]: s for s in json.loads(meta_value(project, SETS_META) or "[]")}
    documents = aside = 0
    for s in q.sets:
        if s.source_guids or not (s.code_guids or s.note_guids):
            members = [doc_ids[g] for g in s.source_guids if g in doc_ids]
            found = project.sets.find(s.guid)
            if found is None or found.guid.upper() != s.guid.upper():
                found = project.sets.find(s.name) if s.name else None
            if found is None:
                project.sets.add(s.name or f"Set {s.guid[:8]}", members, description=s.description,
                                 guid=s.guid)
            else:
                project.sets.add_members(found.id, members)
            documents += 1
        if s.code_guids or s.note_guids:
            kept[s.guid] = {"guid": s.guid, "name": s.name, "description": s.description,
                            "codes": [code_guids.get(g, g) for g in s.code_guids],
                            "notes": s.note_guids}
            aside += 1
    if aside:
        set_meta_value(project, SETS_META, json.dumps(list(kept.values()), ensure_ascii=False))
    return documents, aside


def split_description(text: str) -> tuple[str, list[str]]:
    """A variable's Description as written: its own text, and the list of choices if any."""
    head, _, last = text.rpartition("\n\n") if "\n\n" in text else ("", "", text)
    if last.startswith(CHOICES):
        try:
            choices = json.loads(last[len(CHOICES):])
        except ValueError:
            return text, []
        if isinstance(choices, list) and all(isinstance(c, str) for c in choices):
            return head, choices
    return text, []


def describe(var: Variable) -> str:
    """The Description written for a variable: its own, and its list of choices."""
    if var.type != "choice" or set(var.choices) == set(BOOLEAN):
        return var.description
    listed = CHOICES + json.dumps(list(var.choices), ensure_ascii=False)
    return f"{var.description}\n\n{listed}" if var.description else listed


# -- out --------------------------------------------------------------------------------------
def refi_type(var: Variable, values: Iterable[Value], remembered: str = "") -> str:
    """The typeOfVariable to write for a project variable with these values."""
    values = list(values)
    if var.type == "number":
        return "Float" if remembered == "Float" or any(isinstance(v, float) for v in values) \
            else "Integer"
    if var.type == "date":
        return "Date"
    if var.type == "choice":
        return "Boolean" if remembered == "Boolean" and {c.casefold() for c in var.choices} \
            <= set(BOOLEAN) else "Text"
    if remembered == "DateTime" and all(_DATETIME.fullmatch(str(v)) for v in values):
        return "DateTime"
    return "Text"


def refi_value(value: Value, refi: str) -> str:
    """A value as its REFI type writes it (xsd:decimal has no exponent; booleans lower case)."""
    if refi == "Float":
        return format(Decimal(repr(value) if isinstance(value, float) else value), "f")
    if refi == "Boolean":
        return str(value).lower()
    return str(value)


def remembered_types(project: Project) -> dict[str, str]:
    return {k.upper(): v for k, v in json.loads(meta_value(project, TYPES_META) or "{}").items()}


def kept_sets(project: Project) -> list[dict[str, object]]:
    """The set members kept for export, by set (``codes``, ``notes``; the ``sources`` that
    imports before the sets table kept here are moved into it by the store's migration 10)."""
    return list(json.loads(meta_value(project, SETS_META) or "[]"))
