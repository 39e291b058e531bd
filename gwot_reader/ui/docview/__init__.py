"""The document view: one read-only document with its codings painted from an interval index."""

from gwot_reader.ui.docview.noneguard import keep_none_alive

keep_none_alive()  # before any painting: see noneguard (PySide6 6.12 on Python 3.11)

from gwot_reader.ui.docview.mime import SPAN_MIME, span_from_mime  # noqa: E402
from gwot_reader.ui.docview.view import DocumentView  # noqa: E402

__all__ = ["SPAN_MIME", "DocumentView", "span_from_mime"]
