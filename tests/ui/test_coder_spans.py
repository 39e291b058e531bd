"""The coder filter on the span index (issues 16 and teams): after a switch of documents whose
codings a worker read, a pane's Coders choice shows exactly that coder's codings, in the
view, its stripes, its tooltips and the annotation pane; driven through the real window."""

from __future__ import annotations

import pytest
from test_switching import HARD_TEXT, async_reads, choose, open_in_first_pane  # noqa: F401

from gwot_reader.exchange.textimport import import_file
from gwot_reader.ui.docview.tooltips import tooltip_html
from gwot_reader.ui.teams.coder_filter import ALL, ME, ONE, CoderChoice

CODERS = ("Ayesha", "Bilal", "陳")  # a CJK name too: names are compared as text


@pytest.fixture
def two_docs(corpus_project, tmp_path):
    """The hard text (emoji, CJK, Urdu, combining marks, CRLF) and a corpus document, each
    coded by three coders in turn at overlapping spans; (hard id, other id)."""
    path = tmp_path / "hard.txt"
    path.write_text(HARD_TEXT, encoding="utf-8", newline="")
    hard, _ = import_file(corpus_project, path)
    other = corpus_project.documents.all()[0]
    code = next(c for c in corpus_project.codebook.all() if not c.is_category)
    for doc in (hard.id, other.id):
        length = len(corpus_project.documents.text(doc))
        for i in range(60):
            start = i * 11 % (length - 50)
            corpus_project.codings.add(doc, code.id, start, start + 3 + i % 40,
                                       coder=CODERS[i % 3])
    return hard.id, other.id


def by_coder(project, doc: int, coders) -> list[int]:
    """The ids of ``coders``' codings of ``doc`` in text order, from the database."""
    return [c.id for c in project.codings.all(doc) if coders is None or c.coder in coders]


@pytest.mark.parametrize("coder", CODERS)
def test_one_coder_after_a_worker_loaded_switch_shows_exactly_their_codings(
        qtbot, window, corpus_project, two_docs, async_reads, coder):  # noqa: F811
    hard, other = two_docs
    area = window.area
    pane = open_in_first_pane(window, other)
    qtbot.waitUntil(lambda: not area.is_loading(pane), timeout=10_000)
    window.coder_filter.apply(pane, CoderChoice(ONE, coder))
    choose(pane, hard)
    assert area.is_loading(pane)  # read on the worker thread
    qtbot.waitUntil(lambda: not area.is_loading(pane), timeout=10_000)
    view = pane.view.text_view
    expected = by_coder(corpus_project, hard, {coder})
    assert len(expected) == 20
    assert [c.id for c in view.shown_codings()] == expected
    assert {c.coder for c in view.shown_codings()} == {coder}
    assert len(view.codings()) == 60  # the view holds everyone's: the filter only hides
    assert window.annotations_model.ids() == expected
    # what is painted: the stripes on screen are this coder's only, named in their tooltip
    view.margin().repaint()
    striped = [s.coding for s in view.margin().stripes]
    assert striped and {c.coder for c in striped} == {coder}
    assert f"by {coder}" in tooltip_html(striped[:1], view.text_edit().codings)
    # and back to everyone, still on the switched-to document
    window.coder_filter.apply(pane, CoderChoice(ALL))
    assert [c.id for c in view.shown_codings()] == by_coder(corpus_project, hard, None)
    assert window.annotations_model.ids() == by_coder(corpus_project, hard, None)


def test_only_me_follows_my_new_codings_and_a_rename(qtbot, window, corpus_project, two_docs,
                                                     async_reads):  # noqa: F811
    """My first coding (a coder the worker's coder table did not have) is shown under "only
    me"; renaming another coder re-reads the index with the new name."""
    hard, other = two_docs
    window.identity.set_name("Dana")
    area = window.area
    pane = open_in_first_pane(window, other)
    qtbot.waitUntil(lambda: not area.is_loading(pane), timeout=10_000)
    window.coder_filter.apply(pane, CoderChoice(ME))
    choose(pane, hard)
    view = pane.view.text_view
    text = view.text()
    start = text.index("پاکستان")
    view.select_span(start, start + 7)  # coded while the worker still reads
    code = corpus_project.codebook.get("Themes/Trust deficit")
    window.coding.apply_code(code.id)
    qtbot.waitUntil(lambda: not area.is_loading(pane), timeout=10_000)
    mine = by_coder(corpus_project, hard, {"Dana"})
    assert len(mine) == 1
    assert [c.id for c in view.shown_codings()] == mine
    assert window.annotations_model.ids() == mine
    assert window.annotations_model.codings()[0].text == "پاکستان"
    # another coder renamed: one coder's filter by the new name finds their codings
    window.coder_filter.apply(pane, CoderChoice(ONE, "Bilal"))
    bilal = by_coder(corpus_project, hard, {"Bilal"})
    corpus_project.coders.rename("Bilal", "Bilal K.")
    window.session.check_outside_changes()  # a big document: read again on the worker
    qtbot.waitUntil(lambda: not area.is_loading(pane), timeout=10_000)
    window.coder_filter.apply(pane, CoderChoice(ONE, "Bilal K."))
    assert [c.id for c in view.shown_codings()] == bilal
    assert {c.coder for c in view.codings()} == {"Ayesha", "Bilal K.", "陳", "Dana"}
    assert window.annotations_model.ids() == bilal
