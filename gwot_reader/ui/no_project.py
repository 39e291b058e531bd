"""The window with no project open (after File > Close project): a hint, and the actions that
need a project disabled until one is open."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QMenu

from gwot_reader.ui.session import ProjectSession

HINT = ("No project is open.\n\nFile > Open project… (Ctrl+O), File > Recent projects or "
        "File > New project… (Ctrl+N)")


class NoProject(QObject):
    """Follows the session: with no project, the panes' place shows ``HINT`` and every menu
    action but opening, creating, quitting and help is disabled; all come back with one."""

    def __init__(self, session: ProjectSession, w: Any) -> None:
        super().__init__(w)
        self.session, self.w = session, w
        self.label = QLabel("")  # the hint once a project was closed; blank while one opens
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setWordWrap(True)
        self.label.setObjectName("no_project")
        self.label.hide()
        w.centralWidget().layout().insertWidget(0, self.label, 1)
        files, menus = w.files, w.menus
        self.always = {files.act_new, menus.exchange.act_new_from, files.act_open,
                       menus.act_quit, menus.act_shortcuts, menus.act_about}
        recent = getattr(getattr(w, "documents_ui", None), "recent_menu", None)
        if recent is not None:
            self.always.add(recent.menuAction())
        self._disabled: list[QAction] = []
        self._closed = False  # a project was closed in this window (not just none yet)
        session.projectClosing.connect(self._closing)
        session.projectReplaced.connect(self.update)
        self.update()

    def _closing(self) -> None:
        self._closed = True
        self.label.setText(HINT)

    def _actions(self) -> list[QAction]:
        """Every action of the menu bar's menus (submenus included), dock toggles left out."""
        toggles = {d.toggleViewAction() for d in self.w.findChildren(type(self.w.codebook_dock))}
        out: list[QAction] = []

        def walk(menu: QMenu) -> None:
            for act in menu.actions():
                sub = act.menu()
                if isinstance(sub, QMenu) and act not in self.always:
                    walk(sub)
                elif not act.isSeparator() and act not in toggles:
                    out.append(act)

        for top in self.w.menuBar().actions():
            if top.menu() is not None:
                walk(top.menu())
        return out

    def update(self) -> None:
        has = self.session.project is not None
        self.label.setVisible(not has)
        self.w.area.splitter.setVisible(has)
        if not has:
            self.w.setWindowTitle("GWOT Reader")
            self.w.find_bar.hide()
            self.w.saved_label.setText("")  # nothing open, so nothing to call saved
        if has:  # only what we disabled comes back (undo, redo and others keep their own state)
            for act in self._disabled:
                act.setEnabled(True)
            self._disabled = []
            return
        if not self._closed:  # the window before its first project: that one is on its way
            return
        for act in self._actions():
            if act not in self.always and act.isEnabled():
                act.setEnabled(False)
                self._disabled.append(act)
