"""The flash of a revealed span: two quick pulses of warm colour, so the eye finds it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QVariantAnimation
from PySide6.QtGui import QColor, QPainter

from gwot_reader.ui.docview.painting import VisibleFrame

FLASH = QColor(255, 140, 0)
PULSES = ((0.0, 0.0), (0.12, 1.0), (0.4, 0.2), (0.55, 0.9), (1.0, 0.0))  # (time, strength)
DURATION_MS = 1200


class Flash(QObject):
    """One span (UTF-16 units) at a time; ``changed`` is called on every step to repaint."""

    def __init__(self, parent: QObject, changed: Callable[[], None]) -> None:
        super().__init__(parent)
        self._changed = changed
        self.span: tuple[int, int] | None = None
        self.level = 0.0
        self._anim: QVariantAnimation | None = None

    @property
    def active(self) -> bool:
        return self._anim is not None

    def start(self, start16: int, end16: int) -> None:
        if self._anim is not None:
            self._anim.stop()
        self.span = (start16, end16)
        anim = QVariantAnimation(self)
        anim.setDuration(DURATION_MS)
        for at, level in PULSES:
            anim.setKeyValueAt(at, level)
        anim.valueChanged.connect(self._step)
        anim.finished.connect(self._done)
        self._anim = anim
        anim.start()

    def stop(self) -> None:
        if self._anim is not None:
            self._anim.stop()
            self._done()

    def _step(self, level: float) -> None:
        self.level = float(level)
        self._changed()

    def _done(self) -> None:
        self.span, self.level, self._anim = None, 0.0, None
        self._changed()

    def paint(self, painter: QPainter, frame: VisibleFrame) -> None:
        if self.span is None or self.level <= 0:
            return
        color = QColor(FLASH)
        color.setAlpha(int(170 * self.level))
        for rect in frame.rects(*self.span):
            painter.fillRect(rect.adjusted(-2, -1, 2, 1), color)
