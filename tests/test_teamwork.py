"""Team work shared by the command line and the window: choices, cancelling, merging with a
backup, .qdpx sources, and putting a copy back in place."""

from __future__ import annotations

import pytest

from gwot_reader.cli import main
from gwot_reader.core.errors import GwotError
from gwot_reader.exchange.teamwork import (
    Cancelled,
    agreement,
    chosen_codes,
    merge_with_backup,
    redo_merge,
    undo_merge,
)
from gwot_reader.store import Project


def two_coders(project: Project) -> None:
    doc = project.documents.all()[0].id
    trust = project.codebook.get("Themes/Trust deficit").id
    project.codings.add(doc, trust, 0, 100, coder="A")
    project.codings.add(doc, trust, 50, 150, coder="B")


def test_a_category_stands_for_its_codes_in_tree_order(corpus_project):
    tree = corpus_project.codebook.tree()
    themes = [tree.path(c.id) for c in tree if tree.path(c.id).startswith("Themes/")
              and not c.is_category]
    assert [p for _, p in chosen_codes(corpus_project, ["Themes"], set())] == themes
    with pytest.raises(GwotError, match="two or more different coders"):
        agreement(corpus_project, ["A", "A"])


def test_agreement_can_be_cancelled_between_its_steps(corpus_project):
    two_coders(corpus_project)
    seen = []

    def progress(done, total, label):
        seen.append(label)
        return done < 1

    with pytest.raises(Cancelled):
        agreement(corpus_project, ["A", "B"], progress=progress)
    assert seen == ["reading the codings", "computing the statistics"]
    run = agreement(corpus_project, ["A", "B"], with_disagreements=True)
    assert [(d.start, d.end) for d in run.disagreements] == [(0, 150)]
    assert run.result.rows[-1].n_units == corpus_project.documents.all()[0].length


def test_merge_with_backup_then_undo_and_redo(corpus_project, tmp_path):
    source = tmp_path / "b.gwot"
    main(["backup", str(corpus_project.path), "-o", str(source)])
    with Project.open(source, coder="B") as p:
        two_coders(p)
    outcome = merge_with_backup(corpus_project, [source])
    assert outcome.backup is not None and outcome.backup.is_file()  # for Restore from backup
    assert len(corpus_project.codings.all()) == 2 and outcome.trace is not None
    undo_merge(corpus_project, outcome.trace, "b.gwot")
    assert corpus_project.codings.all() == []
    assert corpus_project.db.one("PRAGMA integrity_check")[0] == "ok"
    redo_merge(corpus_project, outcome.trace, "b.gwot")
    assert {c.coder for c in corpus_project.codings.all()} == {"A", "B"}
    with pytest.raises(GwotError, match="the project itself"):
        merge_with_backup(corpus_project, [corpus_project.path])


def test_the_merge_command_takes_a_qdpx(corpus_project, tmp_path, capsys):
    source = tmp_path / "b.gwot"
    main(["backup", str(corpus_project.path), "-o", str(source)])
    with Project.open(source, coder="B") as p:
        two_coders(p)
        guids = {c.guid for c in p.codings.all()}
    qdpx = tmp_path / "b.qdpx"
    assert main(["export", str(source), "--format", "qdpx", "-o", str(qdpx)]) == 0
    path = corpus_project.path
    corpus_project.close()
    assert main(["merge", str(path), str(qdpx), "--dry-run"]) == 0
    assert "b.qdpx: documents: 0 added, 5 already there" in capsys.readouterr().out
    assert main(["merge", str(path), str(qdpx)]) == 0
    with Project.open(path) as p:
        assert {c.guid for c in p.codings.all()} == guids
        assert {c.coder for c in p.codings.all()} == {"A", "B"}
    assert main(["merge", str(path), str(tmp_path / "none.qdpx")]) == 2


def test_cancelling_a_merge_changes_nothing(corpus_project, tmp_path):
    source = tmp_path / "b.gwot"
    main(["backup", str(corpus_project.path), "-o", str(source)])
    with Project.open(source, coder="B") as p:
        two_coders(p)
    heard = []

    def progress(done, total, label):
        heard.append(label)
        return done < 2  # Cancel once the merge is under way

    with pytest.raises(GwotError, match="merge stopped; nothing was changed"):
        merge_with_backup(corpus_project, [source], progress=progress)
    assert heard == ["backing up the project", "merging"]
    assert corpus_project.codings.all() == []
    assert [h.action for h in corpus_project.history.all(limit=1)] != ["merge"]
    with pytest.raises(Cancelled):
        merge_with_backup(corpus_project, [source], progress=lambda *a: False)
    outcome = merge_with_backup(corpus_project, [source], progress=lambda *a: True)
    assert len(corpus_project.codings.all()) == 2 and outcome.plans[0][1].codings_added


def test_merge_projects_asks_before_each_source_and_before_the_commit(corpus_project, tmp_path):
    from gwot_reader.store.merge import merge_projects

    sources = []
    for name in ("b", "c"):
        path = tmp_path / f"{name}.gwot"
        main(["backup", str(corpus_project.path), "-o", str(path)])
        with Project.open(path, coder=name) as p:
            two_coders(p)
        sources.append(path)
    asked = []

    def keep_going() -> bool:
        asked.append(len(corpus_project.codings.all()))
        return len(asked) < 3

    with pytest.raises(GwotError, match="merge stopped"):
        merge_projects(corpus_project, sources, keep_going=keep_going)
    assert asked == [0, 2, 4]  # before b, before c, before the commit: all rolled back
    assert corpus_project.codings.all() == []


def test_other_connections_see_an_undone_merge_and_coding_goes_on(corpus_project, tmp_path):
    source = tmp_path / "b.gwot"
    main(["backup", str(corpus_project.path), "-o", str(source)])
    with Project.open(source, coder="B") as p:
        two_coders(p)
    trace = merge_with_backup(corpus_project, [source]).trace
    other = Project.open(corpus_project.path)
    before = other.data_version()
    try:
        assert len(other.codings.all()) == 2
        undo_merge(corpus_project, trace, "b.gwot")
        assert other.codings.all() == []  # another connection reads the undone state
        assert other.data_version() != before  # and is told the file changed
    finally:
        other.close()
    # coders the merge brought are gone with it, and come back when used again
    assert not {"A", "B"} & set(corpus_project.coders.names())
    two_coders(corpus_project)
    assert {c.coder for c in corpus_project.codings.all()} == {"A", "B"}
