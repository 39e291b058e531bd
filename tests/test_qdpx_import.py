"""Importing REFI-QDA projects (.qdpx) in the shapes NVivo, ATLAS.ti, MAXQDA and QualCoder write."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis.strategies import data, integers, text
from qdpx_samples import CANONICAL, SHAPES, TEXT, WORDS, G, atlas, atlas_blank, nvivo_windows, span, zip_bytes

from gwot_reader.cli import main
from gwot_reader.core.errors import ImportError_
from gwot_reader.exchange.formats import zipsafe
from gwot_reader.exchange.qdpx import import_qdpx, read_qdpx
from gwot_reader.exchange.qdpx.positions import SourceText, choose_unit, place
from gwot_reader.store import Project
from gwot_reader.store.exchange_rows import meta_value


def _import(project: Project, tmp_path, data: bytes, name: str = "p.qdpx"):
    path = tmp_path / name
    path.write_bytes(data)
    return import_qdpx(project, path)


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_every_selection_lands_on_the_same_words(shape, empty_project, tmp_path):
    report = _import(empty_project, tmp_path, SHAPES[shape]())
    codings = empty_project.codings.all()
    assert {c.text for c in codings} == set(WORDS)
    assert report.exact == len(codings) and not report.dropped and not report.reanchored
    doc = empty_project.documents.all()[0]
    assert empty_project.documents.text(doc.id) == CANONICAL  # CRLF became LF, BOM gone
    for c in codings:
        assert CANONICAL[c.start:c.end] == c.text


def test_nvivo_windows_details(empty_project, tmp_path):
    report = _import(empty_project, tmp_path, nvivo_windows())
    assert report.unit == "u16-raw" and report.unit_by == "origin"
    codings = empty_project.codings.all()
    assert len(codings) == 4  # one selection per code: the same span twice, two codes
    strikes = [c for c in codings if c.text == "drone strikes"]
    assert {empty_project.codebook.get(c.code_id).name for c in strikes} == {"Drones", "Security"}
    # the coding's user wins over its selection's; dates are the file's
    assert {c.coder for c in codings} == {"Ayesha"}
    assert strikes[0].created.startswith("2024-03-01T10:00:00")
    assert {c.guid for c in codings} >= {"BB000901-8191-4DB1-A3DD-A91626D56C4B"}
    # the note on the selection became the coding's memo; empty <Description/>s changed nothing
    drones = [c for c in strikes if empty_project.codebook.get(c.code_id).name == "Drones"][0]
    assert drones.memo == "Strikes named early."
    assert empty_project.codebook.get("Security").definition == ""
    assert empty_project.documents.get(G["src"]).name == "Interview 1"


def test_atlas_layout_braces_and_sets(empty_project, tmp_path):
    report = _import(empty_project, tmp_path, atlas())
    assert report.unit == "cp-lf"
    assert empty_project.documents.find(G["src"].upper()) is not None
    assert empty_project.codebook.find_by_guid(G["code1"].upper()).name == "Drones"
    sets = json.loads(meta_value(empty_project, "refi_sets"))
    assert sets[0]["name"] == "Code group: Security" and sets[0]["codes"] == [G["code1"].upper()]


def test_blank_atlas_project_without_codebook(empty_project, tmp_path):
    report = _import(empty_project, tmp_path, atlas_blank())
    assert report.codings == 0 and empty_project.stats()["documents"] == 0
    assert "Ayesha" in report.coders


def test_unit_is_found_by_word_boundaries_when_the_origin_says_nothing():
    st = SourceText(TEXT * 3)
    sels = []
    for k in range(3):
        for w in WORDS:
            s, e = span(TEXT, w, "u16-raw")
            off = k * len(TEXT.encode("utf-16-le")) // 2
            sels.append((s + off, e + off, ""))
    choice = choose_unit([(st, sels)], "SomeTool 1.0")
    assert choice.unit == "u16-raw" and choice.by == "word boundaries"
    assert all(st.text[a:b] in WORDS for a, b in
               ((st.to_canonical(s, "u16-raw"), st.to_canonical(e, "u16-raw")) for s, e, _ in sels))


def test_positions_counted_over_crlf_on_a_text_that_lost_its_crs():
    """An NVivo export whose text files git (or an editor) turned to LF: NVivo's positions
    count two for each line break. Word boundaries find that unit and every selection lands on
    its words; positions counted over the LF text itself keep the origin's unit."""
    lf = CANONICAL * 3  # the text as it came out of git: LF only
    sels, at = [], []
    for k in range(3):
        for w in WORDS:  # where NVivo put them: UTF-16 units over the text it had, with CRLF
            s, e = span(TEXT, w, "u16-raw")
            off = k * len(TEXT.encode("utf-16-le")) // 2
            sels.append((s + off, e + off, ""))
            at.append((k * len(CANONICAL) + CANONICAL.index(w), w))
    st = SourceText(lf)
    assert st.ambiguous and not st.same_units("u16-crlf")
    choice = choose_unit([(st, sels)], "NVivo for Windows 12.6")
    assert (choice.unit, choice.by) == ("u16-crlf", "word boundaries")
    for (s, e, _), (i, w) in zip(sels, at, strict=True):
        got = place(st, s, e, choice.unit)
        assert (got.how, got.start, lf[got.start:got.end]) == ("exact", i, w)
    plain = [(i, i + len(w), "") for i, w in at]  # positions counted over the LF text
    assert choose_unit([(st, plain)], "QualCoder 3.6").unit == "cp-raw"


def test_a_shifted_selection_is_re_anchored_by_its_quote_and_a_wild_one_dropped():
    st = SourceText(TEXT)
    s, e = span(TEXT, "Trust deficit", "cp-lf")
    moved = place(st, s + 4, e + 4, "cp-lf", "Trust deficit")
    assert moved.how == "re-anchored" and st.text[moved.start:moved.end] == "Trust deficit"
    assert place(st, s, e, "cp-lf", "Trust deficit").how == "exact"
    gone = place(st, 5000, 5010, "cp-lf")
    assert gone.how == "dropped" and "outside" in gone.why


STORY = ("Q: And the curfew now?\nA: After the curfew the markets closed early; traders said "
         "the curfew hurt more than the drones did, and the bazaar never recovered.\nA: Lifted, "
         "but nobody believes it.\n")


def _at(words: str) -> tuple[int, int]:
    i = STORY.index(words)
    return i, i + len(words)


def test_a_name_the_coder_gave_does_not_move_the_selection():
    """ATLAS.ti names a quotation by its text until the coder renames it, often with words of
    it that occur nearby too: a name far shorter or longer than the span is a label."""
    st = SourceText(STORY)
    s, e = _at("traders said the curfew hurt more than the drones did")
    kept = place(st, s, e, "cp-lf", "the curfew")  # inside the span, and before it
    assert (kept.how, kept.start, kept.end) == ("exact", s, e)
    s, e = _at("Lifted, but nobody believes it.")
    kept = place(st, s, e, "cp-lf", "curfew now")  # only outside the span, 30 characters off
    assert (kept.how, kept.start, kept.end) == ("exact", s, e)
    # a quote as long as its span, a few characters off, still finds its words
    s, e = _at("the drones did")
    moved = place(st, s - 3, e - 3, "cp-lf", "the drones did")
    assert moved.how == "re-anchored" and STORY[moved.start:moved.end] == "the drones did"
    # a span one character too long around its quote: the quote, not a label
    moved = place(st, s - 1, e, "cp-lf", "the drones did")
    assert (moved.how, moved.start, moved.end) == ("re-anchored", s, e)


def test_a_shortened_quote_confirms_its_span_and_re_anchors_it_whole():
    """ATLAS.ti 8 names a long quotation by its first 100 characters and "…"."""
    st = SourceText(STORY)
    words = STORY[STORY.index("After"):STORY.index("recovered.") + 10]
    s, e = _at(words)
    name = words[:40] + "\u2026"
    assert (place(st, s, e, "cp-lf", name).how) == "exact"
    moved = place(st, s + 5, e + 5, "cp-lf", name)
    assert moved.how == "re-anchored" and STORY[moved.start:moved.end] == words
    assert place(st, s + 5, e + 5, "cp-lf", "After the curfew, nothing was the same\u2026").how \
        == "exact"  # a prefix found nowhere near: the span as it stands


@settings(max_examples=200, deadline=None)
@given(data())
def test_a_label_from_inside_the_span_never_moves_it(data):
    """Any name under half the span's length, taken from inside it, keeps the span."""
    body = data.draw(text(alphabet="ab \n\U0001F54C", min_size=4, max_size=80))
    a = data.draw(integers(0, len(body) - 4))
    b = data.draw(integers(a + 4, len(body)))
    n = data.draw(integers(1, (b - a - 1) // 2))
    i = data.draw(integers(a, b - n))
    got = place(SourceText(body), a, b, "cp-raw", body[i:i + n])
    assert (got.how, got.start, got.end) == ("exact", a, b)


def test_report_lists_dropped_selections_with_why(empty_project, tmp_path):
    qde = ('<Project name="x" origin="QualCoder 3.5" xmlns="urn:QDA-XML:project:1.0">'
           f'<CodeBook><Codes><Code guid="{G["code1"]}" name="A" isCodable="true"/></Codes></CodeBook>'
           f'<Sources><TextSource guid="{G["src"]}" name="S"><PlainTextContent>short text'
           f'</PlainTextContent><PlainTextSelection guid="{G["note"]}" startPosition="2" '
           f'endPosition="900"><Coding guid="{G["note2"]}"><CodeRef targetGUID="{G["code1"]}"/>'
           "</Coding></PlainTextSelection></TextSource></Sources></Project>")
    report = _import(empty_project, tmp_path, zip_bytes({"project.qde": qde}))
    assert report.codings == 0 and len(report.dropped) == 1
    assert "outside the source" in report.dropped[0]
    assert empty_project.stats()["documents"] == 1


def test_reimport_merges_and_skips_codings_already_there(empty_project, tmp_path):
    _import(empty_project, tmp_path, nvivo_windows())
    before = empty_project.stats()
    report = _import(empty_project, tmp_path, nvivo_windows())
    assert report.already_present == 4 and report.codings == 0 and report.memos == 0
    assert empty_project.stats() == before
    assert report.documents_kept == ["Interview 1"]


@pytest.mark.parametrize("members, says", [
    ({"../evil.qde": "<Project/>"}, "unsafe file name"),
    ({"/abs/project.qde": "<Project/>"}, "unsafe file name"),
    ({"readme.txt": "hello"}, "holds no project.qde"),
    ({"project.qde": '<?xml version="1.0"?><!DOCTYPE P [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]>'
                     '<Project name="&b;" xmlns="urn:QDA-XML:project:1.0"/>'}, "entities"),
    ({"project.qde": '<!DOCTYPE P [<!ENTITY x SYSTEM "file:///etc/passwd">]><Project name="&x;"/>'},
     "entities"),
    ({"project.qde": "<Project"}, "damaged"),
    ({"project.qde": "<NotAProject/>"}, "not a REFI-QDA project"),
    ({"project.qde": '<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes/></CodeBook>'}, "codebook"),
])
def test_hostile_or_broken_archives_are_refused_and_change_nothing(members, says, corpus_project,
                                                                   tmp_path):
    before = corpus_project.stats()
    with pytest.raises(ImportError_, match=says):
        _import(corpus_project, tmp_path, zip_bytes(members))
    assert corpus_project.stats() == before


def test_size_and_member_bounds_are_checked_before_unpacking(tmp_path, monkeypatch):
    path = tmp_path / "big.qdpx"
    path.write_bytes(zip_bytes({"project.qde": "<Project/>", "sources/a.txt": "x" * 5000}))
    monkeypatch.setattr(zipsafe, "MAX_UNCOMPRESSED", 1000)
    with pytest.raises(ImportError_, match="zip bomb"):
        read_qdpx(path)
    monkeypatch.setattr(zipsafe, "MAX_UNCOMPRESSED", 10**9)
    monkeypatch.setattr(zipsafe, "MAX_MEMBERS", 1)
    with pytest.raises(ImportError_, match="holds 2 files"):
        read_qdpx(path)


def test_a_member_larger_than_it_declares_is_refused(tmp_path):
    data = bytearray(zip_bytes({"project.qde": "<Project name='x'/>" + " " * 200}))
    # lower the declared size in the central directory: reading must stop, not trust it
    cd = data.rfind(b"PK\x01\x02")
    data[cd + 24:cd + 28] = (10).to_bytes(4, "little")
    path = tmp_path / "lie.qdpx"
    path.write_bytes(bytes(data))
    with pytest.raises(ImportError_):
        read_qdpx(path)


def test_a_failure_in_the_middle_leaves_nothing(corpus_project, tmp_path, monkeypatch):
    from gwot_reader.exchange.qdpx import loader

    def boom(*a, **k):
        raise ImportError_("disk on fire")

    monkeypatch.setattr(loader, "insert_codings", boom)  # after documents, codes and coders
    before = corpus_project.stats()
    with pytest.raises(ImportError_, match="disk on fire"):
        _import(corpus_project, tmp_path, nvivo_windows())
    assert corpus_project.stats() == before
    assert corpus_project.documents.find(G["src"]) is None
    assert corpus_project.codebook.find_by_guid(G["code1"]) is None


def test_cli_import_and_new_from(tmp_path, capsys):
    path = tmp_path / "nv.qdpx"
    path.write_bytes(nvivo_windows())
    assert main(["new", str(tmp_path / "n.gwot"), "--from", str(path)]) == 0
    out = capsys.readouterr().out
    assert "4 codings (4 exact, 0 re-anchored, 0 dropped)" in out and "UTF-16" in out
    with Project.open(tmp_path / "n.gwot") as p:
        assert p.stats()["codings"] == 4
    assert main(["new", str(tmp_path / "e.gwot"), "--empty"]) == 0
    assert main(["import", str(tmp_path / "e.gwot"), str(path)]) == 0
    bad = tmp_path / "bad.qdpx"
    bad.write_bytes(b"not a zip")
    assert main(["new", str(tmp_path / "b.gwot"), "--from", str(bad)]) == 2
    assert "not a REFI-QDA project (.qdpx) file" in capsys.readouterr().err
    assert not (tmp_path / "b.gwot").exists()


def test_foreign_pdf_and_docx_sources_come_with_their_text(empty_project, tmp_path):
    from test_formats import docx
    from test_pdf import make_pdf

    pdf = make_pdf(tmp_path / "p.pdf", [[(50, 100, "Figure one shows the strikes.")]]).read_bytes()
    word = docx(tmp_path / "w.docx", "<w:p><w:r><w:t>Word text about trust.</w:t></w:r></w:p>")
    rep = "Figure one shows the strikes (as NVivo read it).\r\n"
    s, e = span(rep, "strikes", "u16-raw")
    qde = ('<Project name="x" origin="NVivo for Windows 12.6" xmlns="urn:QDA-XML:project:1.0">'
           f'<CodeBook><Codes><Code guid="{G["code1"]}" name="A" isCodable="true"/></Codes></CodeBook>'
           f'<Sources><PDFSource guid="{G["src"]}" name="Paper" path="internal://{G["src"]}.pdf">'
           f'<PDFSelection guid="{G["note"]}" page="1" firstX="40" firstY="80" secondX="300" '
           f'secondY="110"><Coding guid="{G["note2"]}"><CodeRef targetGUID="{G["code1"]}"/></Coding>'
           f'</PDFSelection><Representation guid="{G["set"]}" plainTextPath="internal://{G["set"]}.txt">'
           f'<PlainTextSelection guid="{G["user1"]}" startPosition="{s}" endPosition="{e}">'
           f'<Coding guid="{G["user2"]}"><CodeRef targetGUID="{G["code1"]}"/></Coding>'
           "</PlainTextSelection></Representation></PDFSource>"
           f'<TextSource guid="{G["src2"]}" name="Word" richTextPath="internal://{G["src2"]}.docx"/>'
           "</Sources></Project>")
    data = zip_bytes({"project.qde": qde, f"Sources/{G['src']}.pdf": pdf,
                      f"Sources/{G['set']}.txt": "\ufeff" + rep,
                      f"Sources/{G['src2']}.docx": word.read_bytes()})
    report = _import(empty_project, tmp_path, data)
    paper = empty_project.documents.get(G["src"])
    assert paper.media_type == "application/pdf"
    assert empty_project.documents.source(paper.id) == pdf
    assert [c.text for c in empty_project.codings.all()] == ["strikes"]
    assert len(report.dropped) == 1 and "page 1" in report.dropped[0]
    word = empty_project.documents.get(G["src2"])
    assert empty_project.documents.text(word.id).startswith("Word text about trust.")
