"""The Matrix dock: code x document, code x code co-occurrence, code x coder... as a table with
a colour scale; clicking a cell shows its segments in the Segments browser."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gwot_reader.core.errors import GwotError
from gwot_reader.core.matrix import COUNTS, DIMENSIONS, Matrix
from gwot_reader.store import Project
from gwot_reader.ui.analysis.docks import add_dock, table_view

_TOP = QModelIndex()


class MatrixModel(QAbstractTableModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.m = Matrix([], [], {}, {}, {})
        self.top = 1

    def set_matrix(self, m: Matrix) -> None:
        self.beginResetModel()
        self.m = m
        self.top = max(m.cells.values(), default=0) or 1
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _TOP) -> int:
        return 0 if parent.isValid() else len(self.m.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _TOP) -> int:
        return 0 if parent.isValid() else len(self.m.cols)

    def value(self, row: int, col: int) -> int:
        return self.m.cells.get((self.m.rows[row], self.m.cols[col]), 0)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.m.col_labels[self.m.cols[section]]
        return self.m.row_labels[self.m.rows[section]]

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        v = self.value(index.row(), index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return v
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and v:
            # white to deep blue by the cell's share of the largest one
            t = v / self.top
            return QColor(int(255 - 200 * t), int(255 - 150 * t), 255)
        if role == Qt.ItemDataRole.ForegroundRole and v / self.top > 0.6:
            return QColor("white")
        return None


class MatrixPanel(QWidget):
    """``cellOpened(expr, document_ids, coder_names)``: the segments behind a cell."""

    cellOpened = Signal(str, object, object)

    def __init__(self, project: Callable[[], Project | None], parent: QWidget | None = None,
                 ) -> None:
        super().__init__(parent)
        self.project = project
        self.rows, self.cols, self.count = QComboBox(), QComboBox(), QComboBox()
        self.rows.addItems(list(DIMENSIONS))
        self.cols.addItems(list(DIMENSIONS))
        self.cols.setCurrentText("documents")
        self.count.addItems(list(COUNTS))
        self.show_button = QPushButton("Show")
        self.show_button.clicked.connect(self.refresh)
        self.status = QLabel("")
        self.model = MatrixModel(self)
        self.table = table_view(self.model, self, rows=False)
        self.table.clicked.connect(self._open_cell)
        top = QHBoxLayout()
        for label, box in (("Rows", self.rows), ("Columns", self.cols), ("Count", self.count)):
            top.addWidget(QLabel(label))
            top.addWidget(box)
        top.addWidget(self.show_button)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)

    def refresh(self) -> bool:
        project = self.project()
        if project is None:
            return False
        try:
            from gwot_reader.exchange.analysis import matrix_of  # on first use: not at start-up

            m = matrix_of(project, self.rows.currentText(), self.cols.currentText(),
                          self.count.currentText())
        except GwotError as exc:
            self.status.setText(str(exc))
            return False
        self.model.set_matrix(m)
        self.table.resizeColumnsToContents()
        self.status.setText(f"{len(m.rows)} x {len(m.cols)}; click a cell for its segments")
        return True

    def _open_cell(self, index: QModelIndex) -> None:
        m = self.model.m
        keys = {self.rows.currentText(): (m.rows[index.row()], m.row_labels[m.rows[index.row()]]),
                self.cols.currentText(): (m.cols[index.column()],
                                          m.col_labels[m.cols[index.column()]])}
        if self.rows.currentText() == self.cols.currentText() == "codes":
            a, b = m.row_labels[m.rows[index.row()]], m.col_labels[m.cols[index.column()]]
            expr = _quote(a) if a == b else f"{_quote(a)} overlaps {_quote(b)}"
        else:
            expr = _quote(keys["codes"][1]) if "codes" in keys else ""
        docs = frozenset({keys["documents"][0]}) if "documents" in keys else None
        coders = [keys["coders"][1]] if "coders" in keys else []
        self.cellOpened.emit(expr, docs, coders)


def _quote(path: str) -> str:
    return '"' + path.replace("\\", "\\\\").replace('"', '\\"') + '"'


def install(window: Any) -> QDockWidget:
    """Add the Matrix dock (View > Matrix); cells open in the Segments dock."""
    panel = MatrixPanel(lambda: window.session.project)
    dock = add_dock(window, "Matrix", panel)
    dock.visibilityChanged.connect(lambda shown: shown and not panel.model.m.rows
                                   and panel.refresh())

    def open_cell(expr: str, documents: object, coders: object) -> None:
        window.segments_dock.show()
        window.segments_dock.raise_()
        window.segments_panel.show_query(expr, documents, coders)

    panel.cellOpened.connect(open_cell)
    window.matrix_panel, window.matrix_dock = panel, dock
    return dock
