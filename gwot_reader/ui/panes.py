"""The panes side by side: which document each shows, which one has the focus, and keeping
their codings, colours and pickers in step with the session's change signals."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from PySide6.QtCore import QElapsedTimer, QEventLoop, QObject, QPoint, Qt, QThread, Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication, QSplitter, QWidget

from gwot_reader.core.model import Document
from gwot_reader.core.spans import SpanIndex
from gwot_reader.ui.pane import Pane
from gwot_reader.ui.session import ProjectSession
from gwot_reader.ui.settings import settings
from gwot_reader.ui.spanloader import SpanLoader

BULK = 200  # codings changed at once beyond which panes reload their codings
RECENT = 4  # span indexes of documents no pane shows any more, kept for switching back
# Documents with up to this many codings are read at once (a few ms: the text and the codings
# show together); more go to the worker thread so that the window never waits for them.
READ_AT_ONCE = 2000


class _Pending:
    """A pane whose document's codings are being read, and what changed meanwhile."""

    __slots__ = ("document_id", "token", "touched")

    def __init__(self, document_id: int, token: int) -> None:
        self.document_id = document_id
        self.token = token
        self.touched: set[int] = set()  # coding ids changed since the read was asked for


class PaneArea(QObject):
    """Owns the splitter of panes. ``paneAdded`` lets controllers hook into each new view."""

    paneAdded = Signal(object)  # Pane
    focusedDocumentChanged = Signal(object)  # document id or None: the focus moved, or its document
    codingsLoaded = Signal(object)  # Pane: its document's codings arrived (after the text)
    status = Signal(str, int)

    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.panes: list[Pane] = []
        self.focused: Pane | None = None
        self.documents: list[Document] = []
        # Switching documents shows the text at once; the codings are read on a worker thread
        # (or taken from a pane showing the same document, or from the recent ones) and painted
        # when they come: the GUI thread never waits for them (issue 16).
        self._loader = SpanLoader(self)
        self._loader.loaded.connect(self._spans_loaded)
        self._loader.failed.connect(self._spans_failed)
        self._pending: dict[Pane, _Pending] = {}
        self._recent: OrderedDict[int, SpanIndex] = OrderedDict()
        session.projectClosing.connect(self._forget_loaded)
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
        view.set_record_source(self.session.records)
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
        self._leave(pane)
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
        self._leave(pane)
        spans = self.loaded_spans(doc.id)
        if spans is None:
            spans = s.small_span_index(doc.id, READ_AT_ONCE)
        pane.view.set_document(doc.id, p.documents.text(doc.id), p.documents.runs(doc.id),
                               spans, s.code_colors, s.code_paths)
        if spans is None:
            self._read_later([pane], doc.id)
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

    # -- span indexes: read once, off the GUI thread, and reused ---------------------------------
    def loaded_spans(self, document_id: int) -> SpanIndex | None:
        """A copy of a document's codings as already loaded (by a pane, or recently), or None."""
        for pane in self.panes:
            if pane.document_id == document_id and pane not in self._pending:
                return pane.view.span_index().copy()
        recent = self._recent.get(document_id)
        if recent is not None:
            self._recent.move_to_end(document_id)
            return recent.copy()
        return None

    def is_loading(self, pane: Pane) -> bool:
        return pane in self._pending

    def wait_loaded(self, timeout_ms: int = 60_000) -> bool:
        """Process events until every pane's codings are in (a screenshot, a test)."""
        clock = QElapsedTimer()
        clock.start()
        while self._pending and clock.elapsed() < timeout_ms:
            QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
            if self._pending:
                QThread.msleep(2)
        return not self._pending

    def _leave(self, pane: Pane) -> None:
        """The pane is about to show another document: keep what it has loaded for later."""
        pending = self._pending.pop(pane, None)
        if pending is not None:
            if not any(p.document_id == pending.document_id for p in self._pending.values()):
                self._loader.forget(pending.document_id)
            return
        doc = pane.document_id
        if doc is not None and not any(p is not pane and p.document_id == doc for p in self.panes):
            self._recent[doc] = pane.view.span_index()  # the view lets go of it: no copy needed
            self._recent.move_to_end(doc)
            while len(self._recent) > RECENT:
                self._recent.popitem(last=False)

    def _read_later(self, panes: list[Pane], document_id: int) -> bool:
        """Have the worker read a document's codings for these panes (one read, shared with
        any pane already waiting for it); False if there is no project to read from."""
        token = next((p.token for p in self._pending.values() if p.document_id == document_id),
                     None)
        if token is None:
            reader = self.session.span_reader()
            if reader is None:
                return False
            token = self._loader.request(document_id, reader)
        for pane in panes:
            self._pending[pane] = _Pending(document_id, token)
        return True

    def is_reading(self, document_id: int) -> bool:
        """Whether the worker is reading this document's codings for a pane."""
        return any(p.document_id == document_id for p in self._pending.values())

    def _spans_loaded(self, token: int, document_id: int, index: SpanIndex) -> None:
        waiting = [(pane, pending) for pane, pending in self._pending.items()
                   if pending.token == token]
        if not waiting:
            return  # nobody waits for it any more (another document, another project)
        # each pane its own copy to change, taken before any of them changes
        copies = [index] + [index.copy() for _ in waiting[1:]]
        for (pane, pending), mine in zip(waiting, copies, strict=True):
            del self._pending[pane]
            # Codings added, edited or removed while the worker read: its snapshot may be from
            # before them, so they are applied again (each one is an idempotent upsert).
            if pending.touched:
                present, gone = self.session.resolve(frozenset(pending.touched))
                mine.remove_many(gone)  # (the lanes of those changed go: given out again)
                for c in present:
                    if c.document_id == document_id:
                        mine.add(c)
            pane.view.set_codings(mine)
            self.codingsLoaded.emit(pane)

    def _spans_failed(self, token: int, _document_id: int, message: str) -> None:
        for pane, pending in list(self._pending.items()):
            if pending.token == token:
                del self._pending[pane]
                self.status.emit(f"The codings could not be read: {message}", 8000)

    def _forget_loaded(self) -> None:
        for pending in self._pending.values():
            self._loader.forget(pending.document_id)
        self._pending.clear()
        self._recent.clear()

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
        self._forget_loaded()  # (closing panes kept their documents: another project's ids)
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
        for changed in document_ids:
            self._recent.pop(changed, None)  # stale now; read again when shown
        asked: dict[int, int] = {}  # document id -> the token of its read asked again
        for pending in list(self._pending.values()):
            if pending.document_id in document_ids:
                reader = self.session.span_reader()
                if (coding_ids is None or len(coding_ids) > BULK) and reader is not None:
                    if pending.document_id not in asked:
                        asked[pending.document_id] = self._loader.request(pending.document_id,
                                                                          reader)
                    pending.token = asked[pending.document_id]  # again
                    pending.touched.clear()
                elif coding_ids is not None:
                    pending.touched |= coding_ids
        shown = [p for p in self.panes if p.document_id is not None and p.document_id in document_ids
                 and p not in self._pending]
        if not shown:
            return
        if coding_ids is None or len(coding_ids) > BULK:  # a merge, a job, another program
            by_doc: dict[int, list[Pane]] = {}
            for pane in shown:
                assert pane.document_id is not None
                by_doc.setdefault(pane.document_id, []).append(pane)
            for changed_doc, group in by_doc.items():
                # read once; each view gets its own copy to change. A big document is read on
                # the worker, as on switching: the panes show the codings they have meanwhile.
                index = self.session.small_span_index(changed_doc, READ_AT_ONCE)
                if index is None and self._read_later(group, changed_doc):
                    continue
                index = index if index is not None else self.session.span_index(changed_doc)
                for n, pane in enumerate(group):
                    pane.view.set_codings(index if n == 0 else index.copy())
            return
        present, gone = self.session.resolve(coding_ids)
        for pane in shown:
            doc = pane.document_id
            # add_codings replaces a coding with the same id (an edited span or memo)
            pane.view.remove_codings(gone)
            pane.view.add_codings(c for c in present if c.document_id == doc)
