"""PDF pages: word maps from words on a page to canonical spans, and region codings."""

from __future__ import annotations

import json
import math
from collections.abc import Iterable

from gwot_reader.core.errors import NotFoundError, SpanError
from gwot_reader.core.model import Coding
from gwot_reader.core.pages import PageInfo, PageWords, Region, Word, words_in_box
from gwot_reader.store.base import Repository

_WORD_JSON = "[%.2f,%.2f,%.2f,%.2f,%d,%d]"


class Pages(Repository):
    """``project.pages``: the pages and word maps of PDF documents, previews, region codings."""

    def add(self, document_id: int, pages: Iterable[PageWords]) -> None:
        """Store the pages and word maps of a document just imported (in its transaction)."""
        rows = []
        for p in pages:
            i = p.info
            # The JSON written by one C-level format per word, boxes to 0.01 pt: round() and
            # json.dumps took 2 s of a 1,000-page import (760,000 words), this takes 0.3 s.
            words = "[" + ",".join(map(_WORD_JSON.__mod__, p.words)) + "]"
            if "n" in words:  # inf or nan from a broken PDF: not JSON, so those boxes become 0
                words = json.dumps([[v if math.isfinite(v) else 0.0 for v in w[:4]] + list(w[4:])
                                    for w in p.words], separators=(",", ":"))
            rows.append((document_id, i.page, i.width, i.height, i.start, i.end, int(i.has_text),
                         words))
        with self.project.transaction():
            self.db.executemany(
                'INSERT INTO pdf_pages (document_id, page, width, height, start, "end", has_text, '
                "words) VALUES (?,?,?,?,?,?,?,?)", rows)

    def all(self, document_id: int) -> list[PageInfo]:
        """The pages of a PDF document (empty for other documents), without their words."""
        # One row of JSON, not a row per page: sqlite3 gives the GIL up for every row it steps,
        # and while a thread imports PyMuPDF each handover cost the GUI thread up to 5 ms
        # (1,000 pages: 110 ms instead of 2).
        row = self.db.one(
            'SELECT json_group_array(json_array(page, width, height, start, "end", has_text)) '
            'FROM (SELECT page, width, height, start, "end", has_text FROM pdf_pages '
            "WHERE document_id = ? ORDER BY page)", (document_id,))
        return [PageInfo(p, float(w), float(h), s, e, bool(t))
                for p, w, h, s, e, t in json.loads(row[0])]

    def words(self, document_id: int, page: int) -> list[Word]:
        row = self.db.one("SELECT words FROM pdf_pages WHERE document_id = ? AND page = ?",
                          (document_id, page))
        if row is None:
            raise NotFoundError(f"document {document_id} has no page {page}")
        return [tuple(w) for w in json.loads(row[0])]

    def set_preview(self, document_id: int, page: int, png: bytes) -> None:
        """Keep a picture (PNG) of a page to show before the page is rendered."""
        with self.project.transaction():
            self.db.execute("INSERT OR REPLACE INTO page_previews (document_id, page, png) "
                            "VALUES (?,?,?)", (document_id, page, png))

    def preview(self, document_id: int, page: int = 1) -> bytes | None:
        row = self.db.one("SELECT png FROM page_previews WHERE document_id = ? AND page = ?",
                          (document_id, page))
        return bytes(row[0]) if row else None

    # -- region codings -----------------------------------------------------------------------
    def region_span(self, document_id: int, page: int, box: tuple[float, float, float, float],
                    ) -> tuple[int, int]:
        """The span a region coding quotes: the words inside the box, else the page's text."""
        inside = words_in_box(self.words(document_id, page), box)
        if inside:
            return min(w[4] for w in inside), max(w[5] for w in inside)
        info = next((p for p in self.all(document_id) if p.page == page), None)
        if info is None or info.end <= info.start:
            raise SpanError(f"page {page} has no text to anchor a region coding to")
        return info.start, info.end

    def add_region_coding(self, document_id: int, code_id: int, page: int,
                          box: tuple[float, float, float, float], *, coder: str | None = None,
                          memo: str = "", guid: str | None = None) -> Coding:
        """Code a rectangle on a page (a figure, a table): one coding plus its box."""
        x0, y0, x1, y1 = (float(v) for v in box)
        x0, x1 = sorted((x0, x1))
        y0, y1 = sorted((y0, y1))
        if x1 - x0 <= 0 or y1 - y0 <= 0:
            raise SpanError("a region needs a width and a height")
        with self.project.transaction():
            start, end = self.region_span(document_id, page, (x0, y0, x1, y1))
            coding = self.project.codings.add(document_id, code_id, start, end, coder=coder, memo=memo,
                                     guid=guid)
            self.db.execute(
                "INSERT OR REPLACE INTO coding_regions (coding_guid, document_id, page, x0, y0, x1, "
                "y1) VALUES (?,?,?,?,?,?,?)", (coding.guid, document_id, page, x0, y0, x1, y1))
            self._log("region", "coding", coding.guid,
                      {"page": page, "box": [round(v, 2) for v in (x0, y0, x1, y1)]})
        return coding

    def regions(self, document_id: int | None = None) -> dict[str, Region]:
        """Boxes of the region codings that exist, by coding GUID (of one document or all)."""
        sql = ("SELECT r.coding_guid, r.page, r.x0, r.y0, r.x1, r.y1 FROM coding_regions r "
               "JOIN codings c ON c.guid = r.coding_guid")
        params: tuple[int, ...] = ()
        if document_id is not None:
            sql += " WHERE r.document_id = ?"
            params = (document_id,)
        return {row[0]: Region(*row) for row in self.db.execute(sql, params)}

    def regions_by_coding_id(self, document_id: int) -> dict[int, Region]:
        """A document's region boxes by coding id (what the page view's span index holds)."""
        sql = ("SELECT c.id, r.coding_guid, r.page, r.x0, r.y0, r.x1, r.y1 FROM coding_regions r "
               "JOIN codings c ON c.guid = r.coding_guid WHERE r.document_id = ?")
        return {row[0]: Region(*row[1:]) for row in self.db.execute(sql, (document_id,))}

    def documents_with_pages(self) -> set[int]:
        """Ids of the documents that have pages or region codings (the PDFs)."""
        return {r[0] for r in self.db.execute(
            "SELECT DISTINCT document_id FROM pdf_pages "
            "UNION SELECT DISTINCT document_id FROM coding_regions")}

    def starts(self, document_id: int) -> list[int]:
        return [p.start for p in self.all(document_id)]
