"""The reader's rough edges of issue 15, each driven through the real widgets: panes and focus,
number keys across undo, the annotation pane's columns, the find bar's "3 of 16"."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication
from test_window import dclick, select  # tests/ui is on sys.path

SAFI = "Safi 2023 - Pakistan-U.S. anti-terrorism dialogue"


def _top(pane) -> int:
    """The UTF-16 position at the top left of a pane's text: its reading position."""
    return pane.view.text_edit().cursorForPosition(QPoint(5, 5)).position()


def _open_from_list(qtbot, window, name: str) -> None:
    model = window.documents_model
    row = next(i for i, d in enumerate(model.documents()) if d.name == name)
    dclick(qtbot, window.documents_view, model.index(row, 0))


def test_ctrl_t_focuses_the_new_pane_and_keeps_the_others_reading_positions(window, qtbot):
    first, second = window.area.panes
    edit = first.view.text_edit()
    edit.verticalScrollBar().setValue(edit.verticalScrollBar().maximum() // 2)
    QApplication.processEvents()
    before = [_top(first), _top(second)]
    assert before[0] > 0
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert len(window.area.panes) == 3
    new = window.area.panes[2]
    assert window.area.focused is new and new.document_id is None
    qtbot.waitUntil(lambda: new.view.text_edit().hasFocus())
    QApplication.processEvents()
    assert [_top(first), _top(second)] == before
    # the next document double-clicked in the list fills the new pane, not the old one
    shown = [first.document_id, second.document_id]
    _open_from_list(qtbot, window, SAFI)
    assert new.document_id == window.project.documents.get(SAFI).id
    assert [first.document_id, second.document_id] == shown
    # Ctrl+W closes the focused pane (the new one) and the focus goes to its neighbour
    qtbot.keyClick(new.view.text_edit(), Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    assert window.area.panes == [first, second] and window.area.focused is second


def test_ctrl_w_closes_the_focused_pane_not_the_first(window, qtbot):
    first, second = window.area.panes
    second.view.text_edit().setFocus()
    window.area.set_focused(second)
    qtbot.keyClick(second.view.text_edit(), Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    assert window.area.panes == [first] and window.area.focused is first
    qtbot.keyClick(first.view.text_edit(), Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    assert window.area.panes == [first]  # the last pane stays
    assert "last pane" in window.statusBar().currentMessage()


def _key_of(window, code_id: int) -> int | None:
    return next((k for k, c in window.coding.keys.items() if c == code_id), None)


def test_number_keys_survive_undo_and_redo_of_an_in_vivo_code(window, qtbot):
    p = window.project
    pane = window.area.panes[0]
    text = pane.view.text()
    window.coding.ask_invivo = lambda name, labels, default: ("Drone secrecy", 0)
    select(window, pane, text[300:330])
    window.coding.act_invivo.trigger()
    code = p.codebook.get("Drone secrecy")
    key = _key_of(window, code.id)
    assert key == 1 and window.codebook_model._keys.get(code.id) == 1
    stack = window.session.undo_stack
    stack.undo()  # the code is gone: its key sleeps, shown nowhere
    assert p.codebook.find("Drone secrecy") is None and _key_of(window, code.id) is None
    stack.redo()  # the same code comes back, with its key
    assert _key_of(window, code.id) == 1 and window.codebook_model._keys.get(code.id) == 1
    # and the key applies it, through the text area
    select(window, pane, text[400:420])
    edit = pane.view.text_edit()
    qtbot.keyClick(edit, Qt.Key.Key_1)
    assert [c.start for c in p.codings.all(pane.document_id) if c.code_id == code.id] == [300, 400]
    # undoing the coding made by the key keeps the binding as well
    stack.undo()
    assert _key_of(window, code.id) == 1
    select(window, pane, text[500:520])
    qtbot.keyClick(edit, Qt.Key.Key_1)
    assert sorted(c.start for c in p.codings.all(pane.document_id)
                  if c.code_id == code.id) == [300, 500]


def test_a_sleeping_key_is_given_away_only_when_no_key_is_free(window):
    p = window.project
    pane = window.area.panes[0]
    codes = [c for c in p.codebook.tree() if not c.is_category][:10]
    window.coding.ask_invivo = lambda name, labels, default: ("Fresh code", 0)
    select(window, pane, pane.view.text()[300:330])
    window.coding.act_invivo.trigger()
    fresh = p.codebook.get("Fresh code").id
    window.session.undo_stack.undo()
    for c in codes[:8]:  # keys 2..9 are free: key 1 keeps sleeping
        window.coding.mark_used(c.id)
    assert 1 not in window.coding.keys
    window.coding.mark_used(codes[8].id)  # none free: the sleeping key goes
    assert window.coding.keys[1] == codes[8].id
    window.session.undo_stack.redo()
    assert _key_of(window, fresh) is None
