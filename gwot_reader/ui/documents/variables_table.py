"""The Variables table: documents x variables, each cell edited in place as one undo step."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gwot_reader.core.model import Change, Document
from gwot_reader.core.variables import VARIABLE_TYPES, Value, Variable, format_value
from gwot_reader.ui.dialogs import ok_cancel
from gwot_reader.ui.documents import commands as cmd
from gwot_reader.ui.session import ProjectSession
from gwot_reader.ui.table_base import TOP
from gwot_reader.ui.undo import StoreCommand

if TYPE_CHECKING:  # the window reaches the store through its project only
    from gwot_reader.store import Project

Index = QModelIndex | QPersistentModelIndex
TYPE_HINTS = {"text": "text", "number": "a number", "date": "a date, YYYY-MM-DD",
              "choice": "one of a list"}


BLOCK = 40  # rows whose values are read together (about a screenful), when the view first
# asks for one of them


class VariablesModel(QAbstractTableModel):
    """Column 0 is the document; then one column per variable. Edits go to ``on_edit``.

    Values are read a block of rows at a time as the view shows them (``fetch``), so a table
    of thousands of documents opens in the time of a screenful.
    """

    def __init__(self, on_edit: Callable[[int, int, str], bool],
                 fetch: Callable[[list[int]], dict[int, dict[int, Value]]],
                 parent: Any = None) -> None:
        super().__init__(parent)
        self.on_edit, self.fetch = on_edit, fetch
        self.docs: list[Document] = []
        self.variables: list[Variable] = []
        self.values: dict[int, dict[int, Value]] = {}

    def load(self, docs: list[Document], variables: list[Variable]) -> None:
        self.beginResetModel()
        self.docs, self.variables, self.values = docs, variables, {}
        self.endResetModel()

    def forget(self, document_ids: frozenset[int]) -> None:
        """Values of these documents changed: read them again and repaint their rows."""
        rows = [i for i, d in enumerate(self.docs) if d.id in document_ids]
        for d in document_ids:
            self.values.pop(d, None)
        for r in rows:
            self.dataChanged.emit(self.index(r, 1), self.index(r, len(self.variables)))

    def row_values(self, row: int) -> dict[int, Value]:
        doc_id = self.docs[row].id
        if doc_id not in self.values:
            start = row - row % BLOCK
            wanted = [d.id for d in self.docs[start:start + BLOCK] if d.id not in self.values]
            self.values.update(self.fetch(wanted))
        return self.values.get(doc_id, {})

    def rowCount(self, parent: Index = TOP) -> int:
        return 0 if parent.isValid() else len(self.docs)

    def columnCount(self, parent: Index = TOP) -> int:
        return 0 if parent.isValid() else len(self.variables) + 1

    def variable_at(self, column: int) -> Variable | None:
        return self.variables[column - 1] if 0 < column <= len(self.variables) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        doc = self.docs[index.row()]
        var = self.variable_at(index.column())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if var is None:
                return doc.name
            return format_value(self.row_values(index.row()).get(var.id))
        if role == Qt.ItemDataRole.TextAlignmentRole and var is not None and var.type == "number":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return doc.title or doc.name if var is None else f"{var.name}: {TYPE_HINTS[var.type]}"
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        var = self.variable_at(section)
        if role == Qt.ItemDataRole.DisplayRole:
            return "Document" if var is None else var.name
        if role == Qt.ItemDataRole.ToolTipRole and var is not None:
            choices = f": {', '.join(var.choices)}" if var.choices else ""
            return f"{TYPE_HINTS[var.type]}{choices}\n{var.description}".strip()
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return base | Qt.ItemFlag.ItemIsEditable if index.column() > 0 else base

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        var = self.variable_at(index.column())
        if role != Qt.ItemDataRole.EditRole or var is None:
            return False
        if str(value).strip() == self.data(index):
            return False
        return self.on_edit(self.docs[index.row()].id, var.id, str(value))


class ChoiceDelegate(QStyledItemDelegate):
    """A drop-down of the list's choices (and blank) for one-of-a-list variables."""

    def __init__(self, model: VariablesModel, parent: Any = None) -> None:
        super().__init__(parent)
        self.model = model

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: Index) -> QWidget:
        var = self.model.variable_at(index.column())
        if var is None or var.type != "choice":
            editor = super().createEditor(parent, option, index)
            if var is not None and isinstance(editor, QLineEdit):
                editor.setPlaceholderText(TYPE_HINTS[var.type])
            return editor
        box = QComboBox(parent)
        box.addItems(["", *var.choices])
        return box

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        if isinstance(editor, QComboBox):
            editor.setCurrentText(str(index.data(Qt.ItemDataRole.EditRole)))
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentText())
        else:
            super().setModelData(editor, model, index)


class NewVariableDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New variable")
        form = QFormLayout(self)
        self.name = QLineEdit()
        self.type = QComboBox()
        self.type.addItems([f"{t} ({TYPE_HINTS[t]})" for t in VARIABLE_TYPES])
        self.choices = QLineEdit()
        self.choices.setPlaceholderText("for one of a list: choices separated by commas")
        form.addRow("&Name", self.name)
        form.addRow("&Type", self.type)
        form.addRow("&Choices", self.choices)
        ok_cancel(self, form)

    def result_values(self) -> tuple[str, str, list[str]]:
        t = VARIABLE_TYPES[self.type.currentIndex()]
        choices = [c for c in self.choices.text().split(",") if c.strip()] if t == "choice" else []
        return self.name.text().strip(), t, choices


class VariablesDialog(QDialog):
    """Documents x variables; follows the project's changes while open."""

    def __init__(self, session: ProjectSession, parent: QWidget | None = None,
                 documents: list[Document] | None = None) -> None:
        """``documents``: the project's documents in their order, if the caller has them
        (the Documents list does): not read again."""
        super().__init__(parent)
        self.setWindowTitle("Document variables")
        assert session.project is not None
        self.session = session
        self.project: Project = session.project  # closed when another project opens
        self.report = session.warn
        project = self.project
        self.model = VariablesModel(self._edit, project.variables.values_for, self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setItemDelegate(ChoiceDelegate(self.model, self.view))
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed
                                  | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.view.verticalHeader().setDefaultSectionSize(
            self.view.fontMetrics().height() + 8)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setDefaultSectionSize(160)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.add_button = QPushButton("&Add variable…")
        self.add_button.clicked.connect(lambda: self.add_variable())
        self.remove_button = QPushButton("&Remove variable")
        self.remove_button.clicked.connect(lambda: self.remove_variable())
        bar = QHBoxLayout()
        bar.addWidget(self.add_button)
        bar.addWidget(self.remove_button)
        bar.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addLayout(bar)
        lay.addWidget(self.view)
        self.resize(900, 500)
        self.refresh(documents)
        self.view.setColumnWidth(0, 280)
        session.changed.connect(self._on_change)
        self.finished.connect(lambda _r: session.changed.disconnect(self._on_change))

    def refresh(self, documents: list[Document] | None = None) -> None:
        docs = documents if documents is not None else self.project.documents.all()
        self.model.load(docs, self.project.variables.all())

    def _on_change(self, change: Change | None) -> None:
        if change is None:  # a job or another program wrote
            self.refresh()
        elif change.kind == "variables" and change.document_ids and \
                self.project.variables.all() == self.model.variables:
            self.model.forget(change.document_ids)  # values only: those rows
        elif change.kind in ("variables", "documents"):
            self.refresh()

    def _push(self, command: StoreCommand) -> bool:
        return self.session.push(command)

    def _edit(self, document_id: int, variable_id: int, raw: str) -> bool:
        return self._push(cmd.SetValue(self.project, document_id, variable_id, raw))

    def ask_variable(self) -> tuple[str, str, list[str]] | None:
        dialog = NewVariableDialog(self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.result_values()

    def add_variable(self) -> None:
        spec = self.ask_variable()
        if spec and spec[0]:
            self._push(cmd.AddVariable(self.project, *spec))

    def remove_variable(self) -> None:
        var = self.model.variable_at(self.view.currentIndex().column())
        if var is None:
            self.report("Choose a cell of the variable to remove")
            return
        self._push(cmd.RemoveVariable(self.project, var.id, var.name))
