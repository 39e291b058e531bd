"""After launch the keyboard focus is in the document, so keys and Ctrl+F act on it."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from gwot_reader.ui.app import show_window
from gwot_reader.ui.settings import settings


def test_after_launch_the_focus_is_in_the_document(qtbot, corpus_project):
    settings().setValue("coder/name", "Ayesha")  # not the first launch, which asks who is coding
    window = show_window(corpus_project)
    qtbot.addWidget(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: window.project is not None and window.area.focused is not None)
    view = window.area.focused.view
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    focus = QApplication.focusWidget()
    assert focus is view.text_edit() or view.isAncestorOf(focus)
    assert focus is not window.codebook_panel.filter
    window.close()
