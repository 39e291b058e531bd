"""Editing the canonical text: where spans go (core, hypothesis), and the store's edit and undo
with every coding moved exactly, in code points, on emoji, CJK, Urdu, combining marks, CRLF."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gwot_reader.core.errors import ConflictError
from gwot_reader.core.textedit import Effect, TextEdit, apply, effect, map_span, narrowed
from gwot_reader.store import Project

ALPHABET = "ab \n😀中文اردوé\u0301\r"
texts = st.text(alphabet=ALPHABET, min_size=1, max_size=40)


@st.composite
def text_edit_spans(draw):
    text = draw(texts)
    a = draw(st.integers(0, len(text)))
    b = draw(st.integers(a, len(text)))
    new = draw(st.text(alphabet=ALPHABET, max_size=6))
    spans = []
    for _ in range(draw(st.integers(0, 6))):
        s = draw(st.integers(0, len(text) - 1))
        e = draw(st.integers(s + 1, len(text)))
        spans.append((s, e))
    return text, TextEdit(a, b, new), spans


@given(text_edit_spans())
def test_spans_outside_the_edit_keep_their_text_and_the_rest_stay_valid(case):
    text, edit, spans = case
    after = apply(text, edit)
    assert len(after) == len(text) + edit.delta
    for s, e in spans:
        what = effect(edit, s, e)
        mapped = map_span(edit, s, e)
        if what is Effect.REMOVED:
            # it lay wholly in the replaced text, beyond the (shorter) replacement
            assert mapped is None and edit.start <= s and e <= edit.end
            assert len(edit.new) <= s - edit.start
            continue
        assert mapped is not None
        ns, ne = mapped
        assert 0 <= ns < ne <= len(after)
        if what in (Effect.UNCHANGED, Effect.MOVED):
            assert after[ns:ne] == text[s:e]
        if what is Effect.UNCHANGED:
            assert (ns, ne) == (s, e)
        if what is Effect.CHANGED:  # it overlaps the edit, or an insertion falls inside it
            assert s < edit.end and e > edit.start
            assert ns <= edit.start + len(edit.new) and ne >= min(edit.start, ns)


@given(text_edit_spans())
def test_narrowing_keeps_the_result_and_only_shrinks_the_edit(case):
    text, edit, _ = case
    small = narrowed(text, edit)
    assert apply(text, small) == apply(text, edit)
    assert edit.start <= small.start <= small.end <= edit.end
    assert small.delta == edit.delta


def test_insertions_at_a_boundary_stay_outside_and_inside_join():
    edit = TextEdit(5, 5, "XY")
    assert map_span(edit, 5, 9) == (7, 11)  # inserted at its start: before it
    assert map_span(edit, 1, 5) == (1, 5)  # at its end: after it
    assert map_span(edit, 2, 8) == (2, 10)  # inside: it grows
    assert effect(edit, 5, 9) is Effect.MOVED and effect(edit, 1, 5) is Effect.UNCHANGED


def test_a_paragraph_break_replaced_by_a_space():
    text = "denied the\n\noccurrence of strikes"
    a = text.index("\n\n")
    edit = narrowed(text, TextEdit(a - 3, a + 5, "the occ"))
    assert (edit.start, edit.end, edit.new) == (a, a + 2, " ")
    after = apply(text, edit)
    assert after == "denied the occurrence of strikes"
    s, e = map_span(edit, 0, len(text))  # type: ignore[misc]
    assert after[s:e] == after
    s, e = map_span(edit, text.index("occurrence"), text.index(" of"))  # type: ignore[misc]
    assert after[s:e] == "occurrence"


def test_narrowed_refuses_a_span_outside_the_text():
    with pytest.raises(ConflictError):
        narrowed("abc", TextEdit(2, 5, "x"))


# -- the store ---------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def shared(tmp_path_factory):
    project = Project.create(tmp_path_factory.mktemp("edits") / "edits.gwot", coder="tester")
    code = project.codebook.add("Theme", None)
    yield project, code.id
    project.close()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text_edit_spans())
def test_store_edit_moves_every_coding_and_undo_puts_back_every_row(shared, case):
    project, code_id = shared
    text, edit, spans = case
    doc = project.documents.add(f"doc {len(project.documents.all())}", text.replace("\r", ""))
    text = project.documents.text(doc.id)
    if edit.end > len(text):
        return
    made = [project.codings.add(doc.id, code_id, s, e) for s, e in spans if e <= len(text)]
    before = {c.id: c for c in project.codings.all(doc.id)}
    new = edit.new.replace("\r", "")
    try:
        done = project.text_edits.edit(doc.id, edit.start, edit.end, new)
    except ConflictError as exc:
        assert "changes nothing" in str(exc)
        assert apply(text, TextEdit(edit.start, edit.end, new)) == text
        return
    after = project.documents.text(doc.id)
    assert after == apply(text, TextEdit(edit.start, edit.end, new))
    assert project.documents.get(doc.id).length == len(after)
    small = done.edit
    for c in project.codings.all(doc.id):
        assert c.text == after[c.start:c.end] and c.start < c.end  # every quote is exact
        old = before[c.id]
        assert (c.start, c.end) == map_span(small, old.start, old.end)
    gone = set(before) - {c.id for c in project.codings.all(doc.id)}
    assert gone == {c.id for c in done.removed}
    project.text_edits.revert(done)
    assert project.documents.text(doc.id) == text
    assert {c.id: c for c in project.codings.all(doc.id)} == before
    assert len(made) == len(before)


def test_pdf_documents_are_refused_and_nothing_is_written(corpus_project):
    doc = corpus_project.documents.all()[0]
    corpus_project.db.execute(
        "INSERT INTO pdf_pages (document_id, page, width, height, start, \"end\") "
        "VALUES (?, 1, 10, 10, 0, 5)", (doc.id,))
    with pytest.raises(ConflictError, match="PDF"):
        corpus_project.text_edits.edit(doc.id, 0, 1, "x")


def test_runs_move_with_the_text(corpus_project):
    from gwot_reader.core.markup import Run

    p = corpus_project
    doc = p.documents.add("formatted", "Title\n\nSome bold text.",
                          runs=[Run(0, 5, "heading1"), Run(12, 16, "bold")])
    done = p.text_edits.edit(doc.id, 7, 7, "Intro. ")
    assert [(r.start, r.end, r.kind) for r in p.documents.runs(doc.id)] == [
        (0, 5, "heading1"), (19, 23, "bold")]
    assert p.documents.text(doc.id)[19:23] == "bold"
    p.text_edits.revert(done)
    assert [(r.start, r.end) for r in p.documents.runs(doc.id)] == [(0, 5), (12, 16)]


def test_revert_refuses_when_the_text_changed_since(corpus_project):
    p = corpus_project
    doc = p.documents.add("short", "one two three")
    done = p.text_edits.edit(doc.id, 4, 7, "2")
    p.text_edits.edit(doc.id, 4, 5, "II")
    with pytest.raises(ConflictError, match="changed since"):
        p.text_edits.revert(done)
    assert p.documents.text(doc.id) == "one II three"


def test_search_finds_the_edited_text(corpus_project):
    from gwot_reader.store.search import SearchIndex, SearchOptions

    p = corpus_project
    doc = p.documents.get("Safi 2023 - Pakistan-U.S. anti-terrorism dialogue")
    p.text_edits.edit(doc.id, 16, 16, "\n")
    index = SearchIndex(p.db)
    index.build()
    hits = list(index.search("Strategic", SearchOptions(document_ids=frozenset({doc.id}))))
    assert any(h.start == 17 for h in hits)
    entry = p.history.all(doc.guid)
    assert any(e.action == "edit_text" for e in entry)


@given(text_edit_spans(), st.data())
def test_position_maps_keep_order_and_stay_in_the_new_text(case, data):
    text, edit, _ = case
    after_len = len(text) + edit.delta
    from gwot_reader.core.textedit import map_end, map_start

    p = data.draw(st.integers(0, len(text)))
    q = data.draw(st.integers(p, len(text)))
    for fn in (map_start, map_end):
        assert 0 <= fn(edit, p) <= fn(edit, q) <= after_len
    # a start never lands after the end it pairs with
    assert map_start(edit, p) <= map_end(edit, q) or map_span(edit, p, q) is None
    # positions before the edit and from its end on are exact
    if q <= edit.start:  # an end at the edit's start stays; a start there moves past an
        assert map_end(edit, q) == q  # insertion (inserted text never joins a coding after it)
        assert map_start(edit, q) == (q + edit.delta if q == edit.start == edit.end else q)
    if p >= edit.end:
        assert map_start(edit, p) == p + edit.delta
