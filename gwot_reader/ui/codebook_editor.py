"""Editing the codebook in the window: tree context menu, F2, drag to move, definition panel,
and the Codebook menu's actions (import, .qdc export, HTML report)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QColorDialog,
    QInputDialog,
    QMenu,
    QMessageBox,
    QWidget,
)

from gwot_reader.core.model import Code
from gwot_reader.ui import codebook_commands as edit
from gwot_reader.ui import keys
from gwot_reader.ui.backup_first import backup_first, backup_in_job
from gwot_reader.ui.codebook_panel import CodebookPanel
from gwot_reader.ui.coding_actions import NEW_CODE_COLOURS
from gwot_reader.ui.definitions import DefinitionsPanel
from gwot_reader.ui.jobs import Job
from gwot_reader.ui.session import ProjectSession
from gwot_reader.ui.undo import done

if TYPE_CHECKING:
    from gwot_reader.store import Project

REPORT_LINES = 25  # added/changed lines shown after an import; the rest are counted


# every table layout and the .qdc that codebook import reads (exchange/codebook_csv.py)
CODEBOOK_FILES = ("Codebooks (*.csv *.tsv *.txt *.xlsx *.xlsm *.qdc);;"
                  "REFI-QDA projects (*.qdpx);;All files (*)")


class CodebookEditor(QObject):
    """Every codebook edit is an undo command pushed to the session.

    Uses: the session (project, undo, codebook snapshot), the codebook panel (its tree view and
    model), the definitions panel (edits of a code's fields) and ``parent`` for dialogs. The
    ``ask_*`` and ``confirm`` methods are the only dialogs, so tests can replace them.
    """

    definitionRequested = Signal()  # show and raise the definitions panel
    projectGiven = Signal(Path)  # a .qdpx chosen as a codebook, to import as a project

    def __init__(self, session: ProjectSession, panel: CodebookPanel, definitions: DefinitionsPanel,
                 parent: QWidget) -> None:
        super().__init__(parent)
        self.session = session
        self.panel = panel
        self.model = panel.model
        self.view = panel.view
        self.definitions = definitions
        self.widget = parent
        self._current: int | None = None
        # Codes are dragged within the tree to move them; spans still drop onto codes.
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.view.setDragEnabled(True)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self.show_menu)
        self.model.codeDropped.connect(self.drop_code)
        session.projectReplaced.connect(self._project_replaced)
        session.codebookChanged.connect(lambda _ids: self._reselect())
        self.view.selectionModel().currentChanged.connect(self._current_changed)
        definitions.edited.connect(self.edit_field)
        self._build_actions()

    @property
    def project(self) -> Project:
        assert self.session.project is not None
        return self.session.project

    # -- actions and the Codebook menu ------------------------------------------------------------
    def _action(self, text: str, slot: Callable[[], object], key: str | None = None) -> QAction:
        act = keys.action(self.widget, text, slot)
        if key is not None:  # F2 and Delete mean the codebook only while the tree has focus
            keys.bind(act, key, widget_only=True)
            self.view.addAction(act)
        return act

    def _build_actions(self) -> None:
        self.act_new_code = self._action("New &code…", lambda: self.new_code(False))
        self.act_new_category = self._action("New c&ategory…", lambda: self.new_code(True))
        self.act_rename = self._action("&Rename…", self.rename, "rename_code")
        self.act_colour = self._action("C&olour…", self.recolour)
        self.act_merge = self._action("&Merge into…", self.merge)
        self.act_split = self._action("&Split…", self.split)
        self.act_top = self._action("Move to the &top level", self.move_to_top)
        self.act_delete = self._action("&Delete…", self.delete, "delete_code")
        self.act_import = self._action("&Import codebook (CSV, Excel or REFI-QDA .qdc)…",
                                       self.import_codebook)
        self.act_export_qdc = self._action("Export codebook as REFI-QDA (.&qdc)…", self.export_qdc)
        self.act_report = self._action("Export codebook &report (HTML)…", self.export_report)

    def actions(self) -> list[QAction | None]:
        """The Codebook menu's entries (None: a separator)."""
        return [self.act_new_code, self.act_new_category, None, self.act_rename, self.act_colour,
                self.act_merge, self.act_split, self.act_top, self.act_delete, None,
                self.act_import, self.act_export_qdc, self.act_report]

    def update_actions(self) -> None:
        code = self.current()
        for act in (self.act_rename, self.act_colour, self.act_merge, self.act_delete):
            act.setEnabled(code is not None)
        self.act_split.setEnabled(code is not None and self._count(code.id) > 0)
        self.act_top.setEnabled(code is not None and code.parent_id is not None)

    def context_menu(self, code: Code | None) -> QMenu:
        """The tree's menu for a code (None: empty space)."""
        self.update_actions()
        menu = QMenu(self.view)
        menu.addAction(self.act_new_code)
        menu.addAction(self.act_new_category)
        if code is None:
            return menu
        menu.addSeparator()
        for act in (self.act_rename, self.act_colour):
            menu.addAction(act)
        menu.addAction("Edit definition and memo", self.show_definition)
        menu.addSeparator()
        menu.addAction(self.act_merge)
        menu.addAction(self.act_split)
        move = menu.addMenu("Move into")
        tree = self.session.codebook
        for cat in tree:
            if cat.is_category and cat.id != code.id and code.id not in tree.ancestors(cat.id) \
                    and cat.id != code.parent_id:
                move.addAction(tree.path(cat.id), partial(self.move, code.id, cat.id))
        move.setEnabled(not move.isEmpty())
        menu.addAction(self.act_top)
        menu.addSeparator()
        menu.addAction(self.act_delete)
        return menu

    def show_menu(self, pos: QPoint) -> None:
        index = self.view.indexAt(pos)
        if index.isValid():
            self.view.setCurrentIndex(index)
        else:
            self.view.setCurrentIndex(QModelIndex())
        self.context_menu(self.current() if index.isValid() else None).popup(
            self.view.viewport().mapToGlobal(pos))

    def _count(self, code_id: int) -> int:
        """Codings of a code now (the tree's count column refreshes a moment later)."""
        return self.project.codings.counts_by_code().get(code_id, (0, 0))[0]

    # -- the current code -------------------------------------------------------------------------
    def current(self) -> Code | None:
        return self.panel.current_code()

    def select(self, code_id: int | None) -> None:
        index = self.panel.view_index(code_id) if code_id is not None else QModelIndex()
        self.view.setCurrentIndex(index)
        if index.isValid():
            self.view.scrollTo(index)

    def _current_changed(self, *_args) -> None:
        code = self.current()
        self._current = code.id if code else None
        tree = self.session.codebook
        self.definitions.set_code(code, tree.path(code.id) if code else "")

    def _project_replaced(self) -> None:
        self._current = None
        self._reselect()

    def _reselect(self) -> None:
        """After the codebook changed, the same code stays selected (if it is still there)."""
        code_id = self._current
        if code_id is not None and code_id not in self.session.codebook.by_id:
            code_id = None
        current = self.current()
        if (current.id if current else None) != code_id:
            self.select(code_id)
        self._current_changed()

    def show_definition(self) -> None:
        self.definitionRequested.emit()
        self.definitions.edits["definition"].setFocus()

    # -- dialogs (replaced in tests) ----------------------------------------------------------------
    def ask_text(self, title: str, label: str, text: str = "") -> str | None:
        value, ok = QInputDialog.getText(self.widget, title, label, text=text)
        return value.strip() if ok and value.strip() else None

    def ask_colour(self, code: Code) -> str | None:
        colour = QColorDialog.getColor(QColor(code.color), self.widget, f"Colour of {code.name}")
        return colour.name().upper() if colour.isValid() else None

    def ask_target(self, code: Code) -> int | None:
        tree = self.session.codebook
        choices = [c for c in tree if c.id != code.id and code.id not in tree.ancestors(c.id)
                   and (not c.is_category or not self._count(code.id))]
        paths = [tree.path(c.id) for c in choices]
        if not paths:
            self.session.warn(f"There is no code that {code.name!r} could be merged into")
            return None
        path, ok = QInputDialog.getItem(self.widget, f"Merge {code.name}",
                                        f"Merge {code.name!r} and its codings into:", paths, 0, False)
        return choices[paths.index(path)].id if ok else None

    def ask_split(self, code: Code) -> tuple[str, list[int]] | None:
        from gwot_reader.ui.split_dialog import SplitDialog

        project = self.project
        names = {d.id: d.name for d in project.documents.all()}
        dialog = SplitDialog(code, project.codings.all(code_id=code.id), names, self.widget)
        if dialog.exec() != SplitDialog.DialogCode.Accepted:
            return None
        return dialog.name.text().strip(), dialog.chosen()

    def confirm(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(self.widget, title, text, QMessageBox.StandardButton.Yes
                                      | QMessageBox.StandardButton.Cancel,
                                      QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Yes

    def ask_path(self, title: str, default: str, pattern: str, save: bool) -> Path | None:
        from gwot_reader.ui import filedialogs

        if save:
            path, _ = filedialogs.get_save_file_name(self.widget, title, str(Path.home() / default),
                                                     pattern)
        else:
            path, _ = filedialogs.get_open_file_name(self.widget, title, str(Path.home()), pattern)
        return Path(path) if path else None

    def show_report(self, title: str, text: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Ok,
                          self.widget)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    # -- the operations ---------------------------------------------------------------------------
    def new_code(self, category: bool) -> None:
        current = self.current()
        if current is None:
            parent = None
        elif current.is_category:
            parent = current.id
        else:
            parent = current.parent_id
        kind = "category" if category else "code"
        name = self.ask_text(f"New {kind}", f"Name of the new {kind}:")
        if name is None:
            return
        tree = self.session.codebook
        colour = NEW_CODE_COLOURS[len(tree) % len(NEW_CODE_COLOURS)]
        command = edit.CreateCode(self.project, name, parent, colour, is_category=category)
        if self.session.push(command):
            self._current = done(command.code).id
            self.select(self._current)

    def rename(self) -> None:
        code = self.current()
        if code is None:
            return
        name = self.ask_text("Rename", f"New name of {code.name!r}:", code.name)
        if name is not None and name != code.name:
            self.session.push(edit.EditCode(self.project, code.id, name=name))

    def recolour(self) -> None:
        code = self.current()
        colour = self.ask_colour(code) if code is not None else None
        if code is not None and colour is not None and colour != code.color:
            self.session.push(edit.EditCode(self.project, code.id, color=colour))

    def edit_field(self, code_id: int, key: str, text: str) -> None:
        fields: dict[str, Any] = {key: text}
        self.session.push(edit.EditCode(self.project, code_id, **fields))

    def move(self, code_id: int, parent_id: int | None, index: int | None = None) -> None:
        self.session.push(edit.MoveCode(self.project, code_id, parent_id, index))

    def move_to_top(self) -> None:
        code = self.current()
        if code is not None and code.parent_id is not None:
            self.move(code.id, None)

    def drop_code(self, code_id: int, parent_id: int | None, row: int) -> None:
        """A code dragged in the tree: onto a code (row -1) or between rows of a parent."""
        tree = self.session.codebook
        code = tree.by_id.get(code_id)
        if code is None:
            return
        index = None if row < 0 else row
        siblings = [c.id for c in tree.children(parent_id)]
        old = siblings.index(code_id) if code.parent_id == parent_id else None
        if old is not None and index is not None and old < index:
            index -= 1  # the row counted the code itself, which leaves its old place
        if old is not None and (len(siblings) - 1 if index is None else index) == old:
            return  # dropped where it already is
        self.move(code_id, parent_id, index)

    def merge(self) -> Job | None:
        """Merge the current code into another, after a backup taken off the GUI thread
        (returns its job; the merge happens when it ends, not at all if it is cancelled)."""
        code = self.current()
        target = self.ask_target(code) if code is not None else None
        if code is None or target is None:
            return None
        n = self._count(code.id)
        into = self.session.codebook.by_id[target].name
        text = (f"Merge {code.name!r} into {into!r}? Its {n} coding{'s' * (n != 1)} and any codes "
                f"inside it move to {into!r}, and {code.name!r} goes. You can undo this (Ctrl+Z).")
        if not self.confirm("Merge codes", text):
            return None
        source_id = code.id

        def merge_now() -> None:
            if self.session.push(edit.MergeCodes(self.project, source_id, target)):
                self._current = target
                self.select(target)

        return backup_first(self.session, self.widget, "before-merge",
                            "Backing up before the merge", merge_now)

    def split(self) -> None:
        code = self.current()
        if code is None:
            return
        if not self.project.codings.all(code_id=code.id):
            self.session.warn(f"{code.name!r} has no codings to split off")
            return
        answer = self.ask_split(code)
        if answer is None:
            return
        name, ids = answer
        command = edit.SplitCode(self.project, code.id, ids, name)
        if self.session.push(command):
            self._current = done(command.result).new.id
            self.select(self._current)

    def delete(self) -> None:
        code = self.current()
        if code is None:
            return
        if self.confirm("Delete", edit.deletion_warning(self.project, code.id)):
            self.session.push(edit.DeleteCode(self.project, code.id))

    # -- exchange: import, .qdc, HTML report (in a job, like the other exports) -------------------
    def import_codebook(self, path: str | Path | None = None):
        path = Path(path) if path else self.ask_path(
            "Import codebook", "", CODEBOOK_FILES, save=False)
        if path is None:
            return None
        if path.suffix.lower() == ".qdpx":  # a whole project: offer its own import
            if self.confirm("Import codebook", f"{path.name} is a REFI-QDA project, not a "
                            "codebook. Import the whole project (its documents, codes and "
                            "codings) instead, as File > Import project (REFI-QDA)… does?"):
                self.projectGiven.emit(path)
            return None

        def work(project, progress):
            from gwot_reader.exchange.exporters import codebook_format

            backup_in_job(project, progress, "before-codebook-import")
            before = project.codebook.all()
            # any other extension is read as CSV (a .txt of comma-separated values)
            report = codebook_format(path, default="codebook-csv").import_(project, path)
            return report, before, project.codebook.all()

        def done(result: Any) -> None:  # its writes reach the tree through the session
            from gwot_reader.ui.import_undo import ImportCodebook

            report, before, after = result
            if before != after:  # one undo step for the whole import
                self.session.push_done(ImportCodebook(self.project, before, after))
            lines = report.details()
            more = len(lines) - REPORT_LINES
            text = report.summary() + ("\n\n" + "\n".join(lines[:REPORT_LINES]) if lines else "")
            self.show_report("Codebook imported", text + (f"\n… and {more} more" if more > 0 else ""))

        return self.session.run_job(self.widget, "Importing the codebook", work, done)

    def _export(self, title: str, default: str, path: str | Path | None, fmt: str) -> Job | None:
        from gwot_reader.exchange.exporters import EXPORTERS

        exporter = EXPORTERS[fmt]
        path = Path(path) if path else self.ask_path(title, default, exporter.pattern, save=True)
        if path is None:
            return None

        def done(n: object) -> None:
            self.session.tell(f"Exported {n} codes to {path}", 8000)

        def work(project: Any, _progress: Any) -> object:
            return exporter.export(project, path)

        return self.session.job_with_project(self.widget, title, work, done)

    def export_qdc(self, path: str | Path | None = None) -> Job | None:
        return self._export("Export codebook (REFI-QDA)", "codebook.qdc", path, "codebook-qdc")

    def export_report(self, path: str | Path | None = None) -> Job | None:
        return self._export("Export codebook report", "codebook.html", path, "codebook-html")
