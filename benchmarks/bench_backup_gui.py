"""The window's longest stall while it backs up before a merge and while it restores a backup.

    python benchmarks/bench_backup_gui.py                  # 1,000 documents, 100,000 codings
    python benchmarks/bench_backup_gui.py --docs 100 --codings 10000   # a quick look

A GUI-thread timer ticks every 5 ms; the longest gap between two ticks is how long the window
was frozen. Measured in the same window, on the same project:
  floor        the window idle for 2 s; a merge that takes no backup (its own work);
  inline       the old way: the merge pushed as an undo command backs up inside the store, and
               the restore copies, both on the GUI thread;
  job          now: Codebook > Merge (``CodebookEditor.merge``) and File > Restore from backup
               back up / copy in a job with a progress dialog; the merge runs after the backup.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from generate import generate  # noqa: E402


class GapMeter:
    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.timer = QTimer(interval=5)
        self.timer.timeout.connect(self._tick)
        self.last = 0.0
        self.worst = 0.0

    def _tick(self) -> None:
        now = time.perf_counter()
        self.worst = max(self.worst, now - self.last)
        self.last = now

    def __enter__(self) -> GapMeter:
        self.worst, self.last = 0.0, time.perf_counter()
        self.timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._tick()
        self.timer.stop()


def spin(app, until, timeout: float = 120.0) -> None:
    deadline = time.perf_counter() + timeout
    while not until() and time.perf_counter() < deadline:
        app.processEvents()
        time.sleep(0.001)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--kb", type=int, default=50)
    ap.add_argument("--codings", type=int, default=100_000)
    a = ap.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    work = Path(tempfile.mkdtemp(prefix="gwot-bench-backup-gui-"))
    os.environ["XDG_DATA_HOME"] = str(work / "data")  # this run's backups stay in it
    os.environ["XDG_CONFIG_HOME"] = str(work / "config")
    path = work / "big.gwot"
    generate(path, a.docs, a.kb, a.codings, 40).close()
    print(f"project: {a.docs} documents, {a.codings} codings, {path.stat().st_size / 1e6:.0f} MB")

    from PySide6.QtWidgets import QApplication

    from gwot_reader.store import Project, backup
    from gwot_reader.ui.codebook_commands import MergeCodes
    from gwot_reader.ui.window import MainWindow

    app = QApplication.instance() or QApplication([])
    window = MainWindow()
    window.set_project(Project.open(path, coder="bench"))
    window.show()
    spin(app, lambda: False, 1.0)
    session, editor = window.session, window.codebook_editor
    editor.confirm = lambda title, text: True
    codes = [c for c in session.project.codebook.all() if not c.is_category]
    rows = []

    with GapMeter() as m:
        spin(app, lambda: False, 2.0)
    floor = m.worst
    rows.append(("idle window (floor)", floor))

    with GapMeter() as m:
        session.push(MergeCodes(session.project, codes[0].id, codes[1].id))
        spin(app, lambda: False, 0.2)
    rows.append(("merge, backup inside it on the GUI thread (before)", m.worst))

    project = session.project
    project.db.backed_up = backup.state_mark(project.db.conn)  # as if backed up: no copy
    with GapMeter() as m:
        session.push(MergeCodes(project, codes[4].id, codes[5].id))
        spin(app, lambda: False, 0.2)
    rows.append(("merge with no backup (the merge's own work, floor)", m.worst))

    editor.select(codes[2].id)
    editor.ask_target = lambda code: codes[3].id
    with GapMeter() as m:
        job = editor.merge()
        spin(app, lambda: job.handled and session.project.codebook.find(codes[2].id) is None)
    rows.append(("merge, backup in a job first (now)", m.worst))

    found = backup.list_backups(session.project.guid, path.stem)
    with GapMeter() as m:
        backup.restore(found[0].path, work / "inline.gwot")
        spin(app, lambda: False, 0.2)
    rows.append(("restore on the GUI thread (before)", m.worst))

    dialog = window.backups.restore_dialog()
    with GapMeter() as m:
        job = dialog.restore_selected(work / "job.gwot", open_it=False)
        spin(app, lambda: job.handled)
    rows.append(("restore in a job (now)", m.worst))
    dialog.close()

    for label, secs in rows:
        print(f"{label:55s} longest GUI-thread gap {secs * 1000:7.0f} ms "
              f"({secs / floor:5.1f}x the idle floor)")
    window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
