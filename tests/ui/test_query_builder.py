"""The query builder and the pickers as widgets of their own: clauses added, changed and
removed write the text; the text rebuilds the clauses; the pickers say what they restrict."""

from __future__ import annotations

from PySide6.QtCore import Qt

from gwot_reader.core.querybuilder import Clause
from gwot_reader.core.retrieval import SegmentFilter
from gwot_reader.ui.analysis.builder import QueryBuilder
from gwot_reader.ui.analysis.pickers import Pickers

PATHS = ["Themes/Trust deficit", "Actors/United States", "within"]


def builder(qtbot) -> QueryBuilder:
    b = QueryBuilder()
    qtbot.addWidget(b)
    b.set_paths(PATHS)
    b.show()
    return b


def test_clauses_write_the_text_and_removing_the_first_makes_the_next_first(qtbot):
    b = builder(qtbot)
    with qtbot.waitSignal(b.textChanged) as said:
        qtbot.mouseClick(b.add, Qt.MouseButton.LeftButton)
    assert said.args == ['"Themes/Trust deficit"']
    with qtbot.waitSignal(b.textChanged) as said:
        qtbot.mouseClick(b.add, Qt.MouseButton.LeftButton)
    assert said.args == ['"Themes/Trust deficit" | "Themes/Trust deficit"']
    second = b.rows[1]
    with qtbot.waitSignal(b.textChanged) as said:
        second.code.setCurrentText("within")  # a code named like an operator is quoted
    assert said.args == ['"Themes/Trust deficit" | "within"']
    # remove the first clause: the second becomes the first and loses its operator
    with qtbot.waitSignal(b.textChanged) as said:
        qtbot.mouseClick(b.rows[0].remove, Qt.MouseButton.LeftButton)
    assert said.args == ['"within"'] and len(b.rows) == 1
    assert b.rows[0].op.isHidden() and b.rows[0].distance.isHidden()
    with qtbot.waitSignal(b.textChanged) as said:
        qtbot.mouseClick(b.rows[0].remove, Qt.MouseButton.LeftButton)
    assert said.args == [""] and b.rows == []


def test_the_text_rebuilds_the_clauses_without_writing_it_back(qtbot):
    b = builder(qtbot)
    with qtbot.assertNotEmitted(b.textChanged):
        assert b.set_text('("Themes/Trust deficit" near/25 "Actors/United States") & "within"')
    assert b.clauses() == [Clause("", "Themes/Trust deficit"),
                           Clause("near", "Actors/United States", 25), Clause("&", "within")]
    assert not b.rows[1].distance.isHidden() and b.rows[1].distance.value() == 25
    assert b.note.text() == ""
    # a text that is no query yet leaves the clauses and says why
    assert not b.set_text('"Themes/Trust deficit" &')
    assert b.note.text().startswith("Not a query yet") and len(b.rows) == 3
    # the offered paths change (the codebook did): the clauses keep what they say
    b.set_paths(PATHS + ["Actors/India"])
    assert b.clauses()[2] == Clause("&", "within")
    assert b.rows[0].code.findText("Actors/India") >= 0
    # a clause whose code is still empty gives no text
    b.rows[0].code.setCurrentText("")
    assert b.text() == ""


def test_the_pickers_report_their_choice_and_clear_it(qtbot):
    p = Pickers()
    qtbot.addWidget(p)
    assert p.current() == SegmentFilter()
    assert p.summary() == ""
    p.documents.fill([(1, "Doc one"), (2, "Doc two")])
    p.coders.fill([("", ""), ("ann", "ann")])
    p.sets.fill([(7, "Odd")])
    assert p.coders.item(0).text() == "(no coder)"
    with qtbot.waitSignal(p.changed):
        p.documents.item(1).setCheckState(Qt.CheckState.Checked)
    p.coders.item(1).setCheckState(Qt.CheckState.Checked)
    p.sets.item(0).setCheckState(Qt.CheckState.Checked)
    f = p.current()
    assert f == SegmentFilter(documents=frozenset({2}), coders=("ann",), sets=frozenset({7}))
    assert p.summary() == "1 document; coders ann; 1 set"
    # refilling keeps what is still there checked, and drops what is gone
    p.documents.fill([(2, "Doc two renamed"), (3, "Doc three")])
    assert p.documents.checked() == [2]
    with qtbot.waitSignal(p.changed):
        p.clear()
    assert p.current() == SegmentFilter()
    # a variable's values count only with a variable chosen
    p.values.fill([("2024", "2024")])
    p.values.item(0).setCheckState(Qt.CheckState.Checked)
    assert p.current().values is None
