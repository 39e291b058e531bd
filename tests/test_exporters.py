"""The one registry of export formats: what the CLI and both menus choose from."""

from __future__ import annotations

import pytest

from gwot_reader.cli import main
from gwot_reader.core.errors import GwotError
from gwot_reader.exchange.exporters import EXPORTERS, codebook_format
from gwot_reader.store import Project


def test_every_format_loads_its_functions():
    assert set(EXPORTERS) == {"segments-csv", "codebook-csv", "codebook-qdc", "codebook-html",
                              "segments-xlsx", "report-html", "qdpx"}
    for fmt in EXPORTERS.values():
        for target in filter(None, (fmt.writer, fmt.reader)):
            module, _, name = target.partition(":")
            assert callable(getattr(__import__(module, fromlist=[name]), name)), target
        assert fmt.suffixes and all(s.startswith(".") for s in fmt.suffixes)
        assert f"*{fmt.suffixes[0]}" in fmt.pattern


@pytest.mark.parametrize(("name", "fmt"), [("a.csv", "codebook-csv"), ("A.TSV", "codebook-csv"),
                                           ("b.txt", "codebook-csv"), ("c.QDC", "codebook-qdc")])
def test_codebook_format_by_extension(name, fmt):
    assert codebook_format(name).name == fmt


def test_an_unknown_codebook_extension_is_refused_or_defaulted():
    with pytest.raises(GwotError, match=r"cannot tell the codebook format of 'x\.docx': use \.csv or \.qdc"):
        codebook_format("x.docx")
    with pytest.raises(GwotError, match="cannot tell"):
        codebook_format("report.html")  # a report, not a codebook one can read back
    assert codebook_format("x.docx", default="codebook-csv").name == "codebook-csv"
    assert codebook_format("x.xlsx").name == "codebook-csv"  # read (other tools' tables), not written


def test_a_write_only_format_says_so(corpus_project, tmp_path):
    with pytest.raises(GwotError, match="can be written, not read"):
        EXPORTERS["codebook-html"].import_(corpus_project, tmp_path / "x.html")


@pytest.mark.parametrize("fmt", sorted(EXPORTERS))
def test_each_format_exports_through_the_registry_and_the_cli(corpus_project, tmp_path, capsys, fmt):
    exporter = EXPORTERS[fmt]
    doc = corpus_project.documents.all()[0]
    code = next(c for c in corpus_project.codebook.all() if not c.is_category)
    corpus_project.codings.add(doc.id, code.id, 0, 12)
    direct = tmp_path / f"direct{exporter.suffixes[0]}"
    n = exporter.export(corpus_project, direct, bom=True, neutralise=True)
    # segment and project formats count the one coding, codebook formats the codes
    per_coding = exporter.kind in ("segments", "project") or fmt == "report-html"
    assert n == (1 if per_coding else len(corpus_project.codebook.all()))
    assert direct.stat().st_size > 0
    path = corpus_project.path
    corpus_project.close()
    out = tmp_path / f"cli{exporter.suffixes[0]}"
    assert main(["export", str(path), "--format", fmt, "-o", str(out)]) == 0
    assert capsys.readouterr().out.strip() == f"exported {n} {exporter.counts} to {out}"
    if exporter.csv:  # the BOM asked for above, and none by default
        assert direct.read_bytes()[:3] == b"\xef\xbb\xbf" and out.read_bytes()[:3] != b"\xef\xbb\xbf"
    else:
        # reports carry the time they were made, ZIP archives (.xlsx, .qdpx) their members' times
        assert out.read_bytes() == direct.read_bytes() or exporter.kind == "report" or \
            fmt in ("report-html", "segments-xlsx", "qdpx")


def test_codebook_round_trip_through_the_registry(corpus_project, tmp_path):
    for fmt in ("codebook-csv", "codebook-qdc"):
        path = tmp_path / f"book{EXPORTERS[fmt].suffixes[0]}"
        EXPORTERS[fmt].export(corpus_project, path)
        fresh = Project.create(tmp_path / f"{fmt}.gwot")
        report = codebook_format(path).import_(fresh, path)
        assert [c.guid for c in fresh.codebook.all()] == [c.guid for c in corpus_project.codebook.all()]
        assert report.summary()
        fresh.close()
