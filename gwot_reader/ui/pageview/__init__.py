"""The page view: a PDF shown as its pages, coded by words or by regions drawn on a page."""

from typing import Any

from gwot_reader.ui.pageview.source import PdfDocument, is_pdf

__all__ = ["PageView", "PdfDocument", "is_pdf"]


def __getattr__(name: str) -> Any:
    # The view (and its renderer) loads when asked for: a pane imports this package for its
    # text view long before the first PDF is shown.
    if name == "PageView":
        from gwot_reader.ui.pageview.view import PageView

        return PageView
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
