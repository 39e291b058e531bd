"""What the page view shows of a PDF document: its bytes, page sizes, word maps and regions."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from gwot_reader.core.pages import PageInfo, Region, Word

if TYPE_CHECKING:  # the session hands the project in; this module never opens one
    from gwot_reader.store import Project

WORD_PAGES_CACHED = 64  # pages whose word maps stay in memory


@dataclass
class PdfDocument:
    """A PDF as the view needs it; word maps and regions are read from the project on demand."""

    document_id: int
    data: bytes
    pages: list[PageInfo]
    text: str
    load_words: Callable[[int], list[Word]]
    load_regions: Callable[[], dict[int, Region]]  # by coding id
    preview: bytes | None = None  # PNG of page 1, shown until the page renders
    store_preview: Callable[[bytes], None] | None = None  # keeps a PNG of page 1 made later
    _words: OrderedDict[int, list[Word]] = field(default_factory=OrderedDict)

    @classmethod
    def load(cls, project: Project, document_id: int, text: str | None = None) -> PdfDocument:
        """``text``: the document's text when the caller has read it already (5 MB for 1,000
        pages, not read twice)."""
        return cls(document_id, project.documents.source(document_id), project.pages.all(document_id),
                   project.documents.text(document_id) if text is None else text,
                   lambda page: project.pages.words(document_id, page),
                   lambda: project.pages.regions_by_coding_id(document_id),
                   project.pages.preview(document_id),
                   lambda png: _keep_preview(project, document_id, png))

    @property
    def has_text(self) -> bool:
        return any(p.has_text for p in self.pages)

    def words(self, page: int) -> list[Word]:
        """Words of a page (from 1), sorted by span."""
        words = self._words.get(page)
        if words is None:
            words = self.load_words(page)
            self._words[page] = words
            if len(self._words) > WORD_PAGES_CACHED:
                self._words.popitem(last=False)
        else:
            self._words.move_to_end(page)
        return words


def _keep_preview(project: Project, document_id: int, png: bytes) -> None:
    """Store a picture of page 1 made after import. It is a cache: a read-only or locked file,
    or a document removed meanwhile, simply goes without."""
    try:
        project.pages.set_preview(document_id, 1, png)
    except Exception:  # noqa: BLE001 - nothing is lost; the view made it again next time
        pass


def is_pdf(media_type: str) -> bool:
    return media_type == "application/pdf"
