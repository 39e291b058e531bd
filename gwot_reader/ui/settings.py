"""The reader's remembered state (geometry, panes, last project) in an INI file per user."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QSettings


def settings_path() -> Path:
    """``$XDG_CONFIG_HOME/gwot-reader/reader.ini`` (read each time, so tests can isolate it).

    QSettings' own default location is fixed once per process, which would leak between
    tests and ignore a changed XDG_CONFIG_HOME; an explicit file avoids both.
    """
    base = os.environ.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
    return Path(base) / "gwot-reader" / "reader.ini"


def settings() -> QSettings:
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    return QSettings(str(path), QSettings.Format.IniFormat)


def as_list(value) -> list[str]:
    """QSettings returns a lone string for a one-item list and None for an empty one."""
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value]
