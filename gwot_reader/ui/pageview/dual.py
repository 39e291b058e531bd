"""A pane's view that shows a PDF as pages or as text, with DocumentView's API for the window.

The window treats it as a DocumentView: ``set_document`` has the same signature, codings go to
both views (so switching shows the same codings), and ``selected_span`` comes from the view on
screen, so every way of coding (codebook, number keys, palette, in-vivo) works on the page too.
For PDFs a slim bar offers "Page view / Text view", zoom and fit-width; other documents see
only the text view.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QEvent, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from gwot_reader.core.markup import Run
from gwot_reader.core.model import Coding
from gwot_reader.core.spans import Span, SpanIndex, SpanLike
from gwot_reader.ui.docview import DocumentView
from gwot_reader.ui.docview.codingset import Records
from gwot_reader.ui.pageview.source import PdfDocument, is_pdf

if TYPE_CHECKING:
    from gwot_reader.store import Project
    from gwot_reader.ui.pageview.view import PageView  # made when the first PDF is shown

WARM_UP_DELAY_MS = 400


class PdfLoader(Protocol):
    """Loads a document for the page view (document id, its text if known); ``has_pdfs()``
    says whether the project holds any PDF."""

    def __call__(self, document_id: int, text: str | None = None, /) -> PdfDocument | None: ...

    def has_pdfs(self) -> bool: ...


def pdf_loader(project_of: Callable[[], Project | None]) -> PdfLoader:
    """Loads a document for the page view, or None when it is not a PDF with pages.

    ``load.has_pdfs()`` says whether the project holds any PDF (to warm PyMuPDF up early).
    """

    def has_pdfs() -> bool:
        project = project_of()
        return project is not None and any(is_pdf(d.media_type) for d in project.documents.all())

    def load(document_id: int, text: str | None = None) -> PdfDocument | None:
        project = project_of()
        if project is None:
            return None
        doc = project.documents.find(document_id)
        if doc is None or not is_pdf(doc.media_type):
            return None
        pdf = PdfDocument.load(project, document_id, text)
        return pdf if pdf.pages else None

    load.has_pdfs = has_pdfs  # type: ignore[attr-defined]
    return load  # type: ignore[return-value]


class DualView(QWidget):
    selectionChanged = Signal()
    codingActivated = Signal(int)
    codingsContextMenu = Signal(QPoint, list)
    spanEdited = Signal(int, int, int)
    zoomChanged = Signal(float)
    modeChanged = Signal(str)  # "page" or "text"
    # a PDF's view chosen by the user: ("page", zoom or None for fit width) or ("text", None)
    pdfViewChosen = Signal(object)

    def __init__(self, load_pdf: PdfLoader, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._load_pdf = load_pdf
        self._preferred = "page"  # PDFs open as pages until the user picks the text view
        self._text_view = DocumentView()
        # A PDF opened as pages fills the text view only after its first page is on screen:
        # laying out a 1,000-page text takes 0.1 s the page would otherwise wait for.
        self._text_pending: tuple | None = None
        self.page_view: PageView | None = None  # made when the first PDF is shown
        self._records: Records | None = None
        self._stack = QStackedWidget()
        self._stack.addWidget(self._text_view)
        self._bar = self._make_bar()
        self._bar.hide()
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addWidget(self._bar)
        lay.addWidget(self._stack, 1)
        self.setFocusProxy(self._text_view)
        tv = self._text_view
        tv.selectionChanged.connect(lambda: self._relay_selection(tv))
        tv.codingActivated.connect(self.codingActivated)
        tv.codingsContextMenu.connect(self.codingsContextMenu)
        tv.spanEdited.connect(self.spanEdited)
        tv.zoomChanged.connect(self.zoomChanged)
        # Import PyMuPDF (0.15 s) on the render thread soon after the window shows, so that a
        # PDF chosen later is drawn sharp at once; only for projects with PDFs. Not at once: the
        # import holds the GIL for tens of milliseconds at a time, and a PDF chosen meanwhile
        # showed its first page (the picture made at import) in 140 ms instead of 50. A pane
        # made before its project is set tries again once it has painted.
        self._painted = False
        QTimer.singleShot(WARM_UP_DELAY_MS, self, self._warm_up)
        self._restoring = False  # a remembered view being put back: not a choice to remember

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            QTimer.singleShot(WARM_UP_DELAY_MS, self, self._warm_up)

    @property
    def text_view(self) -> DocumentView:
        """The text view, holding the document shown (filled now if it was put off)."""
        self._fill_text_view()
        return self._text_view

    def _fill_text_view(self) -> None:
        if self._text_pending is not None:
            args, self._text_pending = self._text_pending, None
            self._text_view.set_document(*args)

    def _page_rendered(self, *_args) -> None:
        if self._text_pending is not None:
            QTimer.singleShot(0, self, self._fill_text_view)  # after the page's paint

    def _warm_up(self) -> None:
        # the renderer (and MuPDF's helpers) load after the first paint, which needs neither
        from gwot_reader.ui.pageview.render import warm_up, warmed_up

        if warmed_up():  # (asking the project costs a query per pane)
            return
        has_pdfs = getattr(self._load_pdf, "has_pdfs", None)
        if has_pdfs is not None and has_pdfs():
            warm_up()

    def _make_bar(self) -> QWidget:
        bar = QWidget()
        row = QHBoxLayout(bar)
        row.setContentsMargins(4, 1, 4, 1)
        group = QButtonGroup(bar)
        self.page_button = _tool_button("Page view", checkable=True)
        self.text_button = _tool_button("Text view", checkable=True)
        self.page_button.setToolTip("Read and code the PDF as its printed pages; Shift-drag "
                                    "draws a region for figures and tables")
        self.text_button.setToolTip("Read, search and code the PDF's extracted text")
        for b in (self.page_button, self.text_button):
            group.addButton(b)
            row.addWidget(b)
        self.page_button.clicked.connect(lambda: self._choose("page"))
        self.text_button.clicked.connect(lambda: self._choose("text"))
        row.addStretch(1)
        self.note = QLabel()
        self.note.setStyleSheet("color: #8a5a00;")
        # a long note must not widen the pane: it is cut, and whole in its tooltip
        self.note.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        row.addWidget(self.note)
        self.page_label = QLabel()
        self.page_label.setToolTip("The page at the top of the view, and the number of pages")
        row.addWidget(self.page_label)
        self._zoom_buttons = []
        for label, tip, slot in (("−", "Zoom out (Ctrl+wheel)", lambda: self._pages.zoom_out()),
                                 ("+", "Zoom in (Ctrl+wheel)", lambda: self._pages.zoom_in()),
                                 ("Fit width", "Fit the page to the pane's width",
                                  lambda: self._pages.fit_width())):
            b = _tool_button(label)
            b.setToolTip(tip)
            b.clicked.connect(slot)
            row.addWidget(b)
            self._zoom_buttons.append(b)
        return bar

    def _ensure_page_view(self) -> PageView:
        if self.page_view is None:
            from gwot_reader.ui.pageview.view import PageView  # not needed for the first paint

            pv = PageView()
            pv.codings.records = self._records
            pv.set_coder_filter(self._text_view.coder_filter()[0])
            pv.selectionChanged.connect(lambda: self._relay_selection(pv))
            pv.codingActivated.connect(self.codingActivated)
            pv.codingsContextMenu.connect(self.codingsContextMenu)
            pv.installEventFilter(self)
            pv.verticalScrollBar().valueChanged.connect(self._show_page)
            pv.zoomChanged.connect(lambda _zoom: self._chosen())
            pv.renderer.signals.rendered.connect(self._page_rendered)
            self._stack.addWidget(pv)
            self.page_view = pv
        return self.page_view

    def _relay_selection(self, source: QWidget) -> None:
        if source is self.active_view():
            self.selectionChanged.emit()

    def eventFilter(self, obj, event) -> bool:
        # Keys the page view has no use for (number keys that apply codes) reach the window's
        # handlers through the text view, which the window listens to.
        if obj is self.page_view and event.type() == QEvent.Type.KeyPress \
                and Qt.Key.Key_0 <= event.key() <= Qt.Key.Key_9:
            copy = QKeyEvent(event.type(), event.key(), event.modifiers(), event.text())
            return QApplication.sendEvent(self.text_view.text_edit(), copy)
        return super().eventFilter(obj, event)

    # -- the document ---------------------------------------------------------------------------
    def set_document(self, document_id: int, text: str, runs: list[Run],
                     codings: SpanIndex | Iterable[SpanLike] | None,
                     colors: Mapping[int, str], names: Mapping[int, str] | None = None) -> None:
        """As DocumentView.set_document (``codings`` None: they follow through set_codings)."""
        if codings is not None and not isinstance(codings, SpanIndex):
            codings = SpanIndex(codings)
        args = (document_id, text, runs, codings, colors, names)
        self._text_pending = None
        pdf = self._load_pdf(document_id, text)
        if pdf is None:
            self._text_view.set_document(*args)
            if self.page_view is not None:
                self.page_view.clear()
            self._bar.hide()
            self.set_mode("text")
            return
        self._restoring = True  # the new document's layout is nobody's choice
        try:
            self._ensure_page_view().set_document(pdf, _own(codings), colors, names)
        finally:
            self._restoring = False
        if self._preferred == "page":
            self._text_pending = args
            QTimer.singleShot(1000, self, self._fill_text_view)  # should no page render
        else:
            self._text_view.set_document(*args)
        self.note.setText("" if pdf.has_text else "No text layer: code regions (Shift-drag)")
        self.note.setToolTip("" if pdf.has_text else
                             "This PDF has no text layer (scanned pages): text coding and search "
                             "are unavailable. Shift-drag on a page to draw a region, then apply "
                             "a code to it.")
        self._bar.show()
        self.set_mode(self._preferred)
        self._show_page()

    def clear(self) -> None:
        self._text_pending = None
        self._text_view.clear()
        if self.page_view is not None:
            self.page_view.clear()
        self._bar.hide()
        self.set_mode("text")

    @property
    def document_id(self) -> int | None:
        if self._text_pending is not None:
            return self._text_pending[0]
        return self._text_view.document_id

    def text(self) -> str:
        return self.text_view.text()

    def text_edit(self):
        return self.text_view.text_edit()

    def margin(self) -> QWidget:
        return self.text_view.margin()

    # -- page or text ---------------------------------------------------------------------------
    @property
    def mode(self) -> str:
        return "page" if self._stack.currentWidget() is self.page_view and self.page_view else "text"

    @property
    def _pages(self) -> PageView:
        """The page view, where the caller knows it was made."""
        assert self.page_view is not None
        return self.page_view

    def _show_page(self, *_args: object) -> None:
        pv = self.page_view
        shown = pv is not None and self.mode == "page" and pv.page_count() > 0
        self.page_label.setText(f"{self._pages.current_page()} / {self._pages.page_count()}"
                                if shown else "")

    def _choose(self, mode: str) -> None:
        """The user's choice, kept for the next PDF this pane shows."""
        self._preferred = mode
        self.set_mode(mode)
        self._chosen()

    def pdf_view(self) -> tuple[str, float | None] | None:
        """How the PDF shown is read: ("page", zoom, None when fitting the width) or ("text",
        None); None for a document that is not a PDF."""
        if not self.has_pages():
            return None
        if self.mode == "text":
            return ("text", None)
        return ("page", None if self._pages.fits_width else self._pages.zoom)

    def restore_pdf_view(self, mode: str, zoom: float | None) -> None:
        """Put back a PDF's remembered view (see ``pdf_view``); nothing for other documents."""
        if not self.has_pages() or mode not in ("page", "text"):
            return
        self._restoring = True
        try:
            self._preferred = mode
            self.set_mode(mode)
            if zoom is None:
                self._pages.fit_width()
            else:
                self._pages.set_zoom(zoom)
        finally:
            self._restoring = False

    def _chosen(self) -> None:
        state = self.pdf_view()
        if not self._restoring and state is not None:
            self.pdfViewChosen.emit(state)

    def has_pages(self) -> bool:
        return self.page_view is not None and self.page_view.document_id is not None

    def set_mode(self, mode: str) -> None:
        """Show the page view ("page", PDFs only) or the text view ("text")."""
        if mode == "page" and not self.has_pages():
            mode = "text"
        view: DocumentView | PageView = self._pages if mode == "page" else self.text_view
        current: Any = self._stack.currentWidget()
        changed = current is not view
        # (a text view still to be filled holds the previous document's selection)
        stale = current is self._text_view and self._text_pending is not None
        span = current.selected_span() if changed and not stale else None
        self._stack.setCurrentWidget(view)
        self.setFocusProxy(view)
        self.page_button.setChecked(mode == "page")
        self.text_button.setChecked(mode == "text")
        for b in self._zoom_buttons:
            b.setVisible(mode == "page")
        self._show_page()
        if changed:
            if span:  # the same passage stays selected and in sight
                view.select_span(span[0], span[1])
                view.reveal(span[0], span[1], flash=False)
            self.modeChanged.emit(mode)
            self.selectionChanged.emit()

    def active_view(self) -> DocumentView | PageView:
        return self._pages if self.mode == "page" else self.text_view

    # -- selection ------------------------------------------------------------------------------
    def selected_span(self) -> tuple[int, int] | None:
        return self.active_view().selected_span()

    def selected_region(self) -> tuple[int, tuple[float, float, float, float]] | None:
        """A rectangle drawn on a page (page view only): ``(page, (x0, y0, x1, y1))``."""
        return self._pages.selected_region() if self.mode == "page" else None

    def select_span(self, start: int, end: int) -> None:
        self.active_view().select_span(start, end)

    def selection_mime(self):
        return self.active_view().selection_mime()

    def reveal(self, start: int, end: int, flash: bool = True) -> None:
        self.text_view.reveal(start, end, flash=flash and self.mode == "text")
        if self.has_pages():
            self._pages.reveal(start, end, flash=flash and self.mode == "page")

    # -- codings: both views hold them, so a switch shows the same ones ---------------------------
    def _both(self, name: str, *args) -> None:
        getattr(self.text_view, name)(*args)
        if self.has_pages():
            getattr(self.page_view, name)(*args)

    def set_codings(self, codings: SpanIndex | Iterable[SpanLike]) -> None:
        index = codings if isinstance(codings, SpanIndex) else SpanIndex(codings)
        if self._text_pending is not None:  # the text view is filled later, with these
            pending = list(self._text_pending)
            pending[3] = index
            self._text_pending = tuple(pending)
        else:
            self._text_view.set_codings(index)
        if self.has_pages():
            self._pages.set_codings(index.copy())  # each view changes its own

    def set_coder_filter(self, coders: Iterable[str] | None, lanes: bool = False) -> None:
        """Both views show only these coders' codings (None: everyone's); ``lanes``: the
        text view's margin gives each coder a band (the page view has no margin)."""
        self._text_view.set_coder_filter(coders, lanes)
        if self.page_view is not None:
            self.page_view.set_coder_filter(coders)

    def set_record_source(self, records: Records | None) -> None:
        """Where tooltips fetch full records (memos) from, in both views."""
        self._records = records
        self._text_view.set_record_source(records)
        if self.page_view is not None:
            self.page_view.codings.records = records

    def span_index(self) -> SpanIndex:
        if self._text_pending is not None:  # not laid out yet: its codings are here already
            return self._text_pending[3] if self._text_pending[3] is not None else SpanIndex()
        return self._text_view.span_index()

    def add_codings(self, codings: Iterable[Coding]) -> None:
        self._both("add_codings", list(codings))

    def remove_codings(self, ids: Iterable[int]) -> None:
        self._both("remove_codings", list(ids))

    def update_codings(self, codings: Iterable[Coding]) -> None:
        self._both("update_codings", list(codings))

    def set_code_colors(self, colors: Mapping[int, str], names: Mapping[int, str] | None = None) -> None:
        self._both("set_code_colors", colors, names)

    def codings_at(self, pos: int) -> list[Span]:
        return self.text_view.codings_at(pos)

    def codings(self) -> list[Span]:
        return self.text_view.codings()

    # -- find works on the text; zoom on the view on screen ---------------------------------------
    def find(self, query: str, case_sensitive: bool = False) -> int:  # type: ignore[override]
        self.set_mode("text")
        return self.text_view.find(query, case_sensitive)

    def find_next(self) -> None:
        self.text_view.find_next()

    def find_previous(self) -> None:
        self.text_view.find_previous()

    def select_coding(self, coding_id: int | None) -> None:
        """Drag handles on the coding's ends in the text view."""
        self.text_view.select_coding(coding_id)

    def find_status(self) -> tuple[int, int]:
        return self.text_view.find_status()

    def clear_find(self) -> None:
        self.text_view.clear_find()

    def find_hits(self) -> list[tuple[int, int]]:
        return self.text_view.find_hits()

    @property
    def zoom(self) -> float:
        return self._text_view.zoom

    def set_zoom(self, point_size: float) -> None:
        self._text_view.set_zoom(point_size)

    def zoom_in(self) -> None:
        self.active_view().zoom_in()

    def zoom_out(self) -> None:
        self.active_view().zoom_out()

    def reset_zoom(self) -> None:
        if self.mode == "page":
            self._pages.fit_width()
        else:
            self.text_view.reset_zoom()


def _own(codings: SpanIndex | None) -> SpanIndex:
    """A copy for the page view, which changes its index apart from the text view's."""
    return SpanIndex() if codings is None else codings.copy()


def _tool_button(text: str, checkable: bool = False) -> QToolButton:
    button = QToolButton()
    button.setText(text)
    button.setCheckable(checkable)
    button.setAutoRaise(True)
    return button
