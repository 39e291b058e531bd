"""Reading documents' span indexes on a worker thread, so switching documents never waits."""

from __future__ import annotations

import threading
from collections.abc import Callable
from queue import SimpleQueue

from PySide6.QtCore import QObject, Signal

from gwot_reader.core.spans import SpanIndex

# document id -> its span index; opens its own connection (one connection per thread)
Reader = Callable[[int], SpanIndex]


class SpanLoader(QObject):
    """One worker thread reads what ``request`` asks for, newest first; ``loaded`` arrives on
    the GUI thread (a queued signal) with the request's token, or ``failed`` with a message.

    50,000 codings take 0.1-0.4 s to read: on the GUI thread that froze the window on every
    switch (issue 16); here the text shows at once and the codings follow.
    """

    loaded = Signal(int, int, object)  # token, document id, SpanIndex
    failed = Signal(int, int, str)  # token, document id, message

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._queue: SimpleQueue[tuple[int, int, Reader] | None] = SimpleQueue()
        self._token = 0
        self._latest: dict[int, int] = {}  # document id -> the newest token asked for it
        self._thread: threading.Thread | None = None

    def request(self, document_id: int, reader: Reader) -> int:
        """Read a document's span index; returns the token its answer will carry."""
        self._token += 1
        self._latest[document_id] = self._token
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="span-loader", daemon=True)
            self._thread.start()
        self._queue.put((self._token, document_id, reader))
        return self._token

    def forget(self, document_id: int) -> None:
        """Nobody waits for this document any more: a queued request for it is skipped."""
        self._latest.pop(document_id, None)

    def stop(self) -> None:
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join(timeout=5)
            self._thread = None

    def _run(self) -> None:
        while (item := self._queue.get()) is not None:
            token, document_id, reader = item
            if self._latest.get(document_id) != token:
                continue  # asked again since, or no longer wanted
            try:
                index = reader(document_id)
                # the margin's lanes too, here rather than while scrolling (4-5 ms a page)
                index.lanes = index.stack_lanes()
            except Exception as exc:  # noqa: BLE001 - a vanished file or document: said, not raised
                self.failed.emit(token, document_id, str(exc))
                continue
            self.loaded.emit(token, document_id, index)
