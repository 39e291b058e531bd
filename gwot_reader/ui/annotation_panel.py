"""The annotation pane: the focused document's codings in text order; click to reveal."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTableView, QVBoxLayout, QWidget

from gwot_reader.ui.annotations_model import AnnotationsModel

FIT_ROWS = 100  # rows read to size the columns: within the first block of records the lazy
# annotation model fetches (a document may have 50,000 codings; reading them all to size a
# column would undo the laziness)
FIT_SHARES = {0: 0.34, 2: 0.22, 3: 0.14}  # at most this share of the width: code, memo, coder


class AnnotationPanel(QWidget):
    revealRequested = Signal(int)  # coding id
    removeRequested = Signal(list)  # coding ids
    memoRequested = Signal(int)  # coding id

    def __init__(self, model: AnnotationsModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        # A table, not a tree view: a tree view lays out every row again on each insert, which
        # costs tens of milliseconds per new coding in a document with 10,000 codings.
        self.view = QTableView()
        self.view.setModel(model)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        self.view.setShowGrid(False)
        self.view.setWordWrap(False)
        self.view.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.view.horizontalHeader()
        # Code, memo and coder take the width their contents need (within a share of the
        # pane), the quote takes the rest; the full quote and memo are in each row's tooltip.
        for col in (0, 2, 3):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        self._fit = QTimer(self, singleShot=True, interval=0)  # once per burst of changes
        self._fit.timeout.connect(self.fit_columns)
        model.modelReset.connect(self._fit.start)
        # a new coding only widens a column if it needs to (10,000 rows are not read again)
        model.rowsInserted.connect(lambda _parent, first, last: self.fit_columns(
            range(first, min(last + 1, first + FIT_ROWS)), grow_only=True))
        self.fit_columns()
        self.view.clicked.connect(self._clicked)
        self.view.activated.connect(self._clicked)
        self.view.doubleClicked.connect(self._double_clicked)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._menu)
        remove = QAction("Remove coding", self.view)
        remove.setShortcuts([QKeySequence(QKeySequence.StandardKey.Delete),
                             QKeySequence(Qt.Key.Key_Backspace)])
        remove.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        remove.triggered.connect(self.remove_selected)
        self.view.addAction(remove)
        self.remove_action = remove
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.view)

    def fit_columns(self, rows: range | None = None, grow_only: bool = False) -> None:
        """Size code, memo and coder to their contents (read from at most FIT_ROWS rows), each
        within its share of the pane's width, so the quote keeps at least a third of it."""
        fm = self.view.fontMetrics()
        header = self.view.horizontalHeader()
        rows = rows if rows is not None else range(min(self.model.rowCount(), FIT_ROWS))
        width = max(self.view.viewport().width(), 200)
        pad = 2 * fm.horizontalAdvance("m")
        for col, share in FIT_SHARES.items():
            title = str(self.model.headerData(col, Qt.Orientation.Horizontal) or "")
            need = header.fontMetrics().horizontalAdvance(title) + pad
            for row in rows:
                text = self.model.data(self.model.index(row, col))
                if text:
                    need = max(need, fm.horizontalAdvance(str(text)) + pad)
            size = min(need, int(width * share))
            if not grow_only or size > header.sectionSize(col):
                header.resizeSection(col, size)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit.start()

    def selected_ids(self) -> list[int]:
        rows = {i.row() for i in self.view.selectionModel().selectedRows()}
        if not rows and self.view.currentIndex().isValid():
            rows = {self.view.currentIndex().row()}
        return [self.model.id_at(r) for r in sorted(rows)]

    def remove_selected(self) -> None:
        ids = self.selected_ids()
        if ids:
            self.removeRequested.emit(ids)

    def _clicked(self, index: QModelIndex) -> None:
        c = self.model.coding_at(index)
        if c is not None:
            self.revealRequested.emit(c.id)

    def _double_clicked(self, index: QModelIndex) -> None:
        c = self.model.coding_at(index)
        if c is not None:
            self.memoRequested.emit(c.id)

    def _menu(self, pos: QPoint) -> None:
        index = self.view.indexAt(pos)
        if not index.isValid():
            return
        if not self.view.selectionModel().isRowSelected(index.row(), QModelIndex()):
            self.view.setCurrentIndex(index)
        menu = self.build_menu(index)
        menu.exec(self.view.viewport().mapToGlobal(pos))

    def build_menu(self, index: QModelIndex) -> QMenu:
        c = self.model.coding_at(index)
        assert c is not None  # the menu is for a row
        menu = QMenu(self)
        menu.addAction("Show in text", lambda: self.revealRequested.emit(c.id))
        menu.addAction("Edit memo…", lambda: self.memoRequested.emit(c.id))
        menu.addSeparator()
        ids = self.selected_ids() or [c.id]
        label = "Remove coding" if len(ids) == 1 else f"Remove {len(ids)} codings"
        menu.addAction(label, lambda: self.removeRequested.emit(ids))
        return menu
