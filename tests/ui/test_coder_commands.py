"""Renaming and joining coders as undo commands on a real undo stack: any sequence, undone to
the start and redone to the end, gives back exactly the coders and codings of each point."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtGui import QUndoStack

from gwot_reader.store import Project
from gwot_reader.ui.teams.coders_dialog import JoinCoders, RenameCoder
from gwot_reader.ui.undo import push

NAMES = ["Ayesha", "Aysha", "Bilal", "Chen", "Dana"]
step = st.one_of(st.tuples(st.just("rename"), st.sampled_from(NAMES), st.sampled_from(NAMES)),
                 st.tuples(st.just("join"), st.sampled_from(NAMES), st.sampled_from(NAMES)))


def state(p: Project) -> tuple:
    return (tuple(sorted((c.guid, c.coder) for c in p.codings.all())),
            tuple(sorted(p.db.execute("SELECT id, guid, name FROM coders").fetchall())))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(NAMES[:4]), st.integers(0, 300)), min_size=1, max_size=10),
       st.lists(step, max_size=8))
def test_any_sequence_undone_and_redone(qapp, tmp_path_factory, codings, steps):
    path = tmp_path_factory.mktemp("coders") / "p.gwot"
    refused: list[str] = []
    with Project.create(path, coder="lead") as p:
        doc = p.documents.add("d", "x" * 400).id
        code = p.codebook.add("c").id
        for who, start in codings:
            p.codings.add(doc, code, start, start + 20, coder=who)
        stack = QUndoStack()
        states = [state(p)]
        for kind, a, b in steps:
            cls = RenameCoder if kind == "rename" else JoinCoders
            command = cls(p, a, b, on_error=refused.append)
            command.on_refused = lambda _message: None  # a step that does not apply: not pushed
            if push(stack, command):
                states.append(state(p))
        assert stack.count() == len(states) - 1
        for i in range(stack.count(), 0, -1):
            stack.undo()
            assert state(p) == states[i - 1]
        for i in range(1, len(states)):
            stack.redo()
            assert state(p) == states[i]
        assert not refused  # no undo or redo was refused on the way


def test_a_refused_step_is_not_pushed_and_says_why(qapp, corpus_project):
    stack = QUndoStack()
    said: list[str] = []
    command = RenameCoder(corpus_project, "Nobody", "X", on_error=said.append)
    assert push(stack, command) is False and stack.count() == 0
    assert said == ["no coder named 'Nobody' in this project"]


def test_the_window_name_follows_only_its_own_coder(qapp, corpus_project):
    doc = corpus_project.documents.all()[0].id
    code = corpus_project.codebook.get("Themes/Trust deficit").id
    corpus_project.codings.add(doc, code, 0, 5, coder="Aysha")
    corpus_project.codings.add(doc, code, 5, 9, coder="Ayesha")
    me = ["Ayesha"]

    def follow(old: str, new: str) -> bool:
        if me[0] != old:
            return False
        me[0] = new
        return True

    stack = QUndoStack()
    assert push(stack, JoinCoders(corpus_project, "Aysha", "Ayesha", follow))
    assert me == ["Ayesha"]  # someone else's name was joined into mine: I stay
    stack.undo()
    assert me == ["Ayesha"]
    assert push(stack, RenameCoder(corpus_project, "Ayesha", "Ayesha Khan", follow))
    assert me == ["Ayesha Khan"]
    stack.undo()
    assert me == ["Ayesha"]
    stack.redo()
    assert me == ["Ayesha Khan"]
