"""The command line's side of this round of analysis: matrices with rows of document sets and
of a variable's values, NOT with the case kept, and sentences that keep "U.S." inside."""

from __future__ import annotations

import csv
import hashlib

import pytest

from gwot_reader.cli import main
from gwot_reader.store import Project
from tests.analysis_data import code_two_coders
from tests.test_cli_analysis import read, run


@pytest.fixture
def path(corpus_project: Project):
    """The corpus coded by two coders, with a set of its first two documents, closed."""
    code_two_coders(corpus_project)
    path = corpus_project.path
    corpus_project.close()
    return path


def test_matrix_rows_by_a_variable_match_the_segments_csv(capsys, path, tmp_path):
    out = tmp_path / "kind.csv"
    code, said, _ = run(capsys, "matrix", path, "--rows", "variable:kind", "--cols", "codes",
                        "-o", out)
    assert code == 0 and "matrix of codings written" in said
    table = read(out)
    assert [r["kind"] for r in table] == ["journal article", "web commentary"]
    segments = tmp_path / "all.csv"
    assert run(capsys, "export", path, "--format", "segments-csv", "-o", segments)[0] == 0
    p = Project.open(path)
    try:
        kind = p.variables.get("kind").id
        values = {d.name: p.variables.value(d.id, kind) for d in p.documents.all()}
    finally:
        p.close()
    rows = read(segments)
    for line in table:
        for path_ in ("Themes/Trust deficit", "Actors/United States"):
            want = sum(1 for r in rows if r["code_path"] == path_
                       and values[r["document"]] == line["kind"])
            assert int(line[path_]) == want


def test_matrix_rows_by_sets_and_years(capsys, path, tmp_path):
    out = tmp_path / "sets.csv"
    assert run(capsys, "matrix", path, "--rows", "sets", "--cols", "coders", "--count",
               "documents", "-o", out)[0] == 0
    assert read(out) == [{"set": "First two", "ann": "2", "bob": "1"}]
    out = tmp_path / "years.csv"
    assert run(capsys, "matrix", path, "--rows", "variable:year", "--cols", "codes", "--count",
               "characters", "-o", out)[0] == 0
    years = [r["year"] for r in read(out)]
    assert years == sorted(years) and len(years) >= 2
    # every document is in exactly one year row: the rows add up to the whole corpus
    total = sum(int(r["Themes/Trust deficit"]) for r in read(out))
    assert total == 100 * 5  # [0, 50) and [100, 150) in each document


@pytest.mark.parametrize("rows, message", [
    ("variable:nope", "no variable 'nope'"),
    ("variable:", "rows are codes, documents, coders, sets or variable:NAME"),
    ("groups", "rows are codes, documents, coders, sets or variable:NAME"),
])
def test_bad_rows_are_one_line_and_exit_2(capsys, path, tmp_path, rows, message):
    refused(capsys, path, tmp_path, rows, "codes", message)


def refused(capsys, path, tmp_path, rows: str, cols: str, message: str) -> None:
    """``matrix --rows rows --cols cols`` exits 2 with one line saying ``message``, and
    changes nothing."""
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    try:  # argparse exits by itself; a GwotError comes back as status 2
        code = main(["matrix", str(path), "--rows", rows, "--cols", cols, "-o",
                     str(tmp_path / "m.csv")])
    except SystemExit as exc:
        code = exc.code
    assert code == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and len(err.strip().splitlines()) <= 3
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert not (tmp_path / "m.csv").exists()


def test_not_with_case_sensitive_keeps_documents_with_the_word_in_another_case(capsys,
                                                                               empty_project):
    p = empty_project
    p.documents.add("lower", "Drone strikes and the taliban.")
    p.documents.add("upper", "Drone strikes and the Taliban.")
    p.documents.add("none", "Drone strikes only.")
    path = p.path
    p.close()
    code, out, _ = run(capsys, "search", path, "Drone NOT Taliban", "--case-sensitive")
    assert code == 0
    assert sorted(r["document"] for r in csv.DictReader(out.splitlines())) == ["lower", "none"]
    code, out, _ = run(capsys, "search", path, "Drone NOT Taliban")
    assert [r["document"] for r in csv.DictReader(out.splitlines())] == ["none"]
    code, out, _ = run(capsys, "search", path, "drone AND Taliban", "--case-sensitive")
    assert list(csv.DictReader(out.splitlines())) == []  # "Drone" is not "drone"


def test_autocode_sentences_keep_abbreviations_inside(capsys, corpus_project):
    path = corpus_project.path
    corpus_project.close()
    code, said, _ = run(capsys, "autocode", path, '"U.S."', "--code", "Actors/United States",
                        "--scope", "sentence")
    assert code == 0 and said.startswith("made ")
    p = Project.open(path)
    try:
        codings = p.codings.all(code_id=p.codebook.get("Actors/United States").id)
        assert codings
        for c in codings:
            # no coded sentence stops right after an abbreviation's full stop
            assert not c.text.endswith(("U.S.", "e.g.", "Mr.", "Dr.", "Gen.")), c.text
            assert not c.text.startswith(("S. ", "g. ")), c.text
    finally:
        p.close()


def test_matrix_columns_by_sets_and_variables_match_the_segments_csv(capsys, path, tmp_path):
    segments = tmp_path / "all.csv"
    assert run(capsys, "export", path, "--format", "segments-csv", "-o", segments)[0] == 0
    rows = read(segments)
    p = Project.open(path)
    try:
        kind, year = p.variables.get("kind").id, p.variables.get("year").id
        table = p.variables.table()
        names = {d.id: d.name for d in p.documents.all()}
        values = {names[d]: (str(v.get(kind) or "(no value)"), str(v.get(year) or "(no value)"))
                  for d, v in table.items()}
        first_two = {names[d] for d in p.sets.memberships()[p.sets.all()[0].id]}
    finally:
        p.close()
    # codes x variable:kind is the transpose of variable:kind x codes
    by_kind = tmp_path / "code-kind.csv"
    assert run(capsys, "matrix", path, "--rows", "codes", "--cols", "variable:kind", "-o",
               by_kind)[0] == 0
    transposed = tmp_path / "kind-code.csv"
    assert run(capsys, "matrix", path, "--rows", "variable:kind", "--cols", "codes", "-o",
               transposed)[0] == 0
    wide = {r["code"]: r for r in read(by_kind)}
    for line in read(transposed):
        for code in ("Themes/Trust deficit", "Actors/United States"):
            assert wide[code][line["kind"]] == line[code]
    # coders x sets, counting characters
    out = tmp_path / "coder-set.csv"
    assert run(capsys, "matrix", path, "--rows", "coders", "--cols", "sets", "--count",
               "characters", "-o", out)[0] == 0
    got = {r["coder"]: int(r["First two"]) for r in read(out)}
    # ann: US [40, 120) in both; in the odd one her Trust [0, 50) and [100, 150) join it: [0, 150)
    assert got == {"ann": 80 + 150, "bob": 100}
    # variable:year x variable:kind: each cell the codings in documents of that year and kind
    out = tmp_path / "year-kind.csv"
    assert run(capsys, "matrix", path, "--rows", "variable:year", "--cols", "variable:kind",
               "-o", out)[0] == 0
    for line in read(out):
        for label in ("journal article", "web commentary"):
            want = sum(1 for r in rows if values[r["document"]] == (label, line["year"]))
            assert int(line.get(label, 0)) == want
    # a set as columns, codes as rows: codings in the set's documents
    out = tmp_path / "code-set.csv"
    assert run(capsys, "matrix", path, "--rows", "codes", "--cols", "sets", "-o", out)[0] == 0
    for line in read(out):
        want = sum(1 for r in rows if r["code_path"] == line["code"] and r["document"] in first_two)
        assert int(line["First two"]) == want


@pytest.mark.parametrize("rows, cols, message", [
    ("codes", "variable:nope", "no variable 'nope'"),
    ("codes", "groups", "columns are codes, documents, coders, sets or variable:NAME"),
    ("sets", "sets", "sets x sets is not a matrix"),
    ("variable:kind", "variable:kind", "is not a matrix"),
])
def test_bad_columns_are_one_line_and_exit_2(capsys, path, tmp_path, rows, cols, message):
    refused(capsys, path, tmp_path, rows, cols, message)


def test_autocode_query_and_matrix_agree_on_each_coder(capsys, path, tmp_path):
    """Codings made by ``autocode --coder`` are the ones ``query --coder`` lists and the ones
    the codes x coders matrix counts, coder by coder."""
    code, said, _ = run(capsys, "autocode", path, "sovereignty", "--code",
                        "Themes/Trust deficit", "--coder", "chen")
    assert code == 0 and said.startswith("made ")
    made = int(said.split()[1])
    assert made > 0
    out = tmp_path / "m.csv"
    assert run(capsys, "matrix", path, "--rows", "codes", "--cols", "coders", "-o", out)[0] == 0
    matrix = {r["code"]: r for r in read(out)}
    assert int(matrix["Themes/Trust deficit"]["chen"]) == made
    for coder in ("ann", "bob", "chen"):
        for code_path in ("Themes/Trust deficit", "Actors/United States"):
            q = tmp_path / f"{coder}.csv"
            assert run(capsys, "query", path, f'"{code_path}"', "--coder", coder, "-o", q)[0] == 0
            listed = read(q)
            assert {r["coder"] for r in listed} <= {coder}
            assert len(listed) == int(matrix[code_path].get(coder) or 0)
    everyone = tmp_path / "all.csv"
    assert run(capsys, "query", path, "", "--coder", "chen", "-o", everyone)[0] == 0
    assert len(read(everyone)) == made
    code, _, err = run(capsys, "query", path, "", "--coder", "nobody")
    assert code == 2 and "no coder 'nobody'" in err
