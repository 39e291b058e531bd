"""The command line end to end on the bundled corpus: the scripting contract of the README."""

from __future__ import annotations

import csv
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from gwot_reader.cli import main
from gwot_reader.exchange.segments_csv import SEGMENT_COLUMNS
from gwot_reader.store import Project

GUID = re.compile(r"^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$")
SAFI = "Safi 2023 - Pakistan-U.S. anti-terrorism dialogue"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_python_m_gwot_reader_session(tmp_path):
    """The README's session, as a user types it, through ``python -m gwot_reader``."""
    project = tmp_path / "study.gwot"

    def cli(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "gwot_reader", *args], capture_output=True,
                              text=True, cwd=tmp_path, timeout=120)

    r = cli("new", str(project))
    assert r.returncode == 0 and "5 documents, 22 codes" in r.stdout, r.stderr
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text("utf-8")
    start, end = re.search(r"--start (\d+) --end (\d+) --code \"Themes/Negotiation", readme).groups()
    r = cli("code", str(project), "--doc", SAFI, "--start", start, "--end", end,
            "--code", "Themes/Negotiation and dialogue", "--memo", "framing")
    assert r.returncode == 0, r.stderr
    guid = r.stdout.strip()
    assert GUID.match(guid)
    r = cli("export", str(project), "--format", "segments-csv", "-o", "segments.csv")
    assert r.returncode == 0, r.stderr
    with open(tmp_path / "segments.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["coding_guid"] for r in rows] == [guid]
    with Project.open(project) as p:
        assert rows[0]["text"] == p.documents.text(p.documents.get(SAFI).id)[int(start):int(end)]
    # a whole phrase, not a cut through the navigation labels glued at the top of the page
    assert rows[0]["text"] == "Pakistan and the United States to the negotiating table"
    r = cli("code", str(project), "--doc", "nope", "--start", "0", "--end", "3", "--code", "TTP")
    assert r.returncode == 2 and r.stderr.count("\n") == 1 and "Traceback" not in r.stderr


def test_new_empty_and_refuses_to_overwrite(tmp_path, capsys):
    path = tmp_path / "empty.gwot"
    assert run(capsys, "new", path, "--empty")[0] == 0
    with Project.open(path) as p:
        assert p.stats()["documents"] == 0 and p.stats()["codes"] == 0
    code, _, err = run(capsys, "new", path)
    assert code == 2 and "already exists" in err


def test_full_scripting_session(tmp_path, capsys):
    path = tmp_path / "p.gwot"
    assert run(capsys, "new", path)[0] == 0

    # import: text and Markdown files, printed with their GUIDs and lengths
    (tmp_path / "notes.txt").write_text("Interview notes:\r\nTrust is low.\r\n", encoding="utf-8")
    (tmp_path / "memo.md").write_text("# Memo\n\nThe **drone** question.", encoding="utf-8")
    code, out, _ = run(capsys, "import", path, tmp_path / "notes.txt", tmp_path / "memo.md")
    assert code == 0
    lines = out.strip().split("\n")
    assert len(lines) == 2 and lines[0].split("\t")[1:] == ["notes", "31 characters"]
    assert lines[1].split("\t")[1:] == ["memo", "25 characters"]

    # code by name, by path and by GUID; coder and memo
    with Project.open(path) as p:
        notes = p.documents.get("notes")
        trust = p.codebook.get("Themes/Trust deficit")
    code, out, _ = run(capsys, "code", path, "--doc", "notes", "--start", 17, "--end", 29,
                       "--code", "Trust deficit", "--coder", "amina", "--memo", "key line")
    assert code == 0 and GUID.match(out.strip())
    first = out.strip()
    code, out, _ = run(capsys, "code", path, "--doc", notes.guid, "--start", 0, "--end", 10,
                       "--code", trust.guid)
    assert code == 0
    second = out.strip()
    with Project.open(path) as p:
        c = p.codings.get(first)
        assert (c.text, c.coder, c.memo) == ("Trust is low", "amina", "key line")
        assert p.codings.get(second).text == "Interview "

    # stats: documents with GUIDs, codings per code
    code, out, _ = run(capsys, "stats", path)
    assert code == 0
    assert out.startswith("7 documents, 22 codes in 2 categories, 2 codings by 2 coders")
    assert f"  notes\t{notes.guid}\t31\t2" in out
    assert "    Trust deficit\t2\t1" in out

    # export both formats, with BOM and raw cells
    code, out, _ = run(capsys, "export", path, "--format", "segments-csv", "-o",
                       tmp_path / "seg.csv", "--bom")
    assert code == 0 and "exported 2 coded segments" in out
    data = (tmp_path / "seg.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf" + ",".join(SEGMENT_COLUMNS).encode())
    code, _, _ = run(capsys, "export", path, "--format", "codebook-csv", "-o",
                     tmp_path / "cb.csv", "--raw-cells")
    assert code == 0
    with open(tmp_path / "cb.csv", encoding="utf-8", newline="") as fh:
        rows = {r["path"]: r for r in csv.DictReader(fh)}
    assert rows["Themes/Trust deficit"]["n_codings"] == "2"

    # codebook export/import through the codebook command: a round trip changes nothing
    assert run(capsys, "codebook", "export", path, tmp_path / "cb2.csv")[0] == 0
    code, out, _ = run(capsys, "codebook", "import", path, tmp_path / "cb2.csv")
    assert code == 0 and "0 added, 0 changed" in out

    # uncode removes, and the history keeps both
    code, out, _ = run(capsys, "uncode", path, "--coding", first)
    assert code == 0 and first in out
    with Project.open(path) as p:
        assert p.codings.find(first) is None
        assert [e.action for e in p.history.all(first)] == ["remove", "add"]


def test_codebook_import_adds_to_an_empty_project(tmp_path, capsys):
    path = tmp_path / "p.gwot"
    run(capsys, "new", path, "--empty")
    csv_path = tmp_path / "cb.csv"
    csv_path.write_text("code,parent,is_category,color,definition\n"
                        "Themes,,true,#336699,\nTrust,Themes,false,#abc,\"Low trust, \"\"deficit\"\"\"\n",
                        encoding="utf-8")
    code, out, _ = run(capsys, "codebook", "import", path, csv_path)
    assert code == 0 and "2 added" in out
    with Project.open(path) as p:
        trust = p.codebook.get("Themes/Trust")
        assert (trust.color, trust.definition) == ("#AABBCC", 'Low trust, "deficit"')


def test_help_and_version_exit_zero(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    for command in ("new", "import", "codebook", "code", "uncode", "export", "stats"):
        assert command in out


def test_readme_documents_every_command():
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text("utf-8")
    for usage in ("gwot-reader new PROJECT", "gwot-reader import PROJECT", "gwot-reader codebook import",
                  "gwot-reader codebook export", "gwot-reader code PROJECT", "gwot-reader uncode",
                  "gwot-reader export PROJECT", "gwot-reader stats"):
        assert usage in readme


def test_console_that_cannot_show_a_name_gets_escapes_not_a_traceback(empty_project):
    empty_project.documents.add("Emoji 😀 paper", "text")
    path = empty_project.path
    empty_project.close()
    env = {**os.environ, "PYTHONIOENCODING": "cp1252"}
    r = subprocess.run([sys.executable, "-m", "gwot_reader", "stats", str(path)],
                       capture_output=True, text=True, env=env, timeout=120, encoding="cp1252")
    assert r.returncode == 0, r.stderr
    assert "Emoji \\U0001f600 paper" in r.stdout and "Traceback" not in r.stderr
