"""The installed PySide6 keeps its references to None, True and False.

PySide6-Essentials 6.12.0 drops one on every void call, signal emission and slot on CPython
3.11, and the interpreter aborts ("deallocating None") after a few thousand paints;
pyproject.toml pins below it. This catches a release with the same fault.
"""

import sys

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QColor


class _Emitter(QObject):
    fired = Signal()


def test_void_calls_signals_and_slots_keep_singleton_references(qapp):
    emitter = _Emitter()
    seen = []
    emitter.fired.connect(lambda: seen.append(1))
    color, timer = QColor(), QTimer()
    before = [sys.getrefcount(o) for o in (None, True, False)]
    for _ in range(2000):
        color.setAlpha(1)
        timer.stop()
        emitter.fired.emit()
    after = [sys.getrefcount(o) for o in (None, True, False)]
    assert len(seen) == 2000
    # A handful of references may come and go with garbage; thousands lost is the fault.
    assert all(b - a < 100 for b, a in zip(before, after, strict=True)), (before, after)
