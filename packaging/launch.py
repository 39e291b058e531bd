"""The bundle's entry script: the same ``gwot-reader`` command as the installed package."""

import os
import sys

from gwot_reader.cli import main

if __name__ == "__main__":
    if os.environ.get("GWOT_STARTUP_PROBE"):  # benchmarks/bench_bundle.py times the first paint
        import startup_probe

        startup_probe.install(os.environ["GWOT_STARTUP_PROBE"])
    sys.exit(main())
