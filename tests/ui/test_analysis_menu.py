"""The Analysis menu gathers the analysis half: search, segments, matrix, charts, agreement."""

from __future__ import annotations

from gwot_reader.ui.analysis.docks import menu


def test_the_analysis_menu_offers_every_analysis_tool(window, qtbot):
    analysis = menu(window, "&Analysis")
    texts = [a.text().replace("&", "") for a in analysis.actions() if not a.isSeparator()]
    assert texts[:4] == ["Search all documents…", "Segments", "Matrix", "Charts…"]
    assert any(t.startswith("Agreement") for t in texts[4:])
    segments = next(a for a in analysis.actions() if a.text() == "Segments")
    segments.trigger()
    qtbot.waitUntil(window.segments_dock.isVisible)
    assert segments.isChecked()  # the same toggle as View > Segments
    analysis.actions()[0].trigger()
    qtbot.waitUntil(window.search_dock.isVisible)
