"""The Segments browser driven through the real widgets: every segment or a coding query's,
read a page at a time, click to jump, double-click for the memo, export as the segments CSV."""

from __future__ import annotations

import csv

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog

from gwot_reader.ui.analysis.segments import PAGE


def coded(project):
    """5,000 short codings of one code and a few overlapping ones of another."""
    doc = project.documents.all()[0]
    trust = project.codebook.get("Themes/Trust deficit")
    us = project.codebook.get("Actors/United States")
    project.codings.add_spans(trust.id, [(doc.id, i * 10, i * 10 + 8) for i in range(5000)])
    project.codings.add_spans(us.id, [(doc.id, 5, 25), (doc.id, 60_000, 60_004)])
    return doc, trust, us


def test_all_segments_paged_query_jump_memo_and_export(qtbot, window, tmp_path, monkeypatch):
    project = window.project
    doc, trust, us = coded(project)
    panel = window.segments_dock.panel()
    window.segments_dock.toggleViewAction().trigger()
    qtbot.waitUntil(lambda: panel.model.rowCount() == 5002)
    assert panel.status.text() == "5002 segments in 1 document"
    qtbot.waitUntil(lambda: panel.model.pages_read() >= 1)
    assert panel.model.pages_read() <= 2  # only what is on screen was read
    panel.table.scrollToBottom()
    qtbot.wait(50)
    panel.table.viewport().repaint()
    assert panel.model.pages_read() <= 4 < 5002 // PAGE
    last = panel.model.index(5001, 2)
    s = panel.model.segments[5001]
    assert (s.start, s.end) == (60_000, 60_004)
    assert panel.model.data(last, Qt.ItemDataRole.ToolTipRole) == \
        project.documents.text(doc.id)[60_000:60_004]

    qtbot.keyClicks(panel.query, '"Trust deficit" overlaps "United States"')
    qtbot.keyClick(panel.query, Qt.Key.Key_Return)
    assert panel.model.rowCount() == 3  # [0,8), [10,18), [20,28) meet [5,25)
    assert [panel.model.data(panel.model.index(i, 0)) for i in range(3)] == \
        ["Themes/Trust deficit"] * 3
    rect = panel.table.visualRect(panel.model.index(1, 1))
    qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert any(p.document_id == doc.id for p in window.area.panes)

    monkeypatch.setattr(QInputDialog, "getMultiLineText", lambda *a, **k: ("a memo", True))
    qtbot.mouseDClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    seg = panel.model.segments[1]
    assert project.codings.get(seg.coding_id).memo == "a memo"
    assert panel.model.data(panel.model.index(1, 3)) == "a memo"
    window.session.undo_stack.undo()
    assert project.codings.get(seg.coding_id).memo == ""

    out = tmp_path / "view.csv"
    assert panel.export_csv(str(out)) == 3
    with open(out, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [(int(r["start"]), int(r["end"])) for r in rows] == [(0, 8), (10, 18), (20, 28)]

    panel.query.setText('"No such code"')
    assert not panel.run_query() and "no code" in panel.status.text()
    panel.query.setText("Trust deficit")
    assert not panel.run_query() and "double quotes" in panel.status.text()


def test_matrix_colour_scale_and_a_cell_opens_its_segments(qtbot, window):
    project = window.project
    doc, trust, us = coded(project)
    panel = window.matrix_dock.panel()
    window.matrix_dock.toggleViewAction().trigger()
    qtbot.waitUntil(lambda: panel.model.rowCount() > 0)
    m = panel.model
    row = m.m.rows.index(trust.id)
    col = m.m.cols.index(doc.id)
    assert m.value(row, col) == 5000
    assert m.data(m.index(row, col), Qt.ItemDataRole.BackgroundRole).blue() == 255
    assert m.data(m.index(0, 1), Qt.ItemDataRole.BackgroundRole) is None  # an empty cell
    panel.table.scrollTo(m.index(row, col))
    rect = panel.table.visualRect(m.index(row, col))
    qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    segments = window.segments_dock.panel()
    assert window.segments_dock.isVisible()
    assert segments.model.rowCount() == 5000
    assert segments.query.text() == '"Themes/Trust deficit"'

    panel.cols.setCurrentText("codes")
    assert panel.refresh()
    row, col = m.m.rows.index(trust.id), m.m.cols.index(us.id)
    assert m.value(row, col) == 3 and m.value(col, row) == 1 and m.value(row, row) == 5000
    panel._open_cell(m.index(row, col))
    assert segments.model.rowCount() == 3
    panel.cols.setCurrentText("codes")
    panel.rows.setCurrentText("documents")
    panel.cols.setCurrentText("documents")
    assert not panel.refresh() and "not a matrix" in panel.status.text()


def test_a_browser_on_screen_lists_the_segments_of_a_project_opened_after_it(
        qtbot, window, _corpus_template, tmp_path):
    """A Segments dock restored on screen at launch is built before the project is open; the
    project that then opens (or another one) fills it without a click on Run."""
    import shutil

    from gwot_reader.store import Project

    other = tmp_path / "other.gwot"
    shutil.copy(_corpus_template, other)  # a closed template: no connection of ours on it
    with Project.open(other) as copy:
        coded(copy)
    panel = window.segments_dock.panel()
    window.segments_dock.toggleViewAction().trigger()
    qtbot.waitUntil(panel.isVisible)
    assert panel.model.rowCount() == 0  # nothing coded in this one
    window.files.open_project(other)
    qtbot.waitUntil(lambda: panel.model.rowCount() == 5002, timeout=10000)
    assert panel.status.text().startswith("5002 segments")


def test_a_matrix_on_screen_shows_the_table_of_a_project_opened_after_it(
        qtbot, window, _corpus_template, tmp_path):
    """The Matrix dock restored in front at launch (or left open while another project opens)
    showed an empty table until Show was pressed."""
    import shutil

    from gwot_reader.store import Project

    other = tmp_path / "other.gwot"
    shutil.copy(_corpus_template, other)  # a closed template: no connection of ours on it
    with Project.open(other) as copy:
        doc, trust, _us = coded(copy)
    matrix = window.matrix_dock.panel()
    window.matrix_dock.toggleViewAction().trigger()
    qtbot.waitUntil(lambda: matrix.model.rowCount() > 0)
    window.files.open_project(other)
    qtbot.waitUntil(lambda: matrix.model.rowCount() > 0, timeout=10000)
    m = matrix.model.m
    assert matrix.model.value(m.rows.index(trust.id), 0) == 5000  # codes x documents
