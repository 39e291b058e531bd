"""The menu entries of the Agreement window and of File > Merge project…; what they open is
imported when first asked for (the window's first paint loads no agreement or merge code)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject

from gwot_reader.ui import keys

if TYPE_CHECKING:
    from gwot_reader.ui.teams.agreement_window import AgreementWindow
    from gwot_reader.ui.teams.merge_ui import MergeActions


class AgreementLauncher(QObject):
    """The menu entry and the one Agreement window (closed with the reader's)."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.dialog: AgreementWindow | None = None
        window.installEventFilter(self)
        self.action = keys.action(window, "&Agreement…", self.show,
                                  tip="Intercoder agreement: percent, Cohen's κ, Krippendorff's α, "
                                      "and the passages coders disagree on")

    def eventFilter(self, obj, event) -> bool:
        if obj is self.window and event.type() == QEvent.Type.Close and self.dialog is not None:
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None
        return False

    def show(self) -> AgreementWindow:
        from gwot_reader.ui.teams.agreement_window import AgreementWindow

        if self.dialog is None:
            self.dialog = AgreementWindow(self.window)
        else:
            self.dialog.fill()
        self.dialog.show()
        self.dialog.raise_()
        return self.dialog


class MergeLauncher:
    """File > Merge project…; the merge's controller (``MergeActions``) is made on first use,
    and its attributes (``preview``, ``merge``…) are reached through this object."""

    def __init__(self, window: Any) -> None:
        self.window = window
        self._actions: MergeActions | None = None
        self.action = keys.action(window, "&Merge project…", lambda: self.actions.choose(),
                                  tip="Merge another coder's project (.gwot or .qdpx) into this one")

    @property
    def actions(self) -> MergeActions:
        if self._actions is None:
            from gwot_reader.ui.teams.merge_ui import MergeActions

            self._actions = MergeActions(self.window)
        return self._actions

    def __getattr__(self, name: str) -> Any:
        return getattr(self.actions, name)
