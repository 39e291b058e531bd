"""Entry point for ``python -m gwot_reader``."""

import sys

from gwot_reader.cli import main

sys.exit(main())
