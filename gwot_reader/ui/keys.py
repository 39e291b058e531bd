"""Every key binding of the window in one table; it also writes Help > Keyboard shortcuts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence

SK = QKeySequence.StandardKey


@dataclass(frozen=True)
class Binding:
    keys: tuple[str, ...]  # portable text of each sequence, the first one shown in menus
    help: str  # what the keys do, for the shortcuts dialog ("" : not listed on its own)
    standard: SK | None = None  # the platform's own binding, added after ours


# Actions: name -> keys. Explicit sequences first: StandardKey gives only the platform's first
# binding (Redo is Ctrl+Y on Windows-style schemes and offscreen, so Ctrl+Shift+Z did nothing).
ACTIONS: dict[str, Binding] = {
    "new_project": Binding(("Ctrl+N",), "New project", SK.New),
    "open_project": Binding(("Ctrl+O",), "Open project", SK.Open),
    "close_project": Binding(("Ctrl+Shift+W",), "Close the project (the window stays open)"),
    "import_documents": Binding(("Ctrl+I",), "Import documents"),
    "export_segments": Binding(("Ctrl+E",), "Export coded segments (CSV)"),
    "quit": Binding(("Ctrl+Q",), "Quit", SK.Quit),
    "undo": Binding(("Ctrl+Z",), "Undo any change", SK.Undo),
    "redo": Binding(("Ctrl+Shift+Z", "Ctrl+Y"), "Redo", SK.Redo),
    "find": Binding(("Ctrl+F",), "Find in the focused pane", SK.Find),
    "find_next": Binding(("F3",), "Next hit (Enter in the find bar)", SK.FindNext),
    "find_previous": Binding(("Shift+F3",), "Previous hit (Shift+Enter in the find bar)",
                             SK.FindPrevious),
    "search": Binding(("Ctrl+Shift+F",), "Search all documents (the Search dock)"),
    "quick_code": Binding(("Ctrl+K",), "Quick code: type to find a code, Enter applies it to "
                          "the selection"),
    "in_vivo": Binding(("Ctrl+Shift+V",), "In-vivo code: a new code named after the selection"),
    "zoom_in": Binding(("Ctrl++", "Ctrl+="), "Zoom in", SK.ZoomIn),
    "zoom_out": Binding(("Ctrl+-",), "Zoom out", SK.ZoomOut),
    "zoom_reset": Binding(("Ctrl+0",), "Reset zoom"),
    "add_pane": Binding(("Ctrl+T",), "Add a pane"),
    "close_pane": Binding(("Ctrl+W",), "Close the focused pane"),
    "preferences": Binding(("Ctrl+,",), "Preferences: your name as coder", SK.Preferences),
    "shortcuts": Binding(("F1",), "This list", SK.HelpContents),
    "rename_code": Binding(("F2",), "In the codebook: rename the selected code"),
    "delete_code": Binding(("Del",), "In the codebook: delete the selected code (asks first)"),
    "rename_document": Binding(("F2",), "In the documents list: rename the selected document"),
    "edit_document": Binding(("Alt+Return",), "In the documents list: edit its metadata"),
    "remove_document": Binding(("Del",), "In the documents list: remove the document (asks "
                               "first; undo brings it back)"),
    "edit_text": Binding(("Ctrl+Shift+E",), "Edit document text at the selection (its codings "
                         "move with the edit)"),
    "document_up": Binding(("Ctrl+Shift+Up",), "In the documents list: move the document up"),
    "document_down": Binding(("Ctrl+Shift+Down",), "In the documents list: move it down"),
}

# What is not a menu action: keys inside a widget, and mouse gestures.
GESTURES: tuple[tuple[str, str], ...] = (
    ("1 … 9", "Apply the code bound to that key (shown in the codebook's Key column)"),
    ("Double-click a code", "Apply it to the selection (or drag the selection onto it)"),
    ("Right-click the text", "Apply, remove, extend codings; edit memos"),
    ("Click a highlight, drag its handles", "Change the coding's span (or Alt-drag a "
     "highlight's edge, or drag an end of its stripe in the margin); Esc cancels"),
    ("Shift-drag on a PDF page", "Draw a region (figures, tables) to code"),
    ("Esc", "Close the find bar or the quick-code box; clear a page selection"),
    ("Enter / Shift+Enter", "In the find bar: next / previous hit"),
    ("Delete / Backspace", "In the annotation pane: remove the selected codings"),
    ("Double-click an annotation", "Edit its memo"),
    ("Drag a code", "In the codebook: move it into a category or to the top level"),
)


def sequences(name: str) -> list[QKeySequence]:
    """Our sequences for an action, then the platform's own ones not already among them."""
    binding = ACTIONS[name]
    seqs = [QKeySequence(k) for k in binding.keys]
    if binding.standard is not None:
        seen = {s.toString() for s in seqs}
        seqs += [s for s in QKeySequence.keyBindings(binding.standard) if s.toString() not in seen]
    return seqs


def bind(action: QAction, name: str, widget_only: bool = False) -> QAction:
    """Give ``action`` the keys of ``name``; ``widget_only``: they work while its widget has
    the focus (F2 and Delete mean the codebook only there)."""
    action.setShortcuts(sequences(name))
    if widget_only:
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    return action


def action(parent: QObject, text: str, slot: Callable[[], object], name: str | None = None,
           tip: str = "") -> QAction:
    """A menu action calling ``slot``, with the keys of ``name`` from the table."""
    act = QAction(text, parent)
    if name is not None:
        bind(act, name)
    if tip:
        act.setStatusTip(tip)
    act.triggered.connect(lambda _checked=False: slot())
    return act


def rows() -> list[tuple[str, str]]:
    """(keys, what they do) for every binding: the table's actions, then gestures."""
    out = [(" / ".join(b.keys), b.help) for b in ACTIONS.values() if b.help]
    return out + list(GESTURES)


def help_html() -> str:
    import html

    lines = "".join(f"<tr><td><b>{html.escape(k)}</b></td><td>{html.escape(h)}</td></tr>"
                    for k, h in rows())
    return (f"<table cellspacing=4>{lines}</table><p>There is no Save: every change is written "
            "to the project file at once.</p>")
