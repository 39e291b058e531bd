"""The analysis reads and bulk writes against SQLite: case-sensitive boolean search against a
brute-force reading, bulk removal and its undo, and the Retrieval the window's docks use
(pickers and matrices by sets and variables) against counting the segments CSV."""

from __future__ import annotations

import csv
import re
from itertools import product

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gwot_reader.core.errors import ConflictError, NotFoundError
from gwot_reader.core.retrieval import SegmentFilter
from gwot_reader.core.searchquery import SearchOptions
from gwot_reader.exchange.analysis import matrix_table
from gwot_reader.exchange.retrieval import Retrieval
from gwot_reader.store import Project
from gwot_reader.store.search import SearchIndex
from tests.analysis_data import code_two_coders

# -- NOT (and AND) with the case kept ----------------------------------------------------------

WORDS = ["trust", "Trust", "TRUST", "taliban", "Taliban", "gap"]
DOCS = [" ".join(ws) for ws in product(["trust", "Trust", "gap"], ["taliban", "Taliban", "gap"])]


@pytest.fixture(scope="module")
def words_project(tmp_path_factory):
    project = Project.create(tmp_path_factory.mktemp("words") / "w.gwot", coder="t")
    for i, text in enumerate(DOCS):
        project.documents.add(f"d{i}", text)
    yield project
    project.close()


def tree_st():
    leaf = st.sampled_from(WORDS)
    return st.recursive(leaf, lambda sub: st.tuples(st.sampled_from(["AND", "OR", "NOT"]),
                                                    sub, sub), max_leaves=4)


def text_of(node) -> str:
    return node if isinstance(node, str) else f"({text_of(node[1])} {node[0]} {text_of(node[2])})"


def holds(node, words: list[str], case: bool) -> bool:
    if isinstance(node, str):
        return any((w == node) if not case else w.lower() == node.lower() for w in words)
    a, b = holds(node[1], words, case), holds(node[2], words, case)
    return {"AND": a and b, "OR": a or b, "NOT": a and not b}[node[0]]


def positive(node) -> list[str]:
    if isinstance(node, str):
        return [node]
    return positive(node[1]) + ([] if node[0] == "NOT" else positive(node[2]))


@given(tree_st(), st.booleans())
@settings(max_examples=150, deadline=None)
def test_boolean_search_matches_a_brute_force_reading(words_project, node, fold_case):
    found = list(SearchIndex(words_project.db).search(
        text_of(node), SearchOptions(fold_case=fold_case)))
    names = {d.id: d.name for d in words_project.documents.all()}
    for i, text in enumerate(DOCS):
        words = text.split()
        hits = {(h.start, h.end) for h in found if names[h.document_id] == f"d{i}"}
        if not holds(node, words, fold_case):
            assert not hits, (text, text_of(node))
            continue
        want = {(m.start(), m.end()) for w in positive(node)
                for m in re.finditer(rf"\b{w}\b", text, 0 if not fold_case else re.I)}
        assert hits == want, (text, text_of(node))


def test_not_keeps_documents_whose_excluded_word_differs_in_case(words_project):
    opts = SearchOptions(fold_case=False)
    docs = {h.document_id for h in SearchIndex(words_project.db).search("Trust NOT Taliban",
                                                                        opts)}
    names = sorted(d.name for d in words_project.documents.all() if d.id in docs)
    assert names == ["d3", "d5"]  # "Trust taliban" and "Trust gap"


# -- bulk removal ------------------------------------------------------------------------------

def test_remove_many_is_one_delete_one_notice_and_comes_back_the_same(corpus_project):
    p = corpus_project
    doc = p.documents.all()[0]
    code = p.codebook.get("Themes/Trust deficit")
    made = p.codings.add_spans(code.id, [(doc.id, i * 10, i * 10 + 5) for i in range(300)])
    notices = []
    p.subscribe(notices.append)
    history = p.db.one("SELECT count(*) FROM history")[0]
    statements = []
    p.db.conn.set_trace_callback(statements.append)
    assert p.codings.remove_many(c.id for c in made) == 300
    p.db.conn.set_trace_callback(None)
    assert sum(s.lstrip().upper().startswith("DELETE") for s in statements) == 1
    assert p.codings.all(code_id=code.id) == []
    assert len(notices) == 1 and notices[0].coding_ids == frozenset(c.id for c in made)
    assert p.db.one("SELECT count(*) FROM history")[0] == history + 300
    history = p.history.all(limit=1)[0]
    assert history.action == "remove" and history.entity_guid in {c.guid for c in made}
    p.codings.restore_many(made)
    back = p.codings.all(code_id=code.id)
    assert [(c.id, c.guid, c.start, c.created) for c in back] == \
        [(c.id, c.guid, c.start, c.created) for c in made]
    assert len(notices) == 2
    with pytest.raises(ConflictError, match="cannot come back"):
        p.codings.restore_many(made[:1])  # already there
    assert len(p.codings.all(code_id=code.id)) == 300


def test_remove_many_refuses_when_one_is_gone_and_removes_nothing(corpus_project):
    p = corpus_project
    doc = p.documents.all()[0]
    code = p.codebook.get("Themes/Trust deficit")
    made = p.codings.add_spans(code.id, [(doc.id, 0, 5), (doc.id, 10, 15)])
    p.codings.remove(made[0].id)
    with pytest.raises(NotFoundError, match="1 of these 2"):
        p.codings.remove_many(c.id for c in made)
    assert p.codings.find(made[1].id) is not None


# -- Retrieval: the pickers and matrices by sets and variables ---------------------------------

@pytest.fixture
def coded(corpus_project):
    code_two_coders(corpus_project)
    return corpus_project


def test_pickers_restrict_by_code_document_coder_set_and_value(coded):
    r = Retrieval(coded)
    docs = coded.documents.all()
    trust = coded.codebook.get("Themes/Trust deficit").id
    themes = coded.codebook.get("Themes").id
    assert len(r.segments("")) == 15
    assert len(r.segments("", SegmentFilter(codes=frozenset({trust})))) == 10
    assert len(r.segments("", SegmentFilter(codes=frozenset({themes})))) == 10  # sub-codes
    assert list(r.segments("", SegmentFilter(codes=frozenset({themes}), children=False))) == []
    assert len(r.segments("", SegmentFilter(coders=("bob",)))) == 6
    first_two = coded.sets.find("First two").id
    assert {s.document_id for s in r.segments("", SegmentFilter(sets=frozenset({first_two})))} \
        == {docs[0].id, docs[1].id}
    kinds = r.values("kind")
    assert "journal article" in kinds and "web commentary" in kinds
    web = r.allowed_documents(SegmentFilter(variable="kind",
                                            values=frozenset({"web commentary"})))
    table = coded.variables.table()
    kind = coded.variables.get("kind").id
    assert web == {d for d, vals in table.items() if vals.get(kind) == "web commentary"}
    both = SegmentFilter(documents=frozenset({docs[0].id}), sets=frozenset({first_two}))
    assert r.allowed_documents(both) == {docs[0].id}
    # a query with the codes picker: & regions (no coding) stay, codings of other codes go
    q = '"Themes/Trust deficit" & "Actors/United States"'
    regions = r.segments(q, SegmentFilter(codes=frozenset({trust})))
    assert len(regions) == 10 and all(s.coding_id == 0 for s in regions)
    q = '"Themes/Trust deficit" | "Actors/United States"'
    assert len(r.segments(q, SegmentFilter(codes=frozenset({trust})))) == 10
    assert sorted(r.coders()) == ["ann", "bob"]


def test_matrix_rows_by_variable_and_set_match_the_segments_csv(coded, tmp_path):
    r = Retrieval(coded)
    out = tmp_path / "all.csv"
    assert r.export_segments(str(out), r.segments(""), "") == 15
    with open(out, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    kind = coded.variables.get("kind").id
    table = coded.variables.table()
    names = {d.name: d.id for d in coded.documents.all()}
    header, body = matrix_table(coded, "variable:kind", "codes", "codings")
    assert header[0] == "kind"
    for line in body:
        for path, n in zip(header[1:], line[1:], strict=True):
            want = sum(1 for row in rows if row["code_path"] == path and
                       table.get(names[row["document"]], {}).get(kind) == line[0])
            assert n == want, (line[0], path)
    header, body = matrix_table(coded, "sets", "coders", "documents")
    assert header[0] == "set" and body[0][0] == "First two"
    assert dict(zip(header[1:], body[0][1:], strict=True)) == {"ann": 2, "bob": 1}
    m = r.matrix("variable:year", "codes", "codings")
    assert m.row_documents is not None
    assert sum(len(d) for d in m.row_documents.values()) == len(names)


@given(st.lists(st.tuples(st.integers(0, 4), st.integers(0, 300), st.integers(1, 40),
                          st.sampled_from(["Themes/Trust deficit", "Actors/United States"])),
                max_size=60), st.integers(1, 7), st.data())
@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # codings reset below
def test_paged_segments_read_what_one_ordered_read_gives(corpus_project, spans, page, data):
    """Any page size, any index or slice, documents reordered: the same segments, in order."""
    from gwot_reader.store.analysis import CodingSpans, PagedSegments

    p = corpus_project
    with p.transaction():
        p.db.execute("DELETE FROM codings")
    docs = p.documents.all()
    p.curation.reorder(data.draw(st.permutations([d.id for d in docs])))
    for doc, start, n, code in spans:
        p.codings.add_spans(p.codebook.get(code).id, [(docs[doc].id, start, start + n)])
    cs = CodingSpans(p)
    code_ids = data.draw(st.sampled_from([None, [p.codebook.get("Themes/Trust deficit").id]]))
    want = [s for s in cs.segments_in_order() if code_ids is None or
            s.coding_id in {c.id for c in p.codings.all(code_id=code_ids[0])}]
    paged = cs.paged(code_ids)
    paged.PAGE = page
    assert len(paged) == len(want) and list(paged) == want
    assert [paged[i] for i in range(len(want))] == want
    a, b = data.draw(st.integers(-3, len(want) + 3)), data.draw(st.integers(-3, len(want) + 3))
    assert paged[a:b] == want[a:b]
    if want:
        assert paged[-1] == want[-1]
    with pytest.raises(IndexError):
        paged[len(want)]
    assert len(paged.documents) == len({s.document_id for s in want})
    assert isinstance(paged, PagedSegments)


def test_codings_without_a_coder_are_picked_as_no_coder(corpus_project):
    """Codings with no coder (an import that named none) show as "" in the Coders picker and
    picking it lists exactly them, paged or through a query, as the CLI does."""
    from gwot_reader.exchange.analysis import query_segments

    docs, trust, us = code_two_coders(corpus_project)
    loose = corpus_project.codings.add(docs[0].id, us.id, 200, 230, coder="ann")
    corpus_project.db.execute("UPDATE codings SET coder_id = NULL WHERE id = ?", (loose.id,))
    r = Retrieval(corpus_project)
    assert r.coders() == ["", "ann", "bob"]
    picked = r.segments("", SegmentFilter(coders=("",)))
    assert [s.coding_id for s in picked] == [loose.id]
    assert [s.coding_id for s in r.segments('"Actors/United States"',
                                            SegmentFilter(coders=("",)))] == [loose.id]
    assert [s.coding_id for s in query_segments(corpus_project, "", None, [""])] == [loose.id]
    both = r.segments("", SegmentFilter(coders=("", "bob")))
    assert len(both) == 1 + len([c for c in corpus_project.codings.all() if c.coder == "bob"])
