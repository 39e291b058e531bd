"""mypy finds no errors in gwot_reader/ui (run as part of the suite, so it stays so)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_ui_has_no_type_errors():
    pytest.importorskip("mypy")
    out = subprocess.run([sys.executable, "-m", "mypy", "gwot_reader/ui"], cwd=ROOT,
                         capture_output=True, text=True, timeout=600)
    errors = [line for line in out.stdout.splitlines()
              if line.startswith("gwot_reader/ui/") and ": error:" in line]
    assert errors == [], "\n".join(errors)
