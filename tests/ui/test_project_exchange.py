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
