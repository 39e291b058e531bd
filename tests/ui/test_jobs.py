"""The job runner: work on its own thread and connection, endings on the GUI thread, Cancel."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton, QWidget

from gwot_reader.core.errors import GwotError
from gwot_reader.ui.jobs import JobRunner, start_job


@pytest.fixture
def host(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    return widget


def run(qtbot, runner, host, work, path=None):
    """Start ``work`` and wait for its ending; (done results, errors, the job, ending thread)."""
    done, errors, threads = [], [], []

    def on_done(result):
        threads.append(QThread.currentThread())
        done.append(result)

    def on_error(job, message):
        threads.append(QThread.currentThread())
        errors.append(message)

    job = runner.start(host, "Working", work, path, "tester", on_done, on_error)
    qtbot.waitUntil(lambda: job.handled, timeout=10000)
    return done, errors, job, threads


def test_the_work_runs_off_the_gui_thread_and_the_ending_on_it(qtbot, host):
    runner = JobRunner(host)
    seen = []
    done, errors, job, threads = run(qtbot, runner, host,
                                     lambda project, progress: seen.append(
                                         threading.current_thread()) or 42)
    assert done == [42] and errors == []
    assert seen[0] is not threading.main_thread()
    assert threads == [QApplication.instance().thread()]
    assert runner.jobs == [] and runner.last is job


def test_the_work_gets_its_own_connection_to_the_project(qtbot, host, corpus_project):
    runner = JobRunner(host)

    def work(project, progress):
        assert project is not corpus_project
        return project.path, len(project.documents.all())

    done, errors, _, _ = run(qtbot, runner, host, work, corpus_project.path)
    assert errors == []
    assert done == [(corpus_project.path, len(corpus_project.documents.all()))]


def test_progress_reaches_the_dialog(qtbot, host):
    runner = JobRunner(host)
    go = threading.Event()
    labels = []

    def work(project, progress):
        progress(3, 10, "third file")
        go.wait(5)
        return None

    job = runner.start(host, "Importing", work, None, "tester", lambda r: None,
                       lambda j, m: None)
    dialog = next(d for d in host.findChildren(QProgressDialog)
                  if d.property("title") == "Importing")
    qtbot.waitUntil(lambda: dialog.value() == 3, timeout=5000)
    labels.append(dialog.labelText())
    assert dialog.maximum() == 10
    go.set()
    qtbot.waitUntil(lambda: job.handled, timeout=5000)
    assert labels == ["Importing: third file"]


def test_cancel_makes_progress_say_stop_and_the_work_ends_early(qtbot, host):
    runner = JobRunner(host)
    started = threading.Event()
    steps = []

    def work(project, progress):
        started.set()
        for i in range(10_000):
            if not progress(i, 10_000, ""):
                return "cancelled"
            steps.append(i)
            QThread.msleep(1)
        return "finished"

    done = []
    job = runner.start(host, "Long", work, None, "tester", done.append, lambda j, m: None)
    started.wait(5)
    dialog = next(d for d in host.findChildren(QProgressDialog) if d.property("title") == "Long")
    dialog.findChild(QPushButton).click()  # the dialog's Cancel button
    qtbot.waitUntil(lambda: job.handled, timeout=10000)
    assert job.cancelled and done == ["cancelled"] and len(steps) < 10_000


@pytest.mark.parametrize("error, says", [
    (GwotError("the file is not a project"), "the file is not a project"),
    (FileNotFoundError(2, "No such file or directory", "/nowhere/x.csv"),
     "No such file or directory: /nowhere/x.csv"),
])
def test_user_errors_come_back_as_one_line(qtbot, host, error, says):
    runner = JobRunner(host)

    def work(project, progress):
        raise error

    done, errors, job, threads = run(qtbot, runner, host, work)
    assert done == [] and errors == [says] and job.error == says
    assert threads == [QApplication.instance().thread()]


def test_a_bug_in_the_work_is_told_plainly_and_printed_for_a_report(qtbot, host, capsys):
    runner = JobRunner(host)

    def work(project, progress):
        return {}["missing"]

    _, errors, _, _ = run(qtbot, runner, host, work)
    assert errors == ["Something went wrong (KeyError: 'missing'); nothing was changed"]
    assert "Traceback" in capsys.readouterr().err


def test_the_progress_dialog_goes_once_the_job_ends(qtbot, host):
    runner = JobRunner(host)
    _, _, job, _ = run(qtbot, runner, host, lambda project, progress: None)
    qtbot.waitUntil(lambda: not any(d.property("title") == "Working" and d.isVisible()
                                    for d in host.findChildren(QProgressDialog)), timeout=5000)
    assert job.isFinished()


def test_cancel_all_stops_and_waits_for_every_job(qtbot, host):
    runner = JobRunner(host)
    started = threading.Barrier(3)

    def work(project, progress):
        started.wait(5)
        while progress(0, 0, ""):
            QThread.msleep(2)
        return None

    jobs = [runner.start(host, f"Job {i}", work, None, "tester", lambda r: None,
                         lambda j, m: None) for i in range(2)]
    started.wait(5)
    runner.cancel_all()
    assert all(j.cancelled and j.isFinished() for j in jobs)
    qtbot.waitUntil(lambda: all(j.handled for j in jobs), timeout=5000)


def test_start_job_for_a_widget_outside_the_session(qtbot, host):
    results, errors = [], []
    job = start_job(host, "Alone", lambda project, progress: "ok", None, "tester",
                    results.append, errors.append)
    qtbot.waitUntil(lambda: job.handled, timeout=5000)
    assert results == ["ok"] and errors == []
    job = start_job(host, "Alone", lambda project, progress: (_ for _ in ()).throw(
        GwotError("refused")), None, "tester", results.append, errors.append)
    qtbot.waitUntil(lambda: job.handled, timeout=5000)
    assert errors == ["refused"]
