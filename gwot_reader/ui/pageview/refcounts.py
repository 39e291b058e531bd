"""Shields None, True and False from PySide6 6.12's lost references on CPython 3.11.

PySide6 6.12 (abi3 wheels) returns None, True and False from many calls without taking a
reference: every ``signal.emit()`` costs True one, every void call (``QTimer.stop()``) and every
Python slot run from Qt costs None one, every ``QRunnable`` job several. CPython 3.12 made these
objects immortal, so it does not matter there; on 3.11 their counts (a few thousand) run out
after minutes of scrolling and the interpreter aborts ("deallocating None"). Raising their
counts out of reach makes them as good as immortal, which is what 3.12 does.
"""

from __future__ import annotations

import ctypes
import sys

_HEADROOM = 1 << 40


def shield_singletons() -> None:
    if sys.implementation.name != "cpython" or sys.version_info >= (3, 12):
        return  # immortal already
    for obj in (None, True, False):
        count = ctypes.c_ssize_t.from_address(id(obj))  # ob_refcnt, the first field
        if count.value < _HEADROOM:
            count.value += _HEADROOM
