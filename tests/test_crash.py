"""The crash-and-fault harness in its short form: SIGKILLs during CLI, window and import work."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import crash  # noqa: E402


@pytest.mark.slow
def test_sigkill_at_random_moments_loses_no_acknowledged_coding(tmp_path):
    res = crash.run(cli=4, window=2, imports=1, seed=7, work=tmp_path / "crash",
                    import_files=20, log=lambda _line: None)
    assert res.trials == 7 and res.kills >= 10, res.line()  # an import may finish first
    assert res.acknowledged > 20, res.line()  # kills came while coding, not before
    assert (res.lost, res.integrity_failures) == (0, 0), res.problems
    assert res.problems == []  # every window trial coded through the widgets before its kill
