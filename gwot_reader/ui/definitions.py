"""The definition panel: the selected code's definition, use-when, do-not-use-when, example, memo."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QScrollArea, QVBoxLayout, QWidget

from gwot_reader.core.model import Code

FIELDS = [
    ("definition", "Definition", "What the code means"),
    ("use_when", "Use when", "Apply it when a passage…"),
    ("do_not_use_when", "Do not use when", "Not for passages that… (and which code to use instead)"),
    ("example", "Example", "A typical quotation"),
    ("memo", "Memo", "Your notes on this code: decisions, doubts, changes"),
]


class _FieldEdit(QPlainTextEdit):
    """A field that reports its text when the user leaves it (or presses Ctrl+Enter)."""

    def __init__(self, key: str, placeholder: str) -> None:
        super().__init__()
        self.key = key
        self.loaded = ""
        self.setPlaceholderText(placeholder)
        self.setTabChangesFocus(True)
        self.setMinimumHeight(44)

    def load(self, text: str) -> None:
        self.loaded = text
        if self.toPlainText() != text:  # unchanged text keeps the cursor where the user is
            self.setPlainText(text)

    def dirty(self) -> bool:
        return self.toPlainText() != self.loaded


class DefinitionsPanel(QWidget):
    """Shows one code; every change to a field is reported once, as ``edited``."""

    edited = Signal(int, str, str)  # code id, field, new text

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.code: Code | None = None
        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.title.setWordWrap(True)
        self.edits: dict[str, _FieldEdit] = {}
        body = QWidget()
        form = QVBoxLayout(body)
        form.setContentsMargins(0, 0, 0, 0)
        form.addWidget(self.title)
        for key, label, placeholder in FIELDS:
            edit = _FieldEdit(key, placeholder)
            edit.installEventFilter(self)
            caption = QLabel(f"<b>{label}</b>")
            caption.setBuddy(edit)
            form.addWidget(caption)
            edit.setMaximumHeight(130 if key in ("definition", "memo") else 80)
            form.addWidget(edit)
            self.edits[key] = edit
            shortcut = QShortcut(QKeySequence("Ctrl+Return"), edit)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(lambda e=edit: self.commit(e))
        form.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(scroll)
        self.set_code(None)

    def set_code(self, code: Code | None, path: str = "") -> None:
        """Show a code (None: nothing selected). Fields the user is still editing are kept."""
        same = code is not None and self.code is not None and code.id == self.code.id
        if not same:
            self.commit_all()
        self.code = code
        if code is None:
            self.title.setText("<i>Select a code in the codebook to read or edit its definition.</i>")
        else:
            kind = "Category" if code.is_category else "Code"
            self.title.setText(f"<span style='color:{escape(code.color)}'>■</span> "
                               f"<b>{escape(path or code.name)}</b> <small>({kind})</small>")
        for key, edit in self.edits.items():
            edit.setEnabled(code is not None)
            value = getattr(code, key) if code is not None else ""
            if not (same and edit.dirty()):
                edit.load(value)
            else:
                edit.loaded = value  # a pending edit is compared with what is stored now

    def commit(self, edit: _FieldEdit) -> None:
        if self.code is not None and edit.dirty():
            text = edit.toPlainText()
            edit.loaded = text  # reported once, even if the store refuses or echoes it back
            self.edited.emit(self.code.id, edit.key, text)

    def commit_all(self) -> None:
        for edit in self.edits.values():
            self.commit(edit)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut and isinstance(obj, _FieldEdit):
            self.commit(obj)
        return super().eventFilter(obj, event)
