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


# -- Edit document text (issue 15 item 7) -----------------------------------------------------
def _safi_pane(window):
    pane = window.area.focused
    window.area.open_document(pane, window.project.documents.get(SAFI).id)
    return pane


def test_edit_document_text_moves_the_codings_and_is_one_undo_step(window, qtbot):
    from PySide6.QtGui import QTextCursor

    p = window.project
    pane = _safi_pane(window)
    doc = p.documents.get(SAFI)
    text = p.documents.text(doc.id)
    assert text.startswith("Security studiesStrategic studies\n")
    code = p.codebook.get("Themes/Trust deficit")
    stack = window.session.undo_stack
    whole = p.codings.add(doc.id, code.id, 0, 33)  # "Security studiesStrategic studies"
    later = p.codings.add(doc.id, code.id, 200, 260)
    window.session.reload()
    select(window, pane, "studiesStrategic")
    seen = {}

    def ask(dialog):
        qtbot.addWidget(dialog)
        assert dialog.editor.toPlainText() == "studiesStrategic"
        cursor = dialog.editor.textCursor()
        cursor.setPosition(len("studies"))
        dialog.editor.setTextCursor(cursor)
        qtbot.keyClick(dialog.editor, Qt.Key.Key_Return)  # a line break between the labels
        dialog.update_plan()
        seen["summary"] = dialog.summary.text()
        seen["touched"] = [dialog.touched.item(i).text() for i in range(dialog.touched.count())]
        return True

    n = stack.count()
    assert window.documents_ui.edit_text(ask)
    assert "Inserts “¶” at 16" in seen["summary"]
    assert "1 coding changes span" in seen["summary"] and "move by +1" in seen["summary"]
    assert seen["touched"][0].startswith("Trust deficit: “Security studiesStrategic studies”")
    new_text = p.documents.text(doc.id)
    assert new_text == text[:16] + "\n" + text[16:]
    assert p.documents.source(doc.id) == p.documents.source(doc.id)  # the original is kept
    assert p.codings.get(whole.id).text == "Security studies\nStrategic studies"
    moved = p.codings.get(later.id)
    assert (moved.start, moved.end, moved.text) == (201, 261, later.text)
    # the pane shows the new text and the moved coding; one step on the stack
    assert pane.view.text() == new_text
    assert {c.id: (c.start, c.end) for c in pane.view.codings()}[later.id] == (201, 261)
    assert stack.count() == n + 1 and stack.undoText().startswith("Edit the text of")
    stack.undo()
    assert p.documents.text(doc.id) == text and pane.view.text() == text
    assert p.codings.get(whole.id) == whole and p.codings.get(later.id) == later
    stack.redo()
    assert p.documents.text(doc.id) == new_text
    assert p.codings.get(whole.id).text == "Security studies\nStrategic studies"
    # the original file is untouched
    cursor = QTextCursor(pane.view.text_edit().document())
    assert cursor is not None


def test_the_paragraph_break_in_khan_and_ayub_is_joined_and_a_coding_removed_is_said(window,
                                                                                        qtbot):
    p = window.project
    doc = next(d for d in p.documents.all() if "consistently denied the\n" in
               p.documents.text(d.id))
    text = p.documents.text(doc.id)
    at = text.index("consistently denied the\n") + len("consistently denied the")
    gap_end = at
    while text[gap_end] == "\n":
        gap_end += 1
    code = p.codebook.get("Themes/Trust deficit")
    across = p.codings.add(doc.id, code.id, at - 10, gap_end + 10)
    assert gap_end - at == 2  # "¶¶", replaced by one space: a coding of the second one goes
    only_break = p.codings.add(doc.id, code.id, at + 1, gap_end)
    window.session.reload()
    pane = window.area.focused
    window.area.open_document(pane, doc.id)
    select(window, pane, text[at - 3:gap_end + 10])
    seen = {}

    def ask(dialog):
        dialog.editor.setPlainText(text[at - 3:at] + " " + text[gap_end:gap_end + 10])
        dialog.update_plan()
        seen["summary"] = dialog.summary.text()
        seen["touched"] = [dialog.touched.item(i).text() for i in range(dialog.touched.count())]
        return True

    assert window.documents_ui.edit_text(ask)
    assert "1 lies wholly in the deleted text" in seen["summary"]
    assert any(t.endswith("is removed") for t in seen["touched"])
    new = p.documents.text(doc.id)
    assert "consistently denied the occurrence" in new
    assert p.codings.find(only_break.id) is None
    c = p.codings.get(across.id)
    assert c.text == new[c.start:c.end] and "the occurrence" in c.text
    window.session.undo_stack.undo()
    assert p.codings.get(only_break.id) == only_break and p.codings.get(across.id) == across


def test_edit_text_is_in_the_text_menu_and_refuses_a_no_op(window, qtbot):
    pane = _safi_pane(window)
    menu = window.coding.text_menu(pane, [])
    assert window.documents_ui.act_edit_text in menu.actions()
    select(window, pane, "Security")
    n = window.session.undo_stack.count()
    seen = {}

    def ask(dialog):
        seen["enabled"] = dialog.buttons.buttons()[0].isEnabled()
        seen["summary"] = dialog.summary.text()
        return True

    assert not window.documents_ui.edit_text(ask)
    assert seen == {"enabled": False, "summary": "The edit changes nothing."}
    assert window.session.undo_stack.count() == n
    # with no selection, the paragraph around the cursor is offered
    from gwot_reader.ui.documents.text_editor import passage_of
    assert passage_of("ab\ncd ef\ngh", None, 5) == (3, 8)


def test_find_bar_says_which_hit_is_current(window, qtbot):
    pane = window.area.panes[0]
    window.area.set_focused(pane)
    window.finder.act_find.trigger()
    qtbot.keyClicks(window.find_bar.edit, "Pakistan")
    n = pane.view.text().casefold().count("pakistan")
    assert n > 3
    count = window.find_bar.count
    assert count.text() == f"1 of {n}"
    qtbot.keyClick(window.find_bar.edit, Qt.Key.Key_Return)
    qtbot.keyClick(window.find_bar.edit, Qt.Key.Key_Return)
    assert count.text() == f"3 of {n}"
    span = pane.view.selected_span()
    assert pane.view.text()[span[0]:span[1]].casefold() == "pakistan"
    assert span[0] == pane.view.find_hits()[2][0]
    qtbot.keyClick(window.find_bar.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert count.text() == f"2 of {n}"
    window.finder.act_find_prev.trigger()
    window.finder.act_find_prev.trigger()  # wraps around to the last
    assert count.text() == f"{n} of {n}"
    window.find_bar.edit.setText("no such words anywhere")
    assert count.text() == "No hits"


def test_annotation_columns_are_sized_to_their_contents(window, qtbot):
    p = window.project
    pane = window.area.panes[0]
    doc = pane.document_id
    short = p.codebook.get("Actors/TTP")
    long = p.codebook.get("Themes/Human and economic cost")
    p.codings.add(doc, short.id, 10, 50, memo="framing")
    window.session.reload()
    window.area.set_focused(pane)
    window._show_annotations(doc)
    dock = window.annotations_dock
    window.resizeDocks([dock], [700], Qt.Orientation.Horizontal)
    panel = window.annotation_panel
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1)
    QApplication.processEvents()
    header = panel.view.horizontalHeader()
    fm = panel.view.fontMetrics()
    code_w = header.sectionSize(0)
    assert fm.horizontalAdvance(panel.model.data(panel.model.index(0, 0))) < code_w
    assert code_w < 0.34 * panel.view.viewport().width()
    # the quote takes what is left: more than any other column
    assert header.sectionSize(1) > max(header.sectionSize(c) for c in (0, 2, 3))
    # a longer code name widens the Code column when it arrives, without a reset
    before = header.sectionSize(0)
    window.coding.apply_code_to_span(long.id, doc, 60, 90)
    QApplication.processEvents()
    name = next(panel.model.data(panel.model.index(r, 0)) for r in range(panel.model.rowCount())
                if "Human" in str(panel.model.data(panel.model.index(r, 0))))
    assert header.sectionSize(0) >= min(fm.horizontalAdvance(name),
                                        int(0.34 * panel.view.viewport().width()) - 1)
    assert header.sectionSize(0) > before
    # a narrow pane caps the columns so the quote stays readable
    window.resizeDocks([dock], [260], Qt.Orientation.Horizontal)
    QApplication.processEvents()
    qtbot.waitUntil(lambda: header.sectionSize(0) <= 0.34 * panel.view.viewport().width() + 1)


def test_tooltips_and_lists_have_a_font_for_urdu_and_cjk(window):
    from PySide6.QtGui import QFont, QFontDatabase, QRawFont
    from PySide6.QtWidgets import QToolTip

    from gwot_reader.ui import fonts

    urdu, cjk = "پاکستان کے لیے ڈرون حملوں", "中文 日本語 한국어"
    app = QApplication.instance()
    for font in (app.font(), QToolTip.font()):
        families = font.families()
        assert families[0] == app.font().family()  # the platform's own font stays first
        for text in (urdu, cjk):
            for ch in set(text) - {" "}:
                assert any(QRawFont.fromFont(QFont(f)).supportsCharacter(ord(ch))
                           for f in families), f"no font for {ch!r} among {families}"
    # the bundled font is there for the Urdu letters DejaVu Sans lacks (ے, U+06D2)
    if "DejaVu Sans" in QFontDatabase.families() and not any(
            fonts.covers(f, "ے") for f in QFontDatabase.families(QFontDatabase.WritingSystem.Arabic)
            if f != "Noto Naskh Arabic"):
        assert "Noto Naskh Arabic" in app.font().families()
    assert fonts.install() == fonts.install()  # once per process


def test_a_tooltip_shows_an_urdu_code_name(window, qtbot):
    from PySide6.QtWidgets import QToolTip

    p = window.project
    code = p.codebook.add("ڈرون حملے", None)
    pane = window.area.panes[0]
    p.codings.add(pane.document_id, code.id, 5, 30)
    window.session.reload()
    area = pane.view.text_edit()
    from gwot_reader.ui.docview.tooltips import tooltip_html

    text = tooltip_html([c for c in pane.view.codings() if c.code_id == code.id],
                        area.codings)
    assert "ڈرون حملے" in text
    QToolTip.showText(area.mapToGlobal(area.rect().center()), text, area)
    qtbot.waitUntil(QToolTip.isVisible)
    assert QToolTip.font().families() == QApplication.instance().font().families()
    QToolTip.hideText()
