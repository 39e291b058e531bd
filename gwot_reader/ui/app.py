"""Starting the reader: the application, the project to open, and the offscreen screenshot."""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path

PNG_FAST = 80  # Qt's PNG quality 80: zlib level 1 (quality q is level (100 - q) * 9 // 91)


def run(project_path: Path | None, screenshot: str | None = None) -> int:
    # Start-up makes some 50,000 lasting objects (Qt's types and enums, our modules) and frees
    # almost none: the collector went over them 66 times before the screenshot was taken
    # (16-36 ms, where the bare window spends 7 ms). It is on again once the window has
    # painted (show_window's load) or when this returns.
    gc.disable()
    try:
        return _run(project_path, screenshot)
    finally:
        gc.enable()


def _run(project_path: Path | None, screenshot: str | None) -> int:
    from gwot_reader.core.errors import GwotError
    from gwot_reader.store import Project  # noqa: F401  (before PySide6, which inspects
    #                                        every module imported after it: a slower start)

    if screenshot:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        quiet_offscreen_plugin()
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("GWOT Reader")
    app.setOrganizationName("gwot-reader")
    app.setDesktopFileName("gwot-reader")  # matches packaging/linux/gwot-reader.desktop
    app.setWindowIcon(app_icon())
    file_open = install_file_open(app, screenshot)
    if project_path is None and file_open is not None and file_open.pending:
        project_path = Path(file_open.pending)
    try:
        project = open_project(project_path)
    except GwotError as exc:
        if screenshot:
            raise
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.critical(None, "GWOT Reader", str(exc))
        return 2
    if screenshot:
        from gwot_reader.ui.window import MainWindow

        return take_screenshot(MainWindow(), project, screenshot)
    window = show_window(project)
    if file_open is not None:
        file_open.window = window
    settle_heap()
    return app.exec()


def settle_heap() -> None:
    """Keep what the start made (modules, classes, the window) out of the cyclic garbage
    collector: it lives as long as the app, and a full collection walking it took 10-15 ms,
    now and then in the middle of a scroll step (issue 16). Later objects are collected as
    ever."""
    gc.freeze()


def install_file_open(app, screenshot: str | None, platform: str = sys.platform):
    """Listen for the desktop's requests to open a file (macOS Finder), pending at launch.

    Only macOS sends them (Qt's QFileOpenEvent), and a filter on the application sees every
    event of every widget, each one a call into Python that also makes Python types for the
    widgets' classes: elsewhere, and for an offscreen screenshot, none is installed.
    """
    if screenshot or platform != "darwin":
        return None
    from gwot_reader.ui.fileopen import FileOpenHandler

    file_open = FileOpenHandler(app)
    app.installEventFilter(file_open)
    app.processEvents()  # a file-open event sent at launch arrives now
    return file_open


def quiet_offscreen_plugin() -> None:
    """The offscreen platform says, for every window and dock, that it cannot do what only a
    screen can ("This plugin does not support propagateSizeHints()"): a screenshot prints
    nothing of it; every other Qt message still goes to stderr."""
    from PySide6.QtCore import qInstallMessageHandler

    def handler(_kind: object, _context: object, message: str) -> None:
        if not message.startswith("This plugin does not support"):
            sys.stderr.write(message + "\n")

    qInstallMessageHandler(handler)


def app_icon():
    """The application icon in the sizes window managers and task bars ask for."""
    from PySide6.QtGui import QIcon

    from gwot_reader.exchange.bundled import bundled_dir

    icon = QIcon()
    folder = bundled_dir("resources") / "icons"
    for size in (16, 24, 32, 48, 64, 128, 256):
        icon.addFile(str(folder / f"gwot-reader-{size}.png"))  # read only when drawn
    return icon


def show_window(project):
    """The main window on the screen at once; the project fills it right after its first paint.

    Loading the codebook, the document list and the panes (and the document view's modules)
    takes a few hundred milliseconds; doing it after the window has painted lets the window
    appear as soon as Qt is up, as a bare window would.
    """
    from PySide6.QtCore import QEvent, QObject, QTimer

    from gwot_reader.ui.window import MainWindow

    window = MainWindow()
    install_error_hook(window)
    window.restore_window()
    window.saved_label.setText(f"Opening {project.path.name}…")

    def load() -> None:
        gc.enable()
        if window.project is None and window.isVisible():  # once, and not after a close
            window.set_project(project)
            pane = window.area.focused
            if pane is not None:  # reading starts in the document, not in the codebook filter
                pane.view.text_edit().setFocus()
            window.identity.ask_if_unknown()  # the first launch: who is coding?

    class AfterFirstPaint(QObject):
        def eventFilter(self, obj, event) -> bool:
            if obj is window and event.type() == QEvent.Type.Paint:
                window.removeEventFilter(self)
                QTimer.singleShot(0, window, load)
            return False

    window._first_paint = AfterFirstPaint(window)
    window.installEventFilter(window._first_paint)
    # No paint (minimised, no screen): load anyway. The timer belongs to the window, so it
    # dies with a window closed before it fires.
    fallback = QTimer(window, singleShot=True, interval=1000)
    fallback.timeout.connect(load)
    fallback.start()
    window.show()
    return window


def install_error_hook(window) -> None:
    """A GwotError escaping any action becomes its one-line message, never a traceback; an
    unexpected error is printed for a bug report and named in one line."""
    import traceback

    from gwot_reader.core.errors import GwotError

    def hook(exc_type, exc, tb) -> None:
        if isinstance(exc, GwotError):
            window.report_error(str(exc), dialog=True)
            return
        traceback.print_exception(exc_type, exc, tb)
        if isinstance(exc, Exception):
            window.report_error(f"Something went wrong ({exc_type.__name__}: {exc}); the changes "
                                "made before it are saved", dialog=True)

    sys.excepthook = hook


def open_project(project_path: Path | None):
    """The given project, else the last one opened, else the default one (made on first use)."""
    from gwot_reader.store import Project

    if project_path is not None:
        if not Path(project_path).exists():
            from gwot_reader.core.errors import GwotError

            raise GwotError(f"no project file at {project_path} (create one with: "
                            f"gwot-reader new {project_path})")
        return Project.open(project_path)
    from gwot_reader.ui.settings import settings

    last = settings().value("last_project")
    if last and Path(str(last)).exists():
        try:
            return Project.open(Path(str(last)))
        except Exception:  # a moved or damaged last project: fall back to the default one
            pass
    from gwot_reader.exchange.newproject import open_or_create_default

    return open_or_create_default()


def take_screenshot(window, project, out: str) -> int:
    """Two documents side by side (those with most codings), scrolled to a coding, as a PNG.

    Nothing is written to the user's settings: a screenshot must not change what the reader
    restores next time.
    """
    from PySide6.QtWidgets import QApplication

    window.resize(1500, 900)
    window.set_project(project, restore=False)
    counts = project.codings.counts_by_document()
    docs = sorted(project.documents.all(), key=lambda d: (-counts.get(d.id, 0), d.ord))
    area = window.area
    for pane, doc in zip(area.panes, docs, strict=False):
        area.open_document(pane, doc.id)
    window.show()
    QApplication.processEvents()
    area.wait_loaded()  # big documents' codings come from a worker thread
    for pane in area.panes:
        first = pane.view.span_index().first()  # from the spans loaded, not read again
        if first is not None:
            pane.view.reveal(first.start, first.end, flash=False)
    if area.panes:
        area.set_focused(area.panes[0])
    QApplication.processEvents()
    # What was painted, as the offscreen screen holds it (the same pixels as window.grab(), which
    # would paint every widget a second time), at zlib's fastest level: about the same size in
    # 40% less time than the default.
    picture = window.screen().grabWindow(window.winId())
    ok = (window.grab() if picture.isNull() else picture).save(out, None, PNG_FAST)
    window.session.detach()  # so closing saves no state
    window.close()
    project.close()
    if not ok:
        from gwot_reader.core.errors import GwotError

        raise GwotError(f"could not write the screenshot to {out}")
    return 0
