"""Opening ZIP-based documents (DOCX, ODT, EPUB) without trusting their names or sizes."""

from __future__ import annotations

import io
import posixpath
import zipfile
import zlib
from typing import Literal, overload

from gwot_reader.core.errors import ImportError_

# Declared unpacked total of the whole archive (pictures included, which are never unpacked);
# more is refused before anything is unpacked, as a likely zip bomb.
MAX_UNCOMPRESSED = 150 * 1024 * 1024
MAX_MEMBERS = 20_000
# What is really unpacked and parsed: one XML part, and all parts of one file together. Counted
# while streaming, so a member that lies about its size is stopped at the limit too. A 32 MB
# document.xml holds ~16,000 pages of text and takes ~5 s and ~200 MB to import; the 290 MB
# one of a 1 MB "zip bomb" took 90 s and 4.3 GB before these limits.
MAX_PART_BYTES = 32 * 1024 * 1024
MAX_READ_BYTES = 64 * 1024 * 1024
_CHUNK = 1024 * 1024


class SafeZip(zipfile.ZipFile):
    """A ZipFile that remembers how much has been unpacked from it (see ``read_member``)."""

    unpacked = 0


def open_zip(data: bytes, name: str, kind: str) -> zipfile.ZipFile:
    """The archive, checked before anything is extracted: names, member count, declared size."""
    if not data:
        raise ImportError_(f"{name} is empty")
    try:
        zf = SafeZip(io.BytesIO(data))
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
    if info.file_size > MAX_PART_BYTES:
        raise _too_big(name, member)
    budget = MAX_READ_BYTES - getattr(zf, "unpacked", 0)
    limit = min(info.file_size, MAX_PART_BYTES, budget)
    chunks: list[bytes] = []
    got = 0
    try:
        with zf.open(info) as fh:
            # In chunks, stopping one byte past what may come: neither a lying size nor a
            # bomb is ever unpacked further than the limit.
            while got <= limit:
                chunk = fh.read(min(_CHUNK, limit + 1 - got))
                if not chunk:
                    break
                chunks.append(chunk)
                got += len(chunk)
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError,
            ValueError, zlib.error):
        raise ImportError_(f"{name} is damaged: {member} cannot be unpacked") from None
    if isinstance(zf, SafeZip):
        zf.unpacked += got
    if got > info.file_size:
        raise ImportError_(f"{name} is damaged: {member} is larger than it says")
    if got > limit:
        raise _too_big(name, member)
    return b"".join(chunks)


def _too_big(name: str, member: str) -> ImportError_:
    return ImportError_(f"{name} is too large to import: {member} (or all its parts together) "
                        f"would unpack to more than {MAX_PART_BYTES // (1024 * 1024)} MB "
                        f"({MAX_READ_BYTES // (1024 * 1024)} MB); refused as a likely zip bomb")
