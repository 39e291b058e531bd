"""The window's menus and their standard shortcuts."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMessageBox

SK = QKeySequence.StandardKey

SHORTCUTS_HELP = """
<table cellspacing=4>
<tr><td><b>Ctrl+K</b></td><td>Quick code: type to find a code, Enter applies it to the selection</td></tr>
<tr><td><b>1 … 9</b></td><td>Apply the code bound to that key (shown in the codebook's Key column)</td></tr>
<tr><td><b>Ctrl+Shift+V</b></td><td>In-vivo code: a new code named after the selection</td></tr>
<tr><td><b>Double-click a code</b></td><td>Apply it to the selection (or drag the selection onto it)</td></tr>
<tr><td><b>Right-click the text</b></td><td>Apply, remove, extend codings; edit memos</td></tr>
<tr><td><b>Ctrl+Z / Ctrl+Shift+Z</b></td><td>Undo / redo any change</td></tr>
<tr><td><b>Ctrl+F, F3, Shift+F3</b></td><td>Find in the focused pane, next, previous</td></tr>
<tr><td><b>Ctrl++ / Ctrl+- / Ctrl+0</b></td><td>Zoom in, out, reset</td></tr>
<tr><td><b>Ctrl+T / Ctrl+W</b></td><td>Add a pane / close the focused pane</td></tr>
<tr><td><b>Delete</b></td><td>In the annotation pane: remove the selected codings</td></tr>
<tr><td><b>F2 / Delete</b></td><td>In the codebook: rename / delete a code (right-click: more)</td></tr>
<tr><td><b>Drag a code</b></td><td>In the codebook: move it into a category or to the top level</td></tr>
</table>
<p>There is no Save: every change is written to the project file at once.</p>
"""


def _action(w, menu, text: str, slot, shortcut=None, tip: str = "") -> QAction:
    act = QAction(text, w)
    if shortcut is not None:
        act.setShortcuts(shortcut if isinstance(shortcut, list) else [QKeySequence(shortcut)])
    if tip:
        act.setStatusTip(tip)
    act.triggered.connect(lambda _checked=False: slot())
    menu.addAction(act)
    return act


def build_menus(w) -> None:
    """Menus of MainWindow ``w``; the actions are kept as attributes (``w.act_undo`` ...)."""
    bar = w.menuBar()
    m = bar.addMenu("&File")
    w.act_new = _action(w, m, "&New project…", w.new_project, SK.New)
    w.act_open = _action(w, m, "&Open project…", w.open_project, SK.Open)
    m.addSeparator()
    w.act_import = _action(w, m, "&Import documents…", w.import_documents, "Ctrl+I",
                           "Import text, Markdown and other files into this project")
    w.act_export_segments = _action(w, m, "Export coded &segments (CSV)…", w.export_segments,
                                    "Ctrl+E")
    w.act_export_codebook = _action(w, m, "Export &codebook (CSV)…", w.export_codebook)
    m.addSeparator()
    w.backups.add_actions(m)  # Save a copy as…, Restore from backup… (ui/backups.py)
    m.addSeparator()
    from gwot_reader.ui.project_exchange import ProjectExchange

    w.project_exchange = ProjectExchange(w)  # segments as Excel/HTML, REFI-QDA projects out and in
    w.project_exchange.add_actions(m)
    m.addSeparator()
    w.act_quit = _action(w, m, "&Quit", w.close, SK.Quit)

    m = bar.addMenu("&Edit")
    w.act_undo = w.undo_stack.createUndoAction(w, "&Undo")
    w.act_undo.setShortcuts(SK.Undo)
    w.act_redo = w.undo_stack.createRedoAction(w, "&Redo")
    w.act_redo.setShortcuts([QKeySequence(SK.Redo), QKeySequence("Ctrl+Y")])
    m.addAction(w.act_undo)
    m.addAction(w.act_redo)
    m.addSeparator()
    w.act_find = _action(w, m, "&Find…", w.open_find, SK.Find)
    w.act_find_next = _action(w, m, "Find &next", lambda: w._view_call("find_next"), SK.FindNext)
    w.act_find_prev = _action(w, m, "Find &previous", lambda: w._view_call("find_previous"),
                              SK.FindPrevious)
    m.addSeparator()
    w.act_quick = _action(w, m, "&Quick code…", w.open_palette, "Ctrl+K",
                          "Find a code by typing and apply it to the selection")
    w.act_invivo = _action(w, m, "In-&vivo code", w.in_vivo, "Ctrl+Shift+V",
                           "A new code named after the selection, applied to it")

    m = bar.addMenu("&View")
    w.act_zoom_in = _action(w, m, "Zoom &in", lambda: w._view_call("zoom_in"),
                            [QKeySequence(SK.ZoomIn), QKeySequence("Ctrl+=")])
    w.act_zoom_out = _action(w, m, "Zoom &out", lambda: w._view_call("zoom_out"), SK.ZoomOut)
    w.act_zoom_reset = _action(w, m, "&Reset zoom", lambda: w._view_call("reset_zoom"), "Ctrl+0")
    m.addSeparator()
    w.act_add_pane = _action(w, m, "&Add pane", lambda: w.add_pane(), "Ctrl+T")
    w.act_close_pane = _action(w, m, "&Close pane", lambda: w.close_pane(), "Ctrl+W")
    m.addSeparator()
    for dock in (w.codebook_dock, w.documents_dock, w.annotations_dock):
        m.addAction(dock.toggleViewAction())

    m = bar.addMenu("&Help")
    w.act_shortcuts = _action(w, m, "&Keyboard shortcuts", lambda: QMessageBox.information(
        w, "Keyboard shortcuts", SHORTCUTS_HELP), SK.HelpContents)
    w.act_about = _action(w, m, "&About GWOT Reader", w.show_about)
