"""Reshaping the codebook in the window: every edit is one undo step, and redo brings it back."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt
from PySide6.QtGui import QDropEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox

from gwot_reader.ui.codebook_model import CODE_MIME
from gwot_reader.ui.split_dialog import SplitDialog

pytestmark = pytest.mark.filterwarnings("ignore:Function.*QD:DeprecationWarning")
DATA = Path(__file__).parents[1] / "data"




@pytest.fixture
def editor(window):
    ed = window.codebook_editor
    ed.confirm = lambda title, text: True
    return ed


def cid(window, path: str) -> int:
    return window.project.codebook.get(path).id


def snapshot(project) -> tuple:
    return tuple(project.codebook.all()), tuple(sorted(
        (c.id, c.guid, c.code_id, c.document_id, c.start, c.end, c.memo) for c in project.codings.all()))


def undo_redo_round_trip(window, before, after) -> None:
    """Undo gives back ``before`` exactly; redo gives ``after``; the history only grows."""
    p = window.project
    n = len(p.history.all())
    window.session.undo_stack.undo()
    assert snapshot(p) == before
    window.session.undo_stack.redo()
    assert snapshot(p) == after
    assert len(p.history.all()) == n + 2


def test_new_code_and_category_under_the_current_category(window, editor):
    p = window.project
    editor.select(cid(window, "Themes"))
    editor.ask_text = lambda *a, **k: "Hedging"
    before = snapshot(p)
    editor.new_code(False)
    assert p.codebook.get("Themes/Hedging").is_category is False
    assert editor.current().name == "Hedging"  # the new code is selected
    undo_redo_round_trip(window, before, snapshot(p))
    editor.select(None)
    editor.ask_text = lambda *a, **k: "Context"
    editor.new_code(True)
    assert p.codebook.get("Context").is_category and p.codebook.get("Context").parent_id is None
    assert window.session.undo_stack.undoText() == "New category 'Context'"


def test_f2_renames_the_selected_code(window, editor, qtbot):
    p = window.project
    trust = cid(window, "Themes/Trust deficit")
    editor.select(trust)
    asked = []
    editor.ask_text = lambda title, label, text="": asked.append(text) or "Mistrust"
    before = snapshot(p)
    window.codebook_panel.view.setFocus()
    QTest.keyClick(window.codebook_panel.view, Qt.Key.Key_F2)
    assert asked == ["Trust deficit"]
    assert p.codebook.get(trust).name == "Mistrust"
    assert editor.current().id == trust  # still selected after the tree was rebuilt
    undo_redo_round_trip(window, before, snapshot(p))


def test_a_clashing_rename_is_refused_and_not_put_on_the_stack(window, editor):
    editor.select(cid(window, "Themes/Trust deficit"))
    editor.ask_text = lambda *a, **k: "Double game"
    editor.rename()
    assert window.session.undo_stack.count() == 0
    assert "already a code named" in window.statusBar().currentMessage()


def test_recolour(window, editor):
    p = window.project
    trust = cid(window, "Themes/Trust deficit")
    editor.select(trust)
    editor.ask_colour = lambda code: "#00FF00"
    before = snapshot(p)
    editor.recolour()
    assert p.codebook.get(trust).color == "#00FF00"
    assert window.session.code_colors[trust] == "#00FF00"  # the panes repaint with it
    undo_redo_round_trip(window, before, snapshot(p))


def test_merge_with_confirmation(qtbot, window, editor):
    p = window.project
    trust, double = cid(window, "Themes/Trust deficit"), cid(window, "Themes/Double game")
    p.codings.add(1, trust, 0, 20)
    p.codings.add(1, double, 0, 20)  # same span and coder: collapses
    p.codings.add(2, double, 5, 30)
    editor.select(double)
    editor.ask_target = lambda code: trust
    said = []
    editor.confirm = lambda title, text: said.append(text) or True
    before = snapshot(p)
    job = editor.merge()  # a backup first, off the GUI thread; then the merge
    qtbot.waitUntil(lambda: job.handled, timeout=20000)
    assert "Its 2 codings" in said[0]
    assert p.codebook.find(double) is None and len(p.codings.all(code_id=trust)) == 2
    assert editor.current().id == trust
    undo_redo_round_trip(window, before, snapshot(p))


def test_merge_cancelled_changes_nothing(window, editor):
    editor.select(cid(window, "Themes/Double game"))
    editor.ask_target = lambda code: cid(window, "Themes/Trust deficit")
    editor.confirm = lambda title, text: False
    before = snapshot(window.project)
    assert editor.merge() is None  # not even a backup
    assert snapshot(window.project) == before and window.session.undo_stack.count() == 0


def test_split_moves_the_ticked_codings(window, editor):
    p = window.project
    double = cid(window, "Themes/Double game")
    ids = [p.codings.add(d, double, 0, 15).id for d in (1, 2, 3)]
    editor.select(double)
    editor.ask_split = lambda code: ("Hedging", ids[:2])
    before = snapshot(p)
    editor.split()
    new = p.codebook.get("Themes/Hedging")
    assert sorted(c.id for c in p.codings.all(code_id=new.id)) == sorted(ids[:2])
    assert editor.current().id == new.id
    after = snapshot(p)
    undo_redo_round_trip(window, before, after)
    assert p.codebook.get("Themes/Hedging").id == new.id  # redo: the same code, not a new one


def test_split_dialog_needs_a_name_and_a_ticked_coding(qtbot, corpus_project):
    p = corpus_project
    double = p.codebook.get("Themes/Double game")
    codings = [p.codings.add(d, double.id, 0, 15) for d in (1, 2)]
    dialog = SplitDialog(double, codings, {d.id: d.name for d in p.documents.all()})
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert dialog.list.count() == 2 and not ok.isEnabled()
    dialog.name.setText("Hedging")
    assert not ok.isEnabled()
    dialog.list.item(1).setCheckState(Qt.CheckState.Checked)
    assert ok.isEnabled() and dialog.chosen() == [codings[1].id]


def test_delete_says_how_many_codings_go_and_undo_restores(window, editor):
    p = window.project
    trust, double = cid(window, "Themes/Trust deficit"), cid(window, "Themes/Double game")
    p.codings.add(1, trust, 0, 20)
    p.codings.add(2, trust, 0, 20)
    p.codings.add(2, double, 30, 50)
    said = []
    editor.confirm = lambda title, text: said.append(text) or False
    editor.select(cid(window, "Themes"))
    before = snapshot(p)
    editor.delete()  # cancelled
    assert snapshot(p) == before
    assert "the 12 codes inside it" in said[0] and "3 codings in 2 documents" in said[0]
    editor.confirm = lambda title, text: True
    editor.select(trust)
    window.codebook_panel.view.setFocus()
    QTest.keyClick(window.codebook_panel.view, Qt.Key.Key_Delete)
    assert p.codebook.find(trust) is None and p.codings.count() == 1
    undo_redo_round_trip(window, before, snapshot(p))


def _drop(window, code_id: int, target_path: str | None, row: int = -1) -> bool:
    """Drop a dragged code through the tree's model, as the view does on a real drop."""
    panel = window.codebook_panel
    proxy = panel.view.model()
    mime = proxy.mimeData([panel.view_index(code_id)])
    parent = panel.view_index(cid(window, target_path)) if target_path else panel.view.rootIndex()
    column = -1 if row < 0 else 0  # what the view passes: (-1, -1) onto an item
    assert proxy.canDropMimeData(mime, Qt.DropAction.MoveAction, row, column, parent)
    return proxy.dropMimeData(mime, Qt.DropAction.MoveAction, row, column, parent)


def test_drag_a_code_into_another_category_and_between_rows(window, editor):
    p = window.project
    ttp = cid(window, "Actors/TTP")
    before = snapshot(p)
    _drop(window, ttp, "Themes")
    assert p.codebook.path(ttp) == "Themes/TTP"
    assert p.codebook.tree().children(cid(window, "Themes"))[-1].id == ttp
    undo_redo_round_trip(window, before, snapshot(p))
    _drop(window, ttp, "Themes", row=0)  # between rows: first among the themes
    assert p.codebook.tree().children(cid(window, "Themes"))[0].id == ttp
    actors = cid(window, "Actors")
    _drop(window, ttp, "Actors", row=2)
    assert [c.id for c in p.codebook.tree().children(actors)].index(ttp) == 2


def test_a_code_cannot_be_dropped_into_itself(window):
    panel = window.codebook_panel
    proxy = panel.view.model()
    actors = cid(window, "Actors")
    mime = proxy.mimeData([panel.view_index(actors)])
    assert not proxy.canDropMimeData(mime, Qt.DropAction.MoveAction, -1, -1, panel.view_index(actors))
    inside = panel.view_index(cid(window, "Actors/TTP"))
    assert not proxy.canDropMimeData(mime, Qt.DropAction.MoveAction, -1, -1, inside)


def test_a_real_drop_on_empty_space_moves_to_the_top_level(window, qtbot):
    p = window.project
    view = window.codebook_panel.view
    ttp = cid(window, "Actors/TTP")
    mime = QMimeData()
    mime.setData(CODE_MIME, str(ttp).encode())
    below = QPointF(20, view.viewport().height() - 5)  # under the last row
    assert not view.indexAt(below.toPoint()).isValid()
    drop = QDropEvent(below, Qt.DropAction.MoveAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    view.dropEvent(drop)
    assert p.codebook.path(ttp) == "TTP"
    window.session.undo_stack.undo()
    assert p.codebook.path(ttp) == "Actors/TTP"


def test_context_menu_offers_the_operations(window, editor):
    menu = editor.context_menu(window.project.codebook.get("Actors/TTP"))
    texts = [a.text().replace("&", "") for a in menu.actions() if a.text()]
    for want in ("New code…", "New category…", "Rename…", "Colour…", "Merge into…", "Split…",
                 "Move into", "Move to the top level", "Delete…"):
        assert want in texts
    assert not editor.act_split.isEnabled()  # TTP has no codings yet
    empty = editor.context_menu(None)
    assert [a.text().replace("&", "") for a in empty.actions()] == ["New code…", "New category…"]


def test_definition_panel_edits_are_undo_steps(window, editor, qtbot):
    p = window.project
    trust = cid(window, "Themes/Trust deficit")
    old = p.codebook.get(trust).definition
    editor.select(trust)
    panel = editor.definitions
    assert panel.edits["definition"].toPlainText() == old
    assert panel.edits["use_when"].toPlainText() == p.codebook.get(trust).use_when
    field = panel.edits["memo"]
    field.setFocus()
    field.setPlainText("Check against the 2011 cases.")
    window.codebook_panel.view.setFocus()  # leaving the field commits it
    assert p.codebook.get(trust).memo == "Check against the 2011 cases."
    assert window.session.undo_stack.undoText() == "Edit memo of 'Trust deficit'"
    panel.commit_all()  # nothing pending: no second command
    assert window.session.undo_stack.count() == 1
    window.session.undo_stack.undo()
    assert p.codebook.get(trust).memo == "" and field.toPlainText() == ""
    window.session.undo_stack.redo()
    assert field.toPlainText() == "Check against the 2011 cases."
    editor.select(None)
    assert not field.isEnabled()


def test_codebook_menu_exports_and_imports(window, editor, qtbot, tmp_path):
    qdc, html = tmp_path / "cb.qdc", tmp_path / "cb.html"
    for job in (editor.export_qdc(qdc), editor.export_report(html)):
        qtbot.waitUntil(lambda j=job: j.handled, timeout=10000)
    assert qdc.read_bytes().startswith(b"<?xml") and "Trust deficit" in html.read_text("utf-8")
    shown = []
    editor.show_report = lambda title, text: shown.append(text)
    job = editor.import_codebook(DATA / "refi-annex-a.qdc")
    qtbot.waitUntil(lambda: bool(shown), timeout=10000)
    assert shown[0].startswith("6 added, 0 changed") and "added Economy" in shown[0]
    assert window.codebook_panel.view_index(window.project.codebook.get("Economy").id).isValid()
    assert job is not None
    menu_titles = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert menu_titles.index("Codebook") < menu_titles.index("Help")


def test_a_hostile_import_reports_one_line_and_changes_nothing(window, editor, qtbot):
    before = snapshot(window.project)
    job = editor.import_codebook(DATA / "refi-billion-laughs.qdc")
    qtbot.waitUntil(lambda: job.handled, timeout=10000)
    qtbot.waitUntil(lambda: "entities" in window.statusBar().currentMessage(), timeout=5000)
    assert snapshot(window.project) == before


def test_tree_tooltip_shows_the_definition(window):
    model = window.codebook_model
    trust = window.project.codebook.get("Themes/Trust deficit")
    tip = model.data(model.index_of(trust.id), Qt.ItemDataRole.ToolTipRole)
    assert trust.definition.split()[0] in tip
