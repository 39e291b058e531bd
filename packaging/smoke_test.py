"""Smoke test of a built bundle: run it offscreen, as a user would, on the bundled corpus.

Builds nothing: run ``python packaging/build.py`` first, then ``python packaging/smoke_test.py
[BUNDLE_EXECUTABLE]``. The bundle runs with an empty PATH, no PYTHONPATH and its own HOME, so it
cannot lean on the Python installation that built it. Ends with ``smoke: N passed, N failed``.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bundle_config import APP_NAME, DISPLAY_NAME, ROOT, version  # noqa: E402

SIZE_LIMIT_MB = 250  # issue 6: a bare PySide6 window bundles at 181 MB
SAFI = "Safi 2023 - Pakistan-U.S. anti-terrorism dialogue"
PHRASE = "the negotiating table"
PDF_SENTENCE = "Trust deficit between the allies"


def default_executable() -> Path:
    dist = ROOT / "dist"
    if sys.platform == "darwin":
        return dist / f"{DISPLAY_NAME}.app" / "Contents" / "MacOS" / APP_NAME
    return dist / APP_NAME / (APP_NAME + (".exe" if sys.platform == "win32" else ""))


class Smoke:
    def __init__(self, exe: Path, work: Path):
        self.exe, self.work = exe, work
        self.passed = self.failed = self.skipped = 0
        home = work / "home"
        home.mkdir()
        empty_bin = work / "bin"
        empty_bin.mkdir()
        self.env = {k: v for k, v in os.environ.items()
                    if not k.startswith(("PYTHON", "VIRTUAL_ENV", "CONDA", "QT_"))}
        self.env.update(QT_QPA_PLATFORM="offscreen", PATH=str(empty_bin), HOME=str(home),
                        USERPROFILE=str(home), APPDATA=str(home / "AppData" / "Roaming"),
                        LOCALAPPDATA=str(home / "AppData" / "Local"),
                        XDG_DATA_HOME=str(home / "data"), XDG_CONFIG_HOME=str(home / "config"))

    def run(self, *args: str, ok: bool = True, env: dict | None = None) -> subprocess.CompletedProcess:
        started = time.perf_counter()
        proc = subprocess.run([str(self.exe), *args], cwd=self.work, env={**self.env, **(env or {})},
                              capture_output=True, text=True, encoding="utf-8", errors="replace",
                              timeout=120)
        proc.seconds = time.perf_counter() - started
        if "Traceback" in proc.stderr:
            raise AssertionError(f"traceback from {' '.join(args)}:\n{proc.stderr}")
        if ok and proc.returncode != 0:
            raise AssertionError(f"{' '.join(args)} exited {proc.returncode}: {proc.stderr.strip()}")
        return proc

    def step(self, name: str, fn) -> None:
        try:
            note = fn()
        except Skip as why:
            self.skipped += 1
            print(f"SKIP {name}: {why}")
        except Exception as exc:  # noqa: BLE001 - report every failure and go on
            self.failed += 1
            print(f"FAIL {name}: {exc}")
        else:
            self.passed += 1
            print(f"ok   {name}" + (f" ({note})" if note else ""))


class Skip(Exception):
    pass


def check_png(path: Path) -> str:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path.name} is not a PNG"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert width >= 400 and height >= 300, f"{path.name} is only {width}x{height}"
    return f"{width}x{height}"


def bundled_corpus_text(exe: Path) -> str:
    """The Safi document as the bundle ships it, with line ends as the import normalises them."""
    corpus = next(p for p in (exe.parent / "_internal" / "corpus", exe.parent.parent / "Resources" / "corpus",
                              exe.parent / "corpus") if p.is_dir())
    entry = next(e for e in json.loads((corpus / "metadata.json").read_text(encoding="utf-8"))
                 if e["name"] == SAFI)
    text = (corpus / entry["file"]).read_text(encoding="utf-8-sig")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def make_pdf(path: Path) -> None:
    """A one-page PDF: generated with PyMuPDF here, or the REFI-QDA specification if it is absent."""
    try:
        import pymupdf
    except ImportError:
        sample = ROOT / "tests" / "data" / "REFI-QDA-1-5.pdf"
        if not sample.exists():
            raise Skip("no PyMuPDF in this Python and no tests/data/REFI-QDA-1-5.pdf to import") from None
        path.write_bytes(sample.read_bytes())
        return
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 72), PDF_SENTENCE, fontsize=12)
    page.insert_text((72, 96), "A second line of the smoke-test PDF.", fontsize=12)
    doc.save(path)


def make_docx_and_html(folder: Path) -> list[Path]:
    """A minimal DOCX (lxml and the ZIP checks inside the bundle) and an HTML page."""
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    document = (f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{w}"><w:body>'
                f"<w:p><w:r><w:t>{PDF_SENTENCE} in a Word file.</w:t></w:r></w:p></w:body></w:document>")
    docx = folder / "smoke.docx"
    with zipfile.ZipFile(docx, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", document)
    html = folder / "smoke.html"
    html.write_text(f"<html><head><title>Smoke</title></head><body><h1>Smoke</h1><p>{PDF_SENTENCE}."
                    "</p></body></html>", encoding="utf-8")
    return [docx, html]


def main(argv: list[str]) -> int:
    exe = Path(argv[0]).resolve() if argv else default_executable()
    if not exe.exists():
        print(f"no bundle at {exe}: build it with python packaging/build.py")
        return 2
    with tempfile.TemporaryDirectory(prefix="gwot-smoke-") as tmp:
        s = Smoke(exe, Path(tmp))
        project, pdf_doc = "study.gwot", {}

        def size_within_limit():
            root = exe.parents[2] if sys.platform == "darwin" else exe.parent
            size = sum(p.stat().st_size for p in root.rglob("*") if p.is_file() and not p.is_symlink())
            assert size / 1e6 <= SIZE_LIMIT_MB, f"{size / 1e6:.0f} MB, over {SIZE_LIMIT_MB} MB"
            return f"{size / 1e6:.0f} MB"

        def version_matches():
            out = s.run("--version").stdout.strip()
            assert out == f"gwot-reader {version()}", out

        def gui_default_project():
            shot = s.work / "first-launch.png"
            proc = s.run("--screenshot", str(shot))
            created = list((s.work / "home").rglob("GWOT corpus.gwot"))
            assert created, "the first launch made no default project"
            stats = s.run("stats", str(created[0])).stdout
            assert stats.startswith("5 documents, 22 codes"), stats.splitlines()[0]
            return f"{check_png(shot)}, {proc.seconds:.2f} s"

        def new_project():
            out = s.run("new", project).stdout
            assert "5 documents, 22 codes" in out, out

        def import_pdf():
            pdf = s.work / "smoke.pdf"
            make_pdf(pdf)
            proc = s.run("import", project, str(pdf), ok=False)
            if proc.returncode == 2 and "cannot be imported" in proc.stderr and ".pdf" in proc.stderr:
                raise Skip("this build does not import PDFs yet: " + proc.stderr.strip())
            assert proc.returncode == 0, proc.stderr.strip()
            guid, name, _ = proc.stdout.splitlines()[0].split("\t")
            pdf_doc.update(guid=guid, name=name)
            return name

        def long_pdf_with_helper_processes():
            """Two 300-page PDFs in one import (a batch starts the helper processes), and the
            same in one process: the same word maps."""
            import sqlite3

            try:
                import pymupdf
            except ImportError:
                raise Skip("no PyMuPDF in this Python to make the long PDF") from None
            pdf = s.work / "long.pdf"
            doc = pymupdf.open()
            for n in range(300):
                page = doc.new_page(width=595, height=842)
                page.insert_textbox(pymupdf.Rect(50, 70, 545, 790),
                                    f"Page {n + 1}: trust deficit and drone strikes. " * 60,
                                    fontsize=9)
            doc.save(pdf)
            maps, seconds = [], []
            for helpers in ("1", "0"):
                out = s.work / f"long-{helpers}.gwot"
                s.run("new", str(out), "--empty")
                proc = s.run("import", str(out), str(pdf), str(pdf), "--allow-duplicate",
                             env={"GWOT_PDF_HELPERS": helpers})
                seconds.append(proc.seconds)
                assert "helper" not in proc.stderr, proc.stderr.strip()
                with sqlite3.connect(out) as con:
                    for doc_id in (1, 2):
                        maps.append(con.execute(
                            'SELECT page, start, "end", words FROM pdf_pages WHERE document_id = ? '
                            "ORDER BY page", (doc_id,)).fetchall())
            assert len(maps[0]) == 300 and all(m == maps[0] for m in maps), "the word maps differ"
            return f"{seconds[0]:.1f} s with a helper, {seconds[1]:.1f} s in one process"

        def import_docx_and_html():
            files = make_docx_and_html(s.work)
            proc = s.run("import", project, *map(str, files))
            lines = proc.stdout.splitlines()
            assert len(lines) == 2, proc.stdout
            return ", ".join(line.split("\t")[1] for line in lines)

        def code_passages():
            text = bundled_corpus_text(exe)
            start = text.index(PHRASE)
            s.run("code", project, "--doc", SAFI, "--start", str(start), "--end", str(start + len(PHRASE)),
                  "--code", "Themes/Negotiation and dialogue", "--coder", "smoke", "--memo", "smoke test")
            if pdf_doc:
                s.run("code", project, "--doc", pdf_doc["guid"], "--start", "0", "--end", "13",
                      "--code", "Themes/Trust deficit", "--coder", "smoke")
            return f"{1 + bool(pdf_doc)} codings"

        def export_segments():
            out = s.work / "segments.csv"
            s.run("export", project, "--format", "segments-csv", "-o", str(out))
            with out.open(encoding="utf-8", newline="") as f:
                rows = list(csv.DictReader(f))
            by_doc = {r["document"]: r for r in rows}
            assert len(rows) == 1 + bool(pdf_doc), f"{len(rows)} rows"
            safi = by_doc[SAFI]
            assert safi["text"] == PHRASE, safi["text"]
            assert safi["code_path"] == "Themes/Negotiation and dialogue", safi["code_path"]
            assert (safi["coder"], safi["memo"]) == ("smoke", "smoke test")
            if pdf_doc:
                assert by_doc[pdf_doc["name"]]["text"] == PDF_SENTENCE[:13], by_doc[pdf_doc["name"]]["text"]
            return f"{len(rows)} rows"

        def bad_input_is_one_line():
            junk = s.work / "junk.txt"
            junk.write_bytes(bytes(range(256)) * 40)
            before = s.run("stats", project).stdout
            proc = s.run("import", project, str(junk), ok=False)
            assert proc.returncode == 2, f"exit {proc.returncode}"
            assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr
            assert s.run("stats", project).stdout == before, "the project changed"

        def screenshot_of_project():
            shot = s.work / "reader.png"
            proc = s.run("--screenshot", str(shot), project)
            return f"{check_png(shot)}, {proc.seconds:.2f} s end to end"

        for name, fn in [(f"bundle size within {SIZE_LIMIT_MB} MB", size_within_limit),
                         ("version", version_matches),
                         ("first launch creates the default project (GUI path)", gui_default_project),
                         ("new project on the bundled corpus", new_project),
                         ("import a PDF", import_pdf),
                         ("import two 300-page PDFs with helper processes", long_pdf_with_helper_processes),
                         ("import a DOCX and an HTML page", import_docx_and_html),
                         ("code passages through the CLI", code_passages),
                         ("export and check the segments CSV", export_segments),
                         ("bad input gives one line and leaves the project unchanged", bad_input_is_one_line),
                         ("--screenshot of the project", screenshot_of_project)]:
            s.step(name, fn)
        print(f"smoke: {s.passed} passed, {s.failed} failed, {s.skipped} skipped")
        return 1 if s.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
