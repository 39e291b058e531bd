"""The coded-segments CSV written line by line (issue 16): the same bytes as before, faster.

The golden files in tests/data were written by the export as it was before it formatted lines
itself (csv.writer over ``segment_rows``); ``export_golden.build`` makes the same project.
"""

from __future__ import annotations

import csv
import io

import pytest
from export_golden import DATA, TRICKY, build  # tests/ is on sys.path
from hypothesis import given
from hypothesis import strategies as st

from gwot_reader.core.csvsafe import FORMULA_STARTS, neutralise
from gwot_reader.exchange.csvio import cell_formatter, csv_delimiter, write_csv
from gwot_reader.exchange.segments_csv import (
    SEGMENT_COLUMNS,
    SegmentLines,
    export_segments_csv,
    segment_rows,
)


@pytest.fixture(scope="module")
def golden(tmp_path_factory):
    project = build(tmp_path_factory.mktemp("golden") / "golden.gwot")
    yield project
    project.close()


@pytest.mark.parametrize(("name", "options"), [
    ("segments-golden.csv", {}),
    ("segments-golden.tsv", {}),
    ("segments-golden-raw-bom.csv", {"neutralise": False, "bom": True}),
])
def test_export_is_byte_identical_to_the_export_before(golden, tmp_path, name, options):
    out = tmp_path / name
    n = export_segments_csv(golden, out, **options)
    assert n == golden.codings.count() == 60
    assert out.read_bytes() == (DATA / name).read_bytes()


@pytest.mark.parametrize("suffix", [".csv", ".tsv"])
@pytest.mark.parametrize("neutralise", [True, False])
@pytest.mark.parametrize("context", [0, 1, 80, 500])
def test_lines_equal_csv_writer_over_segment_rows(golden, tmp_path, suffix, neutralise, context):
    """The reference: what ``write_csv`` makes of ``segment_rows`` (today's generic path,
    still used for query results), for every delimiter, neutralisation and context."""
    ours, ref = tmp_path / f"ours{suffix}", tmp_path / f"ref{suffix}"
    export_segments_csv(golden, ours, neutralise=neutralise, context=context)
    write_csv(ref, SEGMENT_COLUMNS, segment_rows(golden, context), neutralise=neutralise)
    assert ours.read_bytes() == ref.read_bytes()


def test_golden_file_holds_what_it_is_meant_to_test(golden):
    """The golden file is worth something only if it has the hard cells in it."""
    text = (DATA / "segments-golden.csv").read_bytes().decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert any(r["text"].startswith("'=") for r in rows)  # neutralised formula
    assert any(r["memo"] == "'=SUM(A1:A9)" for r in rows)
    assert any("\r\n" in r["memo"] for r in rows)
    assert any("😀" in r["text"] + r["context_before"] + r["context_after"] for r in rows)
    assert any("اردو" in r["text"] for r in rows) and any("中文" in r["text"] for r in rows)
    assert any(r["coder"].startswith("'") for r in rows)
    assert any(r["x0"] for r in rows) and any(r["page"] and not r["x0"] for r in rows)
    assert "e\u0301" in text and TRICKY[:10] in text.replace("'=", "=")


def test_segment_lines_counts_and_batches(golden, tmp_path, monkeypatch):
    """Batches smaller than a document give the same bytes (a dense document is formatted a
    few thousand codings at a time)."""
    import gwot_reader.exchange.segments_csv as module

    whole = tmp_path / "whole.csv"
    export_segments_csv(golden, whole)
    monkeypatch.setattr(module, "BATCH", 4)
    lines = SegmentLines(golden, tmp_path / "batched.csv")
    chunks = list(lines)
    assert lines.count == 60
    assert len(chunks) > 1 + len(golden.documents.all())  # the header and several per document
    assert "".join(chunks).encode("utf-8") == whole.read_bytes()


def test_an_empty_project_exports_the_header_only(empty_project, tmp_path):
    out = tmp_path / "empty.csv"
    assert export_segments_csv(empty_project, out) == 0
    assert out.read_bytes() == (",".join(SEGMENT_COLUMNS) + "\r\n").encode()


def test_a_coding_whose_coder_is_unknown_has_an_empty_coder_cell(golden, tmp_path):
    """The old join was a LEFT JOIN: a coder id with no row gives an empty cell, not an error."""
    golden.db.execute("PRAGMA foreign_keys = OFF")
    try:
        with golden.transaction():
            golden.db.execute("UPDATE codings SET coder_id = 999 WHERE guid LIKE '%000001'")
        out = tmp_path / "unknown.csv"
        export_segments_csv(golden, out)
        rows = list(csv.DictReader(open(out, encoding="utf-8", newline="")))
        assert rows[0]["coding_guid"].endswith("000001") and rows[0]["coder"] == ""
        ref = tmp_path / "ref.csv"
        write_csv(ref, SEGMENT_COLUMNS, segment_rows(golden))
        assert out.read_bytes() == ref.read_bytes()
    finally:
        with golden.transaction():
            golden.db.execute("UPDATE codings SET coder_id = (SELECT min(id) FROM coders) "
                              "WHERE coder_id = 999")
        golden.db.execute("PRAGMA foreign_keys = ON")


# -- one cell -------------------------------------------------------------------------------------
def writer_cell(value: str, delimiter: str, neutralise_: bool) -> str:
    """What csv.writer (through write_csv's neutralisation) writes for ``value`` in a row."""
    buf = io.StringIO(newline="")
    cell = neutralise(value) if neutralise_ and value and value[0] in (*FORMULA_STARTS, "'") \
        else value
    csv.writer(buf, lineterminator="\r\n", delimiter=delimiter).writerow([cell, "x"])
    return buf.getvalue()[: -len(f"{delimiter}x\r\n")]


CELL_TEXT = st.text(st.sampled_from('=+-@\t\r\n\',";a é😀\x00\u0301中') | st.characters(),
                    max_size=12)


@given(value=CELL_TEXT, delimiter=st.sampled_from([",", "\t"]), neutralise_=st.booleans())
def test_a_cell_is_written_as_csv_writer_writes_it(value, delimiter, neutralise_):
    assert cell_formatter(delimiter, neutralise_)(value) == writer_cell(value, delimiter,
                                                                        neutralise_)


@given(value=CELL_TEXT)
def test_a_cell_reads_back_as_it_was(value):
    """Quoted or not, neutralised or not, the reader gives the value back (raw cells) or the
    neutralised value (which ``restore`` undoes)."""
    for neutralise_ in (True, False):
        cell = cell_formatter(",", neutralise_)(value)
        (back,) = list(csv.reader(io.StringIO(cell + ",x\r\n", newline="")))
        expected = neutralise(value) if neutralise_ else value
        assert back == [expected, "x"]


def test_the_delimiter_comes_from_the_file_name():
    assert csv_delimiter("a.tsv") == "\t" and csv_delimiter("A.TSV") == "\t"
    assert csv_delimiter("a.csv") == "," and csv_delimiter("a.txt") == ","


# -- the store's side -----------------------------------------------------------------------------
def test_export_rows_of_a_document_in_reading_order(golden):
    for doc in golden.documents.all():
        rows = golden.codings.export_rows_of(doc.id).fetchall()
        assert [(r[2], r[3]) for r in rows] == sorted((r[2], r[3]) for r in rows)
        assert {r[0] for r in rows} == {c.guid for c in golden.codings.all(doc.id)}
    everything = [r[0] for r in golden.codings.export_rows()]
    per_doc = [r[0] for d in golden.documents.all() for r in golden.codings.export_rows_of(d.id)]
    assert per_doc == everything


def test_coders_by_id_and_documents_with_pages(golden, empty_project):
    names = golden.coders.by_id()
    assert set(names.values()) >= {"tester", "=cmd|' /C calc'!A0", "+Category"}
    paged = golden.documents.find("Paged")
    assert golden.pages.documents_with_pages() == {paged.id}
    assert empty_project.pages.documents_with_pages() == set()
    assert empty_project.coders.by_id() == {}


# -- reading through a memory map (issue 16: a document's codings lie scattered) -----------------
def mmap_size(project) -> int:
    return int(project.db.one("PRAGMA mmap_size")[0] or 0)


def test_the_export_maps_the_file_while_it_reads_and_leaves_the_setting_as_it_was(
        golden, tmp_path, monkeypatch):
    import gwot_reader.exchange.segments_csv as module

    seen: list[int] = []
    real = module.write_lines

    def spying(path, chunks, **kw):
        seen.append(mmap_size(golden))
        return real(path, chunks, **kw)

    monkeypatch.setattr(module, "write_lines", spying)
    before = mmap_size(golden)
    export_segments_csv(golden, tmp_path / "mapped.csv")
    assert seen and seen[0] >= 64 * 1024 * 1024
    assert mmap_size(golden) == before
    assert (tmp_path / "mapped.csv").read_bytes() == (DATA / "segments-golden.csv").read_bytes()


def test_a_failed_export_also_leaves_the_mapping_as_it_was(golden, tmp_path):
    before = mmap_size(golden)
    with pytest.raises(Exception, match="does not exist"):
        export_segments_csv(golden, tmp_path / "no such folder" / "out.csv")
    assert mmap_size(golden) == before
    assert not list(tmp_path.glob("**/*.part"))


def test_mapped_reads_restore_a_setting_of_the_caller(golden):
    from gwot_reader.store.exchange_rows import mapped_reads

    golden.db.execute("PRAGMA mmap_size = 4096")
    try:
        with mapped_reads(golden, mebibytes=8):
            assert mmap_size(golden) == 8 * 1024 * 1024
        assert mmap_size(golden) == 4096
        with pytest.raises(RuntimeError), mapped_reads(golden):
            raise RuntimeError("the export failed")
        assert mmap_size(golden) == 4096
    finally:
        golden.db.execute("PRAGMA mmap_size = 0")


def test_an_export_sees_codings_another_connection_wrote_while_mapped(tmp_path):
    """The map reads the main file; what another connection has committed (in the WAL, not yet
    checkpointed) is read as ever."""
    from gwot_reader.store import Project

    project = build(tmp_path / "own.gwot")
    other = Project.open(project.path, coder="other")
    try:
        doc = other.documents.all()[0]
        code = next(c for c in other.codebook.all() if not c.is_category)
        added = other.codings.add(doc.id, code.id, 0, 3)
        out = tmp_path / "after.csv"
        assert export_segments_csv(project, out) == 61
        rows = list(csv.DictReader(open(out, encoding="utf-8", newline="")))
        assert added.guid in {r["coding_guid"] for r in rows}
    finally:
        other.close()
        project.close()
