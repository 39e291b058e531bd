"""Issue 10's bad inputs and limits: one line, exit 2, no traceback, the project unchanged."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import threading
import zipfile
from pathlib import Path

import pytest
import test_badinput
from test_badinput import SAFI, fingerprint

from gwot_reader.cli import main
from gwot_reader.core.errors import ImportError_, ProjectFileError
from gwot_reader.exchange.textimport import CANCELLED, DuplicateFile, import_files
from gwot_reader.store import Project

project = test_badinput.project  # the corpus project's path, closed, with one coding
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def assert_refused(code: int, err: str, *words: str) -> None:
    assert code == 2, err
    assert err.startswith("gwot-reader: ") and err.count("\n") == 1, err
    assert "Traceback" not in err
    for w in words:
        assert w.lower() in err.lower(), err


def make_pdf(path: Path, pages: int = 1, *, width: float = 595, height: float = 842) -> bytes:
    import pymupdf

    doc = pymupdf.open()
    for i in range(pages):
        page = doc.new_page(width=width, height=height)
        page.insert_text((72, 72), f"Page {i + 1}: the dialogue on counter-terrorism went on.")
        page.insert_text((72, 100), "Another line of words, so that each page has some text.")
    data = doc.tobytes()
    doc.close()
    path.write_bytes(data)
    return data


def make_docx(path: Path, xml_bytes: int) -> None:
    para = f'<w:p><w:r><w:t>{"All work and no play. " * 20}</w:t></w:r></w:p>'
    body = para * (xml_bytes // len(para) + 1)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("word/document.xml", f'<?xml version="1.0"?><w:document xmlns:w="{W}">'
                                        f"<w:body>{body}</w:body></w:document>")


# -- files that are refused ---------------------------------------------------------------------
def test_a_pdf_whose_page_tree_lies_about_its_count_is_refused(project, tmp_path, capsys):
    data = make_pdf(tmp_path / "good.pdf")
    assert b"/Count 1" in data
    (tmp_path / "lying.pdf").write_bytes(data.replace(b"/Count 1", b"/Count 7"))
    before = fingerprint(project)
    code, _, err = run_cli(capsys, "import", project, tmp_path / "lying.pdf")
    assert_refused(code, err, "lying.pdf", "damaged")
    assert fingerprint(project) == before


def test_binary_html_that_declares_a_charset_is_refused(project, tmp_path, capsys):
    data = (b'<html><head><meta charset="latin-1"></head><body><p>x</p>'
            + bytes(range(256)) * 80 + b"</body></html>")
    (tmp_path / "bin.html").write_bytes(data)
    before = fingerprint(project)
    code, _, err = run_cli(capsys, "import", project, tmp_path / "bin.html")
    assert_refused(code, err, "bin.html", "binary")
    assert fingerprint(project) == before


def test_html_with_a_charset_keeps_no_nul_bytes(empty_project, tmp_path):
    (tmp_path / "nul.html").write_bytes(b'<meta charset="latin-1"><p>caf\xe9\x00 au lait</p>')
    docs, _ = import_files(empty_project, [tmp_path / "nul.html"])
    text = empty_project.documents.text(docs[0].id)
    assert "\x00" not in text and "café au lait" in text


def test_a_docx_bomb_is_refused_fast_and_small(project, tmp_path, capsys):
    """Issue 10: a 1 MB DOCX that inflates to 290 MB took 90 s and 4.3 GB."""
    import resource

    make_docx(tmp_path / "bomb.docx", 290 * 1024 * 1024)
    assert (tmp_path / "bomb.docx").stat().st_size < 2 * 1024 * 1024
    before = fingerprint(project)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    code, _, err = run_cli(capsys, "import", project, tmp_path / "bomb.docx")
    assert_refused(code, err, "bomb.docx", "zip bomb")
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak) / 1024
    assert grown_mb < 100
    assert fingerprint(project) == before


def test_a_docx_part_over_the_limit_is_stopped_while_unpacking(empty_project, tmp_path):
    """Declared under the archive's limit, but one part over the per-part limit."""
    from gwot_reader.exchange.formats import zipsafe

    make_docx(tmp_path / "big.docx", zipsafe.MAX_PART_BYTES + 1024 * 1024)
    with pytest.raises(ImportError_, match="too large"):
        import_files(empty_project, [tmp_path / "big.docx"])


def test_a_member_that_lies_about_its_size_is_never_unpacked_past_it(tmp_path):
    from gwot_reader.exchange.formats.zipsafe import open_zip, read_member

    make_docx(tmp_path / "x.docx", 4 * 1024 * 1024)
    data = (tmp_path / "x.docx").read_bytes()
    info = zipfile.ZipFile(tmp_path / "x.docx").getinfo("word/document.xml")
    liar = data.replace(info.file_size.to_bytes(4, "little"), (1024).to_bytes(4, "little"))
    zf = open_zip(liar, "liar.docx", "DOCX")
    with pytest.raises(ImportError_, match="liar.docx is damaged"):
        read_member(zf, "word/document.xml", "liar.docx")
    assert zf.unpacked <= 1025


def test_non_utf8_memo_and_coder_are_refused(project, capsys):
    before = fingerprint(project)
    for option in ("--memo", "--coder"):
        value = b"caf\xe9".decode("utf-8", "surrogateescape")  # as Python hands over such argv
        code, _, err = run_cli(capsys, "code", project, "--doc", SAFI, "--start", "0",
                               "--end", "5", "--code", "TTP", option, value)
        assert_refused(code, err, option, "UTF-8")
    assert fingerprint(project) == before


def test_a_file_name_that_is_not_utf8_is_refused(project, tmp_path, capsys):
    name = os.fsdecode(b"Bericht \xfcber Frieden.txt")  # Latin-1 bytes from an old archive
    (tmp_path / name).write_text("Words about peace talks.", encoding="utf-8")
    good = tmp_path / "good.txt"
    good.write_text("Other words.", encoding="utf-8")
    before = fingerprint(project)
    code, out, err = run_cli(capsys, "import", project, good, tmp_path / name)
    assert_refused(code, err, "Bericht \\xfcber Frieden.txt", "not valid UTF-8", "rename")
    assert out == "" and fingerprint(project) == before  # the good file of the batch neither


def test_a_coder_name_from_the_environment_that_is_not_utf8_is_refused(project, capsys,
                                                                       monkeypatch):
    monkeypatch.setenv("GWOT_CODER", os.fsdecode(b"Jos\xe9"))
    before = fingerprint(project)
    code, _, err = run_cli(capsys, "code", project, "--doc", SAFI, "--start", "0",
                           "--end", "5", "--code", "TTP")
    assert_refused(code, err, "$GWOT_CODER", "Jos\\xe9", "UTF-8")
    assert fingerprint(project) == before


@pytest.mark.parametrize("how", ["file name", "--memo", "--coder", "GWOT_CODER"])
def test_non_utf8_bytes_from_a_real_command_line_are_refused(project, tmp_path, how):
    """Through a real process: Linux hands argv and the environment over as bytes, which Python
    decodes with surrogateescape."""
    bad = b"caf\xe9"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])}
    if how == "file name":
        target = os.path.join(os.fsencode(tmp_path), bad + b".txt")
        with open(target, "wb") as fh:
            fh.write(b"Some words.")
        argv = [b"import", os.fsencode(project), target]
    else:
        argv = [b"code", os.fsencode(project), b"--doc", SAFI.encode(), b"--start", b"0",
                b"--end", b"5", b"--code", b"TTP"]
        if how == "GWOT_CODER":
            env = {os.fsencode(k): os.fsencode(v) for k, v in env.items()}
            env[b"GWOT_CODER"] = bad
        else:
            argv += [how.encode(), bad]
    before = fingerprint(project)
    done = subprocess.run([os.fsencode(sys.executable), b"-m", b"gwot_reader", *argv],
                          capture_output=True, env=env, timeout=120)
    err = done.stderr.decode("utf-8")
    assert_refused(done.returncode, err, "not valid UTF-8", "caf\\xe9")
    assert fingerprint(project) == before


def test_a_non_utf8_project_name_works(tmp_path, capsys):
    path = tmp_path / os.fsdecode(b"Projekt \xe9.gwot")
    code, out, err = run_cli(capsys, "new", "--empty", path)
    assert code == 0, err
    code, out, err = run_cli(capsys, "stats", path)
    assert code == 0 and out.startswith("0 documents"), err


# -- a damaged project ---------------------------------------------------------------------------
def damage(path: Path, table: str) -> None:
    con = sqlite3.connect(str(path))
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    root = con.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
    size = con.execute("PRAGMA page_size").fetchone()[0]
    con.close()
    with open(path, "r+b") as fh:
        fh.seek((root - 1) * size)
        fh.write(b"\xde\xad\xbe\xef" * (size // 4))


@pytest.mark.parametrize("table", ["codes", "documents", "codings"])
def test_a_project_with_damaged_pages_gives_one_line(project, tmp_path, capsys, table):
    damage(project, table)
    damaged = tmp_path / "damaged.gwot"
    shutil.copy(project, damaged)
    commands = [
        ["stats", project],
        ["code", project, "--doc", SAFI, "--start", "0", "--end", "5", "--code", "TTP"],
        ["export", project, "--format", "segments-csv", "-o", tmp_path / "s.csv"],
        ["export", project, "--format", "codebook-csv", "-o", tmp_path / "c.csv"],
    ]
    refused = 0
    for argv in commands:
        shutil.copy(damaged, project)
        code, _, err = run_cli(capsys, *argv)
        assert "Traceback" not in err
        if code:  # a command that reads a damaged page says so, and writes nothing
            assert_refused(code, err, project.name, "damaged")
            assert project.read_bytes() == damaged.read_bytes()
            refused += 1
    assert refused >= 1  # every damaged table is read by one of the commands


# -- a full disk ----------------------------------------------------------------------------------
def _full_disk_open(monkeypatch, pages_free: int = 0):
    """Projects opened by the CLI may not grow: SQLite says "database or disk is full"."""
    real_open = Project.open

    def full(path, coder=None):
        p = real_open(path, coder=coder)
        count = p.db.one("PRAGMA page_count")[0]
        p.db.execute(f"PRAGMA max_page_count = {count + pages_free}")
        return p

    monkeypatch.setattr(Project, "open", staticmethod(full))


def test_import_on_a_full_disk_says_so_and_changes_nothing(project, tmp_path, capsys, monkeypatch):
    (tmp_path / "long.txt").write_text("words and more words " * 200_000, encoding="utf-8")
    before = fingerprint(project)
    _full_disk_open(monkeypatch)
    code, _, err = run_cli(capsys, "import", project, tmp_path / "long.txt")
    assert_refused(code, err, "disk is full")
    assert "rollback" not in err
    monkeypatch.undo()
    assert fingerprint(project) == before
    with Project.open(project) as p:  # and the project goes on working
        p.codings.add(p.documents.get(SAFI).id, p.codebook.get("TTP").id, 0, 5)


def test_new_on_a_full_disk_leaves_nothing_behind(tmp_path, capsys, monkeypatch):
    from gwot_reader.exchange import newproject

    real_create = Project.create

    def small(path, coder=None):
        p = real_create(path, coder=coder)
        p.db.execute("PRAGMA max_page_count = 60")
        return p

    monkeypatch.setattr(newproject.Project, "create", staticmethod(small))
    code, _, err = run_cli(capsys, "new", tmp_path / "n.gwot")
    assert_refused(code, err, "n.gwot", "disk is full")
    assert ".part" not in err
    assert sorted(os.listdir(tmp_path)) == ["home"]


def _tmpfs(tmp_path: Path, size: str) -> Path:
    mnt = tmp_path / "disk"
    mnt.mkdir()
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mnt)],
                       capture_output=True)
    if r.returncode:
        pytest.skip("cannot mount a small tmpfs here (needs root)")
    return mnt


@pytest.mark.skipif(not sys.platform.startswith("linux") or os.geteuid() != 0,
                    reason="a real full disk needs a tmpfs mount (root on Linux)")
def test_a_real_full_disk_new_and_import(tmp_path, capsys):
    mnt = _tmpfs(tmp_path, "8m")
    try:
        code, _, err = run_cli(capsys, "new", mnt / "n.gwot")
        assert code == 0, err  # the corpus fits
        st = os.statvfs(mnt)  # then the disk is filled up to its last 64 KB
        (mnt / "filler").write_bytes(b"\0" * max(0, st.f_bavail * st.f_frsize - 64 * 1024))
        before = fingerprint(mnt / "n.gwot")
        (tmp_path / "long.txt").write_text("many words here " * 150_000, encoding="utf-8")
        code, _, err = run_cli(capsys, "import", mnt / "n.gwot", tmp_path / "long.txt")
        assert_refused(code, err, "disk is full")
        assert fingerprint(mnt / "n.gwot") == before
        code, _, err = run_cli(capsys, "new", mnt / "m.gwot")  # no room for a second one
        assert_refused(code, err, "m.gwot")
        assert not [n for n in os.listdir(mnt) if n.startswith("m.gwot")]
        (mnt / "filler").unlink()  # with room again, the project takes the import
        code, _, err = run_cli(capsys, "import", mnt / "n.gwot", tmp_path / "long.txt")
        assert code == 0, err
    finally:
        # lazily: a descriptor still open in this process must not leave the mount behind
        subprocess.run(["umount", "-l", str(mnt)], check=False)


# -- duplicates -------------------------------------------------------------------------------------
def test_reimporting_a_file_is_refused_unless_allowed(project, tmp_path, capsys):
    (tmp_path / "a.txt").write_text("A file about the talks.", encoding="utf-8")
    shutil.copy(tmp_path / "a.txt", tmp_path / "copy.txt")
    assert run_cli(capsys, "import", project, tmp_path / "a.txt")[0] == 0
    before = fingerprint(project)
    code, _, err = run_cli(capsys, "import", project, tmp_path / "copy.txt")
    assert_refused(code, err, "copy.txt", "already in the project", "--allow-duplicate")
    assert fingerprint(project) == before
    code, out, err = run_cli(capsys, "import", project, tmp_path / "copy.txt",
                             "--allow-duplicate")
    assert code == 0 and "copy" in out, err


def test_the_same_file_twice_in_one_import_is_a_duplicate(empty_project, tmp_path):
    (tmp_path / "a.txt").write_text("Text.", encoding="utf-8")
    with pytest.raises(DuplicateFile) as info:
        import_files(empty_project, [tmp_path / "a.txt", tmp_path / "a.txt"])
    assert info.value.names == ["a.txt"]
    assert empty_project.documents.all() == []


# -- long imports do not lock others out ----------------------------------------------------------
def test_others_commit_codings_while_a_big_pdf_is_read(project, tmp_path, monkeypatch):
    monkeypatch.setenv("GWOT_PDF_HELPERS", "0")  # every page read by the importing thread
    make_pdf(tmp_path / "big.pdf", pages=300)
    reading, coded = threading.Event(), threading.Event()
    result: dict = {}

    def progress(done: int, total: int, label: str) -> bool:
        if "page 100 of" in label and not reading.is_set():
            reading.set()
            coded.wait(30)
        return True

    def run() -> None:
        with Project.open(project, coder="importer") as importer:
            try:
                result["docs"], _ = import_files(importer, [tmp_path / "big.pdf"], progress)
            except Exception as exc:  # noqa: BLE001 - reported by the assertion below
                result["error"] = exc

    thread = threading.Thread(target=run)
    thread.start()
    assert reading.wait(60), "the import never reached page 100"
    with Project.open(project, coder="other") as other:
        other.db.execute("PRAGMA busy_timeout = 0")  # a lock would fail at once, not wait
        doc, code = other.documents.get(SAFI), other.codebook.get("TTP")
        made = [other.codings.add(doc.id, code.id, i, i + 5).guid for i in range(0, 30, 10)]
    coded.set()
    thread.join(120)
    assert "error" not in result, result
    with Project.open(project) as p:
        assert {c.guid for c in p.codings.all()} >= set(made)
        assert p.documents.get("big").length > 0


def test_cancelling_a_big_pdf_import_leaves_the_project_unchanged(project, tmp_path, monkeypatch):
    monkeypatch.setenv("GWOT_PDF_HELPERS", "0")
    make_pdf(tmp_path / "big.pdf", pages=120)
    (tmp_path / "note.txt").write_text("A short note.", encoding="utf-8")
    before = fingerprint(project)
    with Project.open(project) as p, pytest.raises(ImportError_, match=CANCELLED):
        import_files(p, [tmp_path / "note.txt", tmp_path / "big.pdf"],
                     lambda done, total, label: "page 60 of" not in label)
    assert fingerprint(project) == before


def test_a_real_process_import_does_not_hold_the_write_lock(project, tmp_path):
    """The CLI in another process reads a PDF; this process commits meanwhile."""
    make_pdf(tmp_path / "big.pdf", pages=1500)
    env = {**os.environ, "GWOT_PDF_HELPERS": "0"}
    proc = subprocess.Popen([sys.executable, "-m", "gwot_reader", "import", str(project),
                             str(tmp_path / "big.pdf")], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    made = []
    try:
        with Project.open(project, coder="other") as other:
            # the default wait (5 s) covers the import's short store at the end, not its
            # reading of 1,500 pages, during which it used to hold the write lock
            doc, code = other.documents.get(SAFI), other.codebook.get("TTP")
            i = 0
            while proc.poll() is None and i < 200:
                made.append(other.codings.add(doc.id, code.id, i, i + 3).guid)
                i += 1
    finally:
        out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    assert made  # codings went in while the other process was importing
    with Project.open(project) as p:
        assert {c.guid for c in p.codings.all()} >= set(made)


# -- our own CSV with long fields --------------------------------------------------------------------
def test_a_codebook_field_over_131072_characters_round_trips(empty_project, tmp_path):
    from gwot_reader.exchange.codebook_csv import export_codebook_csv, import_codebook_csv

    long = "A very long definition. " * 10_000
    assert len(long) > 131_072
    empty_project.codebook.add("Long", definition=long)
    export_codebook_csv(empty_project, tmp_path / "cb.csv")
    with Project.create(tmp_path / "b.gwot") as b:
        report = import_codebook_csv(b, tmp_path / "cb.csv")
        assert report.added == ["Long"]
        assert b.codebook.get("Long").definition == long


# -- a codebook import merges --------------------------------------------------------------------------
def test_a_csv_row_with_only_a_definition_keeps_the_other_fields(corpus_project, tmp_path):
    from gwot_reader.exchange.codebook_csv import import_codebook_csv

    before = corpus_project.codebook.get("Themes/Trust deficit")
    assert before.use_when and before.do_not_use_when and before.example
    (tmp_path / "cb.csv").write_text(
        "code,parent,is_category,color,definition,use_when,do_not_use_when,example\n"
        "Trust deficit,Themes,,,A new definition.,,,\n", encoding="utf-8")
    report = import_codebook_csv(corpus_project, tmp_path / "cb.csv")
    after = corpus_project.codebook.get("Themes/Trust deficit")
    assert report.changed == ["Themes/Trust deficit"]
    assert after.definition == "A new definition."
    assert (after.use_when, after.do_not_use_when, after.example, after.color) == (
        before.use_when, before.do_not_use_when, before.example, before.color)


def test_a_qdc_code_with_only_a_definition_keeps_the_other_fields(corpus_project, tmp_path):
    from gwot_reader.exchange.refi_codebook import import_qdc

    before = corpus_project.codebook.get("Themes/Trust deficit")
    (tmp_path / "cb.qdc").write_text(
        '<?xml version="1.0" encoding="utf-8"?><CodeBook xmlns="urn:QDA-XML:codebook:1.0">'
        '<Codes><Code guid="' + corpus_project.codebook.get("Themes").guid + '" name="Themes" '
        'isCodable="false"><Code guid="' + before.guid + '" name="Trust deficit" '
        'isCodable="true"><Description>Only this.</Description></Code></Code></Codes>'
        "</CodeBook>", encoding="utf-8")
    import_qdc(corpus_project, tmp_path / "cb.qdc")
    after = corpus_project.codebook.get(before.guid)
    assert after.definition == "Only this."
    assert (after.use_when, after.do_not_use_when, after.example) == (
        before.use_when, before.do_not_use_when, before.example)


def test_merging_renames_and_moves_keeps_paths_right(corpus_project, tmp_path):
    """The merge's indexes follow renames and moves (children resolve under the new path)."""
    from gwot_reader.exchange.codebook_csv import import_codebook_csv

    themes = corpus_project.codebook.get("Themes")
    (tmp_path / "cb.csv").write_text(
        "code,parent,is_category,guid\n"
        f"Topics,,true,{themes.guid}\n"
        "Fresh,Topics,true,\n"
        "Inside,Topics/Fresh,false,\n", encoding="utf-8")
    report = import_codebook_csv(corpus_project, tmp_path / "cb.csv")
    assert report.added == ["Topics/Fresh", "Topics/Fresh/Inside"]
    tree = corpus_project.codebook.tree()
    assert tree.path(corpus_project.codebook.get("Inside").id) == "Topics/Fresh/Inside"
    assert corpus_project.codebook.get("Topics/Trust deficit").id


def test_a_big_codebook_imports_in_one_pass(empty_project, tmp_path):
    """Linear, not quadratic: 5,000 codes touch the database a bounded number of times."""
    from gwot_reader.exchange.codebook_csv import import_codebook_csv

    lines = ["code,parent,is_category,definition"]
    for c in range(100):
        lines.append(f"Cat {c},,true,")
        lines += [f"Code {c}-{j},Cat {c},false,About {j}" for j in range(49)]
    (tmp_path / "cb.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    statements = []
    empty_project.db.conn.set_trace_callback(statements.append)
    report = import_codebook_csv(empty_project, tmp_path / "cb.csv")
    empty_project.db.conn.set_trace_callback(None)
    assert len(report.added) == 5000
    # one batch of inserts, not a look-up of the tree (or five statements) per code
    assert sum(not st.lstrip().upper().startswith("INSERT") for st in statements) < 50
    assert empty_project.codebook.get("Cat 99/Code 99-48").definition == "About 48"
    tree = empty_project.codebook.tree()
    assert [c.name for c in tree.children(empty_project.codebook.get("Cat 3").id)][:3] == [
        "Code 3-0", "Code 3-1", "Code 3-2"]


def test_damaged_store_errors_are_plain(project):
    damage(project, "codes")
    with Project.open(project) as p, pytest.raises(ProjectFileError, match="damaged"):
        with p.transaction():
            p.codebook.add("X")
