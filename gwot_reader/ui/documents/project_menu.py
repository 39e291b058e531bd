"""File > Recent projects and File > Project properties (name, description, coders, sizes)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QWidget,
)

from gwot_reader.ui.dialogs import ok_cancel
from gwot_reader.ui.settings import as_list, settings
from gwot_reader.ui.undo import ErrorSink, StoreCommand

if TYPE_CHECKING:  # the window reaches the store through its project only
    from gwot_reader.store import Project
    from gwot_reader.store.properties import ProjectInfo

RECENT_KEY = "recent_projects"
RECENT_MAX = 10


def remember(path: Path) -> list[str]:
    """Put a project first in the recent list (kept in reader.ini); returns the list."""
    s = settings()
    paths = [p for p in as_list(s.value(RECENT_KEY)) if Path(p) != path]
    paths = [str(path), *paths][:RECENT_MAX]
    s.setValue(RECENT_KEY, paths)
    return paths


def recent() -> list[str]:
    return as_list(settings().value(RECENT_KEY))


def fill_recent_menu(menu: QMenu, current: Path | None, open_project: Any) -> None:
    """The recent projects that still exist, the current one left out; opening one switches."""
    menu.clear()
    shown = [p for p in recent() if Path(p) != current and Path(p).exists()]
    for i, p in enumerate(shown, start=1):
        act = menu.addAction(f"&{i % 10} {Path(p).name}  ({Path(p).parent})")
        act.setToolTip(p)
        act.triggered.connect(lambda _checked=False, path=p: open_project(path))
    if not shown:
        menu.addAction("(none)").setEnabled(False)


class SetProperties(StoreCommand):
    def __init__(self, project: Project, name: str, description: str,
                 on_error: ErrorSink | None = None) -> None:
        super().__init__(project, "Edit project properties", on_error)
        self.new = (name, description)
        self.old: ProjectInfo | None = None

    def do(self) -> None:
        self.old = self.project.properties.set(name=self.new[0], description=self.new[1])

    def inverse(self) -> None:
        assert self.old is not None
        self.project.properties.set(name=self.old.name, description=self.old.description)


class PropertiesDialog(QDialog):
    def __init__(self, info: ProjectInfo, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Project properties")
        form = QFormLayout(self)
        self.name = QLineEdit(info.name)
        self.description = QPlainTextEdit(info.description)
        self.description.setFixedHeight(90)
        form.addRow("&Name", self.name)
        form.addRow("&Description", self.description)
        s = info.sizes
        facts = [
            ("File", str(path)),
            ("Size", f"{s['bytes'] / 1e6:.1f} MB"),
            ("Documents", f"{s['documents']:,} ({s['characters']:,} characters)"),
            ("Codes / codings", f"{s['codes']:,} / {s['codings']:,}"),
            ("Variables / sets / memos", f"{s['variables']} / {s['sets']} / {s['memos']}"),
            ("Coders", ", ".join(info.coders) or "none yet"),
            ("Created", info.created[:10]),
            ("GUID", info.guid),
        ]
        for label, value in facts:
            text = QLabel(value)
            text.setWordWrap(True)
            text.setTextInteractionFlags(text.textInteractionFlags().TextSelectableByMouse)
            form.addRow(label, text)
        ok_cancel(self, form)
        self.resize(520, self.sizeHint().height())

    def values(self) -> tuple[str, str]:
        return self.name.text().strip(), self.description.toPlainText().strip()
