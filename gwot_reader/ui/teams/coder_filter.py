"""Each pane's Coders button: all coders, only me, one coder; each coder's stripes in a lane."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu, QToolButton

from gwot_reader.ui.session import ProjectSession

ALL, ME, ONE = "all", "me", "one"


@dataclass(frozen=True)
class CoderChoice:
    """What a pane shows: ``mode`` all, me or one (``coder``); ``lanes``: a band per coder."""

    mode: str = ALL
    coder: str = ""
    lanes: bool = False

    def coders(self, me: str) -> frozenset[str] | None:
        if self.mode == ME:
            return frozenset({me})
        if self.mode == ONE:
            return frozenset({self.coder})
        return None

    def label(self) -> str:
        text = {ALL: "All coders", ME: "Only me"}.get(self.mode, self.coder)
        return text + (" · lanes" if self.lanes else "")


class CoderFilter(QObject):
    """Adds the button to every pane; the focused pane's choice also filters the annotation pane."""

    def __init__(self, session: ProjectSession, area: Any, annotations: Any) -> None:
        super().__init__(area)
        self.session = session
        self.area = area
        self.annotations = annotations
        self.choices: dict[int, CoderChoice] = {}  # id(pane) -> its choice
        self.buttons: dict[int, QToolButton] = {}
        area.paneAdded.connect(self._pane_added)
        area.focusedDocumentChanged.connect(lambda _doc: self._follow_focus())
        session.codersChanged.connect(self._coders_changed)
        for pane in getattr(area, "panes", []):
            self._pane_added(pane)

    def me(self) -> str:
        return self.session.coder or ""

    def choice(self, pane: Any) -> CoderChoice:
        return self.choices.get(id(pane), CoderChoice())

    def _pane_added(self, pane: Any) -> None:
        button = QToolButton()
        button.setObjectName("coder_filter")
        button.setAutoRaise(True)
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        # room for the menu's arrow, which the style drew over the end of "All coders · lanes"
        button.setStyleSheet("QToolButton { padding-right: 14px; }")
        button.setToolTip("Whose codings this pane shows, and whether each coder gets a lane "
                          "of stripes in the margin")
        menu = QMenu(button)
        menu.aboutToShow.connect(lambda: self._fill(menu, pane))
        button.setMenu(menu)
        self.buttons[id(pane)] = button
        pane.add_tool(button)
        key = id(pane)
        pane.destroyed.connect(lambda *_a: (self.choices.pop(key, None), self.buttons.pop(key, None)))
        self.apply(pane, self.choice(pane))

    def _fill(self, menu: QMenu, pane: Any) -> None:
        menu.clear()
        current = self.choice(pane)
        group = QActionGroup(menu)
        me = self.me()
        project = self.session.project
        others = [n for n in (project.coders.names() if project is not None else []) if n != me]

        def add(text: str, choice: CoderChoice, checked: bool) -> QAction:
            act = menu.addAction(text)
            act.setCheckable(True)
            act.setChecked(checked)
            group.addAction(act)
            act.triggered.connect(lambda: self.apply(pane, choice))
            return act

        add("All coders", replace(current, mode=ALL, coder=""), current.mode == ALL)
        add(f"Only me ({me})", replace(current, mode=ME, coder=""), current.mode == ME)
        if others:
            menu.addSection("One coder")
        for name in others:
            add(name, replace(current, mode=ONE, coder=name),
                current.mode == ONE and current.coder == name)
        menu.addSeparator()
        lanes = menu.addAction("Each coder in their own lane")
        lanes.setCheckable(True)
        lanes.setChecked(current.lanes)
        lanes.triggered.connect(lambda on: self.apply(pane, replace(self.choice(pane), lanes=on)))

    def apply(self, pane: Any, choice: CoderChoice) -> None:
        """Show ``choice`` in ``pane`` (its text and page views, its button, and the annotation
        pane if the pane has the focus)."""
        self.choices[id(pane)] = choice
        pane.view.set_coder_filter(choice.coders(self.me()), choice.lanes)
        button = self.buttons.get(id(pane))
        if button is not None:
            button.setText(choice.label())
        if pane is self.area.focused:
            self._follow_focus()

    def _follow_focus(self) -> None:
        pane = self.area.focused
        coders = self.choice(pane).coders(self.me()) if pane is not None else None
        self.annotations.set_coder_filter(coders)

    def _coders_changed(self) -> None:
        """A renamed coder, or my name changed: "only me" follows; a coder gone shows all."""
        names = set(self.session.project.coders.names()) if self.session.project else set()
        for pane in list(self.area.panes):
            choice = self.choice(pane)
            if choice.mode == ONE and choice.coder not in names:
                choice = replace(choice, mode=ALL, coder="")
            self.apply(pane, choice)
