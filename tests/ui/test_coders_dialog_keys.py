"""Edit > Coders… says each change is one step of Edit > Undo; Ctrl+Z and Ctrl+Shift+Z work in
the Coders window itself (the reader's keys do not reach another window), while a focused name
box keeps its own undo of typing."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier


def coded(project) -> None:
    trust = project.codebook.get("Themes/Trust deficit").id
    doc = project.documents.all()[0].id
    project.codings.add(doc, trust, 10, 120, coder="Ayesha")
    project.codings.add(doc, trust, 30, 140, coder="Aysha")


def test_ctrl_z_in_the_coders_window_undoes_a_join_and_ctrl_shift_z_redoes_it(qtbot, window,
                                                                              corpus_project):
    coded(corpus_project)
    window.act_coders.trigger()
    dialog = window.coders_dialog
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    rows = {dialog.list.item(i).data(Qt.ItemDataRole.UserRole): i for i in range(dialog.list.count())}
    dialog.list.setCurrentRow(rows["Aysha"])
    dialog.into.setCurrentText("Ayesha")
    qtbot.mouseClick(dialog.join_button, Qt.MouseButton.LeftButton)
    assert "Aysha" not in corpus_project.coders.counts()
    dialog.list.setFocus()
    qtbot.keyClick(dialog.list, Qt.Key.Key_Z, CTRL)
    assert corpus_project.coders.counts()["Aysha"] == 1
    assert any("Aysha" in dialog.list.item(i).text() for i in range(dialog.list.count()))
    qtbot.keyClick(dialog.list, Qt.Key.Key_Z, CTRL | SHIFT)
    assert "Aysha" not in corpus_project.coders.counts()
    assert corpus_project.coders.counts()["Ayesha"] == 2
    intro = dialog.findChildren(QLabel)[0].text()
    assert "Ctrl+Z" in intro


def test_ctrl_z_in_the_name_box_undoes_typing_not_the_project(qtbot, window, corpus_project):
    coded(corpus_project)
    window.act_coders.trigger()
    dialog = window.coders_dialog
    qtbot.waitExposed(dialog)
    rows = {dialog.list.item(i).data(Qt.ItemDataRole.UserRole): i for i in range(dialog.list.count())}
    dialog.list.setCurrentRow(rows["Aysha"])
    qtbot.mouseClick(dialog.rename_button, Qt.MouseButton.LeftButton)  # same name: nothing
    depth = window.session.undo_stack.count()
    dialog.new_name.setFocus()
    dialog.new_name.selectAll()
    qtbot.keyClicks(dialog.new_name, "Ayesha K")
    qtbot.keyClick(dialog.new_name, Qt.Key.Key_Z, CTRL)
    assert dialog.new_name.text() != "Ayesha K"
    assert window.session.undo_stack.count() == depth
    assert corpus_project.coders.counts()["Aysha"] == 1
