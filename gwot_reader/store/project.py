"""A GWOT Reader project: one SQLite file, its API composed of one repository per part."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from gwot_reader.store.base import StoreBase, new_guid, now
from gwot_reader.store.codebook import Codebook
from gwot_reader.store.coders import Coders
from gwot_reader.store.codings import Codings
from gwot_reader.store.curation import Curation
from gwot_reader.store.db import Database
from gwot_reader.store.documents import Documents
from gwot_reader.store.history import History
from gwot_reader.store.memos import Memos
from gwot_reader.store.notes import Notes
from gwot_reader.store.pages import Pages
from gwot_reader.store.properties import Properties
from gwot_reader.store.sets import DocumentSets
from gwot_reader.store.textedits import TextEdits
from gwot_reader.store.variables import Variables


class Project(StoreBase):
    """The project API: ``project.documents``, ``.codebook``, ``.codings``, ``.pages``,
    ``.memos``, ``.coders`` and ``.history``; every method that writes is one transaction and one history
    entry, and its change notice goes to ``subscribe``rs once it has committed."""

    def __init__(self, path: str | Path, *, create: bool = False, coder: str | None = None,
                 read_only: bool | None = None) -> None:
        super().__init__(Database(path, create=create, read_only=read_only), coder)
        self.history = History(self)
        self.documents = Documents(self)
        self.codebook = Codebook(self)
        self.codings = Codings(self)
        self.pages = Pages(self)
        self.memos = Memos(self)
        self.coders = Coders(self)
        # Curating the corpus (issue 15): document removal and order, variables, sets,
        # document memos and the journal, the project's properties.
        self.curation = Curation(self)
        self.variables = Variables(self)
        self.sets = DocumentSets(self)
        self.notes = Notes(self)
        self.properties = Properties(self)
        self.text_edits = TextEdits(self)  # editing the canonical text, codings moving along
        if not self.read_only and self.db.one("SELECT value FROM meta WHERE key = 'guid'") is None:
            with self.transaction():
                self.db.executemany("INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)",
                                    [("guid", new_guid()), ("created", now())])

    @classmethod
    def open(cls, path: str | Path, coder: str | None = None,
             read_only: bool | None = None) -> Project:
        """Open a project; a file or folder we cannot write opens read-only (``read_only``)."""
        return cls(path, coder=coder, read_only=read_only)

    @classmethod
    def create(cls, path: str | Path, coder: str | None = None) -> Project:
        return cls(path, create=True, coder=coder)

    @property
    def path(self) -> Path:
        return self.db.path

    @property
    def read_only(self) -> bool:
        return self.db.read_only

    @property
    def guid(self) -> str:
        return str(self.db.one("SELECT value FROM meta WHERE key = 'guid'")[0])

    def stats(self) -> dict[str, int]:
        one = self.db.one
        return {
            "documents": one("SELECT count(*) FROM documents")[0],
            "codes": one("SELECT count(*) FROM codes WHERE is_category = 0")[0],
            "categories": one("SELECT count(*) FROM codes WHERE is_category = 1")[0],
            "codings": one("SELECT count(*) FROM codings")[0],
            "coders": one("SELECT count(*) FROM coders")[0],
        }

    def _forget_caches(self) -> None:
        super()._forget_caches()
        self.documents.forget_cache()

    def data_version(self) -> int:
        """Changes whenever another connection commits to the file (see Database.data_version)."""
        return self.db.data_version()

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc: Any) -> None:
        # After an error (a damaged page, a refused change) nothing more is written, not even
        # the statistics ``PRAGMA optimize`` may store.
        self.db.close(optimize=exc[0] is None)
