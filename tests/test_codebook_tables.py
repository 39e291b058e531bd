"""Codebook tables in other tools' layouts: Taguette, QualCoder, MAXQDA, ATLAS.ti, .xlsx."""

from __future__ import annotations

import pytest

from gwot_reader.cli import main
from gwot_reader.core.errors import ImportError_
from gwot_reader.exchange.codebook_csv import import_codebook_csv
from gwot_reader.exchange.refi_codebook import export_qdc, import_qdc


def _paths(project):
    tree = project.codebook.tree()
    return {tree.path(c.id): c for c in tree}


def test_taguette_csv(empty_project, tmp_path):
    f = tmp_path / "tags.csv"
    f.write_text("tag,description,number of highlights\r\ndrones,Strikes by UAVs,12\r\n"
                 "trust,\"Trust, or its lack\",3\r\n", encoding="utf-8")
    report = import_codebook_csv(empty_project, f)
    codes = _paths(empty_project)
    assert report.added == ["drones", "trust"]
    assert codes["trust"].definition == "Trust, or its lack" and not codes["trust"].is_category


def test_maxqda_paths_with_greater_than_and_memo(empty_project, tmp_path):
    f = tmp_path / "mx.csv"
    f.write_text("Code;Memo\nCodename 1;First memo\nCodename 1 > Subcode 1.1;Sub memo\n"
                 "Codename 2 > Subcode 2.1 > Subcode 2.1.1;Deep\n", encoding="utf-8")
    import_codebook_csv(empty_project, f)
    codes = _paths(empty_project)
    assert codes["Codename 1"].memo == "First memo" and not codes["Codename 1"].is_category
    assert codes["Codename 1/Subcode 1.1"].memo == "Sub memo"
    # parents no row names become categories
    assert codes["Codename 2"].is_category and codes["Codename 2/Subcode 2.1"].is_category
    assert codes["Codename 2/Subcode 2.1/Subcode 2.1.1"].memo == "Deep"


@pytest.mark.parametrize("sep", ["::", "\\", "/"])
def test_other_path_separators_and_headers_in_any_case(empty_project, tmp_path, sep):
    f = tmp_path / "c.csv"
    f.write_text(f"NAME,Colour,DESCRIPTION\nGroup{sep}Alpha,#ff0000,a\nGroup{sep}Beta,,b\n",
                 encoding="utf-8")
    import_codebook_csv(empty_project, f)
    codes = _paths(empty_project)
    assert codes["Group"].is_category
    assert codes["Group/Alpha"].color == "#FF0000" and codes["Group/Beta"].definition == "b"


def test_qualcoder_category_column(empty_project, tmp_path):
    f = tmp_path / "qc.csv"
    f.write_text("Code Name,Category,Memo,Color\nfear,Emotions,felt fear,#AABBCC\n"
                 "anger,Emotions,,\nplace,,,\n", encoding="utf-8")
    import_codebook_csv(empty_project, f)
    codes = _paths(empty_project)
    assert codes["Emotions"].is_category and codes["Emotions/fear"].memo == "felt fear"
    assert "place" in codes


def test_xlsx_codebook(empty_project, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Code", "Memo"])
    ws.append(["Top", "t"])
    ws.append(["Top\\Child", "c"])
    wb.save(tmp_path / "cb.xlsx")
    import_codebook_csv(empty_project, tmp_path / "cb.xlsx")
    assert _paths(empty_project)["Top/Child"].memo == "c"


def test_a_project_given_as_a_codebook_says_so(empty_project, tmp_path):
    from qdpx_samples import nvivo_windows

    f = tmp_path / "p.qdpx"
    f.write_bytes(nvivo_windows())
    with pytest.raises(ImportError_, match="is a REFI-QDA project"):
        import_codebook_csv(empty_project, f)
    renamed = tmp_path / "p.qdc"
    renamed.write_bytes(nvivo_windows())
    with pytest.raises(ImportError_, match="is a REFI-QDA project"):
        import_qdc(empty_project, renamed)


def test_no_name_column_is_refused(empty_project, tmp_path):
    f = tmp_path / "x.csv"
    f.write_text("foo,bar\n1,2\n")
    with pytest.raises(ImportError_, match="no column of code names"):
        import_codebook_csv(empty_project, f)


def test_code_memos_travel_in_qdc(corpus_project, empty_project, tmp_path, capsys):
    code = next(c for c in corpus_project.codebook.all() if not c.is_category)
    corpus_project.codebook.update(code.id, memo="Remember the 2011 break.")
    export_qdc(corpus_project, tmp_path / "cb.qdc")
    import_qdc(empty_project, tmp_path / "cb.qdc")
    assert empty_project.codebook.get(code.guid).memo == "Remember the 2011 break."
    # a codebook without memos leaves the project's memos alone
    other = tmp_path / "plain.qdc"
    other.write_text('<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>'
                     f'<Code guid="{code.guid}" name="{code.name}" isCodable="true">'
                     "<Description>New definition.</Description></Code></Codes></CodeBook>")
    import_qdc(empty_project, other)
    assert empty_project.codebook.get(code.guid).memo == "Remember the 2011 break."
    assert empty_project.codebook.get(code.guid).definition == "New definition."


def test_cli_codebook_import_of_xlsx_and_qdpx(tmp_path, capsys):
    from openpyxl import Workbook

    assert main(["new", str(tmp_path / "p.gwot"), "--empty"]) == 0
    wb = Workbook()
    wb.active.append(["tag", "description"])
    wb.active.append(["drones", "d"])
    wb.save(tmp_path / "t.xlsx")
    assert main(["codebook", "import", str(tmp_path / "p.gwot"), str(tmp_path / "t.xlsx")]) == 0
    (tmp_path / "x.qdpx").write_bytes(b"PK")
    assert main(["codebook", "import", str(tmp_path / "p.gwot"), str(tmp_path / "x.qdpx")]) == 2
    assert "is a REFI-QDA project" in capsys.readouterr().err


@pytest.mark.parametrize("ns", ["urn:QDA-XML:codebook:1.0", "urn:QDA-XML:codebook:1:0",
                                "urn:QDA-XML:codebook:0:4"])
def test_codebook_namespaces_seen_in_real_files(empty_project, tmp_path, ns):
    f = tmp_path / "cb.qdc"
    f.write_text(f'<?xml version="1.0" encoding="UTF-8" standalone="no" ?><CodeBook origin="NVivo 12 '
                 f'For Mac" xmlns="{ns}"><Codes><Code guid="{{5215CC69-B628-4E02-AFB9-9BEEAEE55808}}" '
                 'name="Fear" isCodable="true" color="#00FF00"><Description/></Code></Codes></CodeBook>')
    import_qdc(empty_project, f)
    assert empty_project.codebook.find_by_guid("5215CC69-B628-4E02-AFB9-9BEEAEE55808").color == "#00FF00"
