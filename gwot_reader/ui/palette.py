"""The quick-code palette: type to filter the codes, read the definition, Enter applies."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QFrame, QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from gwot_reader.core.codebook import CodebookTree
from gwot_reader.ui.codebook_model import swatch

_ID = Qt.ItemDataRole.UserRole + 1


class QuickCodePalette(QFrame):
    codeChosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText("Type to find a code; Enter applies it")
        self.list = QListWidget()
        self.definition = QLabel()
        self.definition.setWordWrap(True)
        self.definition.setTextFormat(Qt.TextFormat.PlainText)
        self.definition.setMinimumHeight(48)
        self.definition.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.definition.setStyleSheet("color: palette(placeholder-text); padding: 2px;")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.addWidget(self.edit)
        lay.addWidget(self.list, 1)
        lay.addWidget(self.definition)
        self.resize(460, 380)
        self.edit.textChanged.connect(self._filter)
        self.edit.installEventFilter(self)
        self.list.currentItemChanged.connect(self._show_definition)
        self.list.itemActivated.connect(lambda _item: self.accept())
        self._definitions: dict[int, str] = {}

    def set_codebook(self, tree: CodebookTree, recent: Sequence[int] = ()) -> None:
        """Recently used codes first, then the rest in tree order."""
        self.list.clear()
        self._definitions = {}
        codes = [c for c in tree if not c.is_category]
        order = [tree.by_id[i] for i in recent if i in tree.by_id] + [c for c in codes if c.id not in recent]
        for c in order:
            item = QListWidgetItem(swatch(c.color), tree.path(c.id))
            item.setData(_ID, c.id)
            self.list.addItem(item)
            self._definitions[c.id] = c.definition or c.use_when
        self._filter(self.edit.text())

    def popup(self, anchor: QWidget) -> None:
        self.edit.clear()
        self._filter("")
        geo = anchor.geometry()
        center = anchor.mapToGlobal(geo.center() - geo.topLeft())
        self.move(center.x() - self.width() // 2, max(0, center.y() - self.height() // 2))
        self.show()
        self.edit.setFocus()

    def _filter(self, text: str) -> None:
        words = text.casefold().split()
        first = None
        for i in range(self.list.count()):
            item = self.list.item(i)
            path = item.text().casefold()
            hidden = not all(w in path for w in words)
            item.setHidden(hidden)
            if not hidden and first is None:
                first = item
        self.list.setCurrentItem(first)  # type: ignore[arg-type]  # None clears it
        if first is None:
            self.definition.setText("No code matches")

    def _show_definition(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            self.definition.setText(self._definitions.get(item.data(_ID), "") or "(no definition)")

    def visible_paths(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())
                if not self.list.item(i).isHidden()]

    def accept(self) -> None:
        item = self.list.currentItem()
        self.hide()
        if item is not None and not item.isHidden():
            self.codeChosen.emit(item.data(_ID))

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.edit and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.accept()
                return True
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                self._step(1 if key == Qt.Key.Key_Down else -1)
                return True
            if key == Qt.Key.Key_Escape:
                self.hide()
                return True
        return super().eventFilter(obj, event)

    def _step(self, delta: int) -> None:
        rows = [i for i in range(self.list.count()) if not self.list.item(i).isHidden()]
        if not rows:
            return
        cur = self.list.currentRow()
        pos = rows.index(cur) if cur in rows else -1
        self.list.setCurrentRow(rows[max(0, min(len(rows) - 1, pos + delta))])
