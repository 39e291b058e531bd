"""The Segments browser: coded segments across the project, all or those a coding query
selects; a virtual model reads rows a page at a time as they scroll into view."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gwot_reader.core.errors import GwotError
from gwot_reader.store import Project
from gwot_reader.ui import filedialogs
from gwot_reader.ui.analysis.docks import AnalysisPanel, add_dock, table_view
from gwot_reader.ui.table_base import RowsModel
from gwot_reader.ui.undo import SetCodingMemo, push

if TYPE_CHECKING:  # queries and their exports load when the dock is first used
    from gwot_reader.core.codingquery import Segment

PAGE = 200  # rows read at once
CONTEXT = 30


class SegmentsModel(RowsModel):
    """``segments`` are cheap tuples (all of them); their display rows are read by page."""

    COLUMNS = ("Code", "Document", "Text", "Memo", "Coder")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Segment] = []
        self.project: Project | None = None
        self.label = ""
        self._pages: dict[int, list[tuple[Any, ...]]] = {}
        self._paths: dict[int, str] = {}

    def set_segments(self, project: Project, segments: list[Segment], label: str = "") -> None:
        self.beginResetModel()
        self.project, self._rows, self.label = project, segments, label
        self._pages = {}
        tree = project.codebook.tree()
        self._paths = {c.id: tree.path(c.id) for c in tree}
        self.endResetModel()

    @property
    def segments(self) -> list[Segment]:
        return self._rows

    def pages_read(self) -> int:
        return len(self._pages)

    def row(self, i: int) -> tuple[Any, ...]:
        """(guid, document id, name, title, code, start, end, text, coder, memo, ...)."""
        page = i // PAGE
        if page not in self._pages:
            assert self.project is not None
            from gwot_reader.store.analysis import CodingSpans

            chunk = self._rows[page * PAGE:(page + 1) * PAGE]
            self._pages[page] = list(CodingSpans(self.project).export_rows(chunk, self.label))
        return self._pages[page][i % PAGE]

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        r = self.row(index.row())
        code = r[4] if isinstance(r[4], str) else self._paths.get(r[4], "")
        if index.column() == 2:
            assert self.project is not None
            text = self.project.documents.text(r[1])
            before = text[max(0, r[5] - CONTEXT):r[5]]
            quote = f"…{before}[{r[7]}]{text[r[6]:r[6] + CONTEXT]}…".replace("\n", " ")
            return quote if role == Qt.ItemDataRole.DisplayRole else r[7]
        return [code, r[2], None, r[9], r[8]][index.column()]


class SegmentsPanel(AnalysisPanel):
    """A coding query's segments (empty: all of them); click jumps, double-click: memo."""

    def __init__(self, project: Callable[[], Project | None], undo_stack: Any,
                 report_error: Callable[[str], None], parent: QWidget | None = None) -> None:
        super().__init__(project, undo_stack, report_error, parent)
        self.query = QLineEdit(placeholderText='a coding query, e.g. "Trust deficit" overlaps '
                               '"United States"; empty: every segment')
        self.query.returnPressed.connect(lambda: self.run_query())
        self.export = QPushButton("Export CSV…")
        self.export.clicked.connect(self.export_csv)
        self.status = QLabel("")
        self.model = SegmentsModel(self)
        self.table = table_view(self.model, self)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.clicked.connect(self._jump)
        self.table.doubleClicked.connect(self.edit_memo)
        top = QHBoxLayout()
        top.addWidget(self.query, 1)
        top.addWidget(self.export)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)

    def show_query(self, expr: str, documents: object = None, coders: object = ()) -> bool:
        """Run ``expr`` limited to these documents (ids) and coders (names): a matrix cell."""
        self.query.setText(expr)
        return self.run_query(documents, coders)  # type: ignore[arg-type]

    def run_query(self, documents: frozenset[int] | None = None,
                  coders: list[str] | tuple[str, ...] = ()) -> bool:
        project = self.project()
        if project is None:
            return False
        expr = self.query.text().strip()
        from gwot_reader.exchange.analysis import query_segments

        try:
            segments = query_segments(project, expr, documents, coders)
        except GwotError as exc:
            self.status.setText(str(exc))
            return False
        self.model.set_segments(project, segments, expr)
        for col, width in enumerate((220, 220, 520, 160)):
            self.table.setColumnWidth(col, width)
        self.status.setText(f"{len(segments)} segments in "
                            f"{len({s.document_id for s in segments})} documents")
        return True

    def _jump(self, index: QModelIndex) -> None:
        s = self.model.segments[index.row()]
        self.jumpRequested.emit(s.document_id, s.start, s.end)

    def edit_memo(self, index: QModelIndex) -> None:
        s = self.model.segments[index.row()]
        project = self.project()
        if project is None or not s.coding_id:
            return
        memo, ok = QInputDialog.getMultiLineText(self, "Memo", "Memo of this coding:",
                                                 self.model.row(index.row())[9])
        if ok and push(self.undo_stack, SetCodingMemo(project, s.coding_id, memo,
                                                      self.report_error)):
            self.model.set_segments(project, self.model.segments, self.model.label)

    def export_csv(self, path: str | None = None) -> int:
        project = self.project()
        if project is None:
            return 0
        if not path:
            path, _ = filedialogs.get_save_file_name(self, "Export segments", "segments.csv",
                                                     "CSV (*.csv)")
            if not path:
                return 0
        from gwot_reader.exchange.csvio import write_csv
        from gwot_reader.exchange.segments_csv import SEGMENT_COLUMNS, segment_rows
        from gwot_reader.store.analysis import CodingSpans

        rows = CodingSpans(project).export_rows(self.model.segments, self.model.label)
        try:
            return write_csv(path, SEGMENT_COLUMNS, segment_rows(project, rows=rows))
        except GwotError as exc:
            self.report_error(str(exc))
            return 0


def install(window: Any) -> QDockWidget:
    """Add the Segments dock to the main window (View > Segments)."""
    from gwot_reader.ui.analysis.search_dock import reveal_span

    panel = SegmentsPanel(lambda: window.session.project, window.session.undo_stack, window.report_error)
    dock = add_dock(window, "Segments", panel)
    dock.visibilityChanged.connect(lambda shown: shown and not panel.model.segments
                                   and panel.run_query())
    panel.jumpRequested.connect(lambda d, s, e: reveal_span(window, d, s, e))
    window.segments_panel, window.segments_dock = panel, dock
    return dock
