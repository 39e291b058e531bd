"""The annotation pane through its real widgets, on the lazy model: clicking a row reveals its
coding, Delete removes the selected ones (one undo step each), the menu, memos after an edit,
code renames, and the rows of a region coding on a PDF page (by coding id)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from gwot_reader.ui.annotations_model import CODING_ID_ROLE


@pytest.fixture
def coded(window, corpus_project):
    """Three codings in the first pane's document, focused; (pane, codings in text order)."""
    pane = window.area.panes[0]
    doc = pane.document_id
    code = corpus_project.codebook.get("Themes/Trust deficit")
    made = [corpus_project.codings.add(doc, code.id, s, s + 25, memo=m)
            for s, m in ((400, ""), (120, "first in the text"), (900, ""))]
    window.area.set_focused(pane)
    window.annotation_panel.view.viewport().repaint()
    return pane, sorted(made, key=lambda c: c.start)


def click_row(window, row: int) -> None:
    view = window.annotation_panel.view
    rect = view.visualRect(window.annotations_model.index(row, 1))
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_rows_are_in_text_order_with_code_quote_memo_and_coder(window, coded, corpus_project):
    _pane, made = coded
    model = window.annotations_model
    assert model.ids() == [c.id for c in made]
    row = model.row_of(made[0].id)
    cells = [model.data(model.index(row, col)) for col in range(4)]
    assert cells == ["Trust deficit", " ".join(made[0].text.split()), "first in the text", "tester"]
    assert isinstance(model.data(model.index(row, 0), Qt.ItemDataRole.DecorationRole), QIcon)
    tip = model.data(model.index(row, 2), Qt.ItemDataRole.ToolTipRole)
    assert "Themes/Trust deficit" in tip and f"[{made[0].start}, {made[0].end})" in tip
    assert "Memo: first in the text" in tip
    assert model.data(model.index(row, 3), CODING_ID_ROLE) == made[0].id


def test_clicking_a_row_scrolls_its_pane_to_the_coding(qtbot, window, coded):
    pane, made = coded
    edit = pane.view.text_edit()
    edit.verticalScrollBar().setValue(edit.verticalScrollBar().maximum())
    click_row(window, window.annotations_model.row_of(made[2].id))
    cursor = edit.textCursor()
    assert pane.view.text_edit().positions.from_utf16(cursor.position()) == made[2].start
    assert edit.cursorRect().intersects(edit.viewport().rect())  # on screen


def test_delete_removes_the_selected_codings_and_undo_brings_them_back(qtbot, window, coded,
                                                                      corpus_project):
    pane, made = coded
    view = window.annotation_panel.view
    click_row(window, 0)
    view.selectionModel().select(window.annotations_model.index(2, 0),
                                 view.selectionModel().SelectionFlag.Select
                                 | view.selectionModel().SelectionFlag.Rows)
    assert window.annotation_panel.selected_ids() == [made[0].id, made[2].id]
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_Delete)
    assert [c.id for c in corpus_project.codings.all(pane.document_id)] == [made[1].id]
    assert window.annotations_model.ids() == [made[1].id]
    assert [c.id for c in pane.view.codings()] == [made[1].id]
    window.session.undo_stack.undo()
    window.session.undo_stack.undo()
    assert window.annotations_model.ids() == [c.id for c in made]


def test_the_menu_names_what_it_removes(window, coded):
    _pane, made = coded
    panel = window.annotation_panel
    click_row(window, 1)
    menu = panel.build_menu(window.annotations_model.index(1, 0))
    labels = [a.text() for a in menu.actions() if a.text()]
    assert labels == ["Show in text", "Edit memo…", "Remove coding"]
    panel.view.selectAll()
    menu = panel.build_menu(window.annotations_model.index(1, 0))
    assert [a.text() for a in menu.actions() if a.text()][-1] == "Remove 3 codings"


def test_a_memo_edited_shows_in_its_row(qtbot, window, coded, monkeypatch):
    _pane, made = coded
    monkeypatch.setattr(window.coding, "ask_memo", lambda c: "said in the interview")
    requested: list[int] = []
    window.annotation_panel.memoRequested.connect(requested.append)
    view = window.annotation_panel.view
    pos = view.visualRect(window.annotations_model.index(2, 2)).center()
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)  # a press first
    QTest.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert requested == [made[2].id]
    model = window.annotations_model
    assert model.data(model.index(model.row_of(made[2].id), 2)) == "said in the interview"


def test_a_renamed_code_is_renamed_in_the_rows(window, coded, corpus_project):
    _pane, made = coded
    code = corpus_project.codebook.get("Themes/Trust deficit")
    corpus_project.codebook.update(code.id, name="Distrust")
    QApplication.processEvents()
    model = window.annotations_model
    assert {model.data(model.index(r, 0)) for r in range(model.rowCount())} == {"Distrust"}


def test_a_region_coding_is_found_by_its_coding_id(corpus_project, tmp_path):
    from test_pageview import make_pdf  # tests/ui is on sys.path

    from gwot_reader.exchange.textimport import import_file

    doc, _ = import_file(corpus_project, make_pdf(tmp_path / "paper.pdf"))
    code = corpus_project.codebook.get("Themes/Trust deficit")
    coding = corpus_project.pages.add_region_coding(doc.id, code.id, 1, (100, 300, 300, 450))
    by_id = corpus_project.pages.regions_by_coding_id(doc.id)
    assert list(by_id) == [coding.id]
    assert by_id[coding.id] == corpus_project.pages.regions(doc.id)[coding.guid]
    assert corpus_project.pages.regions_by_coding_id(doc.id + 999) == {}
