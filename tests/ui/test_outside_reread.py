"""Codings changed by another program (noticed by ``PRAGMA data_version``): a big document's
are read again on the worker thread, as on switching, never on the GUI thread; the panes keep
showing what they had until then; one read serves every pane on the document (issue 16).
Driven through the real window, the change made by a second connection to the file."""

from __future__ import annotations

import pytest
import test_switching  # tests/ui is on sys.path

from gwot_reader.store import Project

choose = test_switching.choose
async_reads, hard_doc = test_switching.async_reads, test_switching.hard_doc  # fixtures


def code_elsewhere(project: Project, document_id: int, n: int) -> list[int]:
    """``n`` codings added to a document by another connection (another program)."""
    with Project.open(project.path, coder="someone else") as other:
        code = next(c for c in other.codebook.all() if not c.is_category)
        text = other.documents.text(document_id)
        made = other.codings.add_spans(code.id, [(document_id, i, i + 6)
                                                 for i in range(0, 6 * n, 6) if i + 6 <= len(text)])
    return [c.id for c in made]


@pytest.fixture
def gui_reads(window, monkeypatch) -> list[int]:
    """Documents whose codings the GUI thread reads whole (the worker's reads not counted)."""
    reads: list[int] = []
    real = window.session.span_index
    monkeypatch.setattr(window.session, "span_index", lambda d: (reads.append(d), real(d))[1])
    return reads


def loaded(qtbot, window, pane) -> None:
    qtbot.waitUntil(lambda: not window.area.is_loading(pane), timeout=10_000)


def test_a_big_document_changed_elsewhere_is_read_again_on_the_worker(
        qtbot, window, corpus_project, hard_doc, async_reads, gui_reads, worker_reads):
    area = window.area
    pane = area.panes[0]
    area.set_focused(pane)
    choose(pane, hard_doc)
    loaded(qtbot, window, pane)
    before = [c.id for c in pane.view.codings()]
    assert len(before) == 300 and window.annotations_model.ids() == before
    made = code_elsewhere(corpus_project, hard_doc, 40)
    assert window.session.check_outside_changes()
    # the worker reads; meanwhile the pane and the annotation rows show what they had
    assert area.is_loading(pane) and area.is_reading(hard_doc)
    assert [c.id for c in pane.view.codings()] == before
    assert window.annotations_model.ids() == before
    with qtbot.waitSignal(area.codingsLoaded, timeout=10_000):
        pass
    now = {c.id for c in pane.view.codings()}
    assert now == set(before) | set(made)
    assert set(window.annotations_model.ids()) == now
    assert gui_reads == [] and worker_reads == [hard_doc, hard_doc]  # opened, then read again


def test_panes_on_one_big_document_share_the_read_and_keep_their_own_copies(
        qtbot, window, corpus_project, hard_doc, async_reads, worker_reads):
    area = window.area
    left, right = area.panes
    choose(left, hard_doc)
    choose(right, hard_doc)  # while the left one is still being read: the same read
    loaded(qtbot, window, left)
    loaded(qtbot, window, right)
    assert worker_reads == [hard_doc]
    made = code_elsewhere(corpus_project, hard_doc, 10)
    window.session.check_outside_changes()
    assert area.is_loading(left) and area.is_loading(right)
    loaded(qtbot, window, left)
    loaded(qtbot, window, right)
    assert worker_reads == [hard_doc, hard_doc]
    assert len(left.view.codings()) == len(right.view.codings()) == 300 + len(made)
    left.view.remove_codings([made[0]])
    assert made[0] in [c.id for c in right.view.codings()]
    assert left.view.span_index() is not right.view.span_index()


def test_a_coding_made_while_the_reread_runs_is_kept(qtbot, window, corpus_project, hard_doc,
                                                     async_reads):
    area = window.area
    pane = area.panes[0]
    area.set_focused(pane)
    choose(pane, hard_doc)
    loaded(qtbot, window, pane)
    code_elsewhere(corpus_project, hard_doc, 5)
    window.session.check_outside_changes()
    assert area.is_loading(pane)
    text = pane.view.text()
    start = text.index("Waziristan")
    pane.view.select_span(start, start + 10)
    code = corpus_project.codebook.get("Themes/Trust deficit")
    window.coding.apply_code(code.id)  # coded before the worker's answer arrived
    made = next(c for c in corpus_project.codings.all(hard_doc) if c.code_id == code.id)
    loaded(qtbot, window, pane)
    ids = [c.id for c in pane.view.codings()]
    assert ids.count(made.id) == 1 and len(ids) == 306
    assert window.annotations_model.row_of(made.id) >= 0


def test_a_small_document_changed_elsewhere_is_read_at_once(qtbot, window, corpus_project,
                                                            gui_reads, worker_reads):
    area = window.area
    pane = area.panes[0]
    doc = pane.document_id
    made = code_elsewhere(corpus_project, doc, 3)
    window.session.check_outside_changes()
    assert not area.is_loading(pane)  # no worker for a handful of codings: no delay
    assert set(made) <= {c.id for c in pane.view.codings()}
    assert worker_reads == []
