"""DOCX, ODT, HTML and EPUB import, and bad input of every kind: refused cleanly, nothing kept."""

from __future__ import annotations

import os
import struct
import zipfile
from pathlib import Path

import pytest

from gwot_reader.core.errors import ImportError_
from gwot_reader.exchange.textimport import MAX_BYTES, import_file, import_files

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CORE = """<?xml version="1.0" encoding="UTF-8"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/">
<dc:title>Drone Strikes and Sovereignty</dc:title><dc:creator>S. Ahmed</dc:creator>
<dcterms:created>2019-05-01T10:00:00Z</dcterms:created></cp:coreProperties>"""


def write_zip(path: Path, members: dict[str, str | bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def docx(path: Path, body: str, core: str = CORE, prolog: str = "") -> Path:
    document = (f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<w:document xmlns:w="{W_NS}">'
                f"<w:body>{body}</w:body></w:document>")
    return write_zip(path, {"[Content_Types].xml": "<Types/>", "word/document.xml": document,
                            "docProps/core.xml": core})


def para(text: str, style: str = "", bold: bool = False) -> str:
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    rpr = "<w:rPr><w:b/></w:rPr>" if bold else ""
    return f"<w:p>{ppr}<w:r>{rpr}<w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>"


def test_docx_paragraphs_headings_tables_and_metadata(empty_project, tmp_path):
    body = (para("Introduction", "Heading1") + para("Pakistan and the ")
            + '<w:p><w:r><w:t>United </w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>States</w:t></w:r>'
            '<w:del><w:r><w:delText>deleted</w:delText></w:r></w:del></w:p>'
            '<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Year</w:t></w:r></w:p></w:tc>'
            '<w:tc><w:p><w:r><w:t>Strikes</w:t></w:r></w:p></w:tc></w:tr></w:tbl>')
    doc, warnings = import_file(empty_project, docx(tmp_path / "paper.docx", body))
    text = empty_project.documents.text(doc.id)
    assert text == "Introduction\nPakistan and the\nUnited States\nYear\tStrikes"
    assert (doc.title, doc.authors, doc.year) == ("Drone Strikes and Sovereignty", "S. Ahmed", 2019)
    runs = {(text[r.start:r.end], r.kind) for r in empty_project.documents.runs(doc.id)}
    assert ("Introduction", "heading1") in runs and ("States", "bold") in runs
    assert empty_project.documents.source(doc.id) == (tmp_path / "paper.docx").read_bytes()
    assert warnings == []


def test_docx_external_entities_and_entity_bombs_stay_inert(empty_project, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    prolog = (f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file://{secret}">'
              '<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
              '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>')
    body = para("before &xxe; &c; after")
    doc, _ = import_file(empty_project, docx(tmp_path / "hostile.docx", body, prolog=prolog))
    text = empty_project.documents.text(doc.id)
    assert "TOP SECRET" not in text and "aaaaaaaaaa" not in text
    assert text.startswith("before") and text.endswith("after")


def test_odt_headings_lists_and_metadata(empty_project, tmp_path):
    content = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>
<text:h text:outline-level="2">Field notes</text:h>
<text:p>Peshawar,<text:s text:c="2"/>March <text:span>2011</text:span><text:line-break/>second line</text:p>
<text:list><text:list-item><text:p>first point</text:p></text:list-item></text:list>
</office:text></office:body></office:document-content>"""
    meta = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0">
<office:meta><dc:title>Notes</dc:title><meta:initial-creator>R. Malik</meta:initial-creator>
<meta:creation-date>2011-03-02T09:00:00</meta:creation-date></office:meta></office:document-meta>"""
    path = write_zip(tmp_path / "notes.odt", {"mimetype": "application/vnd.oasis.opendocument.text",
                                              "content.xml": content, "meta.xml": meta})
    doc, _ = import_file(empty_project, path)
    text = empty_project.documents.text(doc.id)
    assert text == "Field notes\nPeshawar,  March 2011\nsecond line\nfirst point"
    assert (doc.title, doc.authors, doc.year) == ("Notes", "R. Malik", 2011)
    runs = empty_project.documents.runs(doc.id)
    assert [(text[r.start:r.end], r.kind) for r in runs if r.kind.startswith("heading")] == [
        ("Field notes", "heading2")]


HTML = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Tab title</title>
<meta name="citation_title" content="Aid and Influence"><meta name="author" content="N. Shah">
<meta name="citation_publication_date" content="2016/02/01">
<style>p { color: red }</style><script>var hidden = "script text";</script></head>
<body><nav>Home | About</nav><h1>Aid and   <em>Influence</em></h1>
<p>US aid to Pakistan rose<br>after 2001.</p><ul><li>Coalition Support Funds</li></ul>
<p hidden>invisible</p><table><tr><td>2002</td><td>1.2 bn</td></tr></table></body></html>"""


def test_html_clean_text_headings_and_metadata(empty_project, tmp_path):
    path = tmp_path / "page.html"
    path.write_text(HTML, encoding="utf-8")
    doc, _ = import_file(empty_project, path)
    text = empty_project.documents.text(doc.id)
    assert text == ("Aid and Influence\nUS aid to Pakistan rose\nafter 2001.\n"
                    "\u2022 Coalition Support Funds\n2002\t1.2 bn")
    assert (doc.title, doc.authors, doc.year) == ("Aid and Influence", "N. Shah", 2016)
    runs = {(text[r.start:r.end], r.kind) for r in empty_project.documents.runs(doc.id)}
    assert ("Aid and Influence", "heading1") in runs and ("Influence", "italic") in runs


def test_html_declared_charset_is_honoured(empty_project, tmp_path):
    path = tmp_path / "latin.html"
    path.write_bytes('<html><head><meta charset="windows-1252"></head><body><p>Caf\u00e9 '
                     '\u2013 na\u00efve</p></body></html>'.encode("cp1252"))
    doc, warnings = import_file(empty_project, path)
    assert empty_project.documents.text(doc.id) == "Caf\u00e9 \u2013 na\u00efve"


def epub(path: Path, chapters: dict[str, str], extra: dict[str, str] | None = None,
         spine: list[str] | None = None) -> Path:
    items = "".join(f'<item id="{n}" href="{n}.xhtml" media-type="application/xhtml+xml"/>'
                    for n in chapters)
    refs = "".join(f'<itemref idref="{n}"/>' for n in (spine or list(chapters)))
    opf = f"""<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0">
<metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>The Long War</dc:title>
<dc:creator>A. One</dc:creator><dc:creator>B. Two</dc:creator><dc:date>2014-06-01</dc:date></metadata>
<manifest>{items}</manifest><spine>{refs}</spine></package>"""
    container = """<?xml version="1.0"?><container xmlns="urn:oasis:names:tc:opendocument:xmlns:container"
version="1.0"><rootfiles><rootfile full-path="OEBPS/content.opf"/></rootfiles></container>"""
    members = {"mimetype": "application/epub+zip", "META-INF/container.xml": container,
               "OEBPS/content.opf": opf}
    for n, body in chapters.items():
        members[f"OEBPS/{n}.xhtml"] = (f'<html xmlns="http://www.w3.org/1999/xhtml"><body>{body}'
                                       "</body></html>")
    members.update(extra or {})
    return write_zip(path, members)


def test_epub_chapters_in_spine_order(empty_project, tmp_path):
    path = epub(tmp_path / "book.epub", {"c1": "<h2>One</h2><p>First chapter.</p>",
                                         "c2": "<p>Second chapter.</p>"}, spine=["c2", "c1"])
    doc, _ = import_file(empty_project, path)
    text = empty_project.documents.text(doc.id)
    assert text == "Second chapter.\n\nOne\nFirst chapter."
    assert (doc.title, doc.authors, doc.year) == ("The Long War", "A. One; B. Two", 2014)
    runs = empty_project.documents.runs(doc.id)
    assert [(text[r.start:r.end], r.kind) for r in runs] == [("One", "heading2")]


def test_zip_with_unsafe_names_is_refused(corpus_project, tmp_path):
    path = epub(tmp_path / "evil.epub", {"c1": "<p>x</p>"}, extra={"../../etc/evil": "x"})
    before = corpus_project.stats()
    with pytest.raises(ImportError_, match="unsafe file name"):
        import_file(corpus_project, path)
    assert corpus_project.stats() == before


def test_zip_bomb_is_refused_by_its_declared_size(corpus_project, tmp_path):
    path = epub(tmp_path / "bomb.epub", {"c1": "<p>x</p>"})
    data = bytearray(path.read_bytes())
    at = data.find(b"PK\x01\x02")  # central directory: claim 4 GB for each member
    while at != -1:
        data[at + 24 : at + 28] = struct.pack("<I", 0xFFFFFF00)
        at = data.find(b"PK\x01\x02", at + 4)
    path.write_bytes(bytes(data))
    with pytest.raises(ImportError_, match="zip bomb"):
        import_file(corpus_project, path)


BAD = {
    "docx that is not a zip": ("x.docx", b"this is plain text, not a zip archive", "not a DOCX"),
    "zero-byte txt": ("x.txt", b"", "empty"),
    "zero-byte docx": ("x.docx", b"", "empty"),
    "zero-byte html": ("x.html", b"", "empty"),
    "binary named .txt": ("x.txt", bytes(range(256)) * 64, "not a text file"),
    "epub without container": ("x.epub", None, "lacks META-INF/container.xml"),
    "damaged docx xml": ("x.docx", None, "damaged"),
    "unknown type": ("x.xyz", b"data", "cannot be imported"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_input_is_refused_and_the_project_unchanged(corpus_project, tmp_path, case):
    name, data, message = BAD[case]
    path = tmp_path / name
    if case == "epub without container":
        write_zip(path, {"mimetype": "application/epub+zip"})
    elif case == "damaged docx xml":
        write_zip(path, {"word/document.xml": "<w:document><unclosed>"})
    else:
        path.write_bytes(data)
    before = corpus_project.stats()
    with pytest.raises(ImportError_, match=message) as info:
        import_file(corpus_project, path)
    assert "\n" not in str(info.value)
    assert corpus_project.stats() == before


def test_a_200_mb_file_is_refused_before_it_is_read(corpus_project, tmp_path):
    path = tmp_path / "huge.pdf"
    with open(path, "wb") as fh:  # sparse: no 200 MB written to disk
        fh.truncate(200 * 1024 * 1024)
    assert os.path.getsize(path) > MAX_BYTES
    before = corpus_project.stats()
    with pytest.raises(ImportError_, match="200 MB; files over 100 MB"):
        import_file(corpus_project, path)
    assert corpus_project.stats() == before


def test_latin1_and_utf16_text_import_with_the_right_characters(empty_project, tmp_path):
    latin = tmp_path / "latin.txt"
    french = ("Les n\u00e9gociations entre le Pakistan et les \u00c9tats-Unis ont \u00e9t\u00e9 "
              "difficiles. \u00c0 Islamabad, les responsables ont d\u00e9clar\u00e9 qu'ils "
              "\u00e9taient d\u00e9\u00e7us par la d\u00e9cision am\u00e9ricaine.\n")
    latin.write_bytes(french.encode("latin-1"))
    utf16 = tmp_path / "utf16.txt"
    utf16.write_bytes("\ufeffKarachi \u2013 \u06a9\u0631\u0627\u0686\u06cc\r\n".encode("utf-16-le"))
    docs, warnings = import_files(empty_project, [latin, utf16])
    assert empty_project.documents.text(docs[0].id) == french
    assert empty_project.documents.text(docs[1].id) == "Karachi \u2013 \u06a9\u0631\u0627\u0686\u06cc\n"
    assert len(warnings) == 1 and "latin.txt is not UTF-8" in warnings[0]


def test_one_bad_file_in_a_batch_imports_none(corpus_project, tmp_path):
    good = tmp_path / "good.html"
    good.write_text("<p>fine</p>", encoding="utf-8")
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"not a zip")
    before = corpus_project.stats()
    with pytest.raises(ImportError_):
        import_files(corpus_project, [good, bad])
    assert corpus_project.stats() == before
