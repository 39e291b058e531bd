"""Coding by selection, every way: tree, drop, palette, number keys, context menu, in-vivo."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPoint, QSettings, Qt
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import QInputDialog, QMenu, QWidget

from gwot_reader.core.codebook import CodebookTree
from gwot_reader.core.model import Code, Coding
from gwot_reader.ui import keys, undo
from gwot_reader.ui.annotation_panel import AnnotationPanel
from gwot_reader.ui.codebook_panel import CodebookPanel
from gwot_reader.ui.pane import Pane
from gwot_reader.ui.panes import PaneArea
from gwot_reader.ui.session import ProjectSession
from gwot_reader.ui.settings import as_list

if TYPE_CHECKING:
    from gwot_reader.store import Project
    from gwot_reader.ui.palette import QuickCodePalette

N_KEYS = 9
INVIVO_MAX = 60  # characters of an in-vivo code's name
# Colours for new codes, readable as translucent highlights on white.
NEW_CODE_COLOURS = ["#E6194B", "#3CB44B", "#4363D8", "#F58231", "#911EB4", "#42D4F4", "#F032E6",
                    "#BFEF45", "#469990", "#9A6324", "#800000", "#808000", "#000075"]


def invivo_name(text: str) -> str:
    """A code name from a quoted passage: whitespace collapsed, cut at a word, with an ellipsis."""
    name = " ".join(text.split()).strip(" \"'“”‘’.,;:")
    if len(name) <= INVIVO_MAX:
        return name
    cut = name[:INVIVO_MAX].rsplit(" ", 1)[0] or name[:INVIVO_MAX]
    return cut.rstrip(" ,;:") + "…"


def _plain(label: str) -> str:
    """A code name as a menu label: '&' is shown, not taken as a keyboard mnemonic."""
    return label.replace("&", "&&")


class CodingActions(QObject):
    """What a coder does with a selection and with existing codings.

    Uses: the session (project, undo, codebook snapshot), the pane area (the selection and the
    views), the codebook panel and model (applying by double-click or drop; the Key column) and
    the annotation panel (reveal, remove, memo). ``parent`` owns its dialogs.
    """

    def __init__(self, session: ProjectSession, area: PaneArea, codebook_panel: CodebookPanel,
                 annotation_panel: AnnotationPanel, parent: QWidget) -> None:
        super().__init__(parent)
        self.session = session
        self.area = area
        self.codebook_panel = codebook_panel
        self.codebook_model = codebook_panel.model
        self.widget = parent
        self.keys: dict[int, int] = {}  # number key -> code id
        self._dormant: dict[int, str] = {}  # number key -> GUID of its code, gone for now
        self._guids: dict[int, str] = {}  # code id -> GUID, as the codebook was last seen
        self._use_clock = 0
        self._last_used: dict[int, int] = {}  # code id -> clock when last applied
        self.palette: QuickCodePalette | None = None
        self.palette_dirty = True
        self.text_menu_actions: list[QAction] = []  # other controllers' entries, at the end
        codebook_panel.codeActivated.connect(self.apply_code)
        self.codebook_model.spanDropped.connect(self.apply_code_to_span)
        annotation_panel.revealRequested.connect(self.reveal_coding)
        annotation_panel.removeRequested.connect(self.remove_codings)
        annotation_panel.memoRequested.connect(self.edit_memo)
        area.paneAdded.connect(self._hook_pane)
        session.projectReplaced.connect(self.load_recent_codes)
        session.codebookChanged.connect(lambda _ids: self._codebook_changed())
        self.act_quick = keys.action(parent, "&Quick code…", self.open_palette, "quick_code",
                                     "Find a code by typing and apply it to the selection")
        self.act_invivo = keys.action(parent, "In-&vivo code", self.in_vivo, "in_vivo",
                                      "A new code named after the selection, applied to it")

    @property
    def project(self) -> Project:
        assert self.session.project is not None
        return self.session.project

    @property
    def code_paths(self) -> dict[int, str]:
        return self.session.code_paths

    def _hook_pane(self, pane: Pane) -> None:
        view = pane.view
        view.codingsContextMenu.connect(lambda pos, ids, p=pane: self.show_text_menu(p, pos, ids))
        view.codingActivated.connect(self.edit_memo)
        view.spanEdited.connect(self.change_span)
        view.text_edit().installEventFilter(self)

    def _codebook_changed(self) -> None:
        self.palette_dirty = True
        self.update_key_column()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and self.number_key(obj, event):  # type: ignore[arg-type]
            return True
        return super().eventFilter(obj, event)

    # -- the selection --------------------------------------------------------------------------
    def selection(self) -> tuple[int, int, int] | None:
        """(document id, start, end) selected in the focused pane, in code points."""
        pane = self.area.focused
        if pane is None or pane.document_id is None:
            return None
        span = pane.view.selected_span()
        return (pane.document_id, *span) if span else None

    def _need_selection(self) -> tuple[int, int, int] | None:
        sel = self.selection()
        if sel is None:
            self.session.warn("Select a passage first, then apply a code to it")
        return sel

    def _push(self, command: undo.StoreCommand) -> bool:
        return self.session.push(command)

    # -- applying codes -------------------------------------------------------------------------
    def apply_code(self, code_id: int) -> None:
        pane = self.area.focused
        region = pane.view.selected_region() if pane else None
        if pane is not None and region is not None and pane.document_id is not None:  # on a page
            from gwot_reader.ui.pageview.commands import AddRegionCoding

            label = self.code_paths.get(code_id, "code")
            page, box = region
            if self._push(AddRegionCoding(self.project, pane.document_id, code_id, page, box, label)):
                self.mark_used(code_id)
                self.session.tell(f"Applied {label} to a region")
            return
        sel = self._need_selection()
        if sel is not None:
            self.apply_code_to_span(code_id, *sel)

    def apply_code_to_span(self, code_id: int, document_id: int, start: int, end: int) -> None:
        label = self.code_paths.get(code_id, "code")
        if self._push(undo.AddCoding(self.project, document_id, code_id, start, end, label)):
            self.mark_used(code_id)
            self.session.tell(f"Applied {label}")

    def apply_key(self, key: int) -> bool:
        code_id = self.keys.get(key)
        if code_id is None:
            self.session.warn(f"No code is bound to key {key} yet: codes you apply get the free keys")
            return False
        self.apply_code(code_id)
        return True

    def number_key(self, obj: QObject, event: QKeyEvent) -> bool:
        """Keys 1-9 in a document's text apply the code bound to them."""
        if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return False
        key = event.key()
        if not (Qt.Key.Key_1 <= key <= Qt.Key.Key_9):
            return False
        pane = self.area.pane_of(obj)
        if pane is None:
            return False
        self.area.set_focused(pane)
        self.apply_key(key - Qt.Key.Key_0)
        return True

    def open_palette(self) -> None:
        from gwot_reader.ui.palette import QuickCodePalette

        if self.palette is None:
            self.palette = QuickCodePalette(self.widget)
            self.palette.codeChosen.connect(self.apply_code)
        if self.palette_dirty:
            self.palette.set_codebook(self.codebook_model.tree, self.recent_codes())
            self.palette_dirty = False
        self.palette.popup(self.area.focused or self.widget)

    def in_vivo(self) -> None:
        sel = self._need_selection()
        if sel is None:
            return
        doc_id, start, end = sel
        name = invivo_name(self.project.documents.text(doc_id)[start:end])
        if not name:
            self.session.warn("The selection has no words to name a code after")
            return
        chosen = self.invivo_choice(name)
        if chosen is None:
            return
        name, parent = chosen
        tree = self.codebook_model.tree
        colour = NEW_CODE_COLOURS[len(tree) % len(NEW_CODE_COLOURS)]
        cmd = undo.AddCode(self.project, name, parent, colour, apply_to=(doc_id, start, end))
        if self._push(cmd):
            self.mark_used(undo.done(cmd.code).id)
            self.session.tell(f"New code {name!r} applied")

    def invivo_choice(self, name: str) -> tuple[str, int | None] | None:
        """The new in-vivo code's name (edited by the user) and its category: the one selected
        in the codebook, else the top level (never the category of a selected code); None if
        the user cancelled."""
        from gwot_reader.ui.invivo_dialog import TOP_LEVEL

        current = self.codebook_panel.current_code()
        tree = self.codebook_model.tree
        cats = [c for c in tree if c.is_category]
        default = next((i + 1 for i, c in enumerate(cats)
                        if current is not None and current.is_category and c.id == current.id), 0)
        labels = [TOP_LEVEL] + [tree.path(c.id) for c in cats]
        answer = self.ask_invivo(name, labels, default)
        if answer is None or not answer[0]:
            return None
        return answer[0], None if answer[1] == 0 else cats[answer[1] - 1].id

    def ask_invivo(self, name: str, labels: list[str], default: int) -> tuple[str, int] | None:
        from gwot_reader.ui.invivo_dialog import InVivoDialog

        dialog = InVivoDialog(name, labels, default, self.widget)
        if dialog.exec() != InVivoDialog.DialogCode.Accepted:
            return None
        return dialog.result_values()

    # -- existing codings -----------------------------------------------------------------------

    def remove_codings(self, ids: list[int]) -> None:
        ids = list(ids)
        if len(ids) > 1:
            self.session.undo_stack.beginMacro(f"Remove {len(ids)} codings")
        try:
            for cid in ids:
                c = self.project.codings.find(cid)
                label = self.code_paths.get(c.code_id, "coding") if c else "coding"
                self._push(undo.RemoveCoding(self.project, cid, label))
        finally:
            if len(ids) > 1:
                self.session.undo_stack.endMacro()

    def edit_memo(self, coding_id: int) -> None:
        c = self.project.codings.find(coding_id)
        if c is None:
            return
        memo = self.ask_memo(c)
        if memo is not None and memo != c.memo:
            self._push(undo.SetCodingMemo(self.project, coding_id, memo))

    def ask_memo(self, c: Coding) -> str | None:
        quote = " ".join(c.text.split())
        quote = quote if len(quote) < 120 else quote[:119] + "…"
        text, ok = QInputDialog.getMultiLineText(
            self.widget, "Memo", f"Memo on {self.code_paths.get(c.code_id, '')}:\n“{quote}”", c.memo)
        return text if ok else None

    def change_span(self, coding_id: int, start: int, end: int) -> None:
        self._push(undo.SetCodingSpan(self.project, coding_id, start, end))

    def extend_to_selection(self, coding_id: int) -> None:
        sel = self._need_selection()
        c = self.project.codings.find(coding_id)
        if sel is None or c is None:
            return
        if sel[0] != c.document_id:
            self.session.warn("The selection is in another document than the coding")
            return
        self.change_span(coding_id, min(c.start, sel[1]), max(c.end, sel[2]))

    def reveal_coding(self, coding_id: int) -> None:
        c = self.project.codings.find(coding_id)
        if c is None:
            return
        area = self.area
        panes = [p for p in area.panes if p.document_id == c.document_id]
        pane = area.focused if area.focused in panes else (panes[0] if panes else None)
        if pane is None:
            pane = area.focused or area.panes[0]
            area.open_document(pane, c.document_id)
        pane.view.reveal(c.start, c.end)
        pane.view.select_coding(c.id)  # its ends show drag handles

    # -- the text's context menu ----------------------------------------------------------------
    def show_text_menu(self, pane: Pane, pos: QPoint, coding_ids: list) -> None:
        self.area.set_focused(pane)
        self.text_menu(pane, coding_ids).exec(pos)

    def text_menu(self, pane: Pane, coding_ids: list) -> QMenu:
        menu = QMenu(self.widget)
        has_sel = self.selection() is not None
        tree = self.codebook_model.tree
        apply_menu = menu.addMenu("Apply code")
        apply_menu.setEnabled(has_sel)
        self._fill_code_menu(apply_menu, tree, None)
        recent = self.recent_codes()
        if recent:
            menu.addSection("Recent codes")
            for cid in recent:
                key = next((k for k, v in self.keys.items() if v == cid), None)
                act = menu.addAction(_plain(self.code_paths[cid]) + (f"\t{key}" if key else ""),
                                     partial(self.apply_code, cid))
                act.setEnabled(has_sel)
        menu.addSeparator()
        menu.addAction("In-vivo code", self.in_vivo).setEnabled(has_sel)
        menu.addAction("Quick code…", self.open_palette).setEnabled(has_sel)
        for cid in coding_ids:
            c = self.project.codings.find(int(cid))
            if c is None:
                continue
            label = _plain(self.code_paths.get(c.code_id, "coding"))
            menu.addSection(label)
            menu.addAction(f"Remove coding “{label}”", partial(self.remove_codings, [c.id]))
            menu.addAction(f"Edit memo of “{label}”…", partial(self.edit_memo, c.id))
            menu.addAction(f"Extend “{label}” to selection",
                           partial(self.extend_to_selection, c.id)).setEnabled(has_sel)
        if self.text_menu_actions:
            menu.addSeparator()
            menu.addActions(self.text_menu_actions)
        return menu

    def _fill_code_menu(self, menu: QMenu, tree: CodebookTree, parent_id: int | None) -> None:
        from gwot_reader.ui.codebook_model import swatch

        for code in tree.children(parent_id):
            if code.is_category:
                self._fill_code_menu(menu.addMenu(_plain(code.name)), tree, code.id)
            else:
                menu.addAction(swatch(code.color), _plain(code.name), lambda c=code.id: self.apply_code(c))

    # -- number keys bound to recently used codes -----------------------------------------------
    def mark_used(self, code_id: int) -> None:
        """Bind a newly used code to a free key, or to the key of the least recently used one."""
        self._use_clock += 1
        self._last_used[code_id] = self._use_clock
        if code_id not in self.keys.values():
            free = [k for k in range(1, N_KEYS + 1) if k not in self.keys]
            # a key whose code is gone for now (undone) is given away only when none is free
            idle = [k for k in free if k not in self._dormant] or free
            key = idle[0] if idle else min(self.keys, key=lambda k: self._last_used.get(self.keys[k], 0))
            self._dormant.pop(key, None)
            self.keys[key] = code_id
            self.update_key_column()
        self.palette_dirty = True

    def recent_codes(self) -> list[int]:
        return sorted(self._last_used, key=lambda c: -self._last_used[c])[:N_KEYS]

    def update_key_column(self) -> None:
        """Show the keys of the codes there are. A key whose code went away (undo of an in-vivo
        code, a deleted code) sleeps under the code's GUID and wakes when undo or redo brings
        the code back, unless the key was given to another code meanwhile."""
        tree = self.codebook_model.tree
        for k, cid in list(self.keys.items()):
            if cid not in tree.by_id:
                if cid in self._guids:
                    self._dormant[k] = self._guids[cid]
                del self.keys[k]
        by_guid = {c.guid: c.id for c in tree.by_id.values()}
        for k, guid in list(self._dormant.items()):
            back = by_guid.get(guid)
            if back is not None and k not in self.keys and back not in self.keys.values():
                self.keys[k] = back
                del self._dormant[k]
        self._guids = {c.id: c.guid for c in tree.by_id.values()}
        self._last_used = {c: t for c, t in self._last_used.items() if c in tree.by_id}
        self.codebook_model.set_keys({v: k for k, v in self.keys.items()})

    def load_recent_codes(self) -> None:
        from gwot_reader.ui.settings import settings

        self._dormant = {}
        if self.session.project is None:  # closed: no keys until the next project
            self.keys, self._last_used = {}, {}
            self.update_key_column()
            return
        st = settings()
        by_guid = {c.guid: c.id for c in self.codebook_model.tree.by_id.values()}
        bound = as_list(st.value(f"projects/{self.project.guid}/keys"))
        self.keys = {k + 1: by_guid[g] for k, g in enumerate(bound) if g in by_guid}
        recent = as_list(st.value(f"projects/{self.project.guid}/recent"))
        ids = [by_guid[g] for g in recent if g in by_guid]
        self._use_clock = len(ids)
        self._last_used = {cid: len(ids) - i for i, cid in enumerate(ids)}
        self.palette_dirty = True
        self.update_key_column()

    def save_recent_codes(self, st: QSettings) -> None:
        by_id: dict[int, Code] = self.codebook_model.tree.by_id
        guid = self.project.guid
        st.setValue(f"projects/{guid}/keys",
                    [by_id[self.keys[k]].guid if k in self.keys else "-" for k in range(1, N_KEYS + 1)])
        st.setValue(f"projects/{guid}/recent", [by_id[c].guid for c in self.recent_codes() if c in by_id])
