"""Coders: who coded what, and the codings of chosen coders as agreement reads them."""

from __future__ import annotations

from collections.abc import Sequence

from gwot_reader.store.base import Repository


class Coders(Repository):
    """``project.coders``: the names under which codings were made."""

    def by_id(self) -> dict[int, str]:
        """Every coder's name by id."""
        return dict(self.db.execute("SELECT id, name FROM coders"))

    def names(self) -> list[str]:
        """Names of the coders who have at least one coding, alphabetically."""
        return [r[0] for r in self.db.execute(
            "SELECT k.name FROM coders k WHERE EXISTS "
            "(SELECT 1 FROM codings c WHERE c.coder_id = k.id) ORDER BY k.name")]

    def spans(self, coders: Sequence[str]) -> list[tuple[int, int, int, int, int]]:
        """(document_id, code_id, coder, start, end) of every coding by one of ``coders``.

        ``coder`` is the index of the coder's name in ``coders``; SQLite maps the ids (a join
        on names cost a quarter more for 200,000 codings).
        """
        ids = dict(self.db.execute(
            f"SELECT name, id FROM coders WHERE name IN ({','.join('?' * len(coders))})",
            list(coders)))
        known = [(int(ids[c]), i) for i, c in enumerate(coders) if c in ids]
        if not known:
            return []
        case = " ".join(f"WHEN {cid} THEN {i}" for cid, i in known)
        return self.db.execute(
            f'SELECT document_id, code_id, CASE coder_id {case} END, start, "end" FROM codings '
            f"WHERE coder_id IN ({','.join(str(cid) for cid, _ in known)})").fetchall()

    def documents_coded_by(self, coder: str) -> set[int]:
        """Ids of the documents in which ``coder`` has at least one coding."""
        return {r[0] for r in self.db.execute(
            "SELECT DISTINCT c.document_id FROM codings c JOIN coders k ON k.id = c.coder_id "
            "WHERE k.name = ?", (coder,))}
