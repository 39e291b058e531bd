"""Merging other project files into a project: read read-only, the core's plan applied in one transaction."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from gwot_reader.core.errors import GwotError, ProjectFileError
from gwot_reader.core.merge import (
    CODE_FIELDS,
    CodeRef,
    CodingRef,
    DocRef,
    MemoRef,
    MergePlan,
    Snapshot,
    plan_merge,
)
from gwot_reader.core.model import Change
from gwot_reader.store.backup import auto_backup
from gwot_reader.store.base import now
from gwot_reader.store.fileid import check_ours, connect_ro
from gwot_reader.store.merge_undo import MergeTrace
from gwot_reader.store.project import Project

Row = tuple[object, ...]


class _DryRun(Exception):
    """Raised inside the transaction of a dry run so that everything is rolled back."""


def open_source(path: str | Path) -> sqlite3.Connection:
    """A project file opened read-only through SQLite (never by reading its bytes ourselves)."""
    p = Path(path)
    if not p.is_file():
        raise ProjectFileError(f"no project file at {p}")
    check_ours(p)
    return connect_ro(p)


def snapshot(conn: sqlite3.Connection) -> Snapshot:
    """Documents, codes (parents first), codings and memos of a project, by GUID."""
    docs = [DocRef(*r) for r in conn.execute("SELECT guid, name, sha256 FROM documents ORDER BY ord, id")]
    rows = conn.execute(
        "SELECT c.guid, c.name, p.guid, c.is_category, c.color, c.definition, c.use_when, "
        "c.do_not_use_when, c.example, c.memo FROM codes c LEFT JOIN codes p ON p.id = c.parent_id "
        "ORDER BY c.ord, c.id").fetchall()
    codes = [CodeRef(r[0], r[1], r[2], bool(r[3]), tuple(r[4:])) for r in rows]
    codes = _parents_first(codes)
    codings = list(map(CodingRef._make, conn.execute(
        'SELECT c.guid, d.guid, k.guid, c.start, c."end", ifnull(r.name, \'\'), c.memo, c.created, '
        "c.modified FROM codings c JOIN documents d ON d.id = c.document_id "
        "JOIN codes k ON k.id = c.code_id LEFT JOIN coders r ON r.id = c.coder_id ORDER BY c.id")))
    memos = [MemoRef(*r) for r in conn.execute(
        "SELECT m.guid, m.target_kind, m.target_guid, m.title, m.text, ifnull(r.name, ''), "
        "m.created, m.modified FROM memos m LEFT JOIN coders r ON r.id = m.coder_id ORDER BY m.id")]
    return Snapshot(docs, codes, codings, memos)


def _parents_first(codes: list[CodeRef]) -> list[CodeRef]:
    known = {c.guid for c in codes}
    done: set[str | None] = {None}
    out: list[CodeRef] = []
    pending = [c if c.parent_guid in known else CodeRef(c.guid, c.name, None, c.is_category, c.fields)
               for c in codes]
    while pending:
        ready = [c for c in pending if c.parent_guid in done]
        if not ready:  # a cycle in a damaged file: its codes go to the top level
            ready = [CodeRef(c.guid, c.name, None, c.is_category, c.fields) for c in pending[:1]]
            pending = pending[1:]
        else:
            pending = [c for c in pending if c.parent_guid not in done]
        out += ready
        done.update(c.guid for c in ready)
    return out


def merge_projects(project: Project, sources: Sequence[str | Path], *, prefer: str = "target",
                   choices: Mapping[str, str] | None = None, dry_run: bool = False,
                   backup: bool = True, keep_going: Callable[[], bool] | None = None,
                   trace: MergeTrace | None = None) -> list[tuple[str, MergePlan]]:
    """Merge each source in turn, all in one transaction; a dry run rolls everything back.

    ``choices``: the decision per conflict (see ``core.merge``), ``prefer`` for the others.
    ``backup=False``: the caller has taken the backup (and keeps its path). ``keep_going`` is
    asked before each source and before the commit; False rolls everything back (Cancel).
    ``trace`` is filled with what the merge added and changed (``undo_merge``).
    """
    mine = project.path.resolve()
    for s in sources:
        if Path(s).resolve() == mine:
            raise GwotError(f"{Path(s).name} is the project itself")
    conns = [open_source(s) for s in sources]
    plans: list[tuple[str, MergePlan]] = []
    try:
        if not dry_run and backup:
            auto_backup(project.db, "before-project-merge")
        with project.transaction():
            if trace is not None:
                trace.start(project.db)
            for path, conn in zip(sources, conns, strict=True):
                _check(keep_going)
                plan = plan_merge(snapshot(project.db.conn), snapshot(conn), prefer,
                                  source_label=Path(path).name, choices=choices,
                                  texts=_texts(project, conn))
                _apply(project, conn, plan, Path(path).name, trace)
                plans.append((str(path), plan))
            _check(keep_going)
            if trace is not None:
                trace.finish(project.db)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    finally:
        for conn in conns:
            conn.close()
    return plans


def undo_merge(project: Project, trace: MergeTrace, label: str) -> None:
    """Take a merge back in one transaction: what it added removed, what it changed restored."""
    with project.transaction():
        trace.undo(project.db)
        project.history.log("undo merge", "project", project.guid, {"source": label})
    project.forget_coder_ids()


def redo_merge(project: Project, trace: MergeTrace, label: str) -> None:
    """Put an undone merge back in one transaction, with the same ids."""
    with project.transaction():
        trace.redo(project.db)
        project.history.log("redo merge", "project", project.guid, {"source": label})
    project.forget_coder_ids()


def _texts(project: Project, src: sqlite3.Connection) -> Callable[[str, str], tuple[str, str]]:
    def texts(target_guid: str, source_guid: str) -> tuple[str, str]:
        mine = project.db.one("SELECT text FROM documents WHERE guid = ?", (target_guid,))
        theirs = src.execute("SELECT text FROM documents WHERE guid = ?", (source_guid,)).fetchone()
        return str(mine[0]), str(theirs[0])

    return texts


def _check(keep_going: Callable[[], bool] | None) -> None:
    if keep_going is not None and not keep_going():
        raise GwotError("merge stopped; nothing was changed")


def _apply(project: Project, src: sqlite3.Connection, plan: MergePlan, label: str,
           trace: MergeTrace | None) -> None:
    db = project.db
    _add_documents(project, src, plan)
    doc_ids = dict(db.execute("SELECT guid, id FROM documents").fetchall())
    for c in plan.codes_added:
        code_ids = dict(db.execute("SELECT guid, id FROM codes").fetchall())
        project.codebook.add(c.name, code_ids[c.parent_guid] if c.parent_guid else None, guid=c.guid,
                         is_category=c.is_category, **_fields(c))
    code_ids = dict(db.execute("SELECT guid, id FROM codes").fetchall())
    for c in plan.code_updates:
        cid = code_ids[c.guid]
        project.codebook.update(cid, name=c.name, **_fields(c))
        parent = code_ids[c.parent_guid] if c.parent_guid else None
        if project.codebook.get(cid).parent_id != parent:
            project.codebook.move(cid, parent)
    coders: dict[str, int | None] = {}

    def coder(name: str) -> int | None:
        if name not in coders:  # a coding without a coder stays without one
            coders[name] = project.coder_id(name) if name else None
        return coders[name]

    cached: dict[int, str] = {}

    def texts(doc_id: int) -> str:  # one look-up per document, not per coding
        text = cached.get(doc_id)
        if text is None:
            text = cached[doc_id] = project.documents.text(doc_id)
        return text

    # the quoted text sliced from the target's own text (the same text, by GUID or SHA-256);
    # rows in document order for the text cache, inserted in GUID order for the GUID index
    added = sorted(plan.codings_added, key=lambda c: (c.document_guid, c.start))
    rows = sorted((c.guid, doc_ids[c.document_guid], code_ids[c.code_guid], c.start, c.end,
                   texts(doc_ids[c.document_guid])[c.start:c.end], coder(c.coder), c.memo,
                   c.created, c.modified) for c in added)
    db.executemany(
        'INSERT INTO codings (guid, document_id, code_id, start, "end", text, coder_id, memo, '
        "created, modified) VALUES (?,?,?,?,?,?,?,?,?,?)", rows)
    if trace is not None and plan.coding_updates:
        trace.keep_codings(db, [c.guid for c in plan.coding_updates])
    db.executemany(
        'UPDATE codings SET document_id = ?, code_id = ?, start = ?, "end" = ?, text = ?, '
        "coder_id = ?, memo = ?, modified = ? WHERE guid = ?",
        [(doc_ids[c.document_guid], code_ids[c.code_guid], c.start, c.end,
          texts(doc_ids[c.document_guid])[c.start:c.end], coder(c.coder), c.memo, c.modified,
          c.guid) for c in plan.coding_updates])
    _copy_regions(project, src, plan, doc_ids)
    db.executemany(
        "INSERT INTO memos (guid, target_kind, target_guid, title, text, coder_id, created, modified) "
        "VALUES (?,?,?,?,?,?,?,?)",
        [(m.guid, m.target_kind, m.target_guid, m.title, m.text, coder(m.coder), m.created,
          m.modified) for m in plan.memos_added])
    db.executemany("UPDATE memos SET title = ?, text = ?, modified = ? WHERE guid = ?",
                   [(m.title, m.text, m.modified, m.guid) for m in plan.memo_updates])
    project.history.log("merge", "project", project.guid, {
        "source": label, "documents": len(plan.documents_added), "codes": len(plan.codes_added),
        "codings": len(plan.codings_added), "codings_updated": len(plan.coding_updates),
        "memos": len(plan.memos_added), "conflicts": [c.line() for c in plan.conflicts]})
    project.notify(Change("documents", document_ids=frozenset(
        doc_ids[new] for _, new in plan.documents_added)))
    project.notify(Change("codebook", code_ids=frozenset(code_ids[c.guid] for c in plan.codes_added)))
    project.notify(Change("codings", document_ids=frozenset(
        doc_ids[c.document_guid] for c in (*plan.codings_added, *plan.coding_updates))))
    project.notify(Change("memos"))


_DOC_COLS = ("name, title, authors, year, kind, source_name, media_type, sha256, imported, length, "
             "notes, runs, text")


def _fields(c: CodeRef) -> dict[str, Any]:
    return dict(zip(CODE_FIELDS, c.fields, strict=True))


def _has_table(conn: sqlite3.Connection, name: str) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                        (name,)).fetchone() is not None


def _add_documents(project: Project, src: sqlite3.Connection, plan: MergePlan) -> None:
    db = project.db
    for d, new_guid in plan.documents_added:
        src_id, *row = src.execute(f"SELECT id, {_DOC_COLS} FROM documents WHERE guid = ?",
                                   (d.guid,)).fetchone()
        row[0] = project.documents.unique_name(str(row[0]))
        ord_ = db.one("SELECT ifnull(max(ord), -1) + 1 FROM documents")[0]
        cur = db.execute(f"INSERT INTO documents (guid, ord, {_DOC_COLS}) VALUES (?,?,{','.join('?' * 13)})",
                         (new_guid, ord_, *row))
        new_id = cur.lastrowid
        for table in ("document_sources", "pdf_pages", "page_previews"):
            if not _has_table(src, table):
                continue
            cols = [r[1] for r in src.execute(f"PRAGMA table_info({table})")]
            rows = src.execute(f"SELECT {', '.join(_q(c) for c in cols)} FROM {table} "
                               "WHERE document_id = ?", (src_id,)).fetchall()
            at = cols.index("document_id")
            db.executemany(f"INSERT INTO {table} ({', '.join(_q(c) for c in cols)}) "
                           f"VALUES ({','.join('?' * len(cols))})",
                           [(*r[:at], new_id, *r[at + 1:]) for r in rows])
        project.history.log("add", "document", new_guid, {"name": row[0], "merged": True, "at": now()})


def _copy_regions(project: Project, src: sqlite3.Connection, plan: MergePlan,
                  doc_ids: dict[str, int]) -> None:
    if not plan.codings_added or not _has_table(src, "coding_regions"):
        return
    added = {c.guid: c.document_guid for c in plan.codings_added}
    rows = [r for r in src.execute("SELECT coding_guid, page, x0, y0, x1, y1 FROM coding_regions")
            if r[0] in added]
    project.db.executemany(
        "INSERT OR IGNORE INTO coding_regions (coding_guid, document_id, page, x0, y0, x1, y1) "
        "VALUES (?,?,?,?,?,?,?)", [(r[0], doc_ids[added[r[0]]], *r[1:]) for r in rows])


def _q(column: str) -> str:
    return f'"{column}"'


__all__ = ["MergeTrace", "merge_projects", "open_source", "redo_merge", "snapshot", "undo_merge"]
