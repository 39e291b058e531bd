"""What goes into the PyInstaller bundle: names, metadata and the files left out."""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

ROOT = Path(__file__).resolve().parents[1]
APP_NAME = "gwot-reader"  # the executable and the one-folder bundle
GUI_NAME = "gwot-reader-gui"  # the windowed executable on Windows and macOS
DISPLAY_NAME = "GWOT Reader"
BUNDLE_ID = "org.gwot-reader.GWOTReader"
ICONS = ROOT / "resources" / "icons"
DATA_FOLDERS = ("corpus", "resources")  # found under sys._MEIPASS by exchange/bundled.py

# Qt bindings the program never imports; tests/test_packaging.py checks that it still does not.
UNUSED_QT = [
    "Qt3DCore", "QtBluetooth", "QtCharts", "QtConcurrent", "QtDBus", "QtDesigner", "QtHelp",
    "QtLabsStyleKit", "QtMultimedia", "QtNetwork", "QtOpenGL", "QtOpenGLWidgets", "QtPdf",
    "QtPdfWidgets", "QtPrintSupport", "QtQml", "QtQmlFeatures", "QtQuick", "QtQuick3D",
    "QtQuickControls2", "QtQuickTest", "QtQuickWidgets", "QtSql", "QtSvgWidgets", "QtTest",
    "QtUiTools", "QtWebEngineCore", "QtWebEngineWidgets", "QtXml",
]
# Python packages that are importable here (tests, tools, optional extras) but unused at run time.
UNUSED_PYTHON = [
    "tkinter", "_tkinter", "unittest", "pydoc_data", "lib2to3", "test", "idlelib", "ensurepip",
    "pytest", "_pytest", "pytestqt", "hypothesis", "importlinter", "grimp", "xmlschema",
    "IPython", "numpy", "pandas", "PIL", "matplotlib", "setuptools", "pkg_resources",
]
EXCLUDES = [f"PySide6.{m}" for m in UNUSED_QT] + UNUSED_PYTHON

# Qt plugins kept, by folder; every other plugin folder is dropped whole.
KEPT_PLUGINS = {
    # offscreen: smoke tests and --screenshot; xcb: X11 and XWayland; minimal: diagnostics.
    "platforms": {"qxcb", "qoffscreen", "qminimal", "qwindows", "qcocoa"},
    # Native file dialogs through the desktop portal; qgtk3 would drag in a cairo/pango stack that
    # can clash with the user's own GTK.
    "platformthemes": {"qxdgdesktopportal"},
    "platforminputcontexts": {"composeplatforminputcontextplugin", "ibusplatforminputcontextplugin"},
    "imageformats": {"qico", "qjpeg", "qgif", "qsvg", "qicns"},
    "iconengines": {"qsvgicon"},
    "styles": {"qmodernwindowsstyle", "qwindowsvistastyle", "qmacstyle"},
    "xcbglintegrations": {"qxcb-glx-integration", "qxcb-egl-integration"},
}
# Shared libraries of Qt modules that nothing kept links to: libQt6Quick.so.6 (Linux), Qt6Quick.dll
# (Windows), QtQuick.framework/Versions/A/QtQuick (macOS).
_UNUSED_QT_LIB = re.compile(
    r"^(lib)?Qt6?(Qml|Quick|Network|Designer|Help|UiTools|Sql|Test|OpenGL|Concurrent|Xml|Pdf"
    r"|Wayland|WlShell|EglFs|LabsStyleKit|VirtualKeyboard|Lottie|ShaderTools|Bluetooth|Multimedia|3D"
    r"|WebEngine)", re.IGNORECASE)


def program_modules() -> list[str]:
    """Every module of gwot_reader, for the bundle: some are imported by name at run time
    (textimport's optional readers), which PyInstaller's analysis cannot see."""
    names = []
    for path in sorted((ROOT / "gwot_reader").rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def keep(dest: str) -> bool:
    """Whether a file collected by PyInstaller (its path inside the bundle) is kept."""
    p = PurePosixPath(dest.replace("\\", "/"))
    parts = p.parts
    if "translations" in parts or "qml" in parts or "metatypes" in parts:
        return False  # an English-only program; no QML
    if "plugins" in parts:
        i = parts.index("plugins")
        if len(parts) > i + 2:
            folder, stem = parts[i + 1], parts[-1].split(".")[0].removeprefix("lib")
            return stem in KEPT_PLUGINS.get(folder, ())
    return not any(_UNUSED_QT_LIB.match(part) for part in parts)


def tune_pyinstaller() -> None:
    """What the spec changes in PyInstaller itself before the analysis."""
    limit_qt_plugins()
    store_bytecode_uncompressed()


def store_bytecode_uncompressed() -> None:
    """Keep the archive of Python bytecode uncompressed: 10 MB more on disk (the download, being
    compressed, hardly grows) and no zlib at every import. Measured on this bundle: the first paint
    takes 0.59 s of CPU instead of 0.78 s (medians of 12 starts)."""
    from PyInstaller.archive import writers

    if hasattr(writers.ZlibArchiveWriter, "_COMPRESSION_LEVEL"):  # PYINSTALLER_ZLIB_COMPRESSION_LEVEL
        writers.ZlibArchiveWriter._COMPRESSION_LEVEL = 0


def limit_qt_plugins(library_info=None) -> None:
    """Make PyInstaller's Qt hooks collect only the kept plugins.

    Filtering after Analysis would be too late: the dependencies of a dropped plugin (the GTK
    theme's cairo and pango, Wayland's client libraries) would already have been collected.
    """
    if library_info is None:
        from PyInstaller.utils.hooks.qt import QtLibraryInfo as library_info
    collect = library_info.collect_plugins
    if getattr(collect, "gwot_limited", False):
        return

    def collect_kept(self, plugin_type):
        return [(src, dst) for src, dst in collect(self, plugin_type)
                if keep(f"{dst}/{Path(src).name}")]

    collect_kept.gwot_limited = True
    library_info.collect_plugins = collect_kept


def version() -> str:
    text = (ROOT / "gwot_reader" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__\s*=\s*"([^"]+)"', text, re.M)
    if not match:
        raise RuntimeError("no __version__ in gwot_reader/__init__.py")
    return match.group(1)


def info_plist() -> dict:
    """The macOS Info.plist basics of GWOT Reader.app."""
    v = version()
    return {
        "CFBundleName": DISPLAY_NAME,
        "CFBundleDisplayName": DISPLAY_NAME,
        "CFBundleIdentifier": BUNDLE_ID,
        "CFBundleShortVersionString": v,
        "CFBundleVersion": v,
        "NSHighResolutionCapable": True,
        "NSHumanReadableCopyright": "AGPL-3.0-or-later",
        "CFBundleDocumentTypes": [{
            "CFBundleTypeName": "GWOT Reader project",
            "CFBundleTypeRole": "Editor",
            "LSItemContentTypes": ["org.gwot-reader.project"],
            "CFBundleTypeExtensions": ["gwot"],
        }],
        "UTExportedTypeDeclarations": [{
            "UTTypeIdentifier": "org.gwot-reader.project",
            "UTTypeDescription": "GWOT Reader project",
            "UTTypeConformsTo": ["public.database", "public.data"],
            "UTTypeTagSpecification": {"public.filename-extension": ["gwot"]},
        }],
    }


def windows_version_file(path: Path) -> Path:
    """Write the VERSIONINFO resource (file properties in Explorer) and return its path."""
    nums = [int(n) for n in re.findall(r"\d+", version())[:4]]
    nums += [0] * (4 - len(nums))
    v, t = ".".join(map(str, nums)), tuple(nums)
    strings = {
        "CompanyName": "GWOT Reader developers", "FileDescription": DISPLAY_NAME,
        "FileVersion": v, "InternalName": APP_NAME, "LegalCopyright": "AGPL-3.0-or-later",
        "OriginalFilename": f"{APP_NAME}.exe", "ProductName": DISPLAY_NAME, "ProductVersion": v,
    }
    items = ",\n".join(f"          StringStruct({k!r}, {s!r})" for k, s in strings.items())
    path.write_text(
        f"VSVersionInfo(\n  ffi=FixedFileInfo(filevers={t}, prodvers={t}, mask=0x3f, flags=0x0,\n"
        f"    OS=0x40004, fileType=0x1, subtype=0x0, date=(0, 0)),\n"
        f"  kids=[\n    StringFileInfo([StringTable('040904B0', [\n{items}])]),\n"
        f"    VarFileInfo([VarStruct('Translation', [1033, 1200])])\n  ]\n)\n",
        encoding="utf-8")
    return path
