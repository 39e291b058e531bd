"""The label that follows a passage dragged out of the text: the start of the passage."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen, QPixmap

from gwot_reader.ui.docview.formats import INK, SELECTION


def drag_pixmap(font: QFont, text: str) -> QPixmap:
    """A small label with the start of the dragged passage, so the drop target is clear."""
    snippet = " ".join(text.split())
    snippet = snippet if len(snippet) <= 48 else snippet[:47] + "…"
    metrics = QFontMetricsF(font)
    width = int(min(metrics.horizontalAdvance(snippet), 420) + 16)
    pixmap = QPixmap(width, int(metrics.height() + 10))
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(QColor("#7a8fb0"), 1.0))
    painter.setBrush(QColor(SELECTION))
    painter.drawRoundedRect(QRectF(pixmap.rect()).adjusted(0.5, 0.5, -0.5, -0.5), 5, 5)
    painter.setFont(font)
    painter.setPen(QColor(INK))
    painter.drawText(QRectF(pixmap.rect()).adjusted(8, 0, -8, 0),
                     int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft), snippet)
    painter.end()
    return pixmap
