"""Imports in the window: one undo step each, a question for duplicates, a message for bad files."""

from __future__ import annotations

import pytest
from test_pageview import make_pdf  # tests/ui is on sys.path


@pytest.fixture
def window(window):
    """The conftest's window, its error messages collected in ``window.errors``."""
    shown: list[str] = []
    window.session.problem.connect(lambda message, dialog=False: shown.append(message))
    window.errors = shown
    return window


def import_note(window, qtbot, tmp_path):
    (tmp_path / "note.txt").write_text("A field note on the talks.", encoding="utf-8")
    job = window.files.import_documents([str(tmp_path / "note.txt")])
    qtbot.waitUntil(lambda: job.handled, timeout=10000)
    qtbot.waitUntil(lambda: window.documents_model.rowCount() == 6, timeout=5000)


def doc_rows(project) -> list:
    return [(d.id, d.guid, d.name, d.sha256) for d in project.documents.all()]


def test_a_document_import_is_one_undo_step(window, qtbot, tmp_path):
    p = window.project
    before = doc_rows(p)
    pdf = make_pdf(tmp_path / "article.pdf")
    (tmp_path / "note.txt").write_text("A field note on the talks.", encoding="utf-8")
    job = window.files.import_documents([str(tmp_path / "note.txt"), str(pdf)])
    qtbot.waitUntil(lambda: window.documents_model.rowCount() == 7, timeout=20000)
    assert job.handled or qtbot.waitUntil(lambda: job.handled, timeout=5000) is None
    after = doc_rows(p)
    pdf_doc = p.documents.get("article")
    pages = [p.pages.words(pdf_doc.id, i.page) for i in p.pages.all(pdf_doc.id)]
    assert window.session.undo_stack.undoText() == "Import 2 documents"
    window.session.undo_stack.undo()
    assert doc_rows(p) == before
    qtbot.waitUntil(lambda: window.documents_model.rowCount() == 5, timeout=5000)
    window.session.undo_stack.redo()
    assert doc_rows(p) == after  # the same ids and GUIDs come back
    assert p.documents.source(pdf_doc.id) == pdf.read_bytes()
    assert [p.pages.words(pdf_doc.id, i.page) for i in p.pages.all(pdf_doc.id)] == pages


def test_undoing_an_import_whose_document_was_coded_is_refused(window, qtbot, tmp_path):
    p = window.project
    import_note(window, qtbot, tmp_path)
    assert window.session.undo_stack.count() == 1
    other_code = p.codebook.get("TTP")
    p.codings.add(p.documents.get("note").id, other_code.id, 0, 7)  # e.g. from another process
    window.session.undo_stack.undo()
    assert p.documents.find("note") is not None
    assert any("coded since" in m for m in window.errors)


def test_reimporting_the_same_file_asks_first(window, qtbot, tmp_path):
    p = window.project
    import_note(window, qtbot, tmp_path)
    asked: list[list[str]] = []
    window.files.ask_duplicate = lambda names: asked.append(names) or False
    job = window.files.import_documents([str(tmp_path / "note.txt")])
    qtbot.waitUntil(lambda: bool(asked), timeout=10000)
    qtbot.waitUntil(lambda: job.handled, timeout=5000)
    assert asked == [["note.txt"]] and p.stats()["documents"] == 6
    window.files.ask_duplicate = lambda names: True
    window.files.import_documents([str(tmp_path / "note.txt")])
    # the second copy's job (started once the question is answered) has finished
    qtbot.waitUntil(lambda: window.session.undo_stack.count() == 2, timeout=10000)
    qtbot.waitUntil(lambda: window.files.last_job.handled, timeout=5000)
    assert p.stats()["documents"] == 7
    assert p.documents.find("note (2)") is not None


def test_a_pdf_whose_page_tree_lies_is_reported(window, qtbot, tmp_path):
    data = make_pdf(tmp_path / "good.pdf", pages=2).read_bytes()
    assert b"/Count 2" in data
    (tmp_path / "lying.pdf").write_bytes(data.replace(b"/Count 2", b"/Count 9"))
    job = window.files.import_documents([str(tmp_path / "lying.pdf")])
    qtbot.waitUntil(lambda: job.handled, timeout=10000)
    qtbot.waitUntil(lambda: bool(window.errors), timeout=5000)
    assert "lying.pdf is damaged" in window.errors[0] and "\n" not in window.errors[0]
    assert window.project.stats()["documents"] == 5


def test_a_file_name_that_is_not_utf8_is_refused_with_a_message(window, qtbot, tmp_path):
    import os

    name = os.fsdecode(b"Bericht \xfcber Frieden.txt")
    (tmp_path / name).write_text("Words.", encoding="utf-8")
    (tmp_path / "fine.txt").write_text("Other words.", encoding="utf-8")
    job = window.files.import_documents([str(tmp_path / "fine.txt"), str(tmp_path / name)])
    qtbot.waitUntil(lambda: job.handled, timeout=10000)
    qtbot.waitUntil(lambda: bool(window.errors), timeout=5000)
    assert "not valid UTF-8" in window.errors[0] and "\n" not in window.errors[0]
    assert window.project.stats()["documents"] == 5  # neither file: all or nothing


def test_a_codebook_import_is_one_undo_step(window, qtbot, tmp_path):
    p = window.project
    editor = window.codebook_editor
    editor.show_report = lambda title, text: None
    before = p.codebook.all()
    trust = p.codebook.get("Themes/Trust deficit")
    (tmp_path / "cb.csv").write_text(
        "code,parent,is_category,definition,use_when\n"
        "Trust deficit,Themes,,Only a new definition.,\n"
        "Brand new,Themes,false,New.,\n"
        "New folder,,true,,\n"
        "Inside,New folder,false,,\n", encoding="utf-8")
    job = editor.import_codebook(tmp_path / "cb.csv")
    qtbot.waitUntil(lambda: job.handled, timeout=10000)
    qtbot.waitUntil(lambda: window.session.undo_stack.count() == 1, timeout=5000)
    after = p.codebook.all()
    assert p.codebook.get(trust.id).use_when == trust.use_when  # empty in the file: kept
    assert len(after) == len(before) + 3
    window.session.undo_stack.undo()
    assert p.codebook.all() == before
    window.session.undo_stack.redo()
    assert [(c.id, c.guid, c.name, c.parent_id, c.definition) for c in p.codebook.all()] == [
        (c.id, c.guid, c.name, c.parent_id, c.definition) for c in after]
