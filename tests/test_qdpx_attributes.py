"""REFI-QDA variables (every type of the standard, on sources and on cases) and sets, into the
project's variables and sets tables and out again, validated against Project.xsd."""

from __future__ import annotations

import zipfile

import pytest
from lxml import etree
from qdpx_samples import zip_bytes
from refi_schema import validate_project

from gwot_reader.exchange.qdpx import export_qdpx, import_qdpx
from gwot_reader.exchange.qdpx.attributes import refi_type, refi_value
from gwot_reader.exchange.qdpx.ids import derived
from gwot_reader.store import Project

NS = {"q": "urn:QDA-XML:project:1.0"}
S1, S2, S3 = ("11111111-1111-4111-8111-000000000001", "11111111-1111-4111-8111-000000000002",
              "11111111-1111-4111-8111-000000000003")
# one variable per typeOfVariable of the standard: (GUID, name, type, value on S1 as written,
# the value GWOT Reader keeps, the value written back)
VARS = [
    ("22222222-2222-4222-8222-000000000001", "Region", "Text", "Khyber Pakhtunkhwa",
     "Khyber Pakhtunkhwa", "Khyber Pakhtunkhwa"),
    ("22222222-2222-4222-8222-000000000002", "Consented", "Boolean", "1", "true", "true"),
    ("22222222-2222-4222-8222-000000000003", "Age", "Integer", "42", 42, "42"),
    ("22222222-2222-4222-8222-000000000004", "Weight", "Float", "2.50", 2.5, "2.5"),
    ("22222222-2222-4222-8222-000000000005", "Interviewed", "Date", "2024-05-01Z",
     "2024-05-01", "2024-05-01"),
    ("22222222-2222-4222-8222-000000000006", "Recorded", "DateTime", "2024-05-01T10:30:00Z",
     "2024-05-01T10:30:00Z", "2024-05-01T10:30:00Z"),
]
OURS = {"Text": "text", "Boolean": "choice", "Integer": "number", "Float": "number",
        "Date": "date", "DateTime": "text"}
CASE = "33333333-3333-4333-8333-000000000001"
DOC_SET = "44444444-4444-4444-8444-000000000001"
CODE_SET = "44444444-4444-4444-8444-000000000002"
CODE = "55555555-5555-4555-8555-000000000001"
TEXTS = {S1: "First interview text.\n", S2: "Second interview: \U0001F30D ڈرون.\n",
         S3: "Third, never in a set.\n"}


def _value(guid: str, refi: str, text: str) -> str:
    return (f'<VariableValue><VariableRef targetGUID="{guid}"/><{refi}Value>{text}</{refi}Value>'
            "</VariableValue>")


def foreign_qdpx() -> bytes:
    """MAXQDA-like: variables declared once, values on S1 itself and on a case holding S1 and S2
    (S1's own values win), a document set and a code group."""
    declared = "".join(f'<Variable guid="{g}" name="{n}" typeOfVariable="{t}">'
                       f"<Description>{n} of the speaker</Description></Variable>"
                       for g, n, t, *_ in VARS)
    own = "".join(_value(g, t, v) for g, _, t, v, _, _ in VARS)
    case_values = (_value(VARS[0][0], "Text", "Punjab") + _value(VARS[2][0], "Integer", "57")
                   + _value(VARS[1][0], "Boolean", "false"))
    sources = "".join(
        f'<TextSource guid="{g}" name="Interview {i}" plainTextPath="internal://{g}.txt">'
        + (own if g == S1 else "") + "</TextSource>" for i, g in enumerate(TEXTS, 1))
    qde = ('<?xml version="1.0" encoding="utf-8"?>'
           '<Project name="mx" origin="MAXQDA 24 (Release 24.7.0)" xmlns="urn:QDA-XML:project:1.0">'
           f'<CodeBook><Codes><Code guid="{CODE}" name="Drones" isCodable="true"/></Codes></CodeBook>'
           f"<Variables>{declared}</Variables>"
           f'<Cases><Case guid="{CASE}" name="Rural speakers">{case_values}'
           f'<SourceRef targetGUID="{S1}"/><SourceRef targetGUID="{S2}"/></Case></Cases>'
           f"<Sources>{sources}</Sources>"
           f'<Sets><Set guid="{DOC_SET}" name="Rural"><Description>Villages</Description>'
           f'<MemberSource targetGUID="{S1}"/><MemberSource targetGUID="{S2}"/></Set>'
           f'<Set guid="{CODE_SET}" name="Code group: Security"><MemberCode targetGUID="{CODE}"/>'
           "</Set></Sets></Project>")
    return zip_bytes({"project.qde": qde, **{f"sources/{g}.txt": t for g, t in TEXTS.items()}})


def variables_of(p: Project) -> dict[str, tuple]:
    return {v.guid: (v.name, v.type, v.choices, v.description) for v in p.variables.all()}


def values_of(p: Project) -> dict[tuple[str, str], object]:
    docs = {d.id: d.guid for d in p.documents.all()}
    names = {v.id: v.guid for v in p.variables.all()}
    return {(docs[d], names[v]): value for d, row in p.variables.table().items()
            for v, value in row.items()}


def sets_of(p: Project) -> dict[str, tuple]:
    docs = {d.id: d.guid for d in p.documents.all()}
    return {s.guid: (s.name, s.description, sorted(docs[d] for d in p.sets.members(s.id)))
            for s in p.sets.all()}


def exported(p: Project, path) -> etree._Element:
    export_qdpx(p, path)
    with zipfile.ZipFile(path) as zf:
        xml = zf.read("project.qde")
    validate_project(xml)
    return etree.fromstring(xml)


@pytest.fixture
def imported(empty_project, tmp_path) -> Project:
    (tmp_path / "mx.qdpx").write_bytes(foreign_qdpx())
    report = import_qdpx(empty_project, tmp_path / "mx.qdpx")
    assert (report.variables, report.values, report.sets, report.sets_aside) == (6, 9, 1, 1)
    assert not [w for w in report.warnings if "variable" in w]
    return empty_project


def test_every_variable_type_comes_in_as_a_typed_project_variable(imported):
    p = imported
    assert variables_of(p) == {
        g: (n, OURS[t], ("true", "false") if t == "Boolean" else (), f"{n} of the speaker")
        for g, n, t, *_ in VARS}
    values = values_of(p)
    for g, _, _, _, kept, _ in VARS:
        assert values[(S1, g)] == kept and type(values[(S1, g)]) is type(kept)
    # the case's values reach S2; S1's own values win over the case's
    assert {k[1]: v for k, v in values.items() if k[0] == S2} == {
        VARS[0][0]: "Punjab", VARS[2][0]: 57, VARS[1][0]: "false"}
    assert S3 not in {d for d, _ in values}


def test_every_variable_type_goes_back_out_as_it_came(imported, tmp_path):
    root = exported(imported, tmp_path / "out.qdpx")
    declared = {v.get("guid"): (v.get("name"), v.get("typeOfVariable"))
                for v in root.iterfind("q:Variables/q:Variable", NS)}
    for g, n, t, *_ in VARS:
        assert declared[g] == (n, t)
    source = root.find(f"q:Sources/q:TextSource[@guid='{S1}']", NS)
    written = {vv.find("q:VariableRef", NS).get("targetGUID"): (etree.QName(vv[1]).localname,
                                                                 vv[1].text)
               for vv in source.iterfind("q:VariableValue", NS)}
    for g, _, t, _, _, back in VARS:
        assert written[g] == (f"{t}Value", back)


def test_variables_round_trip_through_a_second_project(imported, tmp_path):
    exported(imported, tmp_path / "out.qdpx")
    with Project.create(tmp_path / "again.gwot", coder="x") as again:
        report = import_qdpx(again, tmp_path / "out.qdpx")
        assert report.variables == 6 and report.values == 9
        assert variables_of(again) == variables_of(imported)
        assert values_of(again) == values_of(imported)
        root = exported(again, tmp_path / "twice.qdpx")
        assert {v.get("guid"): v.get("typeOfVariable")
                for v in root.iterfind("q:Variables/q:Variable", NS)} == {
            g: t for g, _, t, *_ in VARS}


def test_sets_go_to_the_sets_table_and_code_groups_are_kept(imported, tmp_path):
    assert sets_of(imported) == {DOC_SET: ("Rural", "Villages", sorted([S1, S2]))}
    root = exported(imported, tmp_path / "out.qdpx")
    sets = {s.get("guid"): (s.get("name"), [(etree.QName(m).localname, m.get("targetGUID"))
                                            for m in s if m.get("targetGUID")])
            for s in root.iterfind("q:Sets/q:Set", NS)}
    assert sets[DOC_SET] == ("Rural", [("MemberSource", S1), ("MemberSource", S2)])
    assert sets[CODE_SET] == ("Code group: Security", [("MemberCode", CODE)])
    with Project.create(tmp_path / "again.gwot", coder="x") as again:
        import_qdpx(again, tmp_path / "out.qdpx")
        assert sets_of(again) == sets_of(imported)


def test_a_set_edited_here_goes_out_as_edited(imported, tmp_path):
    p = imported
    rural = p.sets.get("Rural")
    p.sets.remove_members(rural.id, [p.documents.get(S2).id])
    p.sets.add("Urban", [p.documents.get(S3).id])
    root = exported(p, tmp_path / "out.qdpx")
    members = {s.get("name"): [m.get("targetGUID") for m in s.iterfind("q:MemberSource", NS)]
               for s in root.iterfind("q:Sets/q:Set", NS)}
    assert members == {"Rural": [S1], "Urban": [S3], "Code group: Security": []}


def test_importing_again_merges_sets_by_guid_and_name(imported, tmp_path):
    p = imported
    p.sets.remove_members(p.sets.get("Rural").id, [p.documents.get(S2).id])
    report = import_qdpx(p, tmp_path / "mx.qdpx")  # the same file: documents kept
    assert report.sets == 1 and len(p.sets.all()) == 1
    assert sets_of(p)[DOC_SET][2] == sorted([S1, S2])
    with Project.create(tmp_path / "named.gwot", coder="x") as other:
        other_set = other.sets.add("rural")  # same name, another GUID: merged into it
        import_qdpx(other, tmp_path / "mx.qdpx")
        assert [s.guid for s in other.sets.all()] == [other_set.guid]
        assert len(other.sets.members(other_set.id)) == 2


def test_a_value_that_does_not_fit_is_reported_and_the_rest_imported(empty_project, tmp_path):
    data = foreign_qdpx().replace(b"", b"")
    with zipfile.ZipFile(__import__("io").BytesIO(data)) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    members["project.qde"] = members["project.qde"].replace(
        b"<IntegerValue>42</IntegerValue>", b"<IntegerValue>forty-two</IntegerValue>")
    (tmp_path / "bad.qdpx").write_bytes(zip_bytes(members))
    report = import_qdpx(empty_project, tmp_path / "bad.qdpx")
    assert any("source 'Interview 1'" in w and "forty-two" in w for w in report.warnings)
    age = empty_project.variables.get("Age")
    # S1's own value was refused, so the case's value stands in for it
    assert empty_project.variables.value(empty_project.documents.get(S1).id, age.id) == 57
    assert report.values == 9


def test_corpus_fields_and_variables_of_the_same_name_both_travel(corpus_project, tmp_path):
    p = corpus_project
    root = exported(p, tmp_path / "corpus.qdpx")
    names = [v.get("name") for v in root.iterfind("q:Variables/q:Variable", NS)]
    assert "Year (document)" in names and "year" in names and len(set(map(str.casefold, names))) \
        == len(names)
    with Project.create(tmp_path / "back.gwot", coder="x") as back:
        import_qdpx(back, tmp_path / "corpus.qdpx")
        assert variables_of(back) == variables_of(p)
        assert values_of(back) == values_of(p)
        assert sorted((d.guid, d.title, d.year, d.kind) for d in back.documents.all()) == \
            sorted((d.guid, d.title, d.year, d.kind) for d in p.documents.all())
        field = derived("variable", "Year")
        assert field not in {v.guid for v in back.variables.all()}


def test_refi_type_and_value_rules():
    from gwot_reader.core.variables import Variable

    number = Variable(1, "G", "n", "number")
    assert refi_type(number, [1, 2]) == "Integer"
    assert refi_type(number, [1, 2.5]) == "Float"
    assert refi_type(number, [3], "Float") == "Float"
    assert refi_value(1e-07, "Float") == "0.0000001" and refi_value(3, "Float") == "3"
    flag = Variable(2, "G2", "f", "choice", ("true", "false"))
    assert refi_type(flag, ["true"], "Boolean") == "Boolean"
    assert refi_type(Variable(3, "G3", "c", "choice", ("yes", "no")), [], "Boolean") == "Text"
    text = Variable(4, "G4", "t", "text")
    assert refi_type(text, ["2024-05-01T10:30:00Z"], "DateTime") == "DateTime"
    assert refi_type(text, ["soon"], "DateTime") == "Text"  # edited here: no longer a DateTime
    assert refi_type(Variable(5, "G5", "d", "date"), ["2024-05-01"]) == "Date"


def test_sets_kept_whole_by_an_earlier_import_still_go_out(corpus_project, tmp_path):
    """Projects that imported sets before the sets table kept them whole in meta: they are
    written back as they were (the sets table's own sets beside them)."""
    import json

    from gwot_reader.store.exchange_rows import set_meta_value

    p = corpus_project
    doc = p.documents.all()[0]
    set_meta_value(p, "refi_sets", json.dumps([{"guid": DOC_SET, "name": "Old", "description": "",
                                                "sources": [doc.guid], "codes": [], "notes": []}]))
    p.sets.add("New", [doc.id])
    root = exported(p, tmp_path / "out.qdpx")
    members = {s.get("name"): [m.get("targetGUID") for m in s.iterfind("q:MemberSource", NS)]
               for s in root.iterfind("q:Sets/q:Set", NS)}
    assert members == {"New": [doc.guid], "Old": [doc.guid]}


def test_codes_and_selections_of_cases_are_reported_not_carried(empty_project, tmp_path):
    """A case's CodeRefs and SelectionRefs have no place here (GWOT Reader has no cases, and a
    code on a case is not a coding of its text): they are counted in the report, while the
    case's values still reach its sources and nothing else changes."""
    import io

    with zipfile.ZipFile(io.BytesIO(foreign_qdpx())) as zf:  # the MAXQDA-like file, with:
        members = {n: zf.read(n) for n in zf.namelist()}
    extra = (f'<CodeRef targetGUID="{CODE}"/><CodeRef targetGUID="{CODE}"/>'
             '<SelectionRef targetGUID="77777777-7777-4777-8777-000000000001"/>')
    members["project.qde"] = members["project.qde"].replace(
        f'<SourceRef targetGUID="{S1}"/>'.encode(), f'{extra}<SourceRef targetGUID="{S1}"/>'.encode())
    members["project.qde"] = members["project.qde"].replace(
        b"</Case></Cases>", b'</Case><Case guid="33333333-3333-4333-8333-000000000002" '
        b'name="Bare"><CodeRef targetGUID="' + CODE.encode() + b'"/></Case></Cases>')
    (tmp_path / "cases.qdpx").write_bytes(zip_bytes(members))
    report = import_qdpx(empty_project, tmp_path / "cases.qdpx")
    assert ("3 code and 1 selection reference(s) of 2 case(s) are not carried: GWOT Reader has "
            "no cases (a case's variable values reach its sources)") in report.warnings
    assert report.codings == 0 and empty_project.codings.count() == 0
    assert (report.variables, report.values) == (6, 9)  # as without the references
    assert any(line.startswith("3 code and 1 selection") for line in report.details())
