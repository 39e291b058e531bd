"""The Sets dock: document sets to create, rename and delete, documents dropped on a set join
it, and choosing a set filters the Documents list to its members; every change undoable."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QInputDialog,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from gwot_reader.core.model import Change
from gwot_reader.ui.documents import commands as cmd
from gwot_reader.ui.documents_model import DOCUMENT_MIME, DocumentsModel, document_ids
from gwot_reader.ui.session import ProjectSession

if TYPE_CHECKING:
    from gwot_reader.store import Project

SET_ROLE = Qt.ItemDataRole.UserRole + 1  # the set's id; None for "All documents"
_DRAG_EVENTS = (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop)


class SetsPanel(QWidget):
    """The sets of the session's project; ``filterChanged(set id or None, label)`` when the
    Documents list is narrowed to a set or shows all again."""

    filterChanged = Signal(object, str)

    def __init__(self, session: ProjectSession, documents_view: QTreeView,
                 documents_model: DocumentsModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.documents_view, self.documents_model = documents_view, documents_model
        self.list = QListWidget()
        self.list.setAccessibleName("Document sets")
        self.list.setToolTip("Choose a set to show only its documents; drop documents from the "
                             "Documents list on a set to add them")
        self.list.setAcceptDrops(True)
        self.list.viewport().setAcceptDrops(True)
        self.list.setDropIndicatorShown(True)
        self.list.viewport().installEventFilter(self)
        self.list.currentItemChanged.connect(lambda _new, _old: self._apply_filter())
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._menu)
        self.list.itemDoubleClicked.connect(lambda item: self.rename() if self.set_id_of(item)
                                            else None)
        self.new_button = QPushButton("&New set…")
        self.rename_button = QPushButton("Rena&me…")
        self.delete_button = QPushButton("De&lete")
        self.new_button.clicked.connect(lambda: self.new_set())
        self.rename_button.clicked.connect(lambda: self.rename())
        self.delete_button.clicked.connect(lambda: self.delete())
        row = QHBoxLayout()
        for b in (self.new_button, self.rename_button, self.delete_button):
            row.addWidget(b)
        row.addStretch(1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(2, 2, 2, 2)
        lay.addWidget(self.list, 1)
        lay.addLayout(row)
        self._members: frozenset[int] | None = None  # the filter: documents shown, None: all
        session.projectReplaced.connect(self._project_replaced)
        session.changed.connect(self._on_change)
        m = documents_model
        for sig in (m.modelReset, m.rowsInserted, m.rowsRemoved, m.rowsMoved, m.layoutChanged):
            sig.connect(lambda *_args: self._hide_rows())
        self.refresh()

    @property
    def project(self) -> Project | None:
        return self.session.project

    # -- the list ----------------------------------------------------------------------------------
    def refresh(self) -> None:
        """The sets as the project holds them; the chosen one stays chosen if it still exists."""
        keep = self.current_set_id()
        p = self.project
        self.list.blockSignals(True)
        self.list.clear()
        if p is not None:
            memberships = p.sets.memberships()
            everything = QListWidgetItem(f"All documents ({len(self.documents_model.documents())})")
            everything.setData(SET_ROLE, None)
            self.list.addItem(everything)
            for s in p.sets.all():
                item = QListWidgetItem(f"{s.name} ({len(memberships.get(s.id, []))})")
                item.setData(SET_ROLE, s.id)
                item.setToolTip(s.description or s.name)
                self.list.addItem(item)
        row = next((i for i in range(self.list.count())
                    if self.list.item(i).data(SET_ROLE) == keep), 0)
        if self.list.count():
            self.list.setCurrentRow(row)
        self.list.blockSignals(False)
        self._apply_filter()

    def _enable(self) -> None:
        chosen = bool(self.current_set_id())
        self.new_button.setEnabled(self.project is not None)
        self.rename_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)

    def set_id_of(self, item: QListWidgetItem | None) -> int | None:
        return item.data(SET_ROLE) if item is not None else None

    def current_set_id(self) -> int | None:
        return self.set_id_of(self.list.currentItem())

    def choose(self, set_id: int | None) -> None:
        """Show only the documents of this set in the Documents list (None: all)."""
        for i in range(self.list.count()):
            if self.list.item(i).data(SET_ROLE) == set_id:
                self.list.setCurrentRow(i)
                return

    def _project_replaced(self) -> None:
        self.list.blockSignals(True)
        self.list.clear()  # the old project's sets mean nothing in the new one
        self.list.blockSignals(False)
        self.refresh()

    def _on_change(self, change: Change | None) -> None:
        if change is None or change.kind in ("sets", "documents"):
            self.refresh()

    # -- the filter ------------------------------------------------------------------------------
    def _apply_filter(self) -> None:
        set_id, p = self.current_set_id(), self.project
        members = frozenset(p.sets.members(set_id)) if p is not None and set_id else None
        self._members = members
        self._hide_rows()
        item = self.list.currentItem()
        label = item.text().rsplit(" (", 1)[0] if item is not None and set_id else ""
        self.filterChanged.emit(set_id, label)
        self._enable()

    def _hide_rows(self) -> None:
        for row, doc in enumerate(self.documents_model.documents()):
            hidden = self._members is not None and doc.id not in self._members
            self.documents_view.setRowHidden(row, self.documents_view.rootIndex(), hidden)

    def shown_documents(self) -> list[int]:
        """Ids of the documents the Documents list shows now."""
        return [d.id for row, d in enumerate(self.documents_model.documents())
                if not self.documents_view.isRowHidden(row, self.documents_view.rootIndex())]

    # -- asking the user (tests replace these) -----------------------------------------------------
    def ask_name(self, title: str, text: str = "") -> str | None:
        value, ok = QInputDialog.getText(self, title, "Name of the set:", text=text)
        return value.strip() if ok and value.strip() else None

    def confirm(self, text: str) -> bool:
        answer = QMessageBox.question(self, "Delete set", text, QMessageBox.StandardButton.Yes
                                      | QMessageBox.StandardButton.Cancel,
                                      QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Yes

    # -- the operations (each one undo step) -----------------------------------------------------
    def new_set(self, document_ids: list[int] | None = None) -> None:
        p = self.project
        name = self.ask_name("New document set") if p is not None else None
        if p is None or name is None:
            return
        command = cmd.NewSet(p, name, list(document_ids or []))
        if self.session.push(command):
            self.choose(command.set_id)

    def rename(self) -> None:
        p, set_id = self.project, self.current_set_id()
        if p is None or not set_id:
            return
        old = p.sets.get(set_id).name
        name = self.ask_name("Rename document set", old)
        if name and name != old:
            self.session.push(cmd.RenameSet(p, set_id, name))

    def delete(self) -> None:
        p, set_id = self.project, self.current_set_id()
        if p is None or not set_id:
            return
        found = p.sets.get(set_id)
        n = len(p.sets.members(set_id))
        if self.confirm(f"Delete the set {found.name!r}? Its {n} document{'s' * (n != 1)} stay "
                        "in the project.\n\nEdit > Undo brings the set back."):
            self.session.push(cmd.RemoveSet(p, set_id, found.name))

    def add_documents(self, set_id: int, ids: list[int]) -> bool:
        p = self.project
        if p is None or not ids:
            return False
        name = p.sets.get(set_id).name
        new = [d for d in ids if d not in set(p.sets.members(set_id))]
        if not new:  # no empty step on the undo stack
            self.session.tell(f"Already in {name!r}", 4000)
            return False
        if not self.session.push(cmd.SetMembership(p, set_id, new, True, name)):
            return False
        self.session.tell(f"Added {len(new)} document{'s' * (len(new) != 1)} to {name!r}", 4000)
        return True

    def remove_documents(self, set_id: int, ids: list[int]) -> bool:
        p = self.project
        if p is None or not ids:
            return False
        return self.session.push(cmd.SetMembership(p, set_id, ids, False,
                                                   p.sets.get(set_id).name))

    def _menu(self, pos: QPoint) -> None:
        self.build_menu(self.list.itemAt(pos)).popup(self.list.viewport().mapToGlobal(pos))

    def build_menu(self, item: QListWidgetItem | None) -> QMenu:
        if item is not None:
            self.list.setCurrentItem(item)
        menu = QMenu(self)
        menu.addAction("&New set…", lambda: self.new_set())
        set_id = self.set_id_of(item)
        if set_id:
            menu.addAction("Rena&me…", lambda: self.rename())
            menu.addAction("De&lete", lambda: self.delete())
            doc = self.documents_model.document_at(self.documents_view.currentIndex())
            if doc is not None and self.project is not None and \
                    doc.id in self.project.sets.members(set_id):
                menu.addSeparator()
                menu.addAction(f"Take {doc.name!r} out of this set",
                               lambda: self.remove_documents(set_id, [doc.id]))
        return menu

    # -- documents dropped on a set ----------------------------------------------------------------
    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is not self.list.viewport() or event.type() not in _DRAG_EVENTS:
            return False
        assert isinstance(event, QDropEvent)
        if not event.mimeData().hasFormat(DOCUMENT_MIME):
            return False
        set_id = self.set_id_of(self.list.itemAt(event.position().toPoint()))
        if not set_id:
            event.ignore()
            return True
        if event.type() == QEvent.Type.Drop:
            self.add_documents(set_id, document_ids(event.mimeData()))
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()
        return True


def install(ui: Any, w: Any) -> tuple[SetsPanel, QDockWidget]:
    """The Sets dock under the Documents list, listed under View; hidden until asked for
    (View > Sets, Documents > Document sets…, or a new set made from the list's menu), so the
    codebook keeps its height."""
    panel = SetsPanel(ui.session, w.documents_view, w.documents_model)
    dock = QDockWidget("Sets", w)
    dock.setObjectName("sets_dock")
    dock.setWidget(panel)
    w.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)
    w.splitDockWidget(w.documents_dock, dock, Qt.Orientation.Vertical)
    dock.hide()

    def retitle(set_id: object, label: str) -> None:
        title = f"Documents — set {label}" if set_id else "Documents"
        w.documents_dock.setWindowTitle(title.replace("&", "&&"))

    panel.filterChanged.connect(retitle)
    return panel, dock
