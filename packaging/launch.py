"""The bundle's entry script: the same ``gwot-reader`` command as the installed package."""

import sys

from gwot_reader.cli import main

if __name__ == "__main__":
    sys.exit(main())
