"""The Agreement window's figures are the command line's on any project: the window's job (its
work function, on its own connection) and the cells it shows, against ``agreement``'s CSV, for
random codings of two or three coders, both units, with and without codes as one variable."""

from __future__ import annotations

import csv

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gwot_reader.cli import main
from gwot_reader.core.errors import GwotError
from gwot_reader.store import Project
from gwot_reader.ui.teams.agreement_model import fmt, passage_cells, stat_cells
from gwot_reader.ui.teams.agreement_window import compute

TEXT = "Line one 😀 here.\n\nSecond line, اردو and 中文.\nThird line: cafe\u0301 au lait.\n"
coding = st.tuples(st.sampled_from(["A", "B", "C"]), st.integers(0, 1), st.integers(0, 2),
                   st.integers(0, 60), st.integers(1, 25))


def _cli(path, coders, unit, across, out):
    args = ["agreement", str(path), "--coders", ",".join(coders), "--unit", unit, "-o", str(out)]
    if across:
        args += ["--across", "--code", "c0", "--code", "c1", "--code", "c2"]
    if main(args) != 0:
        return None
    with open(out, encoding="utf-8") as f:
        return list(csv.DictReader(f))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(coding, min_size=2, max_size=16), st.sampled_from(["character", "paragraph"]),
       st.booleans(), st.booleans())
def test_window_cells_equal_the_csv(tmp_path_factory, capsys, rows, unit, across, three):
    folder = tmp_path_factory.mktemp("agree")
    path = folder / "p.gwot"
    with Project.create(path, coder="lead") as p:
        docs = [p.documents.add(f"d{i}", TEXT * (i + 1)).id for i in range(2)]
        codes = [p.codebook.add(f"c{i}").id for i in range(3)]
        for who, d, c, s, n in rows:
            length = p.documents.get(docs[d]).length
            start = min(s, length - 1)
            p.codings.add(docs[d], codes[c], start, min(length, start + n), coder=who)
    coders = ["A", "B", "C"] if three else ["A", "B"]
    expected = _cli(path, coders, unit, across, folder / "a.csv")
    capsys.readouterr()
    with Project.open(path) as p:
        shared = set.intersection(*(p.coders.documents_coded_by(c) for c in coders))
        try:
            run, passages = compute(p, lambda *a: True, coders, codes if across else [],
                                    sorted(shared), unit, across)
        except GwotError:
            assert expected is None  # refused alike (a coder without codings, no shared document)
            return
    assert expected is not None
    cells = [stat_cells(r) for r in run.result.rows]
    assert len(cells) == len(expected)
    for got, want in zip(cells, expected, strict=True):
        assert (got[0], got[1], int(got[2].replace(",", ""))) == (
            want["code"], want["document"], int(want["n_units"]))
        for cell, key, places in ((got[3], "percent_agreement", 2), (got[4], "cohen_kappa", 4),
                                  (got[5], "krippendorff_alpha", 4)):
            assert cell == (fmt(float(want[key]), places) if want[key] else "–")
    for passage in passages:  # every listed disagreement shows each coder's text, or says none
        shown = passage_cells(passage)
        assert len(shown) == 3 + len(coders)
        assert all(cell for cell in shown[3:])
