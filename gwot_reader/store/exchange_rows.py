"""Rows for exchange formats: coders with their GUIDs, and codings, memos and regions in bulk.

Imports of whole projects (REFI-QDA, coded-segment spreadsheets) bring thousands of codings
with their own GUIDs, coders and dates; these write them as given, inside the caller's one
transaction, with one history entry per import rather than one per row.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from gwot_reader.core.textnorm import sha256
from gwot_reader.store.base import given_guid, now
from gwot_reader.store.project import Project

# (guid, document_id, code_id, start, end, text, coder name, memo, created, modified)
CodingRow = tuple[str, int, int, int, int, str, str, str, str, str]


def coders(project: Project) -> list[tuple[str, str]]:
    """(GUID, name) of every coder, in the order they were added."""
    return list(project.db.execute("SELECT guid, name FROM coders ORDER BY id"))


@contextmanager
def bulk_cache(project: Project, mebibytes: int = 32) -> Iterator[None]:
    """A larger page cache for one bulk write: inserting 100,000 codings with their GUID index
    in SQLite's default 2 MB spilled pages all along (2.1 s of CPU; 1.8 s with 32 MB, and more
    buys little while it counts fully against the importer's memory bound)."""
    with _pragma(project, "cache_size", -1024 * mebibytes):
        yield


@contextmanager
def mapped_reads(project: Project, mebibytes: int = 1024) -> Iterator[None]:
    """Reads through a memory map for one bulk read of the whole project (an export).

    A document's codings lie scattered over the table's pages (they are stored in the order
    they were made), so reading document by document through SQLite's 2 MB cache fetched most
    pages from the file again and again: 0.45 s of system calls and copies for 100,000 codings
    against 0.25 s mapped. Mapping reads only; writers, WAL and locks work as ever.
    """
    with _pragma(project, "mmap_size", 1024 * 1024 * mebibytes):
        yield


@contextmanager
def _pragma(project: Project, name: str, value: int) -> Iterator[None]:
    """An integer setting of the connection for a while, then back as it was."""
    old = project.db.one(f"PRAGMA {name}")[0]
    project.db.execute(f"PRAGMA {name} = {int(value)}")
    try:
        yield
    finally:
        project.db.execute(f"PRAGMA {name} = {int(old or 0)}")


def qdpx_rows(project: Project, document_id: int) -> list[tuple[Any, ...]]:
    """A document's codings for a REFI-QDA export, by position: (guid, document_id, code GUID,
    start, end, text, coder name, memo, created, modified). One query per document walks its
    index in order; one query for all sorted every coding with its text first."""
    return project.db.execute(
        'SELECT c.guid, c.document_id, k.guid, c.start, c."end", c.text, ifnull(u.name, \'\'), '
        "c.memo, c.created, c.modified FROM codings c JOIN codes k ON k.id = c.code_id "
        "LEFT JOIN coders u ON u.id = c.coder_id WHERE c.document_id = ? "
        'ORDER BY c.start, c."end", c.id', (document_id,)).fetchall()


def ensure_coder(project: Project, name: str, guid: str = "") -> int:
    """The id of the coder ``name``, added with ``guid`` (if free) when there is none."""
    name = name.strip() or project.coder
    row = project.db.one("SELECT id FROM coders WHERE name = ?", (name,))
    if row:
        return int(row[0])
    guid = given_guid(guid or None)
    if project.db.one("SELECT 1 FROM coders WHERE guid = ?", (guid,)):
        guid = given_guid(None)
    with project.transaction():
        cur = project.db.execute("INSERT INTO coders (guid, name, created) VALUES (?, ?, ?)",
                                 (guid, name, now()))
    return int(cur.lastrowid or 0)


def present_coding_guids(project: Project, guids: Iterable[str]) -> set[str]:
    """Which of these coding GUIDs the project already holds (GUIDs in our form)."""
    found: set[str] = set()
    if not project.db.one("SELECT 1 FROM codings LIMIT 1"):
        return found  # a new project: nothing to look up
    wanted = list(guids)
    for i in range(0, len(wanted), 500):
        chunk = wanted[i:i + 500]
        rows = project.db.execute(
            f"SELECT guid FROM codings WHERE guid IN ({','.join('?' * len(chunk))})", chunk)
        found.update(r[0] for r in rows)
    return found


def insert_codings(project: Project, rows: Iterable[CodingRow], *, action: str = "import",
                   source: str = "") -> int:
    """Insert codings exactly as given (GUIDs, coders, dates); returns how many."""
    coder_ids: dict[str, int] = {}

    def coder_id(name: str) -> int:
        if name not in coder_ids:
            coder_ids[name] = ensure_coder(project, name)
        return coder_ids[name]

    stamp = now()
    with project.transaction():
        before = project.codings.count()
        project.db.executemany(
            'INSERT INTO codings (guid, document_id, code_id, start, "end", text, coder_id, memo, '
            "created, modified) VALUES (?,?,?,?,?,?,?,?,?,?)",
            ((g, d, c, s, e, t, coder_id(k), m, cr or stamp, mo or cr or stamp)
             for g, d, c, s, e, t, k, m, cr, mo in rows))
        n = project.codings.count() - before
        if n:
            project.history.log(action, "coding", project.guid, {"codings": n, "from": source})
    return n


def insert_region(project: Project, coding_guid: str, document_id: int, page: int,
                  box: tuple[float, float, float, float]) -> None:
    x0, y0, x1, y1 = box
    project.db.execute(
        "INSERT OR REPLACE INTO coding_regions (coding_guid, document_id, page, x0, y0, x1, y1) "
        "VALUES (?,?,?,?,?,?,?)", (coding_guid, document_id, page, x0, y0, x1, y1))


def insert_memo(project: Project, guid: str, target_kind: str, target_guid: str, title: str,
                text: str, coder: str, created: str, modified: str) -> None:
    """A memo as given (its GUID and dates), in the caller's transaction."""
    stamp = now()
    project.db.execute(
        "INSERT INTO memos (guid, target_kind, target_guid, title, text, coder_id, created, "
        "modified) VALUES (?,?,?,?,?,?,?,?)",
        (given_guid(guid), target_kind, target_guid, title, text, ensure_coder(project, coder),
         created or stamp, modified or created or stamp))


def memo_guids(project: Project) -> set[str]:
    return {r[0] for r in project.db.execute("SELECT guid FROM memos")}


def meta_value(project: Project, key: str, default: str = "") -> str:
    """A value of the project's meta table (its creation time, the REFI-QDA sets kept)."""
    row = project.db.one("SELECT value FROM meta WHERE key = ?", (key,))
    return str(row[0]) if row else default


def set_meta_value(project: Project, key: str, value: str) -> None:
    with project.transaction():
        project.db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))


class DocumentInserter:
    """Documents of an import, inserted as given (GUID, dates of the file) in the caller's
    transaction. ``documents.add`` looks up free names (a LIKE) and the next order (a max) by
    scanning the table for each document: 1,000 documents of 50 KB took 3 s of a 13 s import."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.names = {r[0] for r in project.db.execute("SELECT name FROM documents")}
        self.ord = project.db.one("SELECT ifnull(max(ord), -1) + 1 FROM documents")[0]

    def find(self, guid: str) -> int | None:
        row = self.project.db.one("SELECT id FROM documents WHERE guid = ?", (guid,))
        return int(row[0]) if row else None

    def unique_name(self, name: str) -> str:
        name = name.strip() or "Untitled"
        if name in self.names:
            n = 2
            while f"{name} ({n})" in self.names:
                n += 1
            name = f"{name} ({n})"
        self.names.add(name)
        return name

    def add(self, guid: str, name: str, text: str, *, source_name: str, source_bytes: bytes | None,
            media_type: str, runs_json: str, title: str, authors: str, year: int | None,
            kind: str, notes: str) -> int:
        encoded = text.encode("utf-8")
        digest = sha256(encoded)
        # without an original the source is the text: its bytes and digest are those just made
        data = source_bytes if source_bytes is not None else encoded
        db = self.project.db
        cur = db.execute(
            "INSERT INTO documents (guid, name, title, authors, year, kind, source_name, media_type, "
            "sha256, imported, length, notes, ord, runs, text) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (guid, name, title, authors, year, kind, source_name, media_type, digest, now(),
             len(text), notes, self.ord, runs_json, text))
        self.ord += 1
        doc_id = int(cur.lastrowid or 0)
        db.execute("INSERT INTO document_sources (document_id, sha256, data) VALUES (?,?,?)",
                   (doc_id, digest if source_bytes is None else sha256(data), data))
        self.project.history.log("import", "document", guid, {"name": name, "source": source_name,
                                                              "length": len(text)})
        return doc_id
