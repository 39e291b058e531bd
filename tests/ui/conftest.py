"""Fixtures of the window tests: the reader window on a fresh corpus project."""

import pytest

from gwot_reader.ui.window import MainWindow


@pytest.fixture
def window(qtbot, corpus_project):
    """The main window showing the corpus project; test modules may override it."""
    w = MainWindow()
    qtbot.addWidget(w)
    w.set_project(corpus_project)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.close()


@pytest.fixture
def worker_reads(window, monkeypatch) -> list[int]:
    """Documents whose codings the window's worker thread reads, in order."""
    reads: list[int] = []
    real = window.session.span_reader

    def counting():
        read = real()
        return lambda doc: (reads.append(doc), read(doc))[1]

    monkeypatch.setattr(window.session, "span_reader", counting)
    return reads


@pytest.fixture
def docview(qtbot):
    """A DocumentView on screen, 800 x 600, no document yet."""
    from gwot_reader.ui.docview import DocumentView

    v = DocumentView()
    qtbot.addWidget(v)
    v.resize(800, 600)
    v.show()
    qtbot.waitExposed(v)
    return v


@pytest.fixture
def pdf_window(qtbot, corpus_project, tmp_path):
    """The window on the corpus plus a two-page article PDF (``pdf_id``), not yet in a pane."""
    from test_pageview import make_pdf  # tests/ui is on sys.path

    from gwot_reader.exchange.textimport import import_file

    doc, _ = import_file(corpus_project, make_pdf(tmp_path / "article.pdf"))
    w = MainWindow()
    qtbot.addWidget(w)
    w.set_project(corpus_project)
    w.resize(1300, 900)
    w.show()
    qtbot.waitExposed(w)
    w.pdf_id = doc.id
    yield w
    w.close()


@pytest.fixture
def ui_docs(window):
    """The window's curation controller (Documents menu, list actions, memos, sets)."""
    ui = window.documents_ui
    ui.list_actions.confirm = lambda title, text: True
    return ui


@pytest.fixture
def view(docview):
    """The document view's tests call it ``view`` (test modules may override it, as the page
    view's do)."""
    return docview
