"""The window's menu bar, assembled from the controllers' actions (their keys: ui/keys.py)."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu, QMessageBox

from gwot_reader.ui import keys
from gwot_reader.ui.backups import Backups
from gwot_reader.ui.codebook_editor import CodebookEditor
from gwot_reader.ui.coding_actions import CodingActions
from gwot_reader.ui.file_actions import FileActions
from gwot_reader.ui.findbar import FindInPanes
from gwot_reader.ui.panes import PaneArea
from gwot_reader.ui.project_exchange import ProjectExchange
from gwot_reader.ui.session import ProjectSession


def _fill(menu: QMenu, actions: list[QAction | None]) -> None:
    for act in actions:
        if act is None:
            menu.addSeparator()
        else:
            menu.addAction(act)


class Menus:
    """File, Edit, View, Codebook and Help; the actions that belong to no controller live here."""

    def __init__(self, w: QMainWindow, session: ProjectSession, area: PaneArea, files: FileActions,
                 coding: CodingActions, editor: CodebookEditor, find: FindInPanes,
                 backups: Backups, docks: list[QDockWidget]) -> None:
        bar = w.menuBar()
        self.act_quit = keys.action(w, "&Quit", w.close, "quit")
        self.file_menu = bar.addMenu("&File")
        # segments as Excel/HTML, REFI-QDA projects out and in: ui/project_exchange.py
        self.exchange = ProjectExchange(session, w, files.open_project)
        editor.projectGiven.connect(self.exchange.import_project)
        new, *rest = files.actions()
        _fill(self.file_menu, [new, self.exchange.act_new_from, *rest, None, *backups.actions(), None,
                               *self.exchange.actions(), None, self.act_quit])

        self.act_undo = keys.bind(session.undo_stack.createUndoAction(w, "&Undo"), "undo")
        self.act_redo = keys.bind(session.undo_stack.createRedoAction(w, "&Redo"), "redo")
        self.edit_menu = bar.addMenu("&Edit")
        _fill(self.edit_menu, [self.act_undo, self.act_redo, None, find.act_find,
                               find.act_find_next, find.act_find_prev, None,
                               coding.act_quick, coding.act_invivo])

        self.act_zoom_in = keys.action(w, "Zoom &in", lambda: area.view_call("zoom_in"), "zoom_in")
        self.act_zoom_out = keys.action(w, "Zoom &out", lambda: area.view_call("zoom_out"),
                                        "zoom_out")
        self.act_zoom_reset = keys.action(w, "&Reset zoom", lambda: area.view_call("reset_zoom"),
                                          "zoom_reset")
        self.act_add_pane = keys.action(w, "&Add pane", lambda: area.add_pane(focus=True),
                                        "add_pane")
        self.act_close_pane = keys.action(w, "&Close pane", lambda: area.close_pane(), "close_pane")
        self.view_menu = bar.addMenu("&View")
        _fill(self.view_menu, [self.act_zoom_in, self.act_zoom_out, self.act_zoom_reset, None,
                               self.act_add_pane, self.act_close_pane, None,
                               *(d.toggleViewAction() for d in docks)])

        self.codebook_menu = bar.addMenu("&Codebook")
        _fill(self.codebook_menu, editor.actions())
        self.codebook_menu.aboutToShow.connect(editor.update_actions)

        self.act_shortcuts = keys.action(w, "&Keyboard shortcuts", lambda: show_shortcuts(w),
                                         "shortcuts")
        self.act_about = keys.action(w, "&About GWOT Reader", lambda: show_about(w))
        _fill(bar.addMenu("&Help"), [self.act_shortcuts, self.act_about])


def show_shortcuts(parent: QMainWindow) -> None:
    box = QMessageBox(QMessageBox.Icon.Information, "Keyboard shortcuts", keys.help_html(),
                      QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("shortcuts")
    box.open()


def show_about(parent: QMainWindow) -> None:
    from gwot_reader import __version__

    QMessageBox.about(parent, "About GWOT Reader",
                      f"<b>GWOT Reader {__version__}</b><p>Read, code and export a corpus of "
                      "papers on Pakistan, the United States and the global war on terror.</p>"
                      "<p>Every change is saved to the project file the moment it is made."
                      "</p><p>Licence: AGPL-3.0-or-later.</p>")
