"""What the analysis docks share: a hidden bottom dock listed under View, a compact table."""

from __future__ import annotations

import importlib
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


class LazyDock(QDockWidget):
    """A dock along the bottom, hidden until asked for, with its toggle under View; its panel
    is built (and its module imported) the first time the dock is shown or the panel asked
    for, so the window's first paint builds none of the analysis panels. The dock itself
    exists from the start: the window's saved layout restores it like any other."""

    def __init__(self, window: Any, title: str, module: str) -> None:
        super().__init__(title, window)
        self.setObjectName(title.lower() + "_dock")  # saveState needs names
        self._window = window
        self._module = module  # gwot_reader.ui.analysis.<module>.build(window, dock) -> panel
        self._panel: QWidget | None = None
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self)
        # one tab each along the bottom: the Segments browser side by side with the Matrix
        # left each a third of the width
        others = [d for d in window.findChildren(QDockWidget) if d is not self
                  and d.objectName() in _ANALYSIS_DOCKS]
        if others:
            window.tabifyDockWidget(others[0], self)
        self.hide()
        view = menu(window, "&View")
        if view is not None:
            view.addAction(self.toggleViewAction())
        self.visibilityChanged.connect(self._shown)

    def built(self) -> QWidget | None:
        """The panel, or None while nobody has looked at it."""
        return self._panel

    def panel(self) -> Any:
        """The panel, built now if it was not yet."""
        if self._panel is None:
            module = importlib.import_module(f"gwot_reader.ui.analysis.{self._module}")
            self._panel = module.build(self._window, self)
            self.setWidget(self._panel)
        return self._panel

    def _shown(self, visible: bool) -> None:
        if visible and self._panel is None:
            self.panel()


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
