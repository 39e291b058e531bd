"""Edit > Coders…: every coder of the project with their codings; rename one, or join a typo
into the right name. Each is one undo step."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gwot_reader.ui import keys
from gwot_reader.ui.session import ProjectSession
from gwot_reader.ui.undo import ErrorSink, StoreCommand, done

if TYPE_CHECKING:
    from gwot_reader.store import Project
    from gwot_reader.store.coders import JoinedCoder

# (old name, new name) -> whether it was the window's own name (which then follows the change)
Renamed = Callable[[str, str], bool]


class RenameCoder(StoreCommand):
    def __init__(self, project: Project, old: str, new: str, on_renamed: Renamed | None = None,
                 on_error: ErrorSink | None = None) -> None:
        super().__init__(project, f"Rename coder {old!r} to {new.strip()!r}", on_error)
        self.old, self.new = old, new.strip()
        self.on_renamed = on_renamed

    def do(self) -> None:
        self.project.coders.rename(self.old, self.new)
        if self.on_renamed:
            self.on_renamed(self.old, self.new)

    def inverse(self) -> None:
        self.project.coders.rename(self.new, self.old)
        if self.on_renamed:
            self.on_renamed(self.new, self.old)


class JoinCoders(StoreCommand):
    def __init__(self, project: Project, name: str, into: str, on_renamed: Renamed | None = None,
                 on_error: ErrorSink | None = None) -> None:
        super().__init__(project, f"Join coder {name!r} into {into!r}", on_error)
        self.name, self.into = name, into
        self.on_renamed = on_renamed
        self.joined: JoinedCoder | None = None
        self.was_me = False  # the joined name was the window's own: undo gives it back

    def do(self) -> None:
        self.joined = self.project.coders.join(self.name, self.into)
        if self.on_renamed:
            self.was_me = self.on_renamed(self.name, self.into)

    def inverse(self) -> None:
        self.project.coders.unjoin(done(self.joined))
        if self.on_renamed and self.was_me:
            self.on_renamed(self.into, self.name)


class CodersDialog(QDialog):
    """The coders and their codings; Rename and Join act on the selected one at once (undoable
    with Edit > Undo, which stays available while the dialog is open, and Ctrl+Z in it)."""

    def __init__(self, session: ProjectSession, on_renamed: Renamed,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("coders_dialog")
        self.setWindowTitle("Coders")
        self.session = session
        self.on_renamed = on_renamed
        intro = QLabel("Rename a coder, or join a misspelt name into the right one: its codings and "
                       "memos move over. Each is one step of Edit > Undo (Ctrl+Z).")
        intro.setWordWrap(True)
        self.list = QListWidget()
        self.list.setObjectName("coders")
        self.new_name = QLineEdit()
        self.new_name.setObjectName("new_name")
        self.new_name.setPlaceholderText("New name")
        self.rename_button = QPushButton("&Rename")
        self.into = QComboBox()
        self.into.setObjectName("join_into")
        self.join_button = QPushButton("&Join into")
        self.rename_button.clicked.connect(self.rename)
        self.join_button.clicked.connect(self.join)
        self.list.currentItemChanged.connect(lambda *_: self._selected())
        grid = QGridLayout()
        grid.addWidget(self.new_name, 0, 0)
        grid.addWidget(self.rename_button, 0, 1)
        grid.addWidget(self.into, 1, 0)
        grid.addWidget(self.join_button, 1, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addWidget(self.list, 1)
        lay.addLayout(grid)
        lay.addWidget(buttons)
        # the window's Ctrl+Z and Ctrl+Shift+Z do not reach this window: the same keys here
        # (a focused name box keeps its own undo of typing)
        for name, slot in (("undo", session.undo_stack.undo), ("redo", session.undo_stack.redo)):
            action = keys.action(self, name, slot, name)
            self.addAction(action)
        session.codersChanged.connect(self.refresh)
        self.refresh()
        self.resize(420, 380)

    def selected(self) -> str | None:
        item = self.list.currentItem()
        return None if item is None else str(item.data(Qt.ItemDataRole.UserRole))

    def refresh(self) -> None:
        project = self.session.project
        counts = project.coders.counts() if project is not None else {}
        keep = self.selected()
        self.list.clear()
        me = self.session.coder
        for name, n in counts.items():
            item = QListWidgetItem(f"{name}{' (you)' if name == me else ''} — "
                                   f"{n:,} coding{'s' if n != 1 else ''}")
            item.setData(Qt.ItemDataRole.UserRole, name)
            self.list.addItem(item)
            if name == keep:
                self.list.setCurrentItem(item)
        if self.list.currentItem() is None and self.list.count():
            self.list.setCurrentRow(0)
        self._selected()

    def _selected(self) -> None:
        name = self.selected()
        self.into.clear()
        project = self.session.project
        others = [n for n in (project.coders.counts() if project is not None else {}) if n != name]
        self.into.addItems(others)
        self.rename_button.setEnabled(name is not None)
        self.join_button.setEnabled(name is not None and bool(others))
        if name is not None:
            self.new_name.setText(name)

    def rename(self) -> bool:
        name, project = self.selected(), self.session.project
        if name is None or project is None:
            return False
        return self.session.push(RenameCoder(project, name, self.new_name.text(), self.on_renamed))

    def join(self) -> bool:
        name, project, into = self.selected(), self.session.project, self.into.currentText()
        if name is None or project is None or not into:
            return False
        return self.session.push(JoinCoders(project, name, into, self.on_renamed))
