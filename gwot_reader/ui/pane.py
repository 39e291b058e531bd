"""One document pane: a document picker above a view; documents dropped on it open in it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QToolButton, QVBoxLayout, QWidget

from gwot_reader.core.model import Document
from gwot_reader.ui.documents_model import DOCUMENT_MIME, document_ids

if TYPE_CHECKING:  # the view's package loads after the first paint
    from gwot_reader.ui.pageview.dual import DualView


class Pane(QWidget):
    """The picker and close button, and a view (a DocumentView; later perhaps a page view)."""

    documentChosen = Signal(object, int)  # pane, document id
    closeRequested = Signal(object)

    def __init__(self, view: DualView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.setAcceptDrops(True)
        self.picker = QComboBox()
        self.picker.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.picker.setMinimumContentsLength(6)
        self.picker.setToolTip("The document shown in this pane (or drag one here from the list)")
        self.picker.activated.connect(self._picked)
        close = QToolButton()
        close.setText("✕")
        close.setAutoRaise(True)
        close.setToolTip("Close this pane")
        close.clicked.connect(lambda: self.closeRequested.emit(self))
        self.close_button = close
        top = QHBoxLayout()
        top.setContentsMargins(2, 2, 2, 0)
        top.addWidget(self.picker, 1)
        top.addWidget(close)
        self._top = top
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        lay.addLayout(top)
        lay.addWidget(view, 1)

    def add_tool(self, widget: QWidget) -> None:
        """A button of a feature beside the picker (e.g. the coder filter, ui/teams/)."""
        self._top.insertWidget(self._top.count() - 1, widget)

    @property
    def document_id(self) -> int | None:
        return self.view.document_id

    def set_documents(self, docs: list[Document]) -> None:
        """Refill the picker, keeping the shown document selected."""
        self.picker.blockSignals(True)
        self.picker.clear()
        for d in docs:
            self.picker.addItem(d.name, d.id)
            self.picker.setItemData(self.picker.count() - 1, d.title or d.name,
                                    Qt.ItemDataRole.ToolTipRole)
        self.show_current()
        self.picker.blockSignals(False)

    def show_current(self) -> None:
        i = self.picker.findData(self.document_id) if self.document_id is not None else -1
        if i < 0:
            self.picker.setCurrentIndex(-1)
            self.picker.setPlaceholderText("Choose a document…")
        else:
            self.picker.setCurrentIndex(i)

    def _picked(self, index: int) -> None:
        doc_id = self.picker.itemData(index)
        if doc_id is not None and doc_id != self.document_id:
            self.documentChosen.emit(self, int(doc_id))

    # -- a document dragged from the list -------------------------------------------------------
    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasFormat(DOCUMENT_MIME):
            event.acceptProposedAction()

    def dragMoveEvent(self, event) -> None:
        if event.mimeData().hasFormat(DOCUMENT_MIME):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        ids = document_ids(event.mimeData())
        if ids:
            event.acceptProposedAction()
            self.documentChosen.emit(self, ids[0])
