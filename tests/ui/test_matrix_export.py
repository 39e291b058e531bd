"""The Matrix dock's Export CSV…: the table a researcher pastes into a paper, written from the
window byte for byte as `gwot-reader matrix` writes it, beside the project by default."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from gwot_reader.cli import main
from gwot_reader.ui import filedialogs


def coded(project) -> None:
    docs = project.documents.all()
    trust = project.codebook.get("Themes/Trust deficit")
    us = project.codebook.get("Actors/United States")
    project.codings.add_spans(trust.id, [(docs[0].id, 100, 200), (docs[1].id, 50, 90)])
    project.codings.add_spans(us.id, [(docs[0].id, 150, 260)])


def answer_with(monkeypatch, path: Path) -> list[str]:
    """The file dialog answers ``path``; the list gets the folder and name it proposed."""
    asked: list[str] = []

    def answer(parent, caption, folder="", filters=""):
        asked.append(folder)
        return str(path), ""

    monkeypatch.setattr(filedialogs, "get_save_file_name", answer)
    return asked


def show_matrix(qtbot, window):
    window.matrix_dock.show()
    window.matrix_dock.raise_()
    panel = window.matrix_dock.panel()
    qtbot.waitUntil(lambda: panel.model.rowCount() > 0, timeout=10000)
    return panel


def test_export_csv_writes_what_the_command_line_writes(qtbot, window, tmp_path, monkeypatch):
    project = window.project
    coded(project)
    panel = show_matrix(qtbot, window)
    asked = answer_with(monkeypatch, tmp_path / "codes-by-documents.csv")
    qtbot.mouseClick(panel.export_button, Qt.MouseButton.LeftButton)
    assert Path(asked[0]) == project.path.parent / "codes-by-documents.csv"
    ours = (tmp_path / "codes-by-documents.csv").read_bytes()
    assert main(["matrix", str(project.path), "--rows", "codes", "--cols", "documents",
                 "-o", str(tmp_path / "cli.csv")]) == 0
    assert ours == (tmp_path / "cli.csv").read_bytes()
    header = next(csv.reader(io.StringIO(ours.decode("utf-8"))))
    assert header[0] == "code" and len(header) == 1 + len(project.documents.all())
    n_codes = sum(1 for c in project.codebook.all() if not c.is_category)
    assert panel.status.text() == (f"Wrote the {n_codes} x {len(header) - 1} matrix of codings "
                                   f"to {tmp_path / 'codes-by-documents.csv'}")


def test_export_uses_the_boxes_even_before_show_is_pressed(qtbot, window, tmp_path):
    project = window.project
    coded(project)
    panel = show_matrix(qtbot, window)
    panel.cols.setCurrentText("codes")
    panel.count.setCurrentText("characters")
    out = tmp_path / "cooc.tsv"
    assert panel.export_csv(str(out))
    assert panel.model.columnCount() == panel.model.rowCount()  # the table shown is the file
    assert main(["matrix", str(project.path), "--rows", "codes", "--cols", "codes",
                 "--count", "characters", "-o", str(tmp_path / "cli.tsv")]) == 0
    assert out.read_bytes() == (tmp_path / "cli.tsv").read_bytes()
    assert "\t" in out.read_text(encoding="utf-8").splitlines()[0]


def test_cancel_writes_nothing_and_an_unwritable_place_says_why(qtbot, window, tmp_path,
                                                               monkeypatch):
    panel = show_matrix(qtbot, window)
    before = panel.status.text()
    monkeypatch.setattr(filedialogs, "get_save_file_name", lambda *a, **k: ("", ""))
    qtbot.mouseClick(panel.export_button, Qt.MouseButton.LeftButton)
    assert panel.status.text() == before and not list(tmp_path.rglob("*.csv"))
    told: list[tuple[str, bool]] = []
    window.session.problem.connect(lambda text, dialog: told.append((text, dialog)))
    assert not panel.export_csv(str(tmp_path / "no such folder" / "m.csv"))
    assert told and told[0][1] is True and "no such folder" in told[0][0]
    assert "\n" not in told[0][0] and "Traceback" not in told[0][0]
    for box in window.findChildren(QMessageBox):
        box.close()


def test_export_of_codes_by_a_variables_values_matches_the_command_line(qtbot, window, tmp_path,
                                                                         monkeypatch):
    project = window.project
    coded(project)
    panel = show_matrix(qtbot, window)
    assert panel.cols.findData("variable:kind") >= 0
    panel.cols.setCurrentIndex(panel.cols.findData("variable:kind"))
    asked = answer_with(monkeypatch, tmp_path / "kinds.csv")
    qtbot.mouseClick(panel.export_button, Qt.MouseButton.LeftButton)
    assert Path(asked[0]).name == "codes-by-variable-kind.csv"
    assert main(["matrix", str(project.path), "--rows", "codes", "--cols", "variable:kind",
                 "-o", str(tmp_path / "cli.csv")]) == 0
    assert (tmp_path / "kinds.csv").read_bytes() == (tmp_path / "cli.csv").read_bytes()
