"""PDFs in the reader window: page view and text view in one pane, coding on the page with undo."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication
from test_pageview import drag, word_center  # tests/ui is on sys.path

pytestmark = pytest.mark.filterwarnings("ignore:Function.*QD:DeprecationWarning")


@pytest.fixture
def window(qtbot, pdf_window):
    """The PDF open in the first pane, its first page rendered."""
    w = pdf_window
    w.area.open_document(w.area.panes[0], w.pdf_id)
    view = w.area.panes[0].view
    qtbot.waitUntil(lambda: view.page_view.is_rendered(1), timeout=10000)
    return w


def test_a_pdf_opens_as_pages_and_toggles_to_text(window, corpus_project):
    view = window.area.panes[0].view
    assert view.mode == "page" and view.page_button.isChecked()
    view.text_button.click()
    assert view.mode == "text" and view.active_view() is view.text_view
    window.area.open_document(window.area.panes[0], window.pdf_id)  # the pane keeps the reader's choice
    assert view.mode == "text"
    view.page_button.click()
    assert view.mode == "page"
    assert view.page_label.text() == "1 / 3"
    view.page_view.go_to_page(2)
    assert view.page_label.text() == "2 / 3"
    # a text document has no page view to switch to
    other = corpus_project.documents.all()[0]
    window.area.open_document(window.area.panes[0], other.id)
    assert view.mode == "text" and not view.has_pages()
    view.set_mode("page")
    assert view.mode == "text"


def test_coding_on_the_page_lands_on_the_text_span_with_undo(qtbot, window, corpus_project):
    view = window.area.panes[0].view
    pv = view.page_view
    drag(pv, word_center(pv, corpus_project, window.pdf_id, 1, "Right"),
         word_center(pv, corpus_project, window.pdf_id, 1, "after"))
    window.area.set_focused(window.area.panes[0])
    code = corpus_project.codebook.get("Themes/Trust deficit")
    window.coding.apply_code(code.id)
    (coding,) = corpus_project.codings.all(window.pdf_id)
    assert coding.text == "Right column comes after"
    # the same coding shows in the text view and in the annotation pane
    assert [c.id for c in view.text_view.codings()] == [coding.id]
    assert [c.id for c in window.annotations_model.codings()] == [coding.id]
    window.session.undo_stack.undo()
    assert corpus_project.codings.all(window.pdf_id) == [] and pv.all_codings() == []
    window.session.undo_stack.redo()
    assert [c.id for c in pv.all_codings()] == [coding.id]  # (undo restores the same id)
    # switching keeps the selection: text view shows the same passage selected
    view.set_mode("text")
    assert view.selected_span() == (coding.start, coding.end)


def test_a_region_drawn_on_the_page_is_coded_with_undo(qtbot, window, corpus_project):
    view = window.area.panes[0].view
    pv = view.page_view
    a = pv.viewport_rect(1, (95, 295, 95, 295)).topLeft()
    b = pv.viewport_rect(1, (305, 455, 305, 455)).topLeft()
    drag(pv, a, b, Qt.KeyboardModifier.ShiftModifier)
    window.area.set_focused(window.area.panes[0])
    code = corpus_project.codebook.get("Themes/Trust deficit")
    window.coding.apply_code(code.id)
    (coding,) = corpus_project.codings.all(window.pdf_id)
    region = corpus_project.pages.regions(window.pdf_id)[coding.guid]
    assert region.page == 1 and region.box == pytest.approx((95, 295, 305, 455), abs=1.5)
    assert coding.guid in pv.regions()
    window.session.undo_stack.undo()
    assert corpus_project.pages.regions(window.pdf_id) == {}
    window.session.undo_stack.redo()
    assert corpus_project.pages.regions(window.pdf_id)[coding.guid].page == 1


def test_number_keys_on_the_page_apply_codes(qtbot, window, corpus_project):
    view = window.area.panes[0].view
    pv = view.page_view
    code = corpus_project.codebook.get("Themes/Trust deficit")
    text = corpus_project.documents.text(window.pdf_id)
    start = text.index("Left column")
    pv.select_span(start, start + 11)
    window.area.set_focused(window.area.panes[0])
    window.coding.apply_code(code.id)  # binds a number key to the code
    key = next(k for k, v in window.coding.keys.items() if v == code.id)
    start = text.index("the whole")
    pv.select_span(start, start + 9)
    QApplication.sendEvent(pv, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_0 + key,
                                         Qt.KeyboardModifier.NoModifier, str(key)))
    assert "the whole" in [c.text for c in corpus_project.codings.all(window.pdf_id)]


def test_screenshot_of_the_page_view_in_the_window(window, tmp_path):
    path = tmp_path / "window.png"
    assert window.grab().save(str(path))
    assert path.stat().st_size > 10_000


def test_an_encrypted_pdf_asks_for_its_password_and_imports(qtbot, window, corpus_project, tmp_path):
    import pymupdf

    pdf = pymupdf.open()
    pdf.new_page().insert_text((50, 100), "Cable from Islamabad", fontsize=11)
    path = tmp_path / "cable.pdf"
    pdf.save(path, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="pw", owner_pw="owner")
    asked: list[str] = []
    answers = iter(["wrong", "pw"])
    window.files.ask_password = lambda message: asked.append(message) or next(answers)
    before = len(corpus_project.documents.all())
    window.files.import_documents([str(path)])
    qtbot.waitUntil(lambda: len(asked) == 2 and window.files.last_job.handled, timeout=20000)
    qtbot.waitUntil(lambda: window.documents_model.rowCount() == before + 1, timeout=10000)
    assert "protected by a password" in asked[0] and "wrong" in asked[1]
    doc = next(d for d in corpus_project.documents.all() if d.name == "cable")
    assert corpus_project.documents.text(doc.id) == "Cable from Islamabad"


def test_a_long_pdf_import_shows_its_pages_and_cancel_leaves_nothing(qtbot, window, corpus_project,
                                                                     tmp_path):
    from PySide6.QtWidgets import QMessageBox, QProgressDialog, QPushButton
    from test_pdf_helpers import make_long_pdf  # tests/ is on sys.path

    pdf = make_long_pdf(tmp_path / "long.pdf", pages=200)
    before = corpus_project.stats()["documents"]
    job = window.files.import_documents([str(pdf)])
    dialog = window.findChild(QProgressDialog)
    qtbot.waitUntil(lambda: "long.pdf, page" in dialog.labelText(), timeout=20000)
    dialog.findChild(QPushButton).click()  # its Cancel button
    qtbot.waitUntil(lambda: job.handled, timeout=20000)
    qtbot.wait(50)
    assert corpus_project.stats()["documents"] == before
    # cancelled while reading pages or, a moment later, while the backup before the write is
    # taken: either way the message says so and that nothing changed
    assert window.statusBar().currentMessage() in ("Import cancelled; nothing was imported",
                                                   "Cancelled; nothing was changed")
    assert not window.findChildren(QMessageBox)  # the user's own choice is no error


def test_zoom_and_page_or_text_are_remembered_per_pdf(qtbot, window, corpus_project, tmp_path):
    from test_pageview import make_pdf

    from gwot_reader.exchange.textimport import import_file

    second, _ = import_file(corpus_project, make_pdf(tmp_path / "second.pdf", pages=2))
    window.session.reload()
    pane = window.area.panes[0]
    view = pane.view
    assert view.pdf_view() == ("page", None)  # a PDF first opens fitting the width
    zoom_in = next(b for b in view._zoom_buttons if b.text() == "+")
    zoom_in.click()
    zoom_in.click()
    first_zoom = view.page_view.zoom
    assert view.pdf_view() == ("page", first_zoom)
    # the second PDF: its own view, read as text
    window.area.open_document(pane, second.id)
    assert view.pdf_view() == ("page", first_zoom)  # the pane's own view until one is chosen
    view.text_button.click()
    assert view.pdf_view() == ("text", None)
    # back to the first: its zoom and page view come back; then the second: its text view
    window.area.open_document(pane, window.pdf_id)
    assert view.pdf_view() == ("page", first_zoom) and view.mode == "page"
    window.area.open_document(pane, second.id)
    assert view.mode == "text"
    # fit width is remembered as fitting, whatever the pane's width
    window.area.open_document(pane, window.pdf_id)
    next(b for b in view._zoom_buttons if b.text() == "Fit width").click()
    window.area.open_document(pane, second.id)
    # another pane, and the next launch (the settings file), remember them too
    other = window.area.add_pane(window.pdf_id)
    assert other.view.pdf_view() == ("page", None)
    from gwot_reader.ui.settings import settings

    key = f"projects/{corpus_project.guid}/pdf_view/{second.guid}"
    assert settings().value(key) == "text fit"  # kept in reader.ini for the next launch
    window.area.open_document(other, second.id)
    assert other.view.mode == "text"
    # a text document in between changes nothing remembered
    window.area.open_document(other, corpus_project.documents.all()[0].id)
    window.area.open_document(other, window.pdf_id)
    assert other.view.pdf_view() == ("page", None)
    from gwot_reader.ui.settings import settings

    key = f"projects/{corpus_project.guid}/pdf_view/{second.guid}"
    assert settings().value(key) == "text fit"  # kept in reader.ini for the next launch
