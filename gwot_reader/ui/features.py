"""The features built around the reading window: curating the corpus and the analysis docks."""

from __future__ import annotations

from typing import Any

from gwot_reader.ui import teams
from gwot_reader.ui.analysis import charts_dialog, matrix_view, search_dock, segments
from gwot_reader.ui.documents import DocumentsUI


def install(w: Any) -> None:
    """Build them on MainWindow ``w`` (its session, menus, file actions and docks)."""
    # documents list actions and menu, variables, memos, recent projects, project properties
    w.documents_ui = DocumentsUI(w.session, w, w.menus, w.files)
    for dock_module in (search_dock, segments, matrix_view):  # Search, Segments, Matrix
        dock_module.install(w)
    charts_dialog.install(w)  # View > Charts…
    teams.install(w)  # who codes, coder filters, coders, agreement, merging (ui/teams/)
    _analysis_menu(w)


def _analysis_menu(w: Any) -> None:
    """Everything for analysing in one menu: the docks (also under View) and Charts above
    Agreement, so a researcher looking for the analysis half finds it where it is named."""
    analysis = teams.analysis_menu(w)
    first = analysis.actions()[0] if analysis.actions() else None
    entries = [w.act_search, w.segments_dock.toggleViewAction(),
               w.matrix_dock.toggleViewAction(), w.act_charts]
    for action in entries:
        analysis.insertAction(first, action)  # type: ignore[arg-type]  # None appends
    analysis.insertSeparator(first)  # type: ignore[arg-type]
