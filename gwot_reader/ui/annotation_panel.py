"""The annotation pane: the focused document's codings in text order; click to reveal."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTableView, QVBoxLayout, QWidget

from gwot_reader.ui.annotations_model import AnnotationsModel


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
        # The quote takes what the pane's width leaves, so code, memo and coder stay in view
        # in a narrow dock (the full quote and memo are in each row's tooltip).
        for col in (0, 2, 3):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(0, 110)
        header.resizeSection(2, 80)
        header.resizeSection(3, 60)
        header.setStretchLastSection(False)
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
