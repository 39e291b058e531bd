"""File > Merge project… with a choice per conflict: the preview's table, Preview again, the
merge applying each row's choice, and Edit > Undo / Redo of the merge through the menu,
checked in the project file."""

from __future__ import annotations

from PySide6.QtCore import Qt
from test_merge_undo import preface_copy

from gwot_reader.store import Project
from gwot_reader.ui import filedialogs


def conflicting_copy(corpus_project, tmp_path):
    """Ayesha (this project) and Bilal (a copy) both renamed a code, and Bilal edited a
    document's text and coded after his edit; both coded once before."""
    shared = corpus_project.codings.add(corpus_project.documents.all()[1].id,
                                        corpus_project.codebook.get("Themes/Trust deficit").id,
                                        0, 20, coder="Ayesha")
    path, doc = preface_copy(corpus_project, tmp_path)
    with Project.open(path, coder="Bilal") as p:
        trust = p.codebook.get("Themes/Trust deficit")
        coded = p.codings.add(doc.id, trust.id, 10, 70)
        p.codebook.update(trust.id, name="Trust gap")
        p.codings.set_span(p.codings.get(shared.guid).id, 0, 25)
    corpus_project.codebook.update(corpus_project.codebook.get("Themes/Trust deficit").id,
                                   name="Low trust")
    return path, doc, coded.guid, shared.guid, trust.guid


def open_preview(qtbot, window, path, monkeypatch, previous=None):
    monkeypatch.setattr(filedialogs, "get_open_file_name", lambda *a, **k: (str(path), ""))
    if previous is None:
        window.merge.action.trigger()
    qtbot.waitUntil(lambda: window.merge.preview is not None and window.merge.preview is not previous
                    and window.merge.preview.isVisible(), timeout=10000)
    return window.merge.preview


def rows(preview):
    return {preview.table.item(r, 0).text(): r for r in range(preview.table.rowCount())}


def test_each_conflict_has_its_choice_and_the_merge_applies_it_then_undo_and_redo(
        qtbot, window, corpus_project, tmp_path, monkeypatch):
    path, doc, coded, shared, trust_guid = conflicting_copy(corpus_project, tmp_path)
    before = {c.guid: c for c in corpus_project.codings.all()}
    preview = open_preview(qtbot, window, path, monkeypatch)
    at = rows(preview)
    assert set(at) == {"document text", "code moved or renamed", "coding"}
    doc_box = preview.choice_box(at["document text"])
    assert [doc_box.itemData(i) for i in range(doc_box.count())] == ["both", "target"]
    assert doc_box.currentData() == "both"  # today's rule is the default
    assert preview.choice_box(at["coding"]).currentData() == "target"
    assert preview.table.item(at["code moved or renamed"], 1).text() == "Themes/Trust gap"
    assert "Added: 1 document" in preview.text.toPlainText()

    # keep this project's text: Preview again says Bilal's coding moves onto it
    preview.choose(at["document text"], "target")
    preview.choose(at["code moved or renamed"], "source")
    qtbot.mouseClick(preview.again_button, Qt.MouseButton.LeftButton)
    second = open_preview(qtbot, window, path, monkeypatch, previous=preview)
    at = rows(second)
    assert second.choice_box(at["document text"]).currentData() == "target"
    assert second.choice_box(at["code moved or renamed"]).currentData() == "source"
    assert second.choice_box(at["coding"]).currentData() == "target"
    assert "Added: 0 documents" in second.text.toPlainText()
    assert "codings moved onto it" in second.text.toPlainText()
    second.choose(at["coding"], "source")
    qtbot.mouseClick(second.merge_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.session.undo_stack.count() == 1, timeout=10000)

    merged = {c.guid: c for c in corpus_project.codings.all()}
    assert set(merged) == set(before) | {coded}
    assert merged[coded].document_id == doc.id and merged[coded].start == 0  # onto our text
    assert merged[shared].end == 25  # Bilal's version of the shared coding, as chosen
    assert corpus_project.codebook.get(trust_guid).name == "Trust gap"
    assert len(corpus_project.documents.all()) == 5
    assert window.session.code_paths[corpus_project.codebook.get(trust_guid).id] == "Themes/Trust gap"

    window.menus.act_undo.trigger()  # Edit > Undo: one transaction, no copy of the project
    assert {c.guid: c for c in corpus_project.codings.all()} == before
    assert corpus_project.codebook.get(trust_guid).name == "Low trust"
    assert window.session.code_paths[corpus_project.codebook.get(trust_guid).id] == "Themes/Low trust"
    assert corpus_project.history.all(limit=1)[0].action == "undo merge"
    with Project.open(corpus_project.path) as other:  # the file itself, read afresh
        assert {c.guid for c in other.codings.all()} == set(before)
        assert "Bilal" not in other.coders.names()

    window.menus.act_redo.trigger()
    assert {c.guid: c for c in corpus_project.codings.all()} == merged
    assert corpus_project.codebook.get(trust_guid).name == "Trust gap"
    pane = window.area.panes[0]
    window.area.open_document(pane, doc.id)
    assert merged[coded].id in {c.id for c in pane.view.codings()}  # the views follow the redo
    assert corpus_project.db.one("PRAGMA integrity_check")[0] == "ok"


def test_a_new_rule_for_every_conflict_keeps_the_rows_chosen_one_by_one(
        qtbot, window, corpus_project, tmp_path, monkeypatch):
    path, *_ = conflicting_copy(corpus_project, tmp_path)
    preview = open_preview(qtbot, window, path, monkeypatch)
    at = rows(preview)
    preview.choose(at["coding"], "source")
    preview.prefer.setCurrentIndex(1)  # take the file's version everywhere: a new preview
    second = open_preview(qtbot, window, path, monkeypatch, previous=preview)
    at = rows(second)
    assert second.choice_box(at["code moved or renamed"]).currentData() == "source"
    assert second.choice_box(at["coding"]).currentData() == "source"
    second.choose(at["coding"], "target")  # back to this project's version for this one
    second.prefer.setCurrentIndex(0)
    third = open_preview(qtbot, window, path, monkeypatch, previous=second)
    at = rows(third)
    assert third.choice_box(at["coding"]).currentData() == "target"
    assert third.choice_box(at["code moved or renamed"]).currentData() == "target"
    assert third.choices() == {}
    third.reject()
    assert window.session.undo_stack.count() == 0


def test_a_choice_alone_can_make_a_merge_of_a_file_that_adds_nothing(qtbot, window, corpus_project,
                                                                     tmp_path, monkeypatch):
    path, _, _, shared, _ = conflicting_copy(corpus_project, tmp_path)
    preview = open_preview(qtbot, window, path, monkeypatch)
    preview.accept()  # the defaults: Bilal's document is added, the rest stays ours
    qtbot.waitUntil(lambda: window.session.undo_stack.count() == 1, timeout=10000)
    again = open_preview(qtbot, window, path, monkeypatch, previous=None)
    assert not again.merge_button.isEnabled()  # nothing to add...
    at = rows(again)
    again.choose(at["coding"], "source")  # ...until Bilal's version of a coding is chosen
    assert again.merge_button.isEnabled()
    assert again.choices() == {f"coding:{shared}": "source"}
    again.accept()
    qtbot.waitUntil(lambda: window.session.undo_stack.count() == 2, timeout=10000)
    assert corpus_project.codings.get(shared).end == 25
    window.menus.act_undo.trigger()
    assert corpus_project.codings.get(shared).end == 20  # its earlier content back


def test_the_preview_table_names_each_conflict_and_keeps_earlier_choices(qtbot, window):
    from gwot_reader.core.merge import Conflict, MergePlan
    from gwot_reader.ui.teams.merge_preview import MergePreview

    plan = MergePlan(conflicts=[
        Conflict("document text", "Doc", "the text differs", "both kept", "D1", ("both", "target"),
                 "both"),
        Conflict("memo", "Notes", "its text differs", "source's taken", "M1", choice="source")])
    dialog = MergePreview(window, "/x/bilal.gwot", "target", [("/x/bilal.gwot", plan)], False)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 2 and dialog.again_button.isEnabled()
    assert "GUID D1" in dialog.table.item(0, 0).toolTip()
    assert dialog.choice_box(0).itemText(1) == "keep this project's text, move the file's codings onto it"
    assert dialog.choices({"memo:M9": "source", "memo:M1": "target"}) == {
        "memo:M9": "source", "memo:M1": "source"}
    dialog.choose(1, "target")
    assert dialog.choices() == {}
    empty = MergePreview(window, "/x/c.gwot", "source", [("/x/c.gwot", MergePlan())], False)
    qtbot.addWidget(empty)
    assert empty.table.isHidden() and not empty.again_button.isEnabled()
    assert not empty.merge_button.isEnabled()


def test_a_big_merges_undo_and_redo_run_in_a_job_and_a_refused_one_leaves_the_history(
        qtbot, window, corpus_project, tmp_path, monkeypatch):
    from gwot_reader.ui.teams.merge_ui import MergeProject

    monkeypatch.setattr(MergeProject, "INLINE_ROWS", 0)  # every merge counts as big
    path, doc, coded, shared, trust_guid = conflicting_copy(corpus_project, tmp_path)
    before = {c.guid for c in corpus_project.codings.all()}
    preview = open_preview(qtbot, window, path, monkeypatch)
    preview.accept()  # Bilal's version of the document is added, with his coding on it
    qtbot.waitUntil(lambda: window.session.undo_stack.count() == 1, timeout=10000)
    stack = window.session.undo_stack
    jobs = len(window.session.jobs.jobs)
    window.menus.act_undo.trigger()
    assert len(window.session.jobs.jobs) == jobs + 1  # off the window's thread
    qtbot.waitUntil(lambda: not window.session.jobs.jobs, timeout=10000)
    assert {c.guid for c in corpus_project.codings.all()} == before
    assert "Bilal" not in corpus_project.coders.names()
    assert len(window.area.panes[0].view.codings()) == len(
        [c for c in corpus_project.codings.all() if c.document_id == window.area.panes[0].document_id])
    # coding goes on at once under a coder the undo removed and the cache must not remember
    corpus_project.codings.add(doc.id, corpus_project.codebook.get(trust_guid).id, 50, 55, coder="Bilal")
    window.menus.act_redo.trigger()  # its coding now sits on... nothing refuses: rows are new
    qtbot.waitUntil(lambda: not window.session.jobs.jobs, timeout=10000)
    assert coded in {c.guid for c in corpus_project.codings.all()}
    assert stack.count() == 1 and stack.index() == 1
    # another program takes the merged document's id while the merge is undone: redo refused
    window.menus.act_undo.trigger()
    qtbot.waitUntil(lambda: not window.session.jobs.jobs, timeout=10000)
    with Project.open(corpus_project.path, coder="other") as other:
        for i in range(3):
            other.documents.add(f"Other {i}", "Made elsewhere.")
    window.session.check_outside_changes()
    with qtbot.waitSignal(window.session.problem, timeout=10000) as problem:
        window.menus.act_redo.trigger()
    assert "has changed since the merge" in problem.args[0]
    qtbot.waitUntil(lambda: stack.count() == 0, timeout=10000)  # dropped
    assert coded not in {c.guid for c in corpus_project.codings.all()}
    assert corpus_project.db.one("PRAGMA integrity_check")[0] == "ok"
