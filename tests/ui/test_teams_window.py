"""The team workflow through the real window: who codes, coder filters and lanes, renaming and
joining coders with undo, the Agreement window against the command line, merging from the menu."""

from __future__ import annotations

import csv

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QToolButton
from test_window import code_id, double_click_code, first_pane_passage, select

from gwot_reader.cli import main as cli
from gwot_reader.core.coder import settings_coder, settings_path
from gwot_reader.store import Project
from gwot_reader.ui import filedialogs
from gwot_reader.ui.teams.coder_filter import ALL, ME, ONE, CoderChoice
from gwot_reader.ui.teams.identity import stored_name


def coded_by_two(project, doc_ids=None) -> dict[str, list]:
    """Ayesha and Bilal code the first 300 characters of two documents, overlapping, unlike."""
    trust = project.codebook.get("Themes/Trust deficit").id
    sovereignty = project.codebook.get("Themes/Buck-passing").id
    docs = doc_ids or [d.id for d in project.documents.all()[:2]]
    made: dict[str, list] = {"Ayesha": [], "Bilal": []}
    for doc in docs:
        made["Ayesha"].append(project.codings.add(doc, trust, 10, 120, coder="Ayesha"))
        made["Ayesha"].append(project.codings.add(doc, sovereignty, 150, 260, coder="Ayesha"))
        made["Bilal"].append(project.codings.add(doc, trust, 30, 140, coder="Bilal"))
        made["Bilal"].append(project.codings.add(doc, sovereignty, 150, 260, coder="Bilal"))
    return made


def coder_menu_action(pane, text: str):
    button = pane.findChild(QToolButton, "coder_filter")
    menu = button.menu()
    menu.aboutToShow.emit()
    [act] = [a for a in menu.actions() if a.text() == text]
    return button, act


# -- who is coding -------------------------------------------------------------------------------
def test_the_first_launch_asks_who_is_coding_and_keeps_the_name(qtbot, corpus_project, monkeypatch):
    from gwot_reader.ui.app import show_window

    monkeypatch.setenv("GWOT_CODER", "Ayesha Khan")
    assert stored_name() == ""
    w = show_window(corpus_project)  # the launcher's own path: the project loads after a paint
    qtbot.addWidget(w)
    qtbot.waitUntil(lambda: w.identity.dialog is not None and w.identity.dialog.isVisible(),
                    timeout=5000)
    dialog = w.identity.dialog
    assert dialog.windowTitle() == "Who is coding?"
    assert dialog.name.text() == "Ayesha Khan"  # prefilled (GWOT_CODER, else the account's name)
    dialog.name.clear()
    assert not dialog.ok.isEnabled()  # no empty name
    qtbot.keyClicks(dialog.name, "Bilal Ahmed")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert stored_name() == "Bilal Ahmed"
    assert settings_coder(settings_path()) == "Bilal Ahmed"  # the command line reads the same entry
    assert w.session.coder == "Bilal Ahmed" == corpus_project.coder
    assert corpus_project.coders.counts()["Bilal Ahmed"] == 0  # a coder row before any coding
    assert w.identity.ask_if_unknown() is None  # asked once per machine
    w.session.detach()
    w.close()


def test_cancelling_the_first_prompt_codes_under_the_default_name(qtbot, window, monkeypatch):
    monkeypatch.setenv("GWOT_CODER", "Chen")
    dialog = window.identity.ask_if_unknown()
    dialog.reject()
    assert window.session.coder == "Chen" and stored_name() == ""


def test_a_coding_made_in_the_window_records_the_coder_and_preferences_change_it(
        qtbot, window, corpus_project):
    window.identity.set_name("Ayesha")
    pane = window.area.panes[0]
    passage, _, _ = first_pane_passage(window)
    select(window, pane, passage)
    double_click_code(qtbot, window, code_id(corpus_project, "Themes/Trust deficit"))
    [c] = corpus_project.codings.all(pane.document_id)
    assert c.coder == "Ayesha"
    assert window.annotations_model.index(0, 3).data() == "Ayesha"

    window.identity.act_preferences.trigger()
    dialog = window.identity.dialog
    assert dialog.windowTitle() == "Preferences" and dialog.name.text() == "Ayesha"
    dialog.name.setText("  Dana Rahman ")
    dialog.accept()
    assert stored_name() == "Dana Rahman"
    passage2, _, _ = first_pane_passage(window, offset=400)
    select(window, pane, passage2)
    double_click_code(qtbot, window, code_id(corpus_project, "Themes/Buck-passing"))
    assert sorted(c.coder for c in corpus_project.codings.all(pane.document_id)) == [
        "Ayesha", "Dana Rahman"]
    out = corpus_project.path.with_suffix(".csv")
    assert cli(["export", str(corpus_project.path), "--format", "segments-csv", "-o", str(out)]) == 0
    with open(out, encoding="utf-8") as f:
        assert sorted(r["coder"] for r in csv.DictReader(f)) == ["Ayesha", "Dana Rahman"]


def test_a_new_window_codes_under_the_kept_name(qtbot, window, corpus_project):
    window.identity.set_name("Ayesha")
    from gwot_reader.ui.window import MainWindow

    other = MainWindow()
    qtbot.addWidget(other)
    assert other.session.coder_name == "Ayesha"


# -- coder filters and lanes ----------------------------------------------------------------------
def test_the_coders_button_filters_the_pane_and_the_annotations(qtbot, window, corpus_project):
    made = coded_by_two(corpus_project)
    window.identity.set_name("Bilal")
    pane = window.area.panes[0]
    window.area.set_focused(pane)
    view = pane.view.text_view
    QApplication.processEvents()
    assert {c.coder for c in view.shown_codings()} == {"Ayesha", "Bilal"}
    button, only_ayesha = coder_menu_action(pane, "Ayesha")
    assert button.text() == "All coders"
    only_ayesha.trigger()
    assert button.text() == "Ayesha"
    assert {c.id for c in view.shown_codings()} == {c.id for c in made["Ayesha"]
                                                     if c.document_id == pane.document_id}
    pane.view.text_view.margin().repaint()
    stripes = pane.view.text_view.margin().stripes
    assert stripes and {s.coding.coder for s in stripes} == {"Ayesha"}
    assert {c.coder for c in window.annotations_model.codings()} == {"Ayesha"}
    # the filter also keeps other coders' highlights out of the hover and the context menu
    area = view.text_edit()
    frame = area.frame()
    rect = area.coding_rects(frame, made["Bilal"][0])[0]
    assert all(c.coder == "Ayesha" for c in area.codings_at_point(rect.center()))

    _, me = coder_menu_action(pane, "Only me (Bilal)")
    me.trigger()
    assert window.coder_filter.choice(pane).mode == ME
    assert {c.coder for c in view.shown_codings()} == {"Bilal"}
    assert {c.coder for c in window.annotations_model.codings()} == {"Bilal"}
    # the other pane keeps showing everyone
    other = window.area.panes[1]
    assert {c.coder for c in other.view.text_view.shown_codings()} == {"Ayesha", "Bilal"}
    _, every = coder_menu_action(pane, "All coders")
    every.trigger()
    assert window.coder_filter.choice(pane) == CoderChoice(ALL, "", False)
    assert len(window.annotations_model.codings()) == 4


def test_each_coder_in_their_own_lane(qtbot, window, corpus_project):
    coded_by_two(corpus_project)
    pane = window.area.panes[0]
    margin = pane.view.text_view.margin()
    _, lanes = coder_menu_action(pane, "Each coder in their own lane")
    lanes.trigger()
    assert pane.findChild(QToolButton, "coder_filter").text() == "All coders · lanes"
    margin.repaint()
    xs = {}
    for s in margin.stripes:
        xs.setdefault(s.coding.coder, set()).add(round(s.rect.left()))
    assert set(xs) == {"Ayesha", "Bilal"}
    assert not xs["Ayesha"] & xs["Bilal"]  # no lane shared between coders
    assert min(xs["Ayesha"]) > max(xs["Bilal"])  # the first coder by name nearest the text
    _, lanes = coder_menu_action(pane, "Each coder in their own lane")
    lanes.trigger()  # off again: lanes are shared by whoever fits
    margin.repaint()
    assert window.coder_filter.choice(pane).lanes is False


# -- renaming and joining ------------------------------------------------------------------------
def test_join_a_misspelt_coder_into_the_right_name_and_undo(qtbot, window, corpus_project):
    made = coded_by_two(corpus_project)
    doc = made["Ayesha"][0].document_id
    typo = corpus_project.codings.add(doc, made["Ayesha"][0].code_id, 400, 450, coder="Aysha")
    window.act_coders.trigger()
    dialog = window.coders_dialog
    names = [dialog.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(dialog.list.count())]
    assert {"Ayesha", "Aysha", "Bilal"} <= set(names)
    dialog.list.setCurrentRow(names.index("Aysha"))
    dialog.into.setCurrentText("Ayesha")
    qtbot.mouseClick(dialog.join_button, Qt.MouseButton.LeftButton)
    assert corpus_project.codings.find(typo.id).coder == "Ayesha"
    assert "Aysha" not in corpus_project.coders.counts()
    assert window.session.undo_stack.undoText() == "Join coder 'Aysha' into 'Ayesha'"
    pane = next(p for p in window.area.panes if p.document_id == doc)
    assert {c.coder for c in pane.view.codings()} == {"Ayesha", "Bilal"}  # the views follow
    window.session.undo_stack.undo()
    back = corpus_project.codings.find(typo.id)
    assert (back.coder, back.guid) == ("Aysha", typo.guid)
    assert corpus_project.coders.counts()["Aysha"] == 1
    assert "Aysha" in {c.coder for c in pane.view.codings()}
    window.session.undo_stack.redo()
    assert corpus_project.codings.find(typo.id).coder == "Ayesha"


def test_rename_a_coder_and_undo_and_a_taken_name_is_refused(qtbot, window, corpus_project):
    coded_by_two(corpus_project)
    window.act_coders.trigger()
    dialog = window.coders_dialog
    rows = {dialog.list.item(i).data(Qt.ItemDataRole.UserRole): i for i in range(dialog.list.count())}
    dialog.list.setCurrentRow(rows["Bilal"])
    assert dialog.new_name.text() == "Bilal"
    dialog.new_name.setText("Bilal Ahmed")
    qtbot.mouseClick(dialog.rename_button, Qt.MouseButton.LeftButton)
    assert corpus_project.coders.counts()["Bilal Ahmed"] == 4
    assert "Bilal" not in corpus_project.coders.counts()
    assert any("Bilal Ahmed" in dialog.list.item(i).text() for i in range(dialog.list.count()))
    window.session.undo_stack.undo()
    assert corpus_project.coders.counts()["Bilal"] == 4
    # a name that is taken: refused with the reason, nothing pushed
    rows = {dialog.list.item(i).data(Qt.ItemDataRole.UserRole): i for i in range(dialog.list.count())}
    dialog.list.setCurrentRow(rows["Bilal"])
    dialog.new_name.setText("Ayesha")
    depth = window.session.undo_stack.count()
    with qtbot.waitSignal(window.session.writeFailed) as failed:
        qtbot.mouseClick(dialog.rename_button, Qt.MouseButton.LeftButton)
    assert "join" in failed.args[0]
    assert window.session.undo_stack.count() == depth


def test_renaming_yourself_changes_the_name_you_code_under(qtbot, window, corpus_project):
    window.identity.set_name("Ayesha")
    coded_by_two(corpus_project)
    window.act_coders.trigger()
    dialog = window.coders_dialog
    rows = {dialog.list.item(i).data(Qt.ItemDataRole.UserRole): i for i in range(dialog.list.count())}
    assert "(you)" in dialog.list.item(rows["Ayesha"]).text()
    dialog.list.setCurrentRow(rows["Ayesha"])
    dialog.new_name.setText("Ayesha Khan")
    dialog.rename()
    assert window.session.coder == "Ayesha Khan" == stored_name()
    window.session.undo_stack.undo()
    assert window.session.coder == "Ayesha" == stored_name()


# -- agreement -----------------------------------------------------------------------------------
def computed(qtbot, window):
    dialog = window.agreement.show()
    dialog.check(dialog.coders, ["Ayesha", "Bilal"])
    qtbot.mouseClick(dialog.compute_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.run is not None, timeout=10000)
    return dialog


def test_the_agreement_window_gives_the_figures_of_the_command_line(qtbot, window, corpus_project,
                                                                   tmp_path):
    coded_by_two(corpus_project)
    [analysis] = [a.menu() for a in window.menuBar().actions() if a.text() == "&Analysis"]
    assert window.agreement.action in analysis.actions()
    dialog = computed(qtbot, window)
    out = tmp_path / "agreement.csv"
    assert cli(["agreement", str(corpus_project.path), "--coders", "Ayesha,Bilal", "-o", str(out)]) == 0
    with open(out, encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    table = dialog.stats
    assert len(table.rows) == len(rows)
    for cells, r in zip(table.rows, rows, strict=True):
        assert (cells[0], cells[1]) == (r["code"], r["document"])
        assert int(cells[2].replace(",", "")) == int(r["n_units"])
        for cell, key in ((cells[3], "percent_agreement"), (cells[4], "cohen_kappa"),
                          (cells[5], "krippendorff_alpha")):
            assert (cell == "–") == (r[key] == "")
            if r[key]:
                assert float(cell) == float(r[key])
    assert "agreement" in dialog.summary.text() and "Krippendorff" in dialog.summary.text()
    assert "Trust deficit" in table.as_tsv() and table.as_tsv().count("\n") == len(rows) + 1


def test_a_disagreement_opens_side_by_side_one_coder_in_each_pane(qtbot, window, corpus_project):
    made = coded_by_two(corpus_project)
    dialog = computed(qtbot, window)
    # Trust deficit differs in both documents (10-120 against 30-140); Sovereignty agrees
    assert dialog.passages.rowCount() == 2
    first = dialog.passages.payloads[0]
    text = corpus_project.documents.text(first.document_id)
    assert (first.start, first.end) == (10, 140)
    assert first.texts == (text[10:120], text[30:140])
    assert dialog.passages.header[3:] == ["Ayesha", "Bilal"]
    view = dialog.passages_view
    index = dialog.passages.index(1, 3)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center())
    second = dialog.passages.payloads[1]
    left, right = window.area.panes[:2]
    assert left.document_id == right.document_id == second.document_id
    assert window.coder_filter.choice(left) == CoderChoice(ONE, "Ayesha")
    assert window.coder_filter.choice(right) == CoderChoice(ONE, "Bilal")
    assert {c.id for c in left.view.text_view.shown_codings()} == {
        c.id for c in made["Ayesha"] if c.document_id == second.document_id}
    assert left.view.text_edit().textCursor().position() == second.start


def test_agreement_needs_two_coders(qtbot, window, corpus_project):
    coded_by_two(corpus_project)
    dialog = window.agreement.show()
    dialog.check(dialog.coders, ["Ayesha"])
    dialog.compute()
    assert "two or more" in dialog.summary.text() and dialog.run is None


# -- merging -------------------------------------------------------------------------------------
def bilal_copy(corpus_project, tmp_path):
    """Bilal's copy of the project (same GUIDs), with two codings of his."""
    path = tmp_path / "bilal.gwot"
    cli(["backup", str(corpus_project.path), "-o", str(path)])
    with Project.open(path, coder="Bilal") as p:
        doc = p.documents.all()[0].id
        code = p.codebook.get("Themes/Trust deficit").id
        added = [p.codings.add(doc, code, 5, 50, memo="framing"), p.codings.add(doc, code, 60, 90)]
    return path, [c.guid for c in added]


def test_merge_a_coders_project_from_the_menu_with_a_preview_and_undo(qtbot, window, corpus_project,
                                                                      tmp_path, monkeypatch):
    path, guids = bilal_copy(corpus_project, tmp_path)
    monkeypatch.setattr(filedialogs, "get_open_file_name", lambda *a, **k: (str(path), ""))
    window.merge.action.trigger()
    qtbot.waitUntil(lambda: window.merge.preview is not None and window.merge.preview.isVisible(),
                    timeout=10000)
    preview = window.merge.preview
    report = preview.text.toPlainText()
    assert "Added: 0 documents, 0 codes, 2 codings, 0 memos" in report
    assert "Already here: 5 documents" in report and "Conflicts: none" in report
    assert corpus_project.codings.all() == []  # the preview changed nothing
    qtbot.mouseClick(preview.merge_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(corpus_project.codings.all()) == 2, timeout=10000)
    merged = {c.guid: c for c in corpus_project.codings.all()}
    assert set(merged) == set(guids) and {c.coder for c in merged.values()} == {"Bilal"}
    assert "framing" in {c.memo for c in merged.values()}
    qtbot.waitUntil(lambda: window.session.undo_stack.count() == 1, timeout=5000)
    assert window.session.undo_stack.undoText() == "Merge bilal.gwot"
    pane = window.area.panes[0]
    assert len(pane.view.codings()) == 2  # the views show the merged codings
    window.session.undo_stack.undo()
    assert corpus_project.codings.all() == []
    assert pane.view.codings() == []
    assert corpus_project.history.all(limit=1)[0].action == "undo merge"
    window.session.undo_stack.redo()
    assert {c.guid for c in corpus_project.codings.all()} == set(guids)
    # merging the same file again adds nothing: the Merge button says so
    window.merge.action.trigger()
    qtbot.waitUntil(lambda: window.merge.preview is not preview and window.merge.preview.isVisible(),
                    timeout=10000)
    assert not window.merge.preview.merge_button.isEnabled()
    assert "Added: 0 documents, 0 codes, 0 codings" in window.merge.preview.text.toPlainText()
    assert "2 codings, 0 memos" in window.merge.preview.text.toPlainText()  # already here
    window.merge.preview.reject()


def test_merge_a_refi_qda_project_from_the_menu(qtbot, window, corpus_project, tmp_path, monkeypatch):
    path, guids = bilal_copy(corpus_project, tmp_path)
    qdpx = tmp_path / "bilal.qdpx"
    assert cli(["export", str(path), "--format", "qdpx", "-o", str(qdpx)]) == 0
    monkeypatch.setattr(filedialogs, "get_open_file_name", lambda *a, **k: (str(qdpx), ""))
    window.merge.action.trigger()
    qtbot.waitUntil(lambda: window.merge.preview is not None and window.merge.preview.isVisible(),
                    timeout=20000)
    assert "0 codes, 2 codings" in window.merge.preview.text.toPlainText()
    window.merge.preview.accept()
    qtbot.waitUntil(lambda: len(corpus_project.codings.all()) == 2, timeout=20000)
    assert {c.guid for c in corpus_project.codings.all()} == set(guids)
    assert {c.coder for c in corpus_project.codings.all()} == {"Bilal"}


def test_merging_the_project_into_itself_is_refused(qtbot, window, corpus_project, monkeypatch):
    monkeypatch.setattr(filedialogs, "get_open_file_name",
                        lambda *a, **k: (str(corpus_project.path), ""))
    with qtbot.waitSignal(window.session.problem, timeout=10000) as problem:
        window.merge.action.trigger()
    assert "is the project itself" in problem.args[0]
    assert corpus_project.codings.all() == []
