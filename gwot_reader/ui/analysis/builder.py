"""The visual coding-query builder: a chain of clauses (operator, code, distance) that writes
the query text and is rebuilt from it, so the builder and the text box stay in step."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from gwot_reader.core.errors import GwotError
from gwot_reader.core.querybuilder import OPERATORS, Clause, from_text, to_text


class ClauseRow(QWidget):
    """One clause: [operator] code [distance] [x]; the first clause has no operator."""

    changed = Signal()
    removed = Signal(object)

    def __init__(self, paths: list[str], clause: Clause, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.op = QComboBox()
        for op, label in OPERATORS.items():
            self.op.addItem(label, op)
        self.code = QComboBox()
        self.code.setEditable(True)  # type part of a path to find a code
        self.code.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.code.addItems(paths)
        self.code_paths = set(paths)
        completer = QCompleter(paths, self.code)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.code.setCompleter(completer)
        self.code.setMinimumContentsLength(24)
        self.distance = QSpinBox()
        self.distance.setRange(0, 1_000_000)
        self.distance.setSuffix(" chars")
        self.remove = QToolButton()
        self.remove.setText("✕")
        self.remove.setToolTip("Remove this clause")
        self.remove.clicked.connect(lambda: self.removed.emit(self))
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for w in (self.op, self.code, self.distance, self.remove):
            row.addWidget(w)
        row.addStretch(1)
        self.set_clause(clause)
        self.op.currentIndexChanged.connect(self._op_changed)
        # a whole path chosen or typed runs the query; a half-typed one waits for Enter or focus
        # to leave (a query per keystroke would report "no code" at every letter)
        self.code.currentTextChanged.connect(self._chosen)
        line = self.code.lineEdit()
        if line is not None:
            line.editingFinished.connect(self._typed)
        self.distance.valueChanged.connect(lambda *_: self.changed.emit())

    def set_clause(self, clause: Clause) -> None:
        self.op.setVisible(bool(clause.op))
        if clause.op:
            self.op.setCurrentIndex(self.op.findData(clause.op))
        self.code.setCurrentText(clause.code)
        self.distance.setValue(clause.distance or 50)
        self.distance.setVisible(clause.op == "near")

    def _chosen(self, text: str) -> None:
        if text.strip() in self.code_paths:
            self.changed.emit()

    def _typed(self) -> None:
        if self.code.currentText().strip() not in self.code_paths:
            self.changed.emit()

    def _op_changed(self) -> None:
        self.distance.setVisible(self.op.currentData() == "near")
        self.changed.emit()

    def clause(self, first: bool) -> Clause:
        op = "" if first else str(self.op.currentData())
        return Clause(op, self.code.currentText().strip(),
                      self.distance.value() if op == "near" else 0)


class QueryBuilder(QWidget):
    """``textChanged(text)`` when the user changes a clause; ``set_text`` follows the text box
    (a query the chain cannot show, such as ``A & (B | C)``, is left to the text)."""

    textChanged = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.paths: list[str] = []
        self.rows: list[ClauseRow] = []
        self.clauses_box = QVBoxLayout()
        self.clauses_box.setContentsMargins(0, 0, 0, 0)
        self.add = QPushButton("Add clause")
        self.add.clicked.connect(lambda: self.add_clause())  # not clicked's bool as op
        self.note = QLabel("")
        self.note.setStyleSheet("color: #777")
        bottom = QHBoxLayout()
        bottom.addWidget(self.add)
        bottom.addWidget(self.note, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.clauses_box)
        layout.addLayout(bottom)
        self._following = False  # rebuilding from the text: do not write the text back

    def set_paths(self, paths: list[str]) -> None:
        """The code paths offered (the codebook changed); the clauses keep their text."""
        clauses = self.clauses()
        self.paths = paths
        self._rebuild(clauses)

    def clauses(self) -> list[Clause]:
        return [r.clause(i == 0) for i, r in enumerate(self.rows)]

    def text(self) -> str:
        """The query the clauses say ('' while a clause has no code yet)."""
        clauses = self.clauses()
        return "" if any(not c.code for c in clauses) else to_text(clauses)

    def add_clause(self, op: str = "|", code: str = "") -> ClauseRow:
        clause = Clause("" if not self.rows else op, code or (self.paths[0] if self.paths else ""))
        row = self._append(clause)
        self._emit()
        return row

    def set_text(self, text: str) -> bool:
        """Show the query's chain; False (and a note) when the builder cannot show it."""
        try:
            clauses = from_text(text)
        except GwotError as exc:
            self.note.setText(f"Not a query yet: {exc}")
            return False
        if clauses is None:
            self.note.setText("Grouped on the right: edit this query as text")
            self._enable(False)
            return False
        self._rebuild(clauses)
        self.note.setText("")
        self._enable(True)
        return True

    def _enable(self, on: bool) -> None:
        for r in self.rows:
            r.setEnabled(on)

    def _rebuild(self, clauses: list[Clause]) -> None:
        self._following = True
        for r in self.rows:
            self.clauses_box.removeWidget(r)
            r.deleteLater()
        self.rows = []
        for c in clauses:
            self._append(c)
        self._following = False

    def _append(self, clause: Clause) -> ClauseRow:
        row = ClauseRow(self.paths, clause, self)
        row.changed.connect(self._emit)
        row.removed.connect(self._remove)
        self.rows.append(row)
        self.clauses_box.addWidget(row)
        return row

    def _remove(self, row: ClauseRow) -> None:
        self.rows.remove(row)
        self.clauses_box.removeWidget(row)
        row.deleteLater()
        if self.rows:
            self.rows[0].op.hide()
            self.rows[0].distance.hide()
        self._emit()

    def _emit(self) -> None:
        if not self._following:
            self.note.setText("")
            self.textChanged.emit(self.text())
