"""The Segments browser: coded segments across the project, those that pickers (codes,
documents, coders, sets, a variable's values) and a coding query select; the query is typed or
built clause by clause; a virtual model reads rows a page at a time as they scroll into view."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDockWidget,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from gwot_reader.core.errors import GwotError
from gwot_reader.core.retrieval import SegmentFilter
from gwot_reader.core.words import plural
from gwot_reader.ui import filedialogs
from gwot_reader.ui.analysis.builder import QueryBuilder
from gwot_reader.ui.analysis.docks import AnalysisPanel, table_view
from gwot_reader.ui.analysis.pickers import Pickers
from gwot_reader.ui.table_base import RowsModel
from gwot_reader.ui.undo import SetCodingMemo

if TYPE_CHECKING:  # queries and their reads load when the browser is first used
    from gwot_reader.core.codingquery import Segment
    from gwot_reader.exchange.retrieval import Retrieval
    from gwot_reader.ui.session import ProjectSession

PAGE = 200  # rows read at once
CONTEXT = 30


class SegmentsModel(RowsModel):
    """``segments`` are cheap tuples (all of them); their display rows are read by page."""

    COLUMNS = ("Code", "Document", "Text", "Memo", "Coder")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._segments: Sequence[Segment] = []
        self.retrieval: Retrieval | None = None
        self.label = ""
        self._pages: dict[int, list[tuple[Any, ...]]] = {}
        self._paths: dict[int, str] = {}

    def set_segments(self, retrieval: Retrieval, segments: Sequence[Segment], label: str = "",
                     paths: dict[int, str] | None = None) -> None:
        """Show these segments; ``paths``: code paths by id (the session's snapshot)."""
        self.beginResetModel()
        self.retrieval, self._segments, self.label = retrieval, segments, label
        self._pages = {}
        if paths is None:
            tree = retrieval.codebook()
            paths = {c.id: tree.path(c.id) for c in tree}
        self._paths = paths
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._segments)

    @property
    def segments(self) -> Sequence[Segment]:
        return self._segments

    def pages_read(self) -> int:
        return len(self._pages)

    def row(self, i: int) -> tuple[Any, ...]:
        """(guid, document id, name, title, code, start, end, text, coder, memo, ...)."""
        page = i // PAGE
        if page not in self._pages:
            assert self.retrieval is not None
            chunk = self._segments[page * PAGE:(page + 1) * PAGE]
            self._pages[page] = self.retrieval.segment_rows(chunk, self.label)
        return self._pages[page][i % PAGE]

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        r = self.row(index.row())
        code = r[4] if isinstance(r[4], str) else self._paths.get(r[4], "")
        if index.column() == 2:
            assert self.retrieval is not None
            text = self.retrieval.text(r[1])
            before = text[max(0, r[5] - CONTEXT):r[5]]
            quote = f"…{before}[{r[7]}]{text[r[6]:r[6] + CONTEXT]}…".replace("\n", " ")
            return quote if role == Qt.ItemDataRole.DisplayRole else r[7]
        return [code, r[2], None, r[9], r[8]][index.column()]


class SegmentsPanel(AnalysisPanel):
    """Pickers on the left; the query (typed or built) and its segments on the right. Click
    jumps to the passage, double-click edits the coding's memo."""

    shown = Signal(int)  # rows shown after a query (tests and benchmarks wait for it)

    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.pickers = Pickers()
        self.pickers.changed.connect(lambda: self.run_query())
        self.builder = QueryBuilder()
        self.builder.textChanged.connect(self._built)
        self.query = QLineEdit(placeholderText='a coding query, e.g. "Trust deficit" overlaps '
                               '"United States"; empty: every segment the pickers allow')
        self.query.returnPressed.connect(lambda: self.run_query())
        self.query.textEdited.connect(self.builder.set_text)
        self.run = QPushButton("Run")
        self.run.clicked.connect(lambda: self.run_query())
        self.export = QPushButton("Export CSV…")
        self.export.clicked.connect(self.export_csv)
        self.status = QLabel("")
        self.model = SegmentsModel(self)
        self.table = table_view(self.model, self)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.clicked.connect(self._jump)
        self.table.doubleClicked.connect(self.edit_memo)
        build = QGroupBox("Query builder")
        QVBoxLayout(build).addWidget(self.builder)
        top = QHBoxLayout()
        top.addWidget(self.query, 1)
        top.addWidget(self.run)
        top.addWidget(self.export)
        right = QWidget()
        layout = QVBoxLayout(right)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(build)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.pickers)
        split.addWidget(right)
        split.setStretchFactor(1, 1)
        split.setSizes([380, 900])  # room for the five picker tabs
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(split)
        self._reload = QTimer(self, singleShot=True, interval=0)
        self._reload.timeout.connect(self._reload_if_shown)
        self.stale = True  # the pickers' lists wait until the browser is shown
        session.projectReplaced.connect(self._reload.start)  # once for a burst of signals
        session.changed.connect(self._changed)
        # "only me" follows the window's coder (Preferences, a rename); the list follows renames
        self.pickers.coder_picker.set_me(session.coder or "")
        session.codersChanged.connect(self._coders_changed)

    def _coders_changed(self) -> None:
        self._reload.start()
        self.pickers.coder_picker.set_me(self.session.coder or "")

    def _changed(self, change: object) -> None:
        """Picker lists follow the codebook, documents, sets and variables (None: anything)."""
        if getattr(change, "kind", None) in (None, "codebook", "documents", "sets",
                                             "variables", "codings"):
            self._reload.start()

    def _reload_if_shown(self) -> None:
        self.stale = True
        if self.isVisible():
            self.reload_pickers()
            if not self.model.segments:  # e.g. restored on screen before the project was open
                self.run_query()

    def reload_pickers(self) -> None:
        self.stale = False
        retrieval = self.retrieval()
        self.pickers.load(retrieval)
        paths = self.session.code_paths
        self.builder.set_paths([paths[c.id] for c in self.session.codebook
                                if not c.is_category] + [paths[c.id] for c in
                                                          self.session.codebook if c.is_category])

    def _built(self, text: str) -> None:
        self.query.setText(text)
        if text or not self.builder.rows:
            self.run_query()

    def show_query(self, expr: str, documents: object = None, coders: object = ()) -> bool:
        """Run ``expr`` limited to these documents (ids) and coders (names): a matrix cell.
        The pickers show the same choice, so what is listed is what they say."""
        self.pickers.blockSignals(True)
        self.pickers.clear()
        self.pickers.documents.set_checked(documents or ())  # type: ignore[arg-type]
        self.pickers.coder_picker.choose(coders or ())  # type: ignore[arg-type]
        self.pickers.blockSignals(False)
        self.query.setText(expr)
        self.builder.set_text(expr)
        f = self.pickers.current()
        if documents is not None and not documents:  # a group of no documents: nothing, not all
            f = replace(f, documents=frozenset())
        return self.run_query(f)

    def run_query(self, f: SegmentFilter | None = None) -> bool:
        retrieval = self.retrieval()
        if retrieval is None:
            return False
        if f is None:
            f = self.pickers.current()
        expr = self.query.text().strip()
        try:
            segments = retrieval.segments(expr, f)
        except GwotError as exc:
            self.status.setText(str(exc))
            self.session.warn(str(exc))
            return False
        self.model.set_segments(retrieval, segments, expr, self.session.code_paths)
        for col, width in enumerate((220, 220, 520, 160)):
            self.table.setColumnWidth(col, width)
        picked = self.pickers.summary(f)
        self.status.setText(f"{plural(len(segments), 'segment')} in "
                            f"{plural(retrieval.documents_in(segments), 'document')}"
                            + (f" (pickers: {picked})" if picked else ""))
        self.shown.emit(len(segments))
        return True

    def _jump(self, index: QModelIndex) -> None:
        s = self.model.segments[index.row()]
        self.jumpRequested.emit(s.document_id, s.start, s.end)

    def edit_memo(self, index: QModelIndex) -> None:
        s = self.model.segments[index.row()]
        retrieval = self.retrieval()
        if retrieval is None or not s.coding_id:
            return
        memo, ok = QInputDialog.getMultiLineText(self, "Memo", "Memo of this coding:",
                                                 self.model.row(index.row())[9])
        if ok and self.session.push(SetCodingMemo(retrieval.project, s.coding_id, memo)):
            self.model.set_segments(retrieval, self.model.segments, self.model.label,
                                    self.session.code_paths)

    def export_csv(self, path: str | None = None) -> int:
        retrieval = self.retrieval()
        if retrieval is None:
            return 0
        if not path:
            path, _ = filedialogs.get_save_file_name(self, "Export segments", "segments.csv",
                                                     "CSV (*.csv)")
            if not path:
                return 0
        try:
            n = retrieval.export_segments(path, self.model.segments, self.model.label)
        except GwotError as exc:
            self.session.warn(str(exc), dialog=True)
            return 0
        self.session.tell(f"Exported {n} segments to {path}")
        return n


def build(window: Any, dock: QDockWidget) -> SegmentsPanel:
    """The Segments dock's panel (View > Segments), built when the dock is first shown."""
    from gwot_reader.ui.analysis.search_dock import reveal_span

    panel = SegmentsPanel(window.session)

    def shown(visible: bool) -> None:
        if visible and panel.stale:
            panel.reload_pickers()
        if visible and not panel.model.segments:
            panel.run_query()

    dock.visibilityChanged.connect(shown)
    if dock.isVisible():  # built because the dock is being shown: that signal has gone by
        shown(True)
    panel.jumpRequested.connect(lambda d, s, e: reveal_span(window, d, s, e))
    return panel
