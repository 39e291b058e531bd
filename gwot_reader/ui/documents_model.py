"""The document list as a Qt item model (title, authors, year); rows drag into panes."""

from __future__ import annotations

import json

from PySide6.QtCore import QMimeData, QModelIndex, Qt

from gwot_reader.core.model import Document
from gwot_reader.ui.table_base import RowsModel

DOCUMENT_MIME = "application/x-gwot-document"
DOC_ID_ROLE = Qt.ItemDataRole.UserRole + 1
COLUMNS = ("Title", "Authors", "Year")



class DocumentsModel(RowsModel):
    COLUMNS = COLUMNS

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[Document] = []
        self._counts: dict[int, int] = {}

    def set_documents(self, docs: list[Document], counts: dict[int, int] | None = None) -> None:
        self.beginResetModel()
        self._rows = list(docs)
        self._counts = dict(counts or {})
        self.endResetModel()

    def documents(self) -> list[Document]:
        return list(self._rows)

    def document_at(self, index: QModelIndex) -> Document | None:
        return self._rows[index.row()] if index.isValid() else None

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
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

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
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
        return [int(i) for i in json.loads(bytes(data.data(DOCUMENT_MIME)).decode())["document_ids"]]
    except (ValueError, KeyError, TypeError):
        return []
