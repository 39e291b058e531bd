"""Reading one page of a PDF with PyMuPDF into words grouped by block and line.

Used by the importer in this process and by the helper processes of ``pdfhelpers``; it imports
neither, so the two do not import each other.
"""

from __future__ import annotations

import gc
import re
import struct
import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import groupby
from operator import itemgetter
from typing import Any

from gwot_reader.core.errors import ImportError_
from gwot_reader.exchange.formats.layout import Block, BoxWord, Line

PREVIEW_WIDTH = 800  # pixels: enough for the moment it stands in; 7 ms to decode (1,000: 14)
PREVIEW_MAX_BYTES = 4 * 1024 * 1024
PREVIEW_MAX_PIXELS = 2_000_000  # a page 10 million points tall gets a thumbnail, not 13 GB
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")  # Hebrew, Arabic, Urdu
WORD_TEXT, _BLOCK_NO, _LINE_NO = itemgetter(4), itemgetter(5), itemgetter(6)

# MuPDF's context is shared by every thread: an import (on a job thread) and the page view's
# render thread take turns, one page at a time.
MUPDF_LOCK = threading.RLock()


class PasswordRequired(ImportError_):
    """An encrypted PDF: ask the user for its password and import again with it."""


class WrongPassword(PasswordRequired):
    """The password given does not open the PDF."""


@dataclass
class RawPage:
    number: int
    width: float
    height: float
    blocks: list[Block] = field(default_factory=list)


def open_pdf(data: bytes, name: str, password: str | None = None) -> Any:
    """Open PDF bytes with PyMuPDF, or raise the one-line error the user should see."""
    import pymupdf  # heavy; loaded only when a PDF is first needed

    pymupdf.TOOLS.mupdf_display_errors(False)
    pymupdf.TOOLS.mupdf_display_warnings(False)
    if not data:
        raise ImportError_(f"{name} is empty")
    if b"%PDF-" not in data[:1024]:
        raise ImportError_(f"{name} is not a PDF file")
    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
    except Exception:  # PyMuPDF raises FileDataError, RuntimeError, ValueError for bad files
        raise ImportError_(f"{name} is damaged and cannot be read as a PDF") from None
    if doc.needs_pass:
        if not password:
            raise PasswordRequired(f"{name} is protected by a password; give it to import the file")
        if not doc.authenticate(password):
            raise WrongPassword(f"the password for {name} is wrong")
    try:
        count = doc.page_count
    except Exception:  # a page tree that lies about its size: "Invalid number of pages"
        doc.close()
        raise ImportError_(f"{name} is damaged: its list of pages is broken") from None
    if count == 0:
        raise ImportError_(f"{name} has no pages")
    return doc


@dataclass
class Description:
    """What the importer needs of a PDF besides its pages' words."""

    page_count: int
    metadata: dict[str, Any]
    repaired: bool
    preview: bytes | None  # first_page_png


def describe(doc: Any, data: bytes, password: str | None) -> Description:
    return Description(doc.page_count, dict(doc.metadata or {}),
                       bool(getattr(doc, "is_repaired", False)), first_page_png(data, password))


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while words are extracted: the word tuples make no cycles,
    yet the collector walked them again and again (a tenth of the extraction's time)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def release_pages(pages: list[Any]) -> None:
    """Empty a list of pages from the end, one page at a time: freeing a long PDF's words in
    one go is one C call that holds the GIL (a third of a second for 1,000 pages)."""
    while pages:
        pages.pop()


def collect_young() -> None:
    """While collection is paused, look at the objects made since the last call once: call it
    for each page. Word tuples (numbers and a string) leave the collector's lists after one
    look; left for the first automatic collection after the pause, the millions of a long PDF
    were looked at all at once, a pause of half a second that holds the GIL (the window froze).
    """
    if not gc.isenabled():
        gc.collect(0)


def read_page(doc: Any, index: int) -> RawPage:
    import pymupdf

    page = doc.load_page(index)
    rect = page.rect
    rotation = page.rotation  # a property that costs 50 us: read once
    # Ligatures expanded (no TEXT_PRESERVE_LIGATURES); hyphens joined below, keeping boxes.
    # Text off the page is dropped (TEXT_MEDIABOX_CLIP); that clip costs a tenth of MuPDF's
    # pass, so it is asked for only when some block lies outside the page (the same words).
    if not rotation:
        out = _grouped(index, rect, _printable(page.get_text("words", flags=0), None))
        if _on_page(out.blocks, rect):
            return out
    raw = page.get_text("words", flags=pymupdf.TEXT_MEDIABOX_CLIP)
    return _grouped(index, rect, _printable(raw, page.rotation_matrix if rotation else None))


def _printable(raw: list[BoxWord], rot: Any) -> list[BoxWord]:
    if rot is not None or not "".join(map(WORD_TEXT, raw)).isprintable():
        return _cleaned(raw, rot)
    return raw


def _grouped(index: int, rect: Any, raw: list[BoxWord]) -> RawPage:
    out = RawPage(index + 1, rect.width, rect.height)
    # MuPDF lists words block by block and line by line: group runs of equal numbers. The
    # word tuples are kept as they come (no copy per word: this runs for every word).
    for _b, block_words in groupby(raw, _BLOCK_NO):
        words = list(block_words)
        lines = [list(line) for _l, line in groupby(words, _LINE_NO)]
        out.blocks.append(Block(_visual_lines(lines) if len(lines) > 1 else lines, words))
    return out


def _on_page(blocks: list[Block], rect: Any) -> bool:
    """Whether every word lies on the page (the blocks' boxes hold their words)."""
    return not blocks or (min(b.x0 for b in blocks) >= rect.x0
                          and min(b.y0 for b in blocks) >= rect.y0
                          and max(b.x1 for b in blocks) <= rect.x1
                          and max(b.y1 for b in blocks) <= rect.y1)


def _cleaned(raw: list[BoxWord], rot: Any) -> list[BoxWord]:
    """Words without control characters or empty ones, turned with a rotated page (rare)."""
    import pymupdf

    out: list[BoxWord] = []
    for x0, y0, x1, y1, word, b, ln, w in raw:
        if not word.isprintable():  # control characters, no-break spaces
            word = CONTROL.sub("", word).replace("\u00a0", " ").strip()
            if not word:
                continue
        if rot is not None:
            r = pymupdf.Rect(x0, y0, x1, y1) * rot
            x0, y0, x1, y1 = r.x0, r.y0, r.x1, r.y1
        out.append((x0, y0, x1, y1, word, b, ln, w))
    return out


def _visual_lines(lines: list[Line]) -> list[Line]:
    """MuPDF splits a printed line at tabs and font changes; rejoin pieces on one baseline."""
    rows: list[list[Line]] = []
    y0 = y1 = 0.0
    for words in lines:
        first = words[0]
        if rows and y0 <= (first[1] + first[3]) / 2 <= y1:
            rows[-1].append(words)
        else:
            rows.append([words])
            y0, y1 = first[1], first[3]
    out = []
    for pieces in rows:
        if len(pieces) > 1:  # pieces in visual order: left to right, or right to left
            rtl = _RTL.search(" ".join(map(WORD_TEXT, pieces[0]))) is not None
            pieces.sort(key=lambda ws: ws[0][0], reverse=rtl)
            out.append([w for ws in pieces for w in ws])
        else:
            out.append(pieces[0])
    return out


def capped_scale(rect: Any, scale: float, max_pixels: int) -> float:
    """``scale``, lowered so that the page drawn at it has at most ``max_pixels`` pixels."""
    width, height = max(1.0, abs(rect.width)), max(1.0, abs(rect.height))
    scale = min(scale, (max_pixels / (width * height)) ** 0.5)
    # pixel edges round outwards: one more column of a very tall page is many more pixels
    while scale > 1e-6 and (width * scale + 2) * (height * scale + 2) > max_pixels:
        scale *= 0.97
    return scale


def first_page_png(data: bytes, password: str | None = None,
                   width: int = PREVIEW_WIDTH, opened: Any = None) -> bytes | None:
    """A picture of page 1, ``width`` pixels wide, for the page view to show while PyMuPDF
    loads (None if the page cannot be drawn: the view then waits for its render); a grey PNG
    when the page has no colour. ``opened``: the PDF already open (and left open), whose
    fonts are loaded: half the time to draw."""
    import pymupdf

    with MUPDF_LOCK:
        try:
            doc = opened or pymupdf.open(stream=data, filetype="pdf")
            if doc.needs_pass:
                doc.authenticate(password or "")
            page = doc.load_page(0)
            scale = capped_scale(page.rect, width / max(1.0, page.rect.width),
                                 PREVIEW_MAX_PIXELS)
            pix = page.get_pixmap(matrix=pymupdf.Matrix(scale, scale), alpha=False)
            size, channels, samples = (pix.width, pix.height), pix.n, pix.samples
            if channels not in (1, 3):
                samples = pix.tobytes("png")
            if opened is None:
                doc.close()
        except Exception:  # a page MuPDF cannot draw: no picture, the import goes on
            return None
    if channels == 3:
        channels, samples = _grey_if_grey(samples)
    png = samples if channels not in (1, 3) else png_of(*size, channels, samples)
    return png if len(png) <= PREVIEW_MAX_BYTES else None


def _grey_if_grey(rgb: bytes) -> tuple[int, bytes]:
    """One channel for a page drawn in greys only (black text on white: most pages), the same
    pixels; else the three. A third of the bytes to compress: the preview of a text page took
    15 ms to compress in RGB, 6 in grey (1.5 ms to check), and its PNG is half the size."""
    red = rgb[0::3]
    return (1, red) if red == rgb[1::3] == rgb[2::3] else (3, rgb)


def png_of(width: int, height: int, channels: int, samples: bytes) -> bytes:
    """A PNG of 8-bit grey (1 channel) or RGB (3) pixels, rows top to bottom.

    Not MuPDF's own PNG: its encoder holds the GIL for the 60 ms it compresses an 800-pixel
    page (the window froze during each PDF import); zlib lets other threads run meanwhile.
    Level 3: half the time of level 6 for pictures of pages 0-13% larger (20 against 44 ms).
    """
    stride = width * channels
    rows = memoryview(samples)
    raw = b"".join(b"\x00" + rows[y * stride:(y + 1) * stride] for y in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data)))

    header = struct.pack(">IIBBBBB", width, height, 8, 2 if channels == 3 else 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 3))
            + chunk(b"IEND", b""))
