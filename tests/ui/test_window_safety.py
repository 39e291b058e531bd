"""The window and the safety of the file: complete after Quit, read-only, backups, copies."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from test_window import code_id, double_click_code, select  # tests/ui is on sys.path

from gwot_reader.store import Project
from gwot_reader.store import backup as backups
from gwot_reader.ui.window import MainWindow


def codings_in(path: Path) -> set[tuple[int, int]]:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return {tuple(r) for r in con.execute('SELECT start, "end" FROM codings')}
    finally:
        con.close()


def code_a_passage(qtbot, window, project) -> tuple[int, int]:
    pane = window.area.panes[0]
    text = pane.view.text()
    span = select(window, pane, text[text.index(text[300:340]):][:40])
    double_click_code(qtbot, window, code_id(project, "Actors/India"))
    qtbot.waitUntil(lambda: window.session.undo_stack.count() == 1)
    return span


def test_after_quit_the_gwot_alone_holds_every_coding(qtbot, window, corpus_project, tmp_path):
    span = code_a_passage(qtbot, window, corpus_project)
    path = corpus_project.path
    window.menus.act_quit.trigger()
    assert corpus_project.db.conn is None  # the window closed its connection
    alone = tmp_path / "alone"
    alone.mkdir()
    shutil.copy(path, alone / "copy.gwot")  # just the .gwot, no -wal
    assert span in codings_in(alone / "copy.gwot")


def test_switching_projects_closes_the_previous_connection(window, corpus_project, tmp_path):
    other = tmp_path / "other.gwot"
    Project.create(other).close()
    window.files.open_project(other)
    assert window.project.path == other
    assert corpus_project.db.conn is None


def test_a_read_only_project_says_so_and_refuses_edits(qtbot, corpus_project, monkeypatch):
    path = corpus_project.path
    corpus_project.close()
    monkeypatch.setattr("gwot_reader.store.db.writable", lambda p: False)  # root ignores modes
    project = Project.open(path)
    w = MainWindow()
    qtbot.addWidget(w)
    w.set_project(project)
    w.show()
    qtbot.waitExposed(w)
    assert "read-only" in w.windowTitle()
    assert "Read-only" in w.saved_label.text()
    pane = w.area.panes[0]
    select(w, pane, pane.view.text()[100:130])
    w.coding.apply_code(code_id(project, "Actors/India"))
    assert project.stats()["codings"] == 0
    assert w.session.undo_stack.count() == 0
    assert "read-only" in w.statusBar().currentMessage()
    assert "damaged" not in w.statusBar().currentMessage()
    assert "Read-only" in w.saved_label.text()  # never "All changes saved"
    w.close()


def test_save_a_copy_as_writes_a_consistent_copy(qtbot, window, corpus_project, tmp_path):
    span = code_a_passage(qtbot, window, corpus_project)
    target = tmp_path / "copy.gwot"
    job = window.backups.save_copy_as(target)
    qtbot.waitUntil(lambda: job.isFinished(), timeout=10000)
    qtbot.waitUntil(lambda: "Saved a copy" in window.statusBar().currentMessage())
    assert span in codings_in(target)


def test_periodic_backup_after_editing_runs_off_the_gui_thread(qtbot, window, corpus_project):
    assert window.backups.timer.interval() == 10 * 60 * 1000
    assert window.backups.periodic() is None  # the state as opened
    assert window.backups.periodic() is None  # nothing changed since
    code_a_passage(qtbot, window, corpus_project)
    job = window.backups.periodic()
    assert job is not None
    qtbot.waitUntil(lambda: job.isFinished(), timeout=10000)
    found = backups.list_backups(corpus_project.guid, corpus_project.path.stem)
    assert [(b.reason, b.codings) for b in found] == [("editing", 1)]


def test_restore_from_backup_lists_backups_and_opens_the_restored_file(qtbot, window,
                                                                      corpus_project, tmp_path):
    span = code_a_passage(qtbot, window, corpus_project)
    backups.backup_now(corpus_project.path, "manual")
    dialog = window.backups.restore_dialog()
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 3).text() == "1" and dialog.table.item(0, 2).text() == "5"
    target = tmp_path / "restored.gwot"
    job = dialog.restore_selected(target, open_it=True)  # a job: the window stays live
    qtbot.waitUntil(lambda: job.handled, timeout=20000)
    assert dialog.restored == target
    assert window.project.path == target
    assert span in codings_in(target)
    assert corpus_project.db.conn is None


def test_file_dialogs_list_the_project_folder_without_opening_the_project(qtbot, window,
                                                                           corpus_project):
    """Qt's file dialog reads unknown files to tell their type: that open() would drop our
    locks. Ours tell types from names only, and every dialog of the window is ours."""
    from locks import locks_held
    from PySide6.QtWidgets import QFileDialog

    from gwot_reader.ui import filedialogs

    path = corpus_project.path
    assert locks_held(path)
    for mode in (QFileDialog.AcceptMode.AcceptOpen, QFileDialog.AcceptMode.AcceptSave):
        d = filedialogs._dialog(window, "Pick", str(path.parent), "All files (*)",
                                QFileDialog.FileMode.AnyFile, mode)
        d.show()
        qtbot.wait(800)  # the dialog's model gathers the folder's files in a thread
        assert d.iconProvider() is not None
        d.close()
        assert locks_held(path)
    ui = Path(filedialogs.__file__).parent
    for source in ui.rglob("*.py"):
        if source.name != "filedialogs.py":
            assert "QFileDialog.get" not in source.read_text(encoding="utf-8"), source
