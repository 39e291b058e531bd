"""File dialogs that never open the files they list (the open project among them).

Qt's file dialog tells a file's type by reading its first bytes when the extension is not
known (``.gwot``, ``.gwot-wal``): an open() and close() of the project in our own process,
which drops every POSIX lock SQLite holds on it (see store/fileid.py). These dialogs tell
types from names only. Every file dialog of the window goes through here.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QFileInfo, QMimeDatabase
from PySide6.QtGui import QAbstractFileIconProvider, QIcon
from PySide6.QtWidgets import QFileDialog, QFileIconProvider, QWidget


class NameOnlyIcons(QAbstractFileIconProvider):
    """Icons and type names from the file name, never from the file's content."""

    def __init__(self) -> None:
        super().__init__()
        self._plain = QFileIconProvider()
        self._mime = QMimeDatabase()

    def icon(self, what) -> QIcon:  # type: ignore[override]
        if isinstance(what, QFileInfo):
            kind = (QAbstractFileIconProvider.IconType.Folder if what.isDir()
                    else QAbstractFileIconProvider.IconType.File)
            return self._plain.icon(kind)
        return self._plain.icon(what)

    def type(self, info: QFileInfo) -> str:  # type: ignore[override]
        if info.isDir():
            return "Folder"
        if info.suffix().lower() == "gwot":
            return "GWOT Reader project"
        mime = self._mime.mimeTypeForFile(info.fileName(), QMimeDatabase.MatchMode.MatchExtension)
        return "File" if mime.isDefault() else mime.comment()


_ICONS: NameOnlyIcons | None = None


def _dialog(parent: QWidget | None, caption: str, folder: str, filters: str,
            mode: QFileDialog.FileMode, accept: QFileDialog.AcceptMode) -> QFileDialog:
    global _ICONS
    if _ICONS is None:
        _ICONS = NameOnlyIcons()
    d = QFileDialog(parent, caption, folder, filters)
    d.setIconProvider(_ICONS)
    d.setFileMode(mode)
    d.setAcceptMode(accept)
    return d


def _run(d: QFileDialog) -> tuple[list[str], str]:
    if d.exec() != QFileDialog.DialogCode.Accepted:
        return [], ""
    return d.selectedFiles(), d.selectedNameFilter()


def get_open_file_name(parent, caption: str, folder: str = "", filters: str = "") -> tuple[str, str]:
    files, chosen = _run(_dialog(parent, caption, folder, filters, QFileDialog.FileMode.ExistingFile,
                                 QFileDialog.AcceptMode.AcceptOpen))
    return (files[0] if files else ""), chosen


def get_open_file_names(parent, caption: str, folder: str = "",
                        filters: str = "") -> tuple[list[str], str]:
    return _run(_dialog(parent, caption, folder, filters, QFileDialog.FileMode.ExistingFiles,
                        QFileDialog.AcceptMode.AcceptOpen))


def get_save_file_name(parent, caption: str, folder: str = "", filters: str = "",
                       replace: bool = True) -> tuple[str, str]:
    """``replace`` False: for a file we never overwrite (a new project), so no "Replace it?"."""
    d = _dialog(parent, caption, folder, filters, QFileDialog.FileMode.AnyFile,
                QFileDialog.AcceptMode.AcceptSave)
    d.setOption(QFileDialog.Option.DontConfirmOverwrite, not replace)
    files, chosen = _run(d)
    return (files[0] if files else ""), chosen


def free_name(path: Path) -> Path:
    """``path``, or the first of ``stem 2``, ``stem 3``… beside it that no file has."""
    n, found = 2, path
    while found.exists():
        found = path.with_name(f"{path.stem} {n}{path.suffix}")
        n += 1
    return found


def start_in(project_path: str | Path | None, name: str = "") -> str:
    """Where a file dialog starts: the open project's folder (the home folder with none open),
    with ``name`` offered in it; the files a researcher exports or imports live beside it."""
    folder = Path(project_path).parent if project_path else Path.home()
    return str(folder / name) if name else str(folder)
