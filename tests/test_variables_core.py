"""Variable rules in core: names, types, choices and parsing values (no Qt, no SQL)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gwot_reader.core.variables import (
    Variable,
    VariableError,
    check_choices,
    check_name,
    check_type,
    format_value,
    infer_type,
    parse_value,
)

NUMBER = Variable(1, "G", "n", "number")
DATE = Variable(2, "G", "d", "date")
CHOICE = Variable(3, "G", "k", "choice", ("journal article", "web commentary"))
TEXT = Variable(4, "G", "t", "text")


@pytest.mark.parametrize(("raw", "value"), [
    ("2024", 2024), (" 3.50 ", 3.5), ("-1e3", -1000), ("12,500", 12500), ("2024.0", 2024),
    (7, 7), (2.5, 2.5), ("", None), (None, None),
])
def test_numbers(raw, value):
    got = parse_value(NUMBER, raw)
    assert got == value and type(got) is type(value)


@pytest.mark.parametrize("raw", ["twelve", "1,2", "nan", "inf", "1e999", "--1", True])
def test_not_numbers(raw):
    with pytest.raises(VariableError):
        parse_value(NUMBER, raw)


def test_dates_choices_and_text():
    assert parse_value(DATE, "2024-05-31") == "2024-05-31"
    assert parse_value(DATE, "2024-05-31T10:00:00Z") == "2024-05-31"
    for bad in ("31/05/2024", "2024-02-30", "2024-5-3", "May 2024"):
        with pytest.raises(VariableError):
            parse_value(DATE, bad)
    assert parse_value(CHOICE, "WEB COMMENTARY") == "web commentary"
    with pytest.raises(VariableError, match="not one of"):
        parse_value(CHOICE, "blog")
    assert parse_value(TEXT, "  بین الاقوامی  ") == "بین الاقوامی"
    with pytest.raises(VariableError):
        parse_value(TEXT, "x" * 100_001)


def test_names_types_and_choices():
    assert check_name("  Interviewee   role ") == "Interviewee role"
    for bad in ("", "   ", "Document", "x" * 201):
        with pytest.raises(VariableError):
            check_name(bad)
    assert check_type(" Date ") == "date"
    with pytest.raises(VariableError):
        check_type("boolean")
    assert check_choices("choice", ["a", " A", "b", ""]) == ("a", "b")
    with pytest.raises(VariableError):
        check_choices("choice", [])
    with pytest.raises(VariableError):
        check_choices("text", ["a"])


def test_infer_type():
    assert infer_type(["2024", "", "2023"]) == "number"
    assert infer_type(["2024-01-02", "2023-12-31"]) == "date"
    assert infer_type(["2024", "soon"]) == "text"
    assert infer_type(["", " "]) == "text"


@given(st.one_of(st.integers(-10**15, 10**15),
                 st.floats(allow_nan=False, allow_infinity=False, width=64)))
def test_numbers_round_trip_through_text(x):
    value = parse_value(NUMBER, x)
    assert parse_value(NUMBER, format_value(value)) == value


@given(st.dates(min_value=date(1, 1, 1)))
def test_dates_round_trip(d):
    iso = d.isoformat()
    if len(iso) == 10:
        assert parse_value(DATE, format_value(parse_value(DATE, iso))) == iso


@given(st.text(max_size=50))
def test_text_round_trip_and_never_crashes(s):
    value = parse_value(TEXT, s)
    assert value is None or parse_value(TEXT, format_value(value)) == value
    for var in (NUMBER, DATE, CHOICE):
        try:
            parse_value(var, s)
        except VariableError:
            pass
