"""PDF import in the window before PyMuPDF is loaded (issue 16): a helper process opens the PDF,
says what it is and draws its page 1, so the reader's GIL is never held by PyMuPDF's import.

Each case runs a fresh interpreter (whether PyMuPDF is imported is a property of the process)
and compares what it read with the same PDF read in one process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from test_pdf import article, make_pdf  # tests/ is on sys.path
from test_pdf_helpers import make_long_pdf

from gwot_reader.exchange.formats import pdfhelpers
from gwot_reader.exchange.formats.pdf import PasswordRequired, WrongPassword, read_pdf
from gwot_reader.exchange.formats.pdfpage import describe, open_pdf

ROOT = Path(__file__).resolve().parents[1]

READ = """
import hashlib, json, sys
from pathlib import Path
from gwot_reader.exchange.formats.pdf import read_pdf
from gwot_reader.exchange.formats.pdfhelpers import POOL
POOL.spare_gil = {spare}
try:
    ex = read_pdf(Path({path!r}).read_bytes(), "the.pdf", {password!r})
except Exception as exc:
    print(json.dumps({{"error": type(exc).__name__, "message": str(exc),
                      "pymupdf": "pymupdf" in sys.modules}}))
    raise SystemExit(0)
stored = {{}}
class Pages:
    def add(self, i, maps):
        stored["maps"] = [[[m.info.page, m.info.width, m.info.height, m.info.start,
                            m.info.end, m.info.has_text], [list(w) for w in m.words]]
                          for m in maps]
    def set_preview(self, i, n, png):
        stored["png"] = hashlib.sha256(png).hexdigest()
class Project:
    pages = Pages()
class Document:
    id = 1
ex.after_insert(Project, Document)
print(json.dumps({{"pymupdf": "pymupdf" in sys.modules, "shared": POOL.shared,
                  "text": ex.text, "runs": [r.to_list() for r in ex.runs], "title": ex.title,
                  "authors": ex.authors, "year": ex.year, "warnings": ex.warnings, **stored}}))
"""


def read_fresh(path: Path, *, spare: bool, password: str | None = None,
               helpers: str = "1") -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT), pdfhelpers.ENV: helpers}
    code = READ.format(path=str(path), spare=spare, password=password)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                         cwd=path.parent, timeout=180)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("make", [article, lambda tmp: make_long_pdf(tmp / "long.pdf")])
def test_a_helper_reads_the_pdf_and_the_window_never_imports_pymupdf(tmp_path, make):
    pdf = make(tmp_path)
    helped = read_fresh(pdf, spare=True)
    alone = read_fresh(pdf, spare=True, helpers="0")  # no helpers: read here, as ever
    assert not helped["pymupdf"] and alone["pymupdf"]
    assert helped["shared"] == len(helped["maps"]) and alone["shared"] == 0
    for key in ("text", "runs", "title", "authors", "year", "warnings", "maps", "png"):
        assert helped[key] == alone[key], key
    assert helped["png"]  # page 1's picture, drawn by the helper


def test_the_command_line_opens_the_pdf_itself(tmp_path):
    """Outside the window waiting for helpers to start would only be slower."""
    assert pdfhelpers.HelperPool().spare_gil is False
    got = read_fresh(article(tmp_path), spare=False)
    assert got["pymupdf"] and got["shared"] == 0


def test_a_protected_or_damaged_pdf_is_refused_with_its_own_message(tmp_path):
    secret = make_pdf(tmp_path / "secret.pdf", [[(50, 100, "Classified cable text")]],
                      password="s3cret")
    asked = read_fresh(secret, spare=True)
    assert asked["error"] == "PasswordRequired" and "the.pdf is protected" in asked["message"]
    wrong = read_fresh(secret, spare=True, password="guess")
    assert wrong["error"] == "WrongPassword" and "the.pdf" in wrong["message"]
    opened = read_fresh(secret, spare=True, password="s3cret")
    assert opened["text"] == "Classified cable text" and not opened["pymupdf"]
    damaged = tmp_path / "damaged.pdf"
    damaged.write_bytes(b"%PDF-1.4\n" + b"\x00garbage" * 50 + b"\n%%EOF\n")
    broken = read_fresh(damaged, spare=True)
    assert broken["error"] == "ImportError_" and "the.pdf" in broken["message"]


def test_describe_says_what_the_importer_needs(tmp_path):
    pdf = article(tmp_path)
    data = pdf.read_bytes()
    doc = open_pdf(data, "article.pdf")
    d = describe(doc, data, None)
    assert d.page_count == 2 and d.metadata["title"] == "Dialogue and Trust"
    assert d.repaired is False and d.preview and d.preview.startswith(b"\x89PNG")


def test_describe_in_this_process_is_refused_without_helpers(monkeypatch, tmp_path):
    monkeypatch.setenv(pdfhelpers.ENV, "0")
    assert pdfhelpers.HelperPool().describe(article(tmp_path).read_bytes(), None) is None


def test_a_helper_that_died_between_imports_is_not_handed_pages(monkeypatch, tmp_path):
    monkeypatch.setenv(pdfhelpers.ENV, "1")
    pool = pdfhelpers.HelperPool()
    pool.start()
    try:
        assert pool.describe(article(tmp_path).read_bytes(), None) is not None
        (first,) = pool._helpers
        first.process.kill()
        first.process.join(10)
        pdf = make_long_pdf(tmp_path / "long.pdf")
        described = pool.describe(pdf.read_bytes(), None)  # a new helper answers
        assert described is not None and described.page_count == 40
        assert first not in pool._helpers
    finally:
        pool.stop()


def test_in_the_window_a_pdf_is_still_read_when_pymupdf_is_loaded(monkeypatch, tmp_path):
    """(This process has PyMuPDF: nothing is asked of a helper.)"""
    import pymupdf  # noqa: F401

    monkeypatch.setattr(pdfhelpers.POOL, "spare_gil", True)
    asked = []
    monkeypatch.setattr(pdfhelpers.POOL, "describe", lambda *a: asked.append(a))
    ex = read_pdf(article(tmp_path).read_bytes(), "article.pdf")
    assert asked == [] and ex.title == "Dialogue and Trust" and "Left column" in ex.text
    with pytest.raises(PasswordRequired):
        read_pdf(make_pdf(tmp_path / "s.pdf", [[(50, 100, "x")]], password="p").read_bytes(),
                 "s.pdf")
    assert issubclass(WrongPassword, PasswordRequired)
