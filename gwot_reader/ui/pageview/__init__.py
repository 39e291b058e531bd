"""The page view: a PDF shown as its pages, coded by words or by regions drawn on a page."""

from gwot_reader.ui.pageview.refcounts import shield_singletons
from gwot_reader.ui.pageview.source import PdfDocument, is_pdf
from gwot_reader.ui.pageview.view import PageView

shield_singletons()  # before any page view emits a signal; see refcounts.py

__all__ = ["PageView", "PdfDocument", "is_pdf"]
