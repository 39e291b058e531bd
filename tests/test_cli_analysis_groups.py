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
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    try:  # argparse exits by itself; a GwotError comes back as status 2
        code = main(["matrix", str(path), "--rows", rows, "--cols", "codes", "-o",
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
