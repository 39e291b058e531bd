"""The codebook dock: a filter box over the code tree; double-click or drop applies a code."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLineEdit, QTreeView, QVBoxLayout, QWidget

from gwot_reader.core.model import Code
from gwot_reader.ui.codebook_model import CodebookModel


class CodebookPanel(QWidget):
    codeActivated = Signal(int)  # a code (not a category) was double-clicked

    def __init__(self, model: CodebookModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(model)
        self.proxy.setRecursiveFilteringEnabled(True)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(0)
        # Filter when the filter text changes, not on every count or key update: re-filtering
        # the tree on each dataChanged costs milliseconds per applied code.
        self.proxy.setDynamicSortFilter(False)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter codes…")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._filter)
        self.view = QTreeView()
        self.view.setModel(self.proxy)
        self.view.setUniformRowHeights(True)
        self.view.setAlternatingRowColors(False)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # Drops of a selected span (application/x-gwot-span) onto a code apply it.
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        self.view.setAcceptDrops(True)
        self.view.setDropIndicatorShown(True)
        self.view.setDefaultDropAction(Qt.DropAction.CopyAction)
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # Fixed widths: ResizeToContents measures every row again on each count update.
        digits = self.fontMetrics().horizontalAdvance("Codings") + 16
        for col, width in ((1, self.fontMetrics().horizontalAdvance("Key") + 16), (2, digits)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(col, width)
        self.view.doubleClicked.connect(self._activated)
        self.model.modelReset.connect(self.view.expandAll)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.filter)
        lay.addWidget(self.view, 1)

    def _filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())
        self.view.expandAll()

    def _activated(self, index: QModelIndex) -> None:
        code = self.model.code_at(self.proxy.mapToSource(index))
        if code is not None and not code.is_category:
            self.codeActivated.emit(code.id)

    def current_code(self) -> Code | None:
        return self.model.code_at(self.proxy.mapToSource(self.view.currentIndex()))

    def view_index(self, code_id: int, column: int = 0) -> QModelIndex:
        """The tree view's index of a code (for tests and for revealing a code)."""
        return self.proxy.mapFromSource(self.model.index_of(code_id, column))
