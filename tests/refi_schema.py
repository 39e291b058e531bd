"""The REFI-QDA 1.5 schemas (copies in tests/fixtures/refi-qda), validated with lxml."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from lxml import etree

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "refi-qda"


@cache
def schema(name: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(FIXTURES / name)))


def validate_project(xml: bytes) -> None:
    """Raise AssertionError naming the first problems if ``xml`` is not a valid project.qde."""
    s = schema("Project-mrt2019.xsd")
    if not s.validate(etree.fromstring(xml)):
        raise AssertionError("; ".join(f"line {e.line}: {e.message}" for e in list(s.error_log)[:5]))
