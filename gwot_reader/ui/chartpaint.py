"""Charts for papers painted with Qt: bars, a heatmap and document strips, to PNG or SVG.

Plain QPainter rather than matplotlib: the three charts need no more than rectangles, text and a
colour scale, and matplotlib with numpy, Pillow and fontTools would add about 160 MB to a
184 MB bundle whose limit is 250 MB.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QImage,
    QPaintDevice,
    QPainter,
    QPen,
)

from gwot_reader.core.charts import Bars, Chart, Heatmap, Strips
from gwot_reader.store.fileid import refuse_sqlite_file

DPI = 300
PT = 72  # layout is in points: 1/72 inch
# viridis, sampled at nine points: perceptually even and readable in greyscale print.
_VIRIDIS = ["#440154", "#472d7b", "#3b528b", "#2c728e", "#21918c", "#28ae80", "#5ec962",
            "#addc30", "#fde725"]


def ensure_gui() -> None:
    """Fonts need a QGuiApplication; the command line has none, and no display either."""
    if QGuiApplication.instance() is None:
        # A QApplication, not the lighter QGuiApplication: a window made later in the same
        # process (tests, a script) needs one, and Qt allows a single application object.
        from PySide6.QtWidgets import QApplication

        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        global _app  # kept for the life of the process, as Qt requires
        _app = QApplication(["gwot-reader"])


_app: QGuiApplication | None = None


def save(chart: Chart, path: str | Path) -> None:
    """Write ``chart`` to ``path``: .png at 300 dpi, or .svg in points."""
    ensure_gui()
    path = Path(path)
    refuse_sqlite_file(path, "write onto")  # a link named .png to the open project, say
    painter_fn, width, height = _layout(chart)
    if path.suffix.lower() == ".svg":
        _save_svg(painter_fn, width, height, path, chart.title)
        return
    scale = DPI / PT
    image = QImage(QSize(round(width * scale), round(height * scale)), QImage.Format.Format_RGB32)
    image.setDotsPerMeterX(round(DPI / 0.0254))
    image.setDotsPerMeterY(round(DPI / 0.0254))
    image.fill(QColor("white"))
    _paint_on(image, painter_fn, scale)
    if not image.save(str(path), "PNG"):  # type: ignore[call-overload]  # PySide6 accepts str
        raise OSError(f"cannot write {path}")


def render_png(chart: Chart, scale: float = 1.0) -> QImage:
    """The chart as an image (for the window), at ``scale`` pixels per point."""
    painter_fn, width, height = _layout(chart)
    image = QImage(QSize(round(width * scale), round(height * scale)), QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    _paint_on(image, painter_fn, scale)
    return image


def _paint_on(device: QPaintDevice, paint: Callable[[QPainter], None], scale: float) -> None:
    p = QPainter(device)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    p.scale(scale, scale)
    paint(p)
    p.end()


def _save_svg(paint: Callable[[QPainter], None], width: float, height: float, path: Path,
              title: str) -> None:
    from PySide6.QtSvg import QSvgGenerator  # only an SVG export pays for it

    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    gen = QSvgGenerator()
    gen.setOutputDevice(buffer)
    gen.setSize(QSize(round(width), round(height)))
    gen.setViewBox(QRectF(0, 0, width, height))
    gen.setResolution(PT)
    gen.setTitle(title)
    _paint_on(gen, paint, 1.0)
    buffer.close()
    path.write_bytes(bytes(data.data()))


# -- layout ------------------------------------------------------------------------------------

def _font(size: int, bold: bool = False) -> QFont:
    f = QFont()
    f.setPixelSize(size)  # in points of the layout: the painter's scale makes them 300 dpi
    f.setBold(bold)
    return f


def _text_width(font: QFont, texts: Sequence[str]) -> float:
    fm = QFontMetricsF(font)
    return max((fm.horizontalAdvance(t) for t in texts), default=0.0)


def _elide(font: QFont, text: str, width: float) -> str:
    return QFontMetricsF(font).elidedText(text, Qt.TextElideMode.ElideMiddle, width)


def _layout(chart: Chart) -> tuple[Callable[[QPainter], None], float, float]:
    if isinstance(chart, Bars):
        return _bars(chart)
    if isinstance(chart, Heatmap):
        return _heatmap(chart)
    return _strips(chart)


MARGIN = 14.0
TITLE = 13
LABEL = 7
MAX_LABEL = 190.0  # longer labels are shortened in the middle


def _nice_ticks(top: float) -> list[float]:
    if top <= 0:
        return [0.0]
    raw = top / 5
    mag = 10 ** len(str(int(raw))) / 10 if raw >= 1 else 1
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    n = int(top // step) + 1  # ticks 0 .. (n - 1) * step, the last at or below top
    # one more unless the last already reaches the top: the longest bar ends inside the axis
    return [i * step for i in range(n if (n - 1) * step >= top else n + 1)]


def _fmt(v: float) -> str:
    return f"{v:,.0f}" if v == int(v) else f"{v:,.1f}"


def _bars(c: Bars) -> tuple[Callable[[QPainter], None], float, float]:
    label_font, title_font = _font(LABEL), _font(TITLE, bold=True)
    label_w = min(MAX_LABEL, _text_width(label_font, c.labels)) + 6
    row = 11.0
    plot_w = 300.0
    top = MARGIN + TITLE + 10
    ticks = _nice_ticks(max(c.values, default=0))
    vmax = max(ticks[-1], 1e-9)
    value_w = _text_width(label_font, [_fmt(v) for v in c.values]) + 6
    width = MARGIN + label_w + plot_w + value_w + MARGIN
    height = top + row * max(1, len(c.labels)) + 34 + MARGIN

    def paint(p: QPainter) -> None:
        p.setFont(title_font)
        p.setPen(QColor("#222222"))
        p.drawText(QRectF(MARGIN, MARGIN, width - 2 * MARGIN, TITLE + 4),
                   Qt.AlignmentFlag.AlignLeft, c.title)
        x0 = MARGIN + label_w
        bottom = top + row * len(c.labels)
        p.setFont(label_font)
        grid = QPen(QColor("#dddddd"), 0.5)
        for t in ticks:
            x = x0 + plot_w * t / vmax
            p.setPen(grid)
            p.drawLine(QPointF(x, top), QPointF(x, bottom))
            p.setPen(QColor("#444444"))
            p.drawText(QRectF(x - 30, bottom + 3, 60, 10), Qt.AlignmentFlag.AlignHCenter, _fmt(t))
        for i, (label, value, colour) in enumerate(zip(c.labels, c.values, c.colours, strict=True)):
            y = top + i * row
            p.setPen(QColor("#222222"))
            p.drawText(QRectF(MARGIN, y, label_w - 6, row),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                       _elide(label_font, label, label_w - 6))
            w = plot_w * value / vmax
            p.fillRect(QRectF(x0, y + 1.5, w, row - 3), QColor(colour))
            p.drawText(QRectF(x0 + w + 3, y, value_w, row), Qt.AlignmentFlag.AlignVCenter, _fmt(value))
        p.setPen(QPen(QColor("#444444"), 0.7))
        p.drawLine(QPointF(x0, top), QPointF(x0, bottom))
        p.drawText(QRectF(x0, bottom + 15, plot_w, 12), Qt.AlignmentFlag.AlignHCenter, c.axis)

    return paint, width, height


def colour_scale(fraction: float) -> QColor:
    """Viridis at ``fraction`` in [0, 1]."""
    f = min(1.0, max(0.0, fraction)) * (len(_VIRIDIS) - 1)
    i = min(int(f), len(_VIRIDIS) - 2)
    a, b = QColor(_VIRIDIS[i]), QColor(_VIRIDIS[i + 1])
    t = f - i
    return QColor.fromRgbF(a.redF() + (b.redF() - a.redF()) * t,
                           a.greenF() + (b.greenF() - a.greenF()) * t,
                           a.blueF() + (b.blueF() - a.blueF()) * t)


def _heatmap(c: Heatmap) -> tuple[Callable[[QPainter], None], float, float]:
    n_rows, n_cols = len(c.rows), len(c.cols)
    small = 6 if max(n_rows, n_cols) > 30 else LABEL
    label_font, title_font, cell_font = _font(small), _font(TITLE, bold=True), _font(5)
    cell = 12.0 if max(n_rows, n_cols) > 30 else 16.0
    row_w = min(MAX_LABEL, _text_width(label_font, c.rows)) + 6
    col_h = min(MAX_LABEL, _text_width(label_font, c.cols)) + 6
    top = MARGIN + TITLE + 10 + col_h
    left = MARGIN + row_w
    scale_w = 60.0
    width = left + cell * max(1, n_cols) + 16 + scale_w + MARGIN
    height = max(top + cell * max(1, n_rows), top + 120) + MARGIN
    vmax = max((v for r in c.values for v in r), default=0.0) or 1.0
    show_values = max(n_rows, n_cols) <= 25

    def paint(p: QPainter) -> None:
        p.setFont(title_font)
        p.setPen(QColor("#222222"))
        p.drawText(QRectF(MARGIN, MARGIN, width - 2 * MARGIN, TITLE + 4),
                   Qt.AlignmentFlag.AlignLeft, c.title)
        p.setFont(label_font)
        for i, name in enumerate(c.rows):
            p.drawText(QRectF(MARGIN, top + i * cell, row_w - 6, cell),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                       _elide(label_font, name, row_w - 6))
        for j, name in enumerate(c.cols):
            p.save()
            p.translate(left + j * cell + cell / 2, top - 4)
            p.rotate(-90)
            p.drawText(QRectF(0, -cell / 2, col_h - 6, cell), Qt.AlignmentFlag.AlignVCenter,
                       _elide(label_font, name, col_h - 6))
            p.restore()
        p.setFont(cell_font)
        for i, values in enumerate(c.values):
            for j, v in enumerate(values):
                rect = QRectF(left + j * cell, top + i * cell, cell, cell)
                colour = colour_scale(v / vmax)
                p.fillRect(rect, colour)
                if show_values and v:
                    p.setPen(QColor("black") if colour.lightnessF() > 0.5 else QColor("white"))
                    p.drawText(rect, Qt.AlignmentFlag.AlignCenter, _fmt(v))
        # the colour scale
        x = left + cell * n_cols + 16
        bar_h = 100.0
        steps = 50
        for k in range(steps):
            p.fillRect(QRectF(x, top + bar_h * (1 - (k + 1) / steps), 10, bar_h / steps + 0.3),
                       colour_scale(k / (steps - 1)))
        p.setFont(label_font)
        p.setPen(QColor("#222222"))
        p.drawText(QRectF(x + 13, top - 4, scale_w, 10), Qt.AlignmentFlag.AlignLeft, _fmt(vmax))
        p.drawText(QRectF(x + 13, top + bar_h - 6, scale_w, 10), Qt.AlignmentFlag.AlignLeft, "0")
        p.drawText(QRectF(x - 2, top + bar_h + 4, scale_w + 10, 40),
                   Qt.TextFlag.TextWordWrap, c.scale)

    return paint, width, height


def _strips(c: Strips) -> tuple[Callable[[QPainter], None], float, float]:
    label_font, title_font = _font(LABEL), _font(TITLE, bold=True)
    name_w = min(MAX_LABEL, _text_width(label_font, c.names)) + 6
    legend_w = (min(MAX_LABEL, _text_width(label_font, [t for t, _ in c.legend])) + 16
                if c.legend else 0)
    row = 14.0
    plot_w = 360.0
    top = MARGIN + TITLE + 10
    left = MARGIN + name_w
    width = left + plot_w + (12 + legend_w if legend_w else 0) + MARGIN
    height = max(top + row * max(1, len(c.names)), top + 11 * len(c.legend)) + 30 + MARGIN

    def paint(p: QPainter) -> None:
        p.setFont(title_font)
        p.setPen(QColor("#222222"))
        p.drawText(QRectF(MARGIN, MARGIN, width - 2 * MARGIN, TITLE + 4),
                   Qt.AlignmentFlag.AlignLeft, c.title)
        p.setFont(label_font)
        for i, (name, marks) in enumerate(zip(c.names, c.marks, strict=True)):
            y = top + i * row
            p.setPen(QColor("#222222"))
            p.drawText(QRectF(MARGIN, y, name_w - 6, row),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                       _elide(label_font, name, name_w - 6))
            p.fillRect(QRectF(left, y + 2, plot_w, row - 4), QColor("#eeeeee"))
            for frac, w, colour in marks:
                col = QColor(colour)
                col.setAlphaF(0.8)
                p.fillRect(QRectF(left + plot_w * frac, y + 2, max(plot_w * w, 0.7), row - 4), col)
        bottom = top + row * len(c.names)
        p.setPen(QColor("#444444"))
        for k in range(5):
            x = left + plot_w * k / 4
            p.drawLine(QPointF(x, bottom + 1), QPointF(x, bottom + 4))
            p.drawText(QRectF(x - 20, bottom + 5, 40, 10), Qt.AlignmentFlag.AlignHCenter, f"{k * 25}%")
        p.drawText(QRectF(left, bottom + 16, plot_w, 12), Qt.AlignmentFlag.AlignHCenter, c.axis)
        x = left + plot_w + 12
        for i, (label, colour) in enumerate(c.legend):
            y = top + i * 11
            p.fillRect(QRectF(x, y + 2, 8, 7), QColor(colour))
            p.setPen(QColor("#222222"))
            p.drawText(QRectF(x + 11, y, legend_w - 11, 11), Qt.AlignmentFlag.AlignVCenter,
                       _elide(label_font, label, legend_w - 11))

    return paint, width, height
