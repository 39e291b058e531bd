"""The Matrix dock: code x document, code x code co-occurrence, code x coder, and rows of
document sets or of a variable's values, as a table with a colour scale; clicking a cell shows
its segments in the Segments browser."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

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
from gwot_reader.ui import filedialogs
from gwot_reader.ui.analysis.docks import table_view

if TYPE_CHECKING:
    from gwot_reader.ui.session import ProjectSession

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
    chartRequested = Signal()

    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.rows, self.cols, self.count = QComboBox(), QComboBox(), QComboBox()
        for box in (self.rows, self.cols):
            box.setMinimumContentsLength(14)
        self.count.addItems(list(COUNTS))
        self.show_button = QPushButton("Show")
        self.show_button.clicked.connect(self.refresh)
        self.chart_button = QPushButton("Charts…")
        self.chart_button.clicked.connect(self.chartRequested)
        self.export_button = QPushButton("Export CSV…")  # the table for R, pandas or a paper
        self.export_button.clicked.connect(lambda: self.export_csv())
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
        top.addWidget(self.export_button)
        top.addWidget(self.chart_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        self.fill_rows()
        self.cols.setCurrentIndex(self.cols.findData("documents"))
        session.projectReplaced.connect(self._project_replaced)
        session.changed.connect(self._changed)

    def _project_replaced(self) -> None:
        """New choices; on screen (a dock restored at launch, another project opened), the
        table of the new project at once rather than an empty one."""
        self.fill_rows()
        if self.isVisible():
            self.refresh()

    def _changed(self, change: object) -> None:
        if getattr(change, "kind", None) in (None, "variables"):  # None: anything changed
            self.fill_rows()

    def fill_rows(self) -> None:
        """Rows and columns: codes, documents, coders, document sets, one entry per variable."""
        retrieval = self.session.analysis
        variables = retrieval.variables() if retrieval is not None else []
        for box in (self.rows, self.cols):
            current = box.currentData()
            box.clear()
            for dim in DIMENSIONS:
                box.addItem(dim, dim)
            box.addItem("document sets", "sets")
            for v in variables:
                box.addItem(f"variable: {v.name}", f"variable:{v.name}")
            box.setCurrentIndex(max(0, box.findData(current)))

    def row_dimension(self) -> str:
        return str(self.rows.currentData() or "codes")

    def col_dimension(self) -> str:
        return str(self.cols.currentData() or "codes")

    def refresh(self) -> bool:
        retrieval = self.session.analysis
        if retrieval is None:
            return False
        try:
            m = retrieval.matrix(self.row_dimension(), self.col_dimension(),
                                 self.count.currentText())
        except GwotError as exc:
            self.status.setText(str(exc))
            self.session.warn(str(exc))
            return False
        self.model.set_matrix(m)
        self.table.resizeColumnsToContents()
        self.status.setText(f"{len(m.rows)} x {len(m.cols)}; click a cell for its segments")
        return True

    def export_csv(self, path: str | None = None) -> bool:
        """Show the matrix the boxes choose and write it as ``gwot-reader matrix`` does."""
        retrieval = self.session.analysis
        if retrieval is None or not self.refresh():
            return False
        rows, cols, count = self.row_dimension(), self.col_dimension(), self.count.currentText()
        if path is None:
            project = self.session.project
            folder = project.path.parent if project is not None else Path.home()
            name = f"{rows}-by-{cols}.csv".replace(":", "-")  # variable:kind -> variable-kind
            path, _ = filedialogs.get_save_file_name(self, "Export matrix", str(folder / name),
                                                     "CSV tables (*.csv);;Tab-separated (*.tsv)")
            if not path:
                return False
        try:
            n_rows, n_cols = retrieval.write_matrix(path, rows, cols, count)
        except GwotError as exc:
            self.session.warn(str(exc), dialog=True)
            return False
        except OSError as exc:
            self.session.warn(f"{path} could not be written: {exc.strerror or exc}", dialog=True)
            return False
        said = f"Wrote the {n_rows} x {n_cols} matrix of {count} to {path}"
        self.status.setText(said)
        self.session.tell(said, 8000)
        return True

    def cell(self, row: int, col: int) -> tuple[str, frozenset[int] | None, list[str]]:
        """The segments behind a cell: (coding query, documents or None, coder names)."""
        from gwot_reader.core.codingquery import quote_ref  # loads on first use

        m = self.model.m
        rkey, ckey = m.rows[row], m.cols[col]
        rdim, cdim = self.row_dimension(), self.col_dimension()
        if rdim == cdim == "codes":
            a, b = m.row_labels[rkey], m.col_labels[ckey]
            expr = quote_ref(a) if a == b else f"{quote_ref(a)} overlaps {quote_ref(b)}"
        elif "codes" in (rdim, cdim):
            expr = quote_ref(m.row_labels[rkey] if rdim == "codes" else m.col_labels[ckey])
        else:
            expr = ""
        docs: frozenset[int] | None = None
        # rows or columns of sets or of a variable's values, or of documents: those documents
        for group in (None if m.row_documents is None else m.row_documents.get(rkey, frozenset()),
                      None if m.col_documents is None else m.col_documents.get(ckey, frozenset()),
                      frozenset({rkey}) if rdim == "documents" else None,
                      frozenset({ckey}) if cdim == "documents" else None):
            if group is not None:
                docs = group if docs is None else docs & group
        coders = [m.row_labels[rkey] if rdim == "coders" else m.col_labels[ckey]] \
            if "coders" in (rdim, cdim) else []
        return expr, docs, [c if c != "(no coder)" else "" for c in coders]

    def _open_cell(self, index: QModelIndex) -> None:
        self.cellOpened.emit(*self.cell(index.row(), index.column()))


def build(window: Any, dock: QDockWidget) -> MatrixPanel:
    """The Matrix dock's panel (View > Matrix), built when the dock is first shown; cells open
    in the Segments dock."""
    from gwot_reader.ui.analysis.charts_dialog import open_charts

    panel = MatrixPanel(window.session)

    def shown(visible: bool) -> None:
        if visible and not panel.model.m.rows:
            panel.refresh()

    dock.visibilityChanged.connect(shown)
    if dock.isVisible():  # built because the dock is being shown: that signal has gone by
        shown(True)

    def open_cell(expr: str, documents: object, coders: object) -> None:
        window.segments_dock.show()
        window.segments_dock.raise_()
        window.segments_dock.panel().show_query(expr, documents, coders)

    panel.cellOpened.connect(open_cell)
    panel.chartRequested.connect(lambda: open_charts(window))
    return panel
