"""The document list as a Qt item model (title, authors, year); rows drag into panes."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData, QModelIndex, Qt

from gwot_reader.core.model import Document
from gwot_reader.ui.table_base import Index, RowsModel

if TYPE_CHECKING:
    from gwot_reader.ui.session import ProjectSession

DOCUMENT_MIME = "application/x-gwot-document"
DOC_ID_ROLE = Qt.ItemDataRole.UserRole + 1
COLUMNS = ("Title", "Authors", "Year")



class DocumentsModel(RowsModel):
    COLUMNS = COLUMNS

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[Document] = []
        self._counts: dict[int, int] = {}

    def follow(self, session: ProjectSession) -> None:
        """Rows from the session's project: reset for a new project, in place for changes."""
        def load(reset: bool) -> None:
            p = session.project
            docs, counts = (p.documents.all(), p.codings.counts_by_document()) if p else ([], {})
            if reset:
                self.set_documents(docs, counts)
            else:
                self.update_documents(docs, counts)

        session.projectReplaced.connect(lambda: load(True))
        session.documentsChanged.connect(lambda _ids: load(False))

    def set_documents(self, docs: list[Document], counts: dict[int, int] | None = None) -> None:
        self.beginResetModel()
        self._rows = list(docs)
        self._counts = dict(counts or {})
        self.endResetModel()

    def update_documents(self, docs: list[Document], counts: dict[int, int]) -> None:
        """Remove, insert and refresh rows to match ``docs`` (in their order), without a reset."""
        self._counts = dict(counts)
        wanted = {d.id for d in docs}
        for row in reversed(range(len(self._rows))):
            if self._rows[row].id not in wanted:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._rows[row]
                self.endRemoveRows()
        for row, doc in enumerate(docs):
            ids = [d.id for d in self._rows]
            if row < len(self._rows) and self._rows[row].id == doc.id:
                if self._rows[row] != doc:
                    self._rows[row] = doc
                    self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))
                continue
            if doc.id in ids:  # moved: take it out of its old place first
                old = ids.index(doc.id)
                self.beginMoveRows(QModelIndex(), old, old, QModelIndex(), row)
                self._rows.insert(row, self._rows.pop(old))
                self.endMoveRows()
                self._rows[row] = doc
                continue
            self.beginInsertRows(QModelIndex(), row, row)
            self._rows.insert(row, doc)
            self.endInsertRows()

    def documents(self) -> list[Document]:
        return list(self._rows)

    def document_at(self, index: QModelIndex) -> Document | None:
        return self._rows[index.row()] if index.isValid() else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        d = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (d.title or d.name, d.authors, "" if d.year is None else str(d.year))[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [d.name, d.title, d.authors, d.kind, f"{d.length:,} characters, "
                     f"{self._counts.get(d.id, 0)} codings", d.notes]
            return "\n".join(x for x in lines if x)
        if role == DOC_ID_ROLE:
            return d.id
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled

    def mimeTypes(self) -> list[str]:
        return [DOCUMENT_MIME]

    def mimeData(self, indexes) -> QMimeData:
        ids = sorted({self._rows[i.row()].id for i in indexes if i.isValid()})
        data = QMimeData()
        data.setData(DOCUMENT_MIME, json.dumps({"document_ids": ids}).encode("utf-8"))
        return data


def document_ids(data: QMimeData) -> list[int]:
    try:
        return [int(i) for i in json.loads(bytes(data.data(DOCUMENT_MIME).data()).decode())["document_ids"]]
    except (ValueError, KeyError, TypeError):
        return []
