"""Neutralising spreadsheet formulas in exported cells (CSV injection)."""

from __future__ import annotations

# Excel, LibreOffice and Google Sheets run a cell as a formula when it starts with one of these.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: str) -> str:
    """Prefix a formula-like cell with an apostrophe, which spreadsheets show as plain text.

    The apostrophe is the OWASP-recommended guard; analysis tools (R, pandas) see it as a
    character, so exports offer raw cells for them (positions stay exact either way).
    """
    if value and (value[0] in FORMULA_STARTS or _looks_neutralised(value)):
        # A cell that already looks neutralised gets one more apostrophe, so that ``restore``
        # gives back exactly what was written.
        return "'" + value
    return value


def _looks_neutralised(value: str) -> bool:
    return len(value) > 1 and value[0] == "'" and (value[1] in FORMULA_STARTS or value[1] == "'")


def restore(value: str) -> str:
    """Inverse of ``neutralise`` for reading our own exports back."""
    return value[1:] if _looks_neutralised(value) else value
