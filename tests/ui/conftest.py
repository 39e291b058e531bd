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
