"""Document variables and sets: typed attributes (text, number, date, one of a list) and rules."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from gwot_reader.core.errors import GwotError

# text: any string; number: an integer or a decimal; date: an ISO day (YYYY-MM-DD);
# choice: one of the variable's list of choices (MAXQDA's and NVivo's "one of a list").
VARIABLE_TYPES: tuple[str, ...] = ("text", "number", "date", "choice")

# What each type is called in REFI-QDA's typeOfVariable (a choice is a Text there).
REFI_TYPES = {"text": "Text", "number": "Float", "date": "Date", "choice": "Text"}

Value = str | int | float  # a date is kept as its ISO text, which also sorts right
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
MAX_TEXT = 100_000  # a value is an attribute, not a document; longer text belongs in a memo


class VariableError(GwotError):
    """A variable name, type, list of choices or value that breaks the rules."""


@dataclass(frozen=True, slots=True)
class Variable:
    """A typed attribute every document may have a value of; GUID kept for REFI-QDA."""

    id: int
    guid: str
    name: str
    type: str = "text"
    choices: tuple[str, ...] = ()
    description: str = ""
    ord: int = 0


@dataclass(frozen=True, slots=True)
class DocumentSet:
    """A named group of documents (a document may be in any number); GUID kept for REFI-QDA."""

    id: int
    guid: str
    name: str
    description: str = ""
    ord: int = 0


def check_name(name: str, what: str = "variable") -> str:
    name = " ".join(name.split())
    if not name:
        raise VariableError(f"a {what} needs a name")
    if len(name) > 200:
        raise VariableError(f"a {what} name is at most 200 characters")
    if what == "variable" and name.casefold() == "document":
        raise VariableError("'document' names the document column; choose another variable name")
    return name


def check_type(var_type: str) -> str:
    t = var_type.strip().lower()
    if t not in VARIABLE_TYPES:
        raise VariableError(f"a variable's type is one of {', '.join(VARIABLE_TYPES)}, "
                            f"not {var_type!r}")
    return t


def check_choices(var_type: str, choices: Iterable[str]) -> tuple[str, ...]:
    """The list of a choice variable: trimmed, no blanks, no duplicates (ignoring case)."""
    out: list[str] = []
    seen: set[str] = set()
    for c in choices:
        c = c.strip()
        if c and c.casefold() not in seen:
            seen.add(c.casefold())
            out.append(c)
    if var_type == "choice" and not out:
        raise VariableError("a one-of-a-list variable needs at least one choice")
    if var_type != "choice" and out:
        raise VariableError(f"only one-of-a-list variables have choices, not {var_type} ones")
    return tuple(out)


def parse_value(var: Variable, raw: object) -> Value | None:
    """A value typed or read from a file, as the variable's type keeps it; None clears it.

    Numbers become int when whole (``2024``, ``2024.0``) and float otherwise; dates must be
    ISO days; a choice must be one of the list (matched ignoring case, kept as the list has it).
    """
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise VariableError(f"{var.name}: {raw!r} is not a {var.type} value")
    if isinstance(raw, (int, float)) and var.type == "number":
        return _number(float(raw), var.name) if isinstance(raw, float) else raw
    text = str(raw).strip()
    if not text:
        return None
    if var.type == "number":
        cleaned = text.replace("_", "").replace("\u202f", "").replace(" ", "")
        if "," in cleaned and re.fullmatch(r"[+-]?\d{1,3}(,\d{3})+(\.\d*)?", cleaned):
            cleaned = cleaned.replace(",", "")  # 12,500 as a thousands separator
        if not _NUMBER.fullmatch(cleaned):
            raise VariableError(f"{var.name}: {text!r} is not a number")
        if re.fullmatch(r"[+-]?\d+", cleaned):
            return int(cleaned)
        return _number(float(cleaned), var.name)
    if var.type == "date":
        if not _DATE.fullmatch(text[:10]) or (len(text) > 10 and text[10] not in "T "):
            raise VariableError(f"{var.name}: {text!r} is not a date (write it as YYYY-MM-DD)")
        try:
            return date.fromisoformat(text[:10]).isoformat()
        except ValueError:
            raise VariableError(f"{var.name}: {text!r} is not a real day") from None
    if var.type == "choice":
        for c in var.choices:
            if c.casefold() == text.casefold():
                return c
        raise VariableError(f"{var.name}: {text!r} is not one of {', '.join(var.choices)}")
    if len(text) > MAX_TEXT:
        raise VariableError(f"{var.name}: a value is at most {MAX_TEXT:,} characters")
    return text


def _number(x: float, name: str) -> int | float:
    if not math.isfinite(x):
        raise VariableError(f"{name}: {x!r} is not a finite number")
    return int(x) if x.is_integer() and abs(x) < 2**53 else x


def format_value(value: Value | None) -> str:
    """A value as text for a table cell or a CSV file; parse_value reads it back the same."""
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)
    return str(value)


def infer_type(values: Sequence[str]) -> str:
    """The type a new CSV column is imported as: number or date if every filled cell is one."""
    filled = [v.strip() for v in values if v.strip()]
    if not filled:
        return "text"
    for t in ("number", "date"):
        probe = Variable(0, "", "probe", t)
        try:
            for v in filled:
                parse_value(probe, v)
        except VariableError:
            continue
        return t
    return "text"


def convertible(var: Variable, new_type: str, choices: Sequence[str],
                values: Iterable[Value]) -> list[Value | None]:
    """Every value of a variable re-read as another type (or list); raises on the first misfit."""
    target = Variable(var.id, var.guid, var.name, new_type, tuple(choices))
    return [parse_value(target, format_value(v)) for v in values]
