"""Every item model of the window passes QAbstractItemModelTester, before and after changes."""

from __future__ import annotations

from PySide6.QtTest import QAbstractItemModelTester

from gwot_reader.ui.annotations_model import AnnotationsModel
from gwot_reader.ui.codebook_model import CodebookModel
from gwot_reader.ui.documents_model import DOCUMENT_MIME, DocumentsModel, document_ids

FATAL = QAbstractItemModelTester.FailureReportingMode.Fatal


def test_codebook_model(qtbot, corpus_project):
    model = CodebookModel()
    tester = QAbstractItemModelTester(model, FATAL)
    tree = corpus_project.codebook.tree()
    model.set_codebook(tree, corpus_project.codings.counts_by_code())
    assert model.rowCount() == len(tree.children(None))
    themes = corpus_project.codebook.get("Themes")
    trust = corpus_project.codebook.get("Themes/Trust deficit")
    idx = model.index_of(trust.id)
    assert model.parent(idx) == model.index_of(themes.id)
    assert idx.data() == "Trust deficit"
    assert "Trust deficit" in model.index_of(trust.id).data(0x0003)  # tooltip: path and definition
    doc = corpus_project.documents.all()[0]
    corpus_project.codings.add(doc.id, trust.id, 0, 10)
    model.set_counts(corpus_project.codings.counts_by_code())
    assert model.index_of(trust.id, 2).data() == "1"
    model.set_keys({trust.id: 3})
    assert model.index_of(trust.id, 1).data() == "3"
    corpus_project.codebook.add("New", themes.id)
    model.set_codebook(corpus_project.codebook.tree(), corpus_project.codings.counts_by_code())
    del tester


def test_documents_model(qtbot, corpus_project):
    model = DocumentsModel()
    tester = QAbstractItemModelTester(model, FATAL)
    docs = corpus_project.documents.all()
    model.set_documents(docs, corpus_project.codings.counts_by_document())
    assert model.rowCount() == 5
    assert model.index(0, 0).data() == docs[0].title
    assert model.index(0, 2).data() == str(docs[0].year)
    mime = model.mimeData([model.index(2, 0), model.index(2, 1)])
    assert mime.hasFormat(DOCUMENT_MIME) and document_ids(mime) == [docs[2].id]
    model.set_documents(docs[:2])
    assert model.rowCount() == 2
    del tester


def test_annotations_model_keeps_text_order_incrementally(qtbot, corpus_project):
    model = AnnotationsModel()
    tester = QAbstractItemModelTester(model, FATAL)
    tree = corpus_project.codebook.tree()
    model.set_codes(tree.by_id, {c.id: tree.path(c.id) for c in tree.by_id.values()})
    doc = corpus_project.documents.all()[1]
    code = corpus_project.codebook.get("Actors/India")
    a = corpus_project.codings.add(doc.id, code.id, 100, 120, memo="m")
    model.set_codings(doc.id, [a])
    b = corpus_project.codings.add(doc.id, code.id, 10, 20)
    c = corpus_project.codings.add(doc.id, code.id, 300, 320)
    model.upsert([c, b])
    assert [x.id for x in model.codings()] == [b.id, a.id, c.id]
    _, moved = corpus_project.codings.set_span(b.id, 400, 410)
    model.upsert([moved])
    assert [x.id for x in model.codings()] == [a.id, c.id, b.id]
    assert model.index(0, 0).data() == "India"
    assert model.index(0, 2).data() == "m"
    assert model.index(0, 1).data() == a.text
    assert model.index(0, 3).data() == "tester"
    model.remove_ids([c.id, 999])
    assert [x.id for x in model.codings()] == [a.id, b.id]
    other = corpus_project.codings.add(corpus_project.documents.all()[0].id, code.id, 0, 5)
    model.upsert([other])  # another document's coding is not listed
    assert model.rowCount() == 2
    del tester
