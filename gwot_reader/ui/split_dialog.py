"""The split dialog: tick the codings of a code that go to a new code, and name it."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gwot_reader.core.model import Code, Coding

EXCERPT = 90  # characters of each coding's text shown in the list
_ID = Qt.ItemDataRole.UserRole


class SplitDialog(QDialog):
    def __init__(self, code: Code, codings: list[Coding], doc_names: dict[int, str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Split {code.name}")
        self.resize(620, 460)
        self.name = QLineEdit()
        self.name.setPlaceholderText("Name of the new code")
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for c in codings:
            text = " ".join(c.text.split())
            text = text if len(text) <= EXCERPT else text[:EXCERPT] + "…"
            item = QListWidgetItem(f"{doc_names.get(c.document_id, '?')} [{c.start}–{c.end}]\n{text}")
            item.setData(_ID, c.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            item.setToolTip(c.text[:2000])
            self.list.addItem(item)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Split")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        toggle = QPushButton("Tick all / none")
        toggle.clicked.connect(self._toggle_all)
        self.buttons.addButton(toggle, QDialogButtonBox.ButtonRole.ResetRole)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(f"Move the ticked codings of <b>{escape(code.name)}</b> to a new code "
                             "beside it:"))
        lay.addWidget(self.name)
        lay.addWidget(self.list, 1)
        lay.addWidget(self.buttons)
        self.name.textChanged.connect(self._update)
        self.list.itemChanged.connect(self._update)
        self._update()

    def chosen(self) -> list[int]:
        return [self.list.item(i).data(_ID) for i in range(self.list.count())
                if self.list.item(i).checkState() == Qt.CheckState.Checked]

    def set_checked(self, coding_ids: list[int]) -> None:
        for i in range(self.list.count()):
            item = self.list.item(i)
            item.setCheckState(Qt.CheckState.Checked if item.data(_ID) in coding_ids
                               else Qt.CheckState.Unchecked)

    def _toggle_all(self) -> None:
        everything = [self.list.item(i).data(_ID) for i in range(self.list.count())]
        self.set_checked([] if len(self.chosen()) == len(everything) else everything)

    def _update(self, *_args) -> None:
        ok = bool(self.name.text().strip()) and bool(self.chosen())
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)

