"""Curating the project in the window: documents list actions, variables, sets, memos, project.

``DocumentsUI`` is a controller built with the session, the window (its documents list and
docks), its menus and its file actions; it follows the session's signals.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QMenu

from gwot_reader.ui import keys
from gwot_reader.ui.documents import sets_panel
from gwot_reader.ui.documents.list_actions import DocumentListActions
from gwot_reader.ui.documents.memos_dock import MemosPanel
from gwot_reader.ui.documents.project_menu import (
    PropertiesDialog,
    SetProperties,
    fill_recent_menu,
    remember,
)
from gwot_reader.ui.file_actions import FileActions
from gwot_reader.ui.menus import Menus
from gwot_reader.ui.session import ProjectSession


class DocumentsUI(QObject):
    """The Documents menu and list actions, the Memos dock, the Variables table, File > Recent
    projects and Project properties."""

    def __init__(self, session: ProjectSession, w: Any, menus: Menus, files: FileActions) -> None:
        super().__init__(w)
        self.session, self.w = session, w
        self.list_actions = DocumentListActions(session, w.documents_view, w.documents_model, w)
        self.memos = MemosPanel(session)
        self.memos_dock = QDockWidget("Memos", w)
        self.memos_dock.setObjectName("memos_dock")
        self.memos_dock.setWidget(self.memos)
        w.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.memos_dock)
        w.tabifyDockWidget(w.annotations_dock, self.memos_dock)
        w.annotations_dock.raise_()
        # the Sets dock, under the Documents list
        self.sets, self.sets_dock = sets_panel.install(self, w)
        self.variables_dialog: Any = None
        self._build_menus(w, menus, files)
        session.projectReplaced.connect(self._project_replaced)
        self._project_replaced()

    def _build_menus(self, w: Any, menus: Menus, files: FileActions) -> None:
        menu = QMenu("&Documents", w)  # File Edit View Documents Codebook Help
        for act in self.list_actions.menu_actions():
            menu.addAction(act)
        menu.addSeparator()
        self.act_edit_text = menu.addAction("Edit document &text…")
        keys.bind(self.act_edit_text, "edit_text")
        self.act_edit_text.setStatusTip("Correct the text of the focused pane's document at the "
                                        "selection; its codings move with the edit")
        self.act_edit_text.triggered.connect(lambda _c=False: self.edit_text())
        w.coding.text_menu_actions.append(self.act_edit_text)
        self.act_sets = menu.addAction("Document &sets…")
        self.act_sets.setStatusTip("The Sets panel: make sets, drop documents on them, filter "
                                   "the list by a set")
        self.act_sets.triggered.connect(lambda _c=False: self.show_sets())
        self.list_actions.setsShown.connect(self.show_sets)
        self.act_variables = menu.addAction("&Variables…")
        self.act_variables.triggered.connect(lambda _c=False: self.show_variables())
        menu.aboutToShow.connect(self._update_actions)
        w.menuBar().insertMenu(menus.codebook_menu.menuAction(), menu)
        self.menu = menu
        file_menu = menus.file_menu
        self.recent_menu = QMenu("Recent &projects", w)
        self.recent_menu.aboutToShow.connect(lambda: fill_recent_menu(
            self.recent_menu, self._path(), files.open_project))
        after = file_menu.actions()[file_menu.actions().index(files.act_open) + 1]
        file_menu.insertMenu(after, self.recent_menu)
        self.act_properties = QAction("Project p&roperties…", w)
        file_menu.insertAction(menus.act_quit, self.act_properties)
        file_menu.insertSeparator(menus.act_quit)
        self.act_properties.triggered.connect(lambda _c=False: self.edit_properties())
        menus.view_menu.addAction(self.memos_dock.toggleViewAction())
        menus.view_menu.addAction(self.sets_dock.toggleViewAction())

    def _path(self) -> Path | None:
        project = self.session.project
        return Path(project.path) if project is not None else None

    def _update_actions(self) -> None:
        has = self.list_actions.current() is not None
        for act in self.list_actions.menu_actions():
            act.setEnabled(has)

    def _project_replaced(self) -> None:
        if self.variables_dialog is not None:  # it shows the previous project's table
            self.variables_dialog.close()
            self.variables_dialog = None
        path = self._path()
        if path is not None and self.w.remember:  # a screenshot changes no settings
            remember(path)
        self.memos.refresh()

    def edit_text(self, ask: Any = None) -> bool:
        """Edit document text at the focused pane's selection (else its cursor's paragraph)."""
        from gwot_reader.ui.documents.text_editor import edit_document_text, passage_of

        pane = self.w.area.focused
        if self.session.project is None or pane is None or pane.document_id is None:
            self.session.warn("Open a document in a pane first, then select what to edit")
            return False
        edit = pane.view.text_edit()
        span = pane.view.selected_span()
        cursor = edit.positions.from_utf16(edit.textCursor().position())
        start, end = passage_of(pane.view.text(), span, cursor)
        return edit_document_text(self.session, self.w, pane.document_id, start, end, ask)

    def show_sets(self) -> None:
        self.sets_dock.show()
        self.sets_dock.raise_()

    def show_variables(self) -> Any:
        from gwot_reader.ui.documents.variables_table import VariablesDialog

        if self.session.project is None:
            return None
        if self.variables_dialog is None:
            self.variables_dialog = VariablesDialog(self.session, self.w,
                                                    self.w.documents_model.documents())
            self.variables_dialog.finished.connect(self._variables_closed)
        self.variables_dialog.show()
        self.variables_dialog.raise_()
        return self.variables_dialog

    def _variables_closed(self, _result: int) -> None:
        self.variables_dialog = None

    def ask_properties(self) -> tuple[str, str] | None:
        project = self.session.project
        assert project is not None
        dialog = PropertiesDialog(project.properties.get(), project.path, self.w)
        if dialog.exec() != PropertiesDialog.DialogCode.Accepted:
            return None
        return dialog.values()

    def edit_properties(self) -> None:
        project = self.session.project
        if project is None:
            return
        values = self.ask_properties()
        info = project.properties.get()
        if values is not None and values != (info.name, info.description):
            self.session.push(SetProperties(project, *values))
