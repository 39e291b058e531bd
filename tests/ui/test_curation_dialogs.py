"""The curation dialogs and panels through their real widgets: the metadata form, the new
variable form, the variables table following other writers, project properties, the memos
dock's remove and search, the documents list's edges; the find bar's counts."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLabel

from gwot_reader.store import Project
from gwot_reader.ui.documents.metadata_dialog import MetadataDialog
from gwot_reader.ui.documents.project_menu import PropertiesDialog
from gwot_reader.ui.documents.variables_table import NewVariableDialog, VariablesDialog
from gwot_reader.ui.findbar import FindBar

SAFI = "Safi 2023 - Pakistan-U.S. anti-terrorism dialogue"


def test_metadata_form_reports_only_what_changed(window, qtbot):
    doc = window.project.documents.get(SAFI)
    dialog = MetadataDialog(doc, ["journal article"], 7, window)
    qtbot.addWidget(dialog)
    assert dialog.changes() == {}
    assert dialog.kind.findText("journal article") >= 0 and dialog.kind.currentText() == doc.kind
    info = [w.text() for w in dialog.findChildren(QLabel) if "characters" in w.text()]
    assert info and "7 codings" in info[0]
    dialog.year.clear()
    assert dialog.title_edit.cursorPosition() == 0  # a long title shows its start
    qtbot.keyClick(dialog.title_edit, Qt.Key.Key_End)
    qtbot.keyClicks(dialog.title_edit, " (op-ed)")
    dialog.notes.setPlainText("  checked against the website  ")
    assert dialog.changes() == {"year": None, "title": doc.title + " (op-ed)",
                                "notes": "checked against the website"}
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    with qtbot.waitSignal(dialog.accepted):
        ok.click()


def test_new_variable_form_gives_choices_only_for_a_list(window, qtbot):
    dialog = NewVariableDialog(window)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.name, "  region ")
    dialog.choices.setText("Pakistan, United States,, ")
    dialog.type.setCurrentIndex(0)  # text: the choices are ignored
    assert dialog.result_values() == ("region", "text", [])
    index = next(i for i in range(dialog.type.count()) if dialog.type.itemText(i).startswith("choice"))
    dialog.type.setCurrentIndex(index)
    assert dialog.result_values() == ("region", "choice", ["Pakistan", " United States"])


def test_variables_table_follows_another_program_and_uses_the_list_documents(window, ui_docs,
                                                                              qtbot):
    p = window.project
    dialog = ui_docs.show_variables()
    qtbot.waitExposed(dialog)
    assert [d.id for d in dialog.model.docs] == [d.id for d in window.documents_model.documents()]
    year = p.variables.get("year")
    row = next(i for i, d in enumerate(dialog.model.docs) if d.name == SAFI)
    assert dialog.model.data(dialog.model.index(row, 1)) == "2023"
    other = Project.open(p.path, coder="shell")
    other.variables.set_value(other.documents.get(SAFI).id, year.id, "2021")
    other.variables.add("pages", "number")
    other.close()
    qtbot.waitUntil(lambda: dialog.model.columnCount() == 5, timeout=3000)
    assert dialog.model.data(dialog.model.index(row, 1)) == "2021"
    # our own value edit repaints only that row's values
    with qtbot.waitSignal(dialog.model.dataChanged):
        assert dialog.model.setData(dialog.model.index(row, 1), "2020")
    assert dialog.model.data(dialog.model.index(row, 1)) == "2020"
    assert not dialog.model.setData(dialog.model.index(row, 0), "renamed")  # the name column
    # removing a variable with no cell chosen says what to do
    dialog.view.setCurrentIndex(dialog.model.index(row, 0))
    dialog.remove_button.click()
    assert "Choose a cell" in window.statusBar().currentMessage()
    dialog.close()
    assert ui_docs.variables_dialog is None


def test_a_variables_dialog_made_alone_reads_the_documents(window, qtbot):
    dialog = VariablesDialog(window.session, window)
    qtbot.addWidget(dialog)
    assert len(dialog.model.docs) == 5 and dialog.model.headerData(
        1, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole).startswith("a number")


def test_project_properties_show_the_facts_and_give_name_and_description(window, qtbot):
    p = window.project
    info = p.properties.get()
    dialog = PropertiesDialog(info, p.path, window)
    qtbot.addWidget(dialog)
    texts = [w.text() for w in dialog.findChildren(QLabel)]
    assert str(p.path) in texts and info.guid in texts
    assert any(t.startswith("5 (") and "characters" in t for t in texts)
    dialog.name.setText("  Pilot  ")
    dialog.description.setPlainText("Five papers\n")
    assert dialog.values() == ("Pilot", "Five papers")


def test_memos_dock_removes_a_journal_entry_and_finds_documents_by_name(window, ui_docs, qtbot):
    p = window.project
    panel = ui_docs.memos
    panel.new_button.click()
    entry = p.notes.journal()[0]
    assert panel.remove_button.isEnabled()
    panel.remove_button.click()
    assert p.notes.journal() == []
    window.session.undo_stack.undo()
    assert [e.guid for e in p.notes.journal()] == [entry.guid]
    panel.search.setText("safi")  # no memo says it: the document's name does
    keys = [panel.list.item(i).data(Qt.ItemDataRole.UserRole + 1)
            for i in range(panel.list.count())]
    assert [k for k in keys if k] == [("document", p.documents.get(SAFI).id)]
    panel.select(("document", p.documents.get(SAFI).id))
    assert not panel.remove_button.isEnabled() and not panel.title.isVisibleTo(panel)


def test_documents_list_moves_stop_at_the_ends(window, ui_docs, qtbot):
    actions = ui_docs.list_actions
    view, model = window.documents_view, window.documents_model
    names = [d.name for d in model.documents()]
    view.setCurrentIndex(model.index(0, 0))
    n = window.session.undo_stack.count()
    actions.move(-1)  # already first
    view.setCurrentIndex(model.index(len(names) - 1, 0))
    actions.move(1)  # already last
    assert window.session.undo_stack.count() == n
    assert [d.name for d in model.documents()] == names
    actions.act_up.trigger()
    assert [d.name for d in model.documents()][-2] == names[-1]


def test_find_bar_counts():
    bar = FindBar()
    bar.show_count(None)
    assert bar.count.text() == ""
    bar.show_count(0)
    assert bar.count.text() == "No hits"
    bar.show_count(1)
    assert bar.count.text() == "1 hit"
    bar.show_count(12_500, 3)
    assert bar.count.text() == "3 of 12,500"
