"""What the first paint puts off is there the moment it is asked for (issues 11 and 16).

The Search, Segments and Matrix docks exist from the start (so the saved layout restores
them) but build their panels when first shown; Charts and the dialogs load when opened; the
keys of the actions behind them work before any menu was opened; a screenshot writes no
settings and its picture is what the window painted.
"""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray, QCoreApplication, Qt
from PySide6.QtGui import QFileOpenEvent, QImage, QKeySequence
from PySide6.QtWidgets import QApplication

from gwot_reader.core.coder import settings_path
from gwot_reader.ui import app
from gwot_reader.ui.analysis.docks import LazyDock, menu
from gwot_reader.ui.settings import settings
from gwot_reader.ui.window import MainWindow

LAZY = {"search_dock": "Search", "segments_dock": "Segments", "matrix_dock": "Matrix"}


def lazy_docks(window: MainWindow) -> dict[str, LazyDock]:
    return {name: getattr(window, name) for name in LAZY}


def test_the_analysis_docks_exist_hidden_and_unbuilt_after_the_first_paint(window):
    docks = lazy_docks(window)
    for name, dock in docks.items():
        assert isinstance(dock, LazyDock) and dock.objectName() == name
        assert dock.windowTitle() == LAZY[name]
        assert not dock.isVisible() and dock.built() is None and dock.widget() is None
        assert window.dockWidgetArea(dock) == Qt.DockWidgetArea.BottomDockWidgetArea
    # listed under View with Charts… after them, as before
    view = [a.text() for a in menu(window, "&View").actions()]
    assert view[-4:] == ["Search", "Segments", "Matrix", "Charts…"]


def test_shown_together_the_analysis_docks_share_the_bottom_as_tabs(window, qtbot):
    for dock in lazy_docks(window).values():
        dock.show()
    qtbot.waitUntil(window.matrix_dock.isVisible)
    assert set(window.tabifiedDockWidgets(window.search_dock)) == {
        window.segments_dock, window.matrix_dock}


def test_showing_a_dock_from_its_menu_entry_builds_its_panel_and_runs_it(window, qtbot):
    toggle = window.segments_dock.toggleViewAction()
    toggle.trigger()
    qtbot.waitUntil(window.segments_dock.isVisible)
    panel = window.segments_dock.built()
    assert panel is not None and window.segments_dock.widget() is panel
    assert window.segments_dock.panel() is panel  # asking again gives the same panel
    assert not panel.stale and panel.model.rowCount() >= 0
    assert panel.status.text().endswith("documents")  # the query ran as the dock showed
    assert window.matrix_dock.built() is None  # the others still wait
    window.matrix_dock.toggleViewAction().trigger()
    qtbot.waitUntil(window.matrix_dock.isVisible)
    assert window.matrix_dock.panel().model.rowCount() > 0  # filled for the open project
    assert window.matrix_dock.panel().rows.count() > 0


def test_asking_a_dock_for_its_panel_builds_it_hidden_and_showing_it_later_runs_it(window, qtbot):
    panel = window.segments_dock.panel()
    assert window.segments_dock.built() is panel and not window.segments_dock.isVisible()
    assert panel.model.rowCount() == 0 and panel.stale  # nothing read while hidden
    window.segments_dock.show()
    qtbot.waitUntil(lambda: not panel.stale)
    assert panel.status.text().endswith("documents")
    assert window.segments_dock.panel() is panel  # built once


def test_the_search_key_works_before_any_menu_was_opened(window, qtbot):
    assert window.search_dock.built() is None
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(window.search_dock.isVisible)
    panel = window.search_dock.built()
    assert panel is not None
    qtbot.waitUntil(lambda: QApplication.focusWidget() is panel.query)
    assert window.act_search.shortcut() == QKeySequence("Ctrl+Shift+F")


def test_closing_a_project_with_unbuilt_docks_builds_none_and_built_ones_forget(window, qtbot,
                                                                                tmp_path):
    from gwot_reader.store import Project

    window.segments_dock.toggleViewAction().trigger()
    qtbot.waitUntil(lambda: window.segments_dock.panel().status.text() != "")
    other = Project.create(tmp_path / "other.gwot")
    window.set_project(other)
    assert window.search_dock.built() is None and window.matrix_dock.built() is None
    assert window.segments_dock.panel().model.rowCount() == 0


def test_charts_loads_its_window_when_asked(window, qtbot):
    assert getattr(window, "charts_dialog", None) is None
    window.act_charts.trigger()
    qtbot.waitUntil(lambda: getattr(window, "charts_dialog", None) is not None)
    dialog = window.charts_dialog
    qtbot.waitUntil(dialog.isVisible)
    dialog.close()


def test_a_saved_layout_with_an_analysis_dock_shown_restores_it_built(window, qtbot):
    window.matrix_dock.show()
    qtbot.waitUntil(window.matrix_dock.isVisible)
    state = window.saveState()

    second = MainWindow()
    qtbot.addWidget(second)
    assert second.restoreState(QByteArray(state))
    second.show()
    qtbot.waitExposed(second)
    qtbot.waitUntil(second.matrix_dock.isVisible)
    assert second.matrix_dock.built() is not None
    assert not second.search_dock.isVisible() and second.search_dock.built() is None
    second.close()


def test_dialogs_load_when_opened(window, qtbot, monkeypatch):
    """The in-vivo, split and metadata dialogs' modules are imported by their first use."""
    from gwot_reader.ui import invivo_dialog

    opened = []

    def fake_exec(dialog):
        opened.append(type(dialog).__name__)
        return 0  # cancelled

    monkeypatch.setattr(invivo_dialog.InVivoDialog, "exec", fake_exec)
    assert window.coding.ask_invivo("name", ["(top level)"], 0) is None
    assert opened == ["InVivoDialog"]


def test_a_screenshot_is_the_painted_window_and_writes_no_settings(qtbot, corpus_project,
                                                                  tmp_path, monkeypatch):
    window = MainWindow()
    qtbot.addWidget(window)
    grabbed: list[QImage] = []
    close = window.close

    def grab_then_close() -> bool:
        grabbed.append(window.grab().toImage())  # painted now, as window.grab() always did
        return close()

    monkeypatch.setattr(window, "close", grab_then_close)
    out = tmp_path / "shot.png"
    assert app.take_screenshot(window, corpus_project, str(out)) == 0
    saved = QImage(str(out)).convertToFormat(QImage.Format.Format_RGB32)
    assert (saved.width(), saved.height()) == (1500, 900)
    assert saved == grabbed[0].convertToFormat(QImage.Format.Format_RGB32)
    text = settings_path().read_text() if settings_path().exists() else ""
    assert "recent_projects" not in text and "last_project" not in text


def test_a_project_opened_in_the_window_is_still_remembered(window):
    assert str(window.project.path) in str(settings().value("recent_projects"))


@pytest.mark.parametrize(("platform", "screenshot", "listens"), [
    ("darwin", None, True), ("linux", None, False), ("win32", None, False),
    ("darwin", "shot.png", False)])
def test_file_open_events_are_listened_for_on_macos_only(qapp, tmp_path, platform, screenshot,
                                                        listens):
    handler = app.install_file_open(qapp, screenshot, platform)
    assert (handler is not None) == listens
    if handler is None:
        return
    try:
        QCoreApplication.sendEvent(qapp, QFileOpenEvent(str(tmp_path / "study.gwot")))
        assert handler.pending == str(tmp_path / "study.gwot")
    finally:
        qapp.removeEventFilter(handler)
        handler.deleteLater()


def test_the_collector_is_on_again_after_a_screenshot(qtbot, corpus_project, tmp_path):
    path = corpus_project.path
    corpus_project.close()
    assert app.run(Path(path), screenshot=str(tmp_path / "shot.png")) == 0
    assert gc.isenabled()


def test_the_collector_is_on_again_once_the_window_has_painted(qtbot, corpus_project):
    gc.disable()  # as run() leaves it until the first paint
    try:
        window = app.show_window(corpus_project)
        qtbot.addWidget(window)
        qtbot.waitUntil(lambda: window.project is not None, timeout=5000)
        assert gc.isenabled()
        window.close()
    finally:
        gc.enable()


def test_the_ruler_of_a_document_without_marks_paints_without_the_style_classes(docview, qtbot):
    """Nothing to mark: the scroll bar paints as Qt draws it, QStyle's classes not asked for."""
    view = docview
    bar = view.text_edit().verticalScrollBar()
    calls = []
    real = type(bar).groove
    type(bar).groove = lambda self: calls.append(1) or real(self)  # type: ignore[method-assign]
    try:
        view.set_document(1, "word " * 20000, [], [], {}, {})
        qtbot.waitUntil(bar.isVisible)
        bar.grab()
        assert calls == []
    finally:
        type(bar).groove = real  # type: ignore[method-assign]
