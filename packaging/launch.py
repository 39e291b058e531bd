"""The bundle's entry script: the same ``gwot-reader`` command as the installed package."""

import multiprocessing
import os
import sys

from gwot_reader.cli import main

if __name__ == "__main__":
    # A PDF helper process (spawned from this executable) runs its task here and exits,
    # instead of starting the program again.
    multiprocessing.freeze_support()
    if os.environ.get("GWOT_STARTUP_PROBE"):  # benchmarks/bench_bundle.py times the first paint
        import startup_probe

        startup_probe.install(os.environ["GWOT_STARTUP_PROBE"])
    sys.exit(main())
