"""The codings of one document in text order, as a lazy Qt item model for the annotation pane.

Rows come from the document's span index (start, end, code id, coding id, coder), the one the
view has already loaded, filtered by the focused pane's coder filter; the quote, memo and
coder of a row are fetched when the row is drawn, a block of rows at a time (issue 16:
building 50,000 full records took seconds per switch).
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QIcon

from gwot_reader.core.model import Code, Coding
from gwot_reader.core.spans import SpanIndex, position
from gwot_reader.ui.codebook_model import swatch
from gwot_reader.ui.table_base import TOP, HeaderMixin, Index

if TYPE_CHECKING:
    from gwot_reader.ui.pane import Pane
    from gwot_reader.ui.panes import PaneArea
    from gwot_reader.ui.session import ProjectSession

BULK = 200  # codings changed at once beyond which the document's rows are read again
BLOCK = 200  # rows whose full records are fetched together, as they come into view
CACHED = 4000  # full records kept at most (a pane shows a few dozen rows)

CODING_ID_ROLE = Qt.ItemDataRole.UserRole + 1
COLUMNS = ("Code", "Text", "Memo", "Coder")  # the quote second: it is what a reader scans
_QUOTE = 160  # characters of the quoted text shown in a row
# Computed once: views ask for flags per row, and combining enums in Python is slow.
_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_NO_FLAGS = Qt.ItemFlag.NoItemFlags

Records = Callable[[Sequence[int]], Sequence[Coding]]


class AnnotationsModel(HeaderMixin, QAbstractTableModel):
    COLUMNS = COLUMNS

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.document_id: int | None = None
        # the rows, in text order (start, end, id): four arrays, not 50,000 records (the coder
        # filter is applied when they are taken from the span index)
        self._starts, self._ends = array("q"), array("q")
        self._codes_of, self._ids = array("q"), array("q")
        self._records: dict[int, Coding] = {}  # coding id -> full record, fetched on demand
        self._fetch: Records | None = None
        self._codes: Mapping[int, Code] = {}
        self._paths: Mapping[int, str] = {}
        self._icons: dict[str, QIcon] = {}
        # the document's span index as already loaded (by a pane), or None: then it is read
        self.loaded_spans: Callable[[int], SpanIndex | None] = lambda _doc: None
        self.being_read: Callable[[int], bool] = lambda _doc: False  # by a pane's worker
        self._read_spans: Callable[[int], SpanIndex] | None = None
        # the focused pane's coder filter (None: every coder), set by ui/teams/coder_filter.py
        self.coder_filter: frozenset[str] | None = None

    def follow(self, session: ProjectSession) -> None:
        """Keep the shown document's rows in step with the session's change signals."""
        self._fetch = session.records
        self._read_spans = session.span_index

        def codings_changed(docs: frozenset[int], ids: frozenset[int] | None) -> None:
            doc = self.document_id
            if doc is None or doc not in docs:
                return
            if ids is None or len(ids) > BULK:
                spans = self.loaded_spans(doc)
                if spans is None and self.being_read(doc):
                    return  # a pane's worker reads them: its codingsLoaded shows them here
                self.show_document(doc, spans if spans is not None else session.span_index(doc))
                return
            present, gone = session.resolve(ids)
            self.remove_ids(gone)
            self.upsert(present)

        def documents_changed(_ids: frozenset[int]) -> None:
            p = session.project
            if self.document_id is not None and (p is None or p.documents.find(self.document_id) is None):
                self.show_document(None, None)

        session.projectReplaced.connect(lambda: self.show_document(None, None))
        session.projectReplaced.connect(lambda: self.set_codes(session.codebook.by_id,
                                                               session.code_paths))
        session.codebookChanged.connect(lambda _ids: self.set_codes(session.codebook.by_id,
                                                                    session.code_paths))
        session.documentsChanged.connect(documents_changed)
        session.codingsChanged.connect(codings_changed)

    def follow_panes(self, area: PaneArea) -> None:
        """Show the focused pane's document, with its codings as that pane loaded them (none
        while they are being read: they follow with ``codingsLoaded``)."""
        self.loaded_spans = area.loaded_spans
        self.being_read = area.is_reading

        def focused(document_id: int | None) -> None:
            spans = area.loaded_spans(document_id) if document_id is not None else None
            self.show_document(document_id, spans)

        def loaded(pane: Pane) -> None:
            if pane is area.focused:
                self.show_document(pane.document_id, pane.view.span_index())

        area.focusedDocumentChanged.connect(focused)
        area.codingsLoaded.connect(loaded)

    def show_document(self, document_id: int | None, spans: SpanIndex | None) -> None:
        """Another document's rows (a reset); ``spans`` None: none yet (they are being read)."""
        self.beginResetModel()
        self.document_id = document_id
        if spans is None:
            spans = SpanIndex()
        self._starts, self._ends, self._codes_of, self._ids = spans.columns(self.coder_filter)
        self._records = {}
        self.endResetModel()

    def set_codes(self, codes: Mapping[int, Code], paths: Mapping[int, str]) -> None:
        self._codes, self._paths = codes, paths
        if self._ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, 0))

    def set_coder_filter(self, coders: frozenset[str] | None) -> None:
        """List only these coders' codings (None: everyone's)."""
        if coders != self.coder_filter:
            self.coder_filter = coders
            doc = self.document_id
            spans = None if doc is None else self.loaded_spans(doc)
            if spans is None and doc is not None and self._read_spans is not None:
                spans = self._read_spans(doc)
            self.show_document(doc, spans)

    def set_codings(self, document_id: int | None, codings: Iterable[Coding]) -> None:
        """Rows from full records (they are kept: nothing is fetched for them)."""
        codings = list(codings)
        self.show_document(document_id, SpanIndex(codings))
        self._records = {c.id: c for c in codings}

    # -- rows -------------------------------------------------------------------------------------
    def rowCount(self, parent=TOP) -> int:
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent=TOP) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def id_at(self, row: int) -> int:
        return self._ids[row]

    def ids(self) -> list[int]:
        return list(self._ids)

    def record(self, row: int) -> Coding | None:
        """The full record of a row, fetched with its block of rows if not yet here."""
        cid = self._ids[row]
        found = self._records.get(cid)
        if found is None and self._fetch is not None:
            if len(self._records) > CACHED:
                self._records = {}
            first = row - row % BLOCK
            wanted = [i for i in self._ids[first:first + BLOCK] if i not in self._records]
            self._records.update((c.id, c) for c in self._fetch(wanted))
            found = self._records.get(cid)
        return found

    def codings(self) -> list[Coding]:
        """Every row's full record (fetches them all: for small documents and tests)."""
        out = [self.record(r) for r in range(len(self._ids))]
        return [c for c in out if c is not None]

    def coding_at(self, index: QModelIndex) -> Coding | None:
        return self.record(index.row()) if index.isValid() else None

    def row_of(self, coding_id: int) -> int:
        """The row of a coding, -1 if it is not listed (a C scan of an integer array)."""
        try:
            return self._ids.index(coding_id)
        except ValueError:
            return -1

    # -- incremental updates from change notices ------------------------------------------------
    def remove_ids(self, ids: Iterable[int]) -> None:
        for cid in ids:
            row = self.row_of(cid)
            if row >= 0:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._starts[row], self._ends[row], self._codes_of[row], self._ids[row]
                self._records.pop(cid, None)
                self.endRemoveRows()

    def upsert(self, codings: Iterable[Coding]) -> None:
        """Add new codings and move/refresh changed ones, keeping text order."""
        for c in codings:
            if c.document_id != self.document_id:
                continue
            if self.coder_filter is not None and c.coder not in self.coder_filter:
                self.remove_ids([c.id])
                continue
            old = self.row_of(c.id)
            if old >= 0 and (self._starts[old], self._ends[old]) == (c.start, c.end):
                self._codes_of[old] = c.code_id
                self._records[c.id] = c
                self.dataChanged.emit(self.index(old, 0), self.index(old, len(COLUMNS) - 1))
                continue
            if old >= 0:
                self.remove_ids([c.id])
            row = position(self._starts, self._ends, self._ids, c.start, c.end, c.id)
            self.beginInsertRows(QModelIndex(), row, row)
            self._starts.insert(row, c.start)
            self._ends.insert(row, c.end)
            self._codes_of.insert(row, c.code_id)
            self._ids.insert(row, c.id)
            self._records[c.id] = c
            self.endInsertRows()

    # -- QAbstractItemModel ---------------------------------------------------------------------
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row, col = index.row(), index.column()
        if role == CODING_ID_ROLE:
            return self._ids[row]
        if col == 0 and role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.DecorationRole):
            code = self._codes.get(self._codes_of[row])  # no record needed for the code
            if code is None:
                return "?" if role == Qt.ItemDataRole.DisplayRole else None
            if role == Qt.ItemDataRole.DisplayRole:
                return code.name
            icon = self._icons.get(code.color)
            if icon is None:
                icon = self._icons[code.color] = swatch(code.color)
            return icon
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        c = self.record(row)
        if c is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 1:
                quote = " ".join(c.text[:_QUOTE * 2].split())
                return quote if len(quote) <= _QUOTE else quote[: _QUOTE - 1] + "…"
            return c.memo if col == 2 else c.coder
        path = self._paths.get(c.code_id, "")
        memo = f"\nMemo: {c.memo}" if c.memo else ""
        return f"{path} [{c.start}, {c.end}) by {c.coder}{memo}\n\n{c.text[:600]}"

    def flags(self, index: Index) -> Qt.ItemFlag:
        return _FLAGS if index.isValid() else _NO_FLAGS
