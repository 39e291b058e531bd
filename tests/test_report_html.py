"""The HTML codebook report: complete, correct counts, real examples, escaped, self-contained."""

from __future__ import annotations

import lxml.html

from gwot_reader.cli import main
from gwot_reader.exchange.report_html import codebook_html, export_codebook_html


def page(project):
    return lxml.html.fromstring(codebook_html(project))


def section(doc, project, path):
    return doc.get_element_by_id(f"code-{project.codebook.get(path).guid.lower()}")


def table_row(doc, name):
    for tr in doc.xpath("//table//tr"):
        cells = [td.text_content().strip() for td in tr.xpath("td")]
        if cells and cells[0] == name:
            return cells
    raise AssertionError(f"no row for {name}")


def test_report_has_tree_definitions_and_examples(corpus_project):
    p = corpus_project
    trust = p.codebook.get("Themes/Trust deficit")
    text = p.documents.text(3)
    p.codings.add(3, trust.id, 100, 160)
    p.codings.add(1, trust.id, 50, 70)  # document 1 comes first in reading order
    doc = page(p)
    # the tree lists every code, nested under its category
    tree_items = doc.xpath("//ul[@class='tree']//a")
    assert len(tree_items) == 24
    assert doc.xpath("//ul[@class='tree']/li[a='Themes']/ul/li/a")[0].text == "Trust deficit"
    # all four fields of a code with all four
    pak = section(doc, p, "Actors/Pakistan (state)")
    terms = [dt.text for dt in pak.xpath(".//dt")]
    assert terms == ["Definition", "Use when", "Do not use when", "Example"]
    assert "from the codebook" in pak.text_content()  # no codings: the codebook's example
    # a real quotation when the code has codings: the first in reading order
    quote = section(doc, p, "Themes/Trust deficit").xpath(".//blockquote")[0]
    assert p.documents.text(1)[50:70] in quote.text_content()
    assert "characters 50–70" in quote.text_content()
    assert text[100:160] not in quote.text_content()


def test_counts_per_code_and_per_document(corpus_project):
    p = corpus_project
    trust, ttp = p.codebook.get("Themes/Trust deficit").id, p.codebook.get("Actors/TTP").id
    p.codings.add(1, trust, 0, 10)
    p.codings.add(1, trust, 20, 30)
    p.codings.add(4, trust, 0, 10)
    p.codings.add(3, ttp, 0, 10)
    doc = page(p)
    header = [th.text_content() for th in doc.xpath("//table//th")]
    assert header == ["Code", "Codings", "Documents", "D1", "D2", "D3", "D4", "D5"]
    assert table_row(doc, "Trust deficit")[1:] == ["3", "2", "2", "0", "0", "1", "0"]
    assert table_row(doc, "TTP")[1:] == ["1", "1", "0", "0", "1", "0", "0"]
    assert table_row(doc, "Themes")[1:] == ["3", "2", "2", "0", "0", "1", "0"]  # subtree sums
    assert table_row(doc, "China")[1:3] == ["0", "0"]
    legend = [li.text_content() for li in doc.xpath("//ol[@class='docs']/li")]
    assert legend[0].startswith(p.documents.all()[0].name)
    assert "22 codes in 2 categories; 4 codings in 3 documents (of 5)" in doc.text_content()


def test_everything_is_escaped_and_self_contained(corpus_project):
    p = corpus_project
    evil = '<script>alert("x")</script>'
    cat = p.codebook.add(f"Cat {evil}", is_category=True)
    code = p.codebook.add(f"Code {evil}", cat.id, definition=evil, use_when="a & b", example=evil,
                      color="red;background:url(javascript:alert(1))")
    p.documents.update(1, name=f"Doc {evil}")
    p.codings.add(2, code.id, 0, 12)
    html = codebook_html(p)
    assert "<script" not in html and "javascript:" not in html
    assert "&lt;script&gt;" in html and "a &amp; b" in html
    assert "<link" not in html and " src=" not in html and "@import" not in html
    doc = lxml.html.fromstring(html)
    assert doc.xpath("//style")
    assert section(doc, p, f"Cat {evil}/Code {evil}").xpath(".//dd")[0].text_content() == evil


def test_empty_project_report(empty_project):
    html = codebook_html(empty_project)
    assert "The codebook is empty." in html and "0 codes in 0 categories" in html


def test_cli_writes_the_report(corpus_project, tmp_path, capsys):
    path = str(corpus_project.path)
    corpus_project.close()
    out = tmp_path / "codebook.html"
    assert main(["export", path, "--format", "codebook-html", "-o", str(out)]) == 0
    assert "exported 24 codes" in capsys.readouterr().out
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert main(["export", path, "--format", "codebook-html", "-o", str(tmp_path / "no/x.html")]) == 2


def test_export_function_returns_the_code_count(corpus_project, tmp_path):
    assert export_codebook_html(corpus_project, tmp_path / "r.html") == 24
