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


class _Signals:
    """What a model announced: resets, inserted/removed/moved rows, changed rows."""

    def __init__(self, model) -> None:
        self.log: list[tuple] = []
        model.modelReset.connect(lambda: self.log.append(("reset",)))
        model.rowsInserted.connect(lambda p, a, b: self.log.append(("insert", b - a + 1)))
        model.rowsRemoved.connect(lambda p, a, b: self.log.append(("remove", b - a + 1)))
        model.rowsMoved.connect(lambda *a: self.log.append(("move",)))
        model.dataChanged.connect(lambda a, b, roles=(): self.log.append(("data", a.row(), b.row())))

    def kinds(self) -> set[str]:
        return {entry[0] for entry in self.log}


def _following(model, project):
    """A model following a session on ``project``, watched by the model tester."""
    from gwot_reader.ui.session import ProjectSession

    session = ProjectSession()
    model.follow(session)
    tester = QAbstractItemModelTester(model, FATAL)
    session.set_project(project)
    return session, model, tester


def test_codebook_model_updates_in_place(qtbot, corpus_project):
    session, model, tester = _following(CodebookModel(), corpus_project)
    trust = corpus_project.codebook.get("Themes/Trust deficit")
    themes = corpus_project.codebook.get("Themes")
    seen = _Signals(model)
    corpus_project.codebook.update(trust.id, color="#010203")
    assert seen.log == [("data", model.index_of(trust.id).row(), model.index_of(trust.id).row())]
    seen.log.clear()
    corpus_project.codebook.update(trust.id, name="Mistrust")
    assert seen.kinds() == {"data"} and model.index_of(trust.id).data() == "Mistrust"
    seen.log.clear()
    new = corpus_project.codebook.add("Hedging", themes.id)
    assert seen.log == [("insert", 1)]
    assert model.index_of(new.id).parent() == model.index_of(themes.id)
    seen.log.clear()
    corpus_project.codebook.move(new.id, None, 0)
    assert "reset" not in seen.kinds() and model.index_of(new.id).row() == 0
    assert not model.index_of(new.id).parent().isValid()
    seen.log.clear()
    corpus_project.codebook.move(trust.id, themes.id, 0)  # reordered among its siblings
    assert "reset" not in seen.kinds() and model.index_of(trust.id).row() == 0
    seen.log.clear()
    corpus_project.codebook.delete(themes.id)  # a category with everything inside it
    assert seen.kinds() <= {"remove", "data"} and ("remove", 1) in seen.log
    assert trust.id not in model._nodes and model.rowCount() == len(session.codebook.children(None))
    _same_rows(model, session.codebook)
    session.detach()
    del tester


def _same_rows(model, tree, parent=None, index=None) -> None:
    from PySide6.QtCore import QModelIndex

    index = index or QModelIndex()
    kids = tree.children(parent)
    assert [model.index(r, 0, index).data() for r in range(model.rowCount(index))] == \
        [c.name for c in kids]
    for r, c in enumerate(kids):
        _same_rows(model, tree, c.id, model.index(r, 0, index))


def test_documents_model_updates_in_place(qtbot, corpus_project):
    session, model, tester = _following(DocumentsModel(), corpus_project)
    docs = corpus_project.documents.all()
    seen = _Signals(model)
    corpus_project.documents.update(docs[1].id, title="Another title")
    assert seen.log == [("data", 1, 1)]
    seen.log.clear()
    corpus_project.documents.remove(docs[0].id)
    assert seen.log == [("remove", 1)]
    assert [d.id for d in model.documents()] == [d.id for d in corpus_project.documents.all()]
    session.detach()
    del tester
