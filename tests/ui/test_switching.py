"""Switching documents (issue 16): the text first, the codings once a worker has read them,
nothing read twice, the annotation pane lazy; driven through the real window."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QApplication

from gwot_reader.core.offsets import PositionMap
from gwot_reader.exchange.textimport import import_file
from gwot_reader.ui import panes as panes_module
from gwot_reader.ui.annotations_model import BLOCK

HARD_TEXT = ("Islamabad 😀 said: “trust deficit” 中文 continues.\n"
             "پاکستان اور امریکہ کے تعلقات e\u0301 combining.\r\n"
             "The drone 👍🏽 strikes in Waziristan 𝕏 were discussed.\n") * 40


@pytest.fixture
def async_reads(monkeypatch):
    """Every document's codings go through the worker thread (normally only big ones do)."""
    monkeypatch.setattr(panes_module, "READ_AT_ONCE", 0)


@pytest.fixture
def hard_doc(corpus_project, tmp_path):
    """A document of emoji, CJK, Urdu, combining marks and CRLF, with 300 codings."""
    path = tmp_path / "hard.txt"
    path.write_text(HARD_TEXT, encoding="utf-8", newline="")
    doc, _ = import_file(corpus_project, path)
    text = corpus_project.documents.text(doc.id)
    code = next(c for c in corpus_project.codebook.all() if not c.is_category)
    spans = [(doc.id, i * 7 % (len(text) - 40), i * 7 % (len(text) - 40) + 5 + i % 30)
             for i in range(300)]
    corpus_project.codings.add_spans(code.id, spans)
    return doc.id


def open_in_first_pane(window, document_id: int):
    """Focus the first pane and choose a document in it; the pane."""
    pane = window.area.panes[0]
    window.area.set_focused(pane)
    choose(pane, document_id)
    return pane


def choose(pane, document_id: int) -> None:
    """Pick a document in the pane's real picker, as a user does."""
    i = pane.picker.findData(document_id)
    pane.picker.setCurrentIndex(i)
    pane.picker.activated.emit(i)


def test_switching_shows_the_text_first_and_the_codings_once_read(qtbot, window, corpus_project,
                                                                  hard_doc, async_reads):
    area = window.area
    pane = open_in_first_pane(window, hard_doc)
    # the text is there at once; the codings are still being read on the worker thread
    assert pane.view.text() == corpus_project.documents.text(hard_doc)
    assert area.is_loading(pane) and pane.view.codings() == []
    assert window.annotations_model.rowCount() == 0
    with qtbot.waitSignal(area.codingsLoaded, timeout=10_000):
        pass
    expected = [(c.id, c.start, c.end, c.code_id) for c in corpus_project.codings.all(hard_doc)]
    assert [(c.id, c.start, c.end, c.code_id) for c in pane.view.codings()] == expected
    assert window.annotations_model.ids() == [e[0] for e in expected]
    # positions are code points: a coding after emoji and Urdu quotes exactly its text
    text = pane.view.text()
    last = corpus_project.codings.all(hard_doc)[-1]
    row = window.annotations_model.row_of(last.id)
    assert window.annotations_model.record(row).text == text[last.start:last.end]
    assert last.id in [c.id for c in pane.view.codings_at(last.start)]


def test_a_coding_made_while_the_codings_are_read_is_kept(qtbot, window, corpus_project,
                                                          hard_doc, async_reads):
    area = window.area
    pane = open_in_first_pane(window, hard_doc)
    assert area.is_loading(pane)
    text = pane.view.text()
    start = text.index("پاکستان")  # Urdu, after an emoji and CJK on the line before
    pane.view.select_span(start, start + 7)
    code = corpus_project.codebook.get("Themes/Trust deficit")
    window.coding.apply_code(code.id)  # coded before the worker's answer arrived
    made = next(c for c in corpus_project.codings.all(hard_doc) if c.code_id == code.id)
    assert made.text == "پاکستان"
    qtbot.waitUntil(lambda: not area.is_loading(pane), timeout=10_000)
    ids = [c.id for c in pane.view.codings()]
    assert ids.count(made.id) == 1 and len(ids) == 301
    assert window.annotations_model.row_of(made.id) >= 0
    window.session.undo_stack.undo()
    assert made.id not in [c.id for c in pane.view.codings()]
    assert window.annotations_model.row_of(made.id) == -1


def test_switching_back_reuses_what_was_loaded(qtbot, window, corpus_project, hard_doc,
                                               async_reads, worker_reads):
    area = window.area
    pane = area.panes[0]
    reads = worker_reads
    first = pane.document_id
    choose(pane, hard_doc)
    qtbot.waitUntil(lambda: not area.is_loading(pane), timeout=10_000)
    choose(pane, first)
    qtbot.waitUntil(lambda: not area.is_loading(pane), timeout=10_000)
    choose(pane, hard_doc)  # back: taken from what was loaded, not read again
    assert not area.is_loading(pane) and len(pane.view.codings()) == 300
    other = area.panes[1]
    choose(other, hard_doc)  # the same document in the second pane: a copy, not a read
    assert not area.is_loading(other) and len(other.view.codings()) == 300
    assert reads == [hard_doc]  # the first document came back from what its pane had loaded
    # each pane changes its own copy
    gone = pane.view.codings()[0].id
    pane.view.remove_codings([gone])
    assert gone in [c.id for c in other.view.codings()]


def test_a_change_to_a_recent_document_is_read_again(qtbot, window, corpus_project, hard_doc,
                                                     async_reads):
    area = window.area
    pane = area.panes[0]
    first = pane.document_id
    choose(pane, hard_doc)
    qtbot.waitUntil(lambda: not area.is_loading(pane), timeout=10_000)
    choose(pane, first)
    code = next(c for c in corpus_project.codebook.all() if not c.is_category)
    made = corpus_project.codings.add(hard_doc, code.id, 3, 9)  # while nobody shows it
    choose(pane, hard_doc)
    qtbot.waitUntil(lambda: not area.is_loading(pane), timeout=10_000)
    assert made.id in [c.id for c in pane.view.codings()]


def test_annotation_rows_fetch_full_records_only_as_they_are_drawn(qtbot, window, corpus_project,
                                                                   hard_doc):
    area = window.area
    pane = area.panes[0]
    area.set_focused(pane)
    model = window.annotations_model
    fetched: list[int] = []
    fetch = model._fetch
    model._fetch = lambda ids: (fetched.extend(ids), fetch(ids))[1]
    choose(pane, hard_doc)  # 300 codings: read at once, with the text
    assert model.rowCount() == 300
    window.annotation_panel.view.viewport().repaint()
    QApplication.processEvents()
    assert 0 < len(fetched) <= BLOCK < 300  # the rows on screen, one block
    row = 290
    record = model.record(row)
    assert record.id == model.id_at(row) and record.text in pane.view.text()
    assert len(fetched) <= 2 * BLOCK
    # the code column needs no record at all
    fetched.clear()
    model._records.clear()
    assert model.data(model.index(5, 0)) == corpus_project.codebook.get(record.code_id).name
    assert fetched == []


def test_the_lazy_annotation_model_keeps_qt_contracts(qtbot, corpus_project, hard_doc):
    from gwot_reader.ui.annotations_model import AnnotationsModel

    model = AnnotationsModel()
    tester = QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    codings = corpus_project.codings.all(hard_doc)
    model.set_codings(hard_doc, codings[:100])
    model.upsert(codings[100:120])
    model.remove_ids([c.id for c in codings[:10]])
    moved = codings[50]
    from dataclasses import replace

    model.upsert([replace(moved, start=0, end=3)])
    assert model.row_of(moved.id) == 0
    assert model.rowCount() == 110
    del tester
    assert [c.id for c in model.codings()][:1] == [moved.id]


def test_a_long_text_goes_in_piece_by_piece_and_positions_stay_exact(qtbot):
    from PySide6.QtWidgets import QPlainTextEdit

    from gwot_reader.ui.docview import DocumentView
    from gwot_reader.ui.docview.view import PIECE

    # the canonical text, as the store gives it (CRLF became LF at import, see hard_doc)
    text = HARD_TEXT.replace("\r\n", "\n") * (3 * PIECE // len(HARD_TEXT) + 1)
    view = DocumentView()
    qtbot.addWidget(view)
    view.resize(700, 500)
    view.show()
    view.set_document(1, text, [], [], {})
    assert view.loading  # only the first piece is in Qt yet
    area = view._area
    assert area.document().characterCount() < len(text)
    qtbot.waitUntil(lambda: not view.loading, timeout=20_000)
    bare = QPlainTextEdit()
    bare.setPlainText(text)
    assert area.toPlainText() == bare.toPlainText()  # the same blocks as one setPlainText
    assert area.blockCount() == bare.blockCount()
    # asking for a late position finishes the loading first, and selects exact code points
    view.set_document(2, text, [], [], {})
    late = text.rindex("𝕏")
    view.select_span(late - 10, late + 1)
    assert not view.loading and view.selected_span() == (late - 10, late + 1)
    cursor = QTextCursor(area.document())
    cursor.setPosition(PositionMap(text).to_utf16(late))
    assert area.cursorRect(cursor).isValid()
    assert view.text_edit().toPlainText() == bare.toPlainText()
