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
    assert window.segments_dock.toggleViewAction().isChecked()  # View's toggle follows
    analysis.actions()[0].trigger()
    qtbot.waitUntil(window.search_dock.isVisible)


def in_front(dock) -> bool:
    """Shown and not behind another dock's tab (a tab behind still counts as visible)."""
    return dock.isVisible() and not dock.visibleRegion().isEmpty()


def test_the_analysis_entries_bring_a_tabbed_dock_forward_and_never_hide_it(window, qtbot):
    analysis = menu(window, "&Analysis")
    entry = {a.text(): a for a in analysis.actions()}
    entry["Segments"].trigger()
    entry["Matrix"].trigger()  # tabbed with Segments: now in front of it
    qtbot.waitUntil(lambda: in_front(window.matrix_dock) and not in_front(window.segments_dock))
    assert window.tabifiedDockWidgets(window.matrix_dock)
    entry["Segments"].trigger()  # behind, but "shown": a toggle would have hidden it
    qtbot.waitUntil(lambda: in_front(window.segments_dock) and not in_front(window.matrix_dock))
    entry["Segments"].trigger()  # already in front: stays
    qtbot.wait(50)
    assert in_front(window.segments_dock)
    assert not entry["Segments"].isCheckable()
