"""Whose segments the Segments browser lists: its Coders tab (all coders, only me, these coders)
through the real widgets, its rows and exported CSV against the project and the command line's
``query --coder``, and matrix cells by coder or with sets and variables as columns clicking
through to the same segments."""

from __future__ import annotations

import csv

from PySide6.QtCore import QPoint, Qt
from test_segments_pickers import list_item, open_browser, toggle

from gwot_reader.cli import main as cli
from tests.analysis_data import TRUST, US, code_two_coders


def choose(qtbot, radio) -> None:
    """Click a radio button on its round indicator (its middle may be past its label)."""
    qtbot.mouseClick(radio, Qt.MouseButton.LeftButton, pos=QPoint(8, radio.height() // 2))


def read(path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def db_guids(project, coders=None, code_ids=None) -> list[str]:
    """The codings' GUIDs in the browser's order (documents in order, then by position)."""
    order = {d.id: i for i, d in enumerate(project.documents.all())}
    rows = [c for c in project.codings.all()
            if (coders is None or c.coder in coders)
            and (code_ids is None or c.code_id in code_ids)]
    rows.sort(key=lambda c: (order[c.document_id], c.start, c.end, c.id))
    return [c.guid for c in rows]


def shown_guids(panel) -> list[str]:
    return [panel.model.row(i)[0] for i in range(panel.model.rowCount())]


def exported(panel, path) -> list[dict[str, str]]:
    assert panel.export_csv(str(path)) == panel.model.rowCount()
    return read(path)


def cli_query(project, tmp_path, expr: str, *coders: str) -> list[dict[str, str]]:
    out = tmp_path / "cli.csv"
    args = ["query", str(project.path), expr, "-o", str(out)]
    for c in coders:
        args += ["--coder", c]
    assert cli(args) == 0
    return read(out)


def test_only_me_and_chosen_coders_list_exactly_their_codings(qtbot, window, tmp_path):
    project = window.project
    code_two_coders(project)
    window.identity.set_name("bob")
    panel = open_browser(qtbot, window)
    picker = panel.pickers.coder_picker
    panel.pickers.setCurrentWidget(picker)
    assert picker.all_coders.isChecked() and picker.only_me.text() == "Only me (bob)"
    assert shown_guids(panel) == db_guids(project)

    choose(qtbot, picker.only_me)
    assert picker.only_me.isChecked()
    assert shown_guids(panel) == db_guids(project, {"bob"})
    assert "(pickers: only me (bob))" in panel.status.text()
    # the coder is chosen in the query that reads the pages, not by dropping rows afterwards
    assert "coder_id" in panel.model.segments.where
    rows = exported(panel, tmp_path / "mine.csv")
    assert [r["coding_guid"] for r in rows] == db_guids(project, {"bob"})
    assert {r["coder"] for r in rows} == {"bob"}
    assert rows == cli_query(project, tmp_path, "", "bob")  # the command line agrees

    # checking a coder in the list chooses "these coders"
    toggle(qtbot, picker.list, list_item(picker.list, "ann"))
    assert picker.these.isChecked()
    assert shown_guids(panel) == db_guids(project, {"ann"})
    assert "coders ann" in panel.status.text()
    toggle(qtbot, picker.list, list_item(picker.list, "bob"))
    assert shown_guids(panel) == db_guids(project, {"ann", "bob"})
    # "all coders" leaves the checks alone but restricts nothing
    choose(qtbot, picker.all_coders)
    assert sorted(picker.list.checked()) == ["ann", "bob"]
    assert shown_guids(panel) == db_guids(project) and "pickers" not in panel.status.text()
    choose(qtbot, picker.these)
    toggle(qtbot, picker.list, list_item(picker.list, "bob"))
    assert shown_guids(panel) == db_guids(project, {"ann"})
    # Clear all pickers goes back to every coder
    qtbot.mouseClick(panel.pickers.clear_button, Qt.MouseButton.LeftButton)
    assert picker.all_coders.isChecked() and picker.list.checked() == []
    assert shown_guids(panel) == db_guids(project)


def test_only_me_follows_the_window_coder(qtbot, window):
    project = window.project
    code_two_coders(project)
    window.identity.set_name("ann")
    panel = open_browser(qtbot, window)
    picker = panel.pickers.coder_picker
    choose(qtbot, picker.only_me)
    assert shown_guids(panel) == db_guids(project, {"ann"})
    with qtbot.waitSignal(panel.shown):
        window.identity.set_name("bob")  # Edit > Preferences
    assert picker.only_me.text() == "Only me (bob)"
    assert shown_guids(panel) == db_guids(project, {"bob"})
    # a coder who has coded nothing yet: no segments, and no complaint
    with qtbot.assertNotEmitted(window.session.problem):
        window.identity.set_name("Chen")
    assert panel.model.rowCount() == 0 and "0 segments" in panel.status.text()


def test_a_query_with_codes_and_a_coder_agrees_with_the_command_line(qtbot, window, tmp_path):
    project = window.project
    docs, trust, us = code_two_coders(project)
    panel = open_browser(qtbot, window)
    picker = panel.pickers.coder_picker
    toggle(qtbot, picker.list, list_item(picker.list, "bob"))
    expr = f'"{TRUST}" overlaps "{US}"'
    panel.query.setText(expr)
    qtbot.keyClick(panel.query, Qt.Key.Key_Return)
    # bob coded Trust deficit in the even documents; United States is ann's, so with bob alone
    # nothing of his overlaps a US coding of his
    assert panel.model.rowCount() == 0
    toggle(qtbot, picker.list, list_item(picker.list, "ann"))
    rows = exported(panel, tmp_path / "both.csv")
    assert len(rows) == 2 * len(docs)
    assert rows == cli_query(project, tmp_path, expr, "bob", "ann")
    # Trust deficit alone, bob's: his codings in the even documents
    panel.query.setText(f'"{TRUST}"')
    toggle(qtbot, picker.list, list_item(picker.list, "ann"))
    qtbot.keyClick(panel.query, Qt.Key.Key_Return)
    assert shown_guids(panel) == db_guids(project, {"bob"}, {trust.id})
    assert exported(panel, tmp_path / "bob.csv") == cli_query(project, tmp_path, f'"{TRUST}"',
                                                              "bob")


def open_matrix(qtbot, window):
    """View > Matrix, shown once it has computed its first table."""
    matrix = window.matrix_dock.panel()
    window.matrix_dock.toggleViewAction().trigger()
    qtbot.waitUntil(lambda: matrix.model.rowCount() > 0)
    return matrix


def test_a_code_by_coder_cell_lists_that_coders_segments(qtbot, window):
    project = window.project
    docs, trust, us = code_two_coders(project)
    matrix = open_matrix(qtbot, window)
    matrix.rows.setCurrentText("codes")
    matrix.cols.setCurrentText("coders")
    assert matrix.refresh()
    m = matrix.model.m
    row, col = m.rows.index(trust.id), [m.col_labels[k] for k in m.cols].index("bob")
    matrix._open_cell(matrix.model.index(row, col))
    panel = window.segments_dock.panel()
    picker = panel.pickers.coder_picker
    assert picker.these.isChecked() and picker.list.checked() == ["bob"]
    assert panel.model.rowCount() == matrix.model.value(row, col)
    assert shown_guids(panel) == db_guids(project, {"bob"}, {trust.id})


def test_matrix_columns_of_sets_and_variables_click_through(qtbot, window):
    project = window.project
    docs, trust, us = code_two_coders(project)
    matrix = open_matrix(qtbot, window)
    columns = [matrix.cols.itemText(i) for i in range(matrix.cols.count())]
    assert columns == [matrix.rows.itemText(i) for i in range(matrix.rows.count())]
    assert {"document sets", "variable: kind"} <= set(columns)
    kind = project.variables.get("kind").id
    table = project.variables.table()
    web = {d for d, v in table.items() if v.get(kind) == "web commentary"}
    # codes x variable: kind
    matrix.rows.setCurrentText("codes")
    matrix.cols.setCurrentText("variable: kind")
    qtbot.mouseClick(matrix.show_button, Qt.MouseButton.LeftButton)
    m = matrix.model.m
    assert [m.col_labels[k] for k in m.cols] == ["journal article", "web commentary"]
    assert matrix.model.headerData(1, Qt.Orientation.Horizontal) == "web commentary"
    row = m.rows.index(trust.id)
    assert matrix.model.value(row, 1) == 2 * len(web)
    index = matrix.model.index(row, 1)
    matrix.table.scrollTo(index)
    qtbot.mouseClick(matrix.table.viewport(), Qt.MouseButton.LeftButton,
                     pos=matrix.table.visualRect(index).center())
    panel = window.segments_dock.panel()
    assert panel.query.text() == f'"{TRUST}"'
    assert {s.document_id for s in panel.model.segments} == web
    assert panel.model.rowCount() == 2 * len(web)
    # sets x variable: kind: a cell's documents are in the set and have the value
    matrix.rows.setCurrentText("document sets")
    assert matrix.refresh()
    first_two = {docs[0].id, docs[1].id}
    for col, label in enumerate([matrix.model.m.col_labels[k] for k in matrix.model.m.cols]):
        expr, documents, coders = matrix.cell(0, col)
        value_docs = {d for d, v in table.items() if (v.get(kind) or "(no value)") == label}
        assert (expr, coders) == ("", []) and documents == first_two & value_docs
        matrix._open_cell(matrix.model.index(0, col))
        assert panel.model.rowCount() == matrix.model.value(0, col)
    # the same grouping twice is no matrix
    matrix.cols.setCurrentText("document sets")
    assert not matrix.refresh() and "not a matrix" in matrix.status.text()


def test_a_cell_of_no_documents_lists_nothing(qtbot, window):
    project = window.project
    code_two_coders(project)
    project.sets.add("Empty", [])
    panel = open_browser(qtbot, window)
    assert panel.show_query("", frozenset(), []) and panel.model.rowCount() == 0
    assert panel.show_query("", None, []) and panel.model.rowCount() == len(project.codings.all())
