"""What comes back after a restart, and the long work that runs off the GUI thread."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from gwot_reader.store import Project
from gwot_reader.ui import app
from gwot_reader.ui.settings import settings_path
from gwot_reader.ui.window import MainWindow


def _window(qtbot, project: Project) -> MainWindow:
    w = MainWindow()
    qtbot.addWidget(w)
    w.restore_window()
    w.set_project(project)
    w.show()
    qtbot.waitExposed(w)
    return w


def test_codings_panes_and_layout_come_back_after_a_restart(qtbot, corpus_project):
    path = corpus_project.path
    docs = corpus_project.documents.all()
    w = _window(qtbot, corpus_project)
    w.area.open_document(w.area.panes[0], docs[2].id)
    pane = w.area.panes[0]
    pane.view.select_span(100, 150)
    w.area.set_focused(pane)
    code = corpus_project.codebook.get("Themes/Double game")
    w.coding.apply_code(code.id)
    # fit the small offscreen screen (a restored geometry is clamped to the screen)
    w.resize(790, 700)
    w.annotations_dock.hide()
    w.codebook_dock.hide()
    w.documents_dock.hide()
    QApplication.processEvents()
    w.area.splitter.setSizes([250, 450])
    sizes = w.area.splitter.sizes()
    assert sizes[1] > sizes[0]
    w.close()
    assert settings_path().exists()

    reopened = Project.open(path, coder="tester")
    try:
        w2 = _window(qtbot, reopened)
        assert [p.document_id for p in w2.area.panes] == [docs[2].id, docs[1].id]
        assert [(c.start, c.end, c.code_id) for c in w2.area.panes[0].view.codings()] == [(100, 150, code.id)]
        assert w2.coding.keys[1] == code.id  # the number key binding is remembered too
        QApplication.processEvents()
        assert not w2.annotations_dock.isVisible()  # the dock layout comes back too
        now = w2.area.splitter.sizes()
        assert now[1] > now[0] and abs(now[0] / sum(now) - sizes[0] / sum(sizes)) < 0.1
        w2.close()
    finally:
        reopened.close()


def test_the_last_project_opens_next_time(qtbot, corpus_project):
    w = _window(qtbot, corpus_project)
    w.close()
    again = app.open_project(None)
    try:
        assert again.path == corpus_project.path
    finally:
        again.close()


def test_first_launch_creates_the_default_project(qtbot):
    project = app.open_project(None)
    try:
        assert project.stats()["documents"] == 5
        assert "gwot-reader" in str(project.path)
    finally:
        project.close()


def test_import_in_a_worker_refreshes_the_lists(qtbot, corpus_project, tmp_path):
    w = _window(qtbot, corpus_project)
    note = tmp_path / "note.md"
    note.write_text("# Field note\n\nThe *drone* strikes.\n", encoding="utf-8")
    job = w.files.import_documents([str(note)])
    qtbot.waitUntil(lambda: job.handled, timeout=10000)
    qtbot.waitUntil(lambda: w.documents_model.rowCount() == 6, timeout=5000)
    assert w.area.panes[0].picker.findText("note") >= 0
    # the job's ending runs on the GUI thread just after its thread finished
    qtbot.waitUntil(lambda: "Imported 1 document" in w.statusBar().currentMessage(), timeout=5000)
    w.close()


def test_a_failed_import_says_why_and_changes_nothing(qtbot, corpus_project, tmp_path):
    w = _window(qtbot, corpus_project)
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    job = w.files.import_documents([str(tmp_path / "ok.txt"), str(bad)])
    qtbot.waitUntil(lambda: job.handled, timeout=10000)
    qtbot.waitUntil(lambda: bool(w.statusBar().currentMessage()), timeout=5000)
    assert job.error and "\n" not in job.error
    assert corpus_project.stats()["documents"] == 5
    w.close()


def test_screenshot_renders_two_documents_with_codings(qtbot, corpus_project, tmp_path):
    docs = corpus_project.documents.all()
    corpus_project.codings.add(docs[1].id, corpus_project.codebook.get("Actors/TTP").id, 10, 60)
    path = corpus_project.path
    corpus_project.close()
    out = tmp_path / "shot.png"
    assert app.run(Path(path), screenshot=str(out)) == 0
    from PySide6.QtGui import QImage

    image = QImage(str(out))
    assert image.width() >= 1200 and image.height() >= 700
    assert not settings_path().exists() or "last_project" not in settings_path().read_text()


def test_an_escaping_gwot_error_is_one_line_not_a_traceback(qtbot, corpus_project, monkeypatch):
    import sys

    from gwot_reader.core.errors import ConflictError

    w = _window(qtbot, corpus_project)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    app.install_error_hook(w)
    sys.excepthook(ConflictError, ConflictError("there is already a code named 'X'"), None)
    assert w.statusBar().currentMessage() == "there is already a code named 'X'"
    w.close()


def test_new_project_is_made_in_a_worker_and_opened(qtbot, corpus_project, tmp_path):
    w = _window(qtbot, corpus_project)
    target = tmp_path / "study.gwot"
    job = w.files.new_project(target)
    qtbot.waitUntil(lambda: job.handled, timeout=20000)
    qtbot.waitUntil(lambda: w.project is not None and w.project.path == target, timeout=5000)
    assert w.documents_model.rowCount() == 5 and len(w.area.panes) == 2
    assert w.session.undo_stack.count() == 0
    opened = w.project
    w.close()
    opened.close()


def test_opening_a_file_that_is_not_a_project_changes_nothing(qtbot, corpus_project, tmp_path):
    w = _window(qtbot, corpus_project)
    bad = tmp_path / "notes.gwot"
    bad.write_text("not a database", encoding="utf-8")
    w.files.open_project(bad)
    assert w.project is corpus_project
    message = w.statusBar().currentMessage()
    assert message and "\n" not in message and "Traceback" not in message
    w.close()


def test_a_cancelled_import_leaves_nothing(qtbot, corpus_project, tmp_path):
    from gwot_reader.exchange.textimport import import_files
    from gwot_reader.ui.jobs import Job

    files = []
    for i in range(3):
        f = tmp_path / f"n{i}.txt"
        f.write_text(f"note {i}", encoding="utf-8")
        files.append(f)
    job = Job(lambda project, progress: import_files(project, files, progress), corpus_project.path,
              "tester")
    job.cancel()  # as if Cancel was pressed before the first file
    job.start()
    qtbot.waitUntil(job.isFinished, timeout=10000)
    assert job.error == "import cancelled; nothing was imported"
    assert corpus_project.stats()["documents"] == 5


def test_the_window_paints_first_and_then_loads_the_project(qtbot, corpus_project):
    w = app.show_window(corpus_project)
    qtbot.addWidget(w)
    assert w.project is None  # nothing loaded before the first paint
    qtbot.waitUntil(lambda: w.project is corpus_project, timeout=5000)
    assert len(w.area.panes) == 2 and w.documents_model.rowCount() == 5
    assert w.area.panes[0].view.text()
    w.close()


def test_application_has_an_icon_in_every_size(qapp):
    from gwot_reader.ui.app import app_icon

    icon = app_icon()
    assert not icon.isNull()
    assert {s.width() for s in icon.availableSizes()} >= {16, 32, 48, 256}


def _drag(widget, mime, kind):
    from PySide6.QtCore import QPoint, QPointF
    from PySide6.QtGui import QDragEnterEvent, QDropEvent

    centre = widget.rect().center()
    if kind == "enter":
        event = QDragEnterEvent(QPoint(centre), Qt.DropAction.CopyAction, mime,
                                Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    else:
        event = QDropEvent(QPointF(centre), Qt.DropAction.CopyAction, mime,
                           Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, event)
    return event


def test_files_dropped_on_the_window_are_imported(qtbot, window, corpus_project, tmp_path):
    from PySide6.QtCore import QMimeData, QUrl

    note = tmp_path / "field notes.txt"
    note.write_text("Drones over Waziristan, from a file manager.", encoding="utf-8")
    text_only = QMimeData()
    text_only.setText("just words")
    assert not _drag(window, text_only, "enter").isAccepted()
    files = QMimeData()
    files.setUrls([QUrl.fromLocalFile(str(note)), QUrl.fromLocalFile(str(tmp_path))])  # a folder too
    # dropped on a document pane's text, the drop reaches the window
    target = window.area.panes[0].view.text_view.text_edit().viewport()
    assert _drag(target, files, "enter").isAccepted()
    before = corpus_project.stats()["documents"]
    _drag(target, files, "drop")
    qtbot.waitUntil(lambda: window.files.last_job is not None and window.files.last_job.handled,
                    timeout=10000)
    qtbot.waitUntil(lambda: corpus_project.stats()["documents"] == before + 1, timeout=5000)
    assert "field notes" in [d.name for d in corpus_project.documents.all()]


def test_the_reading_size_carries_to_new_panes_and_the_next_launch(qtbot, corpus_project):
    path = corpus_project.path
    w = _window(qtbot, corpus_project)
    start = w.area.panes[0].view.zoom
    w.area.set_focused(w.area.panes[0])
    w.area.view_call("zoom_in")
    w.area.view_call("zoom_in")
    assert w.area.panes[0].view.zoom == start + 2
    assert w.area.add_pane().view.zoom == start + 2  # a new pane reads at the chosen size
    w.close()
    reopened = Project.open(path, coder="tester")
    try:
        w2 = _window(qtbot, reopened)
        assert {p.view.zoom for p in w2.area.panes} == {start + 2}
        w2.area.set_focused(w2.area.panes[0])
        w2.area.view_call("reset_zoom")
        assert w2.area.panes[0].view.zoom == start
        w2.close()
    finally:
        reopened.close()


def test_screenshot_from_the_command_line_prints_nothing(corpus_project, tmp_path):
    """`gwot-reader --screenshot` as a user runs it: no Qt warnings on stderr or stdout."""
    import os
    import subprocess
    import sys

    path = corpus_project.path
    corpus_project.close()
    out = tmp_path / "shot.png"
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[2])
    r = subprocess.run([sys.executable, "-m", "gwot_reader", "--screenshot", str(out), str(path)],
                       capture_output=True, text=True, env=env, timeout=120, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert (r.stdout, r.stderr) == ("", "")
    assert out.stat().st_size > 10_000
