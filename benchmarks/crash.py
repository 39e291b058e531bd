"""Crash-and-fault harness: SIGKILL at random moments, then check the file lost nothing.

    python benchmarks/crash.py                 # the full run: 220 kills (about 10 minutes)
    python benchmarks/crash.py --cli 6 --window 2 --import 2   # the short form the tests run

Three kinds of trial, each on a fresh copy of a corpus project:

- cli: a process codes through the command line's own code path (``gwot-reader code``, run
  in a loop in one interpreter) and prints each GUID the command printed (acknowledged);
- window: the reader window runs offscreen in a process and codes through its real widgets
  (a selection in the text area, a double-click on a code in the codebook), printing the GUID
  of each coding once the window has made it;
- import: a long import of many text files runs while a second process codes.

After each SIGKILL: ``PRAGMA integrity_check`` must say ok and every acknowledged coding must
be in the file. Prints trials, kills, lost codings and integrity failures; exit 1 on any loss.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

CLI_CODER = textwrap.dedent("""
    import contextlib, io, sys
    from gwot_reader.cli import main
    path, doc, seed = sys.argv[1], sys.argv[2], int(sys.argv[3])
    n = seed * 7919
    while True:
        out = io.StringIO()
        start = n % 4000
        with contextlib.redirect_stdout(out):
            code = main(["code", path, "--doc", doc, "--start", str(start), "--end",
                         str(start + 5 + n % 40), "--code", "Actors/India", "--memo", f"m{n}"])
        if code == 0:
            print(out.getvalue().strip(), flush=True)
        n += 1
""")

WINDOW_CODER = textwrap.dedent("""
    import os, sys
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from gwot_reader.store import Project
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtGui import QTextCursor
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication
    from gwot_reader.core.offsets import PositionMap
    app = QApplication([])
    from gwot_reader.ui.window import MainWindow
    w = MainWindow()
    w.set_project(Project.open(sys.argv[1], coder="window"), restore=False)
    w.resize(1200, 800)
    w.show()
    cid = w.project.codebook.get("Actors/India").id
    state = {"n": int(sys.argv[2]) * 131}

    def step():
        pane = w.area.panes[0]
        text = pane.view.text()
        n = state["n"] = state["n"] + 1
        start = (n * 37) % (len(text) - 60)
        a, b = PositionMap(text).span_to_utf16(start, start + 10 + n % 40)
        edit = pane.view.text_edit()
        cursor = QTextCursor(edit.document())
        cursor.setPosition(a)
        cursor.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
        edit.setTextCursor(cursor)
        edit.setFocus()
        w.area.set_focused(pane)
        before = w.session.undo_stack.count()
        view = w.codebook_panel.view
        index = w.codebook_panel.view_index(cid)
        view.scrollTo(index)
        pos = view.visualRect(index).center()
        QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
        QTest.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
        if w.session.undo_stack.count() > before:  # the window made the coding: it is committed
            guid = w.project.db.one("SELECT guid FROM codings ORDER BY id DESC LIMIT 1")[0]
            print(guid, flush=True)
        if n % 15 == 0 and not w.session.jobs.jobs:
            # Ctrl+E: a job opens and closes its own connection while the window holds one
            w.files.export_segments(sys.argv[1] + ".csv")
        QTimer.singleShot(5, step)

    QTimer.singleShot(0, step)
    print("ready", flush=True)
    app.exec()
""")


@dataclass
class Results:
    trials: int = 0
    kills: int = 0
    acknowledged: int = 0
    lost: int = 0
    integrity_failures: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def line(self) -> str:
        kinds = ", ".join(f"{k} {v}" for k, v in self.by_kind.items())
        return (f"trials {self.trials} ({kinds}), kills {self.kills}, acknowledged codings "
                f"{self.acknowledged}, lost {self.lost}, integrity failures "
                f"{self.integrity_failures}")


class Reader(threading.Thread):
    """Collects a child's stdout lines as they come (the acknowledged GUIDs)."""

    def __init__(self, proc: subprocess.Popen) -> None:
        super().__init__(daemon=True)
        self.proc = proc
        self.lines: list[str] = []

    def run(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.append(line.strip())


def spawn(args: list[str], env: dict[str, str]) -> tuple[subprocess.Popen, Reader]:
    proc = subprocess.Popen([sys.executable, *args], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True, env=env)
    reader = Reader(proc)
    reader.start()
    return proc, reader


def wait_for(reader: Reader, what, timeout: float = 60) -> None:
    """Until the child has printed a line that ``what`` accepts (started, first coding)."""
    deadline = time.monotonic() + timeout
    while (not any(what(s) for s in list(reader.lines)) and reader.proc.poll() is None
           and time.monotonic() < deadline):
        time.sleep(0.02)


def is_guid(s: str) -> bool:
    return len(s) == 36 and s.count("-") == 4


def kill(proc: subprocess.Popen, reader: Reader) -> bool:
    """SIGKILL; True if the process was still running (a real kill, not a corpse)."""
    alive = proc.poll() is None
    if alive:
        proc.send_signal(signal.SIGKILL)
    proc.wait()
    reader.join(timeout=5)
    return alive


def check(path: Path, acknowledged: set[str], res: Results, label: str) -> None:
    con = sqlite3.connect(str(path))
    try:
        ok = con.execute("PRAGMA integrity_check").fetchone()[0]
        present = {r[0] for r in con.execute("SELECT guid FROM codings")}
    except sqlite3.DatabaseError as exc:
        ok, present = str(exc), set()
    finally:
        con.close()
    if ok != "ok":
        res.integrity_failures += 1
        res.problems.append(f"{label}: integrity_check says {ok}")
    missing = acknowledged - present
    res.acknowledged += len(acknowledged)
    if missing:
        res.lost += len(missing)
        res.problems.append(f"{label}: {len(missing)} acknowledged codings missing")


def guids_of(lines: list[str]) -> set[str]:
    return {s for s in lines if is_guid(s)}


def trial_cli(base: Path, work: Path, env: dict[str, str], rng: random.Random, res: Results,
              i: int) -> None:
    path = work / f"cli-{i}.gwot"
    shutil.copy(base, path)
    procs = [spawn(["-c", CLI_CODER, str(path), DOC, str(i * 10 + k)], env) for k in range(2)]
    for _, reader in procs:
        wait_for(reader, is_guid)  # kills while coding, not while Python starts
    time.sleep(rng.uniform(0.0, 1.0))
    for proc, reader in procs:  # two coders on one file: locks between processes matter
        res.kills += kill(proc, reader)
        time.sleep(rng.uniform(0, 0.2))
    check(path, set().union(*(guids_of(r.lines) for _, r in procs)), res, f"cli {i}")
    res.trials += 1


def trial_window(base: Path, work: Path, env: dict[str, str], rng: random.Random, res: Results,
                 i: int) -> None:
    path = work / f"window-{i}.gwot"
    shutil.copy(base, path)
    proc, reader = spawn(["-c", WINDOW_CODER, str(path), str(i)], env)
    wait_for(reader, is_guid)
    time.sleep(rng.uniform(0.0, 0.5))
    # another program opens and closes the file meanwhile (the issue's `gwot-reader stats`)
    subprocess.run([sys.executable, "-m", "gwot_reader", "stats", str(path)], env=env,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(rng.uniform(0.0, 1.0))
    res.kills += kill(proc, reader)
    acked = guids_of(reader.lines)
    if not acked:
        res.problems.append(f"window {i}: no coding was made before the kill")
    check(path, acked, res, f"window {i}")
    res.trials += 1


def trial_import(base: Path, work: Path, files: list[Path], env: dict[str, str],
                 rng: random.Random, res: Results, i: int) -> None:
    path = work / f"import-{i}.gwot"
    shutil.copy(base, path)
    coder, coder_reader = spawn(["-c", CLI_CODER, str(path), DOC, str(i)], env)
    wait_for(coder_reader, is_guid)
    importer, import_reader = spawn(["-m", "gwot_reader", "import", str(path),
                                     *map(str, files)], env)
    time.sleep(rng.uniform(0.3, 4.0))
    res.kills += kill(importer, import_reader)
    time.sleep(rng.uniform(0.2, 1.0))
    res.kills += kill(coder, coder_reader)
    check(path, guids_of(coder_reader.lines), res, f"import {i}")
    con = sqlite3.connect(str(path))
    try:
        docs = con.execute("SELECT count(*) FROM documents").fetchone()[0]
    finally:
        con.close()
    if docs not in (5, 5 + len(files)):  # an import is all of its files or none
        res.problems.append(f"import {i}: {docs} documents, half an import")
        res.integrity_failures += 1
    res.trials += 1


DOC = "Safi 2023 - Pakistan-U.S. anti-terrorism dialogue"


def run(cli: int, window: int, imports: int, seed: int = 1, work: Path | None = None,
        import_files: int = 40, import_kb: int = 150, log=print) -> Results:
    from generate import write_text_files

    from gwot_reader.exchange.newproject import create_project

    rng = random.Random(seed)
    own = work is None
    work = Path(tempfile.mkdtemp(prefix="gwot-crash-")) if work is None else work
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen",
           "XDG_CONFIG_HOME": str(work / "config"), "XDG_DATA_HOME": str(work / "data"),
           "GWOT_PDF_HELPERS": "0"}
    res = Results()
    work.mkdir(parents=True, exist_ok=True)
    try:
        base = work / "base.gwot"
        create_project(base, coder="base").close()
        files = write_text_files(work / "texts", import_files, import_kb) if imports else []
        for kind, n, fn in (("cli", cli, lambda i: trial_cli(base, work, env, rng, res, i)),
                            ("window", window,
                             lambda i: trial_window(base, work, env, rng, res, i)),
                            ("import", imports,
                             lambda i: trial_import(base, work, files, env, rng, res, i))):
            res.by_kind[kind] = n
            for i in range(n):
                fn(i)
                for suffix in ("", "-wal", "-shm"):  # keep /tmp small over 200 trials
                    Path(f"{work / f'{kind}-{i}.gwot'}{suffix}").unlink(missing_ok=True)
            if n:
                log(f"{kind}: {res.line()}")
    finally:
        if own:
            shutil.rmtree(work, ignore_errors=True)
    return res


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cli", type=int, default=80, help="CLI trials (two coders, two kills)")
    ap.add_argument("--window", type=int, default=40, help="window trials (one kill)")
    ap.add_argument("--import", dest="imports", type=int, default=10,
                    help="import trials (importer and coder killed: two kills)")
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    t = time.perf_counter()
    res = run(a.cli, a.window, a.imports, a.seed)
    for p in res.problems:
        print(f"  {p}")
    print(f"{res.line()} in {time.perf_counter() - t:.0f} s")
    return 1 if res.lost or res.integrity_failures else 0


if __name__ == "__main__":
    sys.exit(main())
