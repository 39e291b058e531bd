"""The document view: one read-only document with its codings painted from an interval index."""

from gwot_reader.ui.docview.mime import SPAN_MIME, span_from_mime
from gwot_reader.ui.docview.view import DocumentView

__all__ = ["SPAN_MIME", "DocumentView", "span_from_mime"]
