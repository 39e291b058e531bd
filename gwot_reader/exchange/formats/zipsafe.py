"""Opening ZIP-based documents (DOCX, ODT, EPUB) without trusting their names or sizes."""

from __future__ import annotations

import io
import posixpath
import zipfile
from typing import Literal, overload

from gwot_reader.core.errors import ImportError_

MAX_UNCOMPRESSED = 300 * 1024 * 1024  # declared total; more is refused as a likely zip bomb
MAX_MEMBERS = 20_000


def open_zip(data: bytes, name: str, kind: str) -> zipfile.ZipFile:
    """The archive, checked before anything is extracted: names, member count, declared size."""
    if not data:
        raise ImportError_(f"{name} is empty")
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        raise ImportError_(f"{name} is not a {kind} file (it is not a ZIP archive, or it is "
                           "damaged)") from None
    if len(infos) > MAX_MEMBERS:
        raise ImportError_(f"{name} holds {len(infos)} files; refused as unsafe")
    total = 0
    for info in infos:
        if not safe_name(info.filename):
            raise ImportError_(f"{name} contains an unsafe file name ({info.filename!r}); refused")
        total += info.file_size
    if total > MAX_UNCOMPRESSED:
        raise ImportError_(f"{name} would unpack to {total // (1024 * 1024)} MB; refused as a "
                           "likely zip bomb")
    return zf


def safe_name(member: str) -> bool:
    """No absolute paths, drive letters, backslashes or ``..`` that climb out of the archive."""
    if not member or member.startswith(("/", "\\")) or "\\" in member or "\x00" in member:
        return False
    if len(member) > 1 and member[1] == ":":
        return False
    return ".." not in member.split("/")


@overload
def read_member(zf: zipfile.ZipFile, member: str, name: str, *,
                required: Literal[True] = True) -> bytes: ...
@overload
def read_member(zf: zipfile.ZipFile, member: str, name: str, *, required: bool) -> bytes | None: ...


def read_member(zf: zipfile.ZipFile, member: str, name: str, *, required: bool = True) -> bytes | None:
    """One member's bytes, read no further than its declared size (which was checked)."""
    member = posixpath.normpath(member).lstrip("/") if member else member
    if not safe_name(member):
        raise ImportError_(f"{name} refers to an unsafe file name ({member!r}); refused")
    try:
        info = zf.getinfo(member)
    except KeyError:
        if required:
            raise ImportError_(f"{name} is damaged: it lacks {member}") from None
        return None
    try:
        with zf.open(info) as fh:
            data = fh.read(info.file_size + 1)
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError):
        raise ImportError_(f"{name} is damaged: {member} cannot be unpacked") from None
    if len(data) > info.file_size:
        raise ImportError_(f"{name} is damaged: {member} is larger than it says")
    return data
