"""The codebook tree as a Qt item model: a thin adapter over core.codebook.CodebookTree."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractItemModel, QMimeData, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QIcon, QPixmap

from gwot_reader.core.codebook import CodebookTree
from gwot_reader.core.model import Code
from gwot_reader.ui.table_base import TOP, HeaderMixin, Index

if TYPE_CHECKING:
    from gwot_reader.ui.session import ProjectSession

CODE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
CODE_MIME = "application/x-gwot-code"  # a code dragged within the tree, to move it
COLUMNS = ("Code", "Key", "Codings")

_TOP = TOP


class _Node:
    """One row: a code (or the invisible root) with its parent and children."""

    __slots__ = ("children", "code", "parent", "row")

    def __init__(self, code: Code | None, parent: _Node | None, row: int) -> None:
        self.code = code
        self.parent = parent
        self.row = row
        self.children: list[_Node] = []


def _renumber(node: _Node) -> None:
    for row, child in enumerate(node.children):
        child.row = row


def swatch(color: str, size: int = 12) -> QIcon:
    pix = QPixmap(size, size)
    pix.fill(QColor(color))
    return QIcon(pix)


class CodebookModel(HeaderMixin, QAbstractItemModel):
    COLUMNS = COLUMNS

    """Codes with colour swatch, number-key binding and codings count; accepts span drops."""

    spanDropped = Signal(int, int, int, int)  # code id, document id, start, end
    codeDropped = Signal(int, object, int)  # code id, new parent id (None: top), row (-1: end)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.tree = CodebookTree([])
        self._root = _Node(None, None, 0)
        self._nodes: dict[int, _Node] = {}
        self._counts: dict[int, tuple[int, int]] = {}
        self._keys: dict[int, int] = {}  # code id -> number key 1-9
        self._icons: dict[str, QIcon] = {}

    def follow(self, session: ProjectSession) -> None:
        """Keep the rows in step with the session: rebuilt for a new project, updated in place
        for codebook changes, counts refreshed once per event-loop turn after codings change."""
        counts_timer = QTimer(self, singleShot=True, interval=0)

        def counts() -> dict[int, tuple[int, int]]:
            return session.project.codings.counts_by_code() if session.project is not None else {}

        counts_timer.timeout.connect(lambda: self.set_counts(counts()))
        session.projectReplaced.connect(lambda: self.set_codebook(session.codebook, counts()))
        session.codebookChanged.connect(lambda _ids: self.update_codebook(session.codebook))
        session.codingsChanged.connect(lambda _docs, _ids: counts_timer.start())

    # -- data in --------------------------------------------------------------------------------
    def set_codebook(self, tree: CodebookTree, counts: dict[int, tuple[int, int]]) -> None:
        self.beginResetModel()
        self.tree = tree
        self._counts = dict(counts)
        self._root = _Node(None, None, 0)
        self._nodes = {}
        self._build(self._root, None)
        self.endResetModel()

    def _build(self, node: _Node, parent_id: int | None) -> None:
        for row, code in enumerate(self.tree.children(parent_id)):
            child = _Node(code, node, row)
            node.children.append(child)
            self._nodes[code.id] = child
            self._build(child, code.id)

    # -- in place: a recolour or rename changes one row, a new code inserts one ------------------
    def update_codebook(self, tree: CodebookTree) -> None:
        """Bring the rows to ``tree`` without a reset: removed codes' rows go, moved ones move,
        new ones are inserted and edited ones signal ``dataChanged`` (selection and expansion
        stay as they are)."""
        if not self._nodes:
            self.set_codebook(tree, self._counts)
            return
        old_tree, self.tree = self.tree, tree
        gone = [cid for cid in self._nodes if cid not in tree.by_id]
        for cid in gone:
            node = self._nodes.get(cid)
            if node is not None and node.parent is not None:
                self._remove(node)
        self._sync_children(self._root, None)
        for cid, code in tree.by_id.items():
            old = old_tree.by_id.get(cid)
            if old is not None and (old != code or old_tree.path(cid) != tree.path(cid)):
                node = self._nodes[cid]
                node.code = code
                self.dataChanged.emit(self.createIndex(node.row, 0, node),
                                      self.createIndex(node.row, len(COLUMNS) - 1, node))

    def _index(self, node: _Node) -> QModelIndex:
        return QModelIndex() if node is self._root else self.createIndex(node.row, 0, node)

    def _remove(self, node: _Node) -> None:
        parent = node.parent
        assert parent is not None
        self.beginRemoveRows(self._index(parent), node.row, node.row)
        del parent.children[node.row]
        _renumber(parent)
        self._forget(node)
        self.endRemoveRows()

    def _forget(self, node: _Node) -> None:
        if node.code is not None and self._nodes.get(node.code.id) is node:
            del self._nodes[node.code.id]
        for child in node.children:
            self._forget(child)

    def _sync_children(self, node: _Node, parent_id: int | None) -> None:
        wanted = self.tree.children(parent_id)
        want_ids = {c.id for c in wanted}
        for child in [c for c in node.children if c.code is not None and c.code.id not in want_ids]:
            self._remove(child)  # it moved elsewhere: inserted again under its new parent
        for row, code in enumerate(wanted):
            current = node.children[row] if row < len(node.children) else None
            if current is not None and current.code is not None and current.code.id == code.id:
                continue
            later = next((c for c in node.children[row + 1:] if c.code is not None
                          and c.code.id == code.id), None)
            if later is not None:  # reordered among its siblings
                parent = self._index(node)
                self.beginMoveRows(parent, later.row, later.row, parent, row)
                node.children.remove(later)
                node.children.insert(row, later)
                _renumber(node)
                self.endMoveRows()
                continue
            self.beginInsertRows(self._index(node), row, row)
            child = _Node(code, node, row)
            node.children.insert(row, child)
            _renumber(node)
            self._nodes[code.id] = child
            self._build(child, code.id)
            self.endInsertRows()
        for child in node.children:
            assert child.code is not None
            self._sync_children(child, child.code.id)

    def set_counts(self, counts: dict[int, tuple[int, int]]) -> None:
        changed = [cid for cid in set(counts) | set(self._counts)
                   if counts.get(cid) != self._counts.get(cid)]
        self._counts = dict(counts)
        for cid in changed:
            self._emit_changed(cid, 2)

    def set_keys(self, keys: dict[int, int]) -> None:
        old, self._keys = self._keys, dict(keys)
        for cid in set(old) | set(keys):
            if old.get(cid) != keys.get(cid):
                self._emit_changed(cid, 1)

    def _emit_changed(self, code_id: int, column: int) -> None:
        node = self._nodes.get(code_id)
        if node is not None:
            idx = self.createIndex(node.row, column, node)
            self.dataChanged.emit(idx, idx)

    # -- lookups --------------------------------------------------------------------------------
    def code_at(self, index: QModelIndex) -> Code | None:
        if not index.isValid():
            return None
        return index.internalPointer().code

    def index_of(self, code_id: int, column: int = 0) -> QModelIndex:
        node = self._nodes.get(code_id)
        return self.createIndex(node.row, column, node) if node else QModelIndex()

    def count(self, code_id: int) -> int:
        return self._counts.get(code_id, (0, 0))[0]

    # -- QAbstractItemModel ---------------------------------------------------------------------
    def index(self, row: int, column: int, parent=_TOP) -> QModelIndex:
        node = parent.internalPointer() if parent.isValid() else self._root
        if parent.isValid() and parent.column() != 0:
            return QModelIndex()
        if 0 <= row < len(node.children) and 0 <= column < len(COLUMNS):
            return self.createIndex(row, column, node.children[row])
        return QModelIndex()

    def parent(self, index=_TOP) -> QModelIndex:  # type: ignore[override]
        if not index.isValid():
            return QModelIndex()
        node = index.internalPointer().parent
        if node is None or node is self._root:
            return QModelIndex()
        return self.createIndex(node.row, 0, node)

    def rowCount(self, parent=_TOP) -> int:
        if parent.isValid():
            return len(parent.internalPointer().children) if parent.column() == 0 else 0
        return len(self._root.children)

    def columnCount(self, parent=_TOP) -> int:
        return len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        code: Code = index.internalPointer().code
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return code.name
            if col == 1:
                key = self._keys.get(code.id)
                return str(key) if key else ""
            if col == 2 and not code.is_category:
                return str(self.count(code.id))
            return ""
        if role == Qt.ItemDataRole.DecorationRole and col == 0:
            if code.is_category:
                return None
            icon = self._icons.get(code.color)
            if icon is None:
                icon = self._icons[code.color] = swatch(code.color)
            return icon
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(code)
        if role == Qt.ItemDataRole.FontRole and code.is_category and col == 0:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (1, 2):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == CODE_ID_ROLE:
            return code.id
        return None

    def _tooltip(self, code: Code) -> str:
        parts = [f"<b>{html.escape(self.tree.path(code.id))}</b>"]
        for label, text in (("Definition", code.definition), ("Use when", code.use_when),
                            ("Do not use when", code.do_not_use_when), ("Example", code.example)):
            if text:
                parts.append(f"<b>{label}:</b> {html.escape(text)}")
        if not code.is_category:
            n, nd = self._counts.get(code.id, (0, 0))
            parts.append(f"{n} codings in {nd} documents")
            if code.id in self._keys:
                parts.append(f"Key {self._keys[code.id]} applies it to the selection")
        return "<p style='white-space:normal'>" + "<br>".join(parts) + "</p>"

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled  # a code dropped on empty space: the top level
        # canDropMimeData decides per format (no spans on categories, no code into itself)
        return (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsDragEnabled | Qt.ItemFlag.ItemIsDropEnabled)

    # -- drops of a selected span onto a code ---------------------------------------------------
    def mimeTypes(self) -> list[str]:
        return [_span_mime().SPAN_MIME, CODE_MIME]

    def mimeData(self, indexes) -> QMimeData:
        mime = QMimeData()
        codes = [c for i in indexes if i.isValid() and i.column() == 0
                 if (c := self.code_at(i)) is not None]
        if codes:
            mime.setData(CODE_MIME, str(codes[0].id).encode("ascii"))
        return mime

    def _dragged_code(self, data: QMimeData) -> int | None:
        try:
            code_id = int(bytes(data.data(CODE_MIME).data()).decode("ascii"))
        except ValueError:
            return None
        return code_id if code_id in self._nodes else None

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction | Qt.DropAction.MoveAction

    def canDropMimeData(self, data: QMimeData, action, row, column, parent) -> bool:
        code = self.code_at(parent)
        if data.hasFormat(CODE_MIME):
            moved = self._dragged_code(data)
            return moved is not None and (code is None or (
                code.id != moved and moved not in self.tree.ancestors(code.id)))
        return bool(data.hasFormat(_span_mime().SPAN_MIME) and code is not None
                    and not code.is_category)

    def dropMimeData(self, data: QMimeData, action, row, column, parent) -> bool:
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        if data.hasFormat(CODE_MIME):
            target = self.code_at(parent)
            self.codeDropped.emit(self._dragged_code(data), target.id if target else None, row)
            return False  # the store moves it; the tree is rebuilt from the change notice
        span = _span_mime().span_from_mime(data)
        if span is None:
            return False
        target = self.code_at(parent)
        assert target is not None  # canDropMimeData checked it
        self.spanDropped.emit(target.id, *span)
        return False  # nothing moved in the model; the coding arrives via a change notice


def _span_mime():
    """The DocumentView's drag format, imported on the first drag: the document view's package
    is heavy and the window should paint before it loads."""
    from gwot_reader.ui.docview import mime

    return mime


__all__ = ["CODE_ID_ROLE", "CODE_MIME", "CodebookModel"]
