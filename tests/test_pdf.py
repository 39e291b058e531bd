"""PDF import: reading order, word maps, furniture, metadata, passwords and damaged files."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import pytest
from pdf_samples import ARTICLE_LINES  # tests/ is on sys.path

from gwot_reader.cli import main
from gwot_reader.core.errors import GwotError, ImportError_, SpanError
from gwot_reader.core.pages import page_of
from gwot_reader.exchange.formats.pdf import PasswordRequired, WrongPassword
from gwot_reader.exchange.segments_csv import export_segments_csv
from gwot_reader.exchange.textimport import import_file
from gwot_reader.store.pages import Pages

DATA = Path(__file__).parent / "data"
REFI = DATA / "REFI-QDA-1-5.pdf"
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def make_pdf(path: Path, pages: list[list[tuple[float, float, str]]], *, width=595, height=842,
             metadata: dict | None = None, password: str | None = None, fontsize=11) -> Path:
    """A PDF with the given (x, y, text) lines on each page."""
    import pymupdf

    doc = pymupdf.open()
    for lines in pages:
        page = doc.new_page(width=width, height=height)
        for x, y, text in lines:
            page.insert_text((x, y), text, fontsize=fontsize)
    if metadata:
        doc.set_metadata(metadata)
    if password:
        doc.save(path, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw=password,
                 owner_pw=password + "-owner")
    else:
        doc.save(path)
    return path


def article(tmp_path: Path) -> Path:
    """Two pages: running header, a two-column body, a hyphen at a line's end, page numbers."""
    page = ARTICLE_LINES
    page2 = [(50, 40, "Journal of Strategic Studies"), (50, 100, "Second page body text."),
             (290, 815, "2")]
    return make_pdf(tmp_path / "article.pdf", [page, page2],
                    metadata={"title": "Dialogue and Trust", "author": "A. Khan",
                              "creationDate": "D:20210304120000Z"})


def test_reading_order_columns_hyphens_and_furniture(empty_project, tmp_path):
    doc, warnings = import_file(empty_project, article(tmp_path))
    text = empty_project.documents.text(doc.id)
    assert warnings == []
    assert doc.media_type == "application/pdf"
    assert (doc.title, doc.authors, doc.year) == ("Dialogue and Trust", "A. Khan", 2021)
    left = text.index("Left column starts here")
    assert left < text.index("negotiation of terms.") < text.index("Right column comes after")
    assert "nego-" not in text
    runs = [r for r in empty_project.documents.runs(doc.id) if r.kind == "page-furniture"]
    furniture = {text[r.start:r.end] for r in runs}
    assert {"Journal of Strategic Studies", "1", "2"} <= furniture
    # the header and page number are kept in place, not deleted
    assert text.startswith("Journal of Strategic Studies\n")


def test_word_map_points_at_the_words(empty_project, tmp_path):
    doc, _ = import_file(empty_project, article(tmp_path))
    text = empty_project.documents.text(doc.id)
    pages = empty_project.pages.all(doc.id)
    assert [p.page for p in pages] == [1, 2]
    assert pages[0].start == 0 and pages[1].start > pages[0].end
    for info in pages:
        words = empty_project.pages.words(doc.id, info.page)
        assert words == sorted(words, key=lambda w: w[4])
        for x0, y0, x1, y1, start, end in words:
            assert info.start <= start < end <= info.end
            assert 0 <= x0 < x1 <= info.width and 0 <= y0 < y1 <= info.height
            assert text[start:end].strip() == text[start:end]
    # both halves of a hyphenated word map into the joined word
    words = empty_project.pages.words(doc.id, 1)
    nego = [text[w[4]:w[5]] for w in words if "nego" in text[w[4]:w[5]] or text[w[4]:w[5]] == "tiation"]
    assert nego == ["nego", "tiation"]
    assert page_of(empty_project.pages.starts(doc.id), pages[1].start + 3) == 2


@pytest.mark.skipif(not DEJAVU.exists(), reason="needs the DejaVu Sans font for ligature glyphs")
def test_ligatures_are_expanded(empty_project, tmp_path):
    import pymupdf

    pdf = pymupdf.open()
    page = pdf.new_page()
    writer = pymupdf.TextWriter(page.rect)
    font = pymupdf.Font(fontfile=str(DEJAVU))
    writer.append((50, 100), "The \ufb01nal ef\ufb01cient of\ufb01ce", font=font, fontsize=12)
    writer.write_text(page)
    pdf.save(tmp_path / "lig.pdf")
    doc, _ = import_file(empty_project, tmp_path / "lig.pdf")
    assert empty_project.documents.text(doc.id) == "The final efficient office"


def test_refi_specification_reads_in_order(empty_project):
    doc, warnings = import_file(empty_project, REFI)
    text = empty_project.documents.text(doc.id)
    assert doc.authors == "Jaap van der Marel" and doc.year == 2019
    assert len(empty_project.pages.all(doc.id)) == 60
    # headings in document order (after the table of contents), definitions with their numbers
    order = [text.rindex(f"\n{s}\n") for s in ("Copyright statement", "1 Scope", "3.5 Edge",
                                                "4.4 Exchanging codebooks", "5.1 Introduction")]
    assert order == sorted(order)
    assert "3.5 Edge\nThe line between two vertexes." in text
    # paragraphs are reflowed, not broken at every printed line
    assert ("Permission is hereby granted, free of charge, to any person obtaining a copy of this "
            "software") in text
    runs = [r for r in empty_project.documents.runs(doc.id) if r.kind == "page-furniture"]
    assert sum(text[r.start:r.end] == "REFI-QDA" for r in runs) >= 55  # the running header
    assert empty_project.documents.source(doc.id) == REFI.read_bytes()


def test_scanned_pdf_imports_page_only_with_a_note(empty_project, tmp_path):
    import pymupdf

    pdf = pymupdf.open()
    page = pdf.new_page(width=300, height=400)
    page.draw_rect(pymupdf.Rect(40, 40, 260, 200), color=(0, 0, 0), fill=(0.7, 0.7, 0.7))
    pdf.save(tmp_path / "scan.pdf")
    doc, warnings = import_file(empty_project, tmp_path / "scan.pdf")
    assert "no text layer" in doc.notes and "region" in doc.notes
    assert any("no text layer" in w for w in warnings)
    text = empty_project.documents.text(doc.id)
    assert text == "[page 1: no text layer]"
    (info,) = empty_project.pages.all(doc.id)
    assert not info.has_text and empty_project.pages.words(doc.id, 1) == []
    code = empty_project.codebook.add("Figure")
    coding = empty_project.pages.add_region_coding(doc.id, code.id, 1, (40, 40, 260, 200))
    region = empty_project.pages.regions(doc.id)[coding.guid]
    assert (region.page, region.box) == (1, (40.0, 40.0, 260.0, 200.0))


def test_region_codings_round_trip_through_store_undo_and_csv(corpus_project, tmp_path):
    doc, _ = import_file(corpus_project, article(tmp_path))
    text = corpus_project.documents.text(doc.id)
    code = corpus_project.codebook.get("Themes/Trust deficit")
    # a box around the right column's two lines quotes exactly those words
    coding = corpus_project.pages.add_region_coding(doc.id, code.id, 1, (315, 85, 560, 120), memo="col")
    assert coding.text == "Right column comes after the whole left column."
    assert text[coding.start:coding.end] == coding.text
    # a box with no words anchors to the page's text
    empty = corpus_project.pages.add_region_coding(doc.id, code.id, 2, (300, 300, 400, 400))
    page2 = corpus_project.pages.all(doc.id)[1]
    assert (empty.start, empty.end) == (page2.start, page2.end)
    with pytest.raises(SpanError):
        corpus_project.pages.add_region_coding(doc.id, code.id, 1, (10, 10, 10, 50))

    # undo of a removal (restore with the same GUID) brings the box back
    corpus_project.codings.remove(coding.id)
    assert coding.guid not in corpus_project.pages.regions(doc.id)
    corpus_project.codings.restore(coding)
    assert corpus_project.pages.regions(doc.id)[coding.guid].box == (315.0, 85.0, 560.0, 120.0)

    plain = corpus_project.codings.add(doc.id, code.id, page2.start, page2.start + 6)
    corpus_project.codings.add(corpus_project.documents.all()[0].id, code.id, 0, 10)
    out = tmp_path / "segments.csv"
    export_segments_csv(corpus_project, out, neutralise=False)
    with open(out, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    header = list(rows[0])
    assert header[:14] == ["coding_guid", "document", "document_title", "code", "code_path",
                           "start", "end", "text", "context_before", "context_after", "coder",
                           "memo", "created", "modified"]
    assert header[14:] == ["page", "x0", "y0", "x1", "y1"]
    by_guid = {r["coding_guid"]: r for r in rows}
    r = by_guid[coding.guid]
    assert (r["page"], r["x0"], r["y0"], r["x1"], r["y1"]) == ("1", "315.0", "85.0", "560.0", "120.0")
    assert r["text"] == coding.text and r["memo"] == "col"
    assert by_guid[plain.guid]["page"] == "2" and by_guid[plain.guid]["x0"] == ""
    other = next(r for r in rows if r["document"] != doc.name)
    assert other["page"] == "" and other["x0"] == ""


def test_encrypted_pdf_asks_for_the_password(empty_project, tmp_path):
    path = make_pdf(tmp_path / "secret.pdf", [[(50, 100, "Classified cable text")]],
                    password="s3cret")
    with pytest.raises(PasswordRequired, match="protected by a password"):
        import_file(empty_project, path)
    with pytest.raises(WrongPassword, match="wrong"):
        import_file(empty_project, path, password="guess")
    assert empty_project.documents.all() == []
    doc, _ = import_file(empty_project, path, password="s3cret")
    assert empty_project.documents.text(doc.id) == "Classified cable text"
    assert empty_project.pages.preview(doc.id).startswith(b"\x89PNG")  # drawn with the password


def test_import_keeps_a_picture_of_the_first_page(empty_project, tmp_path):
    from PySide6.QtGui import QImage

    doc, _ = import_file(empty_project, article(tmp_path))
    png = empty_project.pages.preview(doc.id)
    image = QImage.fromData(png, "PNG")
    assert image.width() == 800 and abs(image.height() - 800 * 842 / 595) < 2
    assert empty_project.pages.preview(doc.id, 2) is None
    empty_project.documents.remove(doc.id)
    assert empty_project.pages.preview(doc.id) is None


def test_cli_import_with_password(tmp_path, capsys):
    project = tmp_path / "p.gwot"
    assert main(["new", str(project), "--empty"]) == 0
    path = make_pdf(tmp_path / "secret.pdf", [[(50, 100, "Classified")]], password="pw")
    assert main(["import", str(project), str(path)]) == 2
    err = capsys.readouterr().err
    assert "password" in err and "--password" in err and err.count("\n") == 1
    assert main(["import", str(project), str(path), "--password", "nope"]) == 2
    assert "wrong" in capsys.readouterr().err
    assert main(["import", str(project), str(path), "--password", "pw"]) == 0


BAD_PDFS = {
    "zero bytes": (b"", "is empty"),
    "not a pdf": (b"Hello, this is text pretending to be a PDF", "not a PDF"),
    "garbage after the header": (b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\n%%EOF\n", "damaged"),
}


@pytest.mark.parametrize("case", sorted(BAD_PDFS))
def test_bad_pdfs_are_refused_cleanly(corpus_project, tmp_path, case):
    data, message = BAD_PDFS[case]
    path = tmp_path / "bad.pdf"
    path.write_bytes(data)
    before = corpus_project.stats()
    with pytest.raises(ImportError_, match=message):
        import_file(corpus_project, path)
    assert corpus_project.stats() == before


def test_truncated_pdf_is_refused(corpus_project, tmp_path):
    data = REFI.read_bytes()
    path = tmp_path / "truncated.pdf"
    path.write_bytes(data[: len(data) // 2])
    before = corpus_project.stats()
    with pytest.raises(ImportError_, match="truncated"):
        import_file(corpus_project, path)
    assert corpus_project.stats() == before


def test_a_failing_word_map_leaves_nothing_behind(corpus_project, tmp_path, monkeypatch):
    """The document row and the word map are one transaction."""
    before = corpus_project.stats()

    def broken(*_a, **_k):
        raise GwotError("disk full")

    monkeypatch.setattr(Pages, "add", broken)
    with pytest.raises(GwotError):
        import_file(corpus_project, article(tmp_path))
    assert corpus_project.stats() == before


def test_pymupdf_is_not_loaded_by_the_importer_module():
    import subprocess

    code = ("import sys, gwot_reader.exchange.textimport as t; t.supported_extensions(); "
            "print('pymupdf' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_rotated_pages_map_words_to_the_page_as_shown(empty_project, tmp_path):
    import pymupdf

    pdf = pymupdf.open()
    page = pdf.new_page(width=600, height=800)
    page.insert_text((50, 100), "Turned sideways", fontsize=12)
    page.set_rotation(90)
    pdf.save(tmp_path / "rotated.pdf")
    doc, _ = import_file(empty_project, tmp_path / "rotated.pdf")
    (info,) = empty_project.pages.all(doc.id)
    assert (info.width, info.height) == (800, 600)  # as shown, not as stored
    for x0, y0, x1, y1, _s, _e in empty_project.pages.words(doc.id, 1):
        assert 0 <= x0 < x1 <= 800 and 0 <= y0 < y1 <= 600
        assert x0 > 600  # the line now runs down the right-hand side


def test_extraction_leaves_the_garbage_collector_as_it_was(tmp_path):
    import gc

    from gwot_reader.exchange.formats.pdf import read_pdf

    data = make_pdf(tmp_path / "a.pdf", [[(72, 100, "Hello world")]]).read_bytes()
    assert read_pdf(data, "a.pdf").text.startswith("Hello world") and gc.isenabled()
    gc.disable()
    try:
        read_pdf(data, "a.pdf")
        assert not gc.isenabled()  # a caller's choice is kept
    finally:
        gc.enable()


def test_text_off_the_page_is_left_out(tmp_path):
    from gwot_reader.exchange.formats.pdf import read_pdf

    lines = [(72, 100, "On the page"), (-200, 300, "fully off left"), (72, 900, "below the page"),
             (72, 120, "more text")]
    text = read_pdf(make_pdf(tmp_path / "off.pdf", [lines]).read_bytes(), "off.pdf").text
    assert text == "On the page\nmore text"
