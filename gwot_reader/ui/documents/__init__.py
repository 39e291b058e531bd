"""Curating the project in the window: documents list actions, variables, sets, memos, project.

``install(window)`` wires it all with the window's ``project``, ``undo_stack``,
``documents_view``/``documents_model``, ``report_error`` and menu bar.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QDockWidget, QMenu

from gwot_reader.core.model import Change
from gwot_reader.ui.documents.list_actions import DocumentListActions
from gwot_reader.ui.documents.memos_dock import MemosPanel
from gwot_reader.ui.documents.project_menu import (
    PropertiesDialog,
    SetProperties,
    fill_recent_menu,
    remember,
)
from gwot_reader.ui.undo import push


class DocumentsUI(QObject):
    def __init__(self, w: Any) -> None:
        super().__init__(w)
        self.w = w
        self.list_actions = DocumentListActions(w)
        self.memos = MemosPanel(lambda: w.project, w.undo_stack, w.report_error)
        self.memos_dock = QDockWidget("Memos", w)
        self.memos_dock.setObjectName("memos_dock")
        self.memos_dock.setWidget(self.memos)
        w.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.memos_dock)
        w.tabifyDockWidget(w.annotations_dock, self.memos_dock)
        w.annotations_dock.raise_()
        self.variables_dialog: Any = None
        self._project: Any = None
        self._build_menus()
        # The documents list is reset whenever the window shows a project (or its documents
        # change): the moment to follow a new project without the window calling us.
        w.documents_model.modelReset.connect(self._follow_project)
        self._follow_project()

    def _menu(self, title: str) -> QMenu | None:
        for a in self.w.menuBar().actions():
            if a.text().replace("&", "") == title:
                return a.menu()  # type: ignore[no-any-return]
        return None

    def _build_menus(self) -> None:
        w = self.w
        menu = QMenu("&Documents", w)
        for act in self.list_actions.menu_actions():
            menu.addAction(act)
        menu.addSeparator()
        self.act_variables = menu.addAction("&Variables…")
        self.act_variables.triggered.connect(lambda _c=False: self.show_variables())
        menu.aboutToShow.connect(self._update_actions)
        titles = {a.text().replace("&", ""): a for a in w.menuBar().actions()}
        before = titles.get("Codebook") or titles.get("Help")  # File Edit View Documents Codebook
        w.menuBar().insertMenu(before, menu) if before else w.menuBar().addMenu(menu)
        self.menu = menu
        file_menu = self._menu("File")
        if file_menu is not None:
            self.recent_menu = QMenu("Recent &projects", w)
            self.recent_menu.aboutToShow.connect(lambda: fill_recent_menu(self.recent_menu, w))
            anchor = w.act_open if hasattr(w, "act_open") else None
            after = file_menu.actions()[file_menu.actions().index(anchor) + 1] if anchor else None
            file_menu.insertMenu(after, self.recent_menu)
            self.act_properties = file_menu.addAction("Project p&roperties…")
            quit_act = getattr(w, "act_quit", None)
            if quit_act is not None:
                file_menu.removeAction(self.act_properties)
                file_menu.insertAction(quit_act, self.act_properties)
                file_menu.insertSeparator(quit_act)
            self.act_properties.triggered.connect(lambda _c=False: self.edit_properties())
        view_menu = self._menu("View")
        if view_menu is not None:
            view_menu.addAction(self.memos_dock.toggleViewAction())

    def _update_actions(self) -> None:
        has = self.list_actions.current() is not None
        for act in self.list_actions.menu_actions():
            act.setEnabled(has)

    def _follow_project(self) -> None:
        project = self.w.project
        if project is self._project:
            return
        if self._project is not None:
            try:
                self._project.unsubscribe(self._on_change)
            except Exception:  # noqa: BLE001 - a closed project has nothing left to unsubscribe
                pass
        if self.variables_dialog is not None:
            self.variables_dialog.close()
            self.variables_dialog = None
        self._project = project
        if project is not None:
            project.subscribe(self._on_change)
            remember(project.path)
        self.memos.refresh()

    def _on_change(self, change: Change) -> None:
        self.memos.on_change(change)
        if change.kind == "project":
            self.w.set_saved()

    def show_variables(self) -> Any:
        from gwot_reader.ui.documents.variables_table import VariablesDialog

        if self.w.project is None:
            return None
        if self.variables_dialog is None:
            self.variables_dialog = VariablesDialog(self.w.project, self.w.undo_stack,
                                                    self.w.report_error, self.w)
            self.variables_dialog.finished.connect(self._variables_closed)
        self.variables_dialog.show()
        self.variables_dialog.raise_()
        return self.variables_dialog

    def _variables_closed(self, _result: int) -> None:
        self.variables_dialog = None

    def ask_properties(self) -> tuple[str, str] | None:
        dialog = PropertiesDialog(self.w.project.properties.get(), self.w.project.path, self.w)
        if dialog.exec() != PropertiesDialog.DialogCode.Accepted:
            return None
        return dialog.values()

    def edit_properties(self) -> None:
        if self.w.project is None:
            return
        values = self.ask_properties()
        info = self.w.project.properties.get()
        if values is not None and values != (info.name, info.description):
            push(self.w.undo_stack, SetProperties(self.w.project, *values,
                                                  on_error=self.w.report_error))


def install(w: Any) -> DocumentsUI:
    return DocumentsUI(w)
