"""The analysis docks go through the session: its reads (``analysis``), its jobs and its
problem and message signals; the search dock's coding dialog and the matrix's colour scale
through the real widgets."""

from __future__ import annotations

import csv

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from gwot_reader.core.errors import GwotError
from gwot_reader.exchange.retrieval import Retrieval
from gwot_reader.ui import filedialogs
from gwot_reader.ui.analysis.search_dock import CodeHitsDialog
from gwot_reader.ui.session import ProjectSession


def test_a_read_job_that_fails_tells_the_caller_and_the_status_bar(qtbot, corpus_project):
    session = ProjectSession()
    session.set_project(corpus_project)
    host = QWidget()
    qtbot.addWidget(host)
    seen: list[str] = []

    def bad(project, progress):
        raise GwotError("the query ends where a word was expected")

    with qtbot.waitSignal(session.problem) as problem:
        job = session.job_with_project(host, "Searching", bad, seen.append, seen.append)
    qtbot.waitUntil(lambda: job.handled)
    assert seen == ["the query ends where a word was expected"]
    assert problem.args == ["the query ends where a word was expected", False]
    # without a handler of its own, the same failure is a dialog
    with qtbot.waitSignal(session.problem) as problem:
        job = session.job_with_project(host, "Exporting", bad, seen.append)
    qtbot.waitUntil(lambda: job.handled)
    assert problem.args[1] is True
    # and the reads the docks use follow the session's project
    assert isinstance(session.analysis, Retrieval)
    assert session.analysis.project is corpus_project
    session.detach()
    assert session.analysis is None


def test_a_bad_regex_in_the_search_dock_is_said_once_without_a_dialog(qtbot, window):
    panel = window.search_dock.panel()
    window.search_dock.show()
    panel.regex.setChecked(True)
    panel.query.setText("(unclosed")
    with qtbot.waitSignal(window.session.problem, timeout=20_000) as problem:
        with qtbot.waitSignal(panel.searched, timeout=20_000):
            panel.run_search()
    assert problem.args[1] is False and "bad regular expression" in problem.args[0]
    assert "bad regular expression" in panel.status.text()
    assert "bad regular expression" in window.statusBar().currentMessage()


def test_the_code_hits_dialog_is_answered_as_a_user_would(qtbot, window):
    project = window.project
    panel = window.search_dock.panel()
    doc = project.documents.all()[0]
    text = project.documents.text(doc.id)
    i = text.index("U.S. ")
    panel.model.set_rows([(doc.id, doc.name, i, i + 4, "", "U.S.", "", None)])

    def answer() -> None:
        dialog = next(w for w in QApplication.topLevelWidgets()
                      if isinstance(w, CodeHitsDialog) and w.isVisible())
        dialog.code.setCurrentText("Actors/United States")
        dialog.scope.setCurrentText("sentence")
        dialog.accept()

    QTimer.singleShot(0, answer)
    assert panel.code_hits(selected_only=False)
    [coding] = project.codings.all()
    assert coding.start <= i and coding.end > i + 5  # the sentence runs on past "U.S."
    assert project.codebook.get(coding.code_id).name == "United States"
    # an unknown code typed in the box codes nothing
    dialog = CodeHitsDialog(window, [(1, "A/B")], 3)
    qtbot.addWidget(dialog)
    dialog.code.setCurrentText("nothing like it")
    assert dialog.choice() is None
    dialog.code.setCurrentText("A/B")
    assert dialog.choice() == (1, "A/B", "hit")
    QTimer.singleShot(0, lambda: next(w for w in QApplication.topLevelWidgets()
                                      if isinstance(w, CodeHitsDialog) and w.isVisible()
                                      ).reject())
    assert not panel.code_hits(selected_only=False)
    assert len(project.codings.all()) == 1


def test_matrix_colours_and_an_empty_project_state(qtbot, window):
    project = window.project
    doc = project.documents.all()[0]
    trust = project.codebook.get("Themes/Trust deficit")
    project.codings.add_spans(trust.id, [(doc.id, i * 10, i * 10 + 5) for i in range(10)])
    panel = window.matrix_dock.panel()
    assert panel.refresh()
    m = panel.model
    row, col = m.m.rows.index(trust.id), m.m.cols.index(doc.id)
    index = m.index(row, col)
    assert m.data(index) == 10
    assert m.data(index, Qt.ItemDataRole.ForegroundRole).name() == "#ffffff"  # the darkest
    assert m.data(index, Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight
    assert m.headerData(col, Qt.Orientation.Horizontal) == doc.name
    assert m.headerData(col, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) is None
    assert m.data(m.index(row, 1 - col if col < 2 else 0), Qt.ItemDataRole.ForegroundRole) \
        is None
    # the same counts when the rows are document sets: a document's set counts its codings
    project.sets.add("Just one", [doc.id])
    panel.rows.setCurrentIndex(panel.rows.findData("sets"))
    assert panel.refresh()
    assert panel.model.value(0, panel.model.m.cols.index(doc.id)) == 10
    assert panel.status.text().startswith("1 x ")
    # with no project open, nothing to show and nothing to read
    window.session.detach()
    assert not panel.refresh()
    assert not window.segments_dock.panel().run_query()
    assert window.segments_dock.panel().export_csv("/nonexistent/x.csv") == 0


def test_export_from_the_browser_asks_for_a_file_and_says_what_it_wrote(qtbot, window,
                                                                         tmp_path,
                                                                         monkeypatch):
    project = window.project
    doc = project.documents.all()[0]
    trust = project.codebook.get("Themes/Trust deficit")
    project.codings.add_spans(trust.id, [(doc.id, 0, 5), (doc.id, 10, 15)])
    panel = window.segments_dock.panel()
    with qtbot.waitSignal(panel.shown):
        window.segments_dock.toggleViewAction().trigger()
    monkeypatch.setattr(filedialogs, "get_save_file_name",
                        lambda *a, **k: (str(tmp_path / "view.csv"), ""))
    with qtbot.waitSignal(window.session.message) as said:
        qtbot.mouseClick(panel.export, Qt.MouseButton.LeftButton)
    assert said.args[0] == f"Exported 2 segments to {tmp_path / 'view.csv'}"
    with open(tmp_path / "view.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["start"], r["end"]) for r in rows] == [("0", "5"), ("10", "15")]
    # a target that cannot be written is a dialog, and nothing claims it was written
    monkeypatch.setattr(filedialogs, "get_save_file_name",
                        lambda *a, **k: (str(tmp_path / "missing" / "view.csv"), ""))
    with qtbot.waitSignal(window.session.problem) as problem:
        qtbot.mouseClick(panel.export, Qt.MouseButton.LeftButton)
    assert problem.args[1] is True
    # the user cancels the file dialog: nothing happens
    monkeypatch.setattr(filedialogs, "get_save_file_name", lambda *a, **k: ("", ""))
    with qtbot.assertNotEmitted(window.session.message):
        assert panel.export_csv() == 0
