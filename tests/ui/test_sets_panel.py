"""The Sets dock through its real widgets: create, rename, delete sets, drop documents on them,
filter the Documents list by a set; every change one undo step."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

pytestmark = pytest.mark.filterwarnings("ignore:Function.*QD:DeprecationWarning")

SAFI = "Safi 2023 - Pakistan-U.S. anti-terrorism dialogue"


@pytest.fixture
def sets(window, qtbot):
    panel = window.documents_ui.sets
    window.documents_ui.sets_dock.show()
    qtbot.waitExposed(panel)
    panel.confirm = lambda text: True
    return panel


def labels(panel) -> list[str]:
    return [panel.list.item(i).text() for i in range(panel.list.count())]


def row_of(panel, name: str) -> int:
    return next(i for i, t in enumerate(labels(panel)) if t.startswith(name + " ("))


def drop_on(qtbot, panel, row: int, mime: QMimeData) -> bool:
    """A real drag onto the set's row: enter, then drop, as Qt sends them."""
    vp = panel.list.viewport()
    pos = QPointF(panel.list.visualItemRect(panel.list.item(row)).center())
    actions = Qt.DropAction.CopyAction | Qt.DropAction.MoveAction
    enter = QDragEnterEvent(pos.toPoint(), actions, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(vp, enter)
    drop = QDropEvent(pos, actions, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(vp, drop)
    return drop.isAccepted()


def doc_mime(window, name: str) -> QMimeData:
    model = window.documents_model
    row = next(i for i, d in enumerate(model.documents()) if d.name == name)
    return model.mimeData([model.index(row, 0)])


def test_new_set_drop_documents_and_filter_the_list(window, sets, qtbot):
    p = window.project
    assert labels(sets) == ["All documents (5)"]
    sets.ask_name = lambda title, text="": "Web commentary"
    qtbot.mouseClick(sets.new_button, Qt.MouseButton.LeftButton)
    group = p.sets.get("Web commentary")
    assert labels(sets) == ["All documents (5)", "Web commentary (0)"]
    assert sets.current_set_id() == group.id
    assert sets.shown_documents() == []  # the empty set's list is empty
    assert window.documents_dock.windowTitle() == "Documents — set Web commentary"
    # two documents dragged from the Documents list onto the set
    names = [d.name for d in window.documents_model.documents()]
    assert drop_on(qtbot, sets, 1, doc_mime(window, SAFI))
    assert drop_on(qtbot, sets, 1, doc_mime(window, names[0]))
    safi = p.documents.get(SAFI).id
    assert set(p.sets.members(group.id)) == {safi, p.documents.get(names[0]).id}
    assert labels(sets)[1] == "Web commentary (2)"
    assert set(sets.shown_documents()) == set(p.sets.members(group.id))
    view = window.documents_view
    hidden = [window.documents_view.isRowHidden(r, view.rootIndex()) for r in range(5)]
    assert hidden.count(True) == 3
    # the same document again changes nothing and says so
    n = window.session.undo_stack.count()
    drop_on(qtbot, sets, 1, doc_mime(window, SAFI))
    assert "Already in" in window.statusBar().currentMessage()
    # a drop on "All documents" is refused
    assert not drop_on(qtbot, sets, 0, doc_mime(window, names[1]))
    # undo takes the last document out again and the list follows
    window.session.undo_stack.undo()
    assert p.sets.members(group.id) == [safi]
    qtbot.waitUntil(lambda: sets.shown_documents() == [safi])
    # back to all documents
    sets.choose(None)
    assert len(sets.shown_documents()) == 5
    assert window.documents_dock.windowTitle() == "Documents"
    assert (window.session.undo_stack.count(), window.session.undo_stack.index()) == (n, n - 1)


def test_rename_delete_and_undo(window, sets, qtbot):
    p = window.project
    safi = p.documents.get(SAFI).id
    sets.ask_name = lambda title, text="": "2023"
    sets.new_set([safi])
    group = p.sets.get("2023")
    sets.choose(group.id)
    sets.ask_name = lambda title, text="": "Published 2023"
    qtbot.mouseClick(sets.rename_button, Qt.MouseButton.LeftButton)
    assert p.sets.get(group.id).name == "Published 2023"
    assert "Published 2023 (1)" in labels(sets)
    # a taken name is refused with a message, nothing on the stack
    sets.ask_name = lambda title, text="": "Other"
    sets.new_set()
    sets.choose(group.id)
    n = window.session.undo_stack.count()
    sets.ask_name = lambda title, text="": "Other"
    sets.rename()
    assert window.session.undo_stack.count() == n
    assert "already" in window.statusBar().currentMessage()
    # delete (asks first, says the documents stay) and undo brings it back with its members
    said = []
    sets.confirm = lambda text: said.append(text) or True
    sets.choose(group.id)
    qtbot.mouseClick(sets.delete_button, Qt.MouseButton.LeftButton)
    assert "1 document stay" in said[0]
    assert p.sets.find(group.id) is None and p.documents.find(safi) is not None
    assert not any(t.startswith("Published 2023") for t in labels(sets))
    assert sets.current_set_id() is None and len(sets.shown_documents()) == 5
    window.session.undo_stack.undo()
    back = p.sets.get(group.id)
    assert (back.guid, p.sets.members(group.id)) == (group.guid, [safi])
    window.session.undo_stack.undo()  # the second new set
    window.session.undo_stack.undo()  # the rename
    assert p.sets.get(group.id).name == "2023"
    assert labels(sets) == ["All documents (5)", "2023 (1)"]


def test_the_context_menu_takes_the_current_document_out(window, sets, qtbot):
    p = window.project
    safi = p.documents.get(SAFI).id
    sets.ask_name = lambda title, text="": "Pakistani authors"
    sets.new_set([safi])
    group = p.sets.get("Pakistani authors")
    model = window.documents_model
    row = next(i for i, d in enumerate(model.documents()) if d.id == safi)
    window.documents_view.setCurrentIndex(model.index(row, 0))
    menu = sets.build_menu(sets.list.item(row_of(sets, "Pakistani authors")))
    take = next(a for a in menu.actions() if a.text().startswith("Take"))
    take.trigger()
    assert p.sets.members(group.id) == []
    assert sets.shown_documents() == []
    window.session.undo_stack.undo()
    assert p.sets.members(group.id) == [safi]
    # the documents list's own menu ticks and unticks sets too, and the panel follows
    actions = window.documents_ui.list_actions
    window.documents_view.setCurrentIndex(model.index(row, 0))
    sub = next(a.menu() for a in actions.build_menu().actions() if a.menu())
    next(a for a in sub.actions() if a.text() == "Pakistani authors").trigger()
    qtbot.waitUntil(lambda: labels(sets)[1] == "Pakistani authors (0)")


def test_sets_follow_another_program_and_a_new_project(window, sets, qtbot, tmp_path):
    from gwot_reader.store import Project

    other = Project.open(window.project.path, coder="other")
    other.sets.add("From the shell", [other.documents.all()[0].id])
    other.close()
    qtbot.waitUntil(lambda: "From the shell (1)" in labels(sets), timeout=3000)
    sets.choose(window.project.sets.get("From the shell").id)
    assert len(sets.shown_documents()) == 1
    fresh = Project.create(tmp_path / "fresh.gwot", coder="tester")
    window.set_project(fresh)
    assert labels(sets) == ["All documents (0)"]
    assert window.documents_dock.windowTitle() == "Documents"
    window.files.close_project()
    assert labels(sets) == []


def test_the_sets_dock_is_hidden_until_asked_for(window, qtbot):
    ui = window.documents_ui
    assert not ui.sets_dock.isVisible()  # the codebook keeps its height at first
    ui.act_sets.trigger()
    assert ui.sets_dock.isVisible()
    ui.sets_dock.hide()
    # making a set from the documents list's menu shows it
    ui.list_actions.ask_text = lambda title, label, text="": "From the menu"
    model = window.documents_model
    window.documents_view.setCurrentIndex(model.index(0, 0))
    sub = next(a.menu() for a in ui.list_actions.build_menu().actions() if a.menu())
    next(a for a in sub.actions() if a.text().startswith("&New set")).trigger()
    assert ui.sets_dock.isVisible() and window.project.sets.find("From the menu") is not None
    ui.sets_dock.hide()
    next(a for a in sub.actions() if "Sets" in a.text()).trigger()
    assert ui.sets_dock.isVisible()
