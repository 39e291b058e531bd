"""Build the desktop bundle with one command: ``python packaging/build.py [--archive] [--smoke]``.

Installs the project with its ``build`` extra when PyInstaller is missing, runs the spec, and
prints where the bundle is, its size and the build time. Linux, Windows and macOS alike.
"""

from __future__ import annotations

import argparse
import importlib.util
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bundle_config import APP_NAME, DISPLAY_NAME, ROOT, version  # noqa: E402

DIST, WORK = ROOT / "dist", ROOT / "build" / "pyinstaller"
LINUX_FILES = ("gwot-reader.desktop", "gwot-reader-mime.xml", "install.sh")


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def ensure_build_tools() -> None:
    missing = [m for m in ("PyInstaller", "PySide6", "gwot_reader") if importlib.util.find_spec(m) is None]
    if missing:
        print(f"{', '.join(missing)} missing: installing the project with its build extra")
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "-e", f"{ROOT}[build]"], check=True)


def build() -> Path:
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
                    "--distpath", str(DIST), "--workpath", str(WORK),
                    str(ROOT / "packaging" / "gwot-reader.spec")], check=True, cwd=ROOT)
    if sys.platform == "darwin":
        return DIST / f"{DISPLAY_NAME}.app"
    bundle = DIST / APP_NAME
    if sys.platform.startswith("linux"):  # the menu entry and its installer travel with the folder
        for name in LINUX_FILES:
            shutil.copy2(ROOT / "packaging" / "linux" / name, bundle / name)
    return bundle


def archive(bundle: Path) -> Path:
    """A download: .tar.gz on Linux (keeps the executable bit), .zip elsewhere."""
    system = {"linux": "linux", "win32": "windows", "darwin": "macos"}.get(sys.platform, sys.platform)
    base = DIST / f"{APP_NAME}-{version()}-{system}-{platform.machine().lower()}"
    fmt = "gztar" if system == "linux" else "zip"
    return Path(shutil.make_archive(str(base), fmt, root_dir=bundle.parent, base_dir=bundle.name))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--archive", action="store_true", help="also pack the bundle for download")
    parser.add_argument("--smoke", action="store_true", help="run packaging/smoke_test.py afterwards")
    args = parser.parse_args(argv)
    ensure_build_tools()
    started = time.perf_counter()
    bundle = build()
    seconds = time.perf_counter() - started
    print(f"built {bundle.relative_to(ROOT)}: {folder_size(bundle) / 1e6:.1f} MB in {seconds:.0f} s")
    if args.archive:
        packed = archive(bundle)
        print(f"packed {packed.relative_to(ROOT)}: {packed.stat().st_size / 1e6:.1f} MB")
    if args.smoke:
        import smoke_test

        return smoke_test.main([])
    return 0


if __name__ == "__main__":
    sys.exit(main())
