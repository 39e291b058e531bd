"""CSV exports read back unchanged: quoting, emoji, formula cells, BOM, raw cells, pandas."""

from __future__ import annotations

import codecs
import csv
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gwot_reader.core.csvsafe import FORMULA_STARTS, neutralise, restore
from gwot_reader.exchange.codebook_csv import EXPORT_COLUMNS, export_codebook_csv
from gwot_reader.exchange.segments_csv import CONTEXT, SEGMENT_COLUMNS, export_segments_csv

TRICKY = ('=HYPERLINK("http://evil.example","click"), then "quoted", commas, and\n'
          "a new line; emoji 😀👍🏽, combining e\u0301, -minus +plus @at\tand a tab.\n"
          "-starts with minus\n@starts with at\n+plus line")


def read(path, encoding: str = "utf-8") -> list[dict[str, str]]:
    with open(path, encoding=encoding, newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture
def tricky(empty_project):
    """A project whose names, text and memos hold every character CSV can trip on."""
    p = empty_project
    doc = p.documents.add("=cmd|' /C calc'!A0", TRICKY, title='Title, with "quotes"')
    cat = p.codebook.add("+Category", is_category=True, definition="-minus definition")
    code = p.codebook.add("@Code, \"quoted\"", cat.id, definition="=1+1", example="line\nbreak")
    plain = p.codebook.add("Plain")
    spans = [(0, 10), (0, len(TRICKY)), (TRICKY.index("-starts"), TRICKY.index("@starts")),
             (TRICKY.index("emoji"), TRICKY.index("emoji") + 9), (len(TRICKY) - 4, len(TRICKY))]
    for i, (s, e) in enumerate(spans):
        p.codings.add(doc.id, (code if i % 2 else plain).id, s, e,
                     memo=["", "=SUM(A1:A9)", 'memo, "quoted"\r\nCRLF', "\ttab", "'=already"][i])
    return p


def test_segments_round_trip_raw_cells(tricky, tmp_path):
    out = tmp_path / "segments.csv"
    n = export_segments_csv(tricky, out, neutralise=False)
    rows = read(out)
    assert n == len(rows) == 5
    assert list(rows[0]) == SEGMENT_COLUMNS
    doc = tricky.documents.all()[0]
    text = tricky.documents.text(doc.id)
    tree = tricky.codebook.tree()
    for row, coding in zip(rows, tricky.codings.all(), strict=True):
        s, e = int(row["start"]), int(row["end"])
        assert (s, e) == (coding.start, coding.end)
        assert row["text"] == text[s:e] == coding.text
        assert row["context_before"] == text[max(0, s - CONTEXT) : s]
        assert row["context_after"] == text[e : e + CONTEXT]
        assert row["coding_guid"] == coding.guid
        assert row["document"] == doc.name and row["document_title"] == doc.title
        assert row["code"] == tree.by_id[coding.code_id].name
        assert row["code_path"] == tree.path(coding.code_id)
        assert row["memo"] == coding.memo
        assert row["coder"] == "tester"
        assert row["created"] == coding.created and row["created"].endswith("Z")


def test_segments_neutralised_cells_restore_exactly(tricky, tmp_path):
    out = tmp_path / "segments.csv"
    export_segments_csv(tricky, out)
    raw = tmp_path / "raw.csv"
    export_segments_csv(tricky, raw, neutralise=False)
    for safe_row, raw_row in zip(read(out), read(raw), strict=True):
        for column, value in safe_row.items():
            assert not value or value[0] not in FORMULA_STARTS, (column, value)
            assert restore(value) == raw_row[column]
    assert read(out)[0]["document"] == "'=cmd|' /C calc'!A0"


def test_rfc4180_layout_and_bom(tricky, tmp_path):
    plain, bom = tmp_path / "plain.csv", tmp_path / "bom.csv"
    export_segments_csv(tricky, plain)
    export_segments_csv(tricky, bom, bom=True)
    data = plain.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")
    assert bom.read_bytes() == b"\xef\xbb\xbf" + data
    assert data.startswith(",".join(SEGMENT_COLUMNS).encode() + b"\r\n")
    assert data.endswith(b"\r\n")
    assert b'"Title, with ""quotes"""' in data  # quotes doubled inside a quoted field
    assert read(bom, encoding="utf-8-sig") == read(plain)


def test_codebook_export_quotes_and_neutralises(tricky, tmp_path):
    out = tmp_path / "codebook.csv"
    raw = tmp_path / "raw.csv"
    export_codebook_csv(tricky, out)
    export_codebook_csv(tricky, raw, neutralise=False)
    rows, raw_rows = read(out), read(raw)
    assert list(rows[0]) == EXPORT_COLUMNS
    by_path = {r["path"]: r for r in raw_rows}
    code = by_path['+Category/@Code, "quoted"']
    assert (code["code"], code["parent"], code["definition"], code["example"]) == (
        '@Code, "quoted"', "+Category", "=1+1", "line\nbreak")
    assert (code["n_codings"], code["n_documents"]) == ("2", "1")
    for safe_row, raw_row in zip(rows, raw_rows, strict=True):
        assert {k: restore(v) for k, v in safe_row.items()} == raw_row


def test_codebook_csv_to_project_to_csv_unchanged(tricky, empty_project, tmp_path):
    from gwot_reader.exchange.codebook_csv import import_codebook_csv
    from gwot_reader.store import Project

    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    export_codebook_csv(tricky, first)
    other = Project.create(tmp_path / "other.gwot", coder="tester")
    import_codebook_csv(other, first)
    export_codebook_csv(other, second)
    other.close()
    strip_counts = [{k: v for k, v in r.items() if not k.startswith("n_")} for r in read(first)]
    assert [{k: v for k, v in r.items() if not k.startswith("n_")} for r in read(second)] \
        == strip_counts


@settings(deadline=None)
@given(st.text())
def test_neutralise_restore_round_trip(value):
    safe = neutralise(value)
    assert restore(safe) == value
    assert not safe or safe[0] not in FORMULA_STARTS


@settings(deadline=None, max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(memo=st.text(st.characters(blacklist_categories=("Cs",)), max_size=40))
def test_any_memo_survives_the_csv_module(tricky, tmp_path, memo):
    coding = tricky.codings.all()[0]
    tricky.codings.set_memo(coding.id, memo)
    for neutral in (True, False):
        out = tmp_path / f"m{neutral}.csv"
        export_segments_csv(tricky, out, neutralise=neutral)
        rows = read(out)
        got = next(r["memo"] for r in rows if r["coding_guid"] == coding.guid)
        assert (restore(got) if neutral else got) == memo


def test_pandas_reads_the_export_unchanged(tricky, tmp_path):
    pd = pytest.importorskip("pandas")
    out = tmp_path / "segments.csv"
    export_segments_csv(tricky, out, neutralise=False, bom=True)
    frame = pd.read_csv(out, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert list(frame.columns) == SEGMENT_COLUMNS
    want = read(out, encoding="utf-8-sig")
    assert frame.to_dict("records") == want
    text = tricky.documents.text(tricky.documents.all()[0].id)
    for _, r in frame.iterrows():
        assert r["text"] == text[int(r["start"]) : int(r["end"])]


def test_csv_module_parses_what_we_write_with_dialect_defaults(tricky, tmp_path):
    """No dialect sniffing needed: the default reader gives the cells back."""
    out = tmp_path / "segments.csv"
    export_segments_csv(tricky, out, neutralise=False)
    rows = list(csv.reader(io.StringIO(out.read_text("utf-8"), newline="")))
    assert len(rows) == 6 and all(len(r) == len(SEGMENT_COLUMNS) for r in rows)


CELL = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=30)
NAME = CELL.map(str.strip).filter(bool)


@settings(deadline=None, max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(codes=st.lists(st.tuples(NAME, st.booleans(), CELL, CELL), min_size=1, max_size=6,
                      unique_by=lambda c: c[0].casefold()))
def test_any_codebook_survives_csv_project_csv(tmp_path_factory, codes):
    """Export, import into a new project, export again: the same cells, whatever they hold."""
    from gwot_reader.exchange.codebook_csv import import_codebook_csv
    from gwot_reader.store import Project

    folder = tmp_path_factory.mktemp("cb")
    with Project.create(folder / "a.gwot", coder="tester") as a:
        top = a.codebook.add("Top", is_category=True)
        for name, under_top, definition, example in codes:
            a.codebook.add(name, top.id if under_top else None, definition=definition, example=example)
        export_codebook_csv(a, folder / "first.csv")
    with Project.create(folder / "b.gwot", coder="tester") as b:
        import_codebook_csv(b, folder / "first.csv")
        export_codebook_csv(b, folder / "second.csv")
    assert read(folder / "second.csv") == read(folder / "first.csv")


@pytest.mark.parametrize("data", [
    b'code\tparent\tdefinition\r\nThemes\t\t\r\nTrust\tThemes\t"Low trust, ""deficit""; mostly"\r\n',
    codecs.BOM_UTF16_LE + 'code\tparent\tdefinition\r\nThemes\t\t\r\nTrust\tThemes\t'
    '"Low trust, ""deficit""; mostly"\r\n'.encode("utf-16-le"),
    b'code;parent;definition\nThemes;;\nTrust;Themes;"Low trust, ""deficit""; mostly"\n',
], ids=["tsv", "excel-unicode-text", "semicolons"])
def test_codebook_import_reads_tabs_semicolons_and_utf16(empty_project, tmp_path, data):
    """What spreadsheets save: TSV, Excel's UTF-16 "Unicode text", semicolon-separated CSV."""
    from gwot_reader.exchange.codebook_csv import import_codebook_csv

    path = tmp_path / "codebook.txt"
    path.write_bytes(data)
    report = import_codebook_csv(empty_project, path)
    assert len(report.added) == 2
    assert empty_project.codebook.get("Themes/Trust").definition == 'Low trust, "deficit"; mostly'


@settings(deadline=None, max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.one_of(
    st.binary(max_size=200),
    st.lists(st.lists(st.sampled_from(["code", "parent", "guid", "path", "color", "is_category",
                                       "A", "B", "A/B", "#123", "#zz", "true", "", '"', ",",
                                       "\n", "=x", "'=x", "{0F0E0D0C-0B0A-4908-8706-050403020100}",
                                       "not-a-guid", "😀"]), max_size=6), max_size=6)
    .map(lambda rows: "\n".join(",".join(r) for r in rows).encode("utf-8")),
))
def test_codebook_import_of_anything_is_a_merge_or_a_gwot_error(tmp_path_factory, data):
    """Arbitrary bytes, and CSV-shaped junk from codebook words: never a traceback, and a
    refused file leaves the codebook as it was."""
    from gwot_reader.core.errors import GwotError
    from gwot_reader.exchange.codebook_csv import import_codebook_csv
    from gwot_reader.store import Project

    folder = tmp_path_factory.mktemp("junk")
    (folder / "junk.csv").write_bytes(data)
    with Project.create(folder / "p.gwot", coder="tester") as p:
        p.codebook.add("Existing")
        try:
            import_codebook_csv(p, folder / "junk.csv")
        except GwotError as exc:
            assert "\n" not in str(exc)
            assert [c.name for c in p.codebook.all()] == ["Existing"]
