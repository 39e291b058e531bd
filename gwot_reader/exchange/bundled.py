"""Where the bundled corpus and resources are: a checkout, an installed wheel or a bundle."""

from __future__ import annotations

import sys
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parents[1]


def bundled_dir(name: str) -> Path:
    """The folder ``corpus`` or ``resources`` shipped with the program."""
    candidates = []
    if hasattr(sys, "_MEIPASS"):  # a PyInstaller bundle
        candidates.append(Path(sys._MEIPASS) / name)
    candidates += [_PACKAGE.parent / name, _PACKAGE / "_data" / name]
    for c in candidates:
        if c.is_dir():
            return c
    raise FileNotFoundError(f"the bundled {name} folder is missing from this installation")


def resource(name: str) -> Path:
    return bundled_dir("resources") / name
