"""The Segments browser's reads (exchange.retrieval) against a brute-force reading of every
coding: any mix of pickers, with and without a query, and the rows behind a variable's or a
set's matrix row."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gwot_reader.core.codingquery import quote_ref
from gwot_reader.core.retrieval import SegmentFilter
from gwot_reader.core.variables import format_value
from gwot_reader.exchange.analysis import NO_VALUE, document_groups, is_group_rows
from gwot_reader.exchange.retrieval import Retrieval
from gwot_reader.store import Project

CODES = ["Themes/Trust deficit", "Themes/Buck-passing", "Actors/United States",
         "Actors/Pakistan (state)"]


@pytest.fixture(scope="module")
def project(tmp_path_factory, _corpus_template):
    """The corpus with codings of four codes by three coders, two sets and the corpus's
    variables (one document's kind removed, so "(no value)" occurs)."""
    import shutil

    path = tmp_path_factory.mktemp("retrieval") / "r.gwot"
    shutil.copy(_corpus_template, path)
    p = Project.open(path, coder="tester")
    docs = p.documents.all()
    coders = ["ann", "bob", "cy"]
    for i, d in enumerate(docs):
        for j, path_ in enumerate(CODES):
            code = p.codebook.get(path_)
            spans = [(d.id, (k * 37 + j * 11) % 400, (k * 37 + j * 11) % 400 + 15 + j * 5)
                     for k in range(i + j + 1)]
            p.codings.add_spans(code.id, spans, coder=coders[(i + j) % 3])
    p.sets.add("Odd", [d.id for d in docs[1::2]])
    p.sets.add("First", [docs[0].id])
    kind = p.variables.get("kind")
    p.variables.set_value(docs[-1].id, kind.id, None)
    yield p
    p.close()


def filters(p: Project):
    tree = p.codebook.tree()
    code_ids = [c.id for c in tree]
    doc_ids = [d.id for d in p.documents.all()]
    set_ids = [s.id for s in p.sets.all()]
    values = Retrieval(p).values("kind")
    return st.builds(
        SegmentFilter,
        codes=st.none() | st.frozensets(st.sampled_from(code_ids), min_size=1, max_size=3),
        children=st.booleans(),
        documents=st.none() | st.frozensets(st.sampled_from(doc_ids), min_size=1),
        coders=st.lists(st.sampled_from(["ann", "bob", "cy"]), max_size=2, unique=True).map(
            tuple),
        sets=st.none() | st.frozensets(st.sampled_from(set_ids), min_size=1),
        variable=st.just("kind"),
        values=st.none() | st.frozensets(st.sampled_from(values), min_size=1))


def brute(p: Project, f: SegmentFilter) -> list[tuple[int, int, int, int]]:
    """Every coding the pickers allow, by hand: (document, start, end, coding id), in document
    order, then by position."""
    tree = p.codebook.tree()
    table = p.variables.table()
    kind = p.variables.get("kind").id
    members = p.sets.memberships()
    codes = None
    if f.codes is not None:
        codes = set(f.codes) | ({c.id for code in f.codes for c in tree.descendants(code)}
                                if f.children else set())
    order = {d.id: i for i, d in enumerate(p.documents.all())}
    out = []
    for c in p.codings.all():
        value = table.get(c.document_id, {}).get(kind)
        label = NO_VALUE if value in (None, "") else format_value(value)
        if (codes is not None and c.code_id not in codes
                or f.documents is not None and c.document_id not in f.documents
                or f.coders and c.coder not in f.coders
                or f.sets is not None and not any(c.document_id in members[s] for s in f.sets)
                or f.values is not None and label not in f.values):
            continue
        out.append((c.document_id, c.start, c.end, c.id))
    return sorted(out, key=lambda s: (order[s[0]], s[1], s[2], s[3]))


@given(st.data())
@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_pickers_without_a_query_select_what_a_brute_force_reading_does(project, data):
    f = data.draw(filters(project))
    got = Retrieval(project).segments("", f)
    want = brute(project, f)
    assert [tuple(s) for s in got] == want
    assert len(got) == len(want)
    assert Retrieval.documents_in(got) == len({s[0] for s in want})


@given(st.data(), st.sampled_from(["|", "overlaps", "within", "-", "&"]),
       st.sampled_from(CODES), st.sampled_from(CODES))
@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_a_query_with_pickers_keeps_only_what_both_allow(project, data, op, a, b):
    f = data.draw(filters(project))
    r = Retrieval(project)
    expr = f"{quote_ref(a)} {op} {quote_ref(b)}"
    got = r.segments(expr, f)
    allowed = {s[3] for s in brute(project, f)}
    unfiltered = r.segments(expr, SegmentFilter(documents=r.allowed_documents(f),
                                                coders=f.coders))
    # regions made by & (no coding) pass the codes picker; codings must be allowed by it
    assert [s for s in got if s.coding_id] == [s for s in unfiltered
                                               if s.coding_id and s.coding_id in allowed]
    assert [s for s in got if not s.coding_id] == [s for s in unfiltered if not s.coding_id]
    docs = r.allowed_documents(f)
    assert docs is None or all(s.document_id in docs for s in got)


def test_rows_of_a_variable_come_in_value_order_with_no_value_last(project):
    labels, docs = document_groups(project, "variable:year")
    years = list(labels.values())
    assert years == sorted(years, key=int)  # numbers in number order, not text order
    assert sum(len(d) for d in docs.values()) == len(project.documents.all())
    labels, docs = document_groups(project, "variable:kind")
    assert list(labels.values())[-1] == NO_VALUE
    assert docs[len(labels) - 1] == [project.documents.all()[-1].id]
    labels, docs = document_groups(project, "sets")
    assert list(labels.values()) == ["Odd", "First"]
    assert is_group_rows("sets") and is_group_rows("variable:kind")
    assert not is_group_rows("codes")


def test_matrix_cells_of_set_rows_are_the_segments_the_pickers_list(project):
    r = Retrieval(project)
    m = r.matrix("sets", "codes", "codings")
    assert m.row_documents is not None
    for row in m.rows:
        for col in m.cols:
            f = SegmentFilter(codes=frozenset({col}), sets=frozenset({row}))
            assert m.cells.get((row, col), 0) == len(r.segments("", f))
    m = r.matrix("variable:kind", "coders", "documents")
    for row in m.rows:
        for col in m.cols:
            f = SegmentFilter(variable="kind", values=frozenset({m.row_labels[row]}),
                              coders=(m.col_labels[col],))
            assert m.cells.get((row, col), 0) == Retrieval.documents_in(r.segments("", f))


def test_the_pickers_lists(project):
    r = Retrieval(project)
    assert r.coders() == ["ann", "bob", "cy"]
    assert [name for _, name in r.documents()] == [d.name for d in project.documents.all()]
    assert [s.name for s in r.sets()] == ["Odd", "First"]
    assert {v.name for v in r.variables()} >= {"year", "kind", "venue"}
    choices = dict(r.code_choices())
    assert CODES[0] in choices.values() and "Themes" not in choices.values()
    doc = project.documents.all()[0]
    text = r.text(doc.id)
    i = text.index("U.S. ")
    row = (doc.id, doc.name, i + 5, i + 8, "", "", "", None)
    [(d, a, b)] = r.expand_hits([row, row], "sentence")  # the same hit twice: one span
    assert d == doc.id and a <= i < i + 8 <= b
