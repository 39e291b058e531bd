"""Charts painted with Qt: sizes at 300 dpi, SVG text, the colour scale's ends."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtGui import QColor, QImage

from gwot_reader.core.charts import Bars, Heatmap, Strips
from gwot_reader.ui.chartpaint import _nice_ticks, colour_scale, save


def test_png_is_300_dpi_and_bars_are_in_the_codes_colours(qapp, tmp_path):
    chart = Bars("Codings per code", "codings", ["Themes/Trust deficit", "Actors/TTP"],
                 [10.0, 5.0], ["#ff0000", "#0000ff"])
    save(chart, tmp_path / "b.png")
    image = QImage(str(tmp_path / "b.png"))
    assert round(image.dotsPerMeterX() * 0.0254) == 300
    colours = {image.pixelColor(x, y).name() for x in range(0, image.width(), 7)
               for y in range(0, image.height(), 7)}
    assert {"#ff0000", "#0000ff"} <= colours


def test_svg_holds_the_labels_as_text(qapp, tmp_path):
    chart = Heatmap("Code co-occurrence", "overlaps", ["A", "B"], ["A", "B"], [[2, 1], [1, 3]])
    save(chart, tmp_path / "h.svg")
    svg = (tmp_path / "h.svg").read_text()
    assert "<svg" in svg and "Code co-occurrence" in svg and ">overlaps<" in svg


def test_strips_with_urdu_and_cjk_names(qapp, tmp_path):
    chart = Strips("Portraits", "position", ["اردو دستاویز", "中文文件"],
                   [[(0.1, 0.2, "#00aa00")], [(0.5, 0.01, "#aa0000")]], [("Code", "#00aa00")])
    save(chart, tmp_path / "s.png")
    assert QImage(str(tmp_path / "s.png")).width() > 1000


def test_colour_scale_runs_from_dark_purple_to_yellow():
    assert colour_scale(0.0) == QColor("#440154")
    assert colour_scale(1.0) == QColor("#fde725")
    assert colour_scale(-1) == colour_scale(0) and colour_scale(2) == colour_scale(1)


@given(st.floats(min_value=0.01, max_value=1e9, allow_nan=False))
@settings(max_examples=300, deadline=None)
def test_the_axis_ticks_reach_the_longest_bar_and_no_further_than_a_step(top):
    """The bar of the largest value ends inside the axis (234 codings used to run past 200)."""
    ticks = _nice_ticks(top)
    assert ticks[0] == 0 and ticks[-1] >= top
    assert len(ticks) >= 2 and ticks[-2] < top
    steps = {round(b - a, 9) for a, b in zip(ticks, ticks[1:], strict=False)}
    assert len(steps) == 1 and 2 <= len(ticks) <= 12


def test_the_axis_ticks_by_hand():
    assert _nice_ticks(234) == [0, 50, 100, 150, 200, 250]
    assert _nice_ticks(200) == [0, 50, 100, 150, 200]
    assert _nice_ticks(0) == [0.0]
