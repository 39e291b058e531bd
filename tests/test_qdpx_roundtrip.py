"""Our .qdpx export validates against Project.xsd and comes back field by field."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from refi_schema import validate_project
from test_pdf import make_pdf

from gwot_reader.exchange.qdpx import export_qdpx, import_qdpx
from gwot_reader.exchange.textimport import import_file
from gwot_reader.store import Project

ROOT = Path(__file__).resolve().parents[1]

TEXTS = {
    "emoji.txt": "Drone \U0001F681 strikes \U0001F4A5 in the tribal areas \U0001F30D.\r\nSecond line.\r\n",
    "cjk.txt": "无人机袭击 changed 巴基斯坦 politics.\r\n第二段。\r\n",
    "urdu.txt": "ڈرون حملے اور اعتماد کا فقدان\r\nنئی سطر café\u0301\r\n",
}


@pytest.fixture
def rich_project(tmp_path) -> Project:
    p = Project.create(tmp_path / "src.gwot", coder="ayesha")
    for name, text in TEXTS.items():
        (tmp_path / name).write_bytes(text.encode("utf-8"))
        import_file(p, tmp_path / name, title=f"Title of {name}", authors="A. Author", year=2024,
                    kind="interview")
    (tmp_path / "notes.md").write_text("# Heading\n\nSome **bold** claim about drones.\n")
    import_file(p, tmp_path / "notes.md")
    pdf = make_pdf(tmp_path / "page.pdf", [[(50, 100, "Figure one shows the strikes."),
                                            (50, 300, "Table two lists the dates.")]])
    pdf_doc, _ = import_file(p, pdf)
    p.documents.update(p.documents.all()[0].id, notes="Transcribed by hand.\nTwo lines.")
    cat = p.codebook.add("Themes", is_category=True, color="#123456")
    a = p.codebook.add("Drones", cat.id, color="#FF0000", definition="Unmanned strikes.",
                   use_when="A strike is named.", do_not_use_when="Only aircraft.",
                   example="drone strikes", memo="Check with Bilal.")
    b = p.codebook.add("Trust", color="#00AA00", definition="Trust deficit.")
    c = p.codebook.add("Sub", b.id)
    docs = {d.name: d for d in p.documents.all()}
    emoji = docs["emoji"]
    t = p.documents.text(emoji.id)
    i = t.index("\U0001F681")
    p.codings.add(emoji.id, a.id, i, i + 9, memo="emoji inside \U0001F681")
    p.codings.add(emoji.id, b.id, i - 6, t.index("\n"), coder="bilal")
    cjk = docs["cjk"]
    tc = p.documents.text(cjk.id)
    p.codings.add(cjk.id, c.id, tc.index("巴基斯坦"), tc.index("巴基斯坦") + 4, coder="bilal")
    urdu = docs["urdu"]
    tu = p.documents.text(urdu.id)
    coding = p.codings.add(urdu.id, a.id, 0, tu.index("\n") + 3)
    p.codings.add(docs["notes"].id, b.id, 0, 7)
    region = p.pages.add_region_coding(pdf_doc.id, a.id, 1, (40.0, 80.0, 300.0, 110.0), memo="figure")
    p.memos.add("The whole study.", title="Project memo")
    p.memos.add("About this interview.", target_kind="document", target_guid=emoji.guid,
               coder="bilal")
    p.memos.add("A second note on the code.", target_kind="code", target_guid=a.guid)
    p.memos.add("On this passage.", target_kind="coding", target_guid=coding.guid, title="Why")
    assert region.start < region.end
    yield p
    p.close()


def _docs(p: Project):
    return sorted((d.guid, d.name, d.title, d.authors, d.year, d.kind, d.notes, d.media_type,
                   p.documents.text(d.id), p.documents.source(d.id), tuple(p.documents.runs(d.id)))
                  for d in p.documents.all())


def _codes(p: Project):
    by_id = {c.id: c for c in p.codebook.all()}
    return sorted((c.guid, c.name, by_id[c.parent_id].guid if c.parent_id else None, c.is_category,
                   c.color, c.definition, c.use_when, c.do_not_use_when, c.example, c.memo, c.ord)
                  for c in by_id.values())


def _codings(p: Project):
    docs = {d.id: d.guid for d in p.documents.all()}
    codes = {c.id: c.guid for c in p.codebook.all()}
    return sorted((c.guid, docs[c.document_id], codes[c.code_id], c.start, c.end, c.text, c.coder,
                   c.memo, c.created, c.modified) for c in p.codings.all())


def _memos(p: Project):
    return sorted((m.guid, m.target_kind, m.target_guid, m.title, m.text, m.coder, m.created,
                   m.modified) for m in p.memos.all())


def test_export_validates_and_round_trips_field_by_field(rich_project, tmp_path):
    out = tmp_path / "study.qdpx"
    n = export_qdpx(rich_project, out)
    assert n == rich_project.codings.count() == 6
    with zipfile.ZipFile(out) as zf:
        names = zf.namelist()
        validate_project(zf.read("project.qde"))
        # the text sources are our canonical text in UTF-8: positions are exact code points
        emoji = rich_project.documents.find("emoji")
        assert zf.read(f"sources/{emoji.guid}.txt").decode("utf-8") == \
            rich_project.documents.text(emoji.id)
    pdf = next(d for d in rich_project.documents.all() if d.media_type == "application/pdf")
    assert f"sources/{pdf.guid}.pdf" in names
    with Project.create(tmp_path / "back.gwot", coder="someone") as back:
        report = import_qdpx(back, out)
        assert report.exact == 6 and not report.dropped and not report.reanchored
        assert report.regions == 1
        assert _docs(back) == _docs(rich_project)
        assert _codes(back) == _codes(rich_project)
        assert _codings(back) == _codings(rich_project)
        assert _memos(back) == _memos(rich_project)
        region = list(rich_project.pages.regions().values())[0]
        again = back.pages.regions()[region.coding_guid]
        assert (again.page, again.box) == (region.page, tuple(round(v) for v in region.box))
        assert back.pages.all(back.documents.get(pdf.guid).id) == rich_project.pages.all(pdf.id)
        assert {n for _, n in __import__("gwot_reader.store.exchange_rows",
                                         fromlist=["coders"]).coders(back)} >= {"ayesha", "bilal"}


def test_export_of_an_empty_project_validates(empty_project, tmp_path):
    out = tmp_path / "empty.qdpx"
    assert export_qdpx(empty_project, out) == 0
    with zipfile.ZipFile(out) as zf:
        validate_project(zf.read("project.qde"))


def test_corpus_export_validates_and_reimport_changes_nothing(corpus_project, tmp_path):
    docs = corpus_project.documents.all()
    code = next(c for c in corpus_project.codebook.all() if not c.is_category)
    corpus_project.codings.add(docs[0].id, code.id, 3, 40, memo="x < y & \"z\"")
    out = tmp_path / "corpus.qdpx"
    export_qdpx(corpus_project, out)
    with zipfile.ZipFile(out) as zf:
        validate_project(zf.read("project.qde"))
    before = (_docs(corpus_project), _codes(corpus_project), _codings(corpus_project),
              _memos(corpus_project))
    report = import_qdpx(corpus_project, out)
    assert report.already_present == 1 and report.codings == 0
    assert (_docs(corpus_project), _codes(corpus_project), _codings(corpus_project),
            _memos(corpus_project)) == before
