"""Key bindings come from one table, work in the real window, and are all in the help dialog."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMessageBox

from gwot_reader.ui import keys


def _apply_one(window, corpus_project):
    pane = window.area.panes[0]
    code = corpus_project.codebook.get("Themes/Trust deficit").id
    window.coding.apply_code_to_span(code, pane.document_id, 10, 30)
    return pane.document_id


def test_redo_is_ctrl_shift_z_and_ctrl_y(qtbot, window, corpus_project):
    doc = _apply_one(window, corpus_project)
    edit = window.area.panes[0].view.text_edit()
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert corpus_project.codings.all(doc) == []
    qtbot.keyClick(edit, Qt.Key.Key_Z,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert len(corpus_project.codings.all(doc)) == 1
    qtbot.keyClick(edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert corpus_project.codings.all(doc) == []
    qtbot.keyClick(edit, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert len(corpus_project.codings.all(doc)) == 1


def test_every_action_of_the_window_has_its_keys_in_the_help(qtbot, window):
    text = keys.help_html()
    bound = [a for a in window.findChildren(QAction) if a.shortcuts()]
    assert len(bound) >= 20
    for act in bound:
        ours = {s.toString(QKeySequence.SequenceFormat.PortableText) for s in act.shortcuts()}
        listed = [k for b in keys.ACTIONS.values() for k in b.keys if k in ours]
        assert listed, f"{act.text()} {ours} is not in ui/keys.py"
        assert any(f"<b>{k}" in text or f" / {k}" in text for k in listed), act.text()
    for wanted in ("Ctrl+Y", "Ctrl+I", "Ctrl+E", "Ctrl+N", "Ctrl+O", "Shift-drag", "Alt-drag",
                   "Esc", "Ctrl+Shift+Z"):
        assert wanted in text


def test_no_key_is_bound_twice(qtbot, window):
    seen: dict[str, str] = {}
    for act in window.findChildren(QAction):
        if act.shortcutContext() != Qt.ShortcutContext.WindowShortcut:
            continue
        for s in act.shortcuts():
            key = s.toString()
            assert key not in seen or seen[key] == act.text(), f"{key}: {seen.get(key)} and {act.text()}"
            seen[key] = act.text()


def test_help_dialog_shows_the_table(qtbot, window):
    window.menus.act_shortcuts.trigger()
    box = window.findChild(QMessageBox, "shortcuts")
    assert box is not None and box.isVisible()
    assert "Ctrl+Y" in box.text() and "Alt-drag" in box.text()
    box.accept()


def test_menus_hold_the_controllers_actions(qtbot, window):
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles == ["&File", "&Edit", "&View", "&Documents", "&Codebook", "&Analysis", "&Help"]
    file_actions = window.menuBar().actions()[0].menu().actions()
    assert window.files.act_import in file_actions
    assert window.menus.exchange.act_import_qdpx in file_actions
    assert window.documents_ui.recent_menu.menuAction() in file_actions
    assert window.documents_ui.act_properties in file_actions
    assert window.documents_ui.list_actions.act_rename in window.documents_ui.menu.actions()
    assert window.documents_ui.memos_dock.toggleViewAction() in window.menus.view_menu.actions()
    assert window.codebook_editor.act_rename in window.menus.codebook_menu.actions()
    assert window.definitions_dock.toggleViewAction() in window.menus.view_menu.actions()
