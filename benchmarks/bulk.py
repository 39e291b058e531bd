"""Bulk loading for synthetic projects (benchmarks, tests): many rows in one statement each.

These skip the per-row checks and history of the project API on purpose: the caller builds
rows that are valid by construction (spans inside their documents, codes not categories).
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from gwot_reader.core.textnorm import sha256
from gwot_reader.store.base import new_guid, now
from gwot_reader.store.project import Project


def bulk_documents(project: Project, docs: Iterable[tuple[str, str]]) -> list[int]:
    """Insert (name, text) documents; returns their ids in order."""
    stamp = now()
    ids: list[int] = []
    with project.transaction():
        first = project.db.one("SELECT ifnull(max(ord), -1) + 1 FROM documents")[0]
        for i, (name, text) in enumerate(docs):
            digest = sha256(text)
            cur = project.db.execute(
                "INSERT INTO documents (guid, name, source_name, media_type, sha256, imported, "
                "length, ord, runs, text) VALUES (?,?,?,?,?,?,?,?,?,?)",
                (new_guid(), name, name + ".txt", "text/plain", digest, stamp, len(text),
                 first + i, json.dumps([]), text),
            )
            project.db.execute(
                "INSERT INTO document_sources (document_id, sha256, data) VALUES (?,?,?)",
                (cur.lastrowid, digest, text.encode("utf-8")),
            )
            ids.append(cur.lastrowid)
        project.history.log("bulk", "document", project.guid, {"documents": len(ids)})
    return ids


def bulk_codings(project: Project, rows: Iterable[tuple[int, int, int, int, str]],
                 coder: str | None = None) -> int:
    """Insert (document_id, code_id, start, end, text) codings in one transaction."""
    stamp = now()
    with project.transaction():
        coder_id = project.coder_id(coder)
        before = project.codings.count()
        project.db.executemany(
            'INSERT INTO codings (guid, document_id, code_id, start, "end", text, coder_id, memo, '
            "created, modified) VALUES (?,?,?,?,?,?,?,'',?,?)",
            ((new_guid(), d, c, s, e, t, coder_id, stamp, stamp) for d, c, s, e, t in rows),
        )
        n = project.codings.count() - before
        project.history.log("bulk", "coding", project.guid, {"codings": n})
    return n
