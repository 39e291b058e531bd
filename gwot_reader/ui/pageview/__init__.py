"""The page view: a PDF shown as its pages, coded by words or by regions drawn on a page."""

from gwot_reader.ui.pageview.source import PdfDocument, is_pdf
from gwot_reader.ui.pageview.view import PageView

__all__ = ["PageView", "PdfDocument", "is_pdf"]
