"""REFI-QDA projects (.qdpx) out and in: the writer, the reader, and the loader with its report."""

from gwot_reader.exchange.qdpx.loader import (
    Preview,
    QdpxReport,
    apply_preview,
    import_qdpx,
    load_qproject,
    preview_qdpx,
)
from gwot_reader.exchange.qdpx.reader import read_qdpx
from gwot_reader.exchange.qdpx.writer import export_qdpx

__all__ = ["Preview", "QdpxReport", "apply_preview", "export_qdpx", "import_qdpx", "load_qproject",
           "preview_qdpx", "read_qdpx"]
