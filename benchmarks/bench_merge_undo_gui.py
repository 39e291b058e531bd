"""The window's longest stall while it undoes and redoes a merge of two coders' projects.

    python benchmarks/bench_merge_undo_gui.py                      # 1,000 documents, 2 x 100,000 codings
    python benchmarks/bench_merge_undo_gui.py --docs 100 --codings 10000 --small 100  # a quick look

A GUI-thread timer ticks every 5 ms; the longest gap between two ticks is how long the window
was frozen (see bench_backup_gui.py). Measured in the same window, on the same project:
  floor     the window idle for 2 s;
  before    what undo did before: the whole project copied back in place on the GUI thread;
  inline    undo / redo removing and putting back the merge's rows on the GUI thread (what a
            merge below ``MergeProject.INLINE_ROWS`` rows does);
  job       the same in a job with the progress dialog (what a bigger merge does);
  small     undo / redo of a merge of ``--small`` codings into the big project (inline).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_backup_gui import GapMeter, spin  # noqa: E402
from generate import generate  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--codings", type=int, default=100_000)
    ap.add_argument("--small", type=int, default=1000, help="codings of the small merge")
    a = ap.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    work = Path(tempfile.mkdtemp(prefix="gwot-bench-merge-undo-"))
    os.environ["XDG_DATA_HOME"] = str(work / "data")
    os.environ["XDG_CONFIG_HOME"] = str(work / "config")
    mine, theirs, small = work / "a.gwot", work / "b.gwot", work / "small.gwot"
    generate(mine, a.docs, 20, a.codings, 40, seed=1, coders=("A",)).close()
    generate(theirs, a.docs, 20, a.codings, 40, seed=1, coders=("B",)).close()
    shutil.copy(mine, small)
    rows = sqlite3.connect(theirs).execute(
        'SELECT guid, document_id, code_id, start, "end", text, coder_id, memo, created, modified '
        "FROM codings").fetchall()[:a.small]
    with sqlite3.connect(small) as conn:
        conn.executemany('INSERT INTO codings (guid, document_id, code_id, start, "end", text, '
                         "coder_id, memo, created, modified) VALUES (?,?,?,?,?,?,?,?,?,?)", rows)
    print(f"project: {a.docs} documents, {a.codings} codings, {mine.stat().st_size / 1e6:.0f} MB; "
          f"merging {a.codings} and {a.small} codings")

    from PySide6.QtWidgets import QApplication

    from gwot_reader.store import Project
    from gwot_reader.ui.teams.merge_ui import MergeProject
    from gwot_reader.ui.window import MainWindow

    app = QApplication.instance() or QApplication([])
    window = MainWindow()
    window.set_project(Project.open(mine, coder="bench"))
    window.show()
    spin(app, lambda: False, 1.0)
    session, stack = window.session, window.session.undo_stack
    out = []

    def merge(path: Path) -> None:
        job = window.merge.merge(str(path), "target")
        spin(app, lambda: job.handled, 600)

    def measure(label: str, step) -> None:
        with GapMeter() as m:
            step()
            spin(app, lambda: not session.jobs.jobs, 600)
            spin(app, lambda: False, 0.2)
        out.append((label, m.worst))

    with GapMeter() as m:
        spin(app, lambda: False, 2.0)
    floor = m.worst
    out.append(("idle window (floor)", floor))

    merge(theirs)
    merged = work / "merged.gwot"
    with sqlite3.connect(mine) as src, sqlite3.connect(merged) as dst:
        src.backup(dst)

    def copy_back() -> None:
        src = sqlite3.connect(merged)
        src.backup(session.project.db.conn)
        src.close()
        session.reload()

    measure("copy the project back in place, GUI thread (before)", copy_back)
    MergeProject.INLINE_ROWS = 10**9
    measure(f"undo of the {a.codings:,}-coding merge, GUI thread", stack.undo)
    measure("redo of it, GUI thread", stack.redo)
    MergeProject.INLINE_ROWS = 0
    measure(f"undo of the {a.codings:,}-coding merge, in a job (now)", stack.undo)
    measure("redo of it, in a job (now)", stack.redo)
    MergeProject.INLINE_ROWS = 20_000
    merge(small)
    measure(f"undo of a {a.small:,}-coding merge into it (now)", stack.undo)
    measure("redo of it (now)", stack.redo)

    for label, secs in out:
        print(f"{label:58s} longest GUI-thread gap {secs * 1000:7.0f} ms "
              f"({secs / floor:5.1f}x the idle floor)")
    window.close()
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
