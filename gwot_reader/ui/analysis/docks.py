"""What the analysis docks share: a hidden bottom dock listed under View, a compact table."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractItemModel, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QDockWidget, QMenu, QTableView, QWidget

if TYPE_CHECKING:
    from gwot_reader.exchange.retrieval import Retrieval
    from gwot_reader.ui.session import ProjectSession


def menu(window: Any, title: str) -> QMenu | None:
    """The window's menu of this title (``&Edit``), if it has one."""
    return next((a.menu() for a in window.menuBar().actions() if a.text() == title), None)


_ANALYSIS_DOCKS = ("search_dock", "segments_dock", "matrix_dock")


def add_dock(window: Any, title: str, panel: QWidget) -> QDockWidget:
    """A dock along the bottom, hidden until asked for, with its toggle under View."""
    dock = QDockWidget(title, window)
    dock.setObjectName(title.lower() + "_dock")  # saveState needs names
    dock.setWidget(panel)
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
    # one tab each along the bottom: the Segments browser side by side with the Matrix left
    # each a third of the width
    others = [d for d in window.findChildren(QDockWidget) if d is not dock
              and d.objectName() in _ANALYSIS_DOCKS]
    if others:
        window.tabifyDockWidget(others[0], dock)
    dock.hide()
    view = menu(window, "&View")
    if view is not None:
        view.addAction(dock.toggleViewAction())
    return dock


def table_view(model: QAbstractItemModel, parent: QWidget, rows: bool = True) -> QTableView:
    """A read-only table on ``model``; ``rows``: whole rows selected, compact and unwrapped."""
    table = QTableView()
    table.setModel(model)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    if rows:
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(parent.fontMetrics().height() + 6)
        table.setWordWrap(False)
    return table


class AnalysisPanel(QWidget):
    """A dock's contents: it reads the open project through the session's ``analysis``
    (never the store), pushes undo commands through the session and reports problems on its
    signals; ``jumpRequested`` asks the window to show a span."""

    jumpRequested = Signal(int, int, int)  # document id, start, end

    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session

    def retrieval(self) -> Retrieval | None:
        return self.session.analysis
