"""Agreement statistics: Krippendorff's (2011) published examples through the agreement command,
Cohen's κ on a known table, and the statistics and run-length units against independent ones."""

from __future__ import annotations

import csv
from collections import Counter

import krippendorff  # GPL: a test dependency only, never imported by gwot_reader
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gwot_reader.cli import main
from gwot_reader.core.agreement import (
    cohen_kappa,
    cohen_kappa_2x2,
    krippendorff_alpha,
    percent_agreement,
    summarize,
    summarize_binary,
    table_from_units,
)
from gwot_reader.core.agreement_report import cu_alpha
from gwot_reader.core.agreement_units import (
    character_masks,
    character_table_nominal,
    masks_to_table,
    paragraph_masks,
    paragraph_table_nominal,
    paragraphs,
    two_coder_masks,
)
from gwot_reader.store import Project

N = None
# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", examples A, B and C.
EXAMPLE_A = [[0, 1, 0, 0, 0, 0, 0, 0, 1, 0],
             [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]]
EXAMPLE_B = [list("aabbdcccedda"), list("babbbccceddd")]
EXAMPLE_C = [[1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
             [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
             [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
             [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N]]


def _table(data):
    return table_from_units(zip(*data, strict=True))


def test_published_alphas_from_tables():
    assert round(krippendorff_alpha(_table(EXAMPLE_A)), 3) == 0.095
    assert round(krippendorff_alpha(_table(EXAMPLE_B)), 3) == 0.692
    assert round(krippendorff_alpha(_table(EXAMPLE_C)), 3) == 0.743


def test_cohen_kappa_of_a_known_table():
    assert cohen_kappa_2x2(20, 5, 10, 15) == pytest.approx(0.40)
    # p_o = 0.7 and p_e = 0.5 for the same table
    t = {(1, 1): 20, (1, 0): 5, (0, 1): 10, (0, 0): 15}
    assert percent_agreement(t) == pytest.approx(70.0)


def test_undefined_statistics_are_none():
    assert krippendorff_alpha({(1, 1): 5}) is None  # no variation
    assert cohen_kappa({(1, 1): 5}) is None
    assert krippendorff_alpha({(1, None): 5}) is None  # nothing pairable
    assert percent_agreement({}) is None
    assert cohen_kappa({(1, 1, 1): 2}) is None  # kappa is for two coders


# -- the published examples built as coded paragraphs and computed by `agreement` ---------------

def _coded_project(tmp_path, data, binary: bool) -> Project:
    """One document with a line per unit; coder i codes line u with the value data[i][u]."""
    p = Project.create(tmp_path / "p.gwot", coder="lead")
    n_units = len(data[0])
    lines = [f"Unit {u + 1} ✓ 😀 اردو" for u in range(n_units)]  # astral and RTL on every line
    text = "\r\n".join(lines).replace("\r\n", "\n")
    doc = p.documents.add("Units", text)
    spans = paragraphs(text)
    values = sorted({v for row in data for v in row if v is not None}, key=str)
    codes = {v: p.codebook.add(f"Value {v}").id for v in values}
    if binary:
        codes = {1: p.codebook.add("Applied").id}
    for i, row in enumerate(data):
        coder = f"Coder {chr(65 + i)}"
        for u, v in enumerate(row):
            if v is None or (binary and v == 0):
                continue
            s, e = spans[u]
            p.codings.add(doc.id, codes[v], s + 2, e - 1, coder=coder)  # inside the line
    return p


def _agreement(tmp_path, project: Project, coders: int, *extra: str) -> list[dict]:
    out = tmp_path / "agreement.csv"
    names = ",".join(f"Coder {chr(65 + i)}" for i in range(coders))
    rc = main(["agreement", str(project.path), "--coders", names, "--unit", "paragraph",
               *extra, "-o", str(out)])
    assert rc == 0
    with open(out, encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_example_a_binary_through_the_command(tmp_path):
    p = _coded_project(tmp_path, EXAMPLE_A, binary=True)
    rows = _agreement(tmp_path, p, 2)
    overall = rows[-1]
    assert (overall["code"], overall["document"]) == ("*", "*")
    assert overall["n_units"] == "10"
    assert float(overall["krippendorff_alpha"]) == pytest.approx(0.095, abs=5e-4)
    assert float(overall["percent_agreement"]) == pytest.approx(60.0)
    per_code_doc = next(r for r in rows if r["code"] == "Applied" and r["document"] == "Units")
    assert per_code_doc["krippendorff_alpha"] == overall["krippendorff_alpha"]


def test_example_b_nominal_through_the_command(tmp_path):
    p = _coded_project(tmp_path, EXAMPLE_B, binary=False)
    rows = _agreement(tmp_path, p, 2, "--across", *[f"--code=Value {v}" for v in "abcde"])
    assert [(r["code"], r["document"]) for r in rows] == [("*", "Units"), ("*", "*")]
    assert float(rows[-1]["krippendorff_alpha"]) == pytest.approx(0.692, abs=5e-4)


def test_example_c_four_coders_with_missing_values(tmp_path):
    p = _coded_project(tmp_path, EXAMPLE_C, binary=False)
    rows = _agreement(tmp_path, p, 4, "--across", *[f"--code=Value {v}" for v in range(1, 6)])
    overall = rows[-1]
    assert float(overall["krippendorff_alpha"]) == pytest.approx(0.743, abs=5e-4)
    assert overall["cohen_kappa"] == ""  # κ is for two coders
    assert overall["n_units"] == "11"  # unit 12 has one value only: not pairable


def test_cohen_kappa_table_through_the_command(tmp_path):
    a = [1] * 20 + [1] * 5 + [0] * 10 + [0] * 15
    b = [1] * 20 + [0] * 5 + [1] * 10 + [0] * 15
    p = _coded_project(tmp_path, [a, b], binary=True)
    overall = _agreement(tmp_path, p, 2)[-1]
    assert float(overall["cohen_kappa"]) == pytest.approx(0.40)
    assert float(overall["percent_agreement"]) == pytest.approx(70.0)


def test_character_units_and_bad_input(tmp_path, capsys):
    p = _coded_project(tmp_path, EXAMPLE_A, binary=True)
    out = tmp_path / "c.csv"
    assert main(["agreement", str(p.path), "--coders", "Coder A,Coder B", "-o", str(out)]) == 0
    rows = list(csv.DictReader(open(out, encoding="utf-8")))
    assert rows[-1]["unit"] == "character"
    assert int(rows[-1]["n_units"]) == len(p.documents.text(p.documents.all()[0].id))
    assert main(["agreement", str(p.path), "--coders", "Coder A,Nobody", "-o", str(out)]) == 2
    assert "Nobody" in capsys.readouterr().err
    assert main(["agreement", str(p.path), "--coders", "Coder A", "-o", str(out)]) == 2


def test_two_codes_of_the_set_are_reported(tmp_path, capsys):
    p = _coded_project(tmp_path, EXAMPLE_B, binary=False)
    doc = p.documents.all()[0]
    p.codings.add(doc.id, p.codebook.get("Value e").id, 0, 4, coder="Coder A")  # line 1 is also "a"
    _agreement(tmp_path, p, 2, "--across", *[f"--code=Value {v}" for v in "abcde"])
    assert "Coder A applied two codes of the set to 1 paragraph of Units" in capsys.readouterr().err


# -- against the krippendorff package and brute force, on random data -------------------------

values = st.one_of(st.none(), st.integers(0, 3))


@settings(max_examples=200, deadline=None)
@given(st.integers(2, 5).flatmap(lambda m: st.lists(st.lists(values, min_size=m, max_size=m),
                                                    min_size=1, max_size=30)))
def test_alpha_matches_the_krippendorff_package(units):
    table = table_from_units(units)
    ours = krippendorff_alpha(table)
    data = np.array([[np.nan if v is None else v for v in u] for u in units], dtype=float).T
    pairable = [u for u in units if sum(v is not None for v in u) >= 2]
    distinct = {v for u in pairable for v in u if v is not None}
    if len(distinct) < 2:
        assert ours is None
        return
    theirs = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
    assert ours == pytest.approx(theirs, abs=1e-9)


spans = st.lists(st.tuples(st.integers(0, 60), st.integers(1, 20)).map(lambda t: (t[0], t[0] + t[1])),
                 max_size=6)


@settings(max_examples=200, deadline=None)
@given(st.integers(2, 5).flatmap(lambda m: st.dictionaries(st.integers(0, 2 ** m - 1), st.integers(1, 50),
                                                           max_size=8).map(lambda d: (m, d))))
def test_binary_shortcut_equals_the_general_statistics(data):
    m, by_mask = data
    fast, general = summarize_binary(by_mask, m), summarize(masks_to_table(by_mask, m))
    assert fast.n_units == general.n_units
    for a, b in ((fast.percent_agreement, general.percent_agreement),
                 (fast.cohen_kappa, general.cohen_kappa),
                 (fast.krippendorff_alpha, general.krippendorff_alpha)):
        assert (a is None and b is None) or a == pytest.approx(b, abs=1e-9)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 3), st.integers(1, 3), st.integers(0, 1), st.integers(0, 60),
                          st.integers(1, 30)), max_size=25))
def test_two_coders_at_once_equal_the_sweep_per_pair(rows):
    lengths = {1: 95, 2: 91, 3: 200}
    rows = [(d, c, i, s, min(s + n, lengths[d])) for d, c, i, s, n in rows]
    expected = {}
    for d, c in {(r[0], r[1]) for r in rows}:
        spans = [[(s, e) for dd, cc, i, s, e in rows if (dd, cc, i) == (d, c, coder)] for coder in (0, 1)]
        expected[(c, d)] = character_masks(lengths[d], spans)
    assert two_coder_masks(rows, lengths) == expected


def _brute_binary(length, coders):
    return Counter(tuple(int(any(s <= x < e for s, e in c)) for c in coders) for x in range(length))


@settings(max_examples=200, deadline=None)
@given(st.lists(spans, min_size=2, max_size=4))
def test_character_runs_equal_counting_every_character(coders):
    length = 90
    assert masks_to_table(character_masks(length, coders), len(coders)) == _brute_binary(length, coders)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.tuples(st.integers(0, 60), st.integers(1, 20), st.integers(0, 2))
                         .map(lambda t: (t[0], t[0] + t[1], t[2])), max_size=5), min_size=2, max_size=3))
def test_nominal_runs_equal_counting_every_character(coders):
    length = 90
    expected: Counter = Counter()
    double = [0] * len(coders)
    for x in range(length):
        pattern = []
        for i, c in enumerate(coders):
            cats = {k for s, e, k in c if s <= x < e}
            double[i] += len(cats) > 1
            pattern.append(next(iter(cats)) if len(cats) == 1 else None)
        expected[tuple(pattern)] += 1
    assert character_table_nominal(length, coders) == (expected, double)
    assert cu_alpha(length, coders) == krippendorff_alpha(expected)


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet="ab \n", max_size=60), st.lists(spans, min_size=2, max_size=3))
def test_paragraph_units_equal_a_direct_overlap_check(text, coders):
    units = paragraphs(text)
    assert all(text[s:e].strip() and "\n" not in text[s:e] for s, e in units)
    expected = Counter(tuple(int(any(s < ue and e > us for s, e in c)) for c in coders)
                       for us, ue in units)
    assert masks_to_table(paragraph_masks(units, coders), len(coders)) == +expected
    nominal = [[(s, e, 7) for s, e in c] for c in coders]
    table, double = paragraph_table_nominal(units, nominal)
    assert sum(table.values()) == len(units) and double == [0] * len(coders)


def test_formula_like_names_are_neutralised_and_negative_kappa_stays_a_number(tmp_path):
    p = Project.create(tmp_path / "f.gwot", coder="lead")
    doc = p.documents.add("=HYPERLINK(1)", "one\ntwo\nthree\nfour")
    code = p.codebook.add("-minus")
    for coder, lines in (("A", (0, 1)), ("B", (2, 3))):  # they never agree: kappa = -1
        for u in lines:
            s, e = paragraphs(p.documents.text(doc.id))[u]
            p.codings.add(doc.id, code.id, s, e, coder=coder)
    out = tmp_path / "f.csv"
    assert main(["agreement", str(p.path), "--coders", "A,B", "--unit", "paragraph", "-o", str(out)]) == 0
    first = next(csv.DictReader(open(out, encoding="utf-8")))
    assert first["code"] == "'-minus" and first["document"] == "'=HYPERLINK(1)"
    assert float(first["cohen_kappa"]) == -1.0
