"""REFI-QDA .qdc: our export validates, real tools' files import, hostile files do no harm."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from gwot_reader.cli import main
from gwot_reader.core.errors import GwotError, ImportError_
from gwot_reader.core.model import Code
from gwot_reader.exchange.refi_codebook import (
    decode_description,
    encode_description,
    export_qdc,
    import_qdc,
)

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data"
SCHEMA = etree.XMLSchema(etree.parse(str(ROOT / "tests" / "fixtures" / "refi-qda" / "Codebook-mrt2019.xsd")))


def codebook_state(project) -> list[tuple]:
    """The codebook as exchange carries it: tree order, path, GUID, kind, colour, definitions."""
    tree = project.codebook.tree()
    return [(tree.path(c.id), c.guid, c.is_category, c.color, c.definition, c.use_when,
             c.do_not_use_when, c.example) for c in tree]


def everything(project) -> tuple:
    return tuple(project.codebook.all()), tuple(project.codings.all()), len(project.history.all())


def assert_valid(path: Path) -> None:
    doc = etree.parse(str(path))
    assert SCHEMA.validate(doc), SCHEMA.error_log


def test_export_of_the_starter_codebook_validates_against_the_xsd(corpus_project, tmp_path):
    out = tmp_path / "gwot.qdc"
    assert export_qdc(corpus_project, out) == 24
    assert_valid(out)
    root = etree.parse(str(out)).getroot()
    assert root.tag == "{urn:QDA-XML:codebook:1.0}CodeBook"
    assert root.find("{*}Sets") is None  # never written: the schema needs a Set inside
    themes = root.find("{*}Codes/{*}Code[@name='Themes']")
    assert themes.get("isCodable") == "false" and len(themes.findall("{*}Code")) == 12


def test_export_escapes_awkward_text_and_still_validates(empty_project, tmp_path):
    p = empty_project
    cat = p.codebook.add('Quotes & <tags> "x"', is_category=True, color="#abc")
    p.codebook.add("Émoji 🙂 naïve", cat.id, definition="a < b && c > d\nline two\x07",
               use_when="]]> and </Description>", example="'single' \"double\"")
    out = tmp_path / "awkward.qdc"
    export_qdc(p, out)
    assert_valid(out)
    other = tmp_path / "other.gwot"
    from gwot_reader.store import Project

    with Project.create(other, coder="tester") as q:
        import_qdc(q, out)
        code = q.codebook.get('Quotes & <tags> "x"/Émoji 🙂 naïve')
        assert code.definition == "a < b && c > d\nline two"  # the bell XML cannot hold
        assert code.use_when == "]]> and </Description>"
        assert code.example == "'single' \"double\""


def test_qdc_round_trip_is_lossless(corpus_project, empty_project, tmp_path):
    out = tmp_path / "gwot.qdc"
    export_qdc(corpus_project, out)
    report = import_qdc(empty_project, out)
    assert len(report.added) == 24 and not report.changed
    assert codebook_state(empty_project) == codebook_state(corpus_project)
    again = tmp_path / "again.qdc"
    export_qdc(empty_project, again)
    assert again.read_bytes() == out.read_bytes()


def test_importing_our_own_export_again_changes_nothing(corpus_project, tmp_path):
    out = tmp_path / "gwot.qdc"
    export_qdc(corpus_project, out)
    before = codebook_state(corpus_project)
    report = import_qdc(corpus_project, out)
    assert (len(report.added), len(report.changed), len(report.unchanged)) == (0, 0, 24)
    assert codebook_state(corpus_project) == before


def test_annex_a_example_imports(empty_project):
    report = import_qdc(empty_project, DATA / "refi-annex-a.qdc")
    assert len(report.added) == 6
    topics = empty_project.codebook.get("Topics")
    assert topics.is_category and topics.guid == "5215CC69-B628-4E02-AFB9-9BEEAEE55808"
    economy = empty_project.codebook.get("Economy")
    assert not economy.is_category and economy.color == "#FFFF00"
    assert economy.definition == "Anything about jobs or taxes or business"
    assert empty_project.codebook.get("Values").color == "#888888"  # no colour in the file


def test_guids_with_braces_or_lower_case_match_existing_codes(empty_project, tmp_path):
    import_qdc(empty_project, DATA / "refi-annex-a.qdc")
    renamed = (DATA / "refi-annex-a.qdc").read_text(encoding="utf-8").replace(
        "{d7aa29da-519b-4946-9b90-253b6db8fd0a}", "D7AA29DA-519B-4946-9B90-253B6DB8FD0A").replace(
        'name="Economy"', 'name="Economics"')
    (tmp_path / "renamed.qdc").write_text(renamed, encoding="utf-8")
    report = import_qdc(empty_project, tmp_path / "renamed.qdc")
    assert report.changed == ["Economics"] and not report.added
    assert empty_project.codebook.find("Economy") is None
    assert empty_project.codebook.get("d7aa29da-519b-4946-9b90-253b6db8fd0a").name == "Economics"


def test_taguette_file_with_empty_sets_and_no_namespace_imports(empty_project):
    report = import_qdc(empty_project, DATA / "refi-taguette.qdc")
    assert report.added == ["interesting", "people.leaders"]
    assert empty_project.codebook.get("interesting").definition == "Further review required"


def test_nested_codes_sections_and_sets(empty_project):
    import_qdc(empty_project, DATA / "refi-nested-lowercase.qdc")
    drones = empty_project.codebook.get("Security/Drones")
    assert empty_project.codebook.get("Security").is_category
    assert drones.definition == "Drone strikes and their politics."
    assert drones.use_when == "A strike or the debate about strikes is described."
    assert drones.do_not_use_when == "Only sovereignty in general (use Sovereignty)."
    assert drones.example == '"the drone campaign in FATA"'
    assert empty_project.codebook.get("Security/Drones/Civilian casualties").color == "#AABBCC"


def test_import_merges_by_path_when_guids_differ(corpus_project, tmp_path):
    xml = ('<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>'
           '<Code guid="{11111111-2222-3333-4444-555555555555}" name="Themes" isCodable="false">'
           '<Code guid="{11111111-2222-3333-4444-666666666666}" name="Trust deficit" '
           'isCodable="true" color="#010203"/>'
           '<Code guid="{11111111-2222-3333-4444-777777777777}" name="New one" isCodable="true"/>'
           "</Code></Codes></CodeBook>")
    (tmp_path / "x.qdc").write_text(xml, encoding="utf-8")
    report = import_qdc(corpus_project, tmp_path / "x.qdc")
    assert report.added == ["Themes/New one"] and report.changed == ["Themes/Trust deficit"]
    assert report.unchanged == ["Themes"] and len(report.not_in_file) == 22
    assert corpus_project.codebook.get("Themes/Trust deficit").color == "#010203"
    assert corpus_project.codebook.get("Themes/Trust deficit").definition  # no Description: kept
    assert "1 added, 1 changed, 1 left as they were" in report.summary()


@pytest.mark.parametrize("name", ["refi-billion-laughs.qdc", "refi-external-entity.qdc"])
def test_hostile_xml_is_refused_and_changes_nothing(corpus_project, name):
    before = everything(corpus_project)
    with pytest.raises(ImportError_, match="entities"):
        import_qdc(corpus_project, DATA / name)
    assert everything(corpus_project) == before


def test_billion_laughs_in_utf16_is_stopped_by_the_parser(corpus_project, tmp_path):
    text = (DATA / "refi-billion-laughs.qdc").read_text(encoding="utf-8").replace(
        'encoding="UTF-8"', 'encoding="UTF-16"')
    (tmp_path / "lol16.qdc").write_bytes(text.encode("utf-16"))
    before = everything(corpus_project)
    with pytest.raises(ImportError_):
        import_qdc(corpus_project, tmp_path / "lol16.qdc")
    assert everything(corpus_project) == before


@pytest.mark.parametrize("content, message", [
    (b"", "empty"),
    (b"not xml at all", "not well-formed"),
    (b"<Project xmlns='urn:QDA-XML:project:1.0'/>", "without a codebook"),
    (b"<html><body/></html>", "not a REFI-QDA codebook"),
    (b"<CodeBook/>", "no <Codes>"),
    (b"<CodeBook><Codes><Code guid='{nope}' name='A' isCodable='true'/></Codes></CodeBook>",
     "is not a GUID"),
    (b"<CodeBook><Codes><Code name='A' isCodable='true' color='red'/></Codes></CodeBook>",
     "colour"),
    # the first code is fine; the second fails, so neither may stay
    (b"<CodeBook><Codes><Code name='Fine' isCodable='true'/><Code name=' ' isCodable='true'/>"
     b"</Codes></CodeBook>", "no name"),
])
def test_bad_files_give_one_clear_error_and_change_nothing(corpus_project, tmp_path, content,
                                                           message):
    (tmp_path / "bad.qdc").write_bytes(content)
    before = everything(corpus_project)
    with pytest.raises(GwotError, match=message):
        import_qdc(corpus_project, tmp_path / "bad.qdc")
    assert everything(corpus_project) == before


def test_a_code_with_codings_cannot_become_a_folder(corpus_project, tmp_path):
    trust = corpus_project.codebook.get("Themes/Trust deficit")
    corpus_project.codings.add(1, trust.id, 0, 10)
    xml = (f'<CodeBook><Codes><Code guid="{trust.guid}" name="Trust deficit" isCodable="false"/>'
           "</Codes></CodeBook>")
    (tmp_path / "f.qdc").write_text(xml, encoding="utf-8")
    before = everything(corpus_project)
    with pytest.raises(GwotError, match="codings"):
        import_qdc(corpus_project, tmp_path / "f.qdc")
    assert everything(corpus_project) == before


def test_empty_codebook_export_is_refused(empty_project, tmp_path):
    with pytest.raises(GwotError, match="empty"):
        export_qdc(empty_project, tmp_path / "x.qdc")
    assert not (tmp_path / "x.qdc").exists()


_text = st.text(st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\n:"),
                max_size=40).map(str.strip)


@settings(deadline=None)
@given(_text, _text, _text, _text)
def test_description_encoding_round_trips(definition, use_when, do_not, example):
    labels = ("Use when:", "Do not use when:", "Example:")
    if any(f"\n\n{label}" in f for f in (definition, use_when, do_not, example) for label in labels) \
            or definition.startswith(labels):
        return  # a paragraph that starts with a label is read as that field: the documented limit
    code = Code(1, "G", "n", definition=definition, use_when=use_when, do_not_use_when=do_not,
                example=example)
    assert decode_description(encode_description(code)) == {
        "definition": definition, "use_when": use_when, "do_not_use_when": do_not,
        "example": example}


def test_encoded_description_reads_well():
    code = Code(1, "G", "n", definition="Def.", use_when="U.", example='"q"')
    assert encode_description(code) == 'Def.\n\nUse when: U.\n\nExample: "q"'


def test_cli_exports_and_imports_qdc(corpus_project, tmp_path, capsys):
    path = str(corpus_project.path)
    corpus_project.close()
    out = tmp_path / "cb.qdc"
    assert main(["codebook", "export", path, str(out)]) == 0
    assert_valid(out)
    assert main(["codebook", "import", path, str(out)]) == 0
    assert "0 added, 0 changed, 24 left as they were" in capsys.readouterr().out
    assert main(["codebook", "import", path, str(DATA / "refi-external-entity.qdc")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "entities" in err


def test_a_legacy_id_that_is_not_a_guid_still_exports_valid(empty_project, tmp_path):
    empty_project.codebook.add("Old", guid="code-17")
    out = tmp_path / "legacy.qdc"
    export_qdc(empty_project, out)
    assert_valid(out)
    again = tmp_path / "again.qdc"
    export_qdc(empty_project, again)
    assert again.read_bytes() == out.read_bytes()  # the GUID made for it is stable
