"""More of the team workflow: the agreement window's other units and variables against the
command line, Cancel, the clipboard; merge conflicts and the choice of version, refusals, a gone
backup; the coder filter across documents and after a join; the annotation model's filter under
QAbstractItemModelTester; a coder name with a comma read back by the command line."""

from __future__ import annotations

import csv

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QAbstractItemModelTester
from test_teams_window import bilal_copy, coded_by_two, coder_menu_action

from gwot_reader.cli import main as cli
from gwot_reader.core.coder import account_name, settings_coder, settings_path
from gwot_reader.store import Project
from gwot_reader.ui import filedialogs
from gwot_reader.ui.annotations_model import AnnotationsModel
from gwot_reader.ui.teams.agreement_model import Table, fmt, passage_cells
from gwot_reader.ui.teams.coder_filter import ALL, ONE, CoderChoice
from gwot_reader.ui.teams.coders_dialog import JoinCoders, RenameCoder
from gwot_reader.ui.teams.merge_preview import report


def cli_rows(project, tmp_path, *extra):
    out = tmp_path / "a.csv"
    assert cli(["agreement", str(project.path), "--coders", "Ayesha,Bilal", *extra, "-o", str(out)]) == 0
    with open(out, encoding="utf-8") as f:
        return list(csv.DictReader(f))


def window_rows(qtbot, window, unit="character", across=False, codes=()):
    dialog = window.agreement.show()
    dialog.check(dialog.coders, ["Ayesha", "Bilal"])
    dialog.unit.setCurrentText(unit)
    dialog.across.setChecked(across)
    dialog.check(dialog.codes, list(codes))
    dialog.run = None
    dialog.compute()
    qtbot.waitUntil(lambda: dialog.run is not None, timeout=10000)
    return dialog


def same(table: Table, rows: list[dict]) -> None:
    assert len(table.rows) == len(rows)
    for cells, r in zip(table.rows, rows, strict=True):
        assert list(cells[:2]) == [r["code"], r["document"]]
        assert cells[3:] == (fmt(float(r["percent_agreement"]), 2) if r["percent_agreement"] else "–",
                             fmt(float(r["cohen_kappa"]), 4) if r["cohen_kappa"] else "–",
                             fmt(float(r["krippendorff_alpha"]), 4) if r["krippendorff_alpha"] else "–")


@pytest.mark.parametrize("unit,across", [("paragraph", False), ("character", True),
                                         ("paragraph", True)])
def test_other_units_and_codes_as_one_variable_equal_the_command_line(
        qtbot, window, corpus_project, tmp_path, unit, across):
    coded_by_two(corpus_project)
    trust = corpus_project.codebook.get("Themes/Trust deficit").id
    buck = corpus_project.codebook.get("Themes/Buck-passing").id
    dialog = window_rows(qtbot, window, unit, across, [trust, buck])
    extra = ["--unit", unit, "--code", "Themes/Trust deficit", "--code", "Themes/Buck-passing"]
    same(dialog.stats, cli_rows(corpus_project, tmp_path, *extra, *(["--across"] if across else [])))
    assert f"{unit} units" in dialog.summary.text()


def test_a_category_checked_stands_for_its_codes(qtbot, window, corpus_project, tmp_path):
    coded_by_two(corpus_project)
    themes = corpus_project.codebook.get("Themes").id
    dialog = window_rows(qtbot, window, codes=[themes])
    same(dialog.stats, cli_rows(corpus_project, tmp_path, "--code", "Themes"))


def test_cancel_shows_nothing_and_says_so(qtbot, window, corpus_project, monkeypatch):
    coded_by_two(corpus_project)
    dialog = window.agreement.show()
    dialog.check(dialog.coders, ["Ayesha", "Bilal"])
    from gwot_reader.ui.teams import agreement_window

    def cancelled(project, progress, *args):
        progress(0, 3, "reading the codings")
        window.session.jobs.jobs[-1].cancel()  # the progress dialog's Cancel
        return agreement_window.agreement(project, *args[:2], progress=progress)

    monkeypatch.setattr(agreement_window, "compute", cancelled)
    with qtbot.waitSignal(window.session.message, timeout=10000) as told:
        dialog.compute()
    assert "stopped" in told.args[0]
    assert dialog.run is None and dialog.compute_button.isEnabled()
    assert dialog.stats.rowCount() == 0


def test_copy_table_puts_tab_separated_rows_on_the_clipboard(qtbot, window, corpus_project):
    coded_by_two(corpus_project)
    dialog = window_rows(qtbot, window)
    dialog.copy_button.click()
    text = QGuiApplication.clipboard().text()
    lines = text.splitlines()
    assert lines[0].split("\t") == ["Code", "Document", "Units", "% agreement", "Cohen's κ",
                                    "Krippendorff's α"]
    assert len(lines) == dialog.stats.rowCount() + 1
    assert lines[-1].startswith("*\t*\t")


def test_the_coder_list_follows_a_join_and_the_documents_follow_the_coders(qtbot, window,
                                                                          corpus_project):
    made = coded_by_two(corpus_project)
    dialog = window.agreement.show()
    docs = {c.document_id for c in made["Ayesha"]}
    checked = [dialog.docs.item(i).data(Qt.ItemDataRole.UserRole) for i in range(dialog.docs.count())
               if dialog.docs.item(i).checkState() == Qt.CheckState.Checked]
    assert set(checked) == docs
    dialog.check(dialog.coders, ["Ayesha"])
    dialog.coders.itemChanged.emit(dialog.coders.item(0))
    assert all(dialog.docs.item(i).checkState() == Qt.CheckState.Unchecked
               for i in range(dialog.docs.count()))
    corpus_project.codings.add(made["Ayesha"][0].document_id, made["Ayesha"][0].code_id, 300, 320,
                               coder="Chen")
    window.session.push(JoinCoders(corpus_project, "Chen", "Bilal"))
    names = [dialog.coders.item(i).data(Qt.ItemDataRole.UserRole) for i in range(dialog.coders.count())]
    assert names == ["Ayesha", "Bilal"]


def test_passage_cells_say_who_coded_nothing():
    from gwot_reader.ui.teams.agreement_model import Passage

    p = Passage(1, 2, 10, 20, (((10, 20),), ()), "Themes/X", "Doc", ("  some\ncoded   text ", ""))
    assert passage_cells(p) == ("Themes/X", "Doc", "10–20", "some coded text", "(not coded)")
    long = Passage(1, 2, 0, 900, (((0, 900),), ()), "X", "D", ("w " * 400, ""))
    assert passage_cells(long)[3].endswith("…") and len(passage_cells(long)[3]) == 240


# -- merging -------------------------------------------------------------------------------------
def test_conflicts_are_listed_and_the_choice_takes_the_files_version(qtbot, window, corpus_project,
                                                                    tmp_path, monkeypatch):
    path, _ = bilal_copy(corpus_project, tmp_path)
    with Project.open(path, coder="Bilal") as p:
        code = p.codebook.get("Themes/Buck-passing")
        p.codebook.update(code.id, name="Buck passing")
    monkeypatch.setattr(filedialogs, "get_open_file_name", lambda *a, **k: (str(path), ""))
    window.merge.action.trigger()
    qtbot.waitUntil(lambda: window.merge.preview is not None and window.merge.preview.isVisible(),
                    timeout=10000)
    first = window.merge.preview
    assert "Conflicts: 1" in first.text.toPlainText()
    assert "target's kept" in first.text.toPlainText()
    first.prefer.setCurrentIndex(1)  # take the merged file's version: the preview is made again
    qtbot.waitUntil(lambda: window.merge.preview is not first and window.merge.preview.isVisible(),
                    timeout=10000)
    second = window.merge.preview
    assert second.chosen_prefer() == "source" and "source's taken" in second.text.toPlainText()
    second.accept()
    qtbot.waitUntil(lambda: window.session.undo_stack.count() == 1, timeout=10000)
    assert corpus_project.codebook.find("Themes/Buck passing") is not None
    assert window.session.code_paths[code.id] == "Themes/Buck passing"  # the views follow


def test_a_file_that_is_not_a_project_is_refused_in_one_line(qtbot, window, corpus_project,
                                                           tmp_path, monkeypatch):
    fake = tmp_path / "notes.gwot"
    fake.write_text("not a project", encoding="utf-8")
    monkeypatch.setattr(filedialogs, "get_open_file_name", lambda *a, **k: (str(fake), ""))
    with qtbot.waitSignal(window.session.problem, timeout=10000) as problem:
        window.merge.action.trigger()
    assert "\n" not in problem.args[0] and "notes.gwot" in problem.args[0]
    assert window.merge.preview is None
    assert corpus_project.db.one("PRAGMA integrity_check")[0] == "ok"


def test_redo_of_a_merge_whose_rows_were_taken_meanwhile_is_refused_and_dropped(
        qtbot, window, corpus_project, tmp_path, monkeypatch):
    path, _ = bilal_copy(corpus_project, tmp_path)
    with Project.open(path, coder="Bilal") as p:
        p.documents.add("Bilal's notes", "Only in Bilal's copy.")
    monkeypatch.setattr(filedialogs, "get_open_file_name", lambda *a, **k: (str(path), ""))
    window.merge.action.trigger()
    qtbot.waitUntil(lambda: window.merge.preview is not None and window.merge.preview.isVisible(),
                    timeout=10000)
    window.merge.preview.accept()
    qtbot.waitUntil(lambda: window.session.undo_stack.count() == 1, timeout=10000)
    window.session.undo_stack.undo()
    assert len(corpus_project.documents.all()) == 5
    # another program adds a document meanwhile: it takes the merged document's id
    with Project.open(corpus_project.path, coder="other") as other:
        other.documents.add("Other's notes", "Made elsewhere.")
    window.session.check_outside_changes()
    with qtbot.waitSignal(window.session.problem) as problem:
        window.session.undo_stack.redo()
    assert "has changed since the merge" in problem.args[0] and "\n" not in problem.args[0]
    assert window.session.undo_stack.count() == 0  # dropped
    assert {d.name for d in corpus_project.documents.all()} >= {"Other's notes"}
    assert "Bilal's notes" not in {d.name for d in corpus_project.documents.all()}
    assert corpus_project.db.one("PRAGMA integrity_check")[0] == "ok"


def test_the_report_names_every_part():
    from gwot_reader.core.merge import MergePlan

    plan = MergePlan(codings_matched=3)
    text = report([("/a/b/chen.gwot", plan)])
    assert text.splitlines() == ["chen.gwot", "  Added: 0 documents, 0 codes, 0 codings, 0 memos",
                                 "  Already here: 0 documents, 0 codes, 3 codings, 0 memos",
                                 "  Conflicts: none"]


# -- filters ---------------------------------------------------------------------------------------
def test_the_filter_stays_with_the_pane_across_documents_and_falls_back_after_a_join(
        qtbot, window, corpus_project):
    made = coded_by_two(corpus_project)
    pane = window.area.panes[0]
    _, only_bilal = coder_menu_action(pane, "Bilal")
    only_bilal.trigger()
    other_doc = made["Bilal"][-1].document_id
    window.area.open_document(pane, other_doc)
    assert {c.coder for c in pane.view.text_view.shown_codings()} == {"Bilal"}
    window.session.push(JoinCoders(corpus_project, "Bilal", "Ayesha"))
    assert window.coder_filter.choice(pane) == CoderChoice(ALL, "", False)  # Bilal is gone
    assert {c.coder for c in pane.view.text_view.shown_codings()} == {"Ayesha"}
    window.session.undo_stack.undo()
    window.coder_filter.apply(pane, CoderChoice(ONE, "Bilal", True))
    assert pane.view.text_view.coder_filter() == (frozenset({"Bilal"}), True)


def test_the_annotation_model_filter_passes_the_model_tester(qtbot, corpus_project):
    made = coded_by_two(corpus_project)
    doc = made["Ayesha"][0].document_id
    model = AnnotationsModel()
    tester = QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    model.set_codings(doc, corpus_project.codings.all(doc))
    assert model.rowCount() == 4
    model.coder_filter = frozenset({"Ayesha"})
    model.set_codings(doc, corpus_project.codings.all(doc))
    assert {c.coder for c in model.codings()} == {"Ayesha"}
    bilal = made["Bilal"][0]
    model.upsert([bilal])  # another coder's coding is not listed
    assert bilal.id not in {c.id for c in model.codings()}
    moved = corpus_project.codings.set_span(made["Ayesha"][0].id, 0, 5)[1]
    model.upsert([moved])
    assert [c.start for c in model.codings()][0] == 0
    model.coder_filter = None
    model.set_codings(doc, corpus_project.codings.all(doc))
    assert model.rowCount() == 4
    del tester


# -- the name ---------------------------------------------------------------------------------------
def test_a_name_with_a_comma_reaches_the_command_line(window, corpus_project):
    window.identity.set_name("Khan, Ayesha")
    assert settings_coder(settings_path()) == "Khan, Ayesha"
    doc = corpus_project.documents.all()[0].name
    path = corpus_project.path
    assert cli(["code", str(path), "--doc", doc, "--start", "0", "--end", "4",
                "--code", "Trust deficit"]) == 0
    window.session.check_outside_changes()
    assert [c.coder for c in corpus_project.codings.all()] == ["Khan, Ayesha"]


def test_the_account_name():
    assert account_name("Ayesha Khan,Room 4,,", "akhan") == "Ayesha Khan"
    assert account_name("", "akhan") == "akhan"
    assert account_name(" , ", " ") == "researcher"
    assert account_name() == account_name()  # the system's answer, whatever it is


def test_cancel_during_a_merge_changes_nothing_and_says_so(qtbot, window, corpus_project, tmp_path,
                                                          monkeypatch):
    path, _ = bilal_copy(corpus_project, tmp_path)
    from gwot_reader.ui.teams import merge_ui

    real = merge_ui.merge_with_backup

    def cancelled_midway(project, sources, prefer, dry_run=False, progress=None, choices=None):
        window.session.jobs.jobs[-1].cancel()  # the progress dialog's Cancel
        return real(project, sources, prefer, dry_run, progress, choices)

    monkeypatch.setattr(merge_ui, "merge_with_backup", cancelled_midway)
    with qtbot.waitSignal(window.session.message, timeout=10000) as told:
        window.merge.merge(str(path), "target")
    assert "stopped" in told.args[0]
    assert corpus_project.codings.all() == []
    assert window.session.undo_stack.count() == 0


def test_the_merge_action_does_nothing_without_a_project(qtbot):
    from gwot_reader.ui.window import MainWindow

    w = MainWindow()
    qtbot.addWidget(w)
    assert w.merge.start_preview("/nowhere.gwot") is None
    dialog = w.agreement.show()
    assert dialog.coders.count() == 0 and dialog.docs.count() == 0
    w.close()


def test_the_tables_header_tooltips_alignment_and_text():
    table = Table()
    table.reset(["Code", "Document", "Units"], [("a", "b", "1"), ("c", "d", "2")], ["x", "y"])
    assert table.headerData(1, Qt.Orientation.Horizontal) == "Document"
    assert table.headerData(1, Qt.Orientation.Vertical) is None
    assert table.data(table.index(1, 2)) == "2"
    align = table.data(table.index(0, 2), Qt.ItemDataRole.TextAlignmentRole)
    assert align == int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    assert table.data(table.index(0, 0), Qt.ItemDataRole.ToolTipRole) is None
    assert table.payload(table.index(1, 0)) == "y" and table.payload(table.index(-1, 0)) is None
    assert table.as_tsv() == "Code\tDocument\tUnits\na\tb\t1\nc\td\t2\n"
    table.reset(["A", "B"], [("one", "two")], [], [("", "the whole text")])
    assert table.data(table.index(0, 1), Qt.ItemDataRole.ToolTipRole) == "the whole text"
    assert table.data(table.index(0, 0), Qt.ItemDataRole.ToolTipRole) is None
    assert fmt(None, 2) == "–" and fmt(0.12345, 4) == "0.1235"


def test_the_coders_dialog_enables_only_what_can_be_done(qtbot, window, corpus_project):
    window.act_coders.trigger()
    dialog = window.coders_dialog
    assert dialog.list.count() == 0
    assert not dialog.rename_button.isEnabled() and not dialog.join_button.isEnabled()
    assert dialog.rename() is False and dialog.join() is False
    doc = corpus_project.documents.all()[0].id
    code = corpus_project.codebook.get("Themes/Trust deficit").id
    corpus_project.codings.add(doc, code, 0, 5, coder="Ayesha")
    window.session.reload()  # as after another program's write
    assert dialog.list.count() == 1
    assert dialog.rename_button.isEnabled() and not dialog.join_button.isEnabled()  # no one to join
    corpus_project.codings.add(doc, code, 5, 9, coder="Bilal")
    window.session.reload()
    dialog.list.setCurrentRow(1)
    assert dialog.selected() == "Bilal" and dialog.join_button.isEnabled()
    assert [dialog.into.itemText(i) for i in range(dialog.into.count())] == ["Ayesha"]
    dialog.reject()


def test_a_read_only_project_takes_the_name_without_writing(qtbot, corpus_project, tmp_path):
    from gwot_reader.ui.window import MainWindow

    path = corpus_project.path
    corpus_project.close()
    ro = Project.open(path, read_only=True)
    w = MainWindow()
    qtbot.addWidget(w)
    w.identity.set_name("Ayesha")
    w.set_project(ro)
    assert w.session.coder == "Ayesha"
    assert "Ayesha" not in ro.coders.counts()  # nothing written to a read-only file
    w.close()


def test_only_me_follows_a_new_name_and_the_annotations_follow_the_focus(qtbot, window,
                                                                         corpus_project):
    coded_by_two(corpus_project)
    window.identity.set_name("Ayesha")
    left, right = window.area.panes[:2]
    window.area.open_document(right, left.document_id)
    window.coder_filter.apply(left, CoderChoice("me"))
    window.coder_filter.apply(right, CoderChoice(ONE, "Bilal"))
    window.area.set_focused(left)
    assert {c.coder for c in window.annotations_model.codings()} == {"Ayesha"}
    window.area.set_focused(right)
    assert {c.coder for c in window.annotations_model.codings()} == {"Bilal"}
    with qtbot.waitSignal(window.session.codersChanged):
        window.identity.set_name("Bilal")  # "only me" is Bilal now
    assert {c.coder for c in left.view.text_view.shown_codings()} == {"Bilal"}
    assert window.statusBar().currentMessage() == "Coding as Bilal"


def test_a_rename_reaches_the_annotation_pane_and_the_coder_menus(qtbot, window, corpus_project):
    coded_by_two(corpus_project)
    pane = window.area.panes[0]
    window.area.set_focused(pane)
    with qtbot.waitSignal(window.session.codersChanged):
        window.session.push(RenameCoder(corpus_project, "Bilal", "Bilal Ahmed"))
    coders = {window.annotations_model.index(r, 3).data()
              for r in range(window.annotations_model.rowCount())}
    assert coders == {"Ayesha", "Bilal Ahmed"}
    _, act = coder_menu_action(pane, "Bilal Ahmed")  # the menu lists the new name
    act.trigger()
    assert {c.coder for c in pane.view.text_view.shown_codings()} == {"Bilal Ahmed"}


def test_only_so_many_disagreements_are_listed(qtbot, window, corpus_project, monkeypatch):
    from gwot_reader.ui.teams import agreement_window

    coded_by_two(corpus_project)
    monkeypatch.setattr(agreement_window, "MAX_PASSAGES", 1)
    dialog = window_rows(qtbot, window)
    assert dialog.passages.rowCount() == 1
    assert "2 passage(s)" in dialog.passages_label.text()
    assert "the first 1 listed" in dialog.passages_label.text()
