"""The codebook editor's real dialogs, answered as a user would: text, lists, colours, Yes/Cancel."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QApplication,
    QColorDialog,
    QComboBox,
    QDialog,
    QLineEdit,
    QMenu,
    QMessageBox,
)

from gwot_reader.ui.split_dialog import SplitDialog


def answer(handle: Callable[[QDialog], None]) -> list[str]:
    """Once a modal dialog shows, hand it to ``handle``; the list gets its title."""
    seen: list[str] = []

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, poll)
            return
        seen.append(dialog.windowTitle())
        handle(dialog)

    QTimer.singleShot(0, poll)
    return seen


def typed(text: str) -> Callable[[QDialog], None]:
    def handle(dialog: QDialog) -> None:
        dialog.findChild(QLineEdit).setText(text)
        dialog.accept()
    return handle


def cid(window, path: str) -> int:
    return window.project.codebook.get(path).id


def test_rename_through_the_input_dialog(window):
    ed = window.codebook_editor
    trust = cid(window, "Themes/Trust deficit")
    ed.select(trust)
    titles = answer(typed("  Mistrust  "))
    ed.rename()
    assert titles == ["Rename"]
    assert window.project.codebook.get(trust).name == "Mistrust"  # stripped


def test_a_cancelled_or_blank_name_changes_nothing(window):
    ed = window.codebook_editor
    trust = cid(window, "Themes/Trust deficit")
    ed.select(trust)
    depth = window.session.undo_stack.count()
    answer(lambda d: d.reject())
    ed.rename()
    answer(typed("   "))
    ed.rename()
    assert window.project.codebook.get(trust).name == "Trust deficit"
    assert window.session.undo_stack.count() == depth


def test_a_new_code_named_in_the_dialog_goes_under_the_current_category(window):
    ed = window.codebook_editor
    ed.select(cid(window, "Themes"))
    titles = answer(typed("Hedging"))
    ed.new_code(False)
    assert titles == ["New code"]
    assert window.project.codebook.get("Themes/Hedging").parent_id == cid(window, "Themes")


def test_merge_offers_every_code_but_itself_and_asks_before_it_merges(qtbot, window):
    ed = window.codebook_editor
    p = window.project
    trust = cid(window, "Themes/Trust deficit")
    ed.select(trust)
    offered: list[str] = []

    def pick(dialog: QDialog) -> None:
        combo = dialog.findChild(QComboBox)
        offered.extend(combo.itemText(i) for i in range(combo.count()))
        combo.setCurrentText("Themes/Buck-passing")
        dialog.accept()
        answer(lambda box: box.button(QMessageBox.StandardButton.Yes).click())

    p.codings.add(1, trust, 0, 20)
    n = len(p.codings.all(code_id=trust))
    titles = answer(pick)
    job = ed.merge()  # its backup first, in a job; the merge when it ends
    qtbot.waitUntil(lambda: job.handled, timeout=20000)
    assert "Themes/Trust deficit" not in offered and "Themes/Buck-passing" in offered
    assert titles == ["Merge Trust deficit"]
    buck = cid(window, "Themes/Buck-passing")
    assert trust not in {c.id for c in p.codebook.all()}
    assert n == 1 and len(p.codings.all(code_id=buck)) == 1
    assert ed.current().id == buck


def test_cancel_in_the_confirmation_keeps_the_code(window):
    ed = window.codebook_editor
    trust = cid(window, "Themes/Trust deficit")
    ed.select(trust)

    def pick(dialog: QDialog) -> None:
        dialog.findChild(QComboBox).setCurrentText("Themes/Buck-passing")
        dialog.accept()
        answer(lambda box: box.button(QMessageBox.StandardButton.Cancel).click())

    answer(pick)
    assert ed.merge() is None  # no backup either
    assert trust in {c.id for c in window.project.codebook.all()}


def test_delete_asks_with_the_number_of_codings(window):
    ed = window.codebook_editor
    p = window.project
    trust = cid(window, "Themes/Trust deficit")
    for doc in (1, 2, 3):
        p.codings.add(doc, trust, 0, 12)
    n = len(p.codings.all(code_id=trust))
    ed.select(trust)
    texts: list[str] = []

    def yes(box: QDialog) -> None:
        texts.append(box.text())
        box.button(QMessageBox.StandardButton.Yes).click()

    answer(yes)
    ed.delete()
    assert n == 3 and "3 codings" in texts[0]
    assert trust not in {c.id for c in p.codebook.all()}
    window.session.undo_stack.undo()
    assert len(p.codings.all(code_id=trust)) == n


def test_split_in_the_real_dialog(window):
    ed = window.codebook_editor
    p = window.project
    trust = cid(window, "Themes/Trust deficit")
    first = p.codings.add(1, trust, 0, 12)
    p.codings.add(2, trust, 5, 30)
    ed.select(trust)

    def split(dialog: QDialog) -> None:
        assert isinstance(dialog, SplitDialog)
        dialog.name.setText("Trust deficit (military)")
        dialog.list.item(0).setCheckState(dialog.list.item(0).checkState().Checked)
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()

    answer(split)
    ed.split()
    new = p.codebook.get("Themes/Trust deficit (military)")
    assert [c.id for c in p.codings.all(code_id=new.id)] == [first.id]


def test_colour_chosen_in_the_colour_dialog(window):
    ed = window.codebook_editor
    trust = cid(window, "Themes/Trust deficit")
    ed.select(trust)

    def choose(dialog: QDialog) -> None:
        assert isinstance(dialog, QColorDialog)
        dialog.setCurrentColor(QColor("#12ab34"))
        dialog.accept()

    answer(choose)
    ed.recolour()
    assert window.project.codebook.get(trust).color == "#12AB34"


def test_the_tree_menu_moves_a_code_into_another_category(window, qtbot):
    ed = window.codebook_editor
    trust = cid(window, "Themes/Trust deficit")
    ed.select(trust)
    menu = ed.context_menu(ed.current())
    move = next(a.menu() for a in menu.actions() if a.menu() and a.text() == "Move into")
    targets = {a.text(): a for a in move.actions()}
    assert "Themes" not in targets  # already there
    assert targets, "another category is offered"
    name, act = next(iter(targets.items()))
    act.trigger()
    code = window.project.codebook.get(trust)
    assert window.project.codebook.get(name).id == code.parent_id


def test_the_tree_menu_on_empty_space_only_creates(window, qtbot):
    ed = window.codebook_editor
    menu = ed.context_menu(None)
    assert [a.text() for a in menu.actions() if not a.isSeparator()] == [
        "New &code…", "New c&ategory…"]
    view = ed.view
    ed.show_menu(view.viewport().rect().bottomLeft())  # below the last row
    popup = next(m for m in view.findChildren(QMenu) if m.isVisible())
    popup.close()
    assert ed.current() is None


def test_an_import_report_shows_in_a_box_without_waiting(window, qtbot):
    ed = window.codebook_editor
    ed.show_report("Codebook imported", "3 codes added")
    box = next(b for b in window.findChildren(QMessageBox) if b.windowTitle() == "Codebook imported")
    qtbot.waitUntil(box.isVisible)
    assert box.text() == "3 codes added"  # shown, and show_report has already returned
    box.accept()
