"""Closing the project and opening another in the same window: panes, docks, undo history and
actions are reset through the session's projectClosing/projectReplaced, the old file closed."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

import pytest

from gwot_reader.store import Project
from gwot_reader.ui import undo

SAFI = "Safi 2023 - Pakistan-U.S. anti-terrorism dialogue"


def _code_something(window) -> None:
    p = window.project
    doc = p.documents.get(SAFI)
    code = p.codebook.get("Themes/Trust deficit")
    assert window.session.push(undo.AddCoding(p, doc.id, code.id, 20, 40, "Trust deficit"))
    window.area.open_document(window.area.focused, doc.id)


def _wal_size(path) -> int:
    wal = path.with_name(path.name + "-wal")
    return wal.stat().st_size if wal.exists() else 0


def _other_process_opens(path) -> str:
    """Another program reads the file: it must find the coding in the main file (no WAL)."""
    code = ("import sqlite3,sys; c=sqlite3.connect(f'file:{sys.argv[1]}?mode=ro', uri=True);"
            "print(c.execute('select count(*) from codings').fetchone()[0])")
    return subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True,
                          text=True, check=True).stdout.strip()


def test_close_project_resets_the_window_and_checkpoints_the_file(window, qtbot):
    _code_something(window)
    path = window.project.path
    window.memo_panel = window.documents_ui.memos
    window.documents_ui.show_variables()
    assert window.session.undo_stack.count() == 1
    with qtbot.waitSignal(window.session.projectClosing), \
            qtbot.waitSignal(window.session.projectReplaced):
        window.files.act_close.trigger()
    assert window.session.project is None
    assert window.session.undo_stack.count() == 0
    assert window.area.panes == [] and window.documents_model.rowCount() == 0
    assert window.codebook_model.rowCount() == 0 and window.annotations_model.rowCount() == 0
    assert window.documents_ui.variables_dialog is None
    assert window.windowTitle() == "GWOT Reader"
    assert window.no_project.label.isVisible() and "No project is open" in window.no_project.label.text()
    # what needs a project is disabled; opening one is not
    assert not window.files.act_import.isEnabled() and not window.files.act_close.isEnabled()
    assert not window.coding.act_quick.isEnabled()
    assert window.files.act_open.isEnabled() and window.files.act_new.isEnabled()
    # checkpointed and closed: the WAL is empty and another program sees the coding
    assert _wal_size(path) == 0
    assert _other_process_opens(path) == "1"
    with pytest.raises((sqlite3.ProgrammingError, AttributeError)):
        window.session.project.codings.count()  # type: ignore[union-attr]
    # opening it again brings everything back, with the panes as they were
    window.files.open_project(path)
    assert window.project.path == path and window.files.act_import.isEnabled()
    assert window.files.act_close.isEnabled() and not window.no_project.label.isVisible()
    assert window.documents_model.rowCount() == 5
    assert any(p.document_id == window.project.documents.get(SAFI).id for p in window.area.panes)
    assert window.session.undo_stack.count() == 0


def test_open_another_project_replaces_the_current_one(window, qtbot, tmp_path):
    _code_something(window)
    first = window.project
    first_path = first.path
    other = Project.create(tmp_path / "second.gwot", coder="tester")
    other.documents.add("Only one", "A short text about drones.")
    other.close()
    window.search_dock.panel().model.set_rows([(first.documents.get(SAFI).id, SAFI, 0, 5, "", "Secur",
                                         "", None)])
    window.files.open_project(tmp_path / "second.gwot")
    assert window.project.path == tmp_path / "second.gwot"
    assert first.db.conn is None  # the old file is closed (and was checkpointed)
    assert _wal_size(first_path) == 0
    assert [d.name for d in window.documents_model.documents()] == ["Only one"]
    assert window.session.undo_stack.count() == 0 and not window.session.undo_stack.canUndo()
    assert window.search_dock.panel().model.rows == []  # the docks forget the old project's results
    assert all(p.document_id in (None, window.project.documents.get("Only one").id)
               for p in window.area.panes)
    assert window.windowTitle().startswith("second")
    # the recent list holds the first project, and choosing it switches back
    window.documents_ui.recent_menu.aboutToShow.emit()
    acts = [a for a in window.documents_ui.recent_menu.actions() if a.isEnabled()]
    assert [a.toolTip() for a in acts] == [str(first_path)]
    acts[0].trigger()
    assert window.project.path == first_path
    assert window.project.codings.count() == 1


def test_a_file_that_is_not_a_project_leaves_the_current_one_open(window, tmp_path):
    bad = tmp_path / "notes.gwot"
    bad.write_text("not a database", encoding="utf-8")
    path = window.project.path
    window.files.open_project(bad)
    assert window.project.path == path
    assert "notes.gwot" in window.statusBar().currentMessage()


def test_closing_clears_the_segments_and_matrix_docks(window, qtbot):
    p = window.project
    doc = p.documents.get(SAFI)
    code = p.codebook.get("Themes/Trust deficit")
    p.codings.add(doc.id, code.id, 10, 40)
    window.session.reload()
    window.segments_dock.panel().run_query()
    assert window.segments_dock.panel().model.rowCount() == 1
    window.matrix_dock.panel().refresh()
    assert window.matrix_dock.panel().model.rowCount() > 0
    window.files.close_project()
    assert window.segments_dock.panel().model.rowCount() == 0
    assert window.matrix_dock.panel().model.rowCount() == 0
    assert window.search_dock.panel().model.rows == []
