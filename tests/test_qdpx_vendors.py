"""Files in the shapes ATLAS.ti 23 and 8.4 (macOS), MAXQDA 24 and NVivo 12.6 write, and Taguette's real
codebook (tests/fixtures/refi-qda/SOURCES.md says where each comes from): every document,
code and coding comes in, every selection on the words it had there."""

from __future__ import annotations

from pathlib import Path

import pytest

from gwot_reader.exchange.qdpx import export_qdpx, import_qdpx
from gwot_reader.exchange.refi_codebook import import_qdc
from gwot_reader.store import Project

VENDORS = Path(__file__).resolve().parent / "fixtures" / "refi-qda" / "vendors"

# file: (documents, codes, codings, unit chosen, {(document, code name): [quoted segment, ...]})
EXPECTED = {
    "atlas-23.qdpx": (2, 4, 3, "cp-lf", {
        ("Interview 4", "Drones"): ["drone strikes"],
        ("Interview 4", "Languages"): ["無人機 and ڈرون حملے"],
        ("Interview 5", "Checkpoints"): ["checkpoints stayed"]}),
    # its quotations' names: the whole text, the first 100 characters and "…", and two names
    # the coder gave (words inside the quotation that occur nearby too; words only outside it)
    "atlas-8.4-mac.qdpx": (1, 2, 4, "cp-lf", {
        ("Interview 6.docx", "Curfew"): [
            "After the curfew the markets closed early; traders said the curfew hurt more than "
            "the drones did, and the bazaar never recovered its evening trade, not once in two "
            "years \U0001F54C.", "Lifted, but nobody believes it."],
        ("Interview 6.docx", "Distrust"): [
            "traders said the curfew hurt more than the drones did", "nobody believes it"]}),
    "maxqda-24.qdpx": (2, 3, 2, "cp-raw", {
        ("Interview 4", "Trust deficit"): ["The trust deficit grew"],
        ("Interview 5", "Aid"): ["Aid arrived late"]}),
    "nvivo-12.6-windows-lf.qdpx": (1, 2, 3, "u16-crlf", {
        ("Interview 4", "Drones"): ["drone strikes", "café\u0301 talk any more \U0001F4A5"],
        ("Interview 4", "Perceived threat"): ["drone strikes"]}),
    "nvivo-12.6-windows.qdpx": (1, 2, 3, "u16-raw", {
        ("Interview 4", "Drones"): ["drone strikes", "café\u0301 talk any more \U0001F4A5"],
        ("Interview 4", "Perceived threat"): ["drone strikes"]}),
}


def segments(p: Project) -> dict[tuple[str, str], list[str]]:
    docs = {d.id: d.name for d in p.documents.all()}
    codes = {c.id: c.name for c in p.codebook.all()}
    out: dict[tuple[str, str], list[str]] = {}
    for c in sorted(p.codings.all(), key=lambda c: (c.document_id, c.start)):
        text = p.documents.text(c.document_id)[c.start:c.end]
        assert text == c.text
        out.setdefault((docs[c.document_id], codes[c.code_id]), []).append(text)
    return out


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_vendor_file_imports_every_selection_on_its_words(name, empty_project, tmp_path):
    documents, codes, codings, unit, quoted = EXPECTED[name]
    report = import_qdpx(empty_project, VENDORS / name)
    assert (len(report.documents), report.exact, report.reanchored, report.dropped) == (
        documents, codings, [], [])
    assert report.unit == unit
    assert len(empty_project.documents.all()) == documents
    assert len(empty_project.codebook.all()) == codes
    assert empty_project.codings.count() == codings
    assert segments(empty_project) == quoted
    # and out again: the same words under our own positions
    out = tmp_path / "again.qdpx"
    export_qdpx(empty_project, out)
    with Project.create(tmp_path / "again.gwot", coder="x") as again:
        assert import_qdpx(again, out).exact == codings
        assert segments(again) == quoted


def test_atlas_users_notes_and_coders(empty_project):
    report = import_qdpx(empty_project, VENDORS / "atlas-23.qdpx")
    assert report.origin == "ATLAS.ti for Windows 23.2.3.27778"
    assert {"Ayesha Khan", "ATLAS.ti"} <= set(report.coders)
    assert {c.coder for c in empty_project.codings.all()} == {"Ayesha Khan"}
    languages = next(c for c in empty_project.codings.all()
                     if empty_project.codebook.get(c.code_id).name == "Languages")
    assert languages.memo == "The speaker switches from Chinese to Urdu."
    drones = empty_project.codebook.find_by_guid("2D2466F0-D77F-4F8C-BDF9-628966B6B74D")
    assert drones is not None and drones.color.upper() == "#FF0000"


def test_maxqda_sets_variables_and_descriptions(empty_project):
    p = empty_project
    report = import_qdpx(p, VENDORS / "maxqda-24.qdpx")
    assert report.sets == 2 and report.variables == 2 and report.values == 3
    docs = {d.id: d.name for d in p.documents.all()}
    members = {s.name: sorted(docs[d] for d in p.sets.members(s.id)) for s in p.sets.all()}
    assert members == {"Khyber Pakhtunkhwa": ["Interview 4"],
                       "All interviews": ["Interview 4", "Interview 5"]}
    city, minutes = p.variables.get("City"), p.variables.get("Duration (min)")
    assert (city.type, minutes.type) == ("text", "number")
    four = p.documents.get("Interview 4")
    assert p.variables.values(four.id) == {city.id: "Peshawar", minutes.id: 45}
    deficit = p.codebook.find_by_guid("C6C1BE73-B4F4-4C2D-91F1-90B73BFC5C25")
    assert deficit is not None and deficit.definition == "Apply when a speaker says trust was lost."
    assert deficit.color.lower() == "#ef8256"


def test_nvivo_coder_of_the_coding_and_one_selection_per_code(empty_project):
    report = import_qdpx(empty_project, VENDORS / "nvivo-12.6-windows.qdpx")
    assert report.unit_by == "origin"
    # the coding's user wins over its selection's
    assert {c.coder for c in empty_project.codings.all()} == {"Researcher"}
    spans = [(c.start, c.end) for c in empty_project.codings.all()]
    assert len(spans) == 3 and len(set(spans)) == 2  # the same span coded twice


def test_taguettes_real_codebook(empty_project):
    report = import_qdc(empty_project, VENDORS / "taguette-1.5.2.qdc")
    assert report.added == ["interesting", "people", "interesting\\places"]
    names = sorted(c.name for c in empty_project.codebook.all())
    assert names == ["interesting", "interesting\\places", "people"]
    assert empty_project.codebook.find_by_guid("55BB6892-6F30-5129-8CB8-557A1B12137B") is not None


def _sources(data: bytes):
    import io
    import zipfile

    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        qde = next(n for n in zf.namelist() if n.endswith(".qde"))
        root = etree.fromstring(zf.read(qde))
    return root.iter("{*}TextSource")


@pytest.mark.parametrize("name", [*sorted(EXPECTED), "ours"])
def test_the_fast_reading_of_selections_gives_what_the_element_reader_gives(name, corpus_project,
                                                                            tmp_path):
    from gwot_reader.exchange.qdpx import reader

    if name == "ours":
        doc = corpus_project.documents.all()[0]
        code = next(c for c in corpus_project.codebook.all() if not c.is_category)
        corpus_project.codings.add(doc.id, code.id, 3, 40, coder="bilal")
        corpus_project.codings.add(doc.id, code.id, 10, 20, memo="a memo: its NoteRef")
        other = corpus_project.documents.all()[1]
        corpus_project.codings.add(other.id, code.id, 0, 12)
        corpus_project.codings.add(other.id, code.id, 5, 30, coder="bilal")
        export_qdpx(corpus_project, tmp_path / "ours.qdpx")
        data = (tmp_path / "ours.qdpx").read_bytes()
    else:
        data = (VENDORS / name).read_bytes()
    slow = reader._Project.__new__(reader._Project)
    fast_used = 0
    for el in _sources(data):
        children = [c for c in el if reader.local(c.tag) == "PlainTextSelection"]
        expected = [slow._selection(c) for c in children]
        fast = reader._fast_selections(el)
        if fast is not None:
            fast_used += 1
            assert fast == expected
    # every file has a source in the usual shape (one coding, no notes on its selections)
    assert fast_used >= 1


def _selection_xml(draw_sel) -> str:
    attrs, codings, note = draw_sel
    inner = "".join(
        "<Coding" + "".join(f' {k}="{v}"' for k, v in c_attrs.items()) + ">"
        + (f'<CodeRef targetGUID="{ref}"/>' if ref else "") + "</Coding>"
        for c_attrs, ref in codings)
    inner += '<NoteRef targetGUID="{9c0d1e2f-3a4b-4c5d-8e6f-7a8b9c0d1e2f}"/>' if note else ""
    return "<PlainTextSelection" + "".join(f' {k}="{v}"' for k, v in attrs.items()) + f">{inner}" \
        "</PlainTextSelection>"


def test_fast_and_element_readers_agree_on_any_shape():
    """Whatever attributes, codings and notes selections have, the column reader either declines
    or gives exactly what the element-by-element reader gives."""
    from hypothesis import example, given, settings
    from hypothesis import strategies as st
    from lxml import etree

    from gwot_reader.exchange.qdpx import reader

    guid = st.sampled_from(["4d62f0cc-182f-44b8-a043-339c90779e9e", "{5E73A1DD-293A-45C9-B154-44AD91880FAF}",
                            "not-a-guid", ""])
    date = st.sampled_from(["2024-05-01T10:00:00.000Z", "2024-05-01T10:00:00", "2024-05-01T10:00:00+05:00",
                            "soon"])
    number = st.sampled_from(["0", "12", " 7 ", "x", "-3"])
    sel_attrs = st.fixed_dictionaries(
        {"guid": guid, "startPosition": number, "endPosition": number},
        optional={"name": st.text(alphabet="ab <&\"é😀", max_size=6), "creatingUser": guid,
                  "creationDateTime": date, "modifiedDateTime": date})
    coding = st.tuples(st.fixed_dictionaries({}, optional={"guid": guid, "creatingUser": guid,
                                                           "creationDateTime": date}),
                       st.one_of(st.none(), guid))
    selection = st.tuples(sel_attrs, st.lists(coding, min_size=0, max_size=2), st.booleans())
    slow = reader._Project.__new__(reader._Project)
    taken = []

    usual = ({"guid": "4d62f0cc-182f-44b8-a043-339c90779e9e", "startPosition": "0",
              "endPosition": "12", "name": "a", "creatingUser": "not-a-guid"},
             [({"guid": "", "creationDateTime": "soon"}, "{5E73A1DD-293A-45C9-B154-44AD91880FAF}")],
             False)

    @settings(max_examples=150, deadline=None)
    @example([usual, usual])
    @given(st.lists(selection, min_size=1, max_size=5))
    def check(selections):
        from xml.sax.saxutils import escape

        def esc_attrs(s):
            attrs, codings, note = s
            return ({k: escape(v, {'"': "&quot;"}) for k, v in attrs.items()}, codings, note)

        xml = ('<TextSource xmlns="urn:QDA-XML:project:1.0" guid="56a79789-d535-4fb8-bedd-a915504c54ba">'
               + "".join(_selection_xml(esc_attrs(s)) for s in selections) + "</TextSource>")
        el = etree.fromstring(xml.encode())
        fast = reader._fast_selections(el)
        if fast is not None:
            taken.append(len(fast))
            assert fast == [slow._selection(c) for c in el]

    check()
    assert taken  # the column reader was taken on some of the shapes


def test_a_source_that_is_not_utf8_comes_in_with_a_warning(empty_project, tmp_path):
    from qdpx_samples import zip_bytes

    from gwot_reader.exchange.qdpx import preview_qdpx

    guid = "0e4b0e2d-ccc6-402e-af63-fa4efa8c7306"
    qde = ('<Project name="x" origin="MAXQDA 24" xmlns="urn:QDA-XML:project:1.0"><Sources>'
           f'<TextSource guid="{guid}" name="Caf\u00e9" plainTextPath="internal://{guid}.txt"/>'
           '</Sources><Notes><Note guid="7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d" name="n" '
           f'plainTextPath="internal://note.txt"/></Notes></Project>')
    path = tmp_path / "latin.qdpx"
    path.write_bytes(zip_bytes({"project.qde": qde, f"sources/{guid}.txt": "Caf\u00e9 talk".encode("cp1252"),
                                "sources/note.txt": "na\u00efve".encode("cp1252")}))
    lines = preview_qdpx(path).lines()
    assert any("source 'Café' is not UTF-8" in line for line in lines)
    assert any("note 'n' is not UTF-8" in line for line in lines)
    report = import_qdpx(empty_project, path)
    assert any("is not UTF-8" in w for w in report.warnings)
    assert empty_project.documents.text(empty_project.documents.get(guid.upper()).id) == "Caf\ufffd talk"


def test_atlas_mac_names_of_quotations_and_what_is_not_carried(empty_project):
    """The REFI-QDA consortium's ATLAS.ti 8 sample: Project.qde with a capital P, text files
    named apart from their sources, a picture source (reported), code groups (kept)."""
    p = empty_project
    report = import_qdpx(p, VENDORS / "atlas-8.4-mac.qdpx")
    assert report.origin.startswith("ATLAS.ti 8.4.0") and report.unit_by == "origin"
    assert any(w.startswith("1 PictureSource element(s) skipped, with 1 coding(s)")
               for w in report.warnings)  # silently left out before
    assert [s.name for s in p.sets.all()] == ["Bannu"] and report.sets_aside == 1
    assert {c.coder for c in p.codings.all()} == {"Ayesha Khan"}


def test_a_source_whose_text_the_archive_lacks_is_skipped_with_its_codings_counted(
        empty_project, tmp_path):
    """The consortium's ATLAS.ti 8 sample as published holds none of its source files: each
    source is skipped, and the report says how many codings went with it."""
    import zipfile

    with zipfile.ZipFile(VENDORS / "atlas-8.4-mac.qdpx") as zf:
        qde = zf.read("Project.qde")
    with zipfile.ZipFile(tmp_path / "bare.qdpx", "w") as zf:
        zf.writestr("Project.qde", qde)
    report = import_qdpx(empty_project, tmp_path / "bare.qdpx")
    assert report.codings == 0 and not report.dropped
    assert report.documents_skipped == [
        "Interview 6.docx (and its 4 codings): source 'Interview 6.docx': its text "
        "'internal://230B768E-5A3D-42B7-BE92-2A3721177944.txt' is not in the archive"]
    assert len(empty_project.codebook.all()) == 2  # the rest still comes in
