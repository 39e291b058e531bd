"""The Search dock (Ctrl+Shift+F): every hit in the corpus as keyword-in-context rows; click to
jump, then code the selected hits or all of them (the hit, its sentence or paragraph)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gwot_reader.core.scope import SCOPES
from gwot_reader.ui.analysis.commands import AddCodings
from gwot_reader.ui.analysis.docks import AnalysisPanel, table_view
from gwot_reader.ui.table_base import RowsModel

if TYPE_CHECKING:  # the index and its query parser load on the first search
    from gwot_reader.ui.session import ProjectSession

# (document id, document name, start, end, before, hit, after, page or None): exchange's HitRow
SCOPE_NOUNS = {"hit": "hits", "sentence": "sentences", "paragraph": "paragraphs"}
Row = tuple[int, str, int, int, str, str, str, "int | None"]


class HitsModel(RowsModel):
    COLUMNS = ("Document", "Before", "Hit", "After", "Page")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Row] = []

    @property
    def rows(self) -> list[Row]:
        return self._rows

    def set_rows(self, rows: list[Row]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return [row[1], row[4], row[5], row[6], row[7] or ""][col]
        if role == Qt.ItemDataRole.UserRole:  # sort keys: position for the hit columns
            return [(row[1], row[2]), row[4][::-1].casefold(), row[5].casefold(),
                    row[6].casefold(), row[7] or 0][col]
        if role == Qt.ItemDataRole.FontRole and col == 2:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and col == 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{row[1]} [{row[2]}, {row[3]})"
        return None


class CodeHitsDialog(QDialog):
    """Which code, and the hit, its sentence or its paragraph."""

    def __init__(self, parent: QWidget, codes: list[tuple[int, str]], count: int) -> None:
        super().__init__(parent)
        self.setWindowTitle("Code hits")
        form = QFormLayout(self)
        form.addRow(QLabel(f"Code {count} hits with:"))
        self.code = QComboBox()
        self.code.setEditable(True)  # type to find a code by its path or name
        self.code.setMinimumContentsLength(32)  # long paths whole
        for code_id, path in codes:
            self.code.addItem(path, code_id)
        # "trust" offers Themes/Trust deficit: a name is matched anywhere in the path
        completer = QCompleter(self.code.model(), self.code)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.code.setCompleter(completer)
        form.addRow("Code", self.code)
        self.scope = QComboBox()
        self.scope.addItems(list(SCOPES))
        form.addRow("Scope", self.scope)
        self.problem = QLabel("")
        self.problem.setStyleSheet("color: #B00020;")
        self.problem.hide()
        form.addRow(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _matches(self) -> tuple[list[int], list[int]]:
        """The items whose path, and those whose name, is the text typed (in any case)."""
        typed = self.code.currentText().strip().casefold()
        paths = [self.code.itemText(i).casefold() for i in range(self.code.count())]
        return ([i for i, p in enumerate(paths) if p == typed],
                [i for i, p in enumerate(paths) if typed and p.rsplit("/", 1)[-1] == typed])

    def _index(self) -> int:
        """The code typed: its path, or a name only one code has."""
        return next((m[0] for m in self._matches() if len(m) == 1), -1)

    def accept(self) -> None:
        """OK with a code that is not in the codebook says so and stays open (nothing coded
        silently)."""
        if self._index() < 0:
            typed = self.code.currentText().strip()
            self.problem.setText(
                "Choose a code" if not typed
                else f"Several codes are named {typed!r}: choose one from the list"
                if len(self._matches()[1]) > 1 else f"No code {typed!r}: choose one from the list")
            self.problem.show()
            self.code.setFocus()
            return
        super().accept()

    def choice(self) -> tuple[int, str, str] | None:
        i = self._index()
        if i < 0:
            return None
        return int(self.code.itemData(i)), self.code.itemText(i), self.scope.currentText()


class SearchPanel(AnalysisPanel):
    """Query box, options, the hits table and the coding buttons. The window gives it the
    project, its undo stack and a way to jump (see ``install``)."""

    searched = Signal(int)  # number of hits (tests wait for it)

    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.query = QLineEdit(placeholderText='words, "phrases", prefix*, AND OR NOT, NEAR(a b, 5)')
        self.query.returnPressed.connect(self.run_search)
        self.regex = QCheckBox("Regex")
        self.match_case = QCheckBox("Match case")
        self.status = QLabel("")
        self.model = HitsModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(Qt.ItemDataRole.UserRole)
        self.table = table_view(self.proxy, self)
        self.table.setSortingEnabled(True)
        self.table.clicked.connect(self._jump)
        self.table.activated.connect(self._jump)
        self.code_selected = QPushButton("Code selected hits…")
        self.code_all = QPushButton("Code all hits…")
        self.code_selected.clicked.connect(lambda: self.code_hits(selected_only=True))
        self.code_all.clicked.connect(lambda: self.code_hits(selected_only=False))
        top = QHBoxLayout()
        top.addWidget(self.query, 1)
        top.addWidget(self.regex)
        top.addWidget(self.match_case)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.code_selected)
        bottom.addWidget(self.code_all)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self.table.selectionModel().selectionChanged.connect(self._enable)
        self._enable()

    def _enable(self) -> None:
        self.code_selected.setEnabled(bool(self.table.selectionModel().selectedRows()))
        self.code_all.setEnabled(bool(self.model.rows))

    def run_search(self) -> None:
        text = self.query.text().strip()
        if self.session.project is None or not text:
            return
        from gwot_reader.core.searchquery import SearchOptions
        from gwot_reader.exchange.retrieval import find_rows

        options = SearchOptions(regex=self.regex.isChecked(),
                                fold_case=not self.match_case.isChecked(),
                                fold_diacritics=not self.regex.isChecked())

        def work(p: Any, progress: Callable[[int, int, str], bool]) -> list[Row]:
            return find_rows(p, text, options, progress)  # on the job's own connection

        # (building the index on the way writes only the search tables, which no view shows)
        self.session.job_with_project(self, "Searching", work, self._show, self._failed)

    def _show(self, rows: object) -> None:
        self.model.set_rows(rows)  # type: ignore[arg-type]
        self.table.resizeColumnsToContents()
        docs = len({r[0] for r in self.model.rows})
        self.status.setText(f"{len(self.model.rows)} hits in {docs} documents")
        self._enable()
        self.searched.emit(len(self.model.rows))

    def _failed(self, message: str) -> None:
        self.status.setText(message)
        self.searched.emit(-1)

    def _row(self, index: QModelIndex) -> Row:
        return self.model.rows[self.proxy.mapToSource(index).row()]

    def _jump(self, index: QModelIndex) -> None:
        row = self._row(index)
        self.jumpRequested.emit(row[0], row[2], row[3])

    def code_hits(self, selected_only: bool, choice: tuple[int, str, str] | None = None) -> bool:
        """Code the hits (``choice``: code id, label, scope; asked in a dialog when None) as
        one undo step."""
        retrieval = self.retrieval()
        rows = ([self._row(i) for i in self.table.selectionModel().selectedRows()]
                if selected_only else self.model.rows)
        if retrieval is None or not rows:
            return False
        if choice is None:
            dialog = CodeHitsDialog(self, retrieval.code_choices(), len(rows))
            if dialog.exec() != QDialog.DialogCode.Accepted or dialog.choice() is None:
                return False
            choice = dialog.choice()
        assert choice is not None
        code_id, label, scope = choice
        spans = retrieval.expand_hits(rows, scope)
        todo = retrieval.not_coded(code_id, spans, self.session.coder or "")
        noun = SCOPE_NOUNS.get(scope, "hits")
        had = f"; {len(spans) - len(todo)} already coded" if len(todo) < len(spans) else ""
        if not todo:
            self._said(f"Nothing to code: the {len(spans)} {noun} of the {len(rows)} hits "
                       f"are already coded with {label}")
            return False
        if not self.session.push(AddCodings(retrieval.project, code_id, todo, label, noun=noun)):
            return False
        hits = f" ({len(rows)} hits{had})" if noun != "hits" or had else ""
        self._said(f"Coded {len(todo)} {noun} with {label}{hits}")
        return True

    def _said(self, text: str) -> None:
        """What coding the hits did, under the hits and in the status bar."""
        self.status.setText(text)
        self.session.tell(text, 8000)


def build(window: Any, dock: QDockWidget) -> SearchPanel:
    """The Search dock's panel, built when the dock is first shown (Ctrl+Shift+F: features.py)."""
    panel = SearchPanel(window.session)
    panel.jumpRequested.connect(lambda d, s, e: reveal_span(window, d, s, e))
    return panel


def reveal_span(window: Any, document_id: int, start: int, end: int) -> None:
    """Show the span in a pane that has its document (else open it in the focused pane) and
    flash it."""
    panes = [p for p in window.area.panes if p.document_id == document_id]
    pane = window.area.focused if window.area.focused in panes else (panes[0] if panes else None)
    if pane is None:
        pane = window.area.focused or window.area.panes[0]
        window.area.open_document(pane, document_id)
    pane.view.reveal(start, end)
