"""import-codings: codings from another copy's coded-segments CSV, checked against the text."""

from __future__ import annotations

import csv
import shutil

import pytest

from gwot_reader.cli import main
from gwot_reader.core.errors import ImportError_
from gwot_reader.exchange.codings_csv import import_codings_csv
from gwot_reader.exchange.segments_csv import export_segments_csv
from gwot_reader.store import Project


@pytest.fixture
def other_copy(_corpus_template, tmp_path) -> Project:
    path = tmp_path / "other.gwot"
    shutil.copy(_corpus_template, path)
    with Project.open(path, coder="bilal") as p:
        yield p


def _coded(project: Project) -> None:
    docs = project.documents.all()
    codes = [c for c in project.codebook.all() if not c.is_category]
    text = project.documents.text(docs[0].id)
    project.codings.add(docs[0].id, codes[0].id, 0, 25, memo="=SUM(A1)", coder="ayesha")
    i = text.index(" ", 200)
    project.codings.add(docs[0].id, codes[1].id, i + 1, i + 30)
    project.codings.add(docs[1].id, codes[2].id, 10, 60, coder="bilal")


def _rows(path):
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _write(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)


def test_codings_come_across_then_are_skipped(corpus_project, other_copy, tmp_path):
    _coded(corpus_project)
    out = tmp_path / "seg.csv"
    export_segments_csv(corpus_project, out)
    report = import_codings_csv(other_copy, out)
    assert report.added == 3 and not report.refused and not report.skipped
    key = lambda c: (c.guid, c.start, c.end, c.text, c.coder, c.memo, c.created)  # noqa: E731
    assert sorted(map(key, other_copy.codings.all())) == sorted(map(key, corpus_project.codings.all()))
    again = import_codings_csv(other_copy, out)
    assert again.added == 0 and len(again.skipped) == 3


def test_shifted_rows_are_re_anchored_and_bad_rows_refused(corpus_project, other_copy, tmp_path):
    _coded(corpus_project)
    out = tmp_path / "seg.csv"
    export_segments_csv(corpus_project, out)
    rows = _rows(out)
    rows[1]["start"] = str(int(rows[1]["start"]) + 3)  # an edited copy: the quote still says where
    rows[1]["end"] = str(int(rows[1]["end"]) + 3)
    rows[1]["coding_guid"] = ""
    rows[0]["document"] = "No such paper"
    rows[2]["text"] = "words that are nowhere in the paper"
    rows.append(dict(rows[1], code_path="Themes/Nope", coding_guid=""))
    _write(out, rows)
    before = other_copy.codings.count()
    report = import_codings_csv(other_copy, out)
    assert report.added == 1 and len(report.reanchored) == 1 and len(report.refused) == 3
    assert any("No such paper" in r for r in report.refused)
    assert any("nor anywhere else" in r for r in report.refused)
    assert any("not in the codebook" in r for r in report.refused)
    added = [c for c in other_copy.codings.all()][0]
    assert other_copy.codings.count() == before + 1
    assert added.text == other_copy.documents.text(added.document_id)[added.start:added.end]


def test_not_a_segments_csv_and_cli(corpus_project, other_copy, tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n")
    with pytest.raises(ImportError_, match="not a coded-segments CSV"):
        import_codings_csv(other_copy, bad)
    _coded(corpus_project)
    out = tmp_path / "seg.csv"
    export_segments_csv(corpus_project, out)
    other_copy.close()
    assert main(["import-codings", str(tmp_path / "other.gwot"), str(out)]) == 0
    assert "3 codings added" in capsys.readouterr().out
    assert main(["import-codings", str(tmp_path / "other.gwot"), str(bad)]) == 2
