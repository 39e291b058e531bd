"""Code all hits… as a new user does it: the code typed by its name, a code that does not exist,
what the dock says it did, and the same hits coded a second time (nothing twice)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from gwot_reader.ui.analysis.search_dock import CodeHitsDialog


def search(qtbot, window, query: str) -> int:
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    panel = window.search_dock.panel()
    qtbot.keyClicks(panel.query, query)
    with qtbot.waitSignal(panel.searched, timeout=20_000) as blocker:
        qtbot.keyClick(panel.query, Qt.Key.Key_Return)
    return blocker.args[0]


def in_dialog(qtbot, steps: list[Callable[[CodeHitsDialog], None]]) -> list[str]:
    """Once the Code hits dialog shows, run each step on it (the dialog stays open between
    them unless a step closes it); returns the problem line seen after each step."""
    seen: list[str] = []

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, CodeHitsDialog):
            QTimer.singleShot(20, poll)
            return
        for step in steps:
            step(dialog)
            seen.append(dialog.problem.text() if dialog.problem.isVisible() else "")
        if dialog.isVisible():  # a step that should have closed it did not: fail, never hang
            seen.append("still open")
            dialog.reject()

    QTimer.singleShot(0, poll)
    return seen


def type_code(qtbot, text: str, scope: str = "sentence") -> Callable[[CodeHitsDialog], None]:
    def step(dialog: CodeHitsDialog) -> None:
        line = dialog.code.lineEdit()
        line.selectAll()
        qtbot.keyClick(line, Qt.Key.Key_Delete)
        qtbot.keyClicks(line, text)
        dialog.scope.setCurrentText(scope)
    return step


def press(which: QDialogButtonBox.StandardButton) -> Callable[[CodeHitsDialog], None]:
    def step(dialog: CodeHitsDialog) -> None:
        dialog.findChild(QDialogButtonBox).button(which).click()
    return step


OK, CANCEL = QDialogButtonBox.StandardButton.Ok, QDialogButtonBox.StandardButton.Cancel


def test_a_code_typed_by_its_name_in_any_case_codes_the_hits(qtbot, window):
    project = window.project
    n = search(qtbot, window, '"trust deficit"')
    panel = window.search_dock.panel()
    seen = in_dialog(qtbot, [type_code(qtbot, "trust deficit"), press(OK)])
    qtbot.mouseClick(panel.code_all, Qt.MouseButton.LeftButton)
    assert seen == ["", ""]
    code = project.codebook.get("Themes/Trust deficit")
    made = project.codings.all(code_id=code.id)
    assert 0 < len(made) <= n
    # the dock says what it did, in sentences, and the undo step names them the same way
    assert panel.status.text() == f"Coded {len(made)} sentences with Themes/Trust deficit ({n} hits)"
    assert window.session.undo_stack.undoText() == \
        f"Code {len(made)} sentences with Themes/Trust deficit"


def test_coding_the_same_hits_again_codes_nothing_twice(qtbot, window):
    project = window.project
    n = search(qtbot, window, '"trust deficit"')
    panel = window.search_dock.panel()
    in_dialog(qtbot, [type_code(qtbot, "Themes/Trust deficit", "paragraph"), press(OK)])
    qtbot.mouseClick(panel.code_all, Qt.MouseButton.LeftButton)
    first = project.codings.count()
    assert first > 0
    in_dialog(qtbot, [type_code(qtbot, "Themes/Trust deficit", "paragraph"), press(OK)])
    qtbot.mouseClick(panel.code_all, Qt.MouseButton.LeftButton)
    assert project.codings.count() == first
    assert panel.status.text() == (f"Nothing to code: the {first} paragraphs of the {n} hits "
                                   "are already coded with Themes/Trust deficit")
    assert window.session.undo_stack.count() == 1
    # a wider scope codes what is new and says how many were there already
    in_dialog(qtbot, [type_code(qtbot, "Themes/Trust deficit", "hit"), press(OK)])
    qtbot.mouseClick(panel.code_all, Qt.MouseButton.LeftButton)
    assert project.codings.count() > first
    assert panel.status.text().startswith("Coded ")


def test_an_unknown_or_ambiguous_code_keeps_the_dialog_open_and_says_so(qtbot, window):
    project = window.project
    search(qtbot, window, '"trust deficit"')
    panel = window.search_dock.panel()
    actors = project.codebook.get("Actors")
    project.codebook.add("Double game", parent_id=actors.id)  # a second code of that name
    seen = in_dialog(qtbot, [type_code(qtbot, "nothing like it"), press(OK),
                             type_code(qtbot, "double game"), press(OK),
                             type_code(qtbot, ""), press(OK), press(CANCEL)])
    qtbot.mouseClick(panel.code_all, Qt.MouseButton.LeftButton)
    assert seen[1] == "No code 'nothing like it': choose one from the list"
    assert seen[3] == "Several codes are named 'double game': choose one from the list"
    assert seen[5] == "Choose a code"
    assert project.codings.count() == 0
    assert window.session.undo_stack.count() == 0


def test_the_code_box_offers_codes_containing_what_is_typed(qtbot, window):
    dialog = CodeHitsDialog(window, [(1, "Themes/Trust deficit"), (2, "Actors/United States")], 3)
    qtbot.addWidget(dialog)
    completer = dialog.code.completer()
    completer.setCompletionPrefix("trust")
    assert completer.completionCount() == 1
    assert completer.currentCompletion() == "Themes/Trust deficit"
