"""Codebook > Import codebook… with the files a new user picks: the dialog lists every layout
the import reads, a REFI-QDA project is offered to File > Import project (REFI-QDA)…, and a file
that is refused leaves the status bar saying the project is saved (it is)."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox
from qdpx_samples import nvivo_windows

from gwot_reader.ui import filedialogs
from gwot_reader.ui.codebook_editor import CODEBOOK_FILES
from gwot_reader.ui.project_exchange import PreviewDialog
from gwot_reader.ui.window import NOT_SAVED, SAVED


def when_modal(handle) -> list[str]:
    """Hand each modal dialog, as it shows, to ``handle`` (which returns False when done)."""
    seen: list[str] = []

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is not None and dialog.isVisible() and dialog.windowTitle() not in seen[-1:]:
            seen.append(dialog.windowTitle())
            if handle(dialog) is False:
                return
        QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)
    return seen


def test_the_file_dialog_lists_tables_xlsx_and_qdc(qtbot, window, monkeypatch):
    asked: list[str] = []

    def fake_open(parent, caption, folder="", filters=""):
        asked.append(filters)
        return "", ""

    monkeypatch.setattr(filedialogs, "get_open_file_name", fake_open)
    window.codebook_editor.act_import.trigger()
    assert asked == [CODEBOOK_FILES]
    first = CODEBOOK_FILES.split(";;")[0]
    for ext in ("*.csv", "*.tsv", "*.xlsx", "*.qdc"):
        assert ext in first
    assert "Excel" in window.codebook_editor.act_import.text()


def test_a_project_given_as_a_codebook_is_offered_as_a_project_import(qtbot, window, tmp_path):
    path = tmp_path / "team.qdpx"
    path.write_bytes(nvivo_windows())
    codes = len(window.project.codebook.all())
    answers: list[str] = []

    def handle(dialog) -> bool:
        if isinstance(dialog, QMessageBox):
            answers.append(dialog.text())
            dialog.button(QMessageBox.StandardButton.Yes).click()
            return True
        if isinstance(dialog, PreviewDialog):  # the project import's own preview
            dialog.reject()
            return False
        return True

    seen = when_modal(handle)
    assert window.codebook_editor.import_codebook(path) is None
    qtbot.waitUntil(lambda: any(t.startswith("Import project") for t in seen), timeout=20000)
    assert "team.qdpx is a REFI-QDA project, not a codebook" in answers[0]
    qtbot.waitUntil(lambda: "Nothing was imported" in window.statusBar().currentMessage(),
                    timeout=5000)
    assert len(window.project.codebook.all()) == codes


def test_declining_the_project_import_does_nothing(qtbot, window, tmp_path):
    path = tmp_path / "team.qdpx"
    path.write_bytes(nvivo_windows())
    jobs = window.session.jobs.last

    def handle(dialog) -> bool:
        dialog.reject()
        return False

    seen = when_modal(handle)
    assert window.codebook_editor.import_codebook(path) is None
    assert seen == ["Import codebook"]
    assert window.session.jobs.last is jobs  # nothing started
    assert not [w for w in QApplication.topLevelWidgets()
                if isinstance(w, QDialog) and w.isVisible()]


def test_a_refused_codebook_leaves_the_project_saved(qtbot, window, tmp_path):
    bad = tmp_path / "notes.csv"
    bad.write_text("when,what\n2024,met the team\n", encoding="utf-8")
    told: list[str] = []
    window.session.problem.connect(lambda text, dialog: told.append(text))
    job = window.codebook_editor.import_codebook(bad)
    qtbot.waitUntil(lambda: job.handled, timeout=20000)
    assert told and "notes.csv" in told[0]
    assert window.saved_label.text() != NOT_SAVED
    # a write that fails still says so
    window.session.writeFailed.emit("the disk is full")
    assert window.saved_label.text() == NOT_SAVED
    assert SAVED not in window.saved_label.text()
    for box in window.findChildren(QMessageBox):
        box.close()
