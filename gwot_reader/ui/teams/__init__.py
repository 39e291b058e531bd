"""The team workflow in the window: who codes, coder filters, renaming coders, agreement, merging."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu

from gwot_reader.ui import keys
from gwot_reader.ui.analysis.docks import menu


def analysis_menu(w: Any) -> QMenu:
    """The window's Analysis menu (made before Help if no other feature made it)."""
    found = menu(w, "&Analysis")
    if found is not None:
        return found
    made = QMenu("&Analysis", w.menuBar())
    help_menu = menu(w, "&Help")
    if help_menu is not None:
        w.menuBar().insertMenu(help_menu.menuAction(), made)
    else:
        w.menuBar().addMenu(made)
    return made


def install(w: Any) -> None:
    """Build the team features on MainWindow ``w`` (its session, menus and panes)."""
    from gwot_reader.ui.teams.coder_filter import CoderFilter
    from gwot_reader.ui.teams.identity import CoderIdentity
    from gwot_reader.ui.teams.launchers import AgreementLauncher, MergeLauncher

    w.identity = identity = CoderIdentity(w.session, w, w.menus.edit_menu)
    w.coder_filter = CoderFilter(w.session, w.area, w.annotations_model)

    def show_coders() -> Any:
        from gwot_reader.ui.teams.coders_dialog import CodersDialog

        dialog = CodersDialog(w.session, identity.follow_rename, w)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        w.coders_dialog = dialog
        dialog.show()
        return dialog

    w.act_coders = keys.action(w, "&Coders…", show_coders,
                               tip="Rename coders or join two names of one coder")
    w.menus.edit_menu.addAction(w.act_coders)
    w.agreement = AgreementLauncher(w)
    analysis_menu(w).addAction(w.agreement.action)
    w.merge = MergeLauncher(w)
    file_menu = w.menus.file_menu
    # after the REFI-QDA entries, before Quit
    file_menu.insertAction(w.menus.act_quit, w.merge.action)
    file_menu.insertSeparator(w.menus.act_quit)
