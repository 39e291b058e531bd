"""A merge taken back and put back exactly (the window's undo and redo, without copying the
project), choices per conflict on real files and on the command line."""

from __future__ import annotations

import pytest
from test_pdf import make_pdf

from gwot_reader.cli import main
from gwot_reader.core.errors import GwotError
from gwot_reader.exchange.teamwork import merge_with_backup, redo_merge, undo_merge
from gwot_reader.exchange.textimport import import_file
from gwot_reader.store import Project
from gwot_reader.store.merge import MergeTrace, merge_projects

TABLES = ("coders", "documents", "document_sources", "pdf_pages", "page_previews", "codes",
          "codings", "coding_regions", "memos", "document_values", "document_set_members")


def dump(project: Project) -> dict[str, list[tuple]]:
    """Every row the merge may touch, table by table (the history is append-only: left out)."""
    return {t: sorted(project.db.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in TABLES}


def fts_ok(project: Project) -> None:
    for index in ("search_words", "search_trigram"):
        project.db.execute(f"INSERT INTO {index}({index}) VALUES ('integrity-check')")


def bilal(corpus_project: Project, tmp_path) -> tuple:
    """Bilal's copy: a new PDF document with a region coding, new codes (one under another),
    codings on old and new, a memo, a renamed code, a changed coding and memo."""
    path = tmp_path / "bilal.gwot"
    shared = corpus_project.codings.add(corpus_project.documents.all()[0].id,
                                        corpus_project.codebook.get("Themes/Trust deficit").id, 0, 30,
                                        coder="Ayesha")
    note = corpus_project.memos.add("Our first note", title="Team")
    assert main(["backup", str(corpus_project.path), "-o", str(path)]) == 0
    pdf = make_pdf(tmp_path / "interview.pdf", [[(72, 72, "Interview with an envoy in 2019.")],
                                                  [(72, 72, "Second page on trust.")]])
    with Project.open(path, coder="Bilal") as p:
        doc, _ = import_file(p, pdf)
        parent = p.codebook.add("Diplomacy")
        child = p.codebook.add("Envoys", parent.id, color="#336699")
        p.codings.add(doc.id, child.id, 0, 9, memo="an envoy 😀")
        p.pages.add_region_coding(doc.id, parent.id, 1, (60, 60, 300, 90))
        old = p.documents.all()[0].id
        p.codings.add(old, p.codebook.get("Themes/Trust deficit").id, 40, 80)
        p.codings.set_span(p.codings.get(shared.guid).id, 0, 35)
        p.codebook.update(p.codebook.get("Themes/Buck-passing").id, name="Buck passing")
        p.memos.update(p.memos.get(note.guid).id, text="Bilal's version of the note")
        p.memos.add("Envoys matter", title="Bilal", target_kind="document", target_guid=doc.guid)
    return path, shared


def test_undo_takes_back_exactly_what_the_merge_added_and_changed_and_redo_puts_it_back(
        corpus_project, tmp_path):
    path, shared = bilal(corpus_project, tmp_path)
    before = dump(corpus_project)
    outcome = merge_with_backup(corpus_project, [path], prefer="source")
    trace = outcome.trace
    assert trace is not None and not trace.changes_nothing
    assert trace.coders == ["Bilal"] and len(trace.documents) == 1 and len(trace.codes) == 2
    after = dump(corpus_project)
    assert corpus_project.codebook.find("Themes/Buck passing") is not None
    assert corpus_project.codings.get(shared.guid).end == 35
    for _ in range(2):  # and again: the trace keeps what each undo took
        undo_merge(corpus_project, trace, "bilal.gwot")
        assert dump(corpus_project) == before
        assert corpus_project.db.one("PRAGMA integrity_check")[0] == "ok"
        assert corpus_project.db.execute("PRAGMA foreign_key_check").fetchall() == []
        fts_ok(corpus_project)
        redo_merge(corpus_project, trace, "bilal.gwot")
        assert dump(corpus_project) == after
        fts_ok(corpus_project)
    actions = [h.action for h in corpus_project.history.all(limit=4)]
    assert actions == ["redo merge", "undo merge", "redo merge", "undo merge"]
    # the project goes on: a coding made after the redo gets a new id, the coder is known
    doc = corpus_project.documents.all()[-1]
    made = corpus_project.codings.add(doc.id, corpus_project.codebook.get("Diplomacy").id, 0, 5,
                                      coder="Bilal")
    assert made.id > trace.last_coding and made.coder == "Bilal"


def test_undo_also_takes_what_was_since_made_on_the_merged_documents_and_codes(corpus_project,
                                                                                 tmp_path):
    path, _ = bilal(corpus_project, tmp_path)
    before = dump(corpus_project)
    trace = merge_with_backup(corpus_project, [path]).trace
    doc = corpus_project.documents.get(trace.documents[0])
    envoys = corpus_project.codebook.get("Diplomacy/Envoys")
    corpus_project.codings.add(doc.id, envoys.id, 10, 20, coder="tester")
    corpus_project.codings.add(corpus_project.documents.all()[0].id, envoys.id, 0, 4)
    with_more = dump(corpus_project)
    undo_merge(corpus_project, trace, "bilal.gwot")
    assert dump(corpus_project) == before
    redo_merge(corpus_project, trace, "bilal.gwot")
    assert dump(corpus_project) == with_more  # what was made on them comes back with them


def test_an_undo_the_project_no_longer_allows_is_refused_and_changes_nothing(corpus_project,
                                                                             tmp_path):
    path, _ = bilal(corpus_project, tmp_path)
    trace = merge_with_backup(corpus_project, [path]).trace
    corpus_project.codebook.add("Made since", corpus_project.codebook.get("Diplomacy/Envoys").id)
    now = dump(corpus_project)
    with pytest.raises(GwotError, match="has changed since the merge"):
        undo_merge(corpus_project, trace, "bilal.gwot")
    assert dump(corpus_project) == now


def test_a_dry_run_and_a_merge_that_changes_nothing_leave_no_trace(corpus_project, tmp_path):
    path, _ = bilal(corpus_project, tmp_path)
    assert merge_with_backup(corpus_project, [path], dry_run=True).trace is None
    merge_with_backup(corpus_project, [path])
    trace = MergeTrace()
    merge_projects(corpus_project, [path], trace=trace)
    assert trace.changes_nothing


# -- choices on real files -------------------------------------------------------------------------
def preface_copy(corpus_project: Project, tmp_path):
    """A copy of the project whose first document got a preface of 10 characters."""
    path = tmp_path / "bilal.gwot"
    assert main(["backup", str(corpus_project.path), "-o", str(path)]) == 0
    doc = corpus_project.documents.all()[0]
    assert main(["doc", "edit-text", str(path), "--doc", doc.guid, "--start", "0", "--end", "0",
                 "--text", "Preface 😀\n"]) == 0
    return path, doc


def edited_copy(corpus_project: Project, tmp_path):
    """Bilal's copy in which the first document got a preface and he coded after it."""
    path, doc = preface_copy(corpus_project, tmp_path)
    with Project.open(path, coder="Bilal") as p:
        text = p.documents.text(doc.id)
        coded = p.codings.add(doc.id, p.codebook.get("Themes/Trust deficit").id, 10, 60)
        renamed = p.codebook.get("Themes/Buck-passing")
        p.codebook.update(renamed.id, name="Buck passing")
    return path, doc, text[10:60], coded.guid, renamed.guid


def test_the_command_line_resolves_conflicts_one_by_one(corpus_project, tmp_path, capsys):
    path, doc, passage, guid, code_guid = edited_copy(corpus_project, tmp_path)
    target = corpus_project.path
    corpus_project.close()
    assert main(["merge", str(target), str(path), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert f"[{doc.guid}]" in out and f"[{code_guid}]" in out and "both kept" in out
    assert main(["merge", str(target), str(path), "--resolve", f"{doc.guid}=target",
                 "--resolve", f"code moved or renamed:{code_guid}=source"]) == 0
    out = capsys.readouterr().out
    assert "codings moved onto it" in out and "source's taken" in out
    with Project.open(target) as p:
        assert len(p.documents.all()) == 5  # one document: this project's text
        coding = p.codings.get(guid)
        assert coding.document_id == p.documents.get(doc.guid).id
        assert coding.text == passage and coding.start == 0
        assert p.codebook.find("Themes/Buck passing") is not None


@pytest.mark.parametrize("bad", ["nothing", "=target", "X=maybe"])
def test_a_bad_resolve_is_refused_in_one_line(corpus_project, tmp_path, capsys, bad):
    path, *_ = edited_copy(corpus_project, tmp_path)
    target = corpus_project.path
    corpus_project.close()
    assert main(["merge", str(target), str(path), "--resolve", bad]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--resolve" in err and "Traceback" not in err


def test_a_choice_the_conflict_does_not_offer_is_refused_and_nothing_changes(corpus_project,
                                                                            tmp_path, capsys):
    path, doc, *_ = edited_copy(corpus_project, tmp_path)
    target = corpus_project.path
    corpus_project.close()
    with Project.open(target) as p:
        before = dump(p)
    assert main(["merge", str(target), str(path), "--resolve", f"{doc.guid}=source"]) == 2
    assert "choose both or target" in capsys.readouterr().err
    with Project.open(target) as p:
        assert dump(p) == before


def test_undo_of_a_merge_of_several_files_takes_them_all_back(corpus_project, tmp_path):
    (tmp_path / "b").mkdir()
    bilal_path, _ = bilal(corpus_project, tmp_path / "b")
    chen_path = tmp_path / "chen.gwot"
    assert main(["backup", str(corpus_project.path), "-o", str(chen_path)]) == 0
    with Project.open(chen_path, coder="Chen") as p:
        aid = p.codebook.get("Themes/Aid for cooperation")
        p.codebook.move(aid.id, None)  # moved to the top level on Chen's side
        p.codebook.add("Chen's code", p.codebook.get("Themes").id)
        p.codings.add(p.documents.all()[2].id, aid.id, 5, 25)
    sources = [bilal_path, chen_path]
    before = dump(corpus_project)
    trace = MergeTrace()
    plans = merge_projects(corpus_project, sources, prefer="source", trace=trace)
    assert [len(plan.codings_added) for _, plan in plans] == [3, 1]
    assert corpus_project.codebook.find("Aid for cooperation").parent_id is None
    after = dump(corpus_project)
    assert set(trace.coders) == {"Bilal", "Chen"}
    undo_merge(corpus_project, trace, "two files")
    assert dump(corpus_project) == before
    assert corpus_project.codebook.get("Themes/Aid for cooperation") is not None
    redo_merge(corpus_project, trace, "two files")
    assert dump(corpus_project) == after


def test_a_kind_and_guid_decide_only_that_conflict(corpus_project, tmp_path, capsys):
    path, _, _, _, code_guid = edited_copy(corpus_project, tmp_path)
    with Project.open(path) as p:
        p.codebook.update(p.codebook.get(code_guid).id, color="#010203")
    target = corpus_project.path
    corpus_project.close()
    assert main(["merge", str(target), str(path),
                 "--resolve", f"code content:{code_guid}=source"]) == 0
    out = capsys.readouterr().out
    assert "code moved or renamed" in out and "code content" in out
    with Project.open(target) as p:
        code = p.codebook.get(code_guid)
        assert (code.name, code.color) == ("Buck-passing", "#010203")  # name kept, colour taken


def test_redo_after_someone_coded_under_a_removed_coder_name_gives_the_codings_to_that_coder(
        corpus_project, tmp_path):
    path, _ = bilal(corpus_project, tmp_path)
    trace = merge_with_backup(corpus_project, [path]).trace
    undo_merge(corpus_project, trace, "bilal.gwot")
    assert "Bilal" not in corpus_project.coders.names()
    # a coder of that name (a new row, a new GUID) codes before the redo; another takes the id
    corpus_project.codings.add(corpus_project.documents.all()[0].id,
                               corpus_project.codebook.get("Themes/Trust deficit").id, 1, 2,
                               coder="Zoe")
    corpus_project.codings.add(corpus_project.documents.all()[0].id,
                               corpus_project.codebook.get("Themes/Trust deficit").id, 3, 4,
                               coder="Bilal")
    redo_merge(corpus_project, trace, "bilal.gwot")
    bilal_ids = {i for (i,) in corpus_project.db.execute("SELECT id FROM coders WHERE name = 'Bilal'")}
    assert len(bilal_ids) == 1
    assert {c.coder for c in corpus_project.codings.all() if c.guid in
            {r[1] for r in corpus_project.db.execute(
                "SELECT * FROM codings WHERE id > ? AND id <= ?",
                (trace.first_coding, trace.last_coding))}} == {"Bilal"}
    assert corpus_project.db.execute("PRAGMA foreign_key_check").fetchall() == []
