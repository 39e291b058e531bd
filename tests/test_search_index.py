"""The FTS5 search index: kept in step with documents, built in steps for old projects, hits
exact in code points on emoji, CJK, Urdu and combining-mark text."""

from __future__ import annotations

import pytest

from gwot_reader.core.searchquery import QueryError, SearchOptions
from gwot_reader.store import Project
from gwot_reader.store.search import SearchIndex

TEXTS = {
    "emoji": "😀😀 The trust deficit 👩‍👩‍👧 grew.\r\nTRUST returned; trustworthy partners",
    "cjk": "巴基斯坦和美国之间的信任赤字。中文的文章",
    "urdu": "پاکستان اور امریکہ کے درمیان اعتماد کی کمی ہے۔",
    "marks": "Le cafe\u0301 naïve e\u0301migre\u0301 et l'Émigré; café",
}


@pytest.fixture
def project(empty_project: Project) -> Project:
    for name, text in TEXTS.items():
        empty_project.documents.add(name, text)
    return empty_project


def hits(project: Project, query: str, **options) -> list[tuple[str, str]]:
    names = {d.id: d.name for d in project.documents.all()}
    found = SearchIndex(project.db).search(query, SearchOptions(**options))
    return [(names[h.document_id], project.documents.text(h.document_id)[h.start:h.end])
            for h in found]


def test_a_new_project_indexes_documents_as_they_come_and_go(project):
    index = SearchIndex(project.db)
    assert index.complete and index.pending() == 0
    assert hits(project, "trust") == [("emoji", "trust"), ("emoji", "TRUST")]
    project.documents.add("later", "Trust, again")
    assert ("later", "Trust") in hits(project, "trust")
    project.documents.remove(project.documents.get("emoji").id)
    assert hits(project, "trust") == [("later", "Trust")]
    assert project.db.one("INSERT INTO search_words(search_words) VALUES ('integrity-check')") is None


def test_spans_are_exact_on_every_script(project):
    assert hits(project, '"trust deficit"') == [("emoji", "trust deficit")]
    assert hits(project, "trust*") == [("emoji", "trust"), ("emoji", "TRUST"),
                                       ("emoji", "trustworthy")]
    assert hits(project, "信任赤字") == [("cjk", "信任赤字")]
    assert hits(project, "中文") == [("cjk", "中文")]  # two characters: below the trigrams
    assert hits(project, "اعتماد") == [("urdu", "اعتماد")]
    assert hits(project, "emigre") == [("marks", "e\u0301migre\u0301"), ("marks", "Émigré")]
    assert hits(project, "cafe") == [("marks", "cafe\u0301"), ("marks", "café")]
    for name, text in hits(project, "trust OR 信任 OR emigre OR اعتماد"):
        assert text in TEXTS[name]


def test_boolean_near_and_folding_options(project):
    assert hits(project, "trust NOT deficit") == []
    assert hits(project, "trust AND NOT naive") == [("emoji", "trust"), ("emoji", "TRUST")]
    assert {n for n, _ in hits(project, "naive OR partners")} == {"emoji", "marks"}
    assert hits(project, "NEAR(trust grew, 3)") == [("emoji", "trust deficit 👩‍👩‍👧 grew"),
                                                    ("emoji", "grew.\r\nTRUST")]
    assert hits(project, "NEAR(trust partners, 1)") == []
    assert hits(project, "trust", fold_case=False) == [("emoji", "trust")]
    assert hits(project, "café", fold_diacritics=False) == [("marks", "café")]


def test_regex_mode(project):
    assert hits(project, r"tr\w+", regex=True, fold_case=False) == [
        ("emoji", "trust"), ("emoji", "trustworthy")]
    assert hits(project, r"caf(e|é)\b", regex=True) == [("marks", "cafe\u0301"), ("marks", "café")]
    assert hits(project, "赤字。", regex=True) == [("cjk", "赤字。")]
    with pytest.raises(QueryError):
        list(SearchIndex(project.db).search("(", SearchOptions(regex=True)))
    with pytest.raises(QueryError):
        list(SearchIndex(project.db).search('"trust'))


def test_an_old_project_gets_its_index_built_in_steps(project, tmp_path):
    path = project.path
    # Make the file look as it did before the search migration.
    db = project.db
    with db.transaction():
        for name in ("search_documents_insert", "search_documents_delete",
                     "search_documents_update"):
            db.execute(f"DROP TRIGGER {name}")
        db.execute("DROP TABLE search_words")
        db.execute("DROP TABLE search_trigram")
        db.execute("DELETE FROM meta WHERE key = 'search_indexed_upto'")
        db.execute("DROP INDEX codings_code_spans")
        db.execute("CREATE INDEX codings_code_document ON codings (code_id, document_id)")
        for name in ("document_set_members", "document_sets", "document_values", "variables"):
            db.execute(f"DROP TABLE {name}")  # and what the later migration 8 made
        db.execute("DROP INDEX memos_target")
        db.execute("PRAGMA user_version = 5")
    project.close()
    again = Project.open(path)
    try:
        index = SearchIndex(again.db)
        assert not index.complete and index.pending() == 4
        seen: list[tuple[int, int]] = []
        import gwot_reader.store.search as search

        old, search._BUILD_STEP = search._BUILD_STEP, 1
        try:
            assert index.build(lambda done, total: seen.append((done, total)) or done < 2) is False
            again.documents.add("during", "trust during the build")  # indexed by the build
            assert index.build() is True
        finally:
            search._BUILD_STEP = old
        assert seen == [(1, 4), (2, 4)]
        assert [n for n, _ in hits(again, "trust")] == ["emoji", "emoji", "during"]
        assert hits(again, "信任赤字") == [("cjk", "信任赤字")]
    finally:
        again.close()


def test_the_triggers_test_the_same_scripts_as_the_query_parser():
    from gwot_reader.core.folding import NO_SPACE_RANGES
    from gwot_reader.store.schema import MIGRATIONS

    glob = "GLOB '*[" + "".join(chr(a) + "-" + chr(b) for a, b in NO_SPACE_RANGES) + "]*'"
    assert MIGRATIONS[5].count(glob) == 4


def test_add_spans_is_one_transaction_with_history_per_coding(project):
    code = project.codebook.add("Trust")
    doc = project.documents.get("emoji")
    seen = []
    project.subscribe(seen.append)
    text = project.documents.text(doc.id)
    a, b = text.index("trust"), text.index("deficit")
    made = project.codings.add_spans(code.id, [(doc.id, a, a + 5), (doc.id, b, b + 13)],
                                     coder="bot")
    assert [c.text for c in made] == ["trust", "deficit 👩‍👩‍👧"]
    assert [c.id for c in made] == [c.id for c in project.codings.all(document_id=doc.id)]
    assert len(seen) == 1 and seen[0].coding_ids == {c.id for c in made}
    logged = [h.entity_guid for h in project.history.all() if h.action == "add"
              and h.entity == "coding"]
    assert set(logged) == {c.guid for c in made}
    from gwot_reader.core.errors import SpanError

    with pytest.raises(SpanError):
        project.codings.add_spans(code.id, [(doc.id, 0, 3), (doc.id, 5, 10_000)])
    assert project.codings.count() == 2


def test_a_bulk_import_leaves_indexing_to_the_first_search(project, tmp_path):
    from gwot_reader.exchange.textimport import import_files
    from gwot_reader.store.search import BULK

    files = []
    for i in range(BULK):
        f = tmp_path / f"note-{i}.txt"
        f.write_text(f"Note {i}: drone strikes and the trust deficit. 信任赤字 {i}", encoding="utf-8")
        files.append(f)
    import_files(project, files)
    index = SearchIndex(project.db)
    assert index.pending() == BULK  # the import's transaction indexed nothing
    found = hits(project, '"trust deficit"')
    assert len([n for n, _ in found if n.startswith("note")]) == BULK
    assert index.complete
    assert len([n for n, _ in hits(project, "赤字") if n.startswith("note")]) == BULK
    # a small import is searchable at once, through the triggers
    one = tmp_path / "one.txt"
    one.write_text("sovereignty", encoding="utf-8")
    import_files(project, [one])
    assert index.complete and hits(project, "sovereignty") == [("one", "sovereignty")]
