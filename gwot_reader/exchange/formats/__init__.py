"""Readers of PDF, DOCX, ODT, HTML and EPUB; each registers itself when its module is imported.

The package imports none of them: its helpers (``pdfpage`` for the page view, ``zipsafe``)
load without the readers, and ``textimport`` imports ``READER_MODULES`` when a file is read.
"""

READER_MODULES = tuple(f"gwot_reader.exchange.formats.{name}"
                       for name in ("docx", "epub", "html", "odt", "pdf"))
