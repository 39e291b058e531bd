"""The small form that corrects a document's name, title, authors, year, kind, source and notes."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from gwot_reader.core.model import Document
from gwot_reader.ui.dialogs import ok_cancel


class MetadataDialog(QDialog):
    """Shows a document's metadata; ``changes()`` gives the fields the user altered."""

    def __init__(self, doc: Document, kinds: list[str], codings: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Document: {doc.name}")
        self.doc = doc
        form = QFormLayout(self)
        self.name = QLineEdit(doc.name)
        self.title_edit = QLineEdit(doc.title)
        self.authors = QLineEdit(doc.authors)
        self.authors.setPlaceholderText("Surname, Given; Surname, Given")
        self.year = QLineEdit("" if doc.year is None else str(doc.year))
        self.year.setPlaceholderText("e.g. 2024")
        self.kind = QComboBox()
        self.kind.setEditable(True)
        self.kind.addItems(sorted({*kinds, doc.kind} - {""}))
        self.kind.setCurrentText(doc.kind)
        self.source = QLineEdit(doc.source_name)
        self.source.setPlaceholderText("file name or URL")
        self.notes = QPlainTextEdit(doc.notes)
        self.notes.setFixedHeight(80)
        for label, widget in (("&Name", self.name), ("&Title", self.title_edit),
                              ("&Authors", self.authors), ("&Year", self.year),
                              ("&Kind", self.kind), ("&Source / URL", self.source),
                              ("N&otes", self.notes)):
            form.addRow(label, widget)
        for edit in (self.name, self.title_edit, self.authors, self.source):
            edit.setCursorPosition(0)  # long titles show their start
        info = QLabel(f"{doc.length:,} characters, {codings:,} codings; imported "
                      f"{doc.imported[:10]} ({doc.media_type})")
        info.setEnabled(False)
        form.addRow(info)
        ok_cancel(self, form)
        self.resize(560, self.sizeHint().height())

    def values(self) -> dict[str, Any]:
        year = self.year.text().strip()
        return {"name": self.name.text().strip(), "title": self.title_edit.text().strip(),
                "authors": self.authors.text().strip(), "year": year or None,
                "kind": self.kind.currentText().strip(), "source_name": self.source.text().strip(),
                "notes": self.notes.toPlainText().strip()}

    def changes(self) -> dict[str, Any]:
        out = {}
        for k, v in self.values().items():
            old = getattr(self.doc, k)
            if (str(old).strip() if old is not None else None) != (
                    str(v) if v is not None else None):
                out[k] = v
        return out
