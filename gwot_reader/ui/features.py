"""The features built around the reading window: curating the corpus and the analysis docks."""

from __future__ import annotations

from typing import Any

from gwot_reader.core.matrix import Matrix
from gwot_reader.ui import fonts, teams
from gwot_reader.ui.analysis import charts_dialog, matrix_view, search_dock, segments
from gwot_reader.ui.documents import DocumentsUI
from gwot_reader.ui.no_project import NoProject


def install(w: Any) -> None:
    """Build them on MainWindow ``w`` (its session, menus, file actions and docks)."""
    fonts.install()  # Urdu and CJK glyphs in tooltips and lists (once per process)
    # documents list actions and menu, variables, memos, recent projects, project properties
    w.documents_ui = DocumentsUI(w.session, w, w.menus, w.files)
    for dock_module in (search_dock, segments, matrix_view):  # Search, Segments, Matrix
        dock_module.install(w)
    charts_dialog.install(w)  # View > Charts…
    teams.install(w)  # who codes, coder filters, coders, agreement, merging (ui/teams/)
    _analysis_menu(w)
    w.session.projectClosing.connect(lambda: forget_results(w))
    w.no_project = NoProject(w.session, w)  # after every menu: it disables their actions


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


def forget_results(w: Any) -> None:
    """The analysis docks drop the results of the project being closed (its ids mean nothing
    in the next one)."""
    w.search_panel.model.set_rows([])
    w.search_panel.status.setText("")
    segments = w.segments_panel.model
    if segments.retrieval is not None:  # none shown yet otherwise
        segments.set_segments(segments.retrieval, [], "", {})
    w.segments_panel.status.setText("")
    w.matrix_panel.model.set_matrix(Matrix([], [], {}, {}, {}))
    w.matrix_panel.status.setText("")
