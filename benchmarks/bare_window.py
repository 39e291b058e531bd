"""The floor of a window's first paint: a bare PySide6 main window, shown and saved to a PNG.

    python benchmarks/bare_window.py OUT.png

What ``gwot-reader --screenshot OUT.png`` is compared with (benchmarks/floors.py): the same
size, offscreen, the process ends once the PNG is written, at the PNG quality the screenshot
uses (80: zlib's fastest level), so that neither side wins by compressing less.
"""

import os
import sys

os.environ["QT_QPA_PLATFORM"] = "offscreen"

from PySide6.QtWidgets import QApplication, QMainWindow  # noqa: E402

app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize(1500, 900)
window.show()
app.processEvents()
sys.exit(0 if window.grab().save(sys.argv[1], None, 80) else 1)
