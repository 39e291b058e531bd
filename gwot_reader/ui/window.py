"""The reader window: codebook, documents, panes side by side, annotations; no save needed.

It holds the layout (docks, the pane area, the status bar) and remembers it; the session owns
the project and turns changes into signals, and the controllers do the work.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QByteArray, QModelIndex, Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QLabel,
    QMainWindow,
    QMessageBox,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from gwot_reader.ui import features
from gwot_reader.ui.annotation_panel import AnnotationPanel
from gwot_reader.ui.annotations_model import AnnotationsModel
from gwot_reader.ui.backups import Backups
from gwot_reader.ui.codebook_editor import CodebookEditor
from gwot_reader.ui.codebook_model import CodebookModel
from gwot_reader.ui.codebook_panel import CodebookPanel
from gwot_reader.ui.coding_actions import CodingActions
from gwot_reader.ui.definitions import DefinitionsPanel
from gwot_reader.ui.documents_model import DocumentsModel
from gwot_reader.ui.file_actions import FileActions
from gwot_reader.ui.findbar import FindBar, FindInPanes
from gwot_reader.ui.menus import Menus
from gwot_reader.ui.panes import PaneArea
from gwot_reader.ui.session import ProjectSession
from gwot_reader.ui.settings import as_list, settings

SAVED = "All changes saved"
NOT_SAVED = "Last change not saved"
READ_ONLY = "Read-only: changes cannot be saved"


class MainWindow(QMainWindow):
    def __init__(self, session: ProjectSession | None = None) -> None:
        super().__init__()
        self.session = session or ProjectSession(self)
        self.remember = True  # a screenshot neither restores nor remembers anything
        self.setWindowTitle("GWOT Reader")
        self.setAcceptDrops(True)  # files from a file manager are imported (FileActions)
        self.setDockOptions(QMainWindow.DockOption.AnimatedDocks | QMainWindow.DockOption.AllowTabbedDocks)
        self.area = PaneArea(self.session, self)
        self._build_docks()
        self._build_centre()
        self.saved_label = QLabel(SAVED)
        self.statusBar().addPermanentWidget(self.saved_label)
        s = self.session
        self.coding = CodingActions(s, self.area, self.codebook_panel, self.annotation_panel, self)
        self.files = FileActions(s, self.area, self)
        self.codebook_editor = CodebookEditor(s, self.codebook_panel, self.definitions, self)
        self.codebook_editor.definitionRequested.connect(self.definitions_dock.show)
        self.codebook_editor.definitionRequested.connect(self.definitions_dock.raise_)
        self.finder = FindInPanes(self.find_bar, self.area, self)
        self.backups = Backups(s, self.files.open_project, self)  # every 10 minutes of editing
        self.menus = Menus(self, s, self.area, self.files, self.coding, self.codebook_editor,
                           self.finder, self.backups, [self.codebook_dock, self.documents_dock,
                                                       self.annotations_dock, self.definitions_dock])
        features.install(self)  # documents curation, the analysis docks (ui/features.py)
        s.projectClosing.connect(self._project_closing)
        s.projectReplaced.connect(self._project_replaced)
        s.saved.connect(self.set_saved)
        s.writeFailed.connect(self._not_saved)
        s.message.connect(lambda text, ms: self.statusBar().showMessage(text, ms))
        s.problem.connect(self.report_error)
        self.area.status.connect(lambda text, ms: self.statusBar().showMessage(text, ms))
        self.annotations_model.follow_panes(self.area)
        self.area.focusedDocumentChanged.connect(self._show_annotations)
        self.resize(1400, 860)

    # -- layout ---------------------------------------------------------------------------------
    def _build_docks(self) -> None:
        self.codebook_model = CodebookModel(self)
        self.codebook_model.follow(self.session)
        self.codebook_panel = CodebookPanel(self.codebook_model)
        self.codebook_dock = self._dock("Codebook", self.codebook_panel, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.documents_model = DocumentsModel(self)
        self.documents_model.follow(self.session)
        self.documents_view = view = QTreeView()
        view.setRootIsDecorated(False)
        view.setUniformRowHeights(True)
        view.setModel(self.documents_model)
        view.setDragEnabled(True)
        view.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.header().resizeSection(0, 260)
        view.activated.connect(self._document_activated)
        self.documents_dock = self._dock("Documents", view, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.annotations_model = AnnotationsModel(self)
        self.annotations_model.follow(self.session)
        self.annotation_panel = AnnotationPanel(self.annotations_model)
        self.annotations_dock = self._dock("Annotations", self.annotation_panel,
                                           Qt.DockWidgetArea.RightDockWidgetArea)
        self.definitions = DefinitionsPanel()
        self.definitions_dock = self._dock("Definition", self.definitions,
                                           Qt.DockWidgetArea.RightDockWidgetArea)
        self.splitDockWidget(self.annotations_dock, self.definitions_dock, Qt.Orientation.Vertical)
        self.resizeDocks([self.codebook_dock, self.annotations_dock], [320, 360], Qt.Orientation.Horizontal)
        self.resizeDocks([self.codebook_dock, self.documents_dock], [560, 220], Qt.Orientation.Vertical)
        self.resizeDocks([self.annotations_dock, self.definitions_dock], [480, 380],
                         Qt.Orientation.Vertical)

    def _dock(self, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(title.lower() + "_dock")  # saveState needs names
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _build_centre(self) -> None:
        self.find_bar = FindBar()
        self.find_bar.hide()
        centre = QWidget()
        lay = QVBoxLayout(centre)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addWidget(self.area.splitter, 1)
        lay.addWidget(self.find_bar)
        self.setCentralWidget(centre)

    # -- the project ------------------------------------------------------------------------------
    @property
    def project(self):  # noqa: ANN201 - the session's Project (the window never calls it)
        return self.session.project

    def set_project(self, project: object, restore: bool = True) -> None:
        """Show another project; the previous one's panes are remembered and it is closed."""
        self.remember = restore
        self.session.set_project(project)  # type: ignore[arg-type]

    def _project_closing(self) -> None:
        self.save_state()
        self.area.remove_all()

    def _project_replaced(self) -> None:
        project = self.session.project
        if project is None:
            return
        self.setWindowTitle(f"{project.path.stem}{' (read-only)' * project.read_only} — GWOT Reader")
        if self.remember:
            settings().setValue("last_project", str(project.path))
            self._restore_panes()
        if not self.area.panes:
            docs = self.documents_model.documents()
            ids: list[int | None] = [d.id for d in docs[:2]]
            for doc_id in ids or [None, None]:
                self.area.add_pane(doc_id)
        self.set_saved()

    def set_saved(self) -> None:
        if self._read_only():
            return
        self.saved_label.setText(f"{SAVED} · {datetime.now():%H:%M:%S}")
        self.saved_label.setStyleSheet("")

    def _read_only(self) -> bool:
        project = self.session.project
        if project is None or not project.read_only:
            return False
        self.saved_label.setText(READ_ONLY)  # nothing can be saved: never "All changes saved"
        return True

    def _not_saved(self, message: str) -> None:
        self.saved_label.setText(READ_ONLY if self._read_only() else NOT_SAVED)
        self.saved_label.setToolTip(message)
        self.saved_label.setStyleSheet("color: #B00020;")

    def report_error(self, message: str, dialog: bool = False) -> None:
        """Say what went wrong in one line; never a traceback (always on the GUI thread)."""
        self.statusBar().showMessage(message, 10000)
        if dialog:
            box = QMessageBox(QMessageBox.Icon.Warning, "GWOT Reader", message,
                              QMessageBox.StandardButton.Ok, self)
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.open()

    # -- focus: the annotation pane follows the focused pane's document ---------------------------
    def _document_activated(self, index: QModelIndex) -> None:
        doc = self.documents_model.document_at(index)
        if doc is not None and self.area.focused is not None:
            self.area.open_document(self.area.focused, doc.id)

    def _show_annotations(self, document_id: int | None) -> None:
        project = self.session.project
        doc = project.documents.find(document_id) if project and document_id is not None else None
        title = f"Annotations — {doc.name}" if doc else "Annotations"
        self.annotations_dock.setWindowTitle(title.replace("&", "&&"))  # not a mnemonic

    # -- remembered state -----------------------------------------------------------------------
    def save_state(self) -> None:
        st = settings()
        st.setValue("window/geometry", self.saveGeometry())
        st.setValue("window/state", self.saveState())
        st.setValue("window/splitter", self.area.splitter.saveState())
        project, panes = self.session.project, self.area.panes
        if project is not None and self.remember:
            key = f"projects/{project.guid}"
            docs = {d.id: d.guid for d in self.documents_model.documents()}
            st.setValue(f"{key}/panes", [docs.get(p.document_id, "-") for p in panes])  # type: ignore[arg-type]
            st.setValue(f"{key}/focused", panes.index(self.area.focused)
                        if self.area.focused in panes else 0)
            self.coding.save_recent_codes(st)
        st.sync()

    def restore_window(self) -> None:
        st = settings()
        for key, restore in (("window/geometry", self.restoreGeometry),
                             ("window/state", self.restoreState),
                             ("window/splitter", self.area.splitter.restoreState)):
            value = st.value(key)
            if isinstance(value, QByteArray):
                restore(value)

    def _restore_panes(self) -> None:
        st = settings()
        assert self.session.project is not None
        key = f"projects/{self.session.project.guid}"
        by_guid = {d.guid: d.id for d in self.documents_model.documents()}
        for g in as_list(st.value(f"{key}/panes")):
            self.area.add_pane(by_guid.get(g))
        panes = self.area.panes
        if panes:
            focused = int(st.value(f"{key}/focused", 0) or 0)  # type: ignore[call-overload]
            self.area.set_focused(panes[min(max(focused, 0), len(panes) - 1)])
        splitter = st.value("window/splitter")
        if isinstance(splitter, QByteArray) and panes:
            self.area.splitter.restoreState(splitter)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.session.jobs.cancel_all()  # a running thread must not outlive us
        self.backups.wait()
        if self.session.project is not None:
            self.save_state()
            # Closed, so the WAL is folded in: the .gwot alone holds everything after Quit.
            project = self.session.detach()  # closing twice must not touch it again
            if project is not None:
                project.close()
        super().closeEvent(event)
