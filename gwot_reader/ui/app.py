"""Starting the GUI: the application object, the project to open, the main window."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def run(project_path: Path | None, screenshot: str | None = None) -> int:
    if screenshot:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QApplication, QLabel

    from gwot_reader.exchange.newproject import open_or_create_default
    from gwot_reader.store import Project

    app = QApplication.instance() or QApplication(sys.argv[:1])
    project = Project.open(project_path) if project_path else open_or_create_default()
    label = QLabel(f"GWOT Reader — {project.path.name}: {project.stats()['documents']} documents")
    label.resize(640, 400)
    if screenshot:
        label.grab().save(screenshot)
        return 0
    label.show()
    return app.exec()
