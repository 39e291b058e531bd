"""Decoding imported bytes to canonical text: UTF-8 first, detection with a warning after."""

from __future__ import annotations

import codecs
import re
from typing import Any

from gwot_reader.core.errors import GwotError, ImportError_

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
    import hashlib  # OpenSSL's library: loaded by the first file to hash, not by every start

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
    if text is None and b"\x00" in data[:4096] and _looks_utf16(data):
        text = _utf16_without_bom(data, name, warnings)
    if text is None:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _mostly_utf8(data, name, warnings)
            if text is None:
                text = _detect(data, name, warnings)
    text = normalise_newlines(check_not_binary(text, name))
    if not text.strip():
        raise ImportError_(f"{name} holds no text")
    return text, warnings


def _detect(data: bytes, name: str, warnings: list[str]) -> str:
    if b"\x00" in data[:4096] and not _looks_utf16(data):
        raise ImportError_(f"{name} is not a text file (it holds binary data)")
    from charset_normalizer import from_bytes  # only needed for the rare non-UTF-8 file

    matches = list(from_bytes(data[: 1 << 20]))
    if not matches or matches[0].encoding is None:
        raise ImportError_(f"{name} is not a text file, or its encoding cannot be recognised")
    encoding = _likeliest(matches)
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        raise ImportError_(f"{name} could not be decoded as {encoding}") from None
    warnings.append(f"{name} is not UTF-8; it was read as {encoding}. Check its accents and symbols.")
    return text


# Among guesses that fit a file equally well (short files fit dozens of code pages), the
# encodings a corpus like ours is really in, likeliest first.
_LIKELY = ("cp1252", "latin_1", "iso8859_15", "cp1256", "cp1250", "cp1251", "cp932", "gb18030",
           "big5", "euc_kr")


def _likeliest(matches: list[Any]) -> str:
    best = matches[0]
    ties = [m for m in matches
            if m.chaos <= best.chaos + 0.01 and m.coherence >= best.coherence - 0.01]
    for encoding in _LIKELY:
        if any(encoding in m.could_be_from_charset for m in ties):
            return encoding
    return str(best.encoding)


def _utf16_without_bom(data: bytes, name: str, warnings: list[str]) -> str:
    # ASCII in UTF-16 LE puts the zero byte second ("H\0"), in BE first ("\0H").
    head = data[:4096]
    encoding = "utf-16-le" if head[1::2].count(0) > head[0::2].count(0) else "utf-16-be"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        raise ImportError_(f"{name} looks like UTF-16 but cannot be read as {encoding}") from None
    warnings.append(f"{name} has no byte-order mark; it was read as {encoding.upper()}.")
    return text


def _mostly_utf8(data: bytes, name: str, warnings: list[str]) -> str | None:
    """UTF-8 with a few stray bytes (a pasted quote from another program): keep the UTF-8."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    good = sum(1 for ch in text if ord(ch) > 0x7F) - text.count("\ufffd")
    if good < 20 * bad:
        return None
    which = "1 byte that could not be read; it shows" if bad == 1 else \
        f"{bad} bytes that could not be read; they show"
    warnings.append(f"{name} is UTF-8 except for {which} as \ufffd.")
    return text


def _looks_utf16(data: bytes) -> bool:
    head = data[:4096]
    even_nul = head[0::2].count(0)
    odd_nul = head[1::2].count(0)
    half = max(1, len(head) // 2)
    return max(even_nul, odd_nul) > half * 0.3 and min(even_nul, odd_nul) < half * 0.05


def check_not_binary(text: str, name: str) -> str:
    """Refuse decoded text that is really binary data (control characters); drop the odd NUL
    of a text file (Qt and C strings end at one)."""
    if _looks_binary(text):
        raise ImportError_(f"{name} is not a text file (it holds binary data)")
    return text.replace("\x00", "") if "\x00" in text else text


def _looks_binary(text: str) -> bool:
    sample = text[:65536]
    if not sample:
        return False
    bad = len(_CONTROL.findall(sample)) + sample.count("\ufffd")
    return bad > max(2, len(sample) // 100)


def undecodable(text: str) -> str | None:
    """None when ``text`` is valid UTF-8; else the text with its stray bytes written as ``\\xNN``.

    Python keeps the bytes of file names, argv and the environment that are not UTF-8 as lone
    surrogates, which SQLite and UTF-8 files cannot hold.
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        try:
            shown = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        except UnicodeEncodeError:  # a surrogate that no byte became
            shown = text.encode("utf-8", "backslashreplace").decode("ascii")
        # shown in a one-line message: a line break or a control character is escaped too
        return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii")
                       for c in shown)
    return None


def require_utf8(text: str, where: str) -> str:
    """``text``, or a one-line refusal naming ``where`` it came from (``--memo``)."""
    shown = undecodable(text)
    if shown is not None:
        raise GwotError(f"{where} '{shown}' is not valid UTF-8 text; set your terminal to UTF-8 "
                        "or retype it")
    return text
