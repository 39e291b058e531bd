"""Curating the corpus in the window: the Documents list's keys and menu, the variables table,
sets, the Memos dock, recent projects and project properties; every change one undo step."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QComboBox, QLineEdit

from gwot_reader.store import Project
from gwot_reader.ui.documents.metadata_dialog import MetadataDialog

SAFI = "Safi 2023 - Pakistan-U.S. anti-terrorism dialogue"


@pytest.fixture
def ui(window):
    ui = window.documents_ui
    ui.list_actions.confirm = lambda title, text: True
    return ui


def select_doc(window, qtbot, name: str) -> None:
    model = window.documents_model
    row = next(i for i, d in enumerate(model.documents()) if d.name == name)
    view = window.documents_view
    view.setCurrentIndex(model.index(row, 0))
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)


def names(window) -> list[str]:
    return [d.name for d in window.documents_model.documents()]


def test_delete_key_removes_a_document_with_its_codings_and_undo_restores_them(window, ui,
                                                                                qtbot):
    p = window.project
    doc = p.documents.get(SAFI)
    code = p.codebook.get("Themes/Trust deficit")
    guids = sorted(p.codings.add(doc.id, code.id, i, i + 5).guid for i in range(0, 30, 5))
    said = []
    ui.list_actions.confirm = lambda title, text: said.append(text) or True
    select_doc(window, qtbot, SAFI)
    qtbot.keyClick(window.documents_view, Qt.Key.Key_Delete)
    assert "its 6 codings" in said[0]
    qtbot.waitUntil(lambda: SAFI not in names(window))
    assert p.documents.find(SAFI) is None and p.codings.count() == 0
    assert all(pane.document_id != doc.id for pane in window.area.panes)
    window.session.undo_stack.undo()
    qtbot.waitUntil(lambda: SAFI in names(window))
    assert sorted(c.guid for c in p.codings.all(doc.id)) == guids
    assert window.codebook_model.rowCount() > 0
    window.session.undo_stack.redo()
    assert p.documents.find(SAFI) is None


def test_refusing_the_confirmation_keeps_the_document(window, ui, qtbot):
    ui.list_actions.confirm = lambda title, text: False
    select_doc(window, qtbot, SAFI)
    qtbot.keyClick(window.documents_view, Qt.Key.Key_Delete)
    assert window.project.documents.find(SAFI) is not None
    assert window.session.undo_stack.count() == 0


def test_f2_renames_and_undo_puts_the_name_back(window, ui, qtbot):
    ui.list_actions.ask_text = lambda title, label, text="": "Safi 2023"
    select_doc(window, qtbot, SAFI)
    qtbot.keyClick(window.documents_view, Qt.Key.Key_F2)
    assert window.project.documents.find("Safi 2023") is not None
    assert window.session.undo_stack.undoText() == f"Rename {SAFI!r}"
    window.session.undo_stack.undo()
    assert window.project.documents.find(SAFI) is not None
    # a name that is taken is refused with a message and nothing on the stack
    ui.list_actions.ask_text = lambda title, label, text="": names(window)[0]
    n = window.session.undo_stack.count()
    ui.list_actions.rename()
    assert window.session.undo_stack.count() == n and "already" in window.statusBar().currentMessage()


def test_metadata_form_edits_are_one_undo_step(window, ui, qtbot):
    p = window.project
    doc = p.documents.get(SAFI)

    def fill(d):
        dialog = MetadataDialog(d, ["journal article", "web commentary"], 0, window)
        qtbot.addWidget(dialog)
        assert dialog.title_edit.text() == d.title and dialog.year.text() == "2023"
        dialog.year.setText("2022")
        dialog.authors.setText("Safi, Abdul Mussawer")
        dialog.source.setText("https://example.org/safi")
        dialog.kind.setCurrentText("op-ed")
        return dialog.changes()

    ui.list_actions.ask_metadata = fill
    select_doc(window, qtbot, SAFI)
    ui.list_actions.act_edit.trigger()
    new = p.documents.get(doc.id)
    assert (new.year, new.authors, new.source_name, new.kind) == (
        2022, "Safi, Abdul Mussawer", "https://example.org/safi", "op-ed")
    assert new.title == doc.title and new.notes == doc.notes
    qtbot.waitUntil(lambda: "Safi, Abdul Mussawer" in [
        d.authors for d in window.documents_model.documents()])
    window.session.undo_stack.undo()
    assert p.documents.get(doc.id) == doc


def test_context_menu_holds_the_actions_and_the_sets(window, ui, qtbot):
    p = window.project
    select_doc(window, qtbot, SAFI)
    menu = ui.list_actions.build_menu()
    texts = [a.text().replace("&", "") for a in menu.actions()]
    assert texts[:5] == ["Rename…", "Edit metadata…", "Remove…", "Move up", "Move down"]
    sets = next(a.menu() for a in menu.actions() if a.menu() is not None)
    ui.list_actions.ask_text = lambda title, label, text="": "Web commentary"
    next(a for a in sets.actions() if a.text().startswith("&New set")).trigger()
    group = p.sets.get("Web commentary")
    assert p.sets.members(group.id) == [p.documents.get(SAFI).id]
    # the set now shows ticked; unticking takes the document out, undo puts it back
    sets = next(a.menu() for a in ui.list_actions.build_menu().actions() if a.menu())
    tick = next(a for a in sets.actions() if a.text() == "Web commentary")
    assert tick.isChecked()
    tick.trigger()
    assert p.sets.members(group.id) == []
    window.session.undo_stack.undo()
    assert p.sets.members(group.id) == [p.documents.get(SAFI).id]
    window.session.undo_stack.undo()
    assert p.sets.find("Web commentary") is None


def test_reorder_by_keys_and_by_drop(window, ui, qtbot):
    before = names(window)
    select_doc(window, qtbot, before[0])
    qtbot.keyClick(window.documents_view, Qt.Key.Key_Down,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: names(window)[1] == before[0])
    assert [d.name for d in window.project.documents.all()][1] == before[0]
    window.session.undo_stack.undo()
    qtbot.waitUntil(lambda: names(window) == before)
    # dropped on the last row, the dragged document takes its place
    view = window.documents_view
    last = view.visualRect(window.documents_model.index(4, 0)).center()
    ui.list_actions.drop_at(window.project.documents.get(before[0]).id, last)
    assert names(window) == before[1:] + before[:1]
    ui.list_actions.drop_at(window.project.documents.get(before[0]).id, QPoint(5, 2))
    assert names(window) == before


def test_variables_table_edits_cells_in_place(window, ui, qtbot):
    p = window.project
    dialog = ui.show_variables()
    qtbot.waitExposed(dialog)
    model, view = dialog.model, dialog.view
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(4)] == [
        "Document", "year", "kind", "venue"]
    row = next(i for i, d in enumerate(model.docs) if d.name == SAFI)
    doc = p.documents.get(SAFI)
    # a number cell, typed into the real editor
    index = model.index(row, 1)
    view.setCurrentIndex(index)
    view.edit(index)
    qtbot.waitUntil(lambda: isinstance(view.focusWidget(), QLineEdit))
    editor = view.focusWidget()
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, "2022")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits on the next event loop turn
    qtbot.waitUntil(lambda: p.variables.value(doc.id, p.variables.get("year").id) == 2022)
    assert model.data(index) == "2022"
    # a choice cell: the drop-down lists the choices
    index = model.index(row, 2)
    view.setCurrentIndex(index)
    view.edit(index)
    box = view.focusWidget()
    assert isinstance(box, QComboBox)
    assert [box.itemText(i) for i in range(box.count())] == ["", "journal article",
                                                              "web commentary"]
    box.setCurrentText("journal article")
    view.commitData(box)
    assert p.variables.value(doc.id, p.variables.get("kind").id) == "journal article"
    # a bad value: refused with a message, nothing changed or stacked
    n = window.session.undo_stack.count()
    assert not model.setData(model.index(row, 1), "soon")
    assert window.session.undo_stack.count() == n and "not a number" in window.statusBar().currentMessage()
    window.session.undo_stack.undo()
    window.session.undo_stack.undo()
    assert p.variables.value(doc.id, p.variables.get("year").id) == 2023
    assert model.data(model.index(row, 1)) == "2023"


def test_variables_added_and_removed_from_the_table(window, ui, qtbot):
    p = window.project
    dialog = ui.show_variables()
    dialog.ask_variable = lambda: ("region", "choice", ["Pakistan", "United States"])
    dialog.add_button.click()
    assert dialog.model.headerData(4, Qt.Orientation.Horizontal) == "region"
    region = p.variables.get("region")
    assert region.choices == ("Pakistan", "United States")
    dialog.model.setData(dialog.model.index(0, 4), "pakistan")
    dialog.view.setCurrentIndex(dialog.model.index(0, 4))
    dialog.remove_button.click()
    assert p.variables.find("region") is None and dialog.model.columnCount() == 4
    window.session.undo_stack.undo()
    assert p.variables.value(dialog.model.docs[0].id, region.id) == "Pakistan"
    assert dialog.model.columnCount() == 5


def test_memos_dock_journal_and_document_memo_with_search(window, ui, qtbot):
    p = window.project
    panel = ui.memos
    ui.memos_dock.show()
    ui.memos_dock.raise_()
    qtbot.waitExposed(panel)
    panel.new_button.click()
    assert len(p.notes.journal()) == 1
    qtbot.keyClicks(panel.title, "Day 1")
    panel.editor.setFocus()
    qtbot.keyClicks(panel.editor, "Trust deficit is everywhere")
    qtbot.keyClick(panel.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    entry = p.notes.journal()[0]
    assert (entry.title, entry.text) == ("Day 1", "Trust deficit is everywhere")
    # the document memo of Safi
    doc = p.documents.get(SAFI)
    panel.select(("document", doc.id))
    assert panel.heading.text() == f"Memo of {SAFI}"
    panel.editor.setFocus()
    qtbot.keyClicks(panel.editor, "Op-ed tone; check the dates")
    panel.save_button.click()
    assert p.notes.document_memo(doc.id).text == "Op-ed tone; check the dates"
    # search narrows the list to what matches (ignoring case)
    panel.search.setText("DATES")
    keys = [panel.list.item(i).data(Qt.ItemDataRole.UserRole + 1)
            for i in range(panel.list.count())]
    assert [k for k in keys if k] == [("document", doc.id)]
    panel.search.setText("")
    # each save (leaving the title, Ctrl+Enter, Save) is one undo step
    assert window.session.undo_stack.undoText() == "Edit document memo"
    window.session.undo_stack.undo()
    assert p.notes.document_memo(doc.id) is None
    window.session.undo_stack.undo()
    assert (p.notes.journal()[0].title, p.notes.journal()[0].text) == ("Day 1", "")
    window.session.undo_stack.undo()
    assert p.notes.journal()[0].title == ""
    window.session.undo_stack.undo()
    assert p.notes.journal() == []


def test_recent_projects_and_properties(window, ui, qtbot, tmp_path):
    first = window.project.path
    other = Project.create(tmp_path / "other.gwot", coder="tester")
    window.set_project(other)
    qtbot.waitUntil(lambda: window.documents_model.rowCount() == 0)
    ui.recent_menu.aboutToShow.emit()
    acts = [a for a in ui.recent_menu.actions() if a.isEnabled()]
    assert [a.toolTip() for a in acts] == [str(first)]
    ui.ask_properties = lambda: ("Pilot study", "Five papers on the GWOT")
    ui.act_properties.trigger()
    info = window.project.properties.get()
    assert (info.name, info.description) == ("Pilot study", "Five papers on the GWOT")
    assert info.sizes["documents"] == 0 and info.sizes["bytes"] > 0
    window.session.undo_stack.undo()
    assert window.project.properties.get().name == "other"
    acts[0].trigger()
    assert window.project.path == first


def test_removing_ten_thousand_codings_follows_in_the_window(window, ui, qtbot):
    p = window.project
    doc = p.documents.get(SAFI)
    code = p.codebook.get("Themes/Trust deficit")
    p.codings.add_spans(code.id, ((doc.id, i % 7000, i % 7000 + 3) for i in range(10_000)))
    window.session.reload()
    select_doc(window, qtbot, SAFI)
    ui.list_actions.remove()
    qtbot.waitUntil(lambda: SAFI not in names(window))
    window.session.undo_stack.undo()
    assert len(p.codings.all(doc.id)) == 10_000
