"""Drag handles on the selected coding's ends: a span changed with a plain drag (no Alt, which
window managers take), exact in code points after emoji and astral characters."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from test_docview import EMOJI_CJK, LEFT, NOMOD, PASSAGE, coding, load, point_before, point_inside

from gwot_reader.ui.docview import handles


def _centre(rect) -> QPoint:
    return QPoint(int(rect.center().x()), int(rect.center().y()))


def _handle(view, edge: str) -> QPoint:
    area = view.text_edit()
    return _centre(dict(handles.handle_rects(area))[edge])


def test_a_click_in_a_highlight_selects_its_coding_and_shows_handles(view, qtbot):
    start = EMOJI_CJK.index(PASSAGE)
    end = start + len(PASSAGE)
    load(view, EMOJI_CJK, [coding(5, start, end), coding(6, start + 4, start + 11)])
    vp = view.text_edit().viewport()
    assert view.selected_coding is None and handles.handle_rects(view.text_edit()) == []
    QTest.mouseClick(vp, LEFT, NOMOD, point_inside(view, start + 6))
    assert view.selected_coding == 6  # the innermost coding under the click
    QTest.mouseClick(vp, LEFT, NOMOD, point_inside(view, start + 1))
    assert view.selected_coding == 5
    assert [e for e, _ in handles.handle_rects(view.text_edit())] == ["start", "end"]
    vp.repaint()  # the handles paint without error over the highlights
    QTest.mouseClick(vp, LEFT, NOMOD, point_inside(view, EMOJI_CJK.index("Last")))
    assert view.selected_coding is None
    # a selection made by dragging selects no coding
    view.select_coding(5)
    view.select_span(start, start + 3)
    assert view.selected_coding == 5


def test_dragging_the_end_handle_without_alt_emits_span_edited(view, qtbot):
    start = EMOJI_CJK.index(PASSAGE)
    end = start + len(PASSAGE)
    load(view, EMOJI_CJK, [coding(5, start, end)])
    view.select_coding(5)
    vp = view.text_edit().viewport()
    new_end = EMOJI_CJK.index("comes") + len("comes")
    grab = _handle(view, "end")
    assert vp.cursor().shape() != Qt.CursorShape.SizeHorCursor
    QTest.mouseMove(vp, grab)
    assert vp.cursor().shape() == Qt.CursorShape.SizeHorCursor  # the resize arrow, no Alt
    with qtbot.waitSignal(view.spanEdited) as sig:
        QTest.mousePress(vp, LEFT, NOMOD, grab)
        QTest.mouseMove(vp, point_before(view, new_end))
        QTest.mouseRelease(vp, LEFT, NOMOD, point_before(view, new_end))
    assert sig.args == [5, start, new_end]
    assert not view.text_edit().textCursor().hasSelection()  # the drag selected no text


def test_the_start_handle_after_an_emoji_counts_code_points(view, qtbot):
    start = EMOJI_CJK.index("from")
    end = EMOJI_CJK.index("sources") + len("sources")
    load(view, EMOJI_CJK, [coding(7, start, end)])
    view.select_coding(7)
    vp = view.text_edit().viewport()
    target = EMOJI_CJK.index("中文")
    with qtbot.waitSignal(view.spanEdited) as sig:
        QTest.mousePress(vp, LEFT, NOMOD, _handle(view, "start"))
        QTest.mouseMove(vp, point_before(view, target))
        QTest.mouseRelease(vp, LEFT, NOMOD, point_before(view, target))
    assert sig.args == [7, target, end]
    assert EMOJI_CJK[sig.args[1]:sig.args[2]] == "中文 sources"


def test_escape_cancels_a_handle_drag(view, qtbot):
    start = EMOJI_CJK.index(PASSAGE)
    end = start + len(PASSAGE)
    load(view, EMOJI_CJK, [coding(5, start, end)])
    view.select_coding(5)
    vp = view.text_edit().viewport()
    got = []
    view.spanEdited.connect(lambda *a: got.append(a))
    QTest.mousePress(vp, LEFT, NOMOD, _handle(view, "end"))
    QTest.mouseMove(vp, point_before(view, end + 6))
    QTest.keyClick(view.text_edit(), Qt.Key.Key_Escape)
    QTest.mouseRelease(vp, LEFT, NOMOD, point_before(view, end + 6))
    assert got == []


def test_in_the_window_an_annotation_click_shows_handles_and_the_drag_is_one_undo_step(window,
                                                                                        qtbot):
    p = window.project
    pane = window.area.panes[0]
    code = p.codebook.get("Themes/Trust deficit")
    text = pane.view.text()
    c = p.codings.add(pane.document_id, code.id, 300, 340)
    window.session.reload()
    window.area.set_focused(pane)
    window._show_annotations(pane.document_id)
    panel = window.annotation_panel
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1)
    rect = panel.view.visualRect(panel.model.index(0, 1))
    QTest.mouseClick(panel.view.viewport(), LEFT, NOMOD, rect.center())
    assert pane.view.text_view.selected_coding == c.id
    area = pane.view.text_edit()
    vp = area.viewport()
    grab = _centre(dict(handles.handle_rects(area))["end"])
    new_end = text.index(" ", 360)
    dest = point_before(pane.view.text_view, new_end)
    QTest.mousePress(vp, LEFT, NOMOD, grab)
    QTest.mouseMove(vp, dest)
    QTest.mouseRelease(vp, LEFT, NOMOD, dest)
    moved = p.codings.get(c.id)
    assert (moved.start, moved.end, moved.text) == (300, new_end, text[300:new_end])
    assert window.session.undo_stack.undoText() == "Change coded span"
    window.session.undo_stack.undo()
    assert p.codings.get(c.id).end == 340
