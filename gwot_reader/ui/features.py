"""The features built around the reading window: curating the corpus and the analysis docks."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QAction

from gwot_reader.ui import fonts, keys, teams
from gwot_reader.ui.analysis.docks import LazyDock, menu
from gwot_reader.ui.documents import DocumentsUI
from gwot_reader.ui.no_project import NoProject


def install(w: Any) -> None:
    """Build them on MainWindow ``w`` (its session, menus, file actions and docks)."""
    fonts.install()  # Urdu and CJK glyphs in tooltips and lists (once per process)
    # documents list actions and menu, variables, memos, recent projects, project properties
    w.documents_ui = DocumentsUI(w.session, w, w.menus, w.files)
    # Search, Segments, Matrix: their panels are built when first shown (ui/analysis/docks.py)
    w.search_dock = LazyDock(w, "Search", "search_dock")
    w.segments_dock = LazyDock(w, "Segments", "segments")
    w.matrix_dock = LazyDock(w, "Matrix", "matrix_view")
    _search_action(w)
    _charts_action(w)
    teams.install(w)  # who codes, coder filters, coders, agreement, merging (ui/teams/)
    _analysis_menu(w)
    w.session.projectClosing.connect(lambda: forget_results(w))
    w.no_project = NoProject(w.session, w)  # after every menu: it disables their actions


def _search_action(w: Any) -> None:
    """Edit > Search all documents… (Ctrl+Shift+F): the Search dock, its query box focused."""

    def open_search() -> None:
        w.search_dock.show()
        w.search_dock.raise_()
        panel = w.search_dock.panel()
        panel.query.setFocus()
        panel.query.selectAll()

    w.act_search = QAction("Search all documents…", w)
    keys.bind(w.act_search, "search")  # the key table, also shown in Help > Keyboard shortcuts
    w.act_search.triggered.connect(open_search)
    edit = menu(w, "&Edit")
    if edit is not None:
        edit.insertAction(w.finder.act_find_next, w.act_search)
    else:
        w.addAction(w.act_search)


def _charts_action(w: Any) -> None:
    """View > Charts…; the Charts window and its module load when first asked for."""

    def open_charts() -> None:
        from gwot_reader.ui.analysis.charts_dialog import open_charts

        open_charts(w)

    w.act_charts = QAction("Charts…", w)
    w.act_charts.triggered.connect(open_charts)
    view = menu(w, "&View")
    if view is not None:
        view.addAction(w.act_charts)


def _analysis_menu(w: Any) -> None:
    """Everything for analysing in one menu: the docks (also under View) and Charts above
    Agreement, so a researcher looking for the analysis half finds it where it is named."""
    analysis = teams.analysis_menu(w)
    first = analysis.actions()[0] if analysis.actions() else None
    # here they bring their dock forward, never hide it: a dock tabbed behind another is still
    # "shown", so View's toggle would hide it on the first click
    w.act_segments, w.act_matrix = (_raise_action(w, dock) for dock in (w.segments_dock,
                                                                        w.matrix_dock))
    entries = [w.act_search, w.act_segments, w.act_matrix, w.act_charts]
    for action in entries:
        analysis.insertAction(first, action)  # type: ignore[arg-type]  # None appends
    analysis.insertSeparator(first)  # type: ignore[arg-type]


def _raise_action(w: Any, dock: LazyDock) -> QAction:
    """An action showing ``dock`` in front of the docks tabbed with it."""

    def bring() -> None:
        dock.show()
        dock.raise_()
        dock.panel().setFocus()

    action = QAction(dock.windowTitle(), w)
    action.triggered.connect(bring)
    return action


def forget_results(w: Any) -> None:
    """The analysis docks drop the results of the project being closed (its ids mean nothing
    in the next one); a panel never built has none."""
    search, segments, matrix = (d.built() for d in (w.search_dock, w.segments_dock, w.matrix_dock))
    if search is not None:
        search.model.set_rows([])
        search.status.setText("")
    if segments is not None:
        if segments.model.retrieval is not None:  # none shown yet otherwise
            segments.model.set_segments(segments.model.retrieval, [], "", {})
        segments.status.setText("")
    if matrix is not None:
        from gwot_reader.core.matrix import Matrix

        matrix.model.set_matrix(Matrix([], [], {}, {}, {}))
        matrix.status.setText("")
