"""The team commands' refusals (one line, exit 2, nothing changed) and their choices of codes
and documents, through the command line."""

from __future__ import annotations

import csv

import pytest

from gwot_reader.cli import main
from gwot_reader.store import Project


@pytest.fixture
def team(corpus_project):
    """Ayesha codes two documents, Bilal one of them; Chen a third document alone."""
    p = corpus_project
    docs = p.documents.all()
    trust = p.codebook.get("Themes/Trust deficit").id
    buck = p.codebook.get("Themes/Buck-passing").id
    p.codings.add(docs[0].id, trust, 0, 50, coder="Ayesha")
    p.codings.add(docs[1].id, buck, 10, 60, coder="Ayesha")
    p.codings.add(docs[0].id, trust, 20, 70, coder="Bilal")
    p.codings.add(docs[2].id, trust, 0, 10, coder="Chen")
    path = p.path
    p.close()
    return path, [d.name for d in docs]


def run(capsys, *args):
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.parametrize("coders,says", [
    ("Ayesha", "two or more different coders"),
    ("Ayesha,Ayesha", "two or more different coders"),
    ("Ayesha,Nobody", "coder 'Nobody' has no codings in this project (coders: Ayesha, Bilal, Chen)"),
    ("Ayesha,Chen", "no document has codings by every one of Ayesha, Chen; choose documents with --doc"),
])
def test_bad_coders_are_refused_in_one_line(team, capsys, tmp_path, coders, says):
    path, _ = team
    out = tmp_path / "a.csv"
    code, _, err = run(capsys, "agreement", str(path), "--coders", coders, "-o", str(out))
    assert code == 2 and says in err and err.count("\n") == 1
    assert not out.exists()


def test_codes_and_documents_chosen_by_name(team, capsys, tmp_path):
    path, names = team
    out = tmp_path / "a.csv"
    code, printed, _ = run(capsys, "agreement", str(path), "--coders", "Ayesha,Bilal",
                           "--code", "Trust deficit", "--doc", names[0], "--doc", names[1],
                           "-o", str(out))
    assert code == 0 and "overall" in printed
    with open(out, encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert {r["code"] for r in rows} == {"Themes/Trust deficit", "*"}
    assert {r["document"] for r in rows} == {names[0], names[1], "*"}
    [pair] = [r for r in rows if r["code"] == "Themes/Trust deficit" and r["document"] == names[0]]
    # Ayesha 0-50, Bilal 20-70: 30 both, 20 only Ayesha, 20 only Bilal
    with Project.open(path) as p:
        length = p.documents.get(names[0]).length
    assert int(pair["n_units"]) == length
    assert float(pair["percent_agreement"]) == pytest.approx(round(100 * (length - 40) / length, 2))


def test_a_category_with_no_codes_below_is_refused(team, capsys, tmp_path):
    path, _ = team
    with Project.open(path) as p:
        p.codebook.add("Empty", None, is_category=True)
    code, _, err = run(capsys, "agreement", str(path), "--coders", "Ayesha,Bilal", "--code",
                       "Empty", "-o", str(tmp_path / "a.csv"))
    assert code == 2 and "no codes to compare" in err


def test_across_needs_two_codes(team, capsys, tmp_path):
    path, _ = team
    code, _, err = run(capsys, "agreement", str(path), "--coders", "Ayesha,Bilal", "--across",
                       "--code", "Trust deficit", "-o", str(tmp_path / "a.csv"))
    assert code == 2 and "two or more codes" in err


def test_merge_refusals_leave_the_target_unchanged(team, capsys, tmp_path):
    path, _ = team
    with Project.open(path) as p:
        before = sorted(c.guid for c in p.codings.all())
    text = tmp_path / "plain.txt"
    text.write_text("not a project", encoding="utf-8")
    for source, says in ((text, "plain.txt"), (tmp_path / "missing.gwot", "no project file"),
                         (path, "is the project itself")):
        code, _, err = run(capsys, "merge", str(path), str(source))
        assert code == 2 and says in err and err.count("\n") == 1
    with Project.open(path) as p:
        assert sorted(c.guid for c in p.codings.all()) == before
