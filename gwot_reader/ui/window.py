"""The reader window: codebook, documents, panes side by side, annotations; no save needed."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QByteArray, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDockWidget,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from gwot_reader.core.model import Change
from gwot_reader.store import Project
from gwot_reader.ui.analysis.matrix_view import install as install_matrix
from gwot_reader.ui.analysis.search_dock import install as install_search
from gwot_reader.ui.analysis.segments import install as install_segments
from gwot_reader.ui.annotation_panel import AnnotationPanel
from gwot_reader.ui.annotations_model import AnnotationsModel
from gwot_reader.ui.backups import Backups
from gwot_reader.ui.codebook_editor import CodebookEditor
from gwot_reader.ui.codebook_model import CodebookModel
from gwot_reader.ui.codebook_panel import CodebookPanel
from gwot_reader.ui.coding_actions import CodingActions
from gwot_reader.ui.documents import install as install_documents_ui
from gwot_reader.ui.documents_model import DocumentsModel
from gwot_reader.ui.file_actions import FileActions
from gwot_reader.ui.findbar import FindBar
from gwot_reader.ui.menus import build_menus
from gwot_reader.ui.pane import Pane
from gwot_reader.ui.settings import as_list, settings

SAVED = "All changes saved"
BULK = 200  # codings changed at once beyond which panes reload their codings


class MainWindow(CodingActions, FileActions, QMainWindow):
    def __init__(self, project: Project | None = None) -> None:
        QMainWindow.__init__(self)
        self.project: Project | None = None
        self.panes: list[Pane] = []
        self.focused_pane: Pane | None = None
        self.undo_stack = QUndoStack(self)
        self.setWindowTitle("GWOT Reader")
        self.setAcceptDrops(True)  # files from a file manager are imported (FileActions)
        self.setDockOptions(QMainWindow.DockOption.AnimatedDocks | QMainWindow.DockOption.AllowTabbedDocks)
        self._build_docks()
        self._build_centre()
        self.saved_label = QLabel(SAVED)
        self.statusBar().addPermanentWidget(self.saved_label)
        self._counts_timer = QTimer(self, singleShot=True, interval=0)
        self._counts_timer.timeout.connect(self.refresh_counts)
        self._docs_timer = QTimer(self, singleShot=True, interval=0)
        self._docs_timer.timeout.connect(self.refresh_documents)
        self.init_coding_actions()
        self.backups = Backups(self)  # every 10 minutes of editing; File menu restore and copy
        build_menus(self)
        self.codebook_editor = CodebookEditor(self)  # codebook menu, tree editing, definition dock
        install_search(self)  # the Search dock, Ctrl+Shift+F
        install_segments(self)  # the Segments browser dock
        install_matrix(self)  # the Matrix dock
        self.documents_ui = install_documents_ui(self)  # documents list, variables, memos, project
        QApplication.instance().focusChanged.connect(self._focus_changed)
        self.resize(1400, 860)
        if project is not None:
            self.set_project(project)

    # -- layout ---------------------------------------------------------------------------------
    def _build_docks(self) -> None:
        self.codebook_model = CodebookModel(self)
        self.codebook_panel = CodebookPanel(self.codebook_model)
        self.codebook_dock = self._dock("Codebook", self.codebook_panel, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.documents_model = DocumentsModel(self)
        self.documents_view = QTreeView()
        self.documents_view.setRootIsDecorated(False)
        self.documents_view.setUniformRowHeights(True)
        self.documents_view.setModel(self.documents_model)
        self.documents_view.setDragEnabled(True)
        self.documents_view.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.documents_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.documents_view.header().resizeSection(0, 260)
        self.documents_view.activated.connect(self._document_activated)
        self.documents_dock = self._dock("Documents", self.documents_view,
                                         Qt.DockWidgetArea.LeftDockWidgetArea)
        self.annotations_model = AnnotationsModel(self)
        self.annotation_panel = AnnotationPanel(self.annotations_model)
        self.annotations_dock = self._dock("Annotations", self.annotation_panel,
                                           Qt.DockWidgetArea.RightDockWidgetArea)
        self.resizeDocks([self.codebook_dock, self.annotations_dock], [320, 360], Qt.Orientation.Horizontal)
        self.resizeDocks([self.codebook_dock, self.documents_dock], [560, 220], Qt.Orientation.Vertical)

    def _dock(self, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(title.lower() + "_dock")  # saveState needs names
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _build_centre(self) -> None:
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.find_bar = FindBar()
        self.find_bar.hide()
        self.find_bar.findRequested.connect(self._find)
        self.find_bar.nextRequested.connect(lambda: self._view_call("find_next"))
        self.find_bar.previousRequested.connect(lambda: self._view_call("find_previous"))
        self.find_bar.closed.connect(self._find_closed)
        centre = QWidget()
        lay = QVBoxLayout(centre)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addWidget(self.splitter, 1)
        lay.addWidget(self.find_bar)
        self.setCentralWidget(centre)

    # -- the project ------------------------------------------------------------------------------
    def set_project(self, project: Project, restore: bool = True) -> None:
        """Show another project; the previous one's panes are remembered and it is closed."""
        if self.project is not None:
            self.save_state()
            self.project.unsubscribe(self._on_change)
            for pane in list(self.panes):
                self._remove_pane(pane)
            self.project.close()
        self.project = project
        self.undo_stack.clear()
        project.subscribe(self._on_change)
        self.setWindowTitle(f"{project.path.stem}{' (read-only)' * project.read_only} — GWOT Reader")
        self.refresh_codebook()
        self.refresh_documents()
        self.load_recent_codes()
        if restore:  # a screenshot neither restores nor remembers anything
            settings().setValue("last_project", str(project.path))
            self._restore_panes()
        if not self.panes:
            docs = self.documents_model.documents()
            for d in docs[:2] or [None, None]:
                self.add_pane(d.id if d else None)
        self.set_saved()

    def refresh_codebook(self) -> None:
        tree = self.project.codebook.tree()
        self.codebook_model.set_codebook(tree, self.project.codings.counts_by_code())
        self.code_colors = {c.id: c.color for c in tree.by_id.values()}
        self.code_paths = {c.id: tree.path(c.id) for c in tree.by_id.values()}
        self.annotations_model.set_codes(tree.by_id, self.code_paths)
        for pane in self.panes:
            pane.view.set_code_colors(self.code_colors, self.code_paths)
        self.palette_dirty = True
        self.update_key_column()

    def refresh_counts(self) -> None:
        if self.project is not None:
            self.codebook_model.set_counts(self.project.codings.counts_by_code())

    def refresh_documents(self) -> None:
        docs = self.project.documents.all()
        self.documents_model.set_documents(docs, self.project.codings.counts_by_document())
        ids = {d.id for d in docs}
        for pane in self.panes:
            if pane.document_id is not None and pane.document_id not in ids:
                pane.view.clear()
            pane.set_documents(docs)
        if self.focused_pane is not None:
            self._show_annotations(self.focused_pane)

    # -- change notices: update only what changed -----------------------------------------------
    def _on_change(self, change: Change) -> None:
        self.set_saved()
        if change.kind == "documents":
            self._docs_timer.start()
        if change.kind == "codebook":
            self.refresh_codebook()
        if change.coding_ids:
            self._sync_codings(change)
            self._counts_timer.start()

    def _sync_codings(self, change: Change) -> None:
        if len(change.coding_ids) > BULK:  # a merge or delete of a big code: reload what shows
            for pane in self.panes:
                if pane.document_id in change.document_ids:
                    pane.view.set_codings(self.project.codings.all(pane.document_id))
            doc = self.annotations_model.document_id
            if doc in change.document_ids:
                self.annotations_model.set_codings(doc, self.project.codings.all(doc))
            return
        found = [self.project.codings.find(i) for i in change.coding_ids]
        present = [c for c in found if c is not None]
        gone = list(change.coding_ids - {c.id for c in present})
        for pane in self.panes:
            doc = pane.document_id
            if doc is None or doc not in change.document_ids:
                continue
            # add_codings replaces a coding with the same id (an edited span or memo)
            pane.view.remove_codings(gone)
            pane.view.add_codings(c for c in present if c.document_id == doc)
        if self.annotations_model.document_id in change.document_ids:
            self.annotations_model.remove_ids(gone)
            self.annotations_model.upsert(present)

    def set_saved(self) -> None:
        if self.project is not None and self.project.read_only:  # nothing can be saved
            self.saved_label.setText("Read-only: changes cannot be saved")
            return
        self.saved_label.setText(f"{SAVED} · {datetime.now():%H:%M:%S}")
        self.saved_label.setStyleSheet("")

    def report_error(self, message: str, dialog: bool = False) -> None:
        """Say what went wrong in one line; never a traceback."""
        self.statusBar().showMessage(message, 10000)
        self.saved_label.setStyleSheet("color: #B00020;")
        if dialog:
            box = QMessageBox(QMessageBox.Icon.Warning, "GWOT Reader", message,
                              QMessageBox.StandardButton.Ok, self)
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.open()

    # -- panes ----------------------------------------------------------------------------------
    def add_pane(self, document_id: int | None = None) -> Pane:
        from gwot_reader.ui.pageview.dual import DualView, pdf_loader

        # A DocumentView for text; for PDFs also the page view, with a toggle between them.
        view = DualView(pdf_loader(lambda: self.project))
        pane = Pane(view)
        pane.documentChosen.connect(self.open_document)
        pane.closeRequested.connect(self.close_pane)
        view.codingsContextMenu.connect(lambda pos, ids, p=pane: self.show_text_menu(p, pos, ids))
        view.codingActivated.connect(self.edit_memo)
        view.spanEdited.connect(self.change_span)
        view.selectionChanged.connect(lambda p=pane: self._set_focused(p))
        view.text_edit().installEventFilter(self)
        size = settings().value("view/text_point_size")
        if size:  # the reading size last chosen, in any pane, carries over (and to next time)
            try:
                view.set_zoom(float(size))
            except (TypeError, ValueError):
                pass
        view.zoomChanged.connect(lambda size: settings().setValue("view/text_point_size", size))
        self.panes.append(pane)
        self.splitter.addWidget(pane)
        self.splitter.setSizes([1000] * len(self.panes))
        pane.set_documents(self.documents_model.documents())
        if document_id is not None:
            self.open_document(pane, document_id)
        if self.focused_pane is None:
            self._set_focused(pane)
        return pane

    def close_pane(self, pane: Pane | None = None) -> None:
        pane = pane or self.focused_pane
        if pane is None or len(self.panes) <= 1:
            self.statusBar().showMessage("The last pane stays open", 3000)
            return
        self._remove_pane(pane)
        self._set_focused(self.panes[0])

    def _remove_pane(self, pane: Pane) -> None:
        pane.view.text_edit().removeEventFilter(self)
        self.panes.remove(pane)
        if self.focused_pane is pane:
            self.focused_pane = None
            self.annotations_model.set_codings(None, [])
        pane.setParent(None)
        pane.deleteLater()

    def open_document(self, pane: Pane, document_id: int) -> None:
        p = self.project
        doc = p.documents.get(document_id)
        pane.view.set_document(doc.id, p.documents.text(doc.id), p.documents.runs(doc.id),
                               p.codings.all(doc.id), self.code_colors, self.code_paths)
        pane.show_current()
        if pane is self.focused_pane:
            self._show_annotations(pane)

    def _document_activated(self, index) -> None:
        doc = self.documents_model.document_at(index)
        if doc is not None and self.focused_pane is not None:
            self.open_document(self.focused_pane, doc.id)

    def pane_of(self, widget: QObject | None) -> Pane | None:
        while widget is not None:
            if isinstance(widget, Pane):
                return widget if widget in self.panes else None
            widget = widget.parent()
        return None

    def _focus_changed(self, _old, new) -> None:
        pane = self.pane_of(new)
        if pane is not None and self.project is not None:  # not after the window closed
            self._set_focused(pane)

    def _set_focused(self, pane: Pane) -> None:
        if pane is self.focused_pane:
            return
        self.focused_pane = pane
        for p in self.panes:
            p.setProperty("focused", p is pane)
            p.picker.setStyleSheet("font-weight: bold;" if p is pane else "")
        self._show_annotations(pane)

    def _show_annotations(self, pane: Pane) -> None:
        doc = pane.document_id
        self.annotations_model.set_codings(doc, self.project.codings.all(doc) if doc is not None else [])
        name = self.project.documents.find(doc).name if doc is not None else ""
        title = f"Annotations — {name}" if name else "Annotations"
        self.annotations_dock.setWindowTitle(title.replace("&", "&&"))  # not a mnemonic

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and self.number_key(obj, event):
            return True
        return super().eventFilter(obj, event)

    # -- find and zoom in the focused pane ------------------------------------------------------
    def _view_call(self, name: str, *args):
        if self.focused_pane is not None:
            return getattr(self.focused_pane.view, name)(*args)
        return None

    def open_find(self) -> None:
        view = self.focused_pane.view if self.focused_pane else None
        span = view.selected_span() if view else None
        text = view.text()[span[0]:span[1]] if span and span[1] - span[0] < 80 else ""
        self.find_bar.open_bar(text if "\n" not in text else "")

    def _find(self, query: str, case: bool) -> None:
        if not query:
            self._view_call("clear_find")
            self.find_bar.show_count(None)
            return
        self.find_bar.show_count(self._view_call("find", query, case))

    def _find_closed(self) -> None:
        self._view_call("clear_find")
        if self.focused_pane is not None:
            self.focused_pane.view.text_edit().setFocus()

    # -- remembered state -----------------------------------------------------------------------
    def save_state(self) -> None:
        st = settings()
        st.setValue("window/geometry", self.saveGeometry())
        st.setValue("window/state", self.saveState())
        st.setValue("window/splitter", self.splitter.saveState())
        if self.project is not None:
            key = f"projects/{self.project.guid}"
            docs = {d.id: d.guid for d in self.documents_model.documents()}
            st.setValue(f"{key}/panes", [docs.get(p.document_id, "-") for p in self.panes])
            st.setValue(f"{key}/focused", self.panes.index(self.focused_pane)
                        if self.focused_pane in self.panes else 0)
            self.save_recent_codes(st)
        st.sync()

    def restore_window(self) -> None:
        st = settings()
        geometry = st.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        state = st.value("window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)
        splitter = st.value("window/splitter")
        if isinstance(splitter, QByteArray):
            self.splitter.restoreState(splitter)

    def _restore_panes(self) -> None:
        st = settings()
        key = f"projects/{self.project.guid}"
        guids = as_list(st.value(f"{key}/panes"))
        by_guid = {d.guid: d.id for d in self.documents_model.documents()}
        for g in guids:
            self.add_pane(by_guid.get(g))
        if self.panes:
            focused = int(st.value(f"{key}/focused", 0) or 0)
            self._set_focused(self.panes[min(max(focused, 0), len(self.panes) - 1)])
        splitter = st.value("window/splitter")
        if isinstance(splitter, QByteArray) and self.panes:
            self.splitter.restoreState(splitter)

    def closeEvent(self, event) -> None:
        for job in list(getattr(self, "_jobs", [])):  # a running thread must not outlive us
            job.cancel()
            job.wait()
        self.backups.wait()
        if self.project is not None:
            self.save_state()
            self.project.unsubscribe(self._on_change)
            # Closed, so the WAL is folded in: the .gwot alone holds everything after Quit.
            self.project.close()
            self.project = None  # closing twice must not touch a project closed meanwhile
        super().closeEvent(event)

    def show_about(self) -> None:
        from gwot_reader import __version__

        QMessageBox.about(self, "About GWOT Reader",
                          f"<b>GWOT Reader {__version__}</b><p>Read, code and export a corpus of "
                          "papers on Pakistan, the United States and the global war on terror.</p>"
                          "<p>Every change is saved to the project file the moment it is made."
                          "</p><p>Licence: AGPL-3.0-or-later.</p>")
