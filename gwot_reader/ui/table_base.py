"""What the window's item models share: a fixed header, and for flat tables rows from a list."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

TOP = QModelIndex()  # the invisible root, as a default argument
Index = QModelIndex | QPersistentModelIndex  # what Qt passes to data() and flags()


class HeaderMixin:
    """Horizontal header labels from the class's ``COLUMNS``."""

    COLUMNS: tuple[str, ...] = ()

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section]
        return None


class RowsModel(HeaderMixin, QAbstractTableModel):
    """A flat table over a Python list held in ``self._rows``."""

    _rows: list

    def rowCount(self, parent=TOP) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=TOP) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)
