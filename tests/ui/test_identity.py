"""Who is coding: the name dialog's rules, Preferences' Cancel, where the Analysis menu goes."""

from __future__ import annotations

from PySide6.QtWidgets import QMainWindow

from gwot_reader.core.coder import account_name
from gwot_reader.ui.teams import analysis_menu
from gwot_reader.ui.teams.identity import CoderNameDialog, stored_name


def test_the_dialog_refuses_an_empty_name_and_trims_spaces(qtbot):
    dialog = CoderNameDialog("  ", first_time=True)
    qtbot.addWidget(dialog)
    assert not dialog.ok.isEnabled()  # from the start, not only once something is typed
    qtbot.keyClicks(dialog.name, " Ayesha ")
    assert dialog.ok.isEnabled()
    assert dialog.value() == "Ayesha"
    assert dialog.name.placeholderText()


def test_preferences_cancel_keeps_the_name(qtbot, window):
    window.identity.set_name("Ayesha")
    dialog = window.identity.edit()
    dialog.name.setText("Someone else")
    dialog.reject()  # Cancel
    assert stored_name() == "Ayesha" and window.session.coder == "Ayesha"


def test_preferences_without_a_kept_name_offer_the_default(qtbot, window, monkeypatch):
    monkeypatch.delenv("GWOT_CODER", raising=False)
    window.session.coder_name = None
    dialog = window.identity.edit()
    assert dialog.name.text() in (window.session.coder, account_name())
    dialog.reject()


def test_a_blank_name_is_never_kept(window):
    window.identity.set_name("Ayesha")
    window.identity.set_name("   ")
    assert stored_name() == "Ayesha"


def test_the_analysis_menu_goes_before_help_or_last(qtbot):
    w = QMainWindow()
    qtbot.addWidget(w)
    w.menuBar().addMenu("&File")
    made = analysis_menu(w)
    assert [a.text() for a in w.menuBar().actions()] == ["&File", "&Analysis"]
    assert analysis_menu(w) is made  # found again, not made twice
    other = QMainWindow()
    qtbot.addWidget(other)
    other.menuBar().addMenu("&File")
    other.menuBar().addMenu("&Help")
    analysis_menu(other)
    assert [a.text() for a in other.menuBar().actions()] == ["&File", "&Analysis", "&Help"]
