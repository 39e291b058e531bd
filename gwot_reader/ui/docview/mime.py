"""The drag format of a text selection: a document id and a code-point span as JSON."""

from __future__ import annotations

import json

from PySide6.QtCore import QMimeData

SPAN_MIME = "application/x-gwot-span"


def span_mime(document_id: int, start: int, end: int, text: str) -> QMimeData:
    """Mime data for a dragged selection; plain text too, so dropping it into an editor works."""
    mime = QMimeData()
    payload = {"document_id": document_id, "start": start, "end": end}
    mime.setData(SPAN_MIME, json.dumps(payload).encode("utf-8"))
    mime.setText(text)
    return mime


def span_from_mime(mime: QMimeData) -> tuple[int, int, int] | None:
    """``(document_id, start, end)`` of a dragged selection, or None if the data is not one."""
    if not mime.hasFormat(SPAN_MIME):
        return None
    try:
        data = json.loads(bytes(mime.data(SPAN_MIME).data()).decode("utf-8"))
        doc, start, end = (data["document_id"], data["start"], data["end"])
    except (ValueError, KeyError, TypeError):
        return None
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in (doc, start, end)):
        return None
    if start < 0 or end <= start:
        return None
    return doc, start, end
