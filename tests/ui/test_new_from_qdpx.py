"""File > New project from REFI-QDA (.qdpx)…: a new project made from another tool's export, as
`gwot-reader new P --from F.qdpx` makes it, opened in the window with the import's report; bad
files and Cancel leave no file behind and the open project as it was. File dialogs start in the
open project's folder."""

from __future__ import annotations

import zipfile
from pathlib import Path

from PySide6.QtWidgets import QLabel, QMessageBox
from qdpx_samples import nvivo_windows
from test_codebook_import_files import when_modal  # tests/ui is on sys.path

from gwot_reader.exchange.qdpx import export_qdpx
from gwot_reader.store import Project
from gwot_reader.ui import filedialogs
from gwot_reader.ui.project_exchange import PreviewDialog

NVIVO_CODE = "4D62F0CC-182F-44B8-A043-339C90779E9E"


def pick(monkeypatch, source: Path | str, target: Path | str) -> list[tuple[str, str]]:
    """The file dialogs answer ``source`` (open) and ``target`` (save); returns what they were
    asked: (caption, the folder or file they started at)."""
    asked: list[tuple[str, str]] = []

    def fake_open(parent, caption, folder="", filters=""):
        asked.append((caption, folder))
        return str(source), filters

    def fake_save(parent, caption, folder="", filters="", replace=True):
        asked.append((caption, folder))
        assert not replace  # the dialog never offers to replace a file we would refuse
        return str(target), filters

    monkeypatch.setattr(filedialogs, "get_open_file_name", fake_open)
    monkeypatch.setattr(filedialogs, "get_save_file_name", fake_save)
    return asked


def answer(preview: bool) -> dict[str, list[str]]:
    """Press Create (or Cancel) in the preview; close the report, keeping what each said."""
    said: dict[str, list[str]] = {"preview": [], "report": [], "titles": []}

    def handle(dialog) -> bool:
        said["titles"].append(dialog.windowTitle())
        if isinstance(dialog, PreviewDialog):
            said["preview"].append(dialog.text.toPlainText())
            said["intro"] = [label.text() for label in dialog.findChildren(QLabel)]
            if preview:
                dialog.import_button.click()
                return True
            dialog.reject()
            return False
        if isinstance(dialog, QMessageBox):
            said["report"].append(dialog.text())
            dialog.accept()
            return False
        return True

    said["titles"] = when_modal(handle)
    return said


def nothing_left(folder: Path, stem: str) -> bool:
    return not [p.name for p in folder.iterdir() if p.name.startswith(stem + ".gwot")]


def test_the_action_sits_after_new_project_and_works_with_no_project_open(window):
    actions = window.menuBar().actions()[0].menu().actions()
    i = actions.index(window.files.act_new)
    assert actions[i + 1] is window.menus.exchange.act_new_from
    assert actions[i + 1].text() == "New project from REFI-QDA (.qdpx)…"
    window.files.close_project()
    assert window.menus.exchange.act_new_from.isEnabled()
    assert not window.menus.exchange.act_import_qdpx.isEnabled()


def test_a_new_project_from_an_nvivo_export_opens_with_its_report(window, qtbot, tmp_path,
                                                                  monkeypatch):
    source = tmp_path / "in" / "team.qdpx"
    source.parent.mkdir()
    source.write_bytes(nvivo_windows())
    target = tmp_path / "in" / "team.gwot"
    asked = pick(monkeypatch, source, target)
    old = window.project.path
    said = answer(preview=True)
    window.menus.exchange.act_new_from.trigger()
    qtbot.waitUntil(lambda: bool(said["report"]), timeout=30000)
    # the save dialog offered the .qdpx's own folder and stem
    assert asked[1] == ("Save the new project as", str(source.with_suffix(".gwot")))
    preview = said["preview"][0]
    assert "NVivo for Windows 12.6" in preview and "UTF-16" in preview
    assert "Sources: 1" in preview and "Users (coders)" in preview and "Memos:" in preview
    assert "Codings: 4 (4 exact, 0 re-anchored, 0 dropped)" in preview
    assert "New project from team.qdpx" in said["titles"]
    assert f"A new project, {target}, will be made" in said["intro"][0]
    assert "Project created: team.gwot" in said["titles"]
    assert "4 codings (4 exact, 0 re-anchored, 0 dropped)" in said["report"][0]
    # the window shows the new project; the old file is as it was, and closed
    assert Path(window.project.path) == target
    assert window.documents_model.rowCount() == 1
    assert window.project.codebook.find_by_guid(NVIVO_CODE) is not None
    assert window.windowTitle() == "team — GWOT Reader"
    with Project.open(target) as made:
        assert made.stats()["documents"] == 1 and len(made.codings.all()) == 4
        assert made.codebook.find_by_guid(NVIVO_CODE) is not None
    with Project.open(old) as before:
        assert before.stats()["documents"] == 5
    assert nothing_left(target.parent, "team.gwot.part")


def test_a_project_exported_from_the_corpus_comes_back_whole(window, qtbot, tmp_path,
                                                             monkeypatch):
    """The round trip a researcher makes: export a coded corpus project, make a new one of it."""
    p = window.project
    doc = p.documents.all()[0]
    code = next(c for c in p.codebook.all() if not c.is_category)
    coding = p.codings.add(doc.id, code.id, 5, 30, memo="kept")
    source = tmp_path / "out.qdpx"
    export_qdpx(p, source)
    target = tmp_path / "again.gwot"
    pick(monkeypatch, source, target)
    said = answer(preview=True)
    window.menus.exchange.act_new_from.trigger()
    qtbot.waitUntil(lambda: bool(said["report"]), timeout=60000)
    assert "Sources: 5" in said["preview"][0]
    assert Path(window.project.path) == target
    again = window.project.codings.find(coding.guid)
    assert again is not None and (again.start, again.end, again.memo) == (5, 30, "kept")
    assert window.documents_model.rowCount() == 5


def test_cancel_at_the_preview_creates_nothing(window, qtbot, tmp_path, monkeypatch):
    source = tmp_path / "team.qdpx"
    source.write_bytes(nvivo_windows())
    pick(monkeypatch, source, tmp_path / "team.gwot")
    old = window.project.path
    said = answer(preview=False)
    window.menus.exchange.act_new_from.trigger()
    qtbot.waitUntil(lambda: "No project was created" in window.statusBar().currentMessage(),
                    timeout=30000)
    assert said["preview"] and nothing_left(tmp_path, "team")
    assert window.project.path == old


def test_cancel_while_creating_leaves_no_file(window, qtbot, tmp_path, monkeypatch):
    """Cancel pressed while the import writes: create_project removes its part file."""
    import gwot_reader.exchange.qdpx as qdpx

    source = tmp_path / "team.qdpx"
    source.write_bytes(nvivo_windows())
    pick(monkeypatch, source, tmp_path / "team.gwot")
    exchange = window.menus.exchange
    real = qdpx.apply_preview

    def cancelled_meanwhile(project, pv):
        exchange.last_new.cancel()
        return real(project, pv)

    monkeypatch.setattr(qdpx, "apply_preview", cancelled_meanwhile)
    old, stats = window.project.path, window.project.stats()
    answer(preview=True)
    exchange.act_new_from.trigger()
    qtbot.waitUntil(lambda: hasattr(exchange, "last_new") and exchange.last_new.handled,
                    timeout=30000)
    assert "Cancelled; no project was created" in window.statusBar().currentMessage()
    assert nothing_left(tmp_path, "team")
    assert window.project.path == old and window.project.stats() == stats


def _bad_files(folder: Path) -> dict[str, tuple[Path, str]]:
    """name -> (file, a word its one-line message holds)."""
    text = folder / "notes.qdpx"
    text.write_text("not a zip at all", encoding="utf-8")
    hostile = folder / "hostile.qdpx"
    with zipfile.ZipFile(hostile, "w") as zf:
        zf.writestr("../evil.qde", "<Project/>")
    empty = folder / "empty.qdpx"
    with zipfile.ZipFile(empty, "w") as zf:
        zf.writestr("sources/a.txt", "text")
    return {"not a zip": (text, "notes.qdpx"), "hostile": (hostile, "unsafe file name"),
            "no project.qde": (empty, "project.qde")}


def test_bad_files_are_one_line_and_leave_nothing(window, qtbot, tmp_path, monkeypatch):
    errors: list[str] = []
    window.session.problem.connect(lambda message, dialog=False: errors.append(message))
    old, stats = window.project.path, window.project.stats()
    for _name, (bad, word) in _bad_files(tmp_path).items():
        errors.clear()
        target = bad.with_suffix(".gwot")
        pick(monkeypatch, bad, target)
        window.menus.exchange.act_new_from.trigger()
        qtbot.waitUntil(lambda: bool(errors), timeout=30000)
        assert word in errors[0] and "\n" not in errors[0] and "Traceback" not in errors[0]
        assert nothing_left(tmp_path, bad.stem)
        for box in window.findChildren(QMessageBox):
            box.close()
    assert window.project.path == old and window.project.stats() == stats


def test_an_existing_target_is_never_replaced(window, qtbot, tmp_path, monkeypatch):
    source = tmp_path / "team.qdpx"
    source.write_bytes(nvivo_windows())
    target = tmp_path / "team.gwot"
    target.write_bytes(b"someone else's file")
    errors: list[str] = []
    window.session.problem.connect(lambda message, dialog=False: errors.append(message))
    pick(monkeypatch, source, target)
    jobs = window.session.jobs.last
    window.menus.exchange.act_new_from.trigger()
    assert errors == ["team.gwot already exists; choose another name (nothing was created)"]
    assert target.read_bytes() == b"someone else's file"
    assert window.session.jobs.last is jobs  # no job was started
    for box in window.findChildren(QMessageBox):
        box.close()


def test_a_name_without_the_extension_gets_it(window, qtbot, tmp_path, monkeypatch):
    source = tmp_path / "team.qdpx"
    source.write_bytes(nvivo_windows())
    pick(monkeypatch, source, tmp_path / "study")
    said = answer(preview=True)
    window.menus.exchange.act_new_from.trigger()
    qtbot.waitUntil(lambda: bool(said["report"]), timeout=30000)
    assert Path(window.project.path) == tmp_path / "study.gwot"


def test_with_no_project_open_the_new_one_opens(window, qtbot, tmp_path, monkeypatch):
    source = tmp_path / "team.qdpx"
    source.write_bytes(nvivo_windows())
    asked = pick(monkeypatch, source, tmp_path / "team.gwot")
    window.files.close_project()
    said = answer(preview=True)
    window.menus.exchange.act_new_from.trigger()
    qtbot.waitUntil(lambda: bool(said["report"]), timeout=30000)
    assert asked[0] == ("New project from REFI-QDA", str(Path.home()))
    assert Path(window.project.path) == tmp_path / "team.gwot"
    assert window.menus.exchange.act_import_qdpx.isEnabled()


def test_file_dialogs_start_in_the_projects_folder(window, monkeypatch):
    """Export/Import project, the Excel/HTML/CSV exports, Open, New and Import documents."""
    asked: list[tuple[str, str]] = []

    def fake(parent, caption, folder="", filters="", replace=True):
        asked.append((caption, folder))
        return ("", "")

    for name in ("get_open_file_name", "get_save_file_name", "get_open_file_names"):
        monkeypatch.setattr(filedialogs, name, fake)
    here = Path(window.project.path).parent
    ex, files = window.menus.exchange, window.files
    for act in (ex.act_export_qdpx, ex.act_import_qdpx, ex.act_export_xlsx, ex.act_export_report,
                ex.act_new_from, files.act_open, files.act_new, files.act_import,
                files.act_export_segments, files.act_export_codebook):
        act.trigger()
    assert dict(asked) == {
        "Export project (REFI-QDA)": str(here / "corpus.qdpx"),
        "Import project (REFI-QDA)": str(here),
        "Export segments (Excel)": str(here / "segments.xlsx"),
        "Export segments report (HTML)": str(here / "segments.html"),
        "New project from REFI-QDA": str(here),
        "Open project": str(here),
        "New project": str(here / "study.gwot"),
        "Import documents": str(here),
        "Export coded segments": str(here / "segments.csv"),
        "Export codebook": str(here / "codebook.csv"),
    }
    assert len(asked) == 10


def test_start_in_without_a_project_is_home():
    assert filedialogs.start_in(None) == str(Path.home())
    assert filedialogs.start_in(None, "a.gwot") == str(Path.home() / "a.gwot")
    assert filedialogs.start_in("/x/y/p.gwot", "p.qdpx") == str(Path("/x/y/p.qdpx"))


def test_the_offered_name_is_free(window, qtbot, tmp_path, monkeypatch):
    """Beside the .qdpx with its stem, or the first free 'stem 2', 'stem 3'."""
    source = tmp_path / "team.qdpx"
    source.write_bytes(nvivo_windows())
    (tmp_path / "team.gwot").write_bytes(b"taken")
    (tmp_path / "team 2.gwot").write_bytes(b"taken")
    asked = pick(monkeypatch, source, "")
    assert window.menus.exchange.new_from_project() is None  # the save dialog was cancelled
    assert asked[1] == ("Save the new project as", str(tmp_path / "team 3.gwot"))
    assert filedialogs.free_name(tmp_path / "x.gwot") == tmp_path / "x.gwot"


def test_save_dialogs_for_new_projects_do_not_offer_to_replace(qtbot):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QFileDialog

    seen = []

    def look() -> None:
        d = QApplication.activeModalWidget()
        if not isinstance(d, QFileDialog):
            QTimer.singleShot(20, look)
            return
        seen.append(d.testOption(QFileDialog.Option.DontConfirmOverwrite))
        d.reject()

    for replace in (False, True):
        QTimer.singleShot(0, look)
        assert filedialogs.get_save_file_name(None, "Save", "", "", replace=replace) == ("", "")
    assert seen == [True, False]
