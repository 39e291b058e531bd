"""Every bad input of the command line: exit 2, one line on stderr, the project unchanged."""

from __future__ import annotations

import codecs
import hashlib
import sqlite3
import subprocess
import sys

import pytest

from gwot_reader.cli import main
from gwot_reader.store.fileid import APPLICATION_ID
from gwot_reader.store.schema import SCHEMA_VERSION

SAFI = "Safi 2023 - Pakistan-U.S. anti-terrorism dialogue"


def fingerprint(path) -> str:
    """A hash of every row of every table of the project (the file itself may be checkpointed)."""
    con = sqlite3.connect(str(path))
    h = hashlib.sha256()
    tables = [r[0] for r in con.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name")]
    for t in tables:
        h.update(t.encode())
        # Sorted in Python: some tables (pdf_pages, the search index's) have no rowid.
        for row in sorted(repr(r) for r in con.execute(f'SELECT * FROM "{t}"')):
            h.update(row.encode())
    h.update(repr(con.execute("PRAGMA user_version").fetchone()).encode())
    con.close()
    return h.hexdigest()


@pytest.fixture
def project(corpus_project):
    """The corpus project's path, closed, with one coding to remove and export."""
    doc = corpus_project.documents.get(SAFI)
    code = corpus_project.codebook.get("Themes/Trust deficit")
    corpus_project.codings.add(doc.id, code.id, 0, 20)
    path = corpus_project.path
    corpus_project.close()
    return path


def files(tmp_path) -> dict[str, str]:
    """Bad and good input files, by a short name used in the cases below."""
    made = {
        "good.txt": b"a good text file",
        "binary.txt": bytes(range(256)) * 50,
        "empty.txt": b"",
        "blank.txt": b"   \r\n\t\n",
        "bad-bom.txt": codecs.BOM_UTF8 + b"\xff\xfe\xfa bad",
        "unknown.xyz": b"text",
        "no-code-column.csv": b"label,parent\nA,\n",
        "shifted.csv": b"code,parent\nA,,x,y\n",
        "bad-colour.csv": b"code,color\nA,#12345G\n",
        "orphan.csv": b"code,parent\nA,No such parent\n",
        "dup.csv": b"code,parent\nA,\nA,\n",
        "binary.csv": bytes(range(256)) * 50,
        "garbage.gwot": b"this is not a project\n" * 10,
        "sqlite-other.gwot": None,
        "future.gwot": None,
    }
    for name, data in made.items():
        if data is not None:
            (tmp_path / name).write_bytes(data)
    con = sqlite3.connect(str(tmp_path / "sqlite-other.gwot"))
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()
    con = sqlite3.connect(str(tmp_path / "future.gwot"))
    con.execute(f"PRAGMA application_id = {APPLICATION_ID}")  # ours, from a newer version
    con.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()
    (tmp_path / "folder").mkdir()
    (tmp_path / "dir.csv").mkdir()
    return {name: str(tmp_path / name) for name in [*made, "folder", "dir.csv"]}


# (arguments, words expected in the message); P is the project, F[...] a file from files().
CASES = [
    # project files
    (["stats", "{tmp}/missing.gwot"], "no project file"),
    (["stats", "{garbage.gwot}"], "not a GWOT Reader project"),
    (["stats", "{sqlite-other.gwot}"], "not a GWOT Reader project"),
    (["stats", "{future.gwot}"], "newer GWOT Reader"),
    (["stats", "{folder}"], "folder"),
    (["new", "{P}"], "already exists"),
    (["new", "{tmp}/no/such/folder/x.gwot"], "does not exist"),
    # import
    (["import", "{P}", "{tmp}/missing.txt"], "does not exist"),
    (["import", "{P}", "{binary.txt}"], "binary"),
    (["import", "{P}", "{empty.txt}"], "empty"),
    (["import", "{P}", "{blank.txt}"], "no text"),
    (["import", "{P}", "{unknown.xyz}"], "cannot be imported"),
    (["import", "{P}", "{folder}"], "folder"),
    (["import", "{P}", "{good.txt}", "{binary.txt}"], "binary"),  # all or nothing
    # codebook import / export
    (["codebook", "import", "{P}", "{no-code-column.csv}"], "no column of code names"),
    (["codebook", "import", "{P}", "{shifted.csv}"], "more cells"),
    (["codebook", "import", "{P}", "{bad-colour.csv}"], "colour"),
    (["codebook", "import", "{P}", "{orphan.csv}"], "parent"),
    (["codebook", "import", "{P}", "{dup.csv}"], "A"),
    (["codebook", "import", "{P}", "{binary.csv}"], ""),
    (["codebook", "import", "{P}", "{empty.txt}"], "empty"),
    (["codebook", "import", "{P}", "{tmp}/missing.csv"], ""),
    (["codebook", "import", "{P}", "{unknown.xyz}"], "format"),
    (["codebook", "export", "{P}", "{tmp}/no/such/dir/cb.csv"], "does not exist"),
    (["codebook", "export", "{P}", "{dir.csv}"], "folder"),
    # code
    (["code", "{P}", "--doc", "No such doc", "--start", "0", "--end", "5", "--code", "TTP"],
     "no document"),
    (["code", "{P}", "--doc", SAFI, "--start", "0", "--end", "5", "--code", "No such code"],
     "no code"),
    (["code", "{P}", "--doc", SAFI, "--start", "0", "--end", "5", "--code", "Themes"], "category"),
    (["code", "{P}", "--doc", SAFI, "--start", "5", "--end", "5", "--code", "TTP"], "empty"),
    (["code", "{P}", "--doc", SAFI, "--start", "9", "--end", "5", "--code", "TTP"], "reversed"),
    (["code", "{P}", "--doc", SAFI, "--start", "-3", "--end", "5", "--code", "TTP"], "negative"),
    (["code", "{P}", "--doc", SAFI, "--start", "0", "--end", "99999999", "--code", "TTP"],
     "past the end"),
    (["code", "{P}", "--doc", SAFI, "--start", "zero", "--end", "5", "--code", "TTP"], "invalid int"),
    (["code", "{P}", "--doc", SAFI, "--start", "0", "--code", "TTP"], "--end"),
    (["code", "{missing}", "--doc", SAFI, "--start", "0", "--end", "5", "--code", "TTP"],
     "no project file"),
    # uncode
    (["uncode", "{P}", "--coding", "00000000-0000-0000-0000-000000000000"], "no coding"),
    (["uncode", "{P}"], "--coding"),
    # export
    (["export", "{P}", "--format", "xlsx", "-o", "{tmp}/x.xlsx"], "invalid choice"),
    (["export", "{P}", "--format", "segments-csv", "-o", "{tmp}/no/such/dir/x.csv"], "does not exist"),
    (["export", "{P}", "--format", "segments-csv", "-o", "{folder}"], "folder"),
    (["export", "{P}", "--format", "segments-csv"], "-o"),
    # the command line itself
    (["frobnicate", "{P}"], "invalid choice"),
    (["stats"], "PROJECT"),
    (["codebook", "{P}"], "invalid choice"),
]


@pytest.mark.parametrize("argv,words", CASES, ids=[" ".join(c[0][:3]) + f" #{i}"
                                                   for i, c in enumerate(CASES)])
def test_bad_input_exit_2_one_line_project_unchanged(project, tmp_path, capsys, argv, words):
    paths = files(tmp_path)
    paths.update(P=str(project), tmp=str(tmp_path), missing=str(tmp_path / "missing.gwot"))
    before = fingerprint(project)
    outputs_before = outputs(tmp_path)
    args = []
    for a in argv:
        for key, value in paths.items():
            a = a.replace("{" + key + "}", value)
        args.append(a)
    code = main(args)
    out, err = capsys.readouterr()
    assert code == 2, (out, err)
    assert err.endswith("\n") and err.count("\n") == 1, err
    assert err.startswith("gwot-reader: ") and "Traceback" not in err
    assert words.lower() in err.lower(), err
    assert fingerprint(project) == before
    assert outputs(tmp_path) == outputs_before


def outputs(tmp_path) -> list[str]:
    """Files beside the project; the user data folder (backups before an import) apart."""
    home = tmp_path / "home"
    return sorted(p.name for p in tmp_path.rglob("*") if home not in p.parents and p != home
                  and not p.name.endswith(("-wal", "-shm")))


def test_bad_input_through_a_real_process_prints_no_traceback(project, tmp_path):
    before = fingerprint(project)
    r = subprocess.run([sys.executable, "-m", "gwot_reader", "code", str(project), "--doc", SAFI,
                        "--start", "10", "--end", "2", "--code", "TTP"],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 2
    assert r.stderr.count("\n") == 1 and "reversed" in r.stderr and "Traceback" not in r.stderr
    assert r.stdout == ""
    assert fingerprint(project) == before
