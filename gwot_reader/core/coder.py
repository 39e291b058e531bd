"""Who is coding: ``--coder``, then ``GWOT_CODER``, then the name kept in the reader's settings."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from gwot_reader.core.textnorm import require_utf8

ENV = "GWOT_CODER"
SETTINGS_SECTION, SETTINGS_KEY = "coder", "name"  # QSettings key "coder/name" in reader.ini


def settings_path(environ: Mapping[str, str] | None = None) -> Path:
    """``$XDG_CONFIG_HOME/gwot-reader/reader.ini`` (read each time, so tests can isolate it)."""
    env = os.environ if environ is None else environ
    base = env.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
    return Path(base) / "gwot-reader" / "reader.ini"


def settings_coder(path: Path) -> str | None:
    """The coder name the window keeps in its settings file, if any (read without Qt)."""
    import configparser  # (not with every start of the program)

    parser = configparser.RawConfigParser(strict=False, interpolation=None)
    try:
        parser.read(path, encoding="utf-8")
    except (OSError, UnicodeDecodeError, configparser.Error):
        return None
    value = parser.get(SETTINGS_SECTION, SETTINGS_KEY, fallback="").strip()
    if len(value) >= 2 and value[0] == value[-1] == '"':  # QSettings quotes values with commas
        value = value[1:-1]
    return value or None


def account_name(full_name: str | None = None, login: str | None = None) -> str:
    """The account's full name (the GECOS field's first part), else its login name.

    Arguments stand in for the system's answers in tests.
    """
    if full_name is None:
        try:
            import pwd

            full_name = pwd.getpwuid(os.getuid()).pw_gecos
        except (ImportError, KeyError, AttributeError, OSError):  # Windows, or no passwd entry
            full_name = ""
    name = full_name.split(",")[0].strip()
    if name:
        return name
    if login is None:
        import getpass

        try:
            login = getpass.getuser()
        except Exception:  # no login name in some sandboxes and services
            login = ""
    return login.strip() or "researcher"


def resolve_coder(explicit: str | None, environ: Mapping[str, str] | None = None) -> str | None:
    """The coder's name; None means the store's default (the login name). A name that is not
    valid UTF-8 (Python keeps such bytes of argv and the environment as lone surrogates) is
    refused: stored, it would fail half-way or come back garbled."""
    env = os.environ if environ is None else environ
    for candidate, where in ((explicit, "--coder"), (env.get(ENV), f"${ENV}")):
        if candidate and candidate.strip():
            return require_utf8(candidate.strip(), where)
    return settings_coder(settings_path(env))

