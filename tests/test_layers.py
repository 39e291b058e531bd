"""The layer contracts of pyproject.toml hold: core ← store ← exchange ← ui/cli."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_import_linter_contracts_hold():
    lint = Path(sys.executable).with_name("lint-imports")
    cmd = [str(lint)] if lint.exists() else [sys.executable, "-m", "importlinter.cli"]
    result = subprocess.run([*cmd, "--config", str(ROOT / "pyproject.toml")], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "broken" not in result.stdout.lower() or "0 broken" in result.stdout


def test_exchange_modules_import_each_other_one_way():
    """No import circles inside exchange (textimport, the PDF reader and its helpers were one)."""
    import grimp

    graph = grimp.build_graph("gwot_reader", cache_dir=None)
    modules = sorted(m for m in graph.find_descendants("gwot_reader.exchange")
                     if not graph.find_descendants(m))  # modules, not packages
    circles = [(a, b) for i, a in enumerate(modules) for b in modules[i + 1:]
               if graph.find_shortest_chain(a, b) and graph.find_shortest_chain(b, a)]
    assert circles == []
