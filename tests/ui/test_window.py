"""The reader window driven through its real widgets: every way of coding, undo, panes."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QTextCursor
from PySide6.QtWidgets import QApplication

from gwot_reader.core.offsets import PositionMap
from gwot_reader.ui.invivo_dialog import InVivoDialog

# Qt 6 marks the QPoint constructors of drag events deprecated; they are what a drag sends.
pytestmark = pytest.mark.filterwarnings("ignore:Function.*QD:DeprecationWarning")




def code_id(project, path: str) -> int:
    return project.codebook.get(path).id


def select(window, pane, passage: str) -> tuple[int, int]:
    """Select a passage in the pane's real text area through a QTextCursor (UTF-16 units)."""
    text = pane.view.text()
    start = text.index(passage)
    a, b = PositionMap(text).span_to_utf16(start, start + len(passage))
    edit = pane.view.text_edit()
    cursor = QTextCursor(edit.document())
    cursor.setPosition(a)
    cursor.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
    edit.setTextCursor(cursor)
    edit.setFocus()
    window.area.set_focused(pane)
    return start, start + len(passage)


def first_pane_passage(window, n: int = 40, offset: int = 200) -> tuple[str, int, int]:
    text = window.area.panes[0].view.text()
    offset = text.index(text[offset : offset + n])  # a passage that occurs first at offset
    return text[offset : offset + n], offset, offset + n


def double_click_code(qtbot, window, cid: int) -> None:
    view = window.codebook_panel.view
    index = window.codebook_panel.view_index(cid)
    view.scrollTo(index)
    dclick(qtbot, view, index)


def dclick(qtbot, view, index) -> None:
    """A real double-click: Qt's item views need the press before the double-click event."""
    pos = view.visualRect(index).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def test_two_panes_with_documents_and_the_annotation_pane(window, corpus_project):
    assert len(window.area.panes) == 2
    docs = corpus_project.documents.all()
    assert [p.document_id for p in window.area.panes] == [docs[0].id, docs[1].id]
    assert window.area.panes[0].view.text() == corpus_project.documents.text(docs[0].id)
    assert window.documents_model.rowCount() == 5
    assert "All changes saved" in window.saved_label.text()


def test_double_click_in_tree_codes_the_selection_and_undo_redo(qtbot, window, corpus_project):
    pane = window.area.panes[0]
    passage, _, _ = first_pane_passage(window)
    start, end = select(window, pane, passage)
    cid = code_id(corpus_project, "Themes/Trust deficit")
    double_click_code(qtbot, window, cid)
    [c] = corpus_project.codings.all(pane.document_id)
    assert (c.code_id, c.start, c.end, c.text) == (cid, start, end, passage)
    assert [x.id for x in pane.view.codings()] == [c.id]
    assert [x.id for x in window.annotations_model.codings()] == [c.id]
    QApplication.processEvents()
    assert window.codebook_model.count(cid) == 1
    assert window.coding.keys[1] == cid  # the first code used gets key 1
    window.session.undo_stack.undo()
    assert corpus_project.codings.all(pane.document_id) == []
    assert pane.view.codings() == [] and window.annotations_model.codings() == []
    window.session.undo_stack.redo()
    [again] = corpus_project.codings.all(pane.document_id)
    assert (again.id, again.guid) == (c.id, c.guid)
    assert [x.id for x in pane.view.codings()] == [c.id]


def test_dropping_the_span_mime_on_a_code_applies_it(qtbot, window, corpus_project):
    pane = window.area.panes[0]
    passage, start, end = first_pane_passage(window, offset=300)
    select(window, pane, passage)
    mime = pane.view.selection_mime()
    cid = code_id(corpus_project, "Actors/TTP")
    tree = window.codebook_panel.view
    index = window.codebook_panel.view_index(cid)
    tree.scrollTo(index)
    pos = QPointF(tree.visualRect(index).center())
    actions = Qt.DropAction.CopyAction
    vp = tree.viewport()
    enter = QDragEnterEvent(pos.toPoint(), actions, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(vp, enter)
    move = QDragMoveEvent(pos.toPoint(), actions, mime, Qt.MouseButton.LeftButton,
                          Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(vp, move)
    assert move.isAccepted()
    drop = QDropEvent(pos, actions, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(vp, drop)
    [c] = corpus_project.codings.all(pane.document_id)
    assert (c.code_id, c.start, c.end) == (cid, start, end)
    window.session.undo_stack.undo()
    assert corpus_project.codings.all() == []
    window.session.undo_stack.redo()
    assert len(corpus_project.codings.all()) == 1


def test_drop_on_a_category_is_refused(window, corpus_project):
    pane = window.area.panes[0]
    passage, _, _ = first_pane_passage(window)
    select(window, pane, passage)
    cat = corpus_project.codebook.get("Themes")
    model = window.codebook_model
    assert not model.canDropMimeData(pane.view.selection_mime(), Qt.DropAction.CopyAction, -1, -1,
                                     model.index_of(cat.id))


def test_quick_code_palette_filter_and_enter(qtbot, window, corpus_project):
    pane = window.area.panes[1]
    passage = pane.view.text()[500:540]
    start, end = select(window, pane, passage)
    window.coding.act_quick.trigger()
    palette = window.coding.palette
    assert palette.isVisible()
    qtbot.keyClicks(palette.edit, "buck")
    assert palette.visible_paths() == ["Themes/Buck-passing"]
    assert palette.definition.text()  # the definition of the highlighted code is shown
    qtbot.keyClick(palette.edit, Qt.Key.Key_Return)
    assert not palette.isVisible()
    [c] = corpus_project.codings.all(pane.document_id)
    assert (c.code_id, c.start, c.end) == (code_id(corpus_project, "Themes/Buck-passing"), start, end)
    window.session.undo_stack.undo()
    assert corpus_project.codings.all() == []
    window.session.undo_stack.redo()
    assert len(corpus_project.codings.all()) == 1


def test_number_keys_apply_recently_used_codes(qtbot, window, corpus_project):
    pane = window.area.panes[0]
    text = pane.view.text()
    a = code_id(corpus_project, "Themes/Double game")
    b = code_id(corpus_project, "Actors/China")
    select(window, pane, text[100:120])
    window.coding.apply_code(a)
    select(window, pane, text[130:150])
    window.coding.apply_code(b)
    assert window.coding.keys == {1: a, 2: b}
    assert window.codebook_model.index_of(a, 1).data() == "1"  # the binding shows in the tree
    start, end = select(window, pane, text[160:190])
    qtbot.keyClick(pane.view.text_edit(), Qt.Key.Key_2)
    new = [c for c in corpus_project.codings.all(pane.document_id) if c.start == start]
    assert [(c.code_id, c.end) for c in new] == [(b, end)]
    window.session.undo_stack.undo()
    assert not [c for c in corpus_project.codings.all() if c.start == start]
    window.session.undo_stack.redo()
    assert [c.code_id for c in corpus_project.codings.all() if c.start == start] == [b]


def test_context_menu_apply_remove_memo_extend(window, corpus_project, monkeypatch):
    pane = window.area.panes[0]
    text = pane.view.text()
    start, end = select(window, pane, text[200:230])
    menu = window.coding.text_menu(pane, [])
    apply_menu = next(a.menu() for a in menu.actions() if a.text() == "Apply code")
    themes = next(a.menu() for a in apply_menu.actions() if a.text() == "Themes")
    next(a for a in themes.actions() if a.text() == "Sovereignty and drone strikes").trigger()
    [c] = corpus_project.codings.all(pane.document_id)
    assert (c.start, c.end) == (start, end)
    window.session.undo_stack.undo()
    assert corpus_project.codings.all() == []
    window.session.undo_stack.redo()
    [c] = corpus_project.codings.all()

    # extend to a longer selection from the menu of the coding under the mouse
    select(window, pane, text[190:260])
    menu = window.coding.text_menu(pane, [c.id])
    next(a for a in menu.actions() if a.text().startswith("Extend")).trigger()
    assert (corpus_project.codings.get(c.id).start, corpus_project.codings.get(c.id).end) == (190, 260)
    assert pane.view.codings()[0].end == 260
    window.session.undo_stack.undo()
    assert (corpus_project.codings.get(c.id).start, corpus_project.codings.get(c.id).end) == (start, end)
    window.session.undo_stack.redo()
    assert corpus_project.codings.get(c.id).end == 260

    monkeypatch.setattr(window.coding, "ask_memo", lambda coding: "a memo")
    menu = window.coding.text_menu(pane, [c.id])
    next(a for a in menu.actions() if a.text().startswith("Edit memo")).trigger()
    assert corpus_project.codings.get(c.id).memo == "a memo"
    assert window.annotations_model.codings()[0].memo == "a memo"
    window.session.undo_stack.undo()
    assert corpus_project.codings.get(c.id).memo == ""
    window.session.undo_stack.redo()

    menu = window.coding.text_menu(pane, [c.id])
    next(a for a in menu.actions() if a.text().startswith("Remove coding")).trigger()
    assert corpus_project.codings.all() == [] and pane.view.codings() == []
    window.session.undo_stack.undo()
    restored = corpus_project.codings.get(c.id)
    assert (restored.guid, restored.memo, restored.end) == (c.guid, "a memo", 260)


def answer_invivo(window, qtbot, monkeypatch, edit=None, under=None):
    """Answer the in-vivo dialog through its real widgets; returns what it showed."""
    shown = {}

    def ask(name, labels, default):
        dialog = InVivoDialog(name, labels, default, window)
        qtbot.addWidget(dialog)
        shown.update(name=dialog.name.text(), under=dialog.under.currentText(), labels=labels)
        if edit is not None:
            dialog.name.selectAll()
            qtbot.keyClicks(dialog.name, edit)
        if under is not None:
            dialog.under.setCurrentText(under)
        return dialog.result_values()

    monkeypatch.setattr(window.coding, "ask_invivo", ask)
    return shown


def test_in_vivo_code_under_the_selected_category(window, corpus_project, qtbot, monkeypatch):
    pane = window.area.panes[0]
    text = pane.view.text()
    passage = text[400:430]
    start, end = select(window, pane, passage)
    themes = corpus_project.codebook.get("Themes")
    window.codebook_panel.view.setCurrentIndex(window.codebook_panel.view_index(themes.id))
    shown = answer_invivo(window, qtbot, monkeypatch)
    window.coding.act_invivo.trigger()
    assert shown["under"] == "Themes"
    new = corpus_project.codebook.tree().children(themes.id)[-1]
    assert new.name == " ".join(passage.split()).strip(" \"'“”‘’.,;:") == shown["name"]
    [c] = corpus_project.codings.all()
    assert (c.code_id, c.start, c.end) == (new.id, start, end)
    assert window.codebook_model.index_of(new.id).isValid()
    window.session.undo_stack.undo()
    assert corpus_project.codebook.find(new.id) is None and corpus_project.codings.all() == []
    assert not window.codebook_model.index_of(new.id).isValid()
    window.session.undo_stack.redo()
    assert corpus_project.codebook.get(new.id).guid == new.guid
    assert corpus_project.codings.get(c.id).code_id == new.id


def test_in_vivo_name_is_edited_and_a_selected_code_does_not_pick_its_category(
        window, corpus_project, qtbot, monkeypatch):
    pane = window.area.panes[0]
    select(window, pane, pane.view.text()[400:460])
    trust = corpus_project.codebook.get("Themes/Trust deficit")  # a code, not a category
    window.codebook_panel.view.setCurrentIndex(window.codebook_panel.view_index(trust.id))
    shown = answer_invivo(window, qtbot, monkeypatch, edit="Frontline ally")
    window.coding.in_vivo()
    assert shown["under"] == "(top level)" and "Themes" in shown["labels"]
    [c] = corpus_project.codings.all()
    code = corpus_project.codebook.get(c.code_id)
    assert (code.name, code.parent_id) == ("Frontline ally", None)
    # the category can be chosen in the dialog; Cancel (None) makes nothing
    select(window, pane, pane.view.text()[500:520])
    answer_invivo(window, qtbot, monkeypatch, edit="Ally", under="Actors")
    window.coding.in_vivo()
    assert corpus_project.codebook.get("Actors/Ally").parent_id == \
        corpus_project.codebook.get("Actors").id
    monkeypatch.setattr(window.coding, "ask_invivo", lambda name, labels, default: None)
    n = window.session.undo_stack.count()
    window.coding.in_vivo()
    assert window.session.undo_stack.count() == n


def test_annotation_pane_reveal_memo_and_delete(qtbot, window, corpus_project, monkeypatch):
    pane = window.area.panes[0]
    doc = pane.document_id
    cid = code_id(corpus_project, "Themes/Intelligence sharing")
    a = corpus_project.codings.add(doc, cid, 3000, 3050)
    b = corpus_project.codings.add(doc, cid, 10, 40)
    assert [c.id for c in window.annotations_model.codings()] == [b.id, a.id]  # text order
    view = window.annotation_panel.view
    row_a = window.annotations_model.index(1, 0)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(row_a).center())
    cursor = pane.view.text_edit().textCursor()
    assert cursor.position() == 3000  # BMP text: UTF-16 and code points agree
    monkeypatch.setattr(window.coding, "ask_memo", lambda coding: "seen")
    dclick(qtbot, view, row_a)
    assert corpus_project.codings.get(a.id).memo == "seen"
    view.setCurrentIndex(window.annotations_model.index(0, 0))
    window.annotation_panel.remove_action.trigger()
    assert [c.id for c in corpus_project.codings.all()] == [a.id]
    assert [c.id for c in window.annotations_model.codings()] == [a.id]
    window.session.undo_stack.undo()
    assert {c.id for c in corpus_project.codings.all()} == {a.id, b.id}
    view.selectAll()
    window.annotation_panel.remove_selected()
    assert corpus_project.codings.all() == []
    window.session.undo_stack.undo()  # one macro for both
    assert len(corpus_project.codings.all()) == 2


def test_span_edited_signal_changes_the_span_undoably(window, corpus_project):
    pane = window.area.panes[0]
    cid = code_id(corpus_project, "Themes/Trust deficit")
    c = corpus_project.codings.add(pane.document_id, cid, 50, 80)
    pane.view.spanEdited.emit(c.id, 45, 90)
    assert corpus_project.codings.get(c.id).text == pane.view.text()[45:90]
    assert [(x.start, x.end) for x in pane.view.codings()] == [(45, 90)]
    window.session.undo_stack.undo()
    assert (corpus_project.codings.get(c.id).start, corpus_project.codings.get(c.id).end) == (50, 80)
    window.session.undo_stack.redo()
    assert corpus_project.codings.get(c.id).start == 45


def test_two_panes_on_the_same_document_both_update(window, corpus_project):
    left, right = window.area.panes
    window.area.open_document(right, left.document_id)
    start, end = select(window, left, left.view.text()[600:650])
    window.coding.apply_code(code_id(corpus_project, "Actors/India"))
    assert [c.start for c in left.view.codings()] == [start]
    assert [c.start for c in right.view.codings()] == [start]
    window.session.undo_stack.undo()
    assert left.view.codings() == [] and right.view.codings() == []
    third = window.area.add_pane(left.document_id)
    window.session.undo_stack.redo()
    assert [c.end for c in third.view.codings()] == [end]
    window.area.close_pane(third)
    assert len(window.area.panes) == 2


def test_refused_change_says_why_and_pushes_nothing(window, corpus_project):
    window.area.set_focused(window.area.panes[0])
    window.area.panes[0].view.text_edit().setTextCursor(window.area.panes[0].view.text_edit().textCursor())
    window.coding.apply_code(code_id(corpus_project, "Actors/India"))  # no selection
    assert window.session.undo_stack.count() == 0
    assert "Select a passage" in window.statusBar().currentMessage()
    select(window, window.area.panes[0], window.area.panes[0].view.text()[10:20])
    window.coding.apply_code_to_span(corpus_project.codebook.get("Themes").id,
                                     window.area.panes[0].document_id, 10, 20)
    assert window.session.undo_stack.count() == 0
    assert "category" in window.statusBar().currentMessage()


def test_find_bar_counts_hits_in_the_focused_pane(qtbot, window):
    pane = window.area.panes[0]
    window.area.set_focused(pane)
    window.finder.act_find.trigger()
    assert window.find_bar.isVisible()
    qtbot.keyClicks(window.find_bar.edit, "Pakistan")
    n = pane.view.text().casefold().count("pakistan")
    assert window.find_bar.count.text() == f"1 of {n}"  # the first hit is selected
    window.find_bar.close_bar()
    assert not window.find_bar.isVisible()


def test_document_dropped_on_a_pane_opens_there(window, corpus_project):
    pane = window.area.panes[1]
    doc = corpus_project.documents.all()[3]
    index = window.documents_model.index(3, 0)
    mime = window.documents_model.mimeData([index])
    pos = QPoint(20, 20)
    actions = Qt.DropAction.CopyAction
    enter = QDragEnterEvent(pos, actions, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(pane, enter)
    assert enter.isAccepted()
    QApplication.sendEvent(pane, QDropEvent(QPointF(pos), actions, mime, Qt.MouseButton.LeftButton,
                                            Qt.KeyboardModifier.NoModifier))
    assert pane.document_id == doc.id
    assert pane.picker.currentData() == doc.id


def test_zoom_actions_act_on_the_focused_pane(window):
    left, right = window.area.panes
    window.area.set_focused(right)
    before, other = right.view.zoom, left.view.zoom
    window.menus.act_zoom_in.trigger()
    assert right.view.zoom > before and left.view.zoom == other
    window.menus.act_zoom_reset.trigger()
    assert right.view.zoom == before


def test_add_and_close_pane_actions(window):
    window.menus.act_add_pane.trigger()
    assert len(window.area.panes) == 3
    window.area.set_focused(window.area.panes[2])
    window.menus.act_close_pane.trigger()
    assert len(window.area.panes) == 2
    window.area.close_pane(window.area.panes[0])
    window.area.close_pane(window.area.panes[0])  # the last pane stays
    assert len(window.area.panes) == 1


def test_deleting_a_code_with_many_codings_updates_panes_and_annotations(window, corpus_project):
    pane = window.area.panes[0]
    window.area.set_focused(pane)
    doc = pane.document_id
    code = corpus_project.codebook.get("Actors/China")
    keep = corpus_project.codings.add(doc, corpus_project.codebook.get("Actors/India").id, 0, 5)
    corpus_project.codings.add_many([(doc, code.id, i * 10, i * 10 + 5) for i in range(250)])
    assert len(pane.view.codings()) == 251 and window.annotations_model.rowCount() == 251
    codes, codings = corpus_project.codebook.delete(code.id)  # one notice with 250 codings
    assert [c.id for c in pane.view.codings()] == [keep.id]
    assert [c.id for c in window.annotations_model.codings()] == [keep.id]
    corpus_project.codebook.restore(codes, codings)
    assert len(pane.view.codings()) == 251 and window.annotations_model.rowCount() == 251
