"""The Search dock driven through the real widgets: Ctrl+Shift+F, a query, keyword-in-context
rows, click to jump, code the hits as one undo step."""

from __future__ import annotations

from PySide6.QtCore import Qt


def search(qtbot, window, query: str) -> int:
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    panel = window.search_dock.panel()
    assert window.search_dock.isVisible()
    qtbot.keyClicks(panel.query, query)
    with qtbot.waitSignal(panel.searched, timeout=20_000) as blocker:
        qtbot.keyClick(panel.query, Qt.Key.Key_Return)
    return blocker.args[0]


def test_search_rows_jump_and_code_all_hits_as_one_step(qtbot, window):
    project = window.project
    n = search(qtbot, window, '"trust deficit"')
    panel = window.search_dock.panel()
    assert n == panel.proxy.rowCount() >= 5
    assert panel.status.text().startswith(f"{n} hits in ")
    for doc_id, _name, start, end, before, hit, after, _page in panel.model.rows:
        text = project.documents.text(doc_id)
        assert text[end:].replace("\n", " ").startswith(after)
        assert text[start:end] == hit and hit.lower().replace("-", " ") == "trust deficit"
        assert text[:start].replace("\n", " ").endswith(before)
    # sort by document, click the last row: a pane shows that document
    panel.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    last = panel.proxy.index(panel.proxy.rowCount() - 1, 2)
    row = panel._row(last)
    panel.table.scrollTo(last)
    rect = panel.table.visualRect(last)
    qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert any(p.document_id == row[0] for p in window.area.panes)
    # code every hit with its sentence: one undo step
    code = project.codebook.get("Themes/Trust deficit")
    assert panel.code_all.isEnabled()
    assert panel.code_hits(False, (code.id, "Themes/Trust deficit", "sentence"))
    made = project.codings.all(code_id=code.id)
    assert 0 < len(made) <= n
    assert all("trust" in c.text.lower() for c in made)
    assert window.session.undo_stack.count() == 1
    window.session.undo_stack.undo()
    assert project.codings.count() == 0
    window.session.undo_stack.redo()
    assert sorted(c.guid for c in project.codings.all()) == sorted(c.guid for c in made)


def test_code_selected_hits_and_a_bad_query(qtbot, window):
    project = window.project
    n = search(qtbot, window, "Washington")
    panel = window.search_dock.panel()
    assert n >= 2 and not panel.code_selected.isEnabled()
    panel.table.selectRow(0)
    panel.table.selectionModel().select(
        panel.proxy.index(1, 0), panel.table.selectionModel().SelectionFlag.Select
        | panel.table.selectionModel().SelectionFlag.Rows)
    assert panel.code_selected.isEnabled()
    code = project.codebook.get("Actors/United States")
    assert panel.code_hits(True, (code.id, "Actors/United States", "hit"))
    assert [c.text for c in project.codings.all()] == ["Washington", "Washington"]
    panel.query.clear()
    with qtbot.waitSignal(panel.searched, timeout=20_000) as blocker:
        panel.query.setText('"unclosed')
        panel.run_search()
    assert blocker.args == [-1] and "closing quote" in panel.status.text()
