"""Segments as XLSX (three sheets, formulas neutralised) and as an HTML report."""

from __future__ import annotations

from html import escape
from html.parser import HTMLParser

from gwot_reader.cli import main
from gwot_reader.exchange.segments_report import export_segments_html
from gwot_reader.exchange.segments_xlsx import export_segments_xlsx


def _code(project, memo="=HYPERLINK(\"http://x\")"):
    docs = project.documents.all()
    code = next(c for c in project.codebook.all() if not c.is_category)
    project.codebook.update(code.id, definition="<b>not markup</b>")
    a = project.codings.add(docs[0].id, code.id, 5, 40, memo=memo)
    b = project.codings.add(docs[1].id, code.id, 0, 12, coder="bilal")
    return code, a, b


def test_xlsx_has_three_sheets_and_no_formulas(corpus_project, tmp_path):
    from openpyxl import load_workbook

    code, a, _ = _code(corpus_project)
    out = tmp_path / "s.xlsx"
    assert export_segments_xlsx(corpus_project, out) == 2
    wb = load_workbook(out)
    assert wb.sheetnames == ["segments", "codebook", "code x document"]
    seg = wb["segments"]
    header = [c.value for c in seg[1]]
    row = {h: c for h, c in zip(header, seg[2], strict=True)}
    assert row["coding_guid"].value == a.guid and row["text"].value == a.text
    assert row["memo"].value == a.memo and row["memo"].data_type == "s"
    assert row["memo"].quotePrefix
    assert all(c.data_type != "f" for r in seg.iter_rows() for c in r)
    matrix = wb["code x document"]
    mh = [c.value for c in matrix[1]]
    path = corpus_project.codebook.path(code.id)
    line = next(r for r in matrix.iter_rows(values_only=True) if r[0] == path)
    assert line[mh.index("total")] == 2
    assert wb["codebook"].max_row == len(corpus_project.codebook.all()) + 1


def test_report_html_lists_segments_by_code_and_by_document(corpus_project, tmp_path):
    code, a, b = _code(corpus_project, memo="<script>alert(1)</script>")
    out = tmp_path / "r.html"
    assert export_segments_html(corpus_project, out) == 2
    html = out.read_text(encoding="utf-8")
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "&lt;b&gt;not markup&lt;/b&gt;" in html
    by_code, by_doc = html.split("<h2>By document</h2>")
    assert html.count("<mark>") == 4  # each segment once under its code, once under its document
    first, second = (escape(corpus_project.documents.get(c.document_id).name) for c in (a, b))
    assert by_doc.index(first) < by_doc.index(second)
    assert by_code.index(first) < by_code.index(second)
    HTMLParser().feed(html)


def test_cli_exports(corpus_project, tmp_path, capsys):
    _code(corpus_project)
    corpus_project.close()
    for fmt, name in (("segments-xlsx", "s.xlsx"), ("report-html", "r.html"), ("qdpx", "p.qdpx")):
        assert main(["export", str(tmp_path / "corpus.gwot"), "--format", fmt, "-o",
                     str(tmp_path / name)]) == 0
        assert (tmp_path / name).stat().st_size > 0
    assert "exported 2 codings (REFI-QDA project)" in capsys.readouterr().out
