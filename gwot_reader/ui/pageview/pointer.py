"""The mouse on the page view: drag across words, Shift-drag a region, drag a selection out."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QDrag
from PySide6.QtWidgets import QApplication

from gwot_reader.core.pages import Word
from gwot_reader.core.spans import Span
from gwot_reader.ui.pageview.geometry import to_page, word_at

if TYPE_CHECKING:
    from gwot_reader.ui.pageview.view import PageView


class PagePointer:
    """What a press began (a word selection, a region, or a drag of the selection) and how the
    moves and the release that follow change the view's selection."""

    def __init__(self, view: PageView) -> None:
        self.view = view
        self.anchor: Word | None = None  # the word a word selection began on
        self.origin: tuple[int, float, float] | None = None  # region drag: page, x, y
        self.drag_from: QPointF | None = None  # a press in the selection

    def press(self, event) -> None:
        view = self.view
        hit = view.page_point(event.position())
        self.anchor = self.origin = self.drag_from = None
        if hit is None:
            view.clear_selection()
            return
        index, x, y = hit
        if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            self.origin = (index + 1, x, y)
            return
        doc = view.document
        assert doc is not None
        word = word_at(doc.words(index + 1), x, y)
        on_word = word is not None and word[0] <= x <= word[2] and word[1] <= y <= word[3]
        sel = view.selected_span()
        if word is not None and on_word and sel and sel[0] <= word[4] and word[5] <= sel[1]:
            self.drag_from = event.position()  # may become a drag of the selection
        else:
            self.anchor = word

    def move(self, event) -> None:
        view = self.view
        point = event.position()
        if self.drag_from is not None:
            if (point - self.drag_from).manhattanLength() >= QApplication.startDragDistance():
                self.drag_from = None
                view._start_drag()
            return
        self.autoscroll(point)
        if self.origin is not None:
            view.select_region(*self._region_to(point))
        elif self.anchor is not None:
            hit = view.page_point(point, clamp=True)
            doc = view.document
            if hit is not None and doc is not None:
                w = word_at(doc.words(hit[0] + 1), hit[1], hit[2])
                if w is not None:
                    a = self.anchor
                    view.select_span(min(a[4], w[4]), max(a[5], w[5]))

    def _region_to(self, point: QPointF) -> tuple[int, tuple[float, float, float, float]]:
        """The rectangle from the press to ``point``, kept on the page it began on."""
        assert self.origin is not None
        view = self.view
        page, x0, y0 = self.origin
        hit = view.page_point(point, clamp=True)
        if hit is None or hit[0] != page - 1:
            info = view.page_layout.pages[page - 1]
            x, y = to_page(view.page_layout, page - 1, point + view.offset())
            x, y = max(0.0, min(info.width, x)), max(0.0, min(info.height, y))
        else:
            x, y = hit[1], hit[2]
        return page, (min(x0, x), min(y0, y), max(x0, x), max(y0, y))

    def release(self) -> None:
        view = self.view
        if self.drag_from is not None:  # a click in the selection, not a drag: drop it
            self.drag_from = None
            view.clear_selection()
        elif self.origin is not None:
            region = view.selected_region()
            if region is None or min(region[1][2] - region[1][0], region[1][3] - region[1][1]) < 3:
                view.clear_selection()  # a Shift-click, not a rectangle
        elif self.anchor is not None and view.selected_span() is None:
            view.clear_selection()
        self.anchor = self.origin = None

    def double_click(self, point: QPointF) -> None:
        view = self.view
        under = view.codings_at_point(point)
        if under:
            view.codingActivated.emit(under[0].id)
            return
        hit = view.page_point(point)
        doc = view.document
        if hit is not None and doc is not None:  # select the word, like a text view
            w = word_at(doc.words(hit[0] + 1), hit[1], hit[2])
            if w is not None:
                view.select_span(w[4], w[5])

    def codings_under(self, point: QPointF) -> list[Span]:
        """Codings under a viewport point (a word of theirs, or inside their region),
        innermost (shortest) first."""
        view = self.view
        hit = view.page_point(point)
        doc = view.document
        if hit is None or doc is None:
            return []
        index, x, y = hit
        info = view.page_layout.pages[index]
        found: list[Span] = []
        word = next((w for w in doc.words(index + 1)
                     if w[0] <= x <= w[2] and w[1] <= y <= w[3]), None)
        for c in view.codings.shown(view.codings.index.overlapping(info.start,
                                                                   max(info.end, info.start + 1))):
            region = view.region_of(c.id)
            if region is not None:
                if region.page == index + 1 and region.x0 <= x <= region.x1 \
                        and region.y0 <= y <= region.y1:
                    found.append(c)
            elif word is not None and c.start < word[5] and c.end > word[4]:
                found.append(c)
        return sorted(found, key=lambda c: c.end - c.start)

    def autoscroll(self, point: QPointF) -> None:
        view = self.view
        v = view.verticalScrollBar()
        height = view.viewport().height()
        if point.y() < 0:
            v.setValue(v.value() + int(point.y()))
        elif point.y() > height:
            v.setValue(v.value() + int(point.y() - height))


def start_drag(view: PageView) -> None:
    """Drag the selection out, onto a code in the codebook (as from the text view)."""
    mime = view.selection_mime()
    if mime is not None:
        drag = QDrag(view)
        drag.setMimeData(mime)
        drag.exec(Qt.DropAction.CopyAction)
