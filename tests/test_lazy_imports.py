"""What each entry point imports (issue 16): a CSV export loads no Qt, PyMuPDF or spreadsheet
library; the window's first paint loads no format reader, search index, query or page view.

Each check runs a fresh interpreter (what is imported is a property of the process).
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("PySide6", "pymupdf", "fitz", "openpyxl", "xlsxwriter", "lxml", "numpy", "pandas",
         "matplotlib", "krippendorff", "multiprocessing")


def loaded_after(code: str, tmp_path: Path) -> set[str]:
    """The modules loaded once ``code`` has run in a new interpreter."""
    script = code + "\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))\n"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen",
           "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "config"),
           "XDG_DATA_HOME": str(tmp_path / "data")}
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         env=env, cwd=tmp_path, timeout=120)
    assert out.returncode == 0, out.stderr
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


def roots(modules: set[str]) -> set[str]:
    return {m.split(".")[0] for m in modules}


@pytest.fixture
def small_project(tmp_path, corpus_project):
    doc = corpus_project.documents.all()[0]
    code = next(c for c in corpus_project.codebook.all() if not c.is_category)
    corpus_project.codings.add(doc.id, code.id, 0, 40)
    return corpus_project.path


@pytest.mark.parametrize("suffix", [".csv", ".tsv"])
def test_a_csv_export_loads_no_qt_pdf_or_spreadsheet_library(small_project, tmp_path, suffix):
    out = tmp_path / f"out{suffix}"
    mods = loaded_after(
        "from gwot_reader.cli import main\n"
        f"assert main(['export', {str(small_project)!r}, '--format', 'segments-csv', "
        f"'-o', {str(out)!r}]) == 0\n", tmp_path)
    with open(out, encoding="utf-8", newline="") as fh:  # the header and the one coding
        assert len(list(csv.reader(fh, delimiter="\t" if suffix == ".tsv" else ","))) == 2
    assert not roots(mods) & set(HEAVY)
    # nor the parts of the program an export does not use
    for module in ("gwot_reader.store.search", "gwot_reader.core.folding",
                   "gwot_reader.core.agreement_report", "gwot_reader.exchange.formats.pdf",
                   "gwot_reader.exchange.analysis", "gwot_reader.ui"):
        assert module not in mods


def test_the_cli_alone_loads_no_qt(tmp_path):
    mods = loaded_after("import gwot_reader.cli\nimport gwot_reader.__main__", tmp_path)
    assert not roots(mods) & set(HEAVY)


def test_the_window_loads_what_its_first_paint_needs_and_no_more(tmp_path):
    mods = loaded_after(
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from gwot_reader.ui.window import MainWindow\n"
        "w = MainWindow()\n"
        "w.area.add_pane()\n"
        "w.show()\n"
        "app.processEvents()\n", tmp_path)
    assert "gwot_reader.ui.window" in mods and "gwot_reader.ui.docview.view" in mods
    for module in ("pymupdf", "fitz", "multiprocessing", "gwot_reader.exchange.formats.pdf",
                   "gwot_reader.exchange.formats.docx", "gwot_reader.exchange.formats.epub",
                   "gwot_reader.exchange.formats.pdfhelpers", "gwot_reader.ui.pageview.view",
                   "gwot_reader.store.search", "gwot_reader.core.searchquery",
                   "gwot_reader.core.codingquery", "gwot_reader.exchange.analysis",
                   "gwot_reader.core.agreement_report", "openpyxl", "lxml",
                   # the Segments browser, Matrix and Charts read and draw on first use
                   "gwot_reader.exchange.retrieval", "gwot_reader.exchange.charts",
                   "gwot_reader.ui.chartpaint", "gwot_reader.store.analysis"):
        assert module not in mods, module


def test_what_loads_on_demand_is_still_there():
    """The names moved behind functions still resolve, from their old places too."""
    from gwot_reader.core.agreement_report import UNITS as report_units
    from gwot_reader.core.agreement_units import UNITS
    from gwot_reader.core.matrix import Matrix
    from gwot_reader.exchange import analysis
    from gwot_reader.exchange.formats import READER_MODULES
    from gwot_reader.exchange.textimport import supported_extensions
    from gwot_reader.ui import pageview
    from gwot_reader.ui.pageview.view import PageView

    assert UNITS == report_units == ("character", "paragraph")
    assert analysis.Matrix is Matrix and Matrix([], [], {}, {}, {}).cells == {}
    assert pageview.PageView is PageView
    with pytest.raises(AttributeError):
        pageview.NoSuchThing  # noqa: B018
    assert {".pdf", ".docx", ".epub", ".html", ".odt"} <= set(supported_extensions())
    assert all(m.startswith("gwot_reader.exchange.formats.") for m in READER_MODULES)


def test_a_reader_registers_when_its_file_type_is_first_read(tmp_path):
    """Importing the formats package (for pdfpage, say) no longer registers the readers; a
    file of their type loads them on the spot."""
    mods = loaded_after(
        "import gwot_reader.exchange.formats.pdfpage\n"
        "from gwot_reader.exchange.readers import READERS\n"
        "assert '.docx' not in READERS, READERS\n"
        "from pathlib import Path\n"
        "from gwot_reader.exchange.textimport import extract\n"
        "Path('a.html').write_text('<p>Hello <b>there</b></p>')\n"
        "assert extract(Path('a.html')).text == 'Hello there'\n"
        "assert '.docx' in READERS\n", tmp_path)
    assert "gwot_reader.exchange.formats.html" in mods


def test_the_command_line_builds_its_parser_once(monkeypatch, tmp_path, capsys):
    """Building the parser (every command of every module) costs 25 ms of each start."""
    import gwot_reader.cli as cli

    built = []
    real = cli.build_parser
    monkeypatch.setattr(cli, "build_parser", lambda: built.append(1) or real())
    assert cli.main(["new", str(tmp_path / "p.gwot"), "--empty"]) == 0
    assert built == [1]
    # a project file alone still means "open" (the names of the commands come from that parser)
    assert cli._default_to_open(["p.gwot"], ["new", "open"]) == ["open", "p.gwot"]
    assert cli._default_to_open(["--screenshot", "s.png", "p.gwot"], ["open"]) == [
        "--screenshot", "s.png", "open", "p.gwot"]
    assert cli._default_to_open(["new", "p.gwot"], ["new", "open"]) == ["new", "p.gwot"]
