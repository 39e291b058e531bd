"""The in-vivo code dialog: the new code's name, editable, and the category it goes under."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QWidget

from gwot_reader.ui.dialogs import ok_cancel

TOP_LEVEL = "(top level)"


class InVivoDialog(QDialog):
    """``labels[0]`` is the top level, the others category paths; ``default`` is preselected."""

    def __init__(self, name: str, labels: list[str], default: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("In-vivo code")
        form = QFormLayout(self)
        self.name = QLineEdit(name)
        self.name.selectAll()
        self.under = QComboBox()
        self.under.addItems(labels)
        self.under.setCurrentIndex(default)
        form.addRow("&Name", self.name)
        form.addRow("&Under", self.under)
        buttons = ok_cancel(self, form)
        self.name.textChanged.connect(lambda t: buttons.button(
            QDialogButtonBox.StandardButton.Ok).setEnabled(bool(t.strip())))
        self.resize(460, self.sizeHint().height())

    def result_values(self) -> tuple[str, int]:
        return " ".join(self.name.text().split()), self.under.currentIndex()
