"""Codebook CSV: merging reports added/changed/left, and a round trip changes nothing."""

from __future__ import annotations

import csv

import pytest

from gwot_reader.cli import main
from gwot_reader.core.errors import GwotError
from gwot_reader.exchange.bundled import resource
from gwot_reader.exchange.codebook_csv import export_codebook_csv, import_codebook_csv
from gwot_reader.exchange.newproject import STARTER_CODEBOOK


def rows(path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_round_trip_csv_project_csv_is_byte_identical(corpus_project, empty_project, tmp_path):
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    export_codebook_csv(corpus_project, first)
    report = import_codebook_csv(empty_project, first)
    assert len(report.added) == 24 and not report.changed and not report.not_in_file
    export_codebook_csv(empty_project, second)
    assert second.read_bytes() == first.read_bytes()


def test_a_tsv_codebook_is_tab_separated_and_round_trips(corpus_project, empty_project, tmp_path):
    tsv = tmp_path / "codebook.tsv"
    assert main(["codebook", "export", str(corpus_project.path), str(tsv)]) == 0
    header = tsv.read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("code\tparent\t") and "," not in header
    with tsv.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    assert len(rows) == 24 and {r["path"] for r in rows} >= {"Actors/TTP", "Themes/Trust deficit"}
    report = import_codebook_csv(empty_project, tsv)
    assert len(report.added) == 24


def test_reimporting_the_starter_codebook_changes_nothing(corpus_project, tmp_path):
    before = tmp_path / "before.csv"
    export_codebook_csv(corpus_project, before)
    report = import_codebook_csv(corpus_project, resource(STARTER_CODEBOOK))
    assert (len(report.added), len(report.changed), len(report.unchanged)) == (0, 0, 24)
    after = tmp_path / "after.csv"
    export_codebook_csv(corpus_project, after)
    assert after.read_bytes() == before.read_bytes()


def test_merge_reports_what_it_added_changed_and_left(corpus_project, tmp_path):
    src = tmp_path / "cb.csv"
    export_codebook_csv(corpus_project, src)
    table = rows(src)
    trust = next(r for r in table if r["path"] == "Themes/Trust deficit")
    trust["code"], trust["definition"] = "Mistrust", "Changed definition."
    ttp = next(r for r in table if r["path"] == "Actors/TTP")
    ttp["parent"] = "Themes"  # moved
    table = [r for r in table if r["path"] != "Actors/China"]  # left out of the file
    table.append({"code": "Drones", "parent": "Themes", "is_category": "false",
                  "color": "#123", "definition": "New."})
    with open(src, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(table[0]))
        w.writeheader()
        w.writerows(table)
    report = import_codebook_csv(corpus_project, src)
    assert report.added == ["Themes/Drones"]
    assert sorted(report.changed) == ["Themes/Mistrust", "Themes/TTP"]
    assert report.not_in_file == ["Actors/China"]
    assert len(report.unchanged) == 21
    assert report.summary() == ("1 added, 2 changed, 21 left as they were "
                                "(1 code of the project is not in the file and was kept)")
    assert report.details() == ["added Themes/Drones", "changed Themes/TTP",
                                "changed Themes/Mistrust"]
    assert corpus_project.codebook.get("Themes/Mistrust").guid == trust["guid"]
    assert corpus_project.codebook.get("Themes/Drones").color == "#112233"
    assert corpus_project.codebook.get("Actors/China")  # kept


def test_a_failing_row_leaves_the_project_unchanged(corpus_project, tmp_path):
    src = tmp_path / "bad.csv"
    src.write_text("code,parent,color\nFine,,#123456\nBroken,,not-a-colour\n", encoding="utf-8")
    before = (corpus_project.codebook.all(), len(corpus_project.history.all()))
    with pytest.raises(GwotError, match="line 3"):
        import_codebook_csv(corpus_project, src)
    assert (corpus_project.codebook.all(), len(corpus_project.history.all())) == before


def test_the_same_code_twice_in_a_file_is_an_error(empty_project, tmp_path):
    src = tmp_path / "twice.csv"
    src.write_text("code,parent\nA,\na,\n", encoding="utf-8")
    with pytest.raises(GwotError, match="twice"):
        import_codebook_csv(empty_project, src)
    assert empty_project.codebook.all() == []


def test_cli_reports_the_merge(corpus_project, tmp_path, capsys):
    path = str(corpus_project.path)
    corpus_project.close()
    out = tmp_path / "cb.csv"
    assert main(["codebook", "export", path, str(out)]) == 0
    assert main(["codebook", "import", path, str(out)]) == 0
    assert "0 added, 0 changed, 24 left as they were" in capsys.readouterr().out


def test_guids_are_normalised_and_malformed_ones_refused(corpus_project, tmp_path):
    trust = corpus_project.codebook.get("Themes/Trust deficit")
    src = tmp_path / "g.csv"
    src.write_text(f"code,parent,guid\nMistrust,Themes,{{{trust.guid.lower()}}}\n", encoding="utf-8")
    report = import_codebook_csv(corpus_project, src)
    assert report.changed == ["Themes/Mistrust"] and corpus_project.codebook.get(trust.id).name == "Mistrust"
    src.write_text("code,parent,guid\nX,,not-a-guid\n", encoding="utf-8")
    with pytest.raises(GwotError, match="line 2: 'not-a-guid' is not a GUID"):
        import_codebook_csv(corpus_project, src)
