"""The team features load on demand: the window's first paint imports no agreement, merge or
disagreement code; opening the Agreement window does."""

from __future__ import annotations

from test_lazy_imports import loaded_after

TEAM_MODULES = ("gwot_reader.exchange.teamwork", "gwot_reader.ui.teams.agreement_window",
                "gwot_reader.ui.teams.merge_ui", "gwot_reader.core.disagreements",
                "gwot_reader.core.agreement_report")


def test_the_first_paint_loads_no_team_computation(tmp_path):
    mods = loaded_after(
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from gwot_reader.ui.window import MainWindow\n"
        "w = MainWindow()\n"
        "w.show()\n"
        "app.processEvents()\n", tmp_path)
    assert "gwot_reader.ui.teams.coder_filter" in mods  # the panes' Coders buttons are there
    for module in TEAM_MODULES:
        assert module not in mods, module


def test_opening_the_agreement_window_loads_it(tmp_path):
    mods = loaded_after(
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from gwot_reader.ui.window import MainWindow\n"
        "w = MainWindow()\n"
        "w.agreement.action.trigger()\n"
        "assert w.agreement.dialog is not None\n"
        "w.close()\n", tmp_path)
    assert {"gwot_reader.exchange.teamwork", "gwot_reader.ui.teams.agreement_window"} <= mods
