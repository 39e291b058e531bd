"""The session's closing and replacing of projects, as the views see it: the order of the
signals, what is still readable while closing, jobs stopped, actions given back exactly."""

from __future__ import annotations

from gwot_reader.store import Project
from gwot_reader.ui.session import ProjectSession


def test_closing_emits_closing_while_the_project_is_readable_then_replaced(qtbot,
                                                                          corpus_project):
    session = ProjectSession()
    session.set_project(corpus_project)
    seen = []
    session.projectClosing.connect(
        lambda: seen.append(("closing", session.project.stats()["documents"])))
    session.projectReplaced.connect(lambda: seen.append(("replaced", session.project)))
    session.close_project()
    assert seen == [("closing", 5), ("replaced", None)]
    assert session.codebook.by_id == {} and session.code_paths == {}
    assert not session.check_outside_changes()  # nothing to poll
    seen.clear()
    session.close_project()  # a second close: nothing happens
    assert seen == []


def test_replacing_keeps_a_project_given_again_open(qtbot, corpus_project):
    session = ProjectSession()
    session.set_project(corpus_project)
    session.set_project(corpus_project)  # the same object: it must stay open
    assert corpus_project.stats()["documents"] == 5
    session.detach()


def test_closing_in_the_window_stops_running_jobs(window, qtbot):
    import threading

    started, release = threading.Event(), threading.Event()

    def work(_project, _progress):
        started.set()
        release.wait(5)
        return None

    job = window.session.run_job(window, "Waiting", work, lambda _r: None, writes=False)
    assert started.wait(5)
    release.set()
    window.files.close_project()
    assert not job.isRunning()
    assert window.session.project is None


def test_actions_come_back_as_they_were(window, qtbot, tmp_path):
    undo = window.menus.act_undo
    assert not undo.isEnabled()  # nothing to undo yet
    recent = window.documents_ui.recent_menu.menuAction()
    window.files.close_project()
    assert recent.isEnabled() and window.menus.act_quit.isEnabled()
    assert not window.documents_ui.act_edit_text.isEnabled()
    other = Project.create(tmp_path / "other.gwot", coder="tester")
    window.set_project(other)
    assert window.documents_ui.act_edit_text.isEnabled()
    assert not undo.isEnabled()  # the undo stack's own state, not forced on
    assert window.no_project.label.isHidden()
