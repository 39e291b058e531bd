"""The Documents list's menu, keys and drag to reorder: rename, metadata, remove, sets; undoable."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QDropEvent
from PySide6.QtWidgets import QAbstractItemView, QInputDialog, QMenu, QMessageBox, QTreeView, QWidget

from gwot_reader.core.model import Document
from gwot_reader.ui import keys
from gwot_reader.ui.documents import commands as cmd
from gwot_reader.ui.documents_model import DOCUMENT_MIME, DocumentsModel
from gwot_reader.ui.session import ProjectSession
from gwot_reader.ui.undo import StoreCommand

if TYPE_CHECKING:
    from gwot_reader.store import Project

_DRAG_EVENTS = (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop)


class DocumentListActions(QObject):
    """The documents list's actions, built with the session (project, undo), the list's view and
    model, and the widget that owns their dialogs; keys from ui/keys.py."""

    setsShown = Signal()  # the user asked for the Sets panel (or made a set from the menu)

    def __init__(self, session: ProjectSession, view: QTreeView, model: DocumentsModel,
                 parent: QWidget) -> None:
        super().__init__(parent)
        self.session, self.model, self.widget = session, model, parent
        self.view = view
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.customContextMenuRequested.connect(self.show_menu)
        view.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        view.setAcceptDrops(True)
        view.setDropIndicatorShown(True)
        self._viewport = view.viewport()
        self._viewport.installEventFilter(self)
        self.act_rename = self._action("&Rename…", self.rename, "rename_document")
        self.act_edit = self._action("&Edit metadata…", self.edit_metadata, "edit_document")
        self.act_remove = self._action("Re&move…", self.remove, "remove_document")
        self.act_up = self._action("Move &up", lambda: self.move(-1), "document_up")
        self.act_down = self._action("Move &down", lambda: self.move(1), "document_down")
        for act in self.menu_actions():
            view.addAction(act)

    def _action(self, text: str, slot: Any, name: str) -> QAction:
        act = QAction(text, self.widget)
        # only while the list has the focus: Delete and F2 mean other things elsewhere
        keys.bind(act, name, widget_only=True)
        act.triggered.connect(lambda _checked=False: slot())
        return act

    @property
    def project(self) -> Project:
        assert self.session.project is not None
        return self.session.project

    def menu_actions(self) -> list[QAction]:
        return [self.act_rename, self.act_edit, self.act_remove, self.act_up, self.act_down]

    # -- asking the user (tests replace these) --------------------------------------------------
    def confirm(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(self.widget, title, text, QMessageBox.StandardButton.Yes
                                      | QMessageBox.StandardButton.Cancel,
                                      QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Yes

    def ask_text(self, title: str, label: str, text: str = "") -> str | None:
        value, ok = QInputDialog.getText(self.widget, title, label, text=text)
        return value.strip() if ok and value.strip() else None

    def ask_metadata(self, doc: Document) -> dict[str, Any] | None:
        from gwot_reader.ui.documents.metadata_dialog import MetadataDialog

        kinds = sorted({d.kind for d in self.project.documents.all()})
        dialog = MetadataDialog(doc, kinds, self.project.curation.coding_count(doc.id), self.widget)
        if dialog.exec() != MetadataDialog.DialogCode.Accepted:
            return None
        return dialog.changes()

    # -- the operations -------------------------------------------------------------------------
    def current(self) -> Document | None:
        return self.model.document_at(self.view.currentIndex())

    def _push(self, command: StoreCommand) -> bool:
        return self.session.push(command)

    def rename(self) -> None:
        doc = self.current()
        if doc is None:
            return
        name = self.ask_text("Rename document", "New name:", doc.name)
        if name and name != doc.name:
            self._push(cmd.EditDocument(self.project, doc.id, {"name": name},
                                        f"Rename {doc.name!r}"))

    def edit_metadata(self) -> None:
        doc = self.current()
        if doc is None:
            return
        changes = self.ask_metadata(doc)
        if changes:
            self._push(cmd.EditDocument(self.project, doc.id, changes,
                                        f"Edit metadata of {doc.name!r}"))

    def remove(self) -> None:
        doc = self.current()
        if doc is None:
            return
        n = self.project.curation.coding_count(doc.id)
        with_codings = f" and its {n:,} coding{'s' if n != 1 else ''}" if n else ""
        if self.confirm("Remove document", f"Remove {doc.name!r}{with_codings} from the "
                        "project?\n\nEdit > Undo brings it back."):
            if self._push(cmd.RemoveDocument(self.project, doc.id, repr(doc.name))):
                self.session.tell(f"Removed {doc.name!r}{with_codings}", 5000)

    def move(self, step: int) -> None:
        doc = self.current()
        if doc is not None:
            order = [d.id for d in self.model.documents()]
            self.move_to(doc.id, order.index(doc.id) + step)

    def move_to(self, document_id: int, index: int) -> None:
        order = [d.id for d in self.model.documents()]
        if document_id not in order or not 0 <= index < len(order):
            return
        old = order.index(document_id)
        if index == old:
            return
        order.insert(index, order.pop(old))
        if self._push(cmd.ReorderDocuments(self.project, order)):
            self.view.setCurrentIndex(self.model.index(index, 0))

    # -- sets -----------------------------------------------------------------------------------
    def toggle_set(self, set_id: int, document_id: int, add: bool, label: str) -> None:
        self._push(cmd.SetMembership(self.project, set_id, [document_id], add, label))

    def new_set(self, document_id: int) -> None:
        name = self.ask_text("New document set", "Name of the set:")
        if name and self._push(cmd.NewSet(self.project, name, [document_id])):
            self.setsShown.emit()

    def sets_menu(self, menu: QMenu, doc: Document) -> None:
        sub = menu.addMenu("Document &sets")
        inside = {s.id for s in self.project.sets.sets_of(doc.id)}
        for s in self.project.sets.all():
            act = sub.addAction(s.name)
            act.setCheckable(True)
            act.setChecked(s.id in inside)
            act.triggered.connect(lambda checked, sid=s.id, name=s.name:
                                  self.toggle_set(sid, doc.id, checked, name))
        sub.addSeparator()
        sub.addAction("&New set with this document…").triggered.connect(
            lambda _checked=False: self.new_set(doc.id))
        sub.addAction("Show the Sets &panel").triggered.connect(
            lambda _checked=False: self.setsShown.emit())

    def build_menu(self) -> QMenu:
        menu = QMenu(self.view)
        doc = self.current()
        for act in self.menu_actions():
            act.setEnabled(doc is not None)
            menu.addAction(act)
        if doc is not None:
            menu.addSeparator()
            self.sets_menu(menu, doc)
        return menu

    def show_menu(self, pos: QPoint) -> None:
        index = self.view.indexAt(pos)
        if index.isValid():
            self.view.setCurrentIndex(index)
        self.build_menu().popup(self.view.viewport().mapToGlobal(pos))

    # -- drag to reorder ------------------------------------------------------------------------
    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        # Compared by identity first: this also runs while the window is being torn down.
        if obj is not self._viewport or event.type() not in _DRAG_EVENTS:
            return False
        assert isinstance(event, QDropEvent)  # QDragEnterEvent and QDragMoveEvent are ones too
        if event.source() is not self.view or not event.mimeData().hasFormat(DOCUMENT_MIME):
            return False  # a drag from elsewhere: not ours
        if event.type() == QEvent.Type.Drop:
            doc = self.current()
            if doc is not None:
                self.drop_at(doc.id, event.position().toPoint())
            event.setDropAction(Qt.DropAction.IgnoreAction)  # nothing for the view to do
        else:
            event.setDropAction(Qt.DropAction.MoveAction)
        event.accept()
        return True

    def drop_at(self, document_id: int, pos: QPoint) -> None:
        """Dropped on a row: the document takes that row's place (below the last: the end)."""
        index = self.view.indexAt(pos)
        last = self.model.rowCount() - 1
        self.move_to(document_id, index.row() if index.isValid() else last)
