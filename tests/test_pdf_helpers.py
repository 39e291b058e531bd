"""Helper processes that read a long PDF's pages: the same result as one process, clean failures."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from gwot_reader.core.errors import ImportError_
from gwot_reader.exchange.formats import pdfhelpers
from gwot_reader.exchange.formats.pdf import read_page, read_pdf
from gwot_reader.exchange.textimport import import_file
from gwot_reader.store import Project

PAGES = 40


def make_long_pdf(path: Path, pages: int = PAGES) -> Path:
    import pymupdf

    doc = pymupdf.open()
    for n in range(pages):
        page = doc.new_page(width=595, height=842)
        page.insert_text((50, 40), "Journal of Strategic Studies", fontsize=9)
        page.insert_textbox(pymupdf.Rect(50, 70, 285, 790),
                            f"Page {n + 1} left column on trust and drone strikes. " * 12, fontsize=10)
        page.insert_textbox(pymupdf.Rect(310, 70, 545, 790),
                            f"Page {n + 1} right column on sovereignty and aid. " * 12, fontsize=10)
        page.insert_text((290, 815), str(n + 1), fontsize=9)
    doc.save(path)
    return path


@pytest.fixture
def helpers(monkeypatch):
    """One helper process, started and ready."""
    monkeypatch.setenv(pdfhelpers.ENV, "1")
    pdfhelpers.POOL.start()
    deadline = time.monotonic() + 60
    while pdfhelpers.POOL.ready() < 1:
        assert time.monotonic() < deadline, "the helper process did not start"
        time.sleep(0.05)
    return pdfhelpers.POOL


def page_rows(project: Project, doc_id: int) -> list:
    return [(p, project.pages.words(doc_id, p.page)) for p in project.pages.all(doc_id)]


def test_helpers_read_the_same_text_and_word_maps(helpers, tmp_path, monkeypatch):
    pdf = make_long_pdf(tmp_path / "long.pdf")
    shared = Project.create(tmp_path / "shared.gwot", coder="t")
    doc, _ = import_file(shared, pdf)
    assert helpers.shared > 0  # the helper did read some of the pages
    monkeypatch.setenv(pdfhelpers.ENV, "0")
    alone = Project.create(tmp_path / "alone.gwot", coder="t")
    doc2, _ = import_file(alone, pdf)
    assert shared.documents.text(doc.id) == alone.documents.text(doc2.id)
    assert page_rows(shared, doc.id) == page_rows(alone, doc2.id)
    assert shared.documents.runs(doc.id) == alone.documents.runs(doc2.id)


def test_short_pdfs_are_read_in_process(helpers, tmp_path):
    pdf = make_long_pdf(tmp_path / "short.pdf", pages=pdfhelpers.MIN_PAGES - 1)
    read_pdf(pdf.read_bytes(), "short.pdf")
    assert helpers.shared == 0


def test_a_helper_that_cannot_read_the_pdf_fails_the_import_in_one_line(helpers, tmp_path):
    import pymupdf

    data = make_long_pdf(tmp_path / "long.pdf").read_bytes()
    doc = pymupdf.open(stream=data, filetype="pdf")
    # the helper is handed bytes that are no PDF; the importer's own pages read fine
    with pytest.raises(ImportError_, match="a page cannot be read"):
        helpers.read_pages(PAGES, b"not a pdf", None, lambda i: read_page(doc, i))
    # answers still under way about the failed PDF are not taken for the next one's pages
    pages = helpers.read_pages(PAGES, data, None, lambda i: read_page(doc, i))
    assert helpers.shared > 0
    assert [p.number for p in pages] == list(range(1, PAGES + 1))
    assert [[b.text for b in p.blocks] for p in pages] == [
        [b.text for b in read_page(doc, i).blocks] for i in range(PAGES)]


def test_a_helper_killed_while_reading_fails_the_import_and_the_next_one_works(
        helpers, tmp_path, corpus_project, monkeypatch):
    import pymupdf

    pdf = make_long_pdf(tmp_path / "long.pdf")
    doc = pymupdf.open(pdf)
    send = pdfhelpers._Helper.send

    killed = []

    def send_and_kill(helper, *args):  # the first helper dies with its first chunk in hand
        send(helper, *args)
        if not killed:
            killed.append(helper)
            helper.process.kill()

    monkeypatch.setattr(pdfhelpers._Helper, "send", send_and_kill)
    with pytest.raises(ImportError_, match="helper process stopped"):
        helpers.read_pages(PAGES, pdf.read_bytes(), None, lambda i: read_page(doc, i))
    monkeypatch.setattr(pdfhelpers._Helper, "send", send)
    before = corpus_project.documents.all()
    new, _ = import_file(corpus_project, pdf)  # a new helper starts; the pages are all read
    assert len(corpus_project.documents.all()) == len(before) + 1
    assert len(corpus_project.pages.all(new.id)) == PAGES


def test_helper_count_follows_the_environment(monkeypatch):
    monkeypatch.setenv(pdfhelpers.ENV, "0")
    assert pdfhelpers.helper_count() == 0
    monkeypatch.setenv(pdfhelpers.ENV, "2")
    assert pdfhelpers.helper_count() == 2
    monkeypatch.delenv(pdfhelpers.ENV)
    assert 0 <= pdfhelpers.helper_count() <= pdfhelpers.MAX_HELPERS


@pytest.mark.parametrize("helper_processes", ["0", "1"])
def test_a_long_pdf_reports_its_pages_and_can_be_cancelled_midway(
        helper_processes, helpers, monkeypatch, tmp_path, corpus_project):
    from gwot_reader.exchange.textimport import FILE_STEPS, import_files

    monkeypatch.setenv(pdfhelpers.ENV, helper_processes)
    pdf = make_long_pdf(tmp_path / "long.pdf")
    seen = []

    def page(label: str) -> int:  # "long.pdf, page 12 of 40" -> 12 (helpers report by chunks)
        return int(label.split(", page ")[1].split()[0]) if ", page " in label else 0

    def progress(done, total, label):
        seen.append((done, total, label))
        return page(label) < 20

    before = corpus_project.documents.all()
    with pytest.raises(ImportError_, match="cancelled"):
        import_files(corpus_project, [pdf], progress)
    assert corpus_project.documents.all() == before
    assert seen[0] == (0, FILE_STEPS, "long.pdf")
    assert seen[1][2].startswith("long.pdf, page ") and seen[1][2].endswith(f" of {PAGES}")
    assert 0 < seen[-1][0] < FILE_STEPS and 20 <= page(seen[-1][2]) < PAGES
    seen.clear()
    docs, _ = import_files(corpus_project, [pdf], lambda *a: seen.append(a) or True)
    assert len(corpus_project.pages.all(docs[0].id)) == PAGES
    done = [d for d, _t, _l in seen]
    assert done == sorted(done) and seen[-1] == (FILE_STEPS, FILE_STEPS, "")
    assert f"long.pdf, page {PAGES} of {PAGES}" in [label for *_, label in seen]


def test_helpers_start_for_a_very_long_pdf_or_a_batch_not_for_one_mid_sized_pdf(
        tmp_path, monkeypatch, empty_project):
    from gwot_reader.exchange.textimport import import_files

    monkeypatch.setenv(pdfhelpers.ENV, "1")
    pdfhelpers.POOL.stop()
    pdf = make_long_pdf(tmp_path / "long.pdf")  # 40 pages: done before a helper could start
    read_pdf(pdf.read_bytes(), "long.pdf")
    assert pdfhelpers.POOL._helpers == []
    monkeypatch.setattr(pdfhelpers, "START_PAGES", PAGES)
    read_pdf(pdf.read_bytes(), "long.pdf")
    assert len(pdfhelpers.POOL._helpers) == 1
    pdfhelpers.POOL.stop()
    monkeypatch.undo()
    monkeypatch.setenv(pdfhelpers.ENV, "1")
    import_files(empty_project, [pdf, pdf], allow_duplicate=True)
    assert len(pdfhelpers.POOL._helpers) == 1


def test_with_a_helper_ready_the_importer_reads_no_page_itself(helpers, tmp_path):
    """MuPDF holds the GIL while it reads a page: read in the importing process, each page
    kept the window's thread waiting. Once a helper is ready, every page is the helper's."""
    import pymupdf

    pdf = make_long_pdf(tmp_path / "long.pdf")
    doc = pymupdf.open(pdf)
    here: list[int] = []

    def read_here(i):
        here.append(i)
        return read_page(doc, i)

    steps: list[tuple[int, int]] = []
    pages = helpers.read_pages(PAGES, pdf.read_bytes(), None, read_here,
                               lambda done, total: steps.append((done, total)) or True)
    assert here == [] and helpers.shared == PAGES
    assert [p.number for p in pages] == list(range(1, PAGES + 1))
    assert [[b.text for b in p.blocks] for p in pages] == [
        [b.text for b in read_page(doc, i).blocks] for i in range(PAGES)]
    # one answer a page: progress in single pages, up to the last
    assert [d for d, _ in steps] == list(range(1, PAGES + 1))


def test_a_helper_that_never_gets_ready_is_waited_for_then_the_importer_reads(
        monkeypatch, tmp_path):
    """A helper that does not start within ``READY_WAIT`` is given up: the importer reads
    every page itself, and the pages come out the same."""
    import pymupdf

    pdf = make_long_pdf(tmp_path / "long.pdf")
    doc = pymupdf.open(pdf)
    pool = pdfhelpers.HelperPool()
    monkeypatch.setenv(pdfhelpers.ENV, "1")
    monkeypatch.setattr(pdfhelpers, "START_PAGES", 1)  # a helper is started for this PDF
    monkeypatch.setattr(pdfhelpers._Helper, "poll", lambda self: None)  # and is never ready
    monkeypatch.setattr(pdfhelpers, "READY_WAIT", 0.3)
    here: list[int] = []

    def read_here(i):
        here.append(i)
        return read_page(doc, i)

    t = time.monotonic()
    try:
        pages = pool.read_pages(PAGES, pdf.read_bytes(), None, read_here)
    finally:
        monkeypatch.undo()
        pool.stop()
    assert time.monotonic() - t >= 0.3  # it did wait
    assert here == list(range(PAGES)) and pool.shared == 0
    assert pool._documents == 1  # (shared out, not read in-process for want of helpers)
    assert [p.number for p in pages] == list(range(1, PAGES + 1))


def test_the_words_a_helper_sends_are_collected_a_page_at_a_time(helpers, tmp_path,
                                                                  monkeypatch):
    """Collection is paused during an import; left for later, the young objects of a whole
    PDF were looked at in one pause of half a second that held the GIL."""
    import pymupdf

    pdf = make_long_pdf(tmp_path / "long.pdf")
    doc = pymupdf.open(pdf)
    collected: list[int] = []
    monkeypatch.setattr(pdfhelpers, "collect_young", lambda: collected.append(1))
    helpers.read_pages(PAGES, pdf.read_bytes(), None, lambda i: read_page(doc, i))
    assert len(collected) == helpers.shared == PAGES


def test_a_starting_helper_is_waited_for_and_reads_every_page(monkeypatch, tmp_path):
    """Helpers started for a long PDF: the importer waits the 0.3 s they take to start
    (its GIL free) rather than reading pages beside them while they import PyMuPDF."""
    import pymupdf

    pdf = make_long_pdf(tmp_path / "long.pdf")
    doc = pymupdf.open(pdf)
    pool = pdfhelpers.HelperPool()
    monkeypatch.setenv(pdfhelpers.ENV, "1")
    monkeypatch.setattr(pdfhelpers, "START_PAGES", 1)  # cold: started for this PDF
    here: list[int] = []
    try:
        pages = pool.read_pages(PAGES, pdf.read_bytes(), None,
                                lambda i: here.append(i) or read_page(doc, i))
    finally:
        pool.stop()
    assert here == [] and pool.shared == PAGES
    assert [[b.text for b in p.blocks] for p in pages] == [
        [b.text for b in read_page(doc, i).blocks] for i in range(PAGES)]


def test_a_helper_runs_at_a_lower_priority(helpers):
    import os

    if not hasattr(os, "getpriority"):
        pytest.skip("no process priorities here")
    for h in helpers._helpers:
        assert os.getpriority(os.PRIO_PROCESS, h.process.pid) >= \
            os.getpriority(os.PRIO_PROCESS, 0) + min(pdfhelpers.NICENESS, 1)
