"""search, autocode, query, matrix and chart on the bundled corpus, checked against the
segments CSV and the canonical texts."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter

import pytest

from gwot_reader.cli import main
from gwot_reader.exchange.analysis import SEARCH_COLUMNS
from gwot_reader.exchange.segments_csv import SEGMENT_COLUMNS
from gwot_reader.store import Project


def run(capsys, *argv: object) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def read(path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture
def path(corpus_project: Project):
    p = corpus_project.path
    corpus_project.close()
    return p


def test_search_writes_exact_hits(capsys, path, tmp_path):
    code, out, _ = run(capsys, "search", path, '"trust deficit"')
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == SEARCH_COLUMNS and len(rows) >= 5
    with Project.open(path) as project:
        for r in rows:
            text = project.documents.text(project.documents.get(r["document_guid"]).id)
            assert text[int(r["start"]):int(r["end"])] == r["text"]
            assert re.fullmatch(r"trust\W+deficit", r["text"], re.IGNORECASE)  # as FTS5 does
            assert text[:int(r["start"])].endswith(r["context_before"])
    out_file = tmp_path / "hits.csv"
    code, out, _ = run(capsys, "search", path, r"trust\s+deficit", "--regex", "--doc",
                       rows[0]["document"], "-o", out_file)
    assert code == 0 and "in 1 document written" in out
    assert {r["document"] for r in read(out_file)} == {rows[0]["document"]}


def test_autocode_one_transaction_and_idempotent(capsys, path):
    code, out, _ = run(capsys, "autocode", path, '"trust deficit"', "--code",
                       "Themes/Trust deficit", "--dry-run")
    assert code == 0 and out.startswith("would make ")
    n = int(out.split()[2])
    with Project.open(path) as project:
        assert project.codings.count() == 0
    code, out, _ = run(capsys, "autocode", path, '"trust deficit"', "--code",
                       "Themes/Trust deficit", "--scope", "sentence", "--coder", "bot")
    assert code == 0 and out.startswith(f"made {n} codings")
    with Project.open(path) as project:
        codings = project.codings.all()
        assert len(codings) == n and {c.coder for c in codings} == {"bot"}
        for c in codings:
                # a sentence ends at its full stop, or where its paragraph (line) does
                text = project.documents.text(c.document_id)
                assert re.search(r"trust\W+deficit", c.text, re.I)
                assert c.text[-1] in ".?!\"”’)" or text[c.end:c.end + 1] in ("", "\n")
    code, out, _ = run(capsys, "autocode", path, '"trust deficit"', "--code",
                       "Themes/Trust deficit", "--scope", "sentence", "--coder", "bot")
    assert out.startswith("made 0 codings") and f"({n} already coded)" in out


def test_query_overlaps_and_intersection(capsys, path, tmp_path):
    run(capsys, "autocode", path, '"trust deficit"', "--code", "Themes/Trust deficit",
        "--scope", "sentence")
    run(capsys, "autocode", path, "countries OR Pakistan", "--code", "Actors/Pakistan (state)")
    out_file = tmp_path / "q.csv"
    code, out, _ = run(capsys, "query", path,
                       '"Themes/Trust deficit" overlaps "Actors/Pakistan (state)"', "-o", out_file)
    assert code == 0
    rows = read(out_file)
    assert rows and list(rows[0]) == SEGMENT_COLUMNS
    assert {r["code_path"] for r in rows} == {"Themes/Trust deficit"}
    code, out, _ = run(capsys, "query", path, '"Trust deficit" & "Pakistan (state)"')
    both = list(csv.DictReader(io.StringIO(out)))
    assert both and all(r["coding_guid"] == "" and r["text"] in ("countries", "Pakistan")
                        for r in both)
    code, out, _ = run(capsys, "query", path, '"Trust deficit" - "Pakistan (state)"')
    minus = list(csv.DictReader(io.StringIO(out)))
    code, out, _ = run(capsys, "query", path, "Themes")  # a category: all codes beneath it
    assert len(list(csv.DictReader(io.StringIO(out)))) == len(rows) + len(minus)


def test_matrix_cells_match_the_segments_csv(capsys, path, tmp_path):
    run(capsys, "autocode", path, "trust", "--code", "Themes/Trust deficit", "--scope", "sentence")
    run(capsys, "autocode", path, "Washington", "--code", "Actors/United States")
    run(capsys, "autocode", path, "drone*", "--code", "Themes/Sovereignty and drone strikes",
        "--coder", "other")
    run(capsys, "export", path, "--format", "segments-csv", "-o", tmp_path / "seg.csv")
    segments = read(tmp_path / "seg.csv")
    m = tmp_path / "m.csv"
    assert run(capsys, "matrix", path, "--rows", "codes", "--cols", "documents", "-o", m)[0] == 0
    table = read(m)
    per = Counter((s["code_path"], s["document"]) for s in segments)
    for row in table:
        for doc, value in row.items():
            if doc != "code":
                assert int(value) == per[row["code"], doc]
    run(capsys, "matrix", path, "--rows", "codes", "--cols", "coders", "--count", "documents",
        "-o", m)
    docs = {(s["code_path"], s["coder"]): set() for s in segments}
    for s in segments:
        docs[s["code_path"], s["coder"]].add(s["document"])
    for row in read(m):
        for coder, value in row.items():
            if coder != "code":
                assert int(value) == len(docs.get((row["code"], coder), ()))
    run(capsys, "matrix", path, "--rows", "codes", "--cols", "codes", "-o", m)
    co = {r["code"]: r for r in read(m)}
    trust = [s for s in segments if s["code_path"] == "Themes/Trust deficit"]
    us = [s for s in segments if s["code_path"] == "Actors/United States"]
    want = sum(any(u["document"] == t["document"] and int(u["start"]) < int(t["end"])
                   and int(t["start"]) < int(u["end"]) for u in us) for t in trust)
    assert int(co["Themes/Trust deficit"]["Actors/United States"]) == want
    assert int(co["Themes/Trust deficit"]["Themes/Trust deficit"]) == len(trust)
    code, _, err = run(capsys, "matrix", path, "--rows", "documents", "--cols", "documents",
                       "-o", m)
    assert code == 2 and len(err.strip().splitlines()) == 1


def test_charts_with_their_tables(capsys, path, tmp_path):
    run(capsys, "autocode", path, "trust", "--code", "Themes/Trust deficit")
    for kind, name in [("frequencies", "f.png"), ("cooccurrence", "c.svg"),
                       ("portrait", "p.png")]:
        code, out, _ = run(capsys, "chart", path, "--kind", kind, "-o", tmp_path / name)
        assert code == 0, out
        data = (tmp_path / name).read_bytes()
        assert data.startswith(b"\x89PNG") if name.endswith(".png") else b"<svg" in data[:2000]
        assert read((tmp_path / name).with_suffix(".csv"))
    freq = {r["code_path"]: r for r in read(tmp_path / "f.csv")}
    with Project.open(path) as project:
        assert int(freq["Themes/Trust deficit"]["codings"]) == project.codings.count()
    from PySide6.QtGui import QImage

    image = QImage(str(tmp_path / "f.png"))
    assert round(image.dotsPerMeterX() * 0.0254) == 300
    # a bar per code, each in its code's colour, at 300 dpi: wider than a page column at 72
    assert image.width() > 1500


@pytest.mark.parametrize("argv", [
    ["search", "{p}", '"open'], ["search", "{p}", "(", "--regex"],
    ["query", "{p}", "A overlaps"], ["query", "{p}", "No such code"],
    ["autocode", "{p}", "trust", "--code", "Themes"], ["chart", "{p}", "--kind", "portrait",
                                                       "-o", "x.pdf"],
])
def test_bad_input_is_one_line_and_exit_2(capsys, path, argv):
    code, out, err = run(capsys, *[a.replace("{p}", str(path)) for a in argv])
    assert code == 2 and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    with Project.open(path) as project:
        assert project.codings.count() == 0
