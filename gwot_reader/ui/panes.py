"""The panes side by side: which document each shows, which one has the focus, and keeping
their codings, colours and pickers in step with the session's change signals."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, QPoint, Qt, Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication, QSplitter, QWidget

from gwot_reader.core.model import Document
from gwot_reader.ui.pane import Pane
from gwot_reader.ui.session import ProjectSession
from gwot_reader.ui.settings import settings

BULK = 200  # codings changed at once beyond which panes reload their codings


class PaneArea(QObject):
    """Owns the splitter of panes. ``paneAdded`` lets controllers hook into each new view."""

    paneAdded = Signal(object)  # Pane
    focusedDocumentChanged = Signal(object)  # document id or None: the focus moved, or its document
    status = Signal(str, int)

    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.panes: list[Pane] = []
        self.focused: Pane | None = None
        self.documents: list[Document] = []
        session.projectReplaced.connect(self._project_replaced)
        session.documentsChanged.connect(self._documents_changed)
        session.codebookChanged.connect(self._codebook_changed)
        session.codingsChanged.connect(self._codings_changed)
        session.changed.connect(self._text_changed)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)

    # -- panes ------------------------------------------------------------------------------------
    def add_pane(self, document_id: int | None = None, focus: bool = False) -> Pane:
        """A new pane at the right; ``focus`` (View > Add pane): it takes the focus, so the next
        document opened from the list fills it rather than replacing another pane's."""
        from gwot_reader.ui.pageview.dual import DualView, pdf_loader

        # A DocumentView for text; for PDFs also the page view, with a toggle between them.
        view = DualView(pdf_loader(lambda: self.session.project))
        pane = Pane(view)
        pane.documentChosen.connect(self.open_document)
        pane.closeRequested.connect(self.close_pane)
        view.selectionChanged.connect(lambda p=pane: self.set_focused(p))
        size = settings().value("view/text_point_size")
        if size:  # the reading size last chosen, in any pane, carries over (and to next time)
            try:
                view.set_zoom(float(size))  # type: ignore[arg-type]
            except (TypeError, ValueError):
                pass
        view.zoomChanged.connect(lambda size: settings().setValue("view/text_point_size", size))
        view.pdfViewChosen.connect(lambda state, p=pane: self._remember_pdf_view(p, state))
        self.panes.append(pane)
        self.splitter.addWidget(pane)
        self.splitter.setSizes([1000] * len(self.panes))
        pane.set_documents(self.documents)
        self.paneAdded.emit(pane)
        if document_id is not None:
            self.open_document(pane, document_id)
        if self.focused is None or focus:
            self.set_focused(pane)
        if focus:
            view.text_edit().setFocus()
        return pane

    def close_pane(self, pane: Pane | None = None) -> None:
        pane = pane or self.focused
        if pane is None or len(self.panes) <= 1:
            self.status.emit("The last pane stays open", 3000)
            return
        index = self.panes.index(pane)
        self.remove_pane(pane)
        # the neighbour takes the focus (the one to the left, else the new first)
        neighbour = self.panes[max(0, index - 1)]
        self.set_focused(neighbour)
        neighbour.view.text_edit().setFocus()

    def remove_pane(self, pane: Pane) -> None:
        self.panes.remove(pane)
        if self.focused is pane:
            self.focused = None
            self.focusedDocumentChanged.emit(None)
        pane.setParent(None)  # type: ignore[call-overload]
        pane.deleteLater()

    def remove_all(self) -> None:
        for pane in list(self.panes):
            self.remove_pane(pane)

    def open_document(self, pane: Pane, document_id: int) -> None:
        p = self.session.project
        if p is None:
            return
        s = self.session
        doc = p.documents.get(document_id)
        pane.view.set_document(doc.id, p.documents.text(doc.id), p.documents.runs(doc.id),
                               p.codings.all(doc.id), s.code_colors, s.code_paths)
        remembered = self._pdf_view_key(doc.guid)
        if remembered is not None and pane.view.has_pages():
            state = str(settings().value(remembered) or "").split()
            if state:
                zoom = state[1] if len(state) > 1 else "fit"
                try:
                    pane.view.restore_pdf_view(state[0], None if zoom == "fit" else float(zoom))
                except ValueError:
                    pass  # a hand-edited settings file: the pane's own view stays
        pane.show_current()
        if pane is self.focused:
            self.focusedDocumentChanged.emit(doc.id)

    # -- a PDF's page/text choice and zoom, remembered per document (reader.ini) --------------
    def _pdf_view_key(self, document_guid: str) -> str | None:
        project = self.session.project
        return None if project is None else f"projects/{project.guid}/pdf_view/{document_guid}"

    def _remember_pdf_view(self, pane: Pane, state: tuple[str, float | None]) -> None:
        project = self.session.project
        if project is None or pane.document_id is None:
            return
        doc = project.documents.find(pane.document_id)
        key = self._pdf_view_key(doc.guid) if doc is not None else None
        if key is not None:
            mode, zoom = state
            settings().setValue(key, f"{mode} {'fit' if zoom is None else repr(zoom)}")

    def pane_of(self, widget: QObject | None) -> Pane | None:
        while widget is not None:
            if isinstance(widget, Pane):
                return widget if widget in self.panes else None
            widget = widget.parent()
        return None

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        pane = self.pane_of(new)
        if pane is not None and self.session.project is not None:  # not after the window closed
            self.set_focused(pane)

    def set_focused(self, pane: Pane) -> None:
        if pane is self.focused:
            return
        self.focused = pane
        for p in self.panes:
            p.setProperty("focused", p is pane)
            p.picker.setStyleSheet("font-weight: bold;" if p is pane else "")
        self.focusedDocumentChanged.emit(pane.document_id)

    def view_call(self, name: str, *args: Any) -> Any:
        """Call a method of the focused pane's view (find, zoom ...); None without a pane."""
        if self.focused is not None:
            return getattr(self.focused.view, name)(*args)
        return None

    # -- following the session --------------------------------------------------------------------
    def _project_replaced(self) -> None:
        project = self.session.project
        self.documents = project.documents.all() if project is not None else []
        for pane in self.panes:
            pane.set_documents(self.documents)

    def _documents_changed(self, _ids: frozenset[int]) -> None:
        project = self.session.project
        self.documents = project.documents.all() if project is not None else []
        ids = {d.id for d in self.documents}
        for pane in self.panes:
            if pane.document_id is not None and pane.document_id not in ids:
                pane.view.clear()
                if pane is self.focused:
                    self.focusedDocumentChanged.emit(None)
            pane.set_documents(self.documents)

    def _text_changed(self, change: Any) -> None:
        """A document's text was edited (or the edit undone): panes showing it read it again,
        at the same scroll position."""
        if change is None or change.kind != "text":
            return
        for pane in self.panes:
            doc_id = pane.document_id
            if doc_id is not None and doc_id in change.document_ids:
                area = pane.view.text_edit()
                top = area.positions.from_utf16(area.cursorForPosition(QPoint(0, 0)).position())
                self.open_document(pane, doc_id)
                area = pane.view.text_edit()
                cursor = QTextCursor(area.document())
                cursor.setPosition(area.positions.to_utf16(min(top, area.positions.length)))
                bar = area.verticalScrollBar()
                bar.setValue(bar.maximum())  # from below, so that the line lands at the top
                area.setTextCursor(cursor)
                area.ensureCursorVisible()

    def _codebook_changed(self, _ids: frozenset[int]) -> None:
        for pane in self.panes:
            pane.view.set_code_colors(self.session.code_colors, self.session.code_paths)

    def _codings_changed(self, document_ids: frozenset[int], coding_ids: frozenset[int] | None) -> None:
        shown = [p for p in self.panes if p.document_id is not None and p.document_id in document_ids]
        if not shown:
            return
        if coding_ids is None or len(coding_ids) > BULK:  # a merge, a job, another program
            for pane in shown:
                pane.view.set_codings(self.session.codings(pane.document_id))
            return
        present, gone = self.session.resolve(coding_ids)
        for pane in shown:
            doc = pane.document_id
            # add_codings replaces a coding with the same id (an edited span or memo)
            pane.view.remove_codings(gone)
            pane.view.add_codings(c for c in present if c.document_id == doc)
