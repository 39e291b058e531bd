"""A GWOT Reader project: one SQLite file with documents, codebook, codings and history."""

from __future__ import annotations

from pathlib import Path

from gwot_reader.store.base import new_guid, now
from gwot_reader.store.codebook import CodebookMixin
from gwot_reader.store.codings import CodingsMixin
from gwot_reader.store.db import Database
from gwot_reader.store.documents import DocumentsMixin
from gwot_reader.store.history import HistoryMixin
from gwot_reader.store.memos import MemosMixin
from gwot_reader.store.pages import PagesMixin


class Project(DocumentsMixin, CodebookMixin, CodingsMixin, HistoryMixin, PagesMixin, MemosMixin):
    """The project API: every method that writes is one transaction and one history entry."""

    def __init__(self, path: str | Path, *, create: bool = False, coder: str | None = None) -> None:
        super().__init__(Database(path, create=create), coder)
        self._init_documents()
        if self.db.one("SELECT value FROM meta WHERE key = 'guid'") is None:
            with self.transaction():
                self.db.executemany("INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)",
                                    [("guid", new_guid()), ("created", now())])

    @classmethod
    def open(cls, path: str | Path, coder: str | None = None) -> Project:
        return cls(path, coder=coder)

    @classmethod
    def create(cls, path: str | Path, coder: str | None = None) -> Project:
        return cls(path, create=True, coder=coder)

    @property
    def path(self) -> Path:
        return self.db.path

    @property
    def guid(self) -> str:
        return self.db.one("SELECT value FROM meta WHERE key = 'guid'")[0]

    def meta(self, key: str, default: str = "") -> str:
        row = self.db.one("SELECT value FROM meta WHERE key = ?", (key,))
        return row[0] if row else default

    def set_meta(self, key: str, value: str) -> None:
        with self.transaction():
            self.db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    def stats(self) -> dict:
        one = self.db.one
        return {
            "documents": one("SELECT count(*) FROM documents")[0],
            "codes": one("SELECT count(*) FROM codes WHERE is_category = 0")[0],
            "categories": one("SELECT count(*) FROM codes WHERE is_category = 1")[0],
            "codings": one("SELECT count(*) FROM codings")[0],
            "coders": one("SELECT count(*) FROM coders")[0],
        }

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc) -> None:
        # After an error (a damaged page, a refused change) nothing more is written, not even
        # the statistics ``PRAGMA optimize`` may store.
        self.db.close(optimize=exc[0] is None)
