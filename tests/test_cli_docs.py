"""The doc, variables, sets and memos commands on the bundled corpus."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from gwot_reader.cli import main
from gwot_reader.store import Project

SAFI = "Safi 2023 - Pakistan-U.S. anti-terrorism dialogue"
KHAN = "Khan & Ayub 2024 - Pakistan's Dual Role"


def run(capsys, *argv: object) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def path(_corpus_template, tmp_path) -> Path:
    p = tmp_path / "study.gwot"
    shutil.copy(_corpus_template, p)
    return p


def test_bundled_corpus_has_year_kind_and_venue(path):
    with Project.open(path) as p:
        names = [v.name for v in p.variables.all()]
        assert names == ["year", "kind", "venue"]
        kind = p.variables.get("kind")
        assert kind.type == "choice" and kind.choices == ("journal article", "web commentary")
        safi = p.documents.get(SAFI)
        assert p.variables.values(safi.id) == {p.variables.get("year").id: 2023,
                                               kind.id: "web commentary"}


def test_doc_rename_set_move_remove(path, capsys):
    code, out, _ = run(capsys, "doc", "rename", path, "--doc", SAFI, "--to", "Safi 2023")
    assert code == 0 and "'Safi 2023'" in out
    code, out, _ = run(capsys, "doc", "set", path, "--doc", "Safi 2023", "--title", "T",
                       "--authors", "A. Safi", "--year", "2022", "--kind", "op-ed",
                       "--source", "https://example.org/safi")
    assert code == 0 and "year: 2023 -> 2022" in out
    with Project.open(path) as p:
        d = p.documents.get("Safi 2023")
        assert (d.title, d.authors, d.year, d.kind, d.source_name) == (
            "T", "A. Safi", 2022, "op-ed", "https://example.org/safi")
        code_id = p.codebook.get("Themes/Trust deficit").id
        for i in range(3):
            p.codings.add(d.id, code_id, i, i + 4)
    assert run(capsys, "doc", "move", path, "--doc", "Safi 2023", "--position", 1)[0] == 0
    with Project.open(path) as p:
        assert p.documents.all()[0].name == "Safi 2023"
    code, out, _ = run(capsys, "doc", "remove", path, "--doc", "Safi 2023")
    assert code == 0 and "with 3 codings" in out
    code, _, err = run(capsys, "doc", "set", path, "--doc", KHAN, "--year", "soon")
    assert code == 2 and err.count("\n") == 1 and "whole number" in err
    code, _, err = run(capsys, "doc", "remove", path, "--doc", "nope")
    assert code == 2 and "no document" in err
    with Project.open(path) as p:
        assert p.stats()["documents"] == 4 and p.documents.get(KHAN).year == 2024


def test_variables_export_import_round_trip(path, tmp_path, capsys):
    out_csv = tmp_path / "vars.csv"
    code, out, _ = run(capsys, "variables", "export", path, out_csv)
    assert code == 0 and "3 variables of 5 documents" in out
    with open(out_csv, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["document", "year", "kind", "venue"]
    assert [SAFI, "2023", "web commentary", ""] in rows
    # a spreadsheet edit: a new number column, a new text column with a formula-like cell,
    # a changed value and a very long cell
    long_note = "n" * 200_000
    rows[0] += ["pages", "note"]
    for r in rows[1:]:
        r += ["12" if r[0] == SAFI else "", "=1+1" if r[0] == SAFI else ""]
    rows[1][3] = "Gomal University Journal"
    with open(out_csv, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    code, out, _ = run(capsys, "variables", "import", path, out_csv)
    assert code == 0, out
    assert "values set" in out and "pages (number)" in out and "note (text)" in out
    assert "3 values set" in out
    run(capsys, "variables", "export", path, out_csv)
    with open(out_csv, encoding="utf-8", newline="") as fh:
        back = {r["document"]: r for r in csv.DictReader(fh)}
    assert back[SAFI]["note"] == "'=1+1" and back[SAFI]["pages"] == "12"
    # our neutralised cell reads back as the value, and nothing changes
    code, out, _ = run(capsys, "variables", "import", path, out_csv)
    assert code == 0 and "0 values set, 0 cleared" in out
    with Project.open(path) as p:
        assert p.variables.value(p.documents.get(SAFI).id, p.variables.get("note").id) == "=1+1"
    # a long cell is read (field limit raised) and refused with our message, nothing written
    rows[2][-1] = long_note
    with open(out_csv, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    code, _, err = run(capsys, "variables", "import", path, out_csv)
    assert code == 2 and "at most 100,000 characters" in err and "line 3" in err


@pytest.mark.parametrize(("content", "message"), [
    ("name,year\nx,1\n", "no 'document' column"),
    ("document,year\nNobody 1999,1\n", "no document named"),
    ("document,year\n" + SAFI + ",soon\n", "is not a number"),
    ("document,kind\n" + SAFI + ",blog\n", "is not one of"),
    ("document,a,A\n" + SAFI + ",1,2\n", "appears twice"),
])
def test_variables_import_refuses_bad_files_unchanged(path, tmp_path, capsys, content, message):
    f = tmp_path / "bad.csv"
    f.write_text(content, encoding="utf-8")
    with Project.open(path) as p:
        before = (p.variables.all(), p.variables.table(), len(p.history.all()))
    code, _, err = run(capsys, "variables", "import", path, f)
    assert code == 2 and message in err and err.count("\n") == 1
    with Project.open(path) as p:
        assert (p.variables.all(), p.variables.table(), len(p.history.all())) == before


def test_variables_add_set_list(path, capsys):
    assert run(capsys, "variables", "add", path, "region", "--type", "choice",
               "--choices", "Pakistan, United States")[0] == 0
    code, out, _ = run(capsys, "variables", "set", path, "--doc", SAFI, "--var", "region",
                       "--value", "pakistan")
    assert code == 0 and "'Pakistan'" in out
    code, out, _ = run(capsys, "variables", "list", path)
    assert "region\tchoice (Pakistan, United States)\t1 documents" in out


def test_sets_commands(path, capsys):
    code, out, _ = run(capsys, "sets", "add", path, "2024", "--doc", KHAN)
    assert code == 0 and "created set '2024' with 1 documents" in out
    code, out, _ = run(capsys, "sets", "add", path, "2024", "--doc", KHAN, "--doc", SAFI)
    assert "added 1 documents" in out
    code, out, _ = run(capsys, "sets", "list", path)
    assert "2024\t2 documents" in out and f"  {SAFI}" in out
    code, out, _ = run(capsys, "sets", "remove", path, "2024", "--doc", SAFI)
    assert "took 1 documents out" in out
    code, out, _ = run(capsys, "sets", "remove", path, "2024")
    assert "removed set '2024' (1 documents; the documents stay)" in out
    with Project.open(path) as p:
        assert p.sets.all() == [] and p.stats()["documents"] == 5
    assert run(capsys, "sets", "remove", path, "nope")[0] == 2


def test_memos_journal_doc_and_markdown_export(path, tmp_path, capsys):
    assert run(capsys, "memos", "journal", path, "--text", "Started with Safi", "--title",
               "Day 1", "--date", "2026-11-30")[0] == 0
    assert run(capsys, "memos", "doc", path, "--doc", SAFI, "--text",
               "# not a heading\nمیمو ok")[0] == 0
    md = tmp_path / "memos.md"
    code, out, _ = run(capsys, "memos", "export", path, md)
    assert code == 0 and "1 journal entries and 1 document memos" in out
    text = md.read_text("utf-8")
    assert "### 2026-11-30: Day 1" in text and "Started with Safi" in text
    assert f"### {SAFI}" in text and "\\# not a heading" in text and "میمو ok" in text
    code, _, err = run(capsys, "memos", "journal", path, "--text", "x", "--date", "30/11/2026")
    assert code == 2 and "YYYY-MM-DD" in err
    # and in the HTML report, escaped
    report = tmp_path / "report.html"
    assert run(capsys, "export", path, "--format", "codebook-html", "-o", report)[0] == 0
    html = report.read_text("utf-8")
    assert '<h2 id="memos">Memos</h2>' in html and "2026-11-30: Day 1" in html
    assert "# not a heading" in html and "میمو ok" in html and "<script" not in html


def test_help_lists_the_new_commands_and_odt(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for command in ("doc", "variables", "sets", "memos"):
        assert command in out
    assert "ODT" in out


def test_doc_edit_text_moves_codings_and_refuses_bad_spans(path, capsys):
    with Project.open(path) as p:
        doc = p.documents.get(SAFI)
        code = p.codebook.get("Themes/Trust deficit")
        whole = p.codings.add(doc.id, code.id, 0, 33)
        later = p.codings.add(doc.id, code.id, 177, 232)
        text = p.documents.text(doc.id)
    code_, out, _ = run(capsys, "doc", "edit-text", path, "--doc", SAFI, "--start", 16,
                        "--end", 16, "--text", "\n", "--dry-run")
    assert code_ == 0 and out.startswith(f"changed\t{whole.guid}\t[0, 33) -> [0, 34)")
    assert "would edit [16, 16)" in out and "1 codings changed, 0 removed, 1 moved" in out
    with Project.open(path) as p:
        assert p.documents.text(doc.id) == text  # a dry run writes nothing
    code_, out, _ = run(capsys, "doc", "edit-text", path, "--doc", SAFI, "--start", 16,
                        "--end", 16, "--text", "\n")
    assert code_ == 0 and "edited [16, 16)" in out
    with Project.open(path) as p:
        assert p.codings.get(whole.id).text == "Security studies\nStrategic studies"
        moved = p.codings.get(later.id)
        assert (moved.start, moved.end, moved.text) == (178, 233, later.text)
        assert p.documents.source(doc.id).decode("utf-8").startswith(
            "Security studiesStrategic studies")  # the original bytes are kept
    for bad in (("--start", 5, "--end", 4), ("--start", 0, "--end", 10**6)):
        code_, _, err = run(capsys, "doc", "edit-text", path, "--doc", SAFI, *bad, "--text", "x")
        assert code_ == 2 and err.count("\n") == 1 and "Traceback" not in err
    code_, _, err = run(capsys, "doc", "edit-text", path, "--doc", SAFI, "--start", 0,
                        "--end", 8, "--text", "Security")
    assert code_ == 2 and "changes nothing" in err
