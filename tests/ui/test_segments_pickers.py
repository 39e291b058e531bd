"""The Segments browser's pickers and query builder, the Matrix by a variable's values and the
Charts window, driven through the real widgets; problems reach the user through the session."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget, QTreeWidget

from gwot_reader.ui import filedialogs
from tests.analysis_data import TRUST, US, code_two_coders

coded = code_two_coders


def open_browser(qtbot, window):
    panel = window.segments_dock.panel()
    with qtbot.waitSignal(panel.shown, timeout=5000):
        window.segments_dock.toggleViewAction().trigger()
    return panel


def toggle(qtbot, view, item) -> None:
    """Check or uncheck an item as a user does: select it, press Space."""
    view.setFocus()
    view.setCurrentItem(item)
    qtbot.keyClick(view, Qt.Key.Key_Space)


def tree_item(tree: QTreeWidget, name: str):
    return tree.findItems(name, Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive)[0]


def list_item(widget: QListWidget, label: str):
    return widget.findItems(label, Qt.MatchFlag.MatchExactly)[0]


def docs_shown(panel) -> set[int]:
    return {s.document_id for s in panel.model.segments}


def test_pickers_choose_codes_documents_coders_sets_and_values(qtbot, window):
    project = window.project
    docs, trust, us = coded(project)
    panel = open_browser(qtbot, window)
    pickers = panel.pickers
    assert panel.model.rowCount() == 15
    # codes: a code, then its category without and with sub-codes
    toggle(qtbot, pickers.codes, tree_item(pickers.codes, "Trust deficit"))
    assert pickers.checked_codes() == [trust.id]
    assert panel.model.rowCount() == 10
    assert {panel.model.data(panel.model.index(i, 0)) for i in range(10)} == {TRUST}
    assert "pickers: 1 code" in panel.status.text() and "1 codes" not in panel.status.text()
    toggle(qtbot, pickers.codes, tree_item(pickers.codes, "Trust deficit"))
    toggle(qtbot, pickers.codes, tree_item(pickers.codes, "Themes"))
    assert panel.model.rowCount() == 10  # the category's codes
    pickers.sub_codes.click()
    assert panel.model.rowCount() == 0  # the category itself has no codings
    pickers.sub_codes.click()
    # documents
    pickers.setCurrentWidget(pickers.documents)
    toggle(qtbot, pickers.documents, list_item(pickers.documents, docs[2].name))
    assert docs_shown(panel) == {docs[2].id} and panel.model.rowCount() == 2
    # coders: bob coded the even documents only, and docs[2] is even
    pickers.setCurrentWidget(pickers.coders)
    assert sorted(pickers.coders.item(i).text() for i in range(pickers.coders.count())) == \
        ["ann", "bob"]
    toggle(qtbot, pickers.coders, list_item(pickers.coders, "ann"))
    assert panel.model.rowCount() == 0
    qtbot.mouseClick(pickers.clear_button, Qt.MouseButton.LeftButton)
    assert panel.model.rowCount() == 15 and "pickers" not in panel.status.text()
    # sets
    pickers.setCurrentWidget(pickers.sets)
    toggle(qtbot, pickers.sets, list_item(pickers.sets, "First two"))
    assert docs_shown(panel) == {docs[0].id, docs[1].id}
    toggle(qtbot, pickers.sets, list_item(pickers.sets, "First two"))
    # a variable's values: the corpus's kind
    pickers.variable.setCurrentText("kind")
    values = [pickers.values.item(i).text() for i in range(pickers.values.count())]
    assert "web commentary" in values and "journal article" in values
    toggle(qtbot, pickers.values, list_item(pickers.values, "web commentary"))
    kind = project.variables.get("kind").id
    web = {d for d, vals in project.variables.table().items()
           if vals.get(kind) == "web commentary"}
    assert web and docs_shown(panel) == web
    assert "kind = web commentary" in panel.status.text()
    # a new set appears in its picker (the session's change channel)
    project.sets.add("Later", [docs[4].id])
    qtbot.waitUntil(lambda: pickers.sets.count() == 2)


def test_the_builder_writes_the_query_and_follows_the_text(qtbot, window):
    project = window.project
    docs, trust, us = coded(project)
    panel = open_browser(qtbot, window)
    builder = panel.builder
    qtbot.mouseClick(builder.add, Qt.MouseButton.LeftButton)
    first = builder.rows[0]
    assert first.op.isHidden()  # the first clause has no operator
    first.code.setFocus()
    first.code.lineEdit().selectAll()
    # a half-typed path runs nothing (and warns of nothing) until Enter
    with qtbot.assertNotEmitted(window.session.problem):
        qtbot.keyClicks(first.code.lineEdit(), "Themes/Trust d")
    with qtbot.waitSignal(window.session.problem) as problem:
        qtbot.keyClick(first.code.lineEdit(), Qt.Key.Key_Return)
    assert "no code 'Themes/Trust d'" in problem.args[0]
    qtbot.keyClicks(first.code.lineEdit(), TRUST[len("Themes/Trust d"):])
    assert panel.query.text() == f'"{TRUST}"'
    assert panel.model.rowCount() == 10
    qtbot.mouseClick(builder.add, Qt.MouseButton.LeftButton)
    second = builder.rows[1]
    assert not second.op.isHidden() and second.op.currentData() == "|"
    assert panel.query.text() == f'"{TRUST}" | "{builder.paths[0]}"'
    second.op.setCurrentIndex(second.op.findData("overlaps"))
    second.code.setCurrentText(US)
    assert panel.query.text() == f'"{TRUST}" overlaps "{US}"'
    assert panel.model.rowCount() == 10  # [0,50) and [100,150) both meet [40,120)
    second.op.setCurrentIndex(second.op.findData("near"))
    assert not second.distance.isHidden()
    second.distance.setValue(7)
    assert panel.query.text() == f'"{TRUST}" near/7 "{US}"'
    qtbot.mouseClick(builder.add, Qt.MouseButton.LeftButton)
    third = builder.rows[2]
    third.op.setCurrentIndex(third.op.findData("|"))
    third.code.setCurrentText(US)
    assert panel.query.text() == f'"{TRUST}" near/7 "{US}" | "{US}"'
    assert panel.model.rowCount() == 15
    third.op.setCurrentIndex(third.op.findData("&"))
    assert panel.query.text() == f'("{TRUST}" near/7 "{US}") & "{US}"'
    assert {panel.model.data(panel.model.index(i, 0)) for i in range(panel.model.rowCount())} \
        == {panel.query.text()}  # regions made by & are labelled by the query
    qtbot.mouseClick(second.remove, Qt.MouseButton.LeftButton)
    assert panel.query.text() == f'"{TRUST}" & "{US}"'

    # typing the text rebuilds the builder
    panel.query.clear()
    qtbot.keyClicks(panel.query, f'"{US}" within "{TRUST}" - "{TRUST}"')
    assert [(c.op, c.code) for c in builder.clauses()] == [("", US), ("within", TRUST),
                                                           ("-", TRUST)]
    qtbot.keyClick(panel.query, Qt.Key.Key_Return)
    assert panel.model.rowCount() == 0
    panel.query.clear()
    qtbot.keyClicks(panel.query, f'"{US}" & ("{TRUST}" | "{US}")')
    assert "edit this query as text" in builder.note.text()
    assert not builder.rows[0].isEnabled()
    qtbot.keyClick(panel.query, Qt.Key.Key_Return)
    # per document: [40,50) and [100,120) with Trust deficit, [40,120) with itself
    assert panel.model.rowCount() == 15
    # a mistake is said in the status line and on the session's problem signal
    panel.query.clear()
    qtbot.keyClicks(panel.query, '"No such code"')
    assert "Not a query yet" not in builder.note.text()
    with qtbot.waitSignal(window.session.problem) as problem:
        qtbot.keyClick(panel.query, Qt.Key.Key_Return)
    assert "no code" in problem.args[0] and problem.args[1] is False
    assert "no code" in window.statusBar().currentMessage()
    # click a row: its document is shown at the passage
    panel.query.clear()
    qtbot.keyClick(panel.query, Qt.Key.Key_Return)
    index = panel.model.index(14, 1)
    panel.table.scrollTo(index)
    rect = panel.table.visualRect(index)
    qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    s = panel.model.segments[14]
    pane = next(p for p in window.area.panes if p.document_id == s.document_id)
    assert pane is not None


def test_matrix_rows_by_a_variable_and_sets_click_through(qtbot, window):
    project = window.project
    docs, trust, us = coded(project)
    matrix = window.matrix_dock.panel()
    window.matrix_dock.toggleViewAction().trigger()
    qtbot.waitUntil(lambda: matrix.model.rowCount() > 0)
    labels = [matrix.rows.itemText(i) for i in range(matrix.rows.count())]
    assert {"document sets", "variable: kind", "variable: year"} <= set(labels)
    matrix.rows.setCurrentText("variable: kind")
    matrix.cols.setCurrentText("codes")
    qtbot.mouseClick(matrix.show_button, Qt.MouseButton.LeftButton)
    m = matrix.model.m
    kind = project.variables.get("kind").id
    table = project.variables.table()
    assert [m.row_labels[k] for k in m.rows] == ["journal article", "web commentary"]
    web_row = [m.row_labels[k] for k in m.rows].index("web commentary")
    web = {d for d, v in table.items() if v.get(kind) == "web commentary"}
    col = m.cols.index(trust.id)
    assert matrix.model.value(web_row, col) == 2 * len(web)
    assert matrix.model.headerData(web_row, Qt.Orientation.Vertical) == "web commentary"
    index = matrix.model.index(web_row, col)
    matrix.table.scrollTo(index)
    rect = matrix.table.visualRect(index)
    qtbot.mouseClick(matrix.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    segments = window.segments_dock.panel()
    assert window.segments_dock.isVisible()
    assert segments.query.text() == f'"{TRUST}"'
    assert segments.model.rowCount() == 2 * len(web) and docs_shown(segments) == web
    assert set(segments.pickers.documents.checked()) == web
    # sets as rows, coders as columns, documents counted
    matrix.rows.setCurrentText("document sets")
    matrix.cols.setCurrentText("coders")
    matrix.count.setCurrentText("documents")
    assert matrix.refresh()
    assert matrix.model.headerData(0, Qt.Orientation.Vertical) == "First two"
    assert [matrix.model.value(0, c) for c in range(matrix.model.columnCount())] == [2, 1]
    expr, documents, coders = matrix.cell(0, 1)
    assert (expr, documents, coders) == ("", frozenset({docs[0].id, docs[1].id}),
                                         [matrix.model.m.col_labels[matrix.model.m.cols[1]]])
    # a variable added later is offered as rows
    project.variables.add("country")
    qtbot.waitUntil(lambda: matrix.rows.findText("variable: country") >= 0)


def test_charts_are_shown_in_the_window_and_saved_as_png_and_svg(qtbot, window, tmp_path,
                                                                  monkeypatch):
    coded(window.project)
    window.act_charts.trigger()
    dialog = window.charts_dialog
    qtbot.waitExposed(dialog)
    assert dialog.picture.pixmap() is not None and not dialog.picture.pixmap().isNull()
    assert dialog.status.text().startswith("Codings per code")
    first = dialog.picture.pixmap().toImage()
    with qtbot.waitSignal(dialog.drawn) as drawn:
        dialog.kind.setCurrentText("cooccurrence")
    assert drawn.args == ["cooccurrence"]
    assert dialog.picture.pixmap().toImage() != first
    # Save as PNG: the file dialog answers with a name without a suffix
    monkeypatch.setattr(filedialogs, "get_save_file_name",
                        lambda *a, **k: (str(tmp_path / "heat"), ""))
    qtbot.mouseClick(dialog.save_png, Qt.MouseButton.LeftButton)
    png = tmp_path / "heat.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (tmp_path / "heat.csv").read_text(encoding="utf-8").startswith("code,")
    assert "Saved the chart" in window.statusBar().currentMessage()
    dialog.kind.setCurrentText("portrait")
    svg = dialog.save_as(".svg", str(tmp_path / "portrait.svg"))
    assert svg is not None and b"<svg" in svg.read_bytes()
    assert (tmp_path / "portrait.csv").read_text(encoding="utf-8").startswith("document,")
    # writing onto the project (a link named .png to it) is refused, in a dialog
    link = tmp_path / "link.png"
    link.symlink_to(window.project.path)
    with qtbot.waitSignal(window.session.problem) as problem:
        assert dialog.save_as(".png", str(link)) is None
    assert problem.args[1] is True and window.project.codings.count() == 15
    # the Matrix dock's button opens the same window
    dialog.hide()
    window.matrix_dock.panel().chart_button.click()
    assert dialog.isVisible()


def test_undoing_an_autocode_of_many_hits_is_one_step(qtbot, window):
    project = window.project
    doc = project.documents.all()[0]
    n = len(project.documents.text(doc.id)) // 10
    panel = window.search_dock.panel()
    rows = [(doc.id, doc.name, i * 10, i * 10 + 4, "", "", "", None) for i in range(n)]
    panel.model.set_rows(rows)
    code = project.codebook.get(TRUST)
    with qtbot.waitSignal(window.session.codingsChanged) as changed:
        assert panel.code_hits(False, (code.id, TRUST, "hit"))
    assert len(changed.args[1]) == n
    with qtbot.waitSignal(window.session.codingsChanged) as changed:
        window.session.undo_stack.undo()
    assert len(changed.args[1]) == n and project.codings.count() == 0
    window.session.undo_stack.redo()
    assert project.codings.count() == n
    # someone removed one meanwhile: the undo is refused, says why, and removes nothing
    project.codings.remove(project.codings.all()[0].id)
    with qtbot.waitSignal(window.session.problem) as problem:
        window.session.undo_stack.undo()
    assert "no longer in the project" in problem.args[0]
    assert project.codings.count() == n - 1


def test_the_session_offers_no_analysis_without_a_project(qtbot):
    from gwot_reader.ui.session import ProjectSession

    session = ProjectSession()
    assert session.analysis is None
