"""The Segments browser's pickers: which codes (a codebook tree with check boxes), documents,
coders, document sets and values of a document variable; together one ``SegmentFilter``."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gwot_reader.core.retrieval import SegmentFilter
from gwot_reader.core.words import plural

if TYPE_CHECKING:
    from gwot_reader.exchange.retrieval import Retrieval

_ID = Qt.ItemDataRole.UserRole
_CHECKED = Qt.CheckState.Checked


def _swatch(color: str) -> QIcon:
    pix = QPixmap(10, 10)
    pix.fill(QColor(color))
    return QIcon(pix)


class CheckList(QListWidget):
    """A list of check boxes; none checked means "no restriction"."""

    def fill(self, items: Iterable[tuple[object, str]]) -> None:
        keep = self.checked()
        self.blockSignals(True)
        self.clear()
        for key, label in items:
            item = QListWidgetItem(label or "(no coder)")
            item.setData(_ID, key)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(_CHECKED if key in keep else Qt.CheckState.Unchecked)
            self.addItem(item)
        self.blockSignals(False)

    def checked(self) -> list[Any]:
        return [self.item(i).data(_ID) for i in range(self.count())
                if self.item(i).checkState() == _CHECKED]

    def set_checked(self, keys: Iterable[object]) -> None:
        wanted = set(keys)
        for i in range(self.count()):
            item = self.item(i)
            item.setCheckState(_CHECKED if item.data(_ID) in wanted else Qt.CheckState.Unchecked)


class CoderPicker(QWidget):
    """The Coders tab, like a pane's Coders button: all coders, only me, or the coders checked
    (checking one chooses "these coders"); ``changed`` when the choice changes."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.me = ""
        self.all_coders = QRadioButton("All coders")
        self.only_me = QRadioButton("Only me")
        self.these = QRadioButton("These coders:")
        self.all_coders.setChecked(True)
        self.modes = QButtonGroup(self)
        self.list = CheckList()
        box = QVBoxLayout(self)
        box.setContentsMargins(2, 2, 2, 2)
        for i, button in enumerate((self.all_coders, self.only_me, self.these)):
            self.modes.addButton(button, i)
            box.addWidget(button)
        box.addWidget(self.list, 1)
        self.modes.idToggled.connect(self._toggled)
        self.list.itemChanged.connect(self._checked)

    def _toggled(self, _id: int, on: bool) -> None:
        if on:  # (the button turned off says nothing: the one turned on does)
            self.changed.emit()

    def _checked(self) -> None:
        if self.list.checked() and not self.these.isChecked():
            self.these.setChecked(True)  # (emits changed)
        else:
            self.changed.emit()

    def set_me(self, name: str) -> None:
        """Who "only me" is (the window's coder); the choice changes if it is "only me"."""
        self.only_me.setText(f"Only me ({name})" if name else "Only me")
        if name != self.me:
            self.me = name
            if self.only_me.isChecked():
                self.changed.emit()

    def coders(self) -> tuple[str, ...]:
        """The names chosen; () for every coder (also when none is checked)."""
        if self.only_me.isChecked():
            return (self.me,)
        return tuple(str(c) for c in self.list.checked()) if self.these.isChecked() else ()

    def choose(self, coders: Iterable[str]) -> None:
        """Check exactly these coders ("these coders"), or none ("all coders")."""
        self.list.set_checked(coders)
        (self.these if self.list.checked() else self.all_coders).setChecked(True)

    def describe(self) -> str:
        """The choice in a few words ("" for all coders)."""
        if self.only_me.isChecked():
            return f"only me ({self.me})"
        coders = self.coders()
        return f"coders {', '.join(c or '(none)' for c in coders)}" if coders else ""


class Pickers(QTabWidget):
    """Tabs Codes, Documents, Coders, Sets, Variable; ``changed`` whenever a choice changes."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.codes = QTreeWidget()
        self.codes.setHeaderHidden(True)
        self.codes.itemChanged.connect(lambda *_: self.changed.emit())
        self.sub_codes = QCheckBox("With sub-codes")
        self.sub_codes.setChecked(True)
        self.sub_codes.toggled.connect(lambda *_: self.changed.emit())
        self.clear_button = QPushButton("Clear all pickers")
        self.clear_button.clicked.connect(self.clear)
        codes_tab = QWidget()
        box = QVBoxLayout(codes_tab)
        box.setContentsMargins(2, 2, 2, 2)
        box.addWidget(self.codes, 1)
        box.addWidget(self.sub_codes)
        box.addWidget(self.clear_button)
        self.addTab(codes_tab, "Codes")
        self.documents, self.sets = CheckList(), CheckList()
        self.coder_picker = CoderPicker()
        self.coder_picker.changed.connect(self.changed)
        self.coders = self.coder_picker.list
        for title, widget in (("Documents", self.documents), ("Coders", self.coder_picker),
                              ("Sets", self.sets)):
            if isinstance(widget, CheckList):
                widget.itemChanged.connect(lambda *_: self.changed.emit())
            self.addTab(widget, title)
        self.variable = QComboBox()
        self.variable.currentIndexChanged.connect(self._variable_chosen)
        self.values = CheckList()
        self.values.itemChanged.connect(lambda *_: self.changed.emit())
        var_tab = QWidget()
        box = QVBoxLayout(var_tab)
        box.setContentsMargins(2, 2, 2, 2)
        box.addWidget(self.variable)
        box.addWidget(self.values, 1)
        self.addTab(var_tab, "Variable")
        self._retrieval: Retrieval | None = None

    # -- filling from the project -----------------------------------------------------------------
    def load(self, retrieval: Retrieval | None) -> None:
        """Fill every list from the open project, keeping what is still there checked."""
        self._retrieval = retrieval
        self.blockSignals(True)
        try:
            self._load_codes(retrieval)
            self.documents.fill(retrieval.documents() if retrieval else [])
            self.coders.fill([(n, n) for n in retrieval.coders()] if retrieval else [])
            self.sets.fill([(s.id, s.name) for s in retrieval.sets()] if retrieval else [])
            current = self.variable.currentText()
            self.variable.clear()
            self.variable.addItem("(any)", "")
            for v in retrieval.variables() if retrieval else []:
                self.variable.addItem(v.name, v.name)
            self.variable.setCurrentIndex(max(0, self.variable.findData(current)))
            self._fill_values()
        finally:
            self.blockSignals(False)

    def _load_codes(self, retrieval: Retrieval | None) -> None:
        keep = set(self.checked_codes())
        self.codes.blockSignals(True)
        self.codes.clear()
        if retrieval is not None:
            tree = retrieval.codebook()
            items: dict[int | None, QTreeWidget | QTreeWidgetItem] = {None: self.codes}
            for code in tree:  # parents come before their children
                parent = items.get(code.parent_id, self.codes)
                item = QTreeWidgetItem(parent, [code.name])
                item.setData(0, _ID, code.id)
                item.setToolTip(0, tree.path(code.id))
                item.setIcon(0, _swatch(code.color))
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(0, _CHECKED if code.id in keep else Qt.CheckState.Unchecked)
                items[code.id] = item
            self.codes.expandAll()
        self.codes.blockSignals(False)

    def _variable_chosen(self) -> None:
        self._fill_values()
        self.changed.emit()

    def _fill_values(self) -> None:
        name = self.variable.currentData() or ""
        values = self._retrieval.values(name) if self._retrieval and name else []
        self.values.fill((v, v) for v in values)

    # -- reading and setting the choice ------------------------------------------------------------
    def _code_items(self) -> list[QTreeWidgetItem]:
        out: list[QTreeWidgetItem] = []
        stack = [self.codes.invisibleRootItem()]
        while stack:
            item = stack.pop()
            kids = [kid for i in range(item.childCount()) if (kid := item.child(i)) is not None]
            out.extend(kids)
            stack.extend(kids)
        return out

    def checked_codes(self) -> list[int]:
        return [int(i.data(0, _ID)) for i in self._code_items() if i.checkState(0) == _CHECKED]

    def check_codes(self, code_ids: Iterable[int]) -> None:
        wanted = set(code_ids)
        for item in self._code_items():
            item.setCheckState(0, _CHECKED if item.data(0, _ID) in wanted
                               else Qt.CheckState.Unchecked)

    def current(self) -> SegmentFilter:
        codes, docs = self.checked_codes(), self.documents.checked()
        sets = self.sets.checked()
        variable = self.variable.currentData() or ""
        values = self.values.checked()
        return SegmentFilter(
            codes=frozenset(codes) if codes else None,
            children=self.sub_codes.isChecked(),
            documents=frozenset(int(d) for d in docs) if docs else None,
            coders=self.coder_picker.coders(),
            sets=frozenset(int(s) for s in sets) if sets else None,
            variable=variable,
            values=frozenset(str(v) for v in values) if variable and values else None)

    def summary(self, f: SegmentFilter | None = None) -> str:
        """What the pickers restrict (``f``, else their current choice), in a few words."""
        f = f or self.current()
        parts = [plural(len(f.codes), "code") if f.codes else "",
                 plural(len(f.documents), "document") if f.documents else "",
                 self.coder_picker.describe() if f.coders else "",
                 plural(len(f.sets), "set") if f.sets else "",
                 f"{f.variable} = {' or '.join(sorted(f.values))}" if f.values else ""]
        return "; ".join(p for p in parts if p)

    def clear(self) -> None:
        self.blockSignals(True)
        self.check_codes([])
        for widget in (self.documents, self.sets, self.values):
            widget.set_checked([])
        self.coder_picker.choose([])
        self.blockSignals(False)
        self.changed.emit()
