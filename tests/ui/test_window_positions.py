"""THE positions test: a passage after an emoji and CJK characters, coded in the real window."""

from __future__ import annotations

import csv

from PySide6.QtCore import Qt

from gwot_reader.core.offsets import PositionMap
from gwot_reader.ui.window import MainWindow

TEXT = ("Field notes 🙂 from Peshawar; the sign read 中国 and 𠀋 (an astral CJK character).\n"
        "🇵🇰 Second paragraph: the trust deficit between the allies grew after 2011.\n"
        "Closing line.")
PASSAGE = "the trust deficit between the allies grew"


def test_selection_after_emoji_and_cjk_is_stored_and_exported_exactly(qtbot, corpus_project, tmp_path):
    doc = corpus_project.documents.add("Emoji notes", TEXT)
    code = corpus_project.codebook.get("Themes/Trust deficit")
    w = MainWindow()
    qtbot.addWidget(w)
    w.set_project(corpus_project, restore=False)
    w.show()
    qtbot.waitExposed(w)
    pane = w.panes[0]
    w.open_document(pane, doc.id)

    # Select with Qt's own search: the cursor holds UTF-16 positions, shifted by the astral
    # characters (🙂, 𠀋 and the two halves of the flag) before the passage.
    edit = pane.view.text_edit()
    cursor = edit.document().find(PASSAGE)
    assert not cursor.isNull()
    start = TEXT.index(PASSAGE)
    assert cursor.selectionStart() == PositionMap(TEXT).to_utf16(start) == start + 4
    edit.setTextCursor(cursor)
    edit.setFocus()
    w._set_focused(pane)

    view = w.codebook_panel.view
    index = w.codebook_panel.view_index(code.id)
    view.scrollTo(index)
    pos = view.visualRect(index).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)

    [c] = corpus_project.codings.all(doc.id)
    assert (c.start, c.end) == (start, start + len(PASSAGE))
    assert c.text == TEXT[c.start:c.end] == PASSAGE

    out = tmp_path / "segments.csv"
    job = w.export_segments(out)
    qtbot.waitUntil(job.isFinished, timeout=10000)
    assert job.error is None
    with open(out, encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r["document"] == "Emoji notes"]
    assert len(rows) == 1
    r = rows[0]
    assert (int(r["start"]), int(r["end"])) == (c.start, c.end)
    assert r["text"] == TEXT[int(r["start"]):int(r["end"])] == PASSAGE
    w.close()
