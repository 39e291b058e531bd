"""The worker thread that reads span indexes, and the pane area that waits for it: answers on
the GUI thread, failures said in one line, stale requests skipped, bulk changes read again."""

from __future__ import annotations

import threading

import pytest

from gwot_reader.core.spans import Span, SpanIndex
from gwot_reader.ui import panes as panes_module
from gwot_reader.ui.spanloader import SpanLoader


@pytest.fixture
def loader(qtbot):
    made = SpanLoader()
    yield made
    made.stop()


def test_an_answer_arrives_on_the_gui_thread_with_its_token(qtbot, loader):
    threads: list[str] = []

    def reader(doc: int) -> SpanIndex:
        threads.append(threading.current_thread().name)
        return SpanIndex([Span(doc, 0, 5, 1)])

    with qtbot.waitSignal(loader.loaded, timeout=5000) as got:
        token = loader.request(7, reader)
    answer_token, doc, index = got.args
    assert (answer_token, doc) == (token, 7) and [s.id for s in index] == [7]
    assert threads == ["span-loader"]  # read off the GUI thread
    assert index.lanes == {7: 0}  # the margin's lanes stacked there too


def test_a_failure_is_one_line_not_an_exception(qtbot, loader):
    def reader(_doc: int) -> SpanIndex:
        raise OSError("the disk went away")

    with qtbot.waitSignal(loader.failed, timeout=5000) as got:
        token = loader.request(3, reader)
    assert got.args == [token, 3, "the disk went away"]


def test_a_request_nobody_waits_for_any_more_is_skipped(qtbot, loader):
    gate = threading.Event()
    read: list[int] = []

    def slow(doc: int) -> SpanIndex:
        gate.wait(5)
        read.append(doc)
        return SpanIndex()

    loader.request(1, slow)  # the worker is busy with this one...
    loader.request(2, slow)
    loader.forget(2)  # ...while the user moved on
    loader.request(3, slow)
    first = loader.request(4, slow)
    second = loader.request(4, slow)  # asked twice: only the newest is read
    tokens: list[int] = []
    loader.loaded.connect(lambda token, _doc, _index: tokens.append(token))
    gate.set()
    qtbot.waitUntil(lambda: len(tokens) == 3, timeout=5000)
    assert read == [1, 3, 4] and first not in tokens and second in tokens


# -- the pane area --------------------------------------------------------------------------------
@pytest.fixture
def async_reads(monkeypatch):
    monkeypatch.setattr(panes_module, "READ_AT_ONCE", 0)


def coded_document(project, n: int) -> int:
    doc = project.documents.all()[2]
    code = next(c for c in project.codebook.all() if not c.is_category)
    text = project.documents.text(doc.id)
    project.codings.add_spans(code.id, [(doc.id, i % (len(text) - 30), i % (len(text) - 30) + 20)
                                        for i in range(n)])
    return doc.id


def test_a_bulk_change_reads_each_shown_document_once(qtbot, window, corpus_project, monkeypatch):
    doc = coded_document(corpus_project, 50)
    left, right = window.area.panes
    window.area.open_document(left, doc)
    window.area.open_document(right, doc)
    reads: list[int] = []
    real = window.session.span_index
    monkeypatch.setattr(window.session, "span_index", lambda d: (reads.append(d), real(d))[1])
    code = next(c for c in corpus_project.codebook.all() if not c.is_category)
    text = corpus_project.documents.text(doc)
    made = corpus_project.codings.add_spans(  # more than BULK at once: panes read again
        code.id, [(doc, i, i + 10) for i in range(0, 10 * (panes_module.BULK + 5), 10)
                  if i + 10 <= len(text)])
    assert len(made) > panes_module.BULK
    total = 50 + len(made)
    assert len(left.view.codings()) == total and len(right.view.codings()) == total
    assert reads.count(doc) <= 2  # the panes once, the annotation pane at most once more
    left.view.remove_codings([made[0].id])  # each pane holds its own copy
    assert len(right.view.codings()) == total


def test_a_bulk_change_while_reading_asks_again(qtbot, window, corpus_project, async_reads):
    doc = coded_document(corpus_project, 30)
    pane = window.area.panes[0]
    window.area.open_document(pane, doc)
    assert window.area.is_loading(pane)
    token = window.area._pending[pane].token
    window.session.reload()  # "everything may have changed" (a job, another program)
    assert window.area._pending[pane].token != token  # asked again, after the change
    assert window.area.wait_loaded(10_000)
    assert len(pane.view.codings()) == 30


def test_a_failed_read_is_said_in_the_status_bar(qtbot, window, corpus_project, async_reads,
                                                monkeypatch):
    def broken():
        def read(_doc: int) -> SpanIndex:
            raise OSError("no such file")
        return read

    monkeypatch.setattr(window.session, "span_reader", broken)
    messages: list[str] = []
    window.area.status.connect(lambda text, _ms: messages.append(text))
    pane = window.area.panes[0]
    window.area.open_document(pane, coded_document(corpus_project, 5))
    qtbot.waitUntil(lambda: not window.area.is_loading(pane), timeout=5000)
    assert messages == ["The codings could not be read: no such file"]
    assert pane.view.text() and pane.view.codings() == []


def test_another_project_forgets_what_was_loaded(qtbot, window, corpus_project, async_reads,
                                                tmp_path):
    import sqlite3

    from gwot_reader.store import Project

    pane = window.area.panes[0]
    first = pane.document_id
    window.area.open_document(pane, coded_document(corpus_project, 5))
    assert window.area.loaded_spans(first) is not None  # kept for switching back
    assert window.area.is_loading(pane)
    copy = tmp_path / "other.gwot"
    target = sqlite3.connect(copy)  # SQLite's backup: never open() a file we hold (locks)
    corpus_project.db.conn.backup(target)
    target.close()
    other = Project.open(copy)
    window.set_project(other, restore=False)  # the same document ids, another file
    assert all(not window.area.is_loading(p) for p in window.area.panes)
    assert not window.area._recent  # nothing from the old project is taken for the new one
    window.session.detach()
    other.close()


def test_the_session_reads_nothing_without_a_project(qtbot):
    from gwot_reader.ui.session import ProjectSession

    session = ProjectSession()
    assert len(session.span_index(1)) == 0 and session.span_reader() is None
    assert session.records([1, 2]) == [] and len(session.small_span_index(1, 10)) == 0
