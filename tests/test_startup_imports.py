"""What `gwot-reader --screenshot` (the window's first paint, issue 16) loads, in a fresh
interpreter, and how the command line reaches the window without its parser."""

from __future__ import annotations

import pytest
from test_lazy_imports import loaded_after, roots

import gwot_reader.cli as cli

# Loaded on first use, never by the first paint of a fresh corpus project.
NOT_AT_FIRST_PAINT = (
    # PyMuPDF, the page renderer and the PDF helpers behind it
    "pymupdf", "fitz", "gwot_reader.ui.pageview.render", "gwot_reader.ui.pageview.view",
    "gwot_reader.exchange.formats.pdfpage", "gwot_reader.exchange.formats.pdf",
    # the analysis docks' panels, their queries and the charts
    "gwot_reader.ui.analysis.search_dock", "gwot_reader.ui.analysis.segments",
    "gwot_reader.ui.analysis.matrix_view", "gwot_reader.ui.analysis.charts_dialog",
    "gwot_reader.ui.analysis.builder", "gwot_reader.ui.analysis.pickers",
    "gwot_reader.exchange.retrieval", "gwot_reader.store.search", "gwot_reader.store.analysis",
    "gwot_reader.core.searchquery", "gwot_reader.core.codingquery", "gwot_reader.core.matrix",
    # exchange formats and the command modules
    "gwot_reader.exchange.exporters", "gwot_reader.exchange.segments_csv",
    "gwot_reader.exchange.qdpx", "gwot_reader.cli.basic", "gwot_reader.cli.analysis",
    "gwot_reader.cli.teams", "gwot_reader.cli.exchange", "gwot_reader.core.agreement",
    # dialogs
    "gwot_reader.ui.filedialogs", "gwot_reader.ui.split_dialog", "gwot_reader.ui.invivo_dialog",
    "gwot_reader.ui.documents.metadata_dialog", "gwot_reader.ui.teams.coders_dialog",
    "gwot_reader.ui.teams.agreement_window", "gwot_reader.ui.fileopen",
    # standard modules only some actions need
    "configparser", "hashlib",
)


def test_the_screenshot_of_a_fresh_corpus_project_loads_only_what_it_paints(corpus_project,
                                                                          tmp_path):
    path = corpus_project.path
    corpus_project.close()
    out = tmp_path / "shot.png"
    mods = loaded_after(
        "import gc\n"
        "from gwot_reader.cli import main\n"
        f"assert main(['--screenshot', {str(out)!r}, {str(path)!r}]) == 0\n"
        "assert gc.isenabled()\n", tmp_path)
    assert out.stat().st_size > 10_000
    assert {"gwot_reader.ui.window", "gwot_reader.ui.docview.view", "PySide6"} <= mods | roots(mods)
    loaded = [m for m in NOT_AT_FIRST_PAINT if m in mods]
    assert loaded == []


def test_the_search_dock_loads_its_modules_when_shown(corpus_project, tmp_path):
    path = corpus_project.path
    corpus_project.close()
    mods = loaded_after(
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from gwot_reader.store import Project\n"
        "from gwot_reader.ui.window import MainWindow\n"
        "w = MainWindow()\n"
        f"w.set_project(Project.open({str(path)!r}), restore=False)\n"
        "w.show()\n"
        "app.processEvents()\n"
        "import sys\n"
        "assert 'gwot_reader.ui.analysis.search_dock' not in sys.modules\n"
        "w.act_search.trigger()\n"
        "app.processEvents()\n"
        "assert w.search_dock.isVisible() and w.search_dock.built() is not None\n"
        "w.session.detach()\n", tmp_path)
    assert "gwot_reader.ui.analysis.search_dock" in mods
    assert "gwot_reader.ui.analysis.segments" not in mods  # only what was shown


@pytest.mark.parametrize(("argv", "window"), [
    ([], (None, None)),
    (["p.gwot"], ("p.gwot", None)),
    (["open"], (None, None)),
    (["open", "notes"], ("notes", None)),
    (["--screenshot", "s.png"], (None, "s.png")),
    (["--screenshot", "s.png", "p.gwot"], ("p.gwot", "s.png")),
    (["--screenshot", "s.png", "open", "p.gwot"], ("p.gwot", "s.png")),
    (["notes"], None),  # not a project file: the parser says what is wrong
    (["stats", "p.gwot"], None),
    (["open", "--screenshot", "s.png", "p.gwot"], None),  # the parser reads that one
    (["--screenshot"], None),
    (["--screenshot", "-x"], None),
    (["--screenshot=s.png", "p.gwot"], None),
    (["--version"], None),
    (["p.gwot", "q.gwot"], None),
    (["-h"], None),
])
def test_the_window_alone_is_told_apart_from_commands(argv, window):
    assert cli.gui_arguments(argv) == window


def test_opening_the_window_builds_no_parser(monkeypatch):
    opened = []

    def no_parser():
        raise AssertionError("the window's launch built the command parser")

    monkeypatch.setattr(cli, "build_parser", no_parser)
    monkeypatch.setattr(cli, "_gui", lambda project, shot: opened.append((project, shot)) or 0)
    assert cli.main(["--screenshot", "s.png", "p.gwot"]) == 0
    assert cli.main([]) == 0
    assert opened == [("p.gwot", "s.png"), (None, None)]


def test_forms_the_fast_path_leaves_alone_still_open_the_window(monkeypatch):
    opened = []
    monkeypatch.setattr(cli, "_gui", lambda project, shot: opened.append((project, shot)) or 0)
    assert cli.main(["open", "--screenshot", "s.png", "p.gwot"]) == 0
    assert opened == [("p.gwot", "s.png")]


def test_a_name_that_is_no_command_nor_project_is_a_usage_error(capsys):
    assert cli.main(["notes"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("gwot-reader: ") and "invalid choice: 'notes'" in err
    assert err.count("\n") == 1
