"""Document variables: typed attributes and their values per document (repository)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from gwot_reader.core.errors import ConflictError, NotFoundError
from gwot_reader.core.model import Change
from gwot_reader.core.variables import (
    Value,
    Variable,
    VariableError,
    check_choices,
    check_name,
    check_type,
    convertible,
    parse_value,
)
from gwot_reader.store.base import Repository, given_guid

_SELECT = "SELECT id, guid, name, type, choices, description, ord FROM variables "
# (document_id, variable_id, value or None to clear)
ValueChange = tuple[int, int, Value | None]


@dataclass(frozen=True, slots=True)
class RemovedVariable:
    """What ``remove`` took away, for ``restore`` (undo) to put back exactly."""

    variable: Variable
    values: tuple[tuple[int, Value], ...]  # (document_id, value)


def _variable(row: tuple[Any, ...]) -> Variable:
    return Variable(row[0], row[1], row[2], row[3], tuple(json.loads(row[4])), row[5], row[6])


class Variables(Repository):
    """``project.variables``: every write is one transaction, one history entry, one notice."""


    # -- variables ------------------------------------------------------------------------------
    def all(self) -> list[Variable]:
        return [_variable(r) for r in self.db.execute(_SELECT + "ORDER BY ord, id")]

    def find(self, ref: int | str) -> Variable | None:
        if isinstance(ref, int):
            row = self.db.one(_SELECT + "WHERE id = ?", (ref,))
        else:
            row = self.db.one(_SELECT + "WHERE guid = ? COLLATE NOCASE OR name = ?",
                                (ref.strip().strip("{}"), ref.strip()))
        return _variable(row) if row else None

    def get(self, ref: int | str) -> Variable:
        var = self.find(ref)
        if var is None:
            raise NotFoundError(f"no variable {ref!r} in this project")
        return var

    def add(self, name: str, type: str = "text", choices: Iterable[str] = (), *,
            description: str = "", guid: str | None = None) -> Variable:
        t = check_type(type)
        name = check_name(name)
        listed = check_choices(t, choices)
        with self.project.transaction():
            self._free_name(name)
            guid = given_guid(guid)
            if self.db.one("SELECT 1 FROM variables WHERE guid = ?", (guid,)):
                raise ConflictError(f"a variable with GUID {guid} is already in the project")
            ord_ = self.db.one("SELECT ifnull(max(ord), -1) + 1 FROM variables")[0]
            cur = self.db.execute(
                "INSERT INTO variables (guid, name, type, choices, description, ord) "
                "VALUES (?,?,?,?,?,?)", (guid, name, t, json.dumps(listed), description, ord_))
            var = self.get(int(cur.lastrowid or 0))
            self._log("add", "variable", var.guid, {"name": name, "type": t})
            self._changed(Change("variables"))
        return var

    def update(self, var_id: int, *, name: str | None = None, type: str | None = None,
               choices: Sequence[str] | None = None,
               description: str | None = None) -> tuple[Variable, Variable]:
        """Rename, re-describe, or change the type or list; every value must fit the new type."""
        with self.project.transaction():
            old = self.get(var_id)
            new_name = old.name if name is None else check_name(name)
            new_type = old.type if type is None else check_type(type)
            if choices is None:
                choices = old.choices if new_type == "choice" else ()
            listed = check_choices(new_type, choices)
            if new_name.casefold() != old.name.casefold():
                self._free_name(new_name)
            if (new_type, listed) != (old.type, old.choices):
                rows = self.db.execute("SELECT document_id, value FROM document_values "
                                         "WHERE variable_id = ?", (var_id,)).fetchall()
                fitted = convertible(old, new_type, listed, [r[1] for r in rows])
                self.db.executemany(
                    "UPDATE document_values SET value = ? WHERE document_id = ? AND variable_id = ?",
                    [(v, r[0], var_id) for r, v in zip(rows, fitted, strict=True)])
            self.db.execute(
                "UPDATE variables SET name = ?, type = ?, choices = ?, description = ? WHERE id = ?",
                (new_name, new_type, json.dumps(listed),
                 old.description if description is None else description, var_id))
            new = self.get(var_id)
            self._log("edit", "variable", old.guid,
                        {f: [getattr(old, f), getattr(new, f)] for f in Variable.__slots__
                         if getattr(old, f) != getattr(new, f)})
            self._changed(Change("variables"))
        return old, new

    def remove(self, var_id: int) -> RemovedVariable:
        with self.project.transaction():
            var = self.get(var_id)
            values = tuple(self.db.execute(
                "SELECT document_id, value FROM document_values WHERE variable_id = ? "
                "ORDER BY document_id", (var_id,)))
            self.db.execute("DELETE FROM variables WHERE id = ?", (var_id,))
            self._log("remove", "variable", var.guid, {"name": var.name, "values": len(values)})
            self._changed(Change("variables"))
        return RemovedVariable(var, tuple((int(d), v) for d, v in values))

    def restore(self, removed: RemovedVariable) -> Variable:
        """Undo of ``remove``: the same id, GUID, place and values come back."""
        v = removed.variable
        with self.project.transaction():
            self._free_name(v.name)
            self.db.execute(
                "INSERT INTO variables (id, guid, name, type, choices, description, ord) "
                "VALUES (?,?,?,?,?,?,?)",
                (v.id, v.guid, v.name, v.type, json.dumps(v.choices), v.description, v.ord))
            self.db.executemany(
                "INSERT INTO document_values (document_id, variable_id, value) VALUES (?,?,?)",
                [(d, v.id, value) for d, value in removed.values])
            self._log("restore", "variable", v.guid, {"name": v.name})
            self._changed(Change("variables"))
        return v

    def _free_name(self, name: str) -> None:
        if self.db.one("SELECT 1 FROM variables WHERE name = ?", (name,)):
            raise ConflictError(f"there is already a variable named {name!r}")

    # -- values ---------------------------------------------------------------------------------
    def value(self, document_id: int, var_id: int) -> Value | None:
        row = self.db.one("SELECT value FROM document_values WHERE document_id = ? AND "
                            "variable_id = ?", (document_id, var_id))
        return row[0] if row else None

    def values(self, document_id: int) -> dict[int, Value]:
        """One document's values by variable id."""
        return dict(self.db.execute("SELECT variable_id, value FROM document_values "
                                      "WHERE document_id = ?", (document_id,)))

    def table(self) -> dict[int, dict[int, Value]]:
        """Every value: {document_id: {variable_id: value}} (the documents x variables table)."""
        out: dict[int, dict[int, Value]] = {}
        for d, v, value in self.db.execute(
                "SELECT document_id, variable_id, value FROM document_values"):
            out.setdefault(d, {})[v] = value
        return out

    def values_for(self, document_ids: Iterable[int]) -> dict[int, dict[int, Value]]:
        """The values of some documents (a screenful of the table), {document_id: {var: value}}."""
        ids = list(document_ids)
        out: dict[int, dict[int, Value]] = {d: {} for d in ids}
        for i in range(0, len(ids), 500):  # SQLite's limit on bound parameters
            part = ids[i:i + 500]
            for d, v, value in self.db.execute(
                    "SELECT document_id, variable_id, value FROM document_values WHERE "
                    f"document_id IN ({', '.join('?' * len(part))})", part):
                out[d][v] = value
        return out

    def documents_where(self, var_id: int, value: Value) -> list[int]:
        """Documents whose value of a variable is ``value`` (a filter for lists of codings)."""
        return [r[0] for r in self.db.execute(
            "SELECT document_id FROM document_values WHERE variable_id = ? AND value = ? "
            "ORDER BY document_id", (var_id, value))]

    def set_value(self, document_id: int, var_id: int, raw: object) -> tuple[Value | None,
                                                                             Value | None]:
        """Set (or, with an empty value, clear) one value, parsed by the variable's type;
        returns (old, new) for undo."""
        var = self.get(var_id)
        new = parse_value(var, raw)
        old = self.value(document_id, var_id)
        self.set_values([(document_id, var_id, new)])
        return old, new

    def set_values(self, changes: Iterable[ValueChange]) -> int:
        """Many parsed values (None clears) in one transaction; returns how many changed."""
        changes = list(changes)
        n = 0
        with self.project.transaction():
            variables = {v.id: v for v in self.all()}
            docs: set[int] = set()
            for document_id, var_id, value in changes:
                var = variables.get(var_id)
                if var is None:
                    raise NotFoundError(f"no variable with id {var_id} in this project")
                value = parse_value(var, value)  # values from elsewhere must fit their type
                old = self.value(document_id, var_id)
                if old == value and (old is None or type(old) is type(value)):
                    continue
                if value is None:
                    self.db.execute("DELETE FROM document_values WHERE document_id = ? AND "
                                      "variable_id = ?", (document_id, var_id))
                else:
                    if not self.db.one("SELECT 1 FROM documents WHERE id = ?", (document_id,)):
                        raise NotFoundError(f"no document with id {document_id}")
                    self.db.execute(
                        "INSERT OR REPLACE INTO document_values (document_id, variable_id, value) "
                        "VALUES (?,?,?)", (document_id, var_id, value))
                docs.add(document_id)
                n += 1
            if n:
                touched = {var_id for _, var_id, _ in changes}
                guid = (variables[next(iter(touched))].guid if len(touched) == 1
                        else self.db.one("SELECT value FROM meta WHERE key = 'guid'")[0])
                self._log("set", "variable_values", guid, {"values": n, "documents": len(docs)})
                self._changed(Change("variables", document_ids=frozenset(docs)))
        return n


__all__ = ["RemovedVariable", "ValueChange", "VariableError", "Variables"]
