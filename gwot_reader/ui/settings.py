"""The reader's remembered state (geometry, panes, last project) in an INI file per user."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from gwot_reader.core.coder import settings_path  # one place for the file's location


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
