"""Runtime hook replacing PyInstaller's pyi_rth_pyside6: tell Qt where its plugins are, lazily.

The stock hook imports PySide6.QtCore at every start only to check for an embedded qt.conf, which
PySide6's wheels always make themselves; that costs the command-line commands a fifth of a
second each. Setting the plugin path is all this bundle needs (no QML, no QtNetwork).
"""

import os
import sys

_qt = os.path.join(sys._MEIPASS, "PySide6") if sys.platform == "win32" else os.path.join(
    sys._MEIPASS, "PySide6", "Qt")
os.environ["QT_PLUGIN_PATH"] = os.path.join(_qt, "plugins")
del _qt
