"""The Charts window: code frequencies, co-occurrence and document portraits drawn in the
window with the same painting as the exported files, saved as PNG (300 dpi) or SVG with the
table behind the chart as CSV beside it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from gwot_reader.core.charts import KINDS, Chart
from gwot_reader.core.errors import GwotError
from gwot_reader.ui import filedialogs

if TYPE_CHECKING:  # the charts' data and painting load when a chart is first drawn
    from gwot_reader.exchange.charts import Table
    from gwot_reader.ui.session import ProjectSession

SCREEN_SCALE = 1.5  # pixels per point on screen: the chart's layout is in points


class ChartsDialog(QDialog):
    """Pick a kind; the chart is drawn from the open project and redrawn when it changes."""

    drawn = Signal(str)  # the kind drawn (tests wait for it)

    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Charts")
        self.session = session
        self.kind = QComboBox()
        self.kind.addItems(list(KINDS))
        self.kind.currentTextChanged.connect(lambda *_: self.draw())
        self.save_png = QPushButton("Save as PNG…")
        self.save_svg = QPushButton("Save as SVG…")
        self.save_png.clicked.connect(lambda: self.save_as(".png"))
        self.save_svg.clicked.connect(lambda: self.save_as(".svg"))
        self.picture = QLabel()
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.scroll_area = scroll = QScrollArea()
        scroll.setWidget(self.picture)
        scroll.setWidgetResizable(True)
        self.status = QLabel("")
        top = QHBoxLayout()
        top.addWidget(QLabel("Chart"))
        top.addWidget(self.kind)
        top.addStretch(1)
        top.addWidget(self.save_png)
        top.addWidget(self.save_svg)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.status)
        self.resize(1000, 720)
        self.chart: Chart | None = None
        self.table: Table | None = None
        session.changed.connect(lambda *_: self.isVisible() and self.draw())

    def draw(self) -> bool:
        from gwot_reader.ui.chartpaint import render_png

        retrieval = self.session.analysis
        if retrieval is None:
            return False
        kind = self.kind.currentText()
        try:
            self.chart, self.table = retrieval.chart(kind)
        except GwotError as exc:
            self.status.setText(str(exc))
            self.session.warn(str(exc))
            return False
        # as large as SCREEN_SCALE allows, smaller (down to 0.8) if that fits the width
        points = render_png(self.chart, 1.0).width()
        fit = (self.scroll_area.viewport().width() - 8) / max(1, points)
        scale = max(0.8, min(SCREEN_SCALE, fit))
        image = render_png(self.chart, scale * self.devicePixelRatioF())
        pixmap = QPixmap.fromImage(image)
        pixmap.setDevicePixelRatio(self.devicePixelRatioF())
        self.picture.setPixmap(pixmap)
        self.status.setText(f"{self.chart.title}: {len(self.table[1])} rows in its table")
        self.drawn.emit(kind)
        return True

    def save_as(self, suffix: str, path: str | None = None) -> Path | None:
        """Save the chart (PNG at 300 dpi or SVG) and its table as the .csv beside it."""
        if self.chart is None or self.table is None:
            return None
        if not path:
            # beside the project (a bare name would land in the program's working folder)
            project = self.session.project
            folder = project.path.parent if project is not None else Path.home()
            name = str(folder / f"{self.kind.currentText()}{suffix}")
            kind = "PNG image (*.png)" if suffix == ".png" else "SVG drawing (*.svg)"
            path, _ = filedialogs.get_save_file_name(self, "Save chart", name, kind)
            if not path:
                return None
        from gwot_reader.exchange.charts import write_table
        from gwot_reader.ui.chartpaint import save

        target = Path(path)
        if target.suffix.lower() != suffix:
            target = target.with_name(target.name + suffix)
        try:
            save(self.chart, target)
            table = write_table(self.table, target)
        except (GwotError, OSError) as exc:
            self.session.warn(str(exc), dialog=True)
            return None
        said = f"Saved the chart to {target} and its table to {table.name}"
        self.status.setText(said)  # this window is in front of the status bar
        self.session.tell(said, 8000)
        return target


def open_charts(window: Any) -> ChartsDialog:
    """Show the window's Charts dialog (made once) with a fresh drawing."""
    dialog = getattr(window, "charts_dialog", None)
    if dialog is None:
        dialog = window.charts_dialog = ChartsDialog(window.session, window)
    dialog.show()
    dialog.raise_()
    dialog.draw()
    return dialog
