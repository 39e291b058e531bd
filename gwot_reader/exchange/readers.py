"""The registry of format readers: what a reader returns, and ``register`` to add one."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from gwot_reader.core.markup import Run
from gwot_reader.core.model import Document

if TYPE_CHECKING:
    from gwot_reader.store import Project


@dataclass
class Extracted:
    """What a format reader makes of a file: canonical text and what goes with it."""

    text: str
    runs: list[Run] = field(default_factory=list)
    title: str = ""
    authors: str = ""
    year: int | None = None
    media_type: str = "text/plain"
    warnings: list[str] = field(default_factory=list)
    notes: str = ""
    # Format-specific extras the reader stores after the document row exists (PDF word maps).
    after_insert: Callable[[Project, Document], None] | None = None
    # Frees those extras in small steps once stored: freed at once, the millions of objects of
    # a long PDF's word maps held the GIL for a third of a second (the window froze).
    release: Callable[[], None] | None = None


Reader = Callable[..., Extracted]  # (data, file name, **options it declares) -> Extracted
READERS: dict[str, Reader] = {}
OPTIONS: dict[Reader, frozenset[str]] = {}  # keyword options a reader takes: password, step


def register(*extensions: str, options: tuple[str, ...] = ()) -> Callable[[Reader], Reader]:
    """Make the decorated function the reader of files with these extensions; ``options``
    names the keyword arguments it takes beyond (data, name): ``password``, ``step``."""

    def deco(fn: Reader) -> Reader:
        for ext in extensions:
            READERS[ext.lower()] = fn
        OPTIONS[fn] = frozenset(options)
        return fn

    return deco


# step(done, total) -> False to cancel: a reader's progress through one file (a PDF's pages)
Step = Callable[[int, int], bool]
CANCELLED = "import cancelled; nothing was imported"
