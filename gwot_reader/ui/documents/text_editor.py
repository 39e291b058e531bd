"""Edit document text: a careful editor for one passage of the canonical text that shows, as
you type, which codings the edit changes, removes or moves; applied as one undo step."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from gwot_reader.core.errors import GwotError
from gwot_reader.ui.documents import commands as cmd
from gwot_reader.ui.session import ProjectSession

if TYPE_CHECKING:
    from gwot_reader.store.textedits import EditPlan

CONTEXT = 160  # characters shown before and after the passage
LISTED = 200  # codings listed by name; the rest are counted


def _show(text: str) -> str:
    """A passage in a one-line label: line breaks visible as ¶."""
    return text.replace("\n", "¶")


class EditTextDialog(QDialog):
    """Edits ``text[start:end]`` of one document; ``plan()`` says what the edit would do."""

    def __init__(self, session: ProjectSession, document_id: int, start: int, end: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        assert session.project is not None
        self.session, self.project = session, session.project
        self.document_id, self.start, self.end = document_id, start, end
        doc = self.project.documents.get(document_id)
        text = self.project.documents.text(document_id)
        self.setWindowTitle(f"Edit document text — {doc.name}")
        intro = QLabel(
            f"Characters {start:,}–{end:,} of <b>{html.escape(doc.name)}</b>. The original "
            "file stays in the project as it was; only the text the codings refer to changes, "
            "and every coding moves with the edit. Edit &gt; Undo takes it back.")
        intro.setWordWrap(True)
        before = QLabel(("…" if start > CONTEXT else "")
                        + html.escape(_show(text[max(0, start - CONTEXT):start])))
        after = QLabel(html.escape(_show(text[end:end + CONTEXT]))
                       + ("…" if end + CONTEXT < len(text) else ""))
        before.setVisible(start > 0)
        after.setVisible(end < len(text))
        for label in (before, after):
            label.setWordWrap(True)
            label.setStyleSheet("color: #666666;")
        self.editor = QPlainTextEdit(text[start:end])
        self.editor.setAccessibleName("Passage to edit")
        self.editor.setTabChangesFocus(True)
        self.summary = QLabel("")
        self.summary.setWordWrap(True)
        self.touched = QListWidget()
        self.touched.setAccessibleName("Codings this edit touches")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Apply edit")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addWidget(before)
        lay.addWidget(self.editor, 2)
        lay.addWidget(after)
        lay.addWidget(self.summary)
        lay.addWidget(self.touched, 1)
        lay.addWidget(self.buttons)
        self._timer = QTimer(self, singleShot=True, interval=150)  # typing stays fluid
        self._timer.timeout.connect(self.update_plan)
        self.editor.textChanged.connect(self._timer.start)
        self.plan_: EditPlan | None = None
        session.projectClosing.connect(self._closing)  # nothing is edited in a closed file
        self.update_plan()
        self.resize(720, 560)

    def _closing(self) -> None:
        self._timer.stop()
        self.plan_ = None
        self.reject()

    def new_text(self) -> str:
        return self.editor.toPlainText()

    def update_plan(self) -> EditPlan | None:
        """What the edit as typed would do; shown, and the Apply button enabled if it can."""
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        if self.session.project is not self.project:  # closed meanwhile
            self.plan_ = None
            ok.setEnabled(False)
            return None
        self.touched.clear()
        try:
            plan = self.project.text_edits.plan(self.document_id, self.start, self.end,
                                                self.new_text())
        except GwotError as exc:
            self.plan_ = None
            self.summary.setText(str(exc)[:1].upper() + str(exc)[1:] + ".")
            ok.setEnabled(False)
            return None
        self.plan_ = plan
        e = plan.edit
        old = self.project.documents.text(self.document_id)[e.start:e.end]
        what = (f"Replaces “{_show(old)}” by “{_show(e.new)}”" if old and e.new else
                f"Deletes “{_show(old)}”" if old else f"Inserts “{_show(e.new)}”")
        parts = [f"{what} at {e.start:,}."]
        n_changed, n_removed = len(plan.changed), len(plan.removed)
        parts.append(f"{n_changed} coding{'s' * (n_changed != 1)} change"
                     f"{'s' * (n_changed == 1)} span"
                     + (f", {n_removed} lie{'s' * (n_removed == 1)} wholly in the deleted "
                        "text and go with the edit" if n_removed else "")
                     + (f"; {plan.moved:,} after it move by {e.delta:+,}" if plan.moved
                        and e.delta else "") + ".")
        self.summary.setText(" ".join(parts))
        paths = {c.id: c.name for c in self.project.codebook.tree()}
        text = self.project.documents.text(self.document_id)
        text_after = text[:e.start] + e.new + text[e.end:]
        for c, s, t in plan.changed[:LISTED]:
            self.touched.addItem(f"{paths.get(c.code_id, '?')}: “{_show(c.text[:60])}” → "
                                 f"“{_show(text_after[s:t][:60])}”  [{c.start}, {c.end}) → "
                                 f"[{s}, {t})")
        for c in plan.removed[:LISTED]:
            self.touched.addItem(f"{paths.get(c.code_id, '?')}: “{_show(c.text[:60])}” "
                                 "is removed")
        rest = n_changed + n_removed - self.touched.count()
        if rest > 0:
            self.touched.addItem(f"… and {rest:,} more")
        ok.setEnabled(True)
        return plan


def edit_document_text(session: ProjectSession, parent: QWidget, document_id: int, start: int,
                       end: int, ask: Any = None) -> bool:
    """Open the editor on ``[start, end)`` and apply what the user confirms as one undo step.
    ``ask(dialog) -> bool`` stands for the user in tests (default: the dialog's exec)."""
    project = session.project
    if project is None:
        return False
    dialog = EditTextDialog(session, document_id, start, end, parent)
    accepted = ask(dialog) if ask is not None else dialog.exec() == QDialog.DialogCode.Accepted
    dialog.update_plan()
    if not accepted or dialog.plan_ is None:
        return False
    doc = project.documents.get(document_id)
    pushed = session.push(cmd.EditText(project, document_id, start, end, dialog.new_text(),
                                       repr(doc.name)))
    if pushed:
        plan = dialog.plan_
        session.tell(f"Edited the text of {doc.name!r}: {len(plan.changed)} codings changed, "
                     f"{len(plan.removed)} removed, {plan.moved} moved", 8000)
    return pushed


def passage_of(text: str, span: tuple[int, int] | None, cursor: int) -> tuple[int, int]:
    """What the editor opens on: the selection, else the paragraph around the cursor."""
    if span is not None:
        return span
    start = text.rfind("\n", 0, cursor) + 1
    end = text.find("\n", cursor)
    return start, len(text) if end < 0 else end
