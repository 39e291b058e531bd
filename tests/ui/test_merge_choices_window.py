"""File > Merge project… with a choice per conflict: the preview's table, Preview again, the
merge applying each row's choice, and Edit > Undo / Redo of the merge through the menu,
checked in the project file."""

from __future__ import annotations

from PySide6.QtCore import Qt

from gwot_reader.cli import main as cli
from gwot_reader.store import Project
from gwot_reader.ui import filedialogs


def conflicting_copy(corpus_project, tmp_path):
    """Ayesha (this project) and Bilal (a copy) both renamed a code, and Bilal edited a
    document's text and coded after his edit; both coded once before."""
    shared = corpus_project.codings.add(corpus_project.documents.all()[1].id,
                                        corpus_project.codebook.get("Themes/Trust deficit").id,
                                        0, 20, coder="Ayesha")
    path = tmp_path / "bilal.gwot"
    assert cli(["backup", str(corpus_project.path), "-o", str(path)]) == 0
    doc = corpus_project.documents.all()[0]
    assert cli(["doc", "edit-text", str(path), "--doc", doc.guid, "--start", "0", "--end", "0",
                "--text", "Preface 😀\n"]) == 0
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
