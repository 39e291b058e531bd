"""The find bar under the panes: searches the focused pane, shows the hit count."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

from gwot_reader.ui import keys

if TYPE_CHECKING:
    from gwot_reader.ui.panes import PaneArea


class FindBar(QWidget):
    findRequested = Signal(str, bool)  # query, case sensitive
    nextRequested = Signal()
    previousRequested = Signal()
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText("Find in document")
        self.edit.setClearButtonEnabled(True)
        self.case = QCheckBox("Match case")
        self.count = QLabel("")
        prev_b, next_b, close_b = QToolButton(), QToolButton(), QToolButton()
        prev_b.setText("▲")
        prev_b.setToolTip("Previous hit (Shift+Enter, Shift+F3)")
        next_b.setText("▼")
        next_b.setToolTip("Next hit (Enter, F3)")
        close_b.setText("✕")
        close_b.setToolTip("Close (Esc)")
        for b in (prev_b, next_b, close_b):
            b.setAutoRaise(True)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(4, 2, 4, 2)
        lay.addWidget(QLabel("Find:"))
        lay.addWidget(self.edit, 1)
        lay.addWidget(prev_b)
        lay.addWidget(next_b)
        lay.addWidget(self.case)
        lay.addWidget(self.count)
        lay.addWidget(close_b)
        self.edit.textChanged.connect(self._search)
        self.case.toggled.connect(self._search)
        self.edit.returnPressed.connect(self.nextRequested)
        prev_b.clicked.connect(self.previousRequested)
        next_b.clicked.connect(self.nextRequested)
        close_b.clicked.connect(self.close_bar)
        for seq, sig in ((QKeySequence("Shift+Return"), self.previousRequested),
                         (QKeySequence(QKeySequence.StandardKey.FindPrevious), self.previousRequested),
                         (QKeySequence(QKeySequence.StandardKey.FindNext), self.nextRequested)):
            sc = QShortcut(seq, self)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(sig)
        esc = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        esc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        esc.activated.connect(self.close_bar)

    def open_bar(self, text: str = "") -> None:
        self.show()
        if text:
            self.edit.setText(text)
        self.edit.setFocus()
        self.edit.selectAll()
        self._search()

    def close_bar(self) -> None:
        self.hide()
        self.closed.emit()

    def _search(self, *_args) -> None:
        self.findRequested.emit(self.edit.text(), self.case.isChecked())

    def show_count(self, n: int | None, current: int = 0) -> None:
        """``current`` of ``n`` hits ("3 of 16"); None: no search."""
        if n is None:
            self.count.setText("")
        elif n == 0:
            self.count.setText("No hits")
        elif current:
            self.count.setText(f"{current:,} of {n:,}")
        else:
            self.count.setText(f"{n:,} hit{'s' * (n != 1)}")


class FindInPanes(QObject):
    """The find bar's searches go to the focused pane's view; Find, Find next/previous actions."""

    def __init__(self, bar: FindBar, area: PaneArea, parent: QWidget) -> None:
        super().__init__(parent)
        self.bar = bar
        self.area = area
        bar.findRequested.connect(self._find)
        bar.nextRequested.connect(lambda: self.step(True))
        bar.previousRequested.connect(lambda: self.step(False))
        bar.closed.connect(self._closed)
        self.act_find = keys.action(parent, "&Find…", self.open_find, "find")
        self.act_find_next = keys.action(parent, "Find &next", lambda: self.step(True),
                                         "find_next")
        self.act_find_prev = keys.action(parent, "Find &previous", lambda: self.step(False),
                                         "find_previous")

    def open_find(self) -> None:
        view = self.area.focused.view if self.area.focused else None
        span = view.selected_span() if view else None
        text = view.text()[span[0]:span[1]] if view and span and span[1] - span[0] < 80 else ""
        self.bar.open_bar(text if "\n" not in text else "")

    def _find(self, query: str, case: bool) -> None:
        if not query:
            self.area.view_call("clear_find")
            self.bar.show_count(None)
            return
        self.area.view_call("find", query, case)
        self._show_status()

    def step(self, forward: bool) -> None:
        """The next (or previous) hit, and the bar says which one it is."""
        self.area.view_call("find_next" if forward else "find_previous")
        self._show_status()

    def _show_status(self) -> None:
        status = self.area.view_call("find_status")
        if status is not None:
            self.bar.show_count(status[1], status[0])

    def _closed(self) -> None:
        self.area.view_call("clear_find")
        if self.area.focused is not None:
            self.area.focused.view.text_edit().setFocus()
