"""DocumentView: code-point selections, painted codings, find, tooltips, span drags, drag out, zoom."""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QColor, QContextMenuEvent, QHelpEvent, QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QToolTip

from gwot_reader.core.model import Coding
from gwot_reader.ui.docview import SPAN_MIME, DocumentView, span_from_mime
from gwot_reader.ui.docview import textarea as textarea_module

RED, BLUE = "#ff0000", "#0000ff"
EMOJI_CJK = ("Field notes 😀 from 中文 sources 𝒳.\n"
             "The passage that matters comes here, after them.\nLast line.")
PASSAGE = "The passage that matters"
LEFT, NOMOD = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier


def coding(cid: int, start: int, end: int, code_id: int = 1, memo: str = "") -> Coding:
    return Coding(cid, f"G{cid}", 1, code_id, start, end, memo=memo)


def load(view: DocumentView, text: str, codings=(), runs=()) -> list[list[int]]:
    """Show a document; full records come from ``codings`` on demand (as from the store):
    returns the list of id lists fetched, so a test can see what was asked for."""
    records = {c.id: c for c in codings}
    asked: list[list[int]] = []

    def fetch(ids):
        asked.append(list(ids))
        return [records[i] for i in ids if i in records]

    view.set_record_source(fetch)
    view.set_document(1, text, list(runs), codings, {1: RED, 2: BLUE},
                      {1: "Themes/Trust deficit", 2: "Actors/United States"})
    view.text_edit().viewport().repaint()
    return asked


def char_rect(view: DocumentView, cp: int):
    """Viewport rectangle of the cursor just before code point ``cp``."""
    area = view.text_edit()
    cursor = QTextCursor(area.document())
    cursor.setPosition(area.positions.to_utf16(cp))
    return area.cursorRect(cursor)


def point_before(view: DocumentView, cp: int) -> QPoint:
    r = char_rect(view, cp)
    return QPoint(r.x() + 1, r.center().y())


def point_inside(view: DocumentView, cp: int) -> QPoint:
    """A point over the middle of the character at ``cp`` (between it and the next)."""
    a, b = char_rect(view, cp), char_rect(view, cp + 1)
    return QPoint((a.x() + b.x()) // 2, a.center().y())


def is_tinted(pixel: QColor, color: str) -> bool:
    """A paper pixel mixed with the translucent code colour (not text, not paper)."""
    want = QColor(color)
    if want == QColor(RED):
        return pixel.red() > 230 and 150 < pixel.green() < 215 and 150 < pixel.blue() < 215
    return pixel.blue() > 230 and 150 < pixel.red() < 215 and 150 < pixel.green() < 215


def tinted_count(view: DocumentView, cp_from: int, cp_to: int, color: str = RED) -> int:
    """Tinted pixels in the line box of each character of ``[cp_from, cp_to)``."""
    image = view.text_edit().viewport().grab().toImage()
    count = 0
    for cp in range(cp_from, cp_to):
        a, b = char_rect(view, cp), char_rect(view, cp + 1)
        if b.y() != a.y():
            continue
        for x in range(a.x(), b.x()):
            for y in range(a.top(), a.bottom()):
                if is_tinted(QColor(image.pixel(x, y)), color):
                    count += 1
    return count


# -- loading ---------------------------------------------------------------------------------------
def test_corpus_document_loads_with_its_formatting(view, corpus_project):
    doc = next(d for d in corpus_project.documents.all() if d.name.startswith("Bakhsh"))
    text, runs = corpus_project.documents.text(doc.id), corpus_project.documents.runs(doc.id)
    view.set_document(doc.id, text, runs, [], {}, {})
    assert view.document_id == doc.id
    assert view.text() == text
    assert view.text_edit().toPlainText() == text.replace("\u00a0", " ")
    area = view.text_edit()
    heading = next(r for r in runs if r.kind == "heading1")
    cursor = QTextCursor(area.document())
    cursor.setPosition(area.positions.to_utf16(heading.start) + 1)
    fmt = cursor.charFormat()
    assert fmt.fontWeight() >= 700
    assert fmt.font().pointSizeF() > view.zoom  # headings are larger than body text
    sup = next(r for r in runs if r.kind == "sup")
    cursor.setPosition(area.positions.to_utf16(sup.start) + 1)
    assert cursor.charFormat().verticalAlignment() == cursor.charFormat().VerticalAlignment.AlignSuperScript
    view.clear()
    assert view.document_id is None and view.text() == "" and view.codings() == []


# -- positions -------------------------------------------------------------------------------------
def test_mouse_selection_after_emoji_and_cjk_is_in_code_points(view, qtbot):
    load(view, EMOJI_CJK)
    start = EMOJI_CJK.index(PASSAGE)
    end = start + len(PASSAGE)
    vp = view.text_edit().viewport()
    with qtbot.waitSignal(view.selectionChanged):
        QTest.mousePress(vp, LEFT, NOMOD, point_before(view, start))
        QTest.mouseMove(vp, point_before(view, end))
        QTest.mouseRelease(vp, LEFT, NOMOD,
                           point_before(view, end))
    assert view.selected_span() == (start, end)
    assert view.text()[start:end] == PASSAGE
    # Qt counts two more units before it (😀 and 𝒳 are surrogate pairs; the CJK characters are not)
    cursor = view.text_edit().textCursor()
    assert cursor.selectionStart() == start + 2


def test_cursor_selection_and_select_span(view):
    load(view, EMOJI_CJK)
    start = EMOJI_CJK.index("from")
    view.select_span(start, start + 7)
    assert view.selected_span() == (start, start + 7)
    assert view.text()[start:start + 7] == "from 中文"
    view.select_span(3, 3)
    assert view.selected_span() is None


def test_selection_edge_inside_a_surrogate_pair_widens_to_the_character(view):
    load(view, EMOJI_CJK)
    emoji = EMOJI_CJK.index("😀")
    area = view.text_edit()
    u16 = area.positions.to_utf16(emoji)
    cursor = QTextCursor(area.document())
    cursor.setPosition(u16 - 3)
    cursor.setPosition(u16 + 1, QTextCursor.MoveMode.KeepAnchor)  # between the two halves
    area.setTextCursor(cursor)
    start, end = view.selected_span()
    assert view.text()[start:end] == "es 😀"
    cursor.setPosition(u16 + 1)
    cursor.setPosition(u16 + 4, QTextCursor.MoveMode.KeepAnchor)
    area.setTextCursor(cursor)
    start, end = view.selected_span()
    assert view.text()[start:end] == "😀 f"


def test_combining_marks_count_as_their_own_code_points(view, qtbot):
    text = "Cafe\u0301 society and nai\u0308ve readers; the cafe\u0301 again."
    load(view, text)
    start = text.index("society")
    end = text.index(";")
    view.select_span(start, end)
    assert view.selected_span() == (start, end)
    assert view.text()[start:end] == "society and nai\u0308ve readers"
    # a mouse drag over the accented word takes whole characters, combining marks included
    vp = view.text_edit().viewport()
    a = text.index("cafe\u0301")
    b = a + len("cafe\u0301")
    QTest.mousePress(vp, LEFT, NOMOD, point_before(view, a))
    QTest.mouseMove(vp, point_before(view, b))
    QTest.mouseRelease(vp, LEFT, NOMOD, point_before(view, b))
    assert view.selected_span() == (a, b)
    assert view.text()[a:b] == "cafe\u0301"


# -- painting --------------------------------------------------------------------------------------
def test_codings_are_painted_where_they_are_and_nowhere_else(view):
    text = EMOJI_CJK
    start = text.index(PASSAGE)
    end = start + len(PASSAGE)
    load(view, text, [coding(1, start, end)])
    assert tinted_count(view, start, end) > 100
    assert tinted_count(view, 0, text.index("\n")) == 0
    assert tinted_count(view, end + 1, text.index("\n", end)) == 0
    # a stripe in the code's colour in the margin, level with the passage
    margin = view.margin()
    image = margin.grab().toImage()
    y = char_rect(view, start).center().y()
    row = [QColor(image.pixel(x, y)) for x in range(margin.width())]
    assert QColor(RED) in row
    y_first = char_rect(view, 2).center().y()
    assert QColor(RED) not in [QColor(image.pixel(x, y_first)) for x in range(margin.width())]


def test_overlapping_codings_mix_and_stack_in_lanes(view):
    text = EMOJI_CJK
    start = text.index(PASSAGE)
    load(view, text, [coding(1, start, start + 20, 1), coding(2, start + 4, start + 30, 2)])
    image = view.text_edit().viewport().grab().toImage()
    r = char_rect(view, start + 10)
    mixed = [QColor(image.pixel(x, r.top() + 1)) for x in range(r.x(), char_rect(view, start + 12).x())]
    # red over blue over paper: neither pure tint, both channels pulled down
    assert any(p.green() < 170 and p.red() > p.green() and p.blue() > p.green() for p in mixed)
    stripes = {s.coding.id: s for s in view.margin().stripes}
    assert set(stripes) == {1, 2}
    assert stripes[1].rect.left() != stripes[2].rect.left()


def test_add_remove_update_are_incremental(view):
    text = EMOJI_CJK
    start = text.index(PASSAGE)
    end = start + len(PASSAGE)
    load(view, text)
    assert tinted_count(view, start, end) == 0
    index = view.text_edit().codings.index
    view.add_codings([coding(7, start, end)])
    assert view.text_edit().codings.index is index  # updated in place, not rebuilt
    view.text_edit().viewport().repaint()
    assert tinted_count(view, start, end) > 100
    assert [c.id for c in view.codings_at(start)] == [7]
    view.update_codings([coding(7, start, start + 3)])
    view.text_edit().viewport().repaint()
    assert tinted_count(view, start + 5, end) == 0
    assert tinted_count(view, start, start + 3) > 0
    assert view.codings_at(start + 5) == []
    view.remove_codings([7])
    view.text_edit().viewport().repaint()
    assert tinted_count(view, start, end) == 0
    assert view.codings() == []


def test_code_colours_can_change(view):
    start = EMOJI_CJK.index(PASSAGE)
    load(view, EMOJI_CJK, [coding(1, start, start + 10)])
    view.set_code_colors({1: BLUE})
    view.text_edit().viewport().repaint()
    assert tinted_count(view, start, start + 10, BLUE) > 0
    assert tinted_count(view, start, start + 10, RED) == 0


# -- find ------------------------------------------------------------------------------------------
def test_find_counts_and_steps_through_hits(view, corpus_project):
    doc = corpus_project.documents.all()[0]
    text = corpus_project.documents.text(doc.id)
    view.set_document(doc.id, text, corpus_project.documents.runs(doc.id), [], {}, {})
    n = view.find("pakistan")
    assert n == len(re.findall("pakistan", text, re.IGNORECASE)) > 10
    first, second = view.find_hits()[:2]
    assert view.selected_span() == first
    view.find_next()
    assert view.selected_span() == second
    view.find_previous()
    view.find_previous()
    assert view.selected_span() == view.find_hits()[-1]
    assert view.find("Pakistan", case_sensitive=True) == text.count("Pakistan")
    assert view.find("no such phrase anywhere") == 0
    view.find("Pakistan")
    view.clear_find()
    assert view.find_hits() == []


def test_find_hits_are_painted(view):
    load(view, EMOJI_CJK)
    image_before = view.text_edit().viewport().grab().toImage()
    assert view.find("passage") == 1
    view.text_edit().viewport().repaint()
    image = view.text_edit().viewport().grab().toImage()
    r = char_rect(view, EMOJI_CJK.index("passage") + 2)
    assert image.pixel(r.x() + 1, r.top() + 2) != image_before.pixel(r.x() + 1, r.top() + 2)


# -- mouse -----------------------------------------------------------------------------------------
def test_hover_shows_the_codes_and_memos(view, qtbot):
    start = EMOJI_CJK.index(PASSAGE)
    asked = load(view, EMOJI_CJK, [coding(1, start, start + 20, 1, memo="key claim"),
                                   coding(2, start + 4, start + 30, 2), coding(3, 0, 5, 1)])
    assert asked == []  # painting needs no full record: memos are fetched on hover only
    vp = view.text_edit().viewport()
    pos = point_inside(view, 2 + 6)  # no coding there: no tooltip
    view.text_edit().viewportEvent(QHelpEvent(QEvent.Type.ToolTip, pos, vp.mapToGlobal(pos)))
    assert not QToolTip.isVisible()
    pos = point_inside(view, start + 10)
    view.text_edit().viewportEvent(QHelpEvent(QEvent.Type.ToolTip, pos, vp.mapToGlobal(pos)))
    assert QToolTip.isVisible()
    tip = QToolTip.text()
    assert "Themes/Trust deficit" in tip and "Actors/United States" in tip and "key claim" in tip
    assert sorted(asked[-1]) == [1, 2]  # just the codings under the mouse
    QToolTip.hideText()


def test_double_click_selects_a_word_and_context_menu_reports_codings(view, qtbot):
    start = EMOJI_CJK.index(PASSAGE)
    load(view, EMOJI_CJK, [coding(1, start, start + 20, 1), coding(2, start + 4, start + 8, 2)])
    vp = view.text_edit().viewport()
    activated = []
    view.codingActivated.connect(activated.append)
    QTest.mouseDClick(vp, LEFT, NOMOD, point_inside(view, start + 5))
    assert activated == []  # selecting a word inside a highlight opens nothing
    assert view.selected_span() is not None
    got = []
    view.codingsContextMenu.connect(lambda pos, ids: got.append(ids))
    pos = point_inside(view, start + 5)
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos, vp.mapToGlobal(pos))
    view.text_edit().contextMenuEvent(event)
    assert got == [[2, 1]]


def test_dragging_a_stripe_end_into_the_text_emits_span_edited(view, qtbot):
    text = EMOJI_CJK
    start = text.index(PASSAGE)
    end = start + len(PASSAGE)
    load(view, text, [coding(5, start, end)])
    margin = view.margin()
    margin.repaint()
    (stripe,) = margin.stripes
    top = QPoint(int(stripe.rect.center().x()), int(stripe.rect.top()) + 1)
    target = text.index("passage")
    vp = view.text_edit().viewport()
    dest = margin.mapFromGlobal(vp.mapToGlobal(point_before(view, target)))
    with qtbot.waitSignal(view.spanEdited) as sig:
        QTest.mousePress(margin, LEFT, NOMOD, top)
        QTest.mouseMove(margin, dest)
        QTest.mouseRelease(margin, LEFT, NOMOD, dest)
    assert sig.args == [5, target, end]
    # the view itself does not apply it: the window does, through update_codings
    assert view.codings_at(start)[0].start == start


def test_alt_dragging_a_highlight_edge_emits_span_edited(view, qtbot):
    text = EMOJI_CJK
    start = text.index(PASSAGE)
    end = start + len(PASSAGE)
    load(view, text, [coding(5, start, end)])
    vp = view.text_edit().viewport()
    r = char_rect(view, end)
    edge = QPoint(r.x(), r.center().y())
    new_end = text.index("comes") + len("comes")
    alt = Qt.KeyboardModifier.AltModifier
    with qtbot.waitSignal(view.spanEdited) as sig:
        QTest.mousePress(vp, Qt.MouseButton.LeftButton, alt, edge)
        QTest.mouseMove(vp, point_before(view, new_end))
        QTest.mouseRelease(vp, Qt.MouseButton.LeftButton, alt, point_before(view, new_end))
    assert sig.args == [5, start, new_end]


def test_dragging_the_selection_out_carries_the_span(view, monkeypatch):
    load(view, EMOJI_CJK)
    start = EMOJI_CJK.index(PASSAGE)
    end = start + len(PASSAGE)
    view.select_span(start, end)
    dragged = []

    class FakeDrag:
        def __init__(self, source):
            self.source = source

        def setMimeData(self, mime):
            self.mime = mime

        def setPixmap(self, pixmap):
            assert not pixmap.isNull()

        def exec(self, actions):
            dragged.append(self.mime)
            return Qt.DropAction.CopyAction

    monkeypatch.setattr(textarea_module, "QDrag", FakeDrag)
    vp = view.text_edit().viewport()
    a, b = point_inside(view, start + 3), point_inside(view, start + 12)
    QTest.mousePress(vp, LEFT, NOMOD, a)
    QTest.mouseMove(vp, b)
    QTest.mouseRelease(vp, LEFT, NOMOD, b)
    (mime,) = dragged
    assert mime.hasFormat(SPAN_MIME)
    assert span_from_mime(mime) == (1, start, end)
    assert mime.text() == PASSAGE
    assert view.selected_span() == (start, end)  # a drag leaves the selection as it was


def test_span_mime_rejects_bad_payloads():
    from PySide6.QtCore import QMimeData

    for payload in (b"not json", b'{"document_id": 1}', b'{"document_id": 1, "start": 5, "end": 2}',
                    b'{"document_id": "1", "start": 0, "end": 2}'):
        mime = QMimeData()
        mime.setData(SPAN_MIME, payload)
        assert span_from_mime(mime) is None
    assert span_from_mime(QMimeData()) is None


# -- reveal and zoom -------------------------------------------------------------------------------
def test_reveal_scrolls_to_the_span_and_flashes(view, corpus_project):
    doc = corpus_project.documents.all()[0]
    text = corpus_project.documents.text(doc.id)
    view.set_document(doc.id, text, [], [], {}, {})
    target = text.index("Pakistan", len(text) * 3 // 4)
    area = view.text_edit()
    assert area.verticalScrollBar().value() == 0
    view.reveal(target, target + 8)
    assert area.verticalScrollBar().value() > 0
    r = char_rect(view, target)
    assert 0 <= r.top() and r.bottom() <= area.viewport().height()
    assert area.flashing
    assert area.textCursor().position() == area.positions.to_utf16(target)  # the caret moved there


def test_zoom_in_out_reset(view, qtbot):
    load(view, EMOJI_CJK)
    base = view.zoom
    with qtbot.waitSignal(view.zoomChanged) as sig:
        view.zoom_in()
    assert view.zoom == base + 1 == sig.args[0]
    width_big = char_rect(view, 20).x() - char_rect(view, 10).x()
    view.zoom_out()
    view.zoom_out()
    assert view.zoom == base - 1
    assert char_rect(view, 20).x() - char_rect(view, 10).x() < width_big
    view.reset_zoom()
    assert view.zoom == base
    for _ in range(100):
        view.zoom_out()
    assert view.zoom >= 6


def test_ctrl_wheel_zooms(view, qtbot):
    from PySide6.QtCore import QPointF as P
    from PySide6.QtGui import QWheelEvent

    load(view, EMOJI_CJK)
    base = view.zoom
    vp = view.text_edit().viewport()
    event = QWheelEvent(P(10, 10), P(vp.mapToGlobal(QPoint(10, 10))), QPoint(0, 0), QPoint(0, 240),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.ControlModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    view.text_edit().wheelEvent(event)
    assert view.zoom == base + 2


def test_reveal_keeps_the_selection(view, corpus_project):
    doc = corpus_project.documents.all()[0]
    text = corpus_project.documents.text(doc.id)
    view.set_document(doc.id, text, [], [], {}, {})
    view.select_span(10, 30)
    target = text.index("Pakistan", len(text) // 2)
    view.reveal(target, target + 8, flash=False)
    assert view.selected_span() == (10, 30)
    r = char_rect(view, target)
    assert 0 <= r.top() and r.bottom() <= view.text_edit().viewport().height()
    assert not view.text_edit().flashing


def test_copy_gives_the_stored_text_and_the_span(view):
    text = "Before 😀.\nA no-break\u00a0space and a second\nline of the passage. After."
    load(view, text)
    start, end = text.index("A no-break"), text.index(" After")
    view.select_span(start, end)
    mime = view.text_edit().createMimeDataFromSelection()
    assert mime.text() == text[start:end]  # "\n" not U+2029, and the no-break space kept
    assert span_from_mime(mime) == (1, start, end)


def test_links_show_their_address_in_the_tooltip(view):
    from gwot_reader.core.markup import render_markdown

    text, runs = render_markdown("See [the report](https://example.org/r) for more.")
    view.set_document(1, text, runs, [], {}, {})
    vp = view.text_edit().viewport()
    pos = point_inside(view, text.index("report"))
    view.text_edit().viewportEvent(QHelpEvent(QEvent.Type.ToolTip, pos, vp.mapToGlobal(pos)))
    assert "https://example.org/r" in QToolTip.text()
    QToolTip.hideText()


def test_right_to_left_words_are_highlighted_where_their_glyphs_are(view):
    from gwot_reader.ui.docview.painting import VisibleFrame

    text = "Sources call it پاکستان زندہ باد in the square, twice."
    word = text.index("پاکستان")
    load(view, text)
    area = view.text_edit()
    frame = VisibleFrame(area)
    whole = frame.rects(*area.positions.span_to_utf16(word, word + len("پاکستان")))
    assert len(whole) == 1 and whole[0].width() > 10
    # from inside the Urdu phrase into the English after it: the pieces lie apart on screen
    mixed = frame.rects(*area.positions.span_to_utf16(word + 3, text.index("square")))
    assert len(mixed) >= 2
    english = frame.rects(*area.positions.span_to_utf16(text.index("in the"), text.index("square")))
    assert any(abs(r.right() - english[0].right()) < 1 for r in mixed)


def test_margin_stripes_answer_hover_double_click_and_context_menu(view, qtbot):
    start = EMOJI_CJK.index(PASSAGE)
    load(view, EMOJI_CJK, [coding(1, start, start + 20, 1, memo="why"), coding(2, start + 4, start + 30, 2)])
    margin = view.margin()
    margin.repaint()
    stripes = {s.coding.id: s for s in margin.stripes}
    pos = stripes[2].rect.center().toPoint()
    margin.event(QHelpEvent(QEvent.Type.ToolTip, pos, margin.mapToGlobal(pos)))
    assert "Actors/United States" in QToolTip.text() and "Themes/Trust deficit" not in QToolTip.text()
    QToolTip.hideText()
    with qtbot.waitSignal(view.codingActivated) as sig:
        QTest.mouseDClick(margin, LEFT, NOMOD, pos)
    assert sig.args == [2]
    got = []
    view.codingsContextMenu.connect(lambda p, ids: got.append(ids))
    beside = QPoint(2, pos.y())  # left of every stripe: all codings at that height
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, beside, margin.mapToGlobal(beside))
    margin.contextMenuEvent(event)
    assert sorted(got[0]) == [1, 2]


def test_stripes_follow_scrolling(view, qtbot, corpus_project):
    doc = corpus_project.documents.all()[0]
    text = corpus_project.documents.text(doc.id)
    start = text.index("Pakistan", 2000)
    view.set_document(doc.id, text, [], [coding(1, start, start + 300)], {1: RED}, {})
    view.reveal(start, start + 300, flash=False)
    margin = view.margin()
    qtbot.waitUntil(lambda: len(margin.stripes) == 1)
    top = margin.stripes[0].rect.top()
    view.text_edit().verticalScrollBar().setValue(view.text_edit().verticalScrollBar().value() + 2)
    qtbot.waitUntil(lambda: margin.stripes and margin.stripes[0].rect.top() < top)


def test_triple_click_selects_the_line_despite_the_selection_drag(view):
    load(view, EMOJI_CJK)
    vp = view.text_edit().viewport()
    pos = point_inside(view, EMOJI_CJK.index("passage") + 2)
    QTest.mouseDClick(vp, LEFT, NOMOD, pos)
    assert view.text()[slice(*view.selected_span())] == "passage"
    QTest.mouseClick(vp, LEFT, NOMOD, pos)
    line = EMOJI_CJK.split("\n")[1]
    assert view.text()[slice(*view.selected_span())].strip() == line
    QTest.qWait(QApplication.doubleClickInterval() + 50)
    QTest.mouseClick(vp, LEFT, NOMOD, pos)  # a later click in the selection just places the caret
    assert view.selected_span() is None


def test_find_positions_stay_exact_when_lower_case_changes_lengths(view):
    text = "İstanbul 😀 and istanbul and ISTANBUL"  # 'İ'.lower() is two characters
    load(view, text)
    assert view.find("istanbul") == 3
    assert [text[a:b].lower() for a, b in view.find_hits()][1:] == ["istanbul", "istanbul"]
    assert view.find_hits()[0] == (0, 8)
    load(view, "Straße 😀 STRASSE straße")
    assert view.find("straße") == 2  # lower-case copy, same positions
    assert view.find_hits() == [(0, 6), (17, 23)]


def test_overview_ruler_marks_codings_and_hits(view, qtbot, corpus_project):
    from gwot_reader.ui.docview.ruler import HIT_MARK

    doc = corpus_project.documents.all()[0]
    text = corpus_project.documents.text(doc.id)
    late = text.index("Pakistan", len(text) * 3 // 4)
    view.set_document(doc.id, text, [], [coding(1, late, late + 50)], {1: RED}, {})
    bar = view.text_edit().verticalScrollBar()

    def colours() -> set:
        image = bar.grab().toImage()
        return {QColor(image.pixel(x, y)).name() for x in range(image.width()) for y in range(image.height())}

    qtbot.waitUntil(bar.isVisible)  # laid out beside the long text
    qtbot.waitUntil(lambda: QColor(RED).name() in colours())
    assert HIT_MARK.name() not in colours()
    view.find("Pakistan")
    qtbot.waitUntil(lambda: HIT_MARK.name() in colours())
    # the coding's mark sits about three quarters down the groove
    image = bar.grab().toImage()
    rows = [y for y in range(image.height()) for x in range(image.width())
            if QColor(image.pixel(x, y)) == QColor(RED)]
    groove = bar.groove()
    assert 0.6 < (rows[0] - groove.top()) / groove.height() < 0.9


def test_codings_of_other_documents_are_ignored(view):
    load(view, EMOJI_CJK)
    other = Coding(9, "G9", 2, 1, 0, 5)
    view.add_codings([other])
    assert view.codings() == []
