"""The type checker's verdict, as configured in pyproject.toml ([tool.mypy]): strict on core,
store and exchange; no errors (not strict) in ui. Add a package to PACKAGES once it passes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ["gwot_reader/core", "gwot_reader/store", "gwot_reader/exchange", "gwot_reader/ui",
            "gwot_reader/cli"]


def test_mypy_finds_no_errors():
    pytest.importorskip("mypy")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", str(ROOT / "pyproject.toml"), *PACKAGES],
        cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
