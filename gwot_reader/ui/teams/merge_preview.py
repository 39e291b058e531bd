"""The merge's preview: what the file adds and matches, and a table of its conflicts with the
choice for each one (this project's version, the file's, or both documents)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from gwot_reader.core.merge import DOCUMENT_TEXT, Conflict, MergePlan

PREFER = (("target", "keep this project's version"), ("source", "take the merged file's version"))
OPTION_LABELS = {"target": "keep this project's version", "source": "take the file's version",
                 "both": "keep both documents"}
DOCUMENT_LABELS = {"target": "keep this project's text, move the file's codings onto it",
                   "both": "keep both documents"}
COLUMNS = ("Conflict", "About", "What differs", "Choice")


def _n(count: int, what: str) -> str:
    return f"{count:,} {what}{'s' if count != 1 else ''}"


def report(plans: list[tuple[str, MergePlan]]) -> str:
    """The preview's text: per file, what is added, what matches, and each conflict."""
    lines = []
    for path, p in plans:
        lines += [
            f"{Path(path).name}",
            f"  Added: {_n(len(p.documents_added), 'document')}, {_n(len(p.codes_added), 'code')}, "
            f"{_n(len(p.codings_added), 'coding')}, {_n(len(p.memos_added), 'memo')}",
            f"  Already here: {_n(len(p.documents_matched), 'document')}, "
            f"{_n(len(p.codes_matched), 'code')}, {_n(p.codings_matched, 'coding')}, "
            f"{_n(p.memos_matched, 'memo')}",
            f"  Conflicts: {len(p.conflicts) or 'none'}",
            *(f"    {line}" for line in p.details()),
        ]
    return "\n".join(lines)


class MergePreview(QDialog):
    """The dry run's report; the conflicts, each with its choice; Merge or Cancel.

    ``prefer`` (the rule for every code, coding and memo conflict) makes the preview again;
    a row's choice overrides it for that conflict; *Preview again* recomputes with the rows'
    choices (a document whose codings cannot all move onto this project's text is kept twice)."""

    def __init__(self, parent: Any, path: str, prefer: str, plans: list[tuple[str, MergePlan]],
                 changes: bool) -> None:
        super().__init__(parent)
        self.setObjectName("merge_preview")
        self.made_with = prefer  # the rule this preview applied; rows differing from it are choices
        self.setWindowTitle(f"Merge {Path(path).name}")
        intro = QLabel("What merging this file will do (nothing has changed yet). Documents match "
                       "by GUID, then by their text; codes by GUID, then by path; codings by GUID. "
                       "Choose what happens to each conflict below. A backup of this project is "
                       "taken first, and Edit > Undo takes the merge back as one step.")
        intro.setWordWrap(True)
        self.text = QPlainTextEdit(report(plans))
        self.text.setObjectName("merge_report")
        self.text.setReadOnly(True)
        self.prefer = QComboBox()
        self.prefer.setObjectName("merge_prefer")
        for value, label in PREFER:
            self.prefer.addItem(label, value)
        self.prefer.setCurrentIndex(0 if prefer == "target" else 1)
        form = QFormLayout()
        form.addRow("When a code, coding or memo differs:", self.prefer)
        self.conflicts: list[Conflict] = [c for _, p in plans for c in p.conflicts]
        self.table = self._table()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.again_button = buttons.addButton("&Preview again", QDialogButtonBox.ButtonRole.ActionRole)
        self.again_button.setObjectName("merge_again")
        self.again_button.setToolTip("Make the preview again with the choices in the table")
        self.again_button.setEnabled(bool(self.conflicts))
        self.merge_button = buttons.addButton("&Merge", QDialogButtonBox.ButtonRole.AcceptRole)
        self.merge_button.setObjectName("merge_button")
        self.merge_button.setEnabled(changes)
        if not changes:
            self.merge_button.setToolTip("Everything in the file is in this project already")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addWidget(self.text, 1)
        lay.addLayout(form)
        heading = QLabel(f"Conflicts ({len(self.conflicts)}):" if self.conflicts else "No conflicts.")
        lay.addWidget(heading)
        lay.addWidget(self.table, 2)
        self.table.setVisible(bool(self.conflicts))
        lay.addWidget(buttons)
        self.resize(1040, 600)

    def _table(self) -> QTableWidget:
        table = QTableWidget(len(self.conflicts), len(COLUMNS))
        table.setObjectName("merge_conflicts")
        table.setHorizontalHeaderLabels(list(COLUMNS))
        table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.verticalHeader().hide()
        for row, c in enumerate(self.conflicts):
            for col, value in enumerate((c.kind, c.subject, c.detail)):
                item = QTableWidgetItem(value)
                item.setToolTip(f"{value}\n{c.resolution}" + (f"\nGUID {c.guid}" if c.guid else ""))
                table.setItem(row, col, item)
            box = QComboBox()
            labels = DOCUMENT_LABELS if c.kind == DOCUMENT_TEXT else OPTION_LABELS
            for option in c.options:
                box.addItem(labels[option], option)
            box.setCurrentIndex(max(box.findData(c.choice), 0))
            box.setToolTip(c.resolution)
            box.currentIndexChanged.connect(lambda _i: self.merge_button.setEnabled(True))
            table.setCellWidget(row, 3, box)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        table.resizeColumnsToContents()
        for col, most in ((1, 220), (2, 260)):
            table.setColumnWidth(col, min(table.columnWidth(col), most))
        widest = max((table.cellWidget(r, 3).sizeHint().width() for r in range(table.rowCount())),
                     default=0)
        table.setColumnWidth(3, max(table.columnWidth(3), widest))
        table.setWordWrap(False)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        return table

    def choice_box(self, row: int) -> QComboBox:
        box = self.table.cellWidget(row, 3)
        assert isinstance(box, QComboBox)
        return box

    def choose(self, row: int, option: str) -> None:
        box = self.choice_box(row)
        box.setCurrentIndex(box.findData(option))

    def chosen_prefer(self) -> str:
        return str(self.prefer.currentData())

    def choices(self, earlier: dict[str, str] | None = None) -> dict[str, str]:
        """Each conflict's key -> its choice, where it differs from what the rule the preview
        was made with gives (so a new rule reaches every row left alone); ``earlier`` choices
        of conflicts not in the table are kept."""
        rows = {c.key for c in self.conflicts}
        out = {k: v for k, v in (earlier or {}).items() if k not in rows}
        for row, c in enumerate(self.conflicts):
            value = str(self.choice_box(row).currentData())
            default = "both" if c.kind == DOCUMENT_TEXT else self.made_with
            if value != default:
                out[c.key] = value
        return out
