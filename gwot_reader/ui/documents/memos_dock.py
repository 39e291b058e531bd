"""The Memos dock: the project journal and one memo per document, with search; edits undoable."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from gwot_reader.core.model import Change, Memo
from gwot_reader.ui.documents import commands as cmd
from gwot_reader.ui.session import ProjectSession
from gwot_reader.ui.undo import StoreCommand

KEY_ROLE = Qt.ItemDataRole.UserRole + 1  # ("journal", memo id) or ("document", document id)


class MemosPanel(QWidget):
    """What the dock shows: the session's project, followed through its signals."""

    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.project = lambda: session.project
        session.changed.connect(self.on_change)
        session.projectReplaced.connect(self.refresh)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search memos and journal…")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _t: self.refresh())
        self.list = QListWidget()
        self.list.currentItemChanged.connect(lambda _new, _old: self._show_current())
        self.new_button = QPushButton("&New entry")
        self.new_button.setToolTip("A new journal entry, dated today")
        self.new_button.clicked.connect(lambda: self.new_entry())
        self.remove_button = QPushButton("Remove")
        self.remove_button.clicked.connect(lambda: self.remove_entry())
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.title = QLineEdit()
        self.title.setPlaceholderText("Title")
        self.editor = QPlainTextEdit()
        self.editor.setPlaceholderText("Write here; Ctrl+Enter or leaving the field saves")
        self.save_button = QPushButton("&Save")
        self.save_button.clicked.connect(lambda: self.save())
        QShortcut(QKeySequence("Ctrl+Return"), self.editor, self.save)
        self.editor.installEventFilter(self)
        self.title.editingFinished.connect(self.save)
        top = QWidget()
        tl = QVBoxLayout(top)
        tl.setContentsMargins(0, 0, 0, 0)
        tl.addWidget(self.search)
        tl.addWidget(self.list, 1)
        row = QHBoxLayout()
        row.addWidget(self.new_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        tl.addLayout(row)
        bottom = QWidget()
        bl = QVBoxLayout(bottom)
        bl.setContentsMargins(0, 0, 0, 0)
        bl.addWidget(self.heading)
        bl.addWidget(self.title)
        bl.addWidget(self.editor, 1)
        bl.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignRight)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(top)
        split.addWidget(bottom)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(2, 2, 2, 2)
        lay.addWidget(split)
        self._key: tuple[str, int] | None = None
        self._shown: tuple[str, str] = ("", "")

    # -- the list -------------------------------------------------------------------------------
    def refresh(self) -> None:
        p = self.project()
        keep = self._key
        self.list.blockSignals(True)
        self.list.clear()
        if p is None:
            self.list.blockSignals(False)
            return
        query = self.search.text().strip()
        found = {m.guid for m in p.notes.search(query)} if query else None
        self._add_header("Journal")
        for e in reversed(p.notes.journal()):  # newest first, as a diary is read
            if found is None or e.guid in found:
                self._add(f"{e.created[:10]}  {e.title or _first_line(e.text)}", ("journal", e.id),
                          e.text)
        self._add_header("Document memos")
        memos = p.notes.document_memos()
        for d in p.documents.all():
            m = memos.get(d.id)
            if found is not None and (m is None or m.guid not in found) and \
                    query.casefold() not in d.name.casefold():
                continue
            label = d.name if m is None else f"{d.name}  ✎"
            self._add(label, ("document", d.id), m.text if m else "(no memo yet)")
        self.list.blockSignals(False)
        self.select(keep)

    def _add_header(self, text: str) -> None:
        item = QListWidgetItem(text)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)  # a heading: shown plainly, never chosen
        font = item.font()
        font.setBold(True)
        item.setFont(font)
        self.list.addItem(item)

    def _add(self, label: str, key: tuple[str, int], tip: str) -> None:
        item = QListWidgetItem(label)
        item.setData(KEY_ROLE, key)
        item.setToolTip(tip[:500])
        self.list.addItem(item)

    def select(self, key: tuple[str, int] | None) -> None:
        for i in range(self.list.count()):
            if key is not None and self.list.item(i).data(KEY_ROLE) == key:
                self.list.setCurrentRow(i)
                return
        self._show_current()

    def _show_current(self) -> None:
        item = self.list.currentItem()
        key = item.data(KEY_ROLE) if item is not None else None
        self._key = tuple(key) if key else None  # type: ignore[assignment]
        p = self.project()
        title, text, heading = "", "", "Choose a journal entry or a document"
        if p is not None and self._key is not None:
            kind, ident = self._key
            memo: Memo | None
            if kind == "journal":
                memo = p.notes.memo(ident)
                title, text = memo.title, memo.text
                heading = f"Journal, {memo.created[:10]}, {memo.coder}"
            else:
                memo = p.notes.document_memo(ident)
                text = memo.text if memo else ""
                heading = f"Memo of {p.documents.get(ident).name}" + (
                    f" ({memo.coder}, {memo.modified[:10]})" if memo else "")
        self.heading.setText(heading)
        self.title.setText(title)
        self.title.setVisible(self._key is not None and self._key[0] == "journal")
        self.editor.setPlainText(text)
        self.editor.setEnabled(self._key is not None)
        self.remove_button.setEnabled(self._key is not None and self._key[0] == "journal")
        self._shown = (title, text)

    # -- edits ----------------------------------------------------------------------------------
    def _push(self, command: StoreCommand) -> bool:
        return self.session.push(command)

    def eventFilter(self, obj: Any, event: Any) -> bool:
        if obj is self.editor and event.type() == event.Type.FocusOut:
            self.save()
        return False

    def save(self) -> None:
        p = self.project()
        if p is None or self._key is None:
            return
        title, text = self.title.text().strip(), self.editor.toPlainText()
        if (title, text) == self._shown:
            return
        kind, ident = self._key
        self._shown = (title, text)
        if kind == "journal":
            self._push(cmd.EditJournalEntry(p, ident, title, text))
        else:
            self._push(cmd.SetDocumentMemo(p, ident, text))
        self.refresh()  # labels and bylines follow

    def new_entry(self) -> None:
        p = self.project()
        if p is None:
            return
        self.search.clear()
        command = cmd.AddJournalEntry(p, "", "")
        if self._push(command) and command.entry is not None:
            self.select(("journal", command.entry.id))
            self.title.setFocus()

    def remove_entry(self) -> None:
        p = self.project()
        if p is not None and self._key is not None and self._key[0] == "journal":
            self._push(cmd.RemoveJournalEntry(p, self._key[1]))

    def on_change(self, change: Change | None) -> None:
        """A committed change (None: a job or another program wrote, anything may differ)."""
        if change is None or change.kind in ("memos", "documents"):
            editing = self.editor.hasFocus() or self.title.hasFocus()
            if not editing:
                self.refresh()


def _first_line(text: str) -> str:
    line = text.strip().split("\n", 1)[0]
    return line[:60] or "(untitled)"
