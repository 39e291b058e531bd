"""The Edit document text dialog as a user types in it, the notices an edit sends, and the
panes, annotations and other views that follow it."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialogButtonBox

from gwot_reader.core.model import Change
from gwot_reader.ui.documents.text_editor import EditTextDialog, edit_document_text

SAFI = "Safi 2023 - Pakistan-U.S. anti-terrorism dialogue"


def _ok(dialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


def test_the_summary_follows_typing_and_cancel_changes_nothing(window, qtbot):
    p = window.project
    doc = p.documents.get(SAFI)
    text = p.documents.text(doc.id)
    code = p.codebook.get("Themes/Trust deficit")
    c = p.codings.add(doc.id, code.id, 36, 60)
    dialog = EditTextDialog(window.session, doc.id, 36, 60, window)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.editor.toPlainText() == text[36:60]
    assert not _ok(dialog).isEnabled() and "changes nothing" in dialog.summary.text()
    dialog.editor.setFocus()
    dialog.editor.moveCursor(dialog.editor.textCursor().MoveOperation.End)
    qtbot.keyClicks(dialog.editor, "!!")
    # the plan is worked out a moment after typing stops
    qtbot.waitUntil(lambda: _ok(dialog).isEnabled(), timeout=3000)
    assert dialog.summary.text().startswith("Inserts “!!” at 60.")
    assert "1 coding changes span" not in dialog.summary.text()  # inserted at its end: outside
    assert dialog.touched.count() == 0
    qtbot.keyClick(dialog.editor, Qt.Key.Key_Home)
    qtbot.keyClick(dialog.editor, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: "1 coding changes span" in dialog.summary.text(), timeout=3000)
    assert dialog.touched.item(0).text().startswith("Trust deficit:")
    dialog.reject()
    assert p.documents.text(doc.id) == text and p.codings.get(c.id) == c


def test_crlf_typed_or_pasted_is_stored_as_lf(window):
    p = window.project
    doc = p.documents.get(SAFI)
    done = p.text_edits.edit(doc.id, 16, 16, "\r\n")
    assert done.edit.new == "\n" and p.documents.text(doc.id)[16] == "\n"
    assert p.documents.text(doc.id)[17:26] == "Strategic"


def test_an_edit_sends_documents_text_and_codings_notices_in_that_order(window, qtbot):
    p = window.project
    doc = p.documents.get(SAFI)
    code = p.codebook.get("Themes/Trust deficit")
    p.codings.add(doc.id, code.id, 100, 120)
    got: list[Change] = []
    window.session.changed.connect(lambda change: got.append(change))
    with qtbot.waitSignal(window.session.codingsChanged):
        p.text_edits.edit(doc.id, 50, 50, "xx")
    assert [c.kind for c in got] == ["documents", "text", "codings"]
    assert got[2].document_ids == {doc.id} and len(got[2].coding_ids) == 1
    history = [e.action for e in p.history.all(doc.guid)]
    assert "edit_text" in history


def test_views_follow_an_edit_and_its_undo(window, qtbot):
    p = window.project
    pane = window.area.focused
    doc = p.documents.get(SAFI)
    window.area.open_document(pane, doc.id)
    code = p.codebook.get("Themes/Trust deficit")
    c = p.codings.add(doc.id, code.id, 200, 230)
    window.session.reload()
    window._show_annotations(doc.id)
    edit = pane.view.text_edit()
    edit.verticalScrollBar().setValue(edit.verticalScrollBar().maximum() // 3)

    def top() -> int:
        area = pane.view.text_edit()
        return area.positions.from_utf16(area.cursorForPosition(QPoint(0, 0)).position())

    before = top()
    assert before > 500
    assert edit_document_text(window.session, window, doc.id, 0, 0, lambda d: (
        d.editor.setPlainText("NOTE: "), True)[1])
    moved = p.codings.get(c.id)
    assert (moved.start, moved.end) == (206, 236)
    assert pane.view.text().startswith("NOTE: Security")
    assert abs(top() - before) < 80  # the reader's place is kept (the same line)
    qtbot.waitUntil(lambda: [x.start for x in window.annotations_model.codings()] == [206])
    assert "moved" in window.statusBar().currentMessage()
    window.session.undo_stack.undo()
    assert pane.view.text().startswith("Security") and p.codings.get(c.id) == c
    qtbot.waitUntil(lambda: [x.start for x in window.annotations_model.codings()] == [200])


def test_a_pdf_is_refused_in_the_dialog(pdf_window, qtbot):
    w = pdf_window
    dialog = EditTextDialog(w.session, w.pdf_id, 0, 5, w)
    qtbot.addWidget(dialog)
    dialog.editor.setPlainText("xxxxx")
    dialog.update_plan()
    assert "is a PDF" in dialog.summary.text() and not _ok(dialog).isEnabled()
    assert not edit_document_text(w.session, w, w.pdf_id, 0, 5, lambda d: True)
    assert w.session.undo_stack.count() == 0


def test_edit_text_needs_an_open_document(window):
    pane = window.area.focused
    pane.view.clear()
    assert not window.documents_ui.edit_text(lambda d: True)
    assert "Open a document" in window.statusBar().currentMessage()


def test_closing_the_project_closes_the_editor_unapplied(window, qtbot):
    doc = window.project.documents.get(SAFI)
    dialog = EditTextDialog(window.session, doc.id, 0, 8, window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.editor.setPlainText("Changed")
    with qtbot.waitSignal(dialog.rejected):
        window.files.close_project()
    assert dialog.plan_ is None and dialog.update_plan() is None
    assert not dialog.isVisible()
