"""The overview ruler: the vertical scroll bar marked where the codings and the find hits are.

Marks sit at ``position / length`` of the groove: the scroll bar counts lines, which follow
the text closely enough for a map. The rows are cached until the codings, hits or size change,
and drawn once into a pixmap: scrolling repaints the bar on every step, and painting hundreds of
marks one by one cost more than the text's own paint (issue 16).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence, Sized

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QPainter, QPixmap
from PySide6.QtWidgets import QScrollBar, QWidget

HIT_MARK = QColor(230, 160, 0)


class OverviewBar(QScrollBar):
    """A vertical scroll bar that asks ``marks()`` for (coding rows, hit rows) to draw when
    one of ``marked`` (the codings, the hits) holds anything."""

    def __init__(self, marks: Callable[[int], tuple[dict[int, QColor], set[int]]],
                 marked: Sequence[Sized], parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Vertical, parent)
        self._marks = marks
        self._marked = marked
        self._drawn: tuple[object, tuple, QPixmap] | None = None  # (rows, size, their pixmap)

    def groove(self) -> QRect:
        # QStyle's Python class (and its hundreds of enum members) loads with the first mark
        # to draw, not with the first paint of a document without codings
        from PySide6.QtWidgets import QStyle, QStyleOptionSlider

        opt = QStyleOptionSlider()
        self.initStyleOption(opt)
        return self.style().subControlRect(QStyle.ComplexControl.CC_ScrollBar, opt,
                                           QStyle.SubControl.SC_ScrollBarGroove, self)

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if not any(len(m) for m in self._marked):
            return
        groove = self.groove()
        if groove.height() <= 0:
            return
        marks = self._marks(groove.height())
        coded, hits = marks
        if not coded and not hits:
            return
        # the rows object stays the same while nothing marked changed (RulerRows): so does the
        # pixmap, whatever the slider does
        key = (groove.size(), self.devicePixelRatioF())
        if self._drawn is None or self._drawn[0] is not marks or self._drawn[1] != key:
            self._drawn = (marks, key, self._draw(coded, hits, groove))
        painter = QPainter(self)
        painter.drawPixmap(groove.topLeft(), self._drawn[2])
        painter.end()

    def _draw(self, coded: dict[int, QColor], hits: set[int], groove: QRect) -> QPixmap:
        ratio = self.devicePixelRatioF()
        pixmap = QPixmap(groove.size() * ratio)
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        width = max(2, groove.width() // 3)
        right = groove.width() - width
        for row, color in coded.items():  # codings on the right third
            painter.fillRect(right, row, width, 2, color)
        for row in hits:  # find hits on the left third
            painter.fillRect(0, row, width, 2, HIT_MARK)
        painter.end()
        return pixmap


class RulerRows:
    """Pixel rows of codings (the colour of the first one starting there) and of find hits.

    Each row asks the sorted codings and hits for what starts in its stretch of text: O(rows x
    log n), so 50,000 codings cost no more than 50.
    """

    def __init__(self) -> None:
        self._key: tuple | None = None
        self._rows: tuple[dict[int, QColor], set[int]] = ({}, set())

    def rows(self, key: tuple, height: int, length: int,
             coding_in: Callable[[int, int], int | None], hit_in: Callable[[int, int], bool],
             color: Callable[[int], QColor]) -> tuple[dict[int, QColor], set[int]]:
        """``coding_in(a, b)``: the code id of a coding starting in ``[a, b)``, if any;
        ``hit_in(a, b)``: whether a find hit starts there (code points)."""
        if key != self._key:
            rows = max(1, height - 2)
            coded: dict[int, QColor] = {}
            hits: set[int] = set()
            for row in range(rows):
                a, b = length * row // rows, length * (row + 1) // rows
                if b <= a:
                    continue
                code_id = coding_in(a, b)
                if code_id is not None:
                    coded[row] = color(code_id)
                if hit_in(a, b):
                    hits.add(row)
            self._rows = (coded, hits)
            self._key = key
        return self._rows
