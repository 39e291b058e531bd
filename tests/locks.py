"""Whether this process still holds SQLite's locks on a project, asked from another process."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

# Every connection holds a SHARED lock on the database file (a read lock on the 510 bytes
# after SQLite's pending byte, 0x40000002). A connection closing in another process takes the
# EXCLUSIVE lock to learn whether it is the last user: if it gets it, it checkpoints and deletes
# the WAL. If our process dropped its locks (an open() and close() of the file), it gets it.
PROBE = """
import fcntl, os, sys
fd = os.open(sys.argv[1], os.O_RDWR)
try:
    fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 510, 0x40000002)
    print("free")
except OSError:
    print("held")
"""


def locks_held(path: Path) -> bool:
    out = subprocess.run([sys.executable, "-c", PROBE, str(path)], capture_output=True,
                         text=True, check=True).stdout.strip()
    return out == "held"
