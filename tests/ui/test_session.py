"""The session's one change channel: our writes, jobs' writes and other programs' writes all
arrive as the same signals, and the window follows them."""

from __future__ import annotations

import subprocess
import sys
import threading

from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication, QMessageBox

from gwot_reader.core.errors import GwotError
from gwot_reader.store import Project
from gwot_reader.ui import undo
from gwot_reader.ui.session import ProjectSession
from gwot_reader.ui.window import SAVED


def _code(project, path):
    return project.codebook.get(path).id


def test_signals_of_our_own_writes(qtbot, corpus_project):
    session = ProjectSession()
    with qtbot.waitSignal(session.projectReplaced):
        session.set_project(corpus_project)
    assert session.codebook.by_id and session.code_paths
    doc = corpus_project.documents.all()[0].id
    trust = _code(corpus_project, "Themes/Trust deficit")
    with qtbot.waitSignal(session.codingsChanged) as blocker, qtbot.waitSignal(session.saved):
        assert session.push(undo.AddCoding(corpus_project, doc, trust, 0, 12, "Trust deficit"))
    docs, ids = blocker.args
    assert docs == {doc} and len(ids) == 1
    with qtbot.waitSignal(session.codebookChanged) as blocker:
        corpus_project.codebook.update(trust, color="#123456")
    assert trust in blocker.args[0] and session.code_colors[trust] == "#123456"
    with qtbot.waitSignal(session.documentsChanged) as blocker:
        corpus_project.documents.update(doc, title="Renamed")
    assert blocker.args[0] == {doc}
    session.detach()


def test_a_refused_write_is_said_and_never_called_saved(qtbot, corpus_project):
    session = ProjectSession()
    session.set_project(corpus_project)
    doc = corpus_project.documents.all()[0].id
    category = _code(corpus_project, "Themes")
    with qtbot.waitSignal(session.writeFailed) as blocker, \
            qtbot.assertNotEmitted(session.saved):
        assert not session.push(undo.AddCoding(corpus_project, doc, category, 0, 5))
    assert "category" in blocker.args[0]
    assert session.undo_stack.count() == 0
    session.detach()


def _second_connection_codes(path, document_id, code_id):
    """Another writer: a separate connection on the file, as a second window would hold."""
    other = Project.open(path, coder="other")
    try:
        return other.codings.add(document_id, code_id, 50, 90)
    finally:
        other.close()


def test_another_connections_coding_shows_within_a_second(qtbot, window, corpus_project):
    pane = window.area.panes[0]
    doc = pane.document_id
    code = _code(corpus_project, "Themes/Trust deficit")
    with qtbot.waitSignal(window.session.codingsChanged, timeout=1000):
        coding = _second_connection_codes(corpus_project.path, doc, code)
    qtbot.waitUntil(lambda: coding.id in [c.id for c in window.annotations_model.codings()],
                    timeout=1000)
    assert coding.id in [c.id for c in pane.view.codings()]
    qtbot.waitUntil(lambda: window.codebook_model.count(code) == 1, timeout=1000)


def test_another_process_changes_codebook_and_documents(qtbot, window, corpus_project, tmp_path):
    """The CLI (another process) adds a document and renames a code: both show within a second."""
    note = tmp_path / "cli note.txt"
    note.write_text("Written from a shell while the window was open.", encoding="utf-8")
    rows = window.documents_model.rowCount()
    script = ("import sys; from gwot_reader.store import Project; "
              "from gwot_reader.exchange.textimport import import_file; "
              "p = Project.open(sys.argv[1], coder='cli'); import_file(p, sys.argv[2]); "
              "p.codebook.update(p.codebook.get('Themes/Trust deficit').id, name='Mistrust'); p.close()")
    subprocess.run([sys.executable, "-c", script, str(corpus_project.path), str(note)], check=True)
    qtbot.waitUntil(lambda: window.documents_model.rowCount() == rows + 1, timeout=1000)
    trust = window.codebook_model.index_of(corpus_project.codebook.get("Themes/Mistrust").id)
    qtbot.waitUntil(lambda: trust.data() == "Mistrust", timeout=1000)
    assert "cli note" in [window.area.panes[0].picker.itemText(i)
                          for i in range(window.area.panes[0].picker.count())]


def test_an_undo_that_no_longer_applies_is_refused_not_resurrected(qtbot, window, corpus_project):
    pane = window.area.panes[0]
    doc = pane.document_id
    code = _code(corpus_project, "Themes/Trust deficit")
    window.coding.apply_code_to_span(code, doc, 10, 40)
    mine = [c for c in corpus_project.codings.all(doc) if (c.start, c.end) == (10, 40)][0]
    # Another window removes that coding, then removes a coding we removed and then undo
    other = Project.open(corpus_project.path, coder="other")
    other.codings.remove(mine.id)
    other.close()
    qtbot.waitUntil(lambda: mine.id not in [c.id for c in pane.view.codings()], timeout=1000)
    window.session.undo_stack.undo()  # would remove it: it is gone already
    assert window.saved_label.text() != "" and SAVED not in window.saved_label.text()
    assert "Could not undo" in window.statusBar().currentMessage()
    assert not window.session.undo_stack.canRedo()  # the step was dropped: no redo brings it back
    assert corpus_project.codings.find(mine.id) is None
    boxes = [b for b in window.findChildren(QMessageBox) if "Could not undo" in b.text()]
    assert boxes


def test_undo_of_a_removal_whose_document_is_gone_is_refused(qtbot, window, corpus_project):
    pane = window.area.panes[0]
    doc = pane.document_id
    code = _code(corpus_project, "Themes/Trust deficit")
    coding = corpus_project.codings.add(doc, code, 5, 25)
    window.coding.remove_codings([coding.id])
    assert corpus_project.codings.find(coding.id) is None
    other = Project.open(corpus_project.path, coder="other")
    other.documents.remove(doc)
    other.close()
    qtbot.waitUntil(lambda: pane.document_id is None, timeout=1000)
    window.session.undo_stack.undo()
    assert corpus_project.codings.find(coding.id) is None  # not brought back without its document
    assert "Could not undo" in window.statusBar().currentMessage()
    assert window.session.undo_stack.count() == 0


def test_a_failing_job_is_told_by_a_box_made_on_the_gui_thread(qtbot, window):
    made_in: list[QThread] = []

    def work(project, progress):
        made_in.append(QThread.currentThread())
        raise GwotError("the disk is full")

    errors = []
    window.session.writeFailed.connect(errors.append)
    job = window.session.run_job(window, "Failing", work, lambda result: None)
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert made_in and made_in[0] is not QApplication.instance().thread()
    boxes = [b for b in window.findChildren(QMessageBox) if b.text() == "the disk is full"]
    assert boxes and boxes[0].thread() is QApplication.instance().thread()
    assert SAVED not in window.saved_label.text()
    boxes[0].accept()  # it can be dismissed
    assert job.isFinished() and not window.session.jobs.jobs


def test_an_unexpected_error_in_a_job_is_one_line_not_a_hang(qtbot, window):
    def work(project, progress):
        raise ValueError("boom")

    told = []
    window.session.problem.connect(lambda text, dialog: told.append(text))
    window.session.run_job(window, "Buggy", work, lambda result: None, writes=False)
    qtbot.waitUntil(lambda: bool(told), timeout=5000)
    assert "ValueError: boom" in told[0] and "\n" not in told[0]


def test_a_jobs_writes_arrive_through_the_same_signals(qtbot, window, tmp_path):
    note = tmp_path / "job note.txt"
    note.write_text("A note imported by a job.", encoding="utf-8")
    with qtbot.waitSignal(window.session.documentsChanged, timeout=10000), \
            qtbot.waitSignal(window.session.saved, timeout=10000):
        window.files.import_documents([str(note)])
    assert "job note" in [d.name for d in window.documents_model.documents()]
    assert window.saved_label.text().startswith(SAVED)


def test_jobs_are_not_run_from_other_threads_callbacks(qtbot, window):
    """on_done runs on the GUI thread even though the job's signal comes from its worker."""
    where = []
    done = threading.Event()
    window.session.run_job(window, "Quick", lambda project, progress: 42,
                           lambda result: (where.append(QThread.currentThread()), done.set()),
                           writes=False)
    qtbot.waitUntil(done.is_set, timeout=5000)
    assert where[0] is QApplication.instance().thread()
