"""The bundle's recipe: the spec on each platform, what it leaves out, the menu entry and the icons.

Fast checks only; the real build and its smoke test are packaging/build.py --smoke.
"""

from __future__ import annotations

import ast
import configparser
import shutil
import struct
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"
sys.path.insert(0, str(PACKAGING))
import bundle_config as cfg  # noqa: E402

SPEC = PACKAGING / "gwot-reader.spec"
DESKTOP = PACKAGING / "linux" / "gwot-reader.desktop"


class _Recorder:
    """Stands in for one PyInstaller build class and remembers how the spec called it."""

    calls: list[tuple[str, tuple, dict]] = []

    def __init__(self, *args, **kwargs):
        self.args, self.kwargs = args, kwargs
        self.calls.append((type(self).__name__, args, kwargs))
        self.binaries = [("PySide6/Qt/lib/libQt6Core.so.6", "x", "BINARY"),
                         ("PySide6/Qt/lib/libQt6Quick.so.6", "x", "BINARY"),
                         ("PySide6/Qt/plugins/platforms/libqoffscreen.so", "x", "BINARY"),
                         ("PySide6/Qt/plugins/platforms/libqeglfs.so", "x", "BINARY")]
        self.datas = [("corpus/metadata.json", "x", "DATA"),
                      ("PySide6/Qt/translations/qtbase_de.qm", "x", "DATA")]
        self.pure = []
        self.scripts = [("pyi_rth_pyside6", "x", "PYSOURCE"), ("launch", "x", "PYSOURCE")]


def run_spec(platform: str, tmp_path: Path, monkeypatch) -> dict[str, list]:
    monkeypatch.setattr(sys, "platform", platform)
    monkeypatch.setattr(cfg, "tune_pyinstaller", lambda: None)  # PyInstaller itself is not needed
    _Recorder.calls = []
    names = {n: type(n, (_Recorder,), {}) for n in ("Analysis", "PYZ", "EXE", "COLLECT", "BUNDLE")}
    scope = {**names, "SPECPATH": str(PACKAGING), "workpath": str(tmp_path), "__file__": str(SPEC)}
    exec(compile(SPEC.read_text(encoding="utf-8"), str(SPEC), "exec"), scope)
    calls: dict[str, list] = {}
    for name, args, kwargs in _Recorder.calls:
        calls.setdefault(name, []).append((args, kwargs))
    calls["analysis"] = scope["a"]
    return calls


def test_spec_on_linux_is_one_console_program_with_the_data_folders(tmp_path, monkeypatch):
    calls = run_spec("linux", tmp_path, monkeypatch)
    (args, kwargs), = calls["Analysis"]
    assert Path(args[0][0]) == PACKAGING / "launch.py"
    assert sorted(dest for _, dest in kwargs["datas"]) == ["corpus", "resources"]
    assert all(Path(src).is_dir() for src, _ in kwargs["datas"])
    assert "PySide6.QtQml" in kwargs["excludes"] and "PySide6.QtWidgets" not in kwargs["excludes"]
    # Modules imported by name at run time are in the bundle all the same.
    assert {"gwot_reader.exchange.formats", "gwot_reader.exchange.formats.pdf", "gwot_reader.ui.app",
            "gwot_reader"} <= set(kwargs["hiddenimports"])
    (_, exe), = calls["EXE"]
    assert exe["name"] == "gwot-reader" and exe["console"] is True
    assert "BUNDLE" not in calls
    # The spec filters what PyInstaller collected.
    a = calls["analysis"]
    assert [d for d, _, _ in a.binaries] == ["PySide6/Qt/lib/libQt6Core.so.6",
                                             "PySide6/Qt/plugins/platforms/libqoffscreen.so"]
    assert [d for d, _, _ in a.datas] == ["corpus/metadata.json"]
    # Qt's stock runtime hook (imports QtCore at every start) gives way to ours.
    assert [Path(h).name for h in kwargs["runtime_hooks"]] == ["rthook_qt.py"]
    assert [name for name, _, _ in a.scripts] == ["launch"]


def test_spec_on_windows_adds_a_windowed_program_with_icon_and_version(tmp_path, monkeypatch):
    calls = run_spec("win32", tmp_path, monkeypatch)
    exes = {kw["name"]: kw for _, kw in calls["EXE"]}
    assert exes["gwot-reader"]["console"] is True and exes["gwot-reader-gui"]["console"] is False
    for exe in exes.values():
        assert exe["icon"].endswith("gwot-reader.ico") and Path(exe["icon"]).exists()
        version_file = Path(exe["version"]).read_text(encoding="utf-8")
        assert f"'ProductVersion', '{'.'.join((cfg.version().split('.') + ['0'] * 4)[:4])}'" in version_file
        ast.parse(version_file)  # PyInstaller evaluates it as Python


def test_spec_on_macos_makes_an_app_whose_main_program_is_windowed(tmp_path, monkeypatch):
    calls = run_spec("darwin", tmp_path, monkeypatch)
    (collect_args, _), = calls["COLLECT"]
    assert collect_args[0].kwargs["console"] is False  # the first EXE becomes CFBundleExecutable
    (bundle_args, bundle), = calls["BUNDLE"]
    assert bundle["bundle_identifier"] == "org.gwot-reader.GWOTReader"
    assert bundle["icon"].endswith(".icns") and bundle["name"] == "GWOT Reader.app"
    plist = bundle["info_plist"]
    assert plist["CFBundleShortVersionString"] == cfg.version()
    assert plist["NSHighResolutionCapable"] is True
    assert plist["CFBundleDocumentTypes"][0]["CFBundleTypeExtensions"] == ["gwot"]


@pytest.mark.parametrize("dest", [
    "PySide6/Qt/lib/libQt6Core.so.6", "PySide6/Qt/lib/libQt6Widgets.so.6", "PySide6/Qt/lib/libicudata.so.73",
    "PySide6/Qt/plugins/platforms/libqxcb.so", "PySide6/Qt/plugins/platforms/libqoffscreen.so",
    "PySide6/Qt/plugins/platforms/qwindows.dll", "PySide6/Qt/plugins/platforms/libqcocoa.dylib",
    "PySide6/Qt/plugins/imageformats/libqjpeg.so", "PySide6/Qt/plugins/iconengines/libqsvgicon.so",
    "PySide6/Qt/plugins/platforminputcontexts/libibusplatforminputcontextplugin.so",
    "corpus/metadata.json", "resources/icons/gwot-reader-256.png", "pymupdf/libmupdf.so.28.2",
    "PySide6/Qt6Widgets.dll", "PySide6/plugins/styles/qmodernwindowsstyle.dll",
    "PySide6/Qt/lib/QtWidgets.framework/Versions/A/QtWidgets", "PySide6/Qt/lib/libQt6DBus.so.6",
    "PySide6/Qt/plugins/styles/libqmacstyle.dylib", "PySide6/Qt/lib/libQt6Svg.so.6",
])
def test_kept(dest):
    assert cfg.keep(dest)


@pytest.mark.parametrize("dest", [
    "PySide6/Qt/translations/qtbase_de.qm", "PySide6/Qt/qml/QtQuick/qmldir",
    "PySide6/Qt/lib/libQt6Quick.so.6", "PySide6/Qt/lib/libQt6Qml.so.6", "PySide6/Qt/lib/libQt6Network.so.6",
    "PySide6/Qt/lib/libQt6WaylandClient.so.6", "PySide6/Qt/lib/libQt6EglFsKmsSupport.so.6",
    "PySide6/Qt6Quick.dll", "PySide6/Qt/plugins/platforms/libqeglfs.so",
    "PySide6/Qt/plugins/platforms/libqwayland.so", "PySide6/Qt/plugins/imageformats/libqpdf.so",
    "PySide6/Qt/plugins/platformthemes/libqgtk3.so", "PySide6/Qt/plugins/tls/libqopensslbackend.so",
    "PySide6\\Qt\\plugins\\sqldrivers\\qsqlite.dll", "PySide6/translations/qtbase_fr.qm",
    "PySide6/Qt/lib/QtQuick.framework/Versions/A/QtQuick",
    "PySide6/Qt/lib/QtNetwork.framework/Resources/Info.plist",
    "PySide6/plugins/imageformats/qtiff.dll", "PySide6/Qt/plugins/imageformats/libqmacheif.dylib",
])
def test_left_out(dest):
    assert not cfg.keep(dest)


def test_qt_hooks_collect_only_the_kept_plugins():
    class FakeLibraryInfo:
        def collect_plugins(self, plugin_type):
            folder = f"/qt/plugins/{plugin_type}"
            return [(f"{folder}/{name}", f"PySide6/Qt/plugins/{plugin_type}")
                    for name in ("libqxcb.so", "libqwayland.so", "libqgtk3.so", "libqxdgdesktopportal.so")]

    cfg.limit_qt_plugins(FakeLibraryInfo)
    cfg.limit_qt_plugins(FakeLibraryInfo)  # twice is harmless
    info = FakeLibraryInfo()
    names = {kind: [Path(src).name for src, _ in info.collect_plugins(kind)]
             for kind in ("platforms", "platformthemes")}
    assert names == {"platforms": ["libqxcb.so"], "platformthemes": ["libqxdgdesktopportal.so"]}
    assert info.collect_plugins("tls") == []


def _imported_modules() -> set[str]:
    found = set()
    for path in (ROOT / "gwot_reader").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add(node.module)
                found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def test_the_program_imports_nothing_the_bundle_leaves_out():
    used = _imported_modules()
    for module in cfg.EXCLUDES:
        clash = sorted(m for m in used if m == module or m.startswith(module + "."))
        assert not clash, f"{clash} is used by gwot_reader: take it out of packaging/bundle_config.py"


def test_desktop_entry_is_valid_and_names_the_program_and_icon():
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str
    entry.read(DESKTOP, encoding="utf-8")
    d = entry["Desktop Entry"]
    assert d["Type"] == "Application" and d["Name"] == "GWOT Reader" and d["Terminal"] == "false"
    assert d["Exec"].split()[0] == cfg.APP_NAME == d["TryExec"]
    assert d["Icon"] == "gwot-reader"
    mime = (PACKAGING / "linux" / "gwot-reader-mime.xml").read_text(encoding="utf-8")
    assert f'type="{d["MimeType"].rstrip(";")}"' in mime and '<glob pattern="*.gwot"/>' in mime
    if shutil.which("desktop-file-validate"):
        proc = subprocess.run(["desktop-file-validate", str(DESKTOP)], capture_output=True, text=True)
        assert proc.returncode == 0 and not proc.stdout.strip(), proc.stdout


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_icon_pngs_exist_at_their_sizes():
    assert (cfg.ICONS / "gwot-reader.svg").read_text(encoding="utf-8").lstrip().startswith("<svg")
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        assert _png_size((cfg.ICONS / f"gwot-reader-{size}.png").read_bytes()) == (size, size)


def test_windows_ico_holds_png_images_from_16_to_256():
    data = (cfg.ICONS / "gwot-reader.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    sizes = []
    for i in range(count):
        w, _h, _, _, _, _, length, offset = struct.unpack("<BBBBHHII", data[6 + 16 * i: 22 + 16 * i])
        assert _png_size(data[offset:offset + length]) == ((w or 256),) * 2
        sizes.append(w or 256)
    assert (reserved, kind) == (0, 1) and {16, 32, 48, 256} <= set(sizes)


def test_macos_icns_holds_png_images_up_to_1024():
    data = (cfg.ICONS / "gwot-reader.icns").read_bytes()
    assert data[:4] == b"icns" and struct.unpack(">I", data[4:8])[0] == len(data)
    pos, kinds = 8, {}
    while pos < len(data):
        kind, length = data[pos:pos + 4].decode(), struct.unpack(">I", data[pos + 4:pos + 8])[0]
        kinds[kind] = _png_size(data[pos + 8:pos + length])[0]
        pos += length
    assert kinds["ic10"] == 1024 and kinds["ic07"] == 128 and kinds["icp4"] == 16


def test_build_extra_brings_pyinstaller():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert any(r.lower().startswith("pyinstaller") for r in project["optional-dependencies"]["build"])
    assert not any(r.lower().startswith("pyside6 ") or r.lower().startswith("pyside6>")
                   for r in project["dependencies"]), "depend on PySide6-Essentials only"


def test_launcher_runs_the_cli():
    tree = ast.parse((PACKAGING / "launch.py").read_text(encoding="utf-8"))
    imports = [n for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    assert any(n.module == "gwot_reader.cli" and n.names[0].name == "main" for n in imports)
