"""Projects opened from the desktop: macOS Finder sends a file-open event, not an argument."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject


class FileOpenHandler(QObject):
    """Opens ``.gwot`` files the system asks the application to open.

    At launch the event can arrive before the window exists; the path is then kept as
    ``pending`` for ``run`` to open instead of the last project.
    """

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.window = None
        self.pending: str | None = None

    def eventFilter(self, obj, event) -> bool:
        if event.type() != QEvent.Type.FileOpen:
            return False
        path = event.file()
        if not path.lower().endswith(".gwot"):
            if self.window is not None:  # a document: import it into the open project
                self.window.files.import_documents([path])
            return True
        if self.window is None:
            self.pending = path
        else:
            self.window.files.open_project(path)
        return True
