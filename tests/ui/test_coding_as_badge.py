"""Who is coding, always in sight: the status bar's "Coding as NAME" follows Preferences and a
rename of one's own name, and a click on it opens Preferences."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolButton


def badge(window) -> QToolButton:
    found = window.statusBar().findChild(QToolButton, "coding_as")
    assert found is not None
    return found


def test_the_status_bar_says_who_is_coding_and_opens_preferences(qtbot, window):
    window.identity.set_name("Ayesha")
    shown = badge(window)
    assert shown.isVisible() and shown.text() == "Coding as Ayesha"
    window.statusBar().showMessage("something else", 5000)  # a passing message hides nothing
    assert shown.isVisible()
    qtbot.mouseClick(shown, Qt.MouseButton.LeftButton)
    dialog = window.identity.dialog
    assert dialog is not None and dialog.isVisible() and dialog.windowTitle() == "Preferences"
    dialog.name.setText("Bilal")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert shown.text() == "Coding as Bilal"
    assert window.session.coder == "Bilal"


def test_renaming_ones_own_coder_name_changes_the_badge(qtbot, window):
    window.identity.set_name("Aysha")
    assert window.identity.follow_rename("Aysha", "Ayesha")
    assert badge(window).text() == "Coding as Ayesha"
