"""The Charts window's Save buttons as a new user meets them: the file dialog opens beside the
project, and the window itself (in front of the reader's status bar) says what was written."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from gwot_reader.ui import filedialogs


def test_save_opens_beside_the_project_and_the_window_says_what_it_wrote(qtbot, window, tmp_path,
                                                                        monkeypatch):
    project = window.project
    doc = project.documents.all()[0]
    trust = project.codebook.get("Themes/Trust deficit")
    project.codings.add_spans(trust.id, [(doc.id, i * 10, i * 10 + 5) for i in range(5)])
    window.act_charts.trigger()
    dialog = window.charts_dialog
    qtbot.waitExposed(dialog)
    asked: list[tuple[str, str]] = []

    def answer(parent, caption, folder="", filters=""):
        asked.append((folder, filters))
        return str(tmp_path / "figure 1"), ""

    monkeypatch.setattr(filedialogs, "get_save_file_name", answer)
    qtbot.mouseClick(dialog.save_svg, Qt.MouseButton.LeftButton)
    folder, filters = asked[0]
    assert Path(folder) == project.path.parent / "frequencies.svg"
    assert filters == "SVG drawing (*.svg)"
    assert (tmp_path / "figure 1.svg").exists() and (tmp_path / "figure 1.csv").exists()
    assert dialog.status.text() == (f"Saved the chart to {tmp_path / 'figure 1.svg'} "
                                    "and its table to figure 1.csv")
    # a new drawing says what it shows again
    with qtbot.waitSignal(dialog.drawn):
        dialog.kind.setCurrentText("portrait")
    assert dialog.status.text().startswith("Document portraits")


def test_cancelling_the_file_dialog_writes_nothing_and_says_nothing(qtbot, window, tmp_path,
                                                                   monkeypatch):
    window.act_charts.trigger()
    dialog = window.charts_dialog
    qtbot.waitExposed(dialog)
    before = dialog.status.text()
    monkeypatch.setattr(filedialogs, "get_save_file_name", lambda *a, **k: ("", ""))
    qtbot.mouseClick(dialog.save_png, Qt.MouseButton.LeftButton)
    assert dialog.status.text() == before
    assert not list(tmp_path.glob("*.png"))
