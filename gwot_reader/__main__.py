"""Entry point for ``python -m gwot_reader``."""

import sys

from gwot_reader.cli import main

if __name__ == "__main__":  # not when a helper process (spawned) imports this module again
    sys.exit(main())
