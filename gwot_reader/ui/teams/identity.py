"""Who is coding in this window: asked at the first launch, kept per machine, changed in Preferences."""

from __future__ import annotations

import os

from PySide6.QtCore import QObject
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QMenu,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from gwot_reader.core.coder import ENV, SETTINGS_KEY, SETTINGS_SECTION, account_name
from gwot_reader.ui import keys
from gwot_reader.ui.session import ProjectSession
from gwot_reader.ui.settings import settings

KEY = f"{SETTINGS_SECTION}/{SETTINGS_KEY}"  # the same entry the command line reads


def stored_name() -> str:
    return str(settings().value(KEY, "") or "").strip()


class CoderNameDialog(QDialog):
    """One line: the name under which this window's codings are recorded."""

    def __init__(self, name: str, first_time: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("coder_name_dialog")
        self.setWindowTitle("Who is coding?" if first_time else "Preferences")
        intro = ("Welcome to GWOT Reader. Every coding you make is recorded with your name, so a "
                 "team can merge its projects and compare coders. Who is coding on this computer?"
                 if first_time else "Your name as coder: the codings you make from now on are "
                 "recorded under it. To rename the codings already made, use Edit > Coders…")
        label = QLabel(intro)
        label.setWordWrap(True)
        self.name = QLineEdit(name)
        self.name.setObjectName("coder_name")
        self.name.setPlaceholderText("Your name, as your team knows it")
        self.name.selectAll()
        note = QLabel("Kept on this computer (reader.ini), also for the command line; "
                      f"{ENV} or --coder override it there.")
        note.setWordWrap(True)
        note.setStyleSheet("color: palette(mid);")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.name.textChanged.connect(lambda t: self.ok.setEnabled(bool(t.strip())))
        self.ok.setEnabled(bool(name.strip()))
        lay = QVBoxLayout(self)
        for w in (label, self.name, note, buttons):
            lay.addWidget(w)
        self.resize(440, self.sizeHint().height())

    def value(self) -> str:
        return self.name.text().strip()


class CoderIdentity(QObject):
    """Keeps the session's coder: the stored name, else (until asked) the environment's or the
    account's. ``ask_if_unknown`` is called once the window shows its project at launch."""

    def __init__(self, session: ProjectSession, window: QWidget, edit_menu: QMenu) -> None:
        super().__init__(window)
        self.session = session
        self.window = window
        self.dialog: CoderNameDialog | None = None
        name = stored_name()
        if name:
            session.set_coder(name)
        self.act_preferences = keys.action(window, "&Preferences…", self.edit, "preferences")
        edit_menu.addSeparator()
        edit_menu.addAction(self.act_preferences)
        # who is coding, always in sight: two coders taking turns at one computer switch names
        # in Preferences, and a coding made under the other's name is easy to miss
        self.badge = QToolButton()
        self.badge.setObjectName("coding_as")
        self.badge.setAutoRaise(True)
        self.badge.setToolTip("The name your codings are recorded under; click to change it "
                              "(Edit > Preferences…)")
        self.badge.clicked.connect(self.edit)
        status_bar = getattr(window, "statusBar", None)
        if status_bar is not None:
            status_bar().insertPermanentWidget(0, self.badge)
        session.codersChanged.connect(self._show_name)
        self._show_name()

    def _show_name(self) -> None:
        name = self.session.coder_name
        self.badge.setText(f"Coding as {name}" if name else "")
        self.badge.setVisible(bool(name))

    def default_name(self) -> str:
        return os.environ.get(ENV, "").strip() or account_name()

    def ask_if_unknown(self) -> CoderNameDialog | None:
        """At the first launch (no name kept yet): ask who is coding. The dialog is returned
        open (window-modal, not blocking); Cancel keeps the account's name for this time."""
        if stored_name():
            return None
        return self._ask(self.default_name(), first_time=True)

    def edit(self) -> CoderNameDialog:
        """Edit > Preferences…: change the name."""
        return self._ask(self.session.coder_name or stored_name() or self.default_name(), False)

    def _ask(self, name: str, first_time: bool) -> CoderNameDialog:
        dialog = CoderNameDialog(name, first_time, self.window)
        self.dialog = dialog
        dialog.accepted.connect(lambda: self.set_name(dialog.value()))
        if first_time:
            dialog.rejected.connect(lambda: self.session.set_coder(self.default_name()))
        dialog.open()
        return dialog

    def follow_rename(self, old: str, new: str) -> bool:
        """A coder was renamed or joined: if it was this window's coder, code as ``new`` now."""
        if self.session.coder != old:
            return False
        self.set_name(new)
        return True

    def set_name(self, name: str) -> None:
        name = name.strip()
        if not name:
            return
        st = settings()
        st.setValue(KEY, name)
        st.sync()
        self.session.set_coder(name)
        self.session.tell(f"Coding as {name}", 5000)
