"""Who coded what: coder names and the codings of chosen coders, as agreement reads them."""

from __future__ import annotations

from collections.abc import Sequence

from gwot_reader.store.project import Project


def coder_names(project: Project) -> list[str]:
    """Names of the coders who have at least one coding, alphabetically."""
    return [r[0] for r in project.db.execute(
        "SELECT k.name FROM coders k WHERE EXISTS (SELECT 1 FROM codings c WHERE c.coder_id = k.id) "
        "ORDER BY k.name")]


def coder_spans(project: Project, coders: Sequence[str]) -> list[tuple[int, int, str, int, int]]:
    """(document_id, code_id, coder, start, end) of every coding by one of ``coders``."""
    marks = ",".join("?" * len(coders))
    return project.db.execute(
        'SELECT c.document_id, c.code_id, k.name, c.start, c."end" FROM codings c '
        f"JOIN coders k ON k.id = c.coder_id WHERE k.name IN ({marks})", list(coders)).fetchall()


def coded_documents(project: Project, coder: str) -> set[int]:
    """Ids of the documents in which ``coder`` has at least one coding."""
    return {r[0] for r in project.db.execute(
        "SELECT DISTINCT c.document_id FROM codings c JOIN coders k ON k.id = c.coder_id "
        "WHERE k.name = ?", (coder,))}
