"""GWOT_STARTUP_PROBE=FILE: write the wall time at which the first window has painted, then quit.

Used by benchmarks/bench_bundle.py to time the real start of a built bundle (the normal window,
not the --screenshot path) without any hook in the program itself.
"""

from __future__ import annotations

import time
from pathlib import Path


def install(out: str) -> None:
    """Make the QApplication the program creates watch for its first paint."""
    import PySide6.QtWidgets as widgets
    from PySide6.QtCore import QEvent, QObject, QTimer

    class FirstPaint(QObject):
        seen = False

        def eventFilter(self, obj, event):  # noqa: N802 - Qt's name
            if not self.seen and event.type() == QEvent.Type.Paint:
                self.seen = True
                # Runs once this paint pass (every widget of the window) is done.
                QTimer.singleShot(0, self.done)
            return False

        def done(self):
            Path(out).write_text(f"{time.time():.6f}\n", encoding="utf-8")
            widgets.QApplication.instance().quit()

    class ProbedApplication(widgets.QApplication):
        def __init__(self, *args):
            super().__init__(*args)
            self._first_paint = FirstPaint(self)
            self.installEventFilter(self._first_paint)

    widgets.QApplication = ProbedApplication
