"""The project file is open data: sqlite-utils reads it with no help from GWOT Reader."""

import sqlite_utils


def test_sqlite_utils_reads_the_project(corpus_project):
    doc = corpus_project.documents.all()[1]
    code = corpus_project.codebook.get("Themes/Trust deficit")
    coding = corpus_project.codings.add(doc.id, code.id, 10, 40)
    db = sqlite_utils.Database(str(corpus_project.path))
    assert {"documents", "codes", "codings", "history"} <= set(db.table_names())
    row = next(db.query('select start, "end", text from codings where guid = ?', [coding.guid]))
    assert row == {"start": 10, "end": 40, "text": corpus_project.documents.text(doc.id)[10:40]}
    assert db["documents"].count == 5


def test_opening_a_project_does_not_load_sqlite_utils_until_asked(corpus_project):
    assert corpus_project.db._utils is None
    assert "codings" in corpus_project.db.utils.table_names()
