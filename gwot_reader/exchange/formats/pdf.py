"""PDF import with PyMuPDF: canonical text in reading order plus a map from words to spans."""

from __future__ import annotations

import re
import sys
from collections import Counter
from typing import TYPE_CHECKING, Any

from gwot_reader.core.errors import ImportError_
from gwot_reader.core.markup import Run
from gwot_reader.core.pages import PageInfo, PageWords, Word
from gwot_reader.exchange.formats.layout import X1, Block, in_margin, order_blocks
from gwot_reader.exchange.formats.pdfhelpers import POOL, Cancelled
from gwot_reader.exchange.formats.pdfpage import (
    CONTROL,
    MUPDF_LOCK,
    WORD_TEXT,
    RawPage,
    collect_young,
    first_page_png,
    gc_paused,
    open_pdf,
    read_page,
    release_pages,
)
from gwot_reader.exchange.formats.pdfpage import PREVIEW_WIDTH as PREVIEW_WIDTH  # for callers
from gwot_reader.exchange.formats.pdfpage import PasswordRequired as PasswordRequired
from gwot_reader.exchange.formats.pdfpage import WrongPassword as WrongPassword
from gwot_reader.exchange.formats.pdfpage import png_of as png_of
from gwot_reader.exchange.readers import CANCELLED, Extracted, Step, register

if TYPE_CHECKING:
    from gwot_reader.core.model import Document
    from gwot_reader.store import Project

NO_TEXT = "[page {n}: no text layer]"
SCANNED_NOTE = ("This PDF has no text layer (scanned pages): text coding and search are "
                "unavailable. Draw a rectangle on a page in page view to code a region.")
_PAGE_NUMBER = re.compile(r"^(page\s+)?([0-9]{1,5}|[ivxlcdm]{1,7})(\s*(of|/)\s*[0-9]{1,5})?$", re.I)
_DIGITS = re.compile(r"\d+")


def _truncated(data: bytes) -> bool:
    return b"%%EOF" not in data[-2048:]


@register(".pdf", options=("password", "step"))
def read_pdf(data: bytes, name: str, password: str | None = None,
             step: Step | None = None) -> Extracted:
    """``step(done, total)`` hears of the pages read and cancels by returning False."""
    if data and _truncated(data) and b"%PDF-" in data[:1024]:
        raise ImportError_(f"{name} is truncated (its end is missing); download it again")
    # In the window, with PyMuPDF not imported yet: a helper process opens the PDF and draws
    # its page 1 (the import holds the GIL for 50-200 ms at a time: the window froze)
    described = POOL.describe(data, password) if (
        POOL.spare_gil and "pymupdf" not in sys.modules and b"%PDF-" in data[:1024]) else None
    if described is not None and described.page_count < 1:
        described = None  # (opened here, it says what is wrong)
    opened: list[Any] = []
    if described is None:
        with MUPDF_LOCK:
            opened.append(open_pdf(data, name, password))

    def read_here(index: int) -> RawPage:
        collect_young()  # (this page's and the helpers' words so far)
        with MUPDF_LOCK:
            if not opened:  # described by a helper, and no helper reads the pages after all
                opened.append(open_pdf(data, name, password))
            return read_page(opened[0], index)

    def close() -> None:
        with MUPDF_LOCK:
            if opened:
                opened.pop().close()

    count = opened[0].page_count if described is None else described.page_count
    with gc_paused():
        try:
            pages = POOL.read_pages(count, data, password, read_here, step,
                                    shared=described is not None)
        except Cancelled:
            close()
            raise ImportError_(CANCELLED) from None
        except Exception:
            close()
            raise ImportError_(f"{name} is damaged: a page cannot be read") from None
        if described is not None:
            meta, repaired = described.metadata, described.repaired
            png = described.preview
        else:
            with MUPDF_LOCK:
                meta = opened[0].metadata or {}
                repaired = getattr(opened[0], "is_repaired", False)
            # drawn now: the store's transaction stays short
            png = first_page_png(data, password, opened=opened[0])
        close()
        text, runs, maps = build_text(pages)
        # MuPDF's words freed now, not looked at by the collection that follows the pause;
        # a page at a time, so that other threads (the window) get the GIL in between
        release_pages(pages)
    warnings: list[str] = []
    notes = ""
    blank = sum(1 for m in maps if not m.info.has_text)
    if blank == len(maps):
        notes = SCANNED_NOTE
        warnings.append(f"{name}: {SCANNED_NOTE}")
    elif blank:
        warnings.append(f"{name}: {blank} of {len(maps)} pages have no text layer; code them as "
                        "regions in page view")
    if repaired:
        warnings.append(f"{name} was damaged and has been repaired; check its text")

    def store_pages(project: Project, document: Document) -> None:
        project.pages.add(document.id, maps)
        if png is not None:
            project.pages.set_preview(document.id, 1, png)

    def release() -> None:
        release_pages(maps)

    return Extracted(text, runs, title=_clean(meta.get("title", "")),
                     authors=_clean(meta.get("author", "")), year=pdf_year(meta),
                     media_type="application/pdf", warnings=warnings, notes=notes,
                     after_insert=store_pages, release=release)


def _clean(s: str | None) -> str:
    return CONTROL.sub("", s or "").strip()


def pdf_year(meta: dict[str, Any]) -> int | None:
    for key in ("creationDate", "modDate"):
        m = re.match(r"(?:D:)?(\d{4})", (meta.get(key) or "").strip())
        if m and 1900 < int(m.group(1)) < 2200:
            return int(m.group(1))
    return None


def _furniture_keys(pages: list[RawPage]) -> set[str]:
    """Texts in the page margins that recur on many pages: running headers and footers."""
    seen: Counter[str] = Counter()
    for p in pages:
        keys = {_key(b) for b in p.blocks if _in_margin(b, p)}
        seen.update(keys)
    need = max(2, len(pages) // 4)
    return {k for k, n in seen.items() if n >= need}


def _key(block: Block) -> str:
    return _DIGITS.sub("#", block.text.lower())


def _in_margin(block: Block, page: RawPage) -> bool:
    return in_margin(block, page.height)


def build_text(pages: list[RawPage]) -> tuple[str, list[Run], list[PageWords]]:
    """Canonical text: words by spaces, the lines of a paragraph reflowed, blocks by a newline
    and pages by a blank line; hyphens at line ends joined when the next line goes on in lower
    case. Each word's box maps to its span; running headers and page numbers become
    "page-furniture" runs (value: the page number) so that views can dim them.

    One join per line: joining once per page (words and separators gathered per page, spans
    from running sums in C) was measured slower, 0.86-1.0 s against 0.74 s for 1,000 pages;
    the joins are 4% of the time, the per-word spans the rest.
    """
    recurring = _furniture_keys(pages)
    parts: list[str] = []
    runs: list[Run] = []
    maps: list[PageWords] = []
    pos = 0

    for p in pages:
        collect_young()
        if p.number > 1:
            parts.append("\n\n")
            pos += 2
        page_start = pos
        words: list[Word] = []
        for bi, block in enumerate(order_blocks(p.blocks, p.width, p.height)):
            if bi:
                parts.append("\n")
                pos += 1
            block_start = pos
            lines = block.lines
            # A line that stops well short of the block's right edge ends a paragraph, list
            # item or code line; the others flow on into the next line.
            full = block.x1 - max(20.0, 0.12 * (block.x1 - block.x0))
            sep = ""
            for li, ws in enumerate(lines):
                line_text = " ".join(map(WORD_TEXT, ws))
                last = ws[-1][4]
                joined = (li + 1 < len(lines) and len(last) > 2 and last[-1] in "-\u00ad"
                          and last[-2].isalpha() and lines[li + 1][0][4][:1].islower())
                if joined:  # a hyphen at the line's end: dropped, and the word goes on
                    line_text, next_sep = line_text[:-1], ""
                else:
                    next_sep = " " if max(map(X1, ws)) >= full else "\n"
                if sep:
                    parts.append(sep)
                    pos += len(sep)
                parts.append(line_text)
                # Spans from word lengths: one pass, no branches. This loop is the hot path;
                # with Python 3.11's specialised indexing it beats map/accumulate/zip in C.
                start = pos
                for w in ws:
                    end = start + len(w[4])
                    words.append((w[0], w[1], w[2], w[3], start, end))
                    start = end + 1
                if joined:
                    x0, y0, x1, y1, start, end = words[-1]
                    words[-1] = (x0, y0, x1, y1, start, end - 1)
                pos += len(line_text)
                sep = next_sep
            furniture = _in_margin(block, p) and (
                _PAGE_NUMBER.match(block.text.strip()) is not None or _key(block) in recurring)
            if furniture:
                runs.append(Run(block_start, pos, "page-furniture", str(p.number)))
        has_text = bool(words)
        if not has_text:
            parts.append(NO_TEXT.format(n=p.number))
            pos += len(parts[-1])
            runs.append(Run(page_start, pos, "page-furniture", str(p.number)))
        maps.append(PageWords(PageInfo(p.number, p.width, p.height, page_start, pos, has_text),
                              words))
    return "".join(parts), runs, maps
