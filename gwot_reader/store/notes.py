"""Document memos (one per document) and the project journal (dated entries), on the memos table."""

from __future__ import annotations

from gwot_reader.core.errors import NotFoundError
from gwot_reader.core.model import Change, Memo
from gwot_reader.store.base import Repository, given_guid, now

JOURNAL = "journal"  # memos.target_kind of a journal entry (its target_guid: the project's GUID)
_SELECT = (
    "SELECT m.id, m.guid, m.target_kind, m.target_guid, m.title, m.text, ifnull(k.name, ''), "
    "m.created, m.modified FROM memos m LEFT JOIN coders k ON k.id = m.coder_id "
)


class Notes(Repository):
    """``project.notes``: every write is one transaction, one history entry, one notice.

    A document memo is the memo row with ``target_kind = 'document'`` and the document's GUID;
    setting it to empty text removes it. Journal entries are rows with ``target_kind =
    'journal'``, dated by ``created`` (which the author may set), newest last.
    """


    # -- document memos -------------------------------------------------------------------------
    def document_memo(self, document_id: int) -> Memo | None:
        guid = self._doc_guid(document_id)
        row = self.db.one(_SELECT + "WHERE m.target_kind = 'document' AND m.target_guid = ? "
                            "ORDER BY m.id LIMIT 1", (guid,))
        return Memo(*row) if row else None

    def document_memos(self) -> dict[int, Memo]:
        """{document_id: memo} for every document that has one."""
        out: dict[int, Memo] = {}
        for row in self.db.execute(
                "SELECT d.id, " + _SELECT[len("SELECT "):] + "JOIN documents d ON "
                "d.guid = m.target_guid WHERE m.target_kind = 'document' ORDER BY d.ord, m.id"):
            out.setdefault(row[0], Memo(*row[1:]))
        return out

    def set_document_memo(self, document_id: int, text: str, *,
                          coder: str | None = None) -> tuple[Memo | None, Memo | None]:
        """Write (or, with blank text, remove) a document's memo; returns (old, new) for undo."""
        with self.project.transaction():
            old = self.document_memo(document_id)
            new: Memo | None = None
            if old is not None and not text.strip():
                self.db.execute("DELETE FROM memos WHERE id = ?", (old.id,))
                self._log("remove", "memo", old.guid, {"text": old.text})
            elif old is not None:
                self.db.execute("UPDATE memos SET text = ?, modified = ? WHERE id = ?",
                                  (text, now(), old.id))
                new = self.memo(old.id)
                self._log("edit", "memo", old.guid, {"document": document_id})
            elif text.strip():
                stamp = now()
                cur = self.db.execute(
                    "INSERT INTO memos (guid, target_kind, target_guid, title, text, coder_id, "
                    "created, modified) VALUES (?, 'document', ?, '', ?, ?, ?, ?)",
                    (given_guid(None), self._doc_guid(document_id), text,
                     self.project.coder_id(coder), stamp, stamp))
                new = self.memo(int(cur.lastrowid or 0))
                self._log("add", "memo", new.guid, {"document": document_id})
            self._changed(Change("memos", document_ids=frozenset({document_id})))
        return old, new

    # -- journal --------------------------------------------------------------------------------
    def journal(self) -> list[Memo]:
        """The project journal's entries, oldest first."""
        return [Memo(*r) for r in self.db.execute(
            _SELECT + "WHERE m.target_kind = ? ORDER BY m.created, m.id", (JOURNAL,))]

    def add_entry(self, text: str, *, title: str = "", created: str | None = None,
                  coder: str | None = None, guid: str | None = None) -> Memo:
        """A journal entry; ``created`` (ISO date or time) dates it, else now."""
        with self.project.transaction():
            stamp = now()
            cur = self.db.execute(
                "INSERT INTO memos (guid, target_kind, target_guid, title, text, coder_id, "
                "created, modified) VALUES (?,?,?,?,?,?,?,?)",
                (given_guid(guid), JOURNAL, self._project_guid(), title, text,
                 self.project.coder_id(coder), created or stamp, created or stamp))
            entry = self.memo(int(cur.lastrowid or 0))
            self._log("add", "journal", entry.guid, {"title": title})
            self._changed(Change("memos"))
        return entry

    def edit_entry(self, memo_id: int, *, title: str | None = None,
                   text: str | None = None) -> tuple[Memo, Memo]:
        with self.project.transaction():
            old = self.memo(memo_id)
            self.db.execute("UPDATE memos SET title = ?, text = ?, modified = ? WHERE id = ?",
                              (old.title if title is None else title,
                               old.text if text is None else text, now(), memo_id))
            new = self.memo(memo_id)
            self._log("edit", "journal", old.guid, {"title": [old.title, new.title]})
            self._changed(Change("memos"))
        return old, new

    def remove(self, memo_id: int) -> Memo:
        """Remove a journal entry or a document memo; ``restore`` puts it back."""
        return self.project.memos.remove(memo_id)

    def restore(self, memo: Memo) -> Memo:
        """Put back a removed memo or entry as it was (id, GUID, author, dates, text)."""
        with self.project.transaction():
            self.db.execute(
                "INSERT INTO memos (id, guid, target_kind, target_guid, title, text, coder_id, "
                "created, modified) VALUES (?,?,?,?,?,?,?,?,?)",
                (memo.id, memo.guid, memo.target_kind, memo.target_guid, memo.title, memo.text,
                 self.project.coder_id(memo.coder) if memo.coder else None, memo.created,
                 memo.modified))
            self._log("restore", "memo", memo.guid, {"title": memo.title})
            self._changed(Change("memos"))
        return memo

    def put_back(self, memo: Memo) -> None:
        """Undo of an edit: the memo's title and text as they were (modified time included)."""
        with self.project.transaction():
            self.db.execute("UPDATE memos SET title = ?, text = ?, modified = ? WHERE id = ?",
                              (memo.title, memo.text, memo.modified, memo.id))
            self._log("restore", "memo", memo.guid, {"title": memo.title})
            self._changed(Change("memos"))

    # -- reading --------------------------------------------------------------------------------
    def memo(self, memo_id: int) -> Memo:
        return self.project.memos.get(memo_id)

    def search(self, query: str) -> list[Memo]:
        """Journal entries and document memos whose title or text contains ``query``
        (ignoring case), journal first."""
        q = query.casefold()  # in Python: SQLite's LIKE ignores case in ASCII only
        rows = self.db.execute(_SELECT + "WHERE m.target_kind IN (?, 'document') ORDER BY "
                                 "m.target_kind = 'document', m.created, m.id", (JOURNAL,))
        return [m for m in (Memo(*r) for r in rows)
                if q in m.title.casefold() or q in m.text.casefold()]

    def _doc_guid(self, document_id: int) -> str:
        row = self.db.one("SELECT guid FROM documents WHERE id = ?", (document_id,))
        if row is None:
            raise NotFoundError(f"no document with id {document_id}")
        return str(row[0])

    def _project_guid(self) -> str:
        row = self.db.one("SELECT value FROM meta WHERE key = 'guid'")
        return str(row[0]) if row else ""
