"""Files the desktop asks us to open (macOS Finder's file-open events)."""

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QFileOpenEvent

from gwot_reader.store import Project
from gwot_reader.ui.fileopen import FileOpenHandler


def test_project_opened_before_the_window_is_kept_pending(qapp, tmp_path):
    handler = FileOpenHandler()
    qapp.installEventFilter(handler)
    try:
        QCoreApplication.sendEvent(qapp, QFileOpenEvent(str(tmp_path / "study.gwot")))
    finally:
        qapp.removeEventFilter(handler)
    assert handler.pending == str(tmp_path / "study.gwot")


def test_project_opened_later_replaces_the_window_project(qapp, window, tmp_path):
    other = tmp_path / "other.gwot"
    Project.create(other).close()
    handler = FileOpenHandler()
    handler.window = window
    qapp.installEventFilter(handler)
    try:
        QCoreApplication.sendEvent(qapp, QFileOpenEvent(str(other)))
    finally:
        qapp.removeEventFilter(handler)
    assert window.project.path == other
