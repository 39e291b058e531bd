"""Helper processes that read the words of a PDF's pages for the importing process.

PyMuPDF holds the GIL while it extracts text, so threads cannot share the work; processes can.
The importer hands chunks of pages to helpers (started for a long PDF, a batch, or when the
Import dialog opens; PyMuPDF's import takes them 0.3 s) and waits for them, its GIL free for
the window's thread; it reads pages itself only when no helper runs: a PDF too short to be
worth one, or helpers that failed to start."""

from __future__ import annotations

import logging
import multiprocessing
import os
import sys
import threading
import time
import types
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.connection import wait as wait_for
from typing import Any

from gwot_reader.core.errors import ImportError_
from gwot_reader.exchange.formats.pdfpage import Description, collect_young

CHUNK = 4  # pages a helper reads per request: small, so that the importer never waits long
PIPELINE = 2  # chunks a helper may hold at once
MIN_PAGES = 24  # shorter PDFs take under 0.1 s: not worth a helper
# Helpers that are not running yet are started for a PDF this long (one 0.4 s start pays off),
# or by start(): when the Import dialog opens and for a batch of several PDFs.
START_PAGES = 400
MAX_HELPERS = 3
READY_WAIT = 5.0  # seconds a PDF waits for its helpers to start before it is read here
# Helpers run at a lower priority: on a busy machine the window's thread, waking, gets a core
# at once instead of waiting behind them (the import is background work).
NICENESS = 10
ENV = "GWOT_PDF_HELPERS"  # the number of helper processes; 0 reads every page in-process

log = logging.getLogger(__name__)

# what a helper sends back: ("ready",), (document, "pages", index, [page]),
# (document, "described", Description) or (document, "error", message)
DESCRIBE = -1  # the first page asked for when the importer asks what the PDF is
Message = tuple[Any, ...]


def helper_count() -> int:
    """Helpers to start: one a core (the importer only hands out pages), at most
    ``MAX_HELPERS``."""
    value = os.environ.get(ENV, "").strip()
    if value.isdigit():
        return min(int(value), 16)
    return max(1, min(MAX_HELPERS, os.cpu_count() or 1))


class _Helper:
    """One helper process and its end of the pipe."""

    def __init__(self) -> None:
        # spawn, not fork: a forked copy of a process with Qt and render threads can deadlock
        ctx = multiprocessing.get_context("spawn")
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=serve, args=(child,), name="gwot-pdf-helper",
                                   daemon=True)
        # A spawned process runs the parent's main script again unless that script is guarded
        # by ``if __name__ == "__main__"``, and fails when it is stdin or a notebook. The helper
        # needs nothing of it: it is shown an empty main module while it starts.
        main = sys.modules["__main__"]
        sys.modules["__main__"] = types.ModuleType("__main__")
        try:
            self.process.start()
        finally:
            sys.modules["__main__"] = main
        child.close()
        self.ready = False
        self.dead = False
        self.document: object = None  # the key of the PDF the helper holds open

    def poll(self) -> Message | None:
        """A message if one has arrived; marks the helper ready or dead as it learns so."""
        if self.dead:
            return None
        try:
            if not self.conn.poll():
                return None
            message: Message = self.conn.recv()
        except (EOFError, OSError):
            self._died()
            return None
        if message[0] == "ready":
            self.ready = True
            return None
        return message

    def _died(self) -> None:
        self.dead = True
        if not self.ready:  # it never started: a broken install or bundle, worth a line
            log.warning("a PDF helper process could not start (exit code %s); PDF pages are "
                        "read in one process", self.process.exitcode)

    def send(self, document: object, data: bytes, password: str | None, lo: int, hi: int) -> None:
        try:
            self.conn.send((document, None if document == self.document else data, password,
                            lo, hi))
        except (OSError, ValueError):
            self.dead = True
            return
        self.document = document

    def stop(self) -> None:
        try:
            self.conn.send(None)
        except (OSError, ValueError):
            pass
        self.conn.close()


class HelperPool:
    """The helpers of this process, started on first need and shared by one import at a time."""

    def __init__(self) -> None:
        self._helpers: list[_Helper] = []
        self._lock = threading.Lock()
        self._documents = 0
        self.shared = 0  # pages that helpers read in the last PDF shared with them
        # Set by the window: while this process has not imported PyMuPDF, a PDF is opened and
        # read by the helpers (its import here would freeze the window 50-200 ms). Not for
        # the command line, where waiting for helpers to start would only be slower.
        self.spare_gil = False

    def start(self) -> None:
        """Start the helpers (they get ready in the background); harmless when running."""
        if self._lock.acquire(blocking=False):  # else an import is running: it started them
            try:
                self._start()
            finally:
                self._lock.release()

    def _start(self) -> None:
        # (one that died since the last import, killed or out of memory, is not handed pages)
        self._helpers = [h for h in self._helpers if not h.dead and h.process.is_alive()]
        for _ in range(helper_count() - len(self._helpers)):
            try:
                self._helpers.append(_Helper())
            except OSError:  # no processes to be had: read in-process
                break

    def ready(self) -> int:
        for h in self._helpers:
            h.poll()
        return sum(h.ready and not h.dead for h in self._helpers)

    def describe(self, data: bytes, password: str | None) -> Description | None:
        """What ``pdfpage.describe`` says of the PDF, asked of a helper (started if need be),
        so that this process need not import PyMuPDF: its import holds the GIL for 50-200 ms
        at a time, a freeze of the window. None when no helper can answer (none allowed, one
        import already running, none starting) or the PDF cannot be opened as given: the
        caller opens it itself (and says what is wrong)."""
        if not helper_count() or not self._lock.acquire(blocking=False):
            return None
        try:
            self._start()
            give_up = time.monotonic() + READY_WAIT
            while not (ready := [h for h in self._helpers if h.ready and not h.dead]):
                starting = [h.conn for h in self._helpers if not h.dead]
                if not starting or time.monotonic() > give_up:
                    return None
                wait_for(starting, 0.05)
                for h in self._helpers:
                    h.poll()  # (notes "ready")
            helper = ready[0]
            self._documents += 1
            helper.send(self._documents, data, password, DESCRIBE, DESCRIBE)
            while not helper.dead:
                message = helper.poll()
                if message is None:
                    wait_for([helper.conn], 0.05)
                elif message[0] == self._documents:
                    break
            else:
                return None  # it died on this PDF: the caller's own open says what is wrong
        finally:
            self._lock.release()
        if message[1] != "described":  # a password, a damaged file: the caller's open says so
            return None
        described: Description = message[2]
        return described

    def read_pages(self, count: int, data: bytes, password: str | None,
                   read_here: Callable[[int], object],
                   step: Callable[[int, int], bool] | None = None,
                   *, shared: bool = False) -> list[Any]:
        """Every page's ``read_here(index)``, the same in a helper (``read_page`` there) or here.

        ``step(done, count)`` hears of the pages read; when it returns False, Cancelled is
        raised. ``shared``: with the helpers however short the PDF (this process has not
        imported PyMuPDF: ``describe``). Raises ImportError_ when a helper cannot read its
        pages or dies on them (a PDF that crashes MuPDF takes the helper down, not the reader).
        """
        self.shared = 0
        cold = all(h.dead for h in self._helpers)  # none running or starting
        short = not shared and (count < MIN_PAGES or (cold and count < START_PAGES))
        if short or not helper_count() or not self._lock.acquire(blocking=False):
            pages = []
            for i in range(count):
                pages.append(read_here(i))
                _tell(step, i + 1, count)
            return pages
        try:
            self._start()
            self._documents += 1
            return self._share(count, data, password, read_here, self._documents, step)
        finally:
            self._lock.release()

    def _share(self, count: int, data: bytes, password: str | None,
               read_here: Callable[[int], object], document: int,
               step: Callable[[int, int], bool] | None) -> list[Any]:
        pages: list[Any] = [None] * count
        front, back = 0, count
        # pages each helper has been sent and not yet answered: two chunks, so that it never
        # idles while its last answer waits to be taken
        helpers = list(self._helpers)
        sent: dict[_Helper, int] = {h: 0 for h in helpers}

        def take(helper: _Helper, message: Message | None) -> None:
            if message is None or message[1] != "pages":
                reason = message[2] if message else "a helper process stopped"
                raise ImportError_(f"a page cannot be read ({reason})")
            lo, result = message[2], message[3]
            pages[lo:lo + len(result)] = result
            collect_young()  # its word tuples looked at now, not all at once later
            sent[helper] -= len(result)
            self.shared += len(result)

        def answer(helper: _Helper) -> Message | None:
            """The helper's next answer about this document; those about an earlier one (an
            import that failed before they came) are dropped."""
            while True:
                message = helper.poll()
                if message is None or message[0] == document:
                    return message

        give_up = time.monotonic() + READY_WAIT

        def usable() -> list[_Helper]:
            return [h for h in helpers if h.ready and not h.dead]

        while front < back or any(sent.values()):
            for h in helpers:
                message = answer(h)
                if sent[h] and (message is not None or h.dead):
                    take(h, message)
                    _tell(step, front + self.shared, count)
                while (h.ready and not h.dead and sent[h] < PIPELINE * CHUNK
                       and front < back):
                    lo = max(front, back - CHUNK)
                    h.send(document, data, password, lo, back)
                    if h.dead:
                        break
                    sent[h] += back - lo
                    back = lo
            starting = [h.conn for h in helpers if not h.dead and not h.ready]
            if front < back and not usable() and starting and time.monotonic() < give_up:
                # Helpers starting (0.3 s): waited for, not read beside. MuPDF holds the
                # GIL while it reads a page, and with the helpers importing PyMuPDF on
                # every core the thread reading here was often put aside holding it: the
                # window's thread waited up to 100 ms.
                wait_for(starting, 0.05)
            elif front < back and not usable():  # none left (or none starts): read here
                pages[front] = read_here(front)
                front += 1
                _tell(step, front + self.shared, count)
            elif any(sent.values()):
                waiting = [h.conn for h in helpers if sent[h] and not h.dead]
                if waiting:
                    wait_for(waiting, 0.05)  # (gives the GIL up while it waits)
        log.debug("%d of %d pages read by helper processes", self.shared, count)
        return pages

    def stop(self) -> None:
        for h in self._helpers:
            h.stop()
        self._helpers = []


POOL = HelperPool()


class Cancelled(Exception):
    """The reader of the pages was told to stop."""


def _tell(step: Callable[[int, int], bool] | None, done: int, count: int) -> None:
    if step is not None and step(done, count) is False:
        raise Cancelled


def serve(conn: Connection) -> None:
    """A helper's life: say it is ready, then read the chunks it is sent until told to stop
    (or until the importing process has gone: then it ends quietly)."""
    try:
        _serve(conn)
    except (EOFError, OSError):
        pass


def _serve(conn: Connection) -> None:
    if hasattr(os, "nice"):  # (not on Windows)
        try:
            os.nice(NICENESS)
        except OSError:
            pass
    import pymupdf  # before saying ready: the first chunk must not wait for the import

    from gwot_reader.exchange.formats.pdfpage import describe, gc_paused, open_pdf, read_page

    pymupdf.TOOLS.mupdf_display_errors(False)
    conn.send(("ready",))
    key, doc = None, None
    while (job := conn.recv()) is not None:
        document, data, password, lo, hi = job
        try:
            if document != key:
                if doc is not None:
                    doc.close()
                key = doc = None
                doc = open_pdf(data, "the PDF", password)
                key = document
            if lo == DESCRIBE:
                conn.send((document, "described", describe(doc, data, password)))
                continue
            # One message a page: the importer unpickles each in one C call that holds its
            # GIL (four pages at once kept the window waiting up to 67 ms on a busy machine).
            for i in range(lo, hi):
                with gc_paused():
                    page = read_page(doc, i)
                conn.send((document, "pages", i, [page]))
        except Exception as exc:  # noqa: BLE001 - told to the importer, which says it in one line
            conn.send((document, "error", str(exc) or type(exc).__name__))
