"""DocumentView: one read-only document with its codings, find hits, zoom and drag-and-drop.

The view never touches the project: the window gives it text, runs and codings, and applies
what the user asks for (signals) as undoable commands, then tells the view what changed.
Positions in and out are code points, half-open; Qt's UTF-16 units stay inside.

Changing a coding's span with the mouse: drag the top or bottom end of its stripe in the margin
(move into the text while dragging to pick the exact character), or hold Alt and drag the left
or right edge of its highlight in the text. Esc cancels; ``spanEdited`` is emitted on release.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from PySide6.QtCore import QMimeData, QPoint, QTimer, Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QVBoxLayout, QWidget

from gwot_reader.core.markup import Run
from gwot_reader.core.model import Coding
from gwot_reader.core.offsets import PositionMap
from gwot_reader.core.spans import Span, SpanIndex, SpanLike
from gwot_reader.ui.docview.codingset import Records
from gwot_reader.ui.docview.formats import (
    DEFAULT_POINT_SIZE,
    MAX_POINT_SIZE,
    MIN_POINT_SIZE,
    apply_runs,
    reading_font,
)
from gwot_reader.ui.docview.textarea import TextArea

# A long text goes into Qt in pieces of about this many characters, one per turn of the event
# loop: setPlainText of 1 MB blocked the window for 0.1-0.2 s (issue 16). The first screens
# show at once; anything that needs a position beyond what is in finishes it first. Later
# pieces are larger (below the screen, each costs about a fifth of 1 MB): fewer repaints.
PIECE = 65536
LATER_PIECE = 4 * PIECE


def _cut(text: str, start: int) -> int:
    """Where the piece that starts at ``start`` ends: after a line break, so no piece splits
    a paragraph (the pieces make exactly the blocks one setPlainText would)."""
    end = start + (PIECE if start == 0 else LATER_PIECE)
    if end >= len(text):
        return len(text)
    brk = text.find("\n", end)
    return len(text) if brk < 0 else brk + 1


class DocumentView(QWidget):
    """The public face of the view: the API the window uses; see the module docstring."""

    selectionChanged = Signal()
    codingActivated = Signal(int)
    codingsContextMenu = Signal(QPoint, list)
    spanEdited = Signal(int, int, int)
    zoomChanged = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._area = TextArea(self)
        self._area.setFont(reading_font())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._area)
        self.setFocusProxy(self._area)
        self._loaded = 0  # how much of the text Qt holds (code points); the rest follows
        self._runs: list[Run] = []
        self._more = QTimer(self, singleShot=True, interval=0)
        self._more.timeout.connect(self._load_piece)
        self._area.selectionChanged.connect(self.selectionChanged)
        self._area.codingActivated.connect(self.codingActivated)
        self._area.codingsContextMenu.connect(self.codingsContextMenu)
        self._area.spanEdited.connect(self.spanEdited)
        self._area.zoomStep.connect(self._zoom_by)

    # -- the document -----------------------------------------------------------------------------
    def set_document(self, document_id: int, text: str, runs: list[Run],
                     codings: SpanIndex | Iterable[SpanLike] | None,
                     colors: Mapping[int, str], names: Mapping[int, str] | None = None) -> None:
        """Show a document: its canonical text, formatting runs and codings (code points).

        ``codings``: a span index (kept, not copied) or records; None while they are being
        read: the text shows at once and ``set_codings`` paints them once they come.
        ``colors``: code id -> "#RRGGBB"; ``names``: code id -> code path, for tooltips. The
        view scrolls to the top and forgets the find hits of the previous document.
        """
        area = self._area
        area.end_edge_drag(commit=False)
        area.hits.clear()
        area.handle_coding = None
        area.document_id = document_id
        area.doc_text = text
        area.positions = PositionMap(text)
        area.codings.set_colors(colors, names)
        area.codings.reset(() if codings is None else codings)
        self._runs = list(runs)
        self._loaded = _cut(text, 0)
        area.setPlainText(text[:self._loaded] if self._loaded < len(text) else text)
        if self._loaded < len(text):
            self._more.start()
        else:
            apply_runs(area.document(), self._runs, area.positions)
        area.repaint_codings()

    def _load_piece(self, whole: bool = False) -> None:
        """Add the next piece of a long text, or all the rest (and its formats once it is in)."""
        area = self._area
        text = area.doc_text
        if self._loaded >= len(text):
            return
        end = len(text) if whole else _cut(text, self._loaded)
        cursor = QTextCursor(area.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.insertText(text[self._loaded:end])
        self._loaded = end
        if end < len(text):
            self._more.start()
        else:
            apply_runs(area.document(), self._runs, area.positions)
            area.repaint_codings()

    @property
    def loading(self) -> bool:
        """Whether part of the text is still to go into Qt."""
        return self._loaded < len(self._area.doc_text)

    def finish_loading(self) -> None:
        """Put the rest of the text in now (positions beyond what is in are asked for)."""
        self._more.stop()
        self._load_piece(whole=True)  # one insertion: pieces cost more in all

    def clear(self) -> None:
        """Show no document (a placeholder says how to open one)."""
        area = self._area
        area.end_edge_drag(commit=False)
        area.hits.clear()
        self._more.stop()
        self._loaded = 0
        area.document_id = None
        area.doc_text = ""
        area.positions = PositionMap("")
        area.codings.reset(())
        area.setPlainText("")
        area.repaint_codings()

    @property
    def document_id(self) -> int | None:
        return self._area.document_id

    def text(self) -> str:
        return self._area.doc_text

    def text_edit(self) -> QPlainTextEdit:
        """The Qt widget, holding the whole text (finished loading first)."""
        self.finish_loading()
        return self._area

    def margin(self) -> QWidget:
        """The coding-stripe margin (for tests and screenshots)."""
        return self._area.margin

    # -- selection --------------------------------------------------------------------------------
    def selected_span(self) -> tuple[int, int] | None:
        """The selection in code points ``[start, end)``; an edge inside an emoji widens to it."""
        return self._area.selected_span()

    def select_span(self, start: int, end: int) -> None:
        """Select ``[start, end)`` (code points; clamped to the text, either order)."""
        self.finish_loading()
        start, end = min(start, end), max(start, end)
        positions = self._area.positions
        start = max(0, min(start, positions.length))
        end = max(start, min(end, positions.length))
        a, b = positions.span_to_utf16(start, end)
        cursor = QTextCursor(self._area.document())
        cursor.setPosition(a)
        cursor.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
        self._area.setTextCursor(cursor)

    def selection_mime(self) -> QMimeData | None:
        """What dragging the selection out carries (``application/x-gwot-span`` and plain text)."""
        return self._area.selection_mime()

    def reveal(self, start: int, end: int, flash: bool = True) -> None:
        """Scroll ``[start, end)`` into view (its start mid-screen) and flash it.

        The caret moves to ``start``, unless text is selected: a selection is kept (so that,
        say, "extend to selection" can follow), and only the scroll position changes.
        """
        self.finish_loading()
        area = self._area
        positions = area.positions
        start = max(0, min(start, positions.length))
        end = max(start, min(end, positions.length))
        saved = area.textCursor()
        cursor = QTextCursor(area.document())
        cursor.setPosition(positions.to_utf16(start))
        area.setTextCursor(cursor)
        area.centerCursor()
        if saved.hasSelection():
            bar = area.verticalScrollBar()
            value = bar.value()
            area.setTextCursor(saved)  # scrolls back to the selection if it is off screen...
            bar.setValue(value)  # ...so scroll to the span again
        if flash and end > start:
            area.flash(start, end)

    def select_coding(self, coding_id: int | None) -> None:
        """Show drag handles on this coding's ends (None: on none)."""
        self._area.select_coding(coding_id)

    @property
    def selected_coding(self) -> int | None:
        return self._area.handle_coding

    # -- codings ----------------------------------------------------------------------------------
    def set_record_source(self, records: Records | None) -> None:
        """Where full records (memos for tooltips) come from: coding ids -> Codings."""
        self._area.codings.records = records

    def set_codings(self, codings: SpanIndex | Iterable[SpanLike]) -> None:
        """Replace all codings (the text and the scroll position stay); a span index is kept."""
        self._area.end_edge_drag(commit=False)
        self._area.codings.reset(codings)
        self._area.repaint_codings()

    def add_codings(self, codings: Iterable[Coding]) -> None:
        """Add (or replace, by id) codings of this document; other documents' are ignored."""
        changed = False
        for c in codings:
            if c.document_id == self._area.document_id:
                self._area.codings.add(c)
                changed = True
        if changed:
            self._area.repaint_codings()

    def remove_codings(self, ids: Iterable[int]) -> None:
        """Forget codings by id (unknown ids are ignored)."""
        if self._area.codings.remove(ids):
            self._area.repaint_codings()

    def update_codings(self, codings: Iterable[Coding]) -> None:
        """Codings whose span, code or memo changed: the new versions replace the old by id."""
        self.add_codings(codings)  # add() replaces a coding with the same id

    def set_code_colors(self, colors: Mapping[int, str], names: Mapping[int, str] | None = None) -> None:
        """New code colours (and paths, unless None) after a codebook edit."""
        self._area.codings.set_colors(colors, names)
        self._area.repaint_codings()

    def codings_at(self, pos: int) -> list[Span]:
        """Codings that cover code point ``pos``, in start order."""
        return self._area.codings.index.at(pos)

    def codings(self) -> list[Span]:
        """All codings the view holds, in text order."""
        return list(self._area.codings.index)

    def span_index(self) -> SpanIndex:
        """The codings the view holds (its own: copy it before changing it)."""
        return self._area.codings.index

    def set_coder_filter(self, coders: Iterable[str] | None, lanes: bool = False) -> None:
        """Show only these coders' codings (None: everyone's); ``lanes``: each coder's stripes
        in a band of their own in the margin. Kept across documents."""
        area = self._area
        area.codings.set_coder_filter(coders)
        area.coder_lanes = lanes
        area.repaint_codings()

    def coder_filter(self) -> tuple[frozenset[str] | None, bool]:
        return self._area.coder_filter, self._area.coder_lanes

    def shown_codings(self) -> list[Span]:
        """The codings the coder filter lets through, in text order."""
        return self._area.codings.shown(list(self._area.codings.index))

    # -- find -------------------------------------------------------------------------------------
    def find(self, query: str, case_sensitive: bool = False) -> int:  # type: ignore[override]
        """Highlight every hit of ``query``; select the first. Returns the number of hits."""
        self.finish_loading()
        area = self._area
        n = area.hits.search(area.doc_text, query, case_sensitive)
        if n:
            self.find_next()
        area.repaint_hits()
        return n

    def find_next(self) -> None:
        """Select the next hit (wrapping around) and scroll to it."""
        self._step_find(True)

    def find_previous(self) -> None:
        """Select the previous hit (wrapping around) and scroll to it."""
        self._step_find(False)

    def _step_find(self, forward: bool) -> None:
        hit = self._area.hits.step(forward)
        if hit is not None:
            self.select_span(*hit)
            self._area.centerCursor()
            self._area.repaint_hits()

    def find_status(self) -> tuple[int, int]:
        """(the current hit, from 1; 0 if none is current, the number of hits)."""
        hits = self._area.hits
        return hits.current + 1, len(hits)

    def clear_find(self) -> None:
        self._area.hits.clear()
        self._area.repaint_hits()

    def find_hits(self) -> list[tuple[int, int]]:
        """Spans of the current find hits (code points)."""
        return self._area.hits.spans

    # -- zoom -------------------------------------------------------------------------------------
    @property
    def zoom(self) -> float:
        """The text's point size (headings scale with it)."""
        return self._area.font().pointSizeF()

    def set_zoom(self, point_size: float) -> None:
        """Set the point size (6 to 48), e.g. to restore a saved zoom; emits ``zoomChanged``."""
        size = max(MIN_POINT_SIZE, min(MAX_POINT_SIZE, float(point_size)))
        if size == self.zoom:
            return
        self._area.setFont(reading_font(size))
        self.zoomChanged.emit(size)

    def _zoom_by(self, steps: int) -> None:
        self.set_zoom(self.zoom + steps)

    def zoom_in(self) -> None:
        self._zoom_by(1)

    def zoom_out(self) -> None:
        self._zoom_by(-1)

    def reset_zoom(self) -> None:
        self.set_zoom(DEFAULT_POINT_SIZE)
