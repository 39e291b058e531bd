"""What the small dialogs share: the OK and Cancel buttons at the foot of a form."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout


def ok_cancel(dialog: QDialog, form: QFormLayout) -> QDialogButtonBox:
    """OK accepts, Cancel (and Esc) rejects; added as the form's last row."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                               | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    form.addRow(buttons)
    return buttons
