"""Readers of PDF, DOCX, ODT, HTML and EPUB; importing this package registers them."""

from gwot_reader.exchange.formats import docx, epub, html, odt, pdf  # noqa: F401
