"""Backups before a merge or an import, and restores, run off the GUI thread; the action waits."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QPushButton

from gwot_reader.store import backup as backups
from gwot_reader.ui import backup_first as backup_first_module

pytestmark = pytest.mark.filterwarnings("ignore:Function.*QD:DeprecationWarning")
DATA = Path(__file__).parents[1] / "data"


class _Ticker(QObject):
    """A GUI-thread timer whose ticks a worker thread can wait for."""

    ticked = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.seen = threading.Event()
        self.timer = QTimer(self, interval=5)
        self.timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        self.seen.set()
        self.ticked.emit()


@pytest.fixture
def gated(monkeypatch):
    """backup_now made to wait, inside the job's thread, until the GUI thread has handled a
    timer tick: with a backup on the GUI thread that tick could never come (and the wait
    would time out). Records the order of events."""
    order: list[str] = []
    ticker = _Ticker()
    real = backups.backup_now

    def waiting(*args, **kwargs):
        order.append("backup starts")
        assert ticker.seen.wait(20), "the GUI thread did not run while the backup ran"
        order.append("GUI thread ran")
        written = real(*args, **kwargs)
        order.append("backup done")
        return written

    monkeypatch.setattr(backup_first_module.backup, "backup_now", waiting)
    ticker.order = order
    yield ticker
    ticker.timer.stop()


@pytest.fixture
def editor(window):
    ed = window.codebook_editor
    ed.confirm = lambda title, text: True
    return ed


def reasons(project) -> list[str]:
    return [b.reason for b in backups.list_backups(project.guid, project.path.stem)]


def merge_setup(window, editor):
    p = window.project
    trust = p.codebook.get("Themes/Trust deficit").id
    double = p.codebook.get("Themes/Double game").id
    p.codings.add(2, double, 5, 30)
    editor.select(double)
    editor.ask_target = lambda code: trust
    return p, double, trust


def test_the_backup_before_a_merge_leaves_the_gui_thread_free_and_the_merge_follows(
        qtbot, window, editor, gated):
    p, double, trust = merge_setup(window, editor)
    window.session.codebookChanged.connect(lambda _ids: gated.order.append("merged"))
    job = editor.merge()
    assert job is not None
    assert p.codebook.find(double) is not None  # not merged before its backup is done
    gated.timer.start()
    with qtbot.waitSignal(gated.ticked, timeout=10000):  # the GUI thread handles events
        pass
    qtbot.waitUntil(lambda: job.handled, timeout=20000)
    assert gated.order[:3] == ["backup starts", "GUI thread ran", "backup done"]
    assert gated.order[3:] and set(gated.order[3:]) == {"merged"}
    assert p.codebook.find(double) is None
    assert editor.current().id == trust
    # one backup, taken by the job: the store's own found the state backed up
    assert reasons(p) == ["before-merge"]
    assert p.db.backed_up is None  # used up by the merge it was taken for


def test_the_merge_is_one_undo_step_and_its_redo_takes_no_second_backup(qtbot, window, editor):
    p, double, _trust = merge_setup(window, editor)
    job = editor.merge()
    qtbot.waitUntil(lambda: job.handled, timeout=20000)
    stack = window.session.undo_stack
    assert stack.count() == 1 and p.codebook.find(double) is None
    stack.undo()
    assert p.codebook.find(double) is not None
    stack.redo()  # on the GUI thread, at once: no backup to wait for
    assert p.codebook.find(double) is None
    assert reasons(p) == ["before-merge"]


def test_cancelling_the_backup_cancels_the_merge(qtbot, window, editor, monkeypatch):
    p, double, _trust = merge_setup(window, editor)
    said = []
    window.session.message.connect(lambda text, _ms: said.append(text))
    started = threading.Event()
    release = threading.Event()
    real = backups.backup_now

    def slow(*args, **kwargs):
        started.set()
        assert release.wait(20)
        return real(*args, **kwargs)

    monkeypatch.setattr(backup_first_module.backup, "backup_now", slow)
    job = editor.merge()
    assert started.wait(20)
    dialogs = [d for d in window.findChildren(QProgressDialog) if d.property("title")
               == "Backing up before the merge"]
    assert len(dialogs) == 1
    button = next(b for b in dialogs[0].findChildren(QPushButton) if b.text() == "Cancel")
    button.click()
    release.set()
    qtbot.waitUntil(lambda: job.handled, timeout=20000)
    assert job.cancelled and "Cancelled" in said[-1]
    assert p.codebook.find(double) is not None and window.session.undo_stack.count() == 0
    assert reasons(p) == []
    folder = backups.backup_folder(p.guid, p.path.stem)
    assert not list(folder.glob("*.part")) and not list(folder.glob(".*.part"))


def test_a_failed_backup_stops_the_merge_and_says_why(qtbot, window, editor, monkeypatch):
    p, double, _trust = merge_setup(window, editor)
    problems = []
    window.session.problem.connect(lambda text, _dialog: problems.append(text))

    def full(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backup_first_module.backup, "backup_now", full)
    job = editor.merge()
    qtbot.waitUntil(lambda: job.handled, timeout=20000)
    assert problems and "No space left" in problems[-1]
    assert p.codebook.find(double) is not None


def test_a_write_during_the_backup_means_another_backup_before_the_merge(
        qtbot, window, editor, monkeypatch):
    p, double, _trust = merge_setup(window, editor)
    real = backups.backup_now
    calls = []

    def and_a_write(*args, **kwargs):
        calls.append(1)
        written = real(*args, **kwargs)
        if len(calls) == 1:  # another program codes while the first copy is made
            from gwot_reader.store import Project

            other = Project.open(p.path, coder="someone else")
            other.codings.add(3, other.codebook.get("Actors/India").id, 0, 10)
            other.close()
        return written

    monkeypatch.setattr(backup_first_module.backup, "backup_now", and_a_write)
    job = editor.merge()
    qtbot.waitUntil(lambda: job.handled, timeout=20000)
    qtbot.waitUntil(lambda: p.codebook.find(double) is None, timeout=20000)
    assert len(calls) == 2  # the second copy holds the other program's coding too
    assert reasons(p) == ["before-merge", "before-merge"]


def test_a_codebook_import_backs_up_once_with_progress_then_imports(qtbot, window, editor,
                                                                    tmp_path):
    p = window.project
    csv = tmp_path / "cb.csv"
    csv.write_text("code,definition\nThemes/Brand new,A code from the file\n", encoding="utf-8")
    editor.show_report = lambda *_a: None
    job = editor.import_codebook(csv)
    qtbot.waitUntil(lambda: job.handled, timeout=20000)
    assert p.codebook.get("Themes/Brand new").definition == "A code from the file"
    # taken by the job with its progress; the importer's own found it made
    assert reasons(p) == ["before-codebook-import"]


def test_restore_runs_as_a_job_and_a_cancelled_one_leaves_no_file(qtbot, window, tmp_path,
                                                                 monkeypatch):
    p = window.project
    backups.backup_now(p.path, "manual")
    dialog = window.backups.restore_dialog()
    target = tmp_path / "restored.gwot"
    seen = []
    real = backups.restore

    def watched(source, into, progress=None):
        seen.append(threading.current_thread() is threading.main_thread())
        return real(source, into, lambda done, total: False)  # Cancel at the first step

    monkeypatch.setattr("gwot_reader.ui.backups.backup.restore", watched)
    job = dialog.restore_selected(target, open_it=False)
    qtbot.waitUntil(lambda: job.handled, timeout=20000)
    assert seen == [False]  # off the GUI thread
    assert job.cancelled is False and "cancelled" in job.error
    assert not target.exists() and not list(tmp_path.glob(".*.part"))
    assert dialog.restored is None and window.project is p
    monkeypatch.setattr("gwot_reader.ui.backups.backup.restore", real)
    job = dialog.restore_selected(target, open_it=False)
    qtbot.waitUntil(lambda: job.handled, timeout=20000)
    assert dialog.restored == target and target.exists()
    assert window.project is p  # not opened: the user said no


def test_save_a_copy_onto_an_existing_file_says_why_and_keeps_it(qtbot, window, tmp_path):
    problems = []
    window.session.problem.connect(lambda text, dialog: problems.append((text, dialog)))
    taken = tmp_path / "taken.gwot"
    taken.write_bytes(b"somebody's file")
    job = window.backups.save_copy_as(taken)
    qtbot.waitUntil(lambda: bool(problems), timeout=10000)
    assert job.isFinished() or job.wait(5000)
    assert "already exists" in problems[0][0] and problems[0][1] is True
    assert taken.read_bytes() == b"somebody's file"


def test_the_restore_dialog_of_a_project_without_backups(window):
    dialog = window.backups.restore_dialog()
    assert dialog.table.rowCount() == 0 and not dialog.restore_button.isEnabled()
    assert dialog.restore_selected() is None  # nothing chosen: nothing asked, no job
    dialog.reject()


def test_the_restore_dialog_lists_backups_newest_first_with_their_counts(qtbot, window):
    p = window.project
    first = backups.backup_now(p.path, "manual")
    p.codings.add(1, p.codebook.get("Actors/India").id, 0, 9)
    second = backups.backup_now(p.path, "before-merge")
    dialog = window.backups.restore_dialog()
    assert [b.path for b in dialog.found] == [second, first]
    rows = [[dialog.table.item(r, c).text() for c in range(4)] for r in range(2)]
    assert [r[1:] for r in rows] == [["before merge", "5", "1"], ["manual", "5", "0"]]
    assert dialog.table.selectionModel().selectedRows()[0].row() == 0  # the newest, chosen
    dialog.reject()

