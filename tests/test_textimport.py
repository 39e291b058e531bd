"""Importing text and Markdown: encodings, line breaks, refusals, and the bundled corpus."""

from __future__ import annotations

import codecs
import hashlib
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gwot_reader.core.errors import GwotError, ImportError_
from gwot_reader.exchange.textimport import MAX_BYTES, import_file, import_files

CORPUS = Path(__file__).resolve().parents[1] / "corpus"

SAMPLE = "Pakistan–U.S. ties: naïve “trust”, 😀 emoji, ß and e\u0301.\nSecond line.\n"


def table_counts(p) -> tuple:
    return tuple(p.db.one(f"SELECT count(*) FROM {t}")[0]
                 for t in ("documents", "document_sources", "history"))


@pytest.mark.parametrize("encoded", [
    SAMPLE.encode("utf-8"),
    codecs.BOM_UTF8 + SAMPLE.encode("utf-8"),
    codecs.BOM_UTF16_LE + SAMPLE.encode("utf-16-le"),
    codecs.BOM_UTF16_BE + SAMPLE.encode("utf-16-be"),
    codecs.BOM_UTF32_LE + SAMPLE.encode("utf-32-le"),
], ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom", "utf32le-bom"])
def test_unicode_files_import_silently(empty_project, tmp_path, encoded):
    path = tmp_path / "sample.txt"
    path.write_bytes(encoded)
    doc, warnings = import_file(empty_project, path)
    assert warnings == []
    assert empty_project.documents.text(doc.id) == SAMPLE
    assert doc.length == len(SAMPLE)
    assert empty_project.documents.source(doc.id) == encoded


def test_latin1_is_detected_with_a_warning_naming_it(empty_project, tmp_path):
    text = ("Le café de la société où l'élève a reçu son diplôme était très animé; "
            "les garçons et les filles étaient à l'école, près de la forêt.\n") * 5
    path = tmp_path / "latin1.txt"
    path.write_bytes(text.encode("latin-1"))
    doc, warnings = import_file(empty_project, path)
    assert empty_project.documents.text(doc.id) == text
    assert len(warnings) == 1 and "latin1.txt" in warnings[0] and "not UTF-8" in warnings[0]
    assert any(name in warnings[0].lower() for name in ("1252", "latin", "8859"))


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_read_with_a_warning(empty_project, tmp_path, encoding):
    path = tmp_path / "nobom.txt"
    path.write_bytes(SAMPLE.encode(encoding))
    doc, warnings = import_file(empty_project, path)
    assert empty_project.documents.text(doc.id) == SAMPLE
    assert len(warnings) == 1 and encoding.upper() in warnings[0]


@pytest.mark.parametrize("text", ["café\n", "naïve “trust” – it’s gone.\n"])
def test_short_western_files_read_as_windows_1252(empty_project, tmp_path, text):
    """Short files fit dozens of code pages equally well; the likely one must win."""
    path = tmp_path / "short.txt"
    path.write_bytes(text.encode("cp1252"))
    doc, warnings = import_file(empty_project, path)
    assert empty_project.documents.text(doc.id) == text
    assert "cp1252" in warnings[0]


def test_utf8_with_a_stray_byte_keeps_its_utf8(empty_project, tmp_path):
    good = "Pakistan–U.S. “trust”, naïve émigré 😀. " * 20
    path = tmp_path / "stray.txt"
    path.write_bytes(good.encode("utf-8") + b"\x92 end")
    doc, warnings = import_file(empty_project, path)
    assert empty_project.documents.text(doc.id) == good + "\ufffd end"
    assert "1 byte" in warnings[0]


@pytest.mark.parametrize("raw,canonical", [
    (b"one\r\ntwo\r\nthree", "one\ntwo\nthree"),
    (b"one\rtwo\rthree\r", "one\ntwo\nthree\n"),
    (b"mixed\r\nbreaks\rand\nmore", "mixed\nbreaks\nand\nmore"),
])
def test_line_breaks_normalised_and_positions_refer_to_canonical_text(empty_project, tmp_path,
                                                                      raw, canonical):
    path = tmp_path / "breaks.txt"
    path.write_bytes(raw)
    doc, _ = import_file(empty_project, path)
    text = empty_project.documents.text(doc.id)
    assert text == canonical
    assert empty_project.documents.source(doc.id) == raw  # the original bytes are kept
    code = empty_project.codebook.add("C")
    start = text.index("two") if "two" in text else text.index("breaks")
    coding = empty_project.codings.add(doc.id, code.id, start, start + 3)
    assert coding.text == text[start : start + 3]


@pytest.mark.parametrize("name,content,message", [
    ("binary.txt", bytes(range(256)) * 40, "binary"),
    ("png.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(2000), "binary"),
    ("empty.txt", b"", "empty"),
    ("blank.txt", b" \n\t\r\n   \n", "no text"),
    ("bad-bom.txt", codecs.BOM_UTF16_LE + b"\x00\xd8", "utf-16"),
    ("notes.xyz", b"some text", "cannot be imported"),
])
def test_bad_files_refused_with_one_line_and_project_unchanged(empty_project, tmp_path, name,
                                                               content, message):
    path = tmp_path / name
    path.write_bytes(content)
    before = table_counts(empty_project)
    with pytest.raises(ImportError_) as err:
        import_file(empty_project, path)
    assert message.lower() in str(err.value).lower()
    assert "\n" not in str(err.value)
    assert table_counts(empty_project) == before


def test_file_over_the_size_cap_refused_without_reading_it(empty_project, tmp_path):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as fh:
        fh.truncate(MAX_BYTES + 1)  # sparse: no 100 MB written
    with pytest.raises(ImportError_, match="100 MB"):
        import_file(empty_project, path)
    assert empty_project.documents.all() == []


def test_missing_file_and_folder_refused(empty_project, tmp_path):
    with pytest.raises(ImportError_, match="does not exist"):
        import_file(empty_project, tmp_path / "nope.txt")
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    with pytest.raises(ImportError_, match="folder"):
        import_file(empty_project, folder)


def test_import_files_is_all_or_nothing(empty_project, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("good text", encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    with pytest.raises(GwotError):
        import_files(empty_project, [good, bad])
    assert empty_project.documents.all() == []
    docs, _ = import_files(empty_project, [good])
    assert [d.name for d in docs] == ["good"]


def test_import_can_be_cancelled_leaving_nothing(empty_project, tmp_path):
    paths = []
    for i in range(3):
        paths.append(tmp_path / f"f{i}.txt")
        paths[-1].write_text(f"text {i}", encoding="utf-8")
    with pytest.raises(ImportError_, match="cancelled"):
        import_files(empty_project, paths, progress=lambda done, total, name: done < 2)
    assert empty_project.documents.all() == []


def test_same_name_twice_gets_a_distinct_name(empty_project, tmp_path):
    path = tmp_path / "paper.txt"
    path.write_text("text", encoding="utf-8")
    a, _ = import_file(empty_project, path)
    b, _ = import_file(empty_project, path)
    assert (a.name, b.name) == ("paper", "paper (2)")


def test_markdown_rendered_to_what_a_reader_sees(empty_project, tmp_path):
    path = tmp_path / "paper.md"
    source = ("# The title\r\n\r\nA **bold** claim<sup>1</sup> about [trust](https://x.org) "
              "and \\$5 billion.\r\n\r\n- a point\r\n")
    path.write_bytes(source.encode("utf-8"))
    doc, _ = import_file(empty_project, path)
    text = empty_project.documents.text(doc.id)
    assert text == "The title\n\nA bold claim1 about trust and $5 billion.\n\n• a point\n"
    assert doc.media_type == "text/markdown"
    kinds = {(r.kind, text[r.start : r.end]) for r in empty_project.documents.runs(doc.id)}
    assert {("heading1", "The title"), ("bold", "bold"), ("sup", "1"), ("link", "trust")} <= kinds
    assert empty_project.documents.source(doc.id) == source.encode("utf-8")


# -- the bundled corpus ----------------------------------------------------------------------------

EXPECTED_LENGTHS = {
    "000_aba0ad5c5761c856.txt": 78836,
    "001_2b5e199f5e6438ca.txt": 7289,
    "002_61494d0831520827.txt": 45435,
    "003_d5466dd145112f24.txt": 6195,
    "004_641891afa4fb401d.txt": 49372,
}


def test_corpus_imports_with_expected_lengths_and_original_bytes(corpus_project):
    meta = {e["name"]: e for e in json.loads((CORPUS / "metadata.json").read_text("utf-8"))}
    docs = corpus_project.documents.all()
    assert sorted(d.name for d in docs) == sorted(meta)
    for d in docs:
        e = meta[d.name]
        raw = (CORPUS / e["file"]).read_bytes()
        text = corpus_project.documents.text(d.id)
        assert d.length == len(text) == EXPECTED_LENGTHS[e["file"]], e["file"]
        assert corpus_project.documents.source(d.id) == raw
        assert d.sha256 == hashlib.sha256(text.encode("utf-8")).hexdigest()
        assert (d.title, d.authors, d.year, d.kind) == (e["title"], e["authors"], e["year"], e["kind"])
        assert "\r" not in text
        if e["format"] == "markdown":
            for markup in ("**", "<sup>", "](", "^{", "\\$"):
                assert markup not in text, (e["file"], markup)
            assert not any(line.startswith("#") for line in text.split("\n"))


def test_corpus_import_is_recorded_in_history(corpus_project):
    for d in corpus_project.documents.all():
        entries = corpus_project.history.all(d.guid)
        assert [e.action for e in entries] == ["add"]
        assert entries[0].data["sha256"] == d.sha256


@settings(deadline=None, max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=300), ext=st.sampled_from([".txt", ".md", ".csv"]))
def test_importing_any_bytes_is_a_document_or_a_gwot_error(tmp_path_factory, data, ext):
    from gwot_reader.store import Project

    folder = tmp_path_factory.mktemp("any")
    path = folder / f"file{ext}"
    path.write_bytes(data)
    with Project.create(folder / "p.gwot", coder="tester") as p:
        try:
            doc, _ = import_file(p, path)
        except GwotError as exc:
            assert "\n" not in str(exc)
            assert p.documents.all() == [] and len(p.history.all()) == 0
        else:
            assert p.documents.source(doc.id) == data
            assert doc.length == len(p.documents.text(doc.id)) > 0
