"""GUIDs and timestamps as REFI-QDA writes them, and the GUIDs we derive for our extras."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime

# Notes, selections and variables we write for things that have no GUID of their own (a code's
# memo, the selection of a coding) get GUIDs derived from their owner's, so an export is
# stable and our importer knows them again.
_NS = uuid.UUID("0B5C7E1A-6F0D-4E55-9A43-2C1B8D9E7F60")
_GUID = re.compile(r"\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?")


_OURS = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")


def selection_guid(coding_guid: str) -> str:
    """The GUID of the selection we write for a coding: its GUID with the first part changed.

    Cheaper than ``derived`` (an export writes one per coding) and as stable.
    """
    return f"{int(coding_guid[:8], 16) ^ 0x5E1EC7ED:08X}{coding_guid[8:]}"


def derived(kind: str, owner: str) -> str:
    return str(uuid.uuid5(_NS, f"{kind}:{owner.upper()}")).upper()


def as_guid(value: str) -> str:
    """Any GUID the way a tool wrote it (braces, case) as ours: upper case, no braces.

    A value that is not a GUID (some writers use other ids) becomes a stable GUID made from it.
    """
    if value and len(value) == 36 and value[8] == "-":  # the common case, without a regex
        return value.upper()
    v = (value or "").strip()
    m = _GUID.fullmatch(v)
    if m:
        return m.group(1).upper()
    return derived("id", v) if v else ""


def is_guid(value: str) -> bool:
    return bool(_GUID.fullmatch((value or "").strip()))


def xml_datetime(stamp: str) -> str:
    """Our stamps (ISO 8601 UTC with Z) are valid xsd:dateTime already; others are checked."""
    parsed = parse_datetime(stamp)
    return parsed or ""


def parse_datetime(value: str) -> str:
    """A dateTime from a file in our form (``2024-05-01T10:00:00.000Z``), or '' if unreadable."""
    if value and len(value) == 24 and value[-1] == "Z" and value[19] == ".":  # ours, as written
        return value
    v = (value or "").strip()
    if not v:
        return ""
    if _OURS.fullmatch(v):
        return v
    try:
        dt = datetime.fromisoformat(v.replace("Z", "+00:00"))
    except ValueError:
        return ""
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
