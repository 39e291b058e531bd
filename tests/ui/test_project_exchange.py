"""File > Export project (REFI-QDA)… and File > Import project… (with a preview), in the window."""

from __future__ import annotations

import zipfile

from qdpx_samples import nvivo_windows

from gwot_reader.exchange.qdpx import import_qdpx
from gwot_reader.store import Project


def test_menu_holds_both_actions(window):
    titles = [a.text() for a in window.menuBar().actions()[0].menu().actions()]
    assert "Export project (REFI-QDA)…" in titles and "Import project (REFI-QDA)…" in titles


def test_segments_workbook_and_report_from_the_window(window, qtbot, tmp_path):
    p = window.project
    doc = p.documents.all()[0]
    code = next(c for c in p.codebook.all() if not c.is_category)
    p.codings.add(doc.id, code.id, 5, 30)
    for fn, name in ((window.menus.exchange.export_xlsx, "s.xlsx"),
                     (window.menus.exchange.export_report, "r.html")):
        window.statusBar().clearMessage()
        job = fn(tmp_path / name)
        qtbot.waitUntil(lambda job=job: job.handled
                        and "Exported 1 coded segments" in window.statusBar().currentMessage(),
                        timeout=20000)
        assert (tmp_path / name).stat().st_size > 0


def test_export_from_the_window_comes_back(window, qtbot, tmp_path):
    p = window.project
    doc = p.documents.all()[0]
    code = next(c for c in p.codebook.all() if not c.is_category)
    coding = p.codings.add(doc.id, code.id, 5, 30, memo="from the window")
    out = tmp_path / "w.qdpx"
    job = window.menus.exchange.export_project(out)
    qtbot.waitUntil(lambda: job.handled
                    and "Exported the project" in window.statusBar().currentMessage(), timeout=20000)
    assert zipfile.is_zipfile(out)
    with Project.create(tmp_path / "back.gwot") as back:
        import_qdpx(back, out)
        again = back.codings.find(coding.guid) or back.codings.all()[0]
        assert (again.guid, again.start, again.end, again.memo) == (coding.guid, 5, 30,
                                                                    "from the window")


def test_import_shows_a_preview_then_imports_and_refreshes(window, qtbot, tmp_path):
    path = tmp_path / "nvivo.qdpx"
    path.write_bytes(nvivo_windows())
    seen = []

    def confirm(lines, name):
        seen.append(lines)
        return True

    before = window.documents_model.rowCount()
    job = window.menus.exchange.import_project(path, confirm=confirm)
    qtbot.waitUntil(lambda: job.handled and bool(seen), timeout=20000)
    text = "\n".join(seen[0])
    assert "NVivo for Windows 12.6" in text and "UTF-16" in text
    assert "Codings: 4 (4 exact, 0 re-anchored, 0 dropped)" in text and "Sources: 1" in text
    exchange = window.menus.exchange
    qtbot.waitUntil(lambda: hasattr(exchange, "report_box") and exchange.last_import.handled,
                    timeout=20000)
    assert "4 codings (4 exact" in exchange.report_box.text()
    assert window.documents_model.rowCount() == before + 1
    assert window.project.codebook.find_by_guid("4D62F0CC-182F-44B8-A043-339C90779E9E") is not None
    exchange.report_box.close()


def test_import_cancelled_at_the_preview_changes_nothing(window, qtbot, tmp_path):
    path = tmp_path / "nvivo.qdpx"
    path.write_bytes(nvivo_windows())
    before = window.project.stats()
    job = window.menus.exchange.import_project(path, confirm=lambda lines, name: False)
    qtbot.waitUntil(lambda: job.handled, timeout=20000)
    qtbot.waitUntil(lambda: "Nothing was imported" in window.statusBar().currentMessage(),
                    timeout=5000)
    assert window.project.stats() == before


def test_a_hostile_archive_is_one_line_and_changes_nothing(window, qtbot, tmp_path):
    bad = tmp_path / "bad.qdpx"
    with zipfile.ZipFile(bad, "w") as zf:
        zf.writestr("../evil.qde", "<Project/>")
    errors = []
    window.session.problem.connect(lambda message, dialog=False: errors.append(message))
    before = window.project.stats()
    job = window.menus.exchange.import_project(bad, confirm=lambda lines, name: True)
    qtbot.waitUntil(lambda: job.handled and bool(errors), timeout=20000)
    assert "unsafe file name" in errors[0] and "\n" not in errors[0]
    assert window.project.stats() == before


def test_import_brings_sets_and_variables_into_the_window_and_export_takes_them_out(
        window, qtbot, tmp_path):
    """A MAXQDA-shaped file through File > Import project: its document sets show in the
    Documents list's menu, its variables as columns of the variables table; File > Export project
    writes them back from the tables."""
    from pathlib import Path

    from lxml import etree
    from PySide6.QtCore import Qt

    vendors = Path(__file__).resolve().parents[1] / "fixtures" / "refi-qda" / "vendors"
    seen = []
    exchange = window.menus.exchange
    job = exchange.import_project(vendors / "maxqda-24.qdpx",
                                  confirm=lambda lines, name: seen.append(lines) or True)
    qtbot.waitUntil(lambda: job.handled and bool(seen), timeout=20000)
    assert "Sets: 2" in seen[0] and "Variables: 2" in seen[0]
    qtbot.waitUntil(lambda: hasattr(exchange, "report_box") and exchange.last_import.handled,
                    timeout=20000)
    assert "2 document sets" in exchange.report_box.text()
    exchange.report_box.close()
    p = window.project
    four = p.documents.get("Interview 4")
    # the Documents list: select the imported document, its sets are ticked in the menu
    model, view = window.documents_model, window.documents_view
    view.setCurrentIndex(model.index(next(i for i, d in enumerate(model.documents())
                                          if d.id == four.id), 0))
    menu = window.documents_ui.list_actions.build_menu()
    sets_menu = next(a.menu() for a in menu.actions() if a.menu() is not None)
    ticked = {a.text() for a in sets_menu.actions() if a.isCheckable() and a.isChecked()}
    assert ticked == {"Khyber Pakhtunkhwa", "All interviews"}
    # the variables table has the file's variables as columns, with their values
    dialog = window.documents_ui.show_variables()
    qtbot.waitExposed(dialog)
    headers = [dialog.model.headerData(c, Qt.Orientation.Horizontal)
               for c in range(dialog.model.columnCount())]
    assert "City" in headers and "Duration (min)" in headers
    row = next(i for i, d in enumerate(dialog.model.docs) if d.id == four.id)
    assert dialog.model.data(dialog.model.index(row, headers.index("City"))) == "Peshawar"
    dialog.close()
    # a set edited in the window goes out as edited
    p.sets.remove_members(p.sets.get("All interviews").id, [four.id])
    out = tmp_path / "back.qdpx"
    job = exchange.export_project(out)
    qtbot.waitUntil(lambda: job.handled
                    and "Exported the project" in window.statusBar().currentMessage(), timeout=20000)
    with zipfile.ZipFile(out) as zf:
        root = etree.fromstring(zf.read("project.qde"))
    ns = {"q": "urn:QDA-XML:project:1.0"}
    members = {s.get("name"): [m.get("targetGUID") for m in s.iterfind("q:MemberSource", ns)]
               for s in root.iterfind("q:Sets/q:Set", ns)}
    five = p.documents.get("Interview 5")
    assert members == {"Khyber Pakhtunkhwa": [four.guid], "All interviews": [five.guid]}
    types = {v.get("name"): v.get("typeOfVariable") for v in root.iterfind("q:Variables/q:Variable", ns)}
    assert types["City"] == "Text" and types["Duration (min)"] == "Integer"
