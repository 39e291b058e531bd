"""Decoding imported bytes to canonical text: UTF-8 first, detection with a warning after."""

from __future__ import annotations

import codecs
import hashlib
import re

from gwot_reader.core.errors import ImportError_

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# C0 controls other than tab, newline and carriage return, which real text never holds.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def sha256(data: bytes | str) -> str:
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.sha256(data).hexdigest()


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR become LF, so positions refer to one kind of line break."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decode_text(data: bytes, name: str = "file") -> tuple[str, list[str]]:
    """Canonical text of a text file and the warnings a user should see.

    UTF-8 (with or without BOM) and BOM-marked UTF-16/32 decode silently; anything else is
    detected and decoded with a warning that names the encoding guessed.
    """
    if not data:
        raise ImportError_(f"{name} is empty")
    warnings: list[str] = []
    text = None
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as exc:
                raise ImportError_(f"{name} says it is {encoding} but is not: {exc.reason}") from None
            break
    if text is None:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _detect(data, name, warnings)
    if _looks_binary(text):
        raise ImportError_(f"{name} is not a text file (it holds binary data)")
    text = normalise_newlines(text)
    if not text.strip():
        raise ImportError_(f"{name} holds no text")
    return text, warnings


def _detect(data: bytes, name: str, warnings: list[str]) -> str:
    if b"\x00" in data[:4096] and not _looks_utf16(data):
        raise ImportError_(f"{name} is not a text file (it holds binary data)")
    from charset_normalizer import from_bytes  # only needed for the rare non-UTF-8 file

    best = from_bytes(data[: 1 << 20]).best()
    if best is None or best.encoding is None:
        raise ImportError_(f"{name} is not a text file, or its encoding cannot be recognised")
    encoding = best.encoding
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        raise ImportError_(f"{name} could not be decoded as {encoding}") from None
    warnings.append(f"{name} is not UTF-8; it was read as {encoding}. Check its accents and symbols.")
    return text


def _looks_utf16(data: bytes) -> bool:
    head = data[:4096]
    even_nul = head[0::2].count(0)
    odd_nul = head[1::2].count(0)
    half = max(1, len(head) // 2)
    return max(even_nul, odd_nul) > half * 0.3 and min(even_nul, odd_nul) < half * 0.05


def _looks_binary(text: str) -> bool:
    sample = text[:65536]
    if not sample:
        return False
    bad = len(_CONTROL.findall(sample)) + sample.count("\ufffd")
    return bad > max(2, len(sample) // 100)
