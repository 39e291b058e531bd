"""The codings of one document in text order, as a Qt item model for the annotation pane."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QIcon

from gwot_reader.core.model import Code, Coding
from gwot_reader.ui.codebook_model import swatch
from gwot_reader.ui.table_base import Index, RowsModel

if TYPE_CHECKING:
    from gwot_reader.ui.session import ProjectSession

BULK = 200  # codings changed at once beyond which the document's rows are read again

CODING_ID_ROLE = Qt.ItemDataRole.UserRole + 1
COLUMNS = ("Code", "Text", "Memo", "Coder")  # the quote second: it is what a reader scans
_QUOTE = 160  # characters of the quoted text shown in a row
# Computed once: views ask for flags per row, and combining enums in Python is slow.
_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_NO_FLAGS = Qt.ItemFlag.NoItemFlags



def _key(c: Coding) -> tuple[int, int, int]:
    return (c.start, c.end, c.id)


class AnnotationsModel(RowsModel):
    COLUMNS = COLUMNS

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.document_id: int | None = None
        self._rows: list[Coding] = []
        self._keys: list[tuple[int, int, int]] = []
        self._key_of: dict[int, tuple[int, int, int]] = {}  # coding id -> its sort key
        self._codes: Mapping[int, Code] = {}
        self._paths: Mapping[int, str] = {}
        self._icons: dict[str, QIcon] = {}
        self._session: ProjectSession | None = None
        # the focused pane's coder filter (None: every coder), set by ui/teams/coder_filter.py
        self.coder_filter: frozenset[str] | None = None

    def follow(self, session: ProjectSession) -> None:
        """Keep the shown document's rows in step with the session's change signals."""
        self._session = session

        def codings_changed(docs: frozenset[int], ids: frozenset[int] | None) -> None:
            if self.document_id is None or self.document_id not in docs:
                return
            if ids is None or len(ids) > BULK:
                self.set_codings(self.document_id, session.codings(self.document_id))
                return
            present, gone = session.resolve(ids)
            self.remove_ids(gone)
            self.upsert(present)

        def documents_changed(_ids: frozenset[int]) -> None:
            p = session.project
            if self.document_id is not None and (p is None or p.documents.find(self.document_id) is None):
                self.set_codings(None, [])

        session.projectReplaced.connect(lambda: self.set_codings(None, []))
        session.projectReplaced.connect(lambda: self.set_codes(session.codebook.by_id,
                                                               session.code_paths))
        session.codebookChanged.connect(lambda _ids: self.set_codes(session.codebook.by_id,
                                                                    session.code_paths))
        session.documentsChanged.connect(documents_changed)
        session.codingsChanged.connect(codings_changed)

    def show_document(self, document_id: int | None) -> None:
        """The codings of another document (a reset: every row is new)."""
        session = self._session
        codings = session.codings(document_id) if session is not None else []
        self.set_codings(document_id, codings)

    def set_codes(self, codes: Mapping[int, Code], paths: Mapping[int, str]) -> None:
        self._codes, self._paths = codes, paths
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, 0))

    def set_coder_filter(self, coders: frozenset[str] | None) -> None:
        """List only these coders' codings (None: everyone's)."""
        if coders != self.coder_filter:
            self.coder_filter = coders
            self.show_document(self.document_id)

    def set_codings(self, document_id: int | None, codings: Iterable[Coding]) -> None:
        self.beginResetModel()
        self.document_id = document_id
        keep = self.coder_filter
        self._rows = sorted((c for c in codings if keep is None or c.coder in keep), key=_key)
        self._keys = [_key(c) for c in self._rows]
        self._key_of = {c.id: k for c, k in zip(self._rows, self._keys, strict=True)}
        self.endResetModel()

    def codings(self) -> list[Coding]:
        return list(self._rows)

    def coding_at(self, index: QModelIndex) -> Coding | None:
        return self._rows[index.row()] if index.isValid() else None

    def row_of(self, coding_id: int) -> int:
        """The row of a coding in O(log n), -1 if it is not listed."""
        key = self._key_of.get(coding_id)
        return -1 if key is None else bisect_left(self._keys, key)

    # -- incremental updates from change notices ------------------------------------------------
    def remove_ids(self, ids: Iterable[int]) -> None:
        for cid in ids:
            row = self.row_of(cid)
            if row >= 0:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._rows[row]
                del self._keys[row]
                del self._key_of[cid]
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
            if old >= 0 and self._keys[old] == _key(c):
                self._rows[old] = c
                self.dataChanged.emit(self.index(old, 0), self.index(old, len(COLUMNS) - 1))
                continue
            if old >= 0:
                self.remove_ids([c.id])
            row = bisect_left(self._keys, _key(c))
            self.beginInsertRows(QModelIndex(), row, row)
            self._rows.insert(row, c)
            self._keys.insert(row, _key(c))
            self._key_of[c.id] = _key(c)
            self.endInsertRows()

    # -- QAbstractItemModel ---------------------------------------------------------------------
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        c = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                code = self._codes.get(c.code_id)
                return code.name if code else "?"
            if col == 1:
                quote = " ".join(c.text.split())
                return quote if len(quote) <= _QUOTE else quote[: _QUOTE - 1] + "…"
            if col == 2:
                return c.memo
            return c.coder
        if role == Qt.ItemDataRole.DecorationRole and col == 0:
            code = self._codes.get(c.code_id)
            if code is not None:
                icon = self._icons.get(code.color)
                if icon is None:
                    icon = self._icons[code.color] = swatch(code.color)
                return icon
        if role == Qt.ItemDataRole.ToolTipRole:
            path = self._paths.get(c.code_id, "")
            memo = f"\nMemo: {c.memo}" if c.memo else ""
            return f"{path} [{c.start}, {c.end}) by {c.coder}{memo}\n\n{c.text[:600]}"
        if role == CODING_ID_ROLE:
            return c.id
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        return _FLAGS if index.isValid() else _NO_FLAGS
