"""Guard against PySide6 6.12's lost reference to None on Python 3.11 (a crash after long use).

PySide6-Essentials 6.12.0, the only release on the package index here, returns None from every
void method (``QPainter.fillRect``, ``QWidget.update``, ``QColor.setAlpha``...) without taking a
reference: each call drops None's reference count by one. Python 3.12 made None immortal, so
there it is harmless; on 3.11 a few thousand paints bring the count to zero and the interpreter
aborts with "none_dealloc: deallocating None". Adding a huge count up front makes None
effectively immortal, as it is on 3.12.
"""

from __future__ import annotations

import ctypes
import sys

_MARGIN = 1 << 40  # a trillion void calls before the count could get back to zero


def keep_none_alive() -> None:
    """Idempotent; a no-op on Python 3.12+ and on interpreters other than CPython."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return
    refcnt = ctypes.c_ssize_t.from_address(id(None))  # ob_refcnt is PyObject's first field
    if refcnt.value < _MARGIN // 2:
        refcnt.value += _MARGIN
