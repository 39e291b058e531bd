"""What every command-line command shares: the parser class, opening a project, CSV options."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from gwot_reader.core.coder import resolve_coder
from gwot_reader.core.errors import GwotError
from gwot_reader.store import Project


class UsageError(GwotError):
    pass


class Parser(argparse.ArgumentParser):
    def error(self, message: str):  # type: ignore[override]  # one line and exit 2, like every bad input
        raise UsageError(f"{message} (see gwot-reader {self.prog.split()[-1]} --help)"
                         if " " in self.prog else f"{message} (see gwot-reader --help)")


def open_project(path: str, coder: str | None = None) -> Project:
    """The project, with its coder from ``--coder``, ``GWOT_CODER`` or the reader's settings."""
    p = Path(path)
    if not p.exists():
        raise GwotError(f"no project file at {p} (create one with: gwot-reader new {p})")
    return Project.open(p, coder=resolve_coder(coder))


def csv_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--bom", action="store_true", help="start CSV with a BOM (for Excel)")
    p.add_argument("--raw-cells", action="store_true",
                   help="do not neutralise formula-like cells (for R and pandas)")


def print_merge(report: Any) -> None:
    print(report.summary())
    for line in report.details():
        print(f"  {line}")
