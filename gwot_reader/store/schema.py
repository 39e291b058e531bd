"""The project file's schema as ordered migrations keyed by ``PRAGMA user_version``."""

from __future__ import annotations

# Documents in scripts without spaces between words (CJK, kana, Thai, Lao, Khmer, Myanmar,
# Arabic script) also go into the trigram index. Spelled with chr() because an editor's NFC
# turns compatibility ideographs such as U+F900 into others; core.folding.NO_SPACE_RANGES
# holds the same ranges (a test checks) and must stay in step with this frozen copy.
_NO_SPACE_GLOB = "*[" + "".join(chr(a) + "-" + chr(b) for a, b in (
    (0x0600, 0x06FF), (0x0750, 0x077F), (0x0E00, 0x0EFF), (0x1000, 0x109F), (0x1780, 0x17FF),
    (0x3040, 0x30FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0xFB50, 0xFDFF),
    (0xFE70, 0xFEFF))) + "]*"

MIGRATIONS: list[str] = [
    # 1: the first schema.
    """
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

    CREATE TABLE coders (
        id INTEGER PRIMARY KEY,
        guid TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL UNIQUE,
        created TEXT NOT NULL
    );

    CREATE TABLE documents (
        id INTEGER PRIMARY KEY,
        guid TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL DEFAULT '',
        authors TEXT NOT NULL DEFAULT '',
        year INTEGER,
        kind TEXT NOT NULL DEFAULT '',
        source_name TEXT NOT NULL DEFAULT '',
        media_type TEXT NOT NULL DEFAULT 'text/plain',
        sha256 TEXT NOT NULL,
        imported TEXT NOT NULL,
        length INTEGER NOT NULL,
        notes TEXT NOT NULL DEFAULT '',
        ord INTEGER NOT NULL DEFAULT 0,
        -- formatting runs over the canonical text, as JSON [[start, end, kind, value], ...]
        runs TEXT NOT NULL DEFAULT '[]',
        -- last, so listing documents never reads the (possibly megabyte) text
        text TEXT NOT NULL
    );

    -- The original bytes apart, so that reading a document never loads them.
    CREATE TABLE document_sources (
        document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
        sha256 TEXT NOT NULL,
        data BLOB NOT NULL
    );

    CREATE TABLE codes (
        id INTEGER PRIMARY KEY,
        guid TEXT NOT NULL UNIQUE,
        parent_id INTEGER REFERENCES codes(id) ON DELETE RESTRICT,
        is_category INTEGER NOT NULL DEFAULT 0 CHECK (is_category IN (0, 1)),
        name TEXT NOT NULL CHECK (length(trim(name)) > 0),
        color TEXT NOT NULL DEFAULT '#888888',
        definition TEXT NOT NULL DEFAULT '',
        use_when TEXT NOT NULL DEFAULT '',
        do_not_use_when TEXT NOT NULL DEFAULT '',
        example TEXT NOT NULL DEFAULT '',
        memo TEXT NOT NULL DEFAULT '',
        ord INTEGER NOT NULL DEFAULT 0,
        created TEXT NOT NULL,
        modified TEXT NOT NULL
    );
    CREATE UNIQUE INDEX codes_sibling_name ON codes (ifnull(parent_id, 0), name COLLATE NOCASE);

    CREATE TABLE codings (
        id INTEGER PRIMARY KEY,
        guid TEXT NOT NULL UNIQUE,
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        code_id INTEGER NOT NULL REFERENCES codes(id) ON DELETE RESTRICT,
        start INTEGER NOT NULL CHECK (start >= 0),
        "end" INTEGER NOT NULL CHECK ("end" > start),
        text TEXT NOT NULL,
        coder_id INTEGER REFERENCES coders(id),
        memo TEXT NOT NULL DEFAULT '',
        created TEXT NOT NULL,
        modified TEXT NOT NULL
    );
    CREATE INDEX codings_document ON codings (document_id, start);
    CREATE INDEX codings_code ON codings (code_id);

    CREATE TABLE memos (
        id INTEGER PRIMARY KEY,
        guid TEXT NOT NULL UNIQUE,
        target_kind TEXT NOT NULL DEFAULT 'project',
        target_guid TEXT NOT NULL DEFAULT '',
        title TEXT NOT NULL DEFAULT '',
        text TEXT NOT NULL DEFAULT '',
        coder_id INTEGER REFERENCES coders(id),
        created TEXT NOT NULL,
        modified TEXT NOT NULL
    );

    CREATE TABLE history (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        coder TEXT NOT NULL,
        action TEXT NOT NULL,
        entity TEXT NOT NULL,
        entity_guid TEXT NOT NULL,
        data TEXT NOT NULL DEFAULT '{}'
    );
    CREATE INDEX history_entity ON history (entity_guid);
    CREATE TRIGGER history_no_update BEFORE UPDATE ON history
        BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
    CREATE TRIGGER history_no_delete BEFORE DELETE ON history
        BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
    """,
    # PDF pages and their word maps, and region codings (a box on a page).
    """
    -- One row per page of a PDF: its size in points, its span of the canonical text, and its
    -- words as JSON [[x0, y0, x1, y1, start, end], ...] in reading order (top-left origin).
    CREATE TABLE pdf_pages (
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        page INTEGER NOT NULL CHECK (page >= 1),
        width REAL NOT NULL CHECK (width > 0),
        height REAL NOT NULL CHECK (height > 0),
        start INTEGER NOT NULL CHECK (start >= 0),
        "end" INTEGER NOT NULL CHECK ("end" >= start),
        has_text INTEGER NOT NULL DEFAULT 1 CHECK (has_text IN (0, 1)),
        words TEXT NOT NULL DEFAULT '[]',
        PRIMARY KEY (document_id, page)
    ) WITHOUT ROWID;

    -- The box of a region coding, keyed by the coding's GUID rather than a foreign key, so that
    -- undoing the removal of a coding (restore_coding, same GUID) brings its box back with it.
    -- The coding itself spans the words inside the box, or the page's text if there are none.
    CREATE TABLE coding_regions (
        coding_guid TEXT PRIMARY KEY,
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        page INTEGER NOT NULL CHECK (page >= 1),
        x0 REAL NOT NULL,
        y0 REAL NOT NULL,
        x1 REAL NOT NULL,
        y1 REAL NOT NULL,
        CHECK (x1 > x0 AND y1 > y0)
    );
    CREATE INDEX coding_regions_document ON coding_regions (document_id);
    """,
    # 3: codings per code and documents per code from the index alone (opening a project of
    # 100,000 codings read every coding row for them: 200 ms instead of 17).
    """
    CREATE INDEX codings_code_document ON codings (code_id, document_id);
    DROP INDEX codings_code;
    """,
    # 4: coding ids are never reused (AUTOINCREMENT). SQLite gave a removed coding's id to the
    # next new one, so undoing the removal later (or in another window) found its id taken.
    # Nothing refers to codings by id in the file (regions use the GUID), so the table is rebuilt.
    """
    CREATE TABLE codings_v4 (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        guid TEXT NOT NULL UNIQUE,
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        code_id INTEGER NOT NULL REFERENCES codes(id) ON DELETE RESTRICT,
        start INTEGER NOT NULL CHECK (start >= 0),
        "end" INTEGER NOT NULL CHECK ("end" > start),
        text TEXT NOT NULL,
        coder_id INTEGER REFERENCES coders(id),
        memo TEXT NOT NULL DEFAULT '',
        created TEXT NOT NULL,
        modified TEXT NOT NULL
    );
    INSERT INTO codings_v4 (id, guid, document_id, code_id, start, "end", text, coder_id, memo,
                            created, modified)
        SELECT id, guid, document_id, code_id, start, "end", text, coder_id, memo, created,
               modified FROM codings;
    DROP TABLE codings;
    ALTER TABLE codings_v4 RENAME TO codings;
    CREATE INDEX codings_document ON codings (document_id, start);
    CREATE INDEX codings_code_document ON codings (code_id, document_id);
    """,
    # 5: a picture of a PDF's first page, made at import, that the page view shows at once
    # while PyMuPDF (0.15 s to import) loads and draws the page sharp; and the pages' sizes
    # readable without their word maps.
    """
    CREATE TABLE page_previews (
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        page INTEGER NOT NULL CHECK (page >= 1),
        png BLOB NOT NULL,
        PRIMARY KEY (document_id, page)
    );
    -- Page sizes and spans without the word maps they share rows with (34 KB a page): opening
    -- a 1,000-page PDF read 4 MB for them, 15 ms instead of 1.
    CREATE INDEX pdf_pages_info ON pdf_pages (document_id, page, width, height, start, "end",
                                              has_text);
    """,
    # 6: full-text search over every document's canonical text (external content, so the
    # text is stored once): words through unicode61 (case and diacritics folded), and trigrams
    # for documents in scripts without spaces between words (CJK, Thai, Arabic script), whose
    # terms match inside words. Triggers keep both in step with documents; they index a
    # document only when its id is at most meta 'search_indexed_upto', which the search
    # repository raises as it builds the index in short transactions (store/search.py), so
    # opening an existing big project does not build it and a build never holds the file for
    # seconds. A new, empty project is complete at once.
    """
    CREATE VIRTUAL TABLE search_words USING fts5(
        text, content='documents', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
    CREATE VIRTUAL TABLE search_trigram USING fts5(
        text, content='documents', content_rowid='id', tokenize='trigram');
    CREATE TRIGGER search_documents_insert AFTER INSERT ON documents
    WHEN new.id <= (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'search_indexed_upto')
    BEGIN
        INSERT INTO search_words (rowid, text) VALUES (new.id, new.text);
        INSERT INTO search_trigram (rowid, text) SELECT new.id, new.text
            WHERE new.text GLOB '{no_space}';
    END;
    CREATE TRIGGER search_documents_delete AFTER DELETE ON documents
    WHEN old.id <= (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'search_indexed_upto')
    BEGIN
        INSERT INTO search_words (search_words, rowid, text) VALUES ('delete', old.id, old.text);
        INSERT INTO search_trigram (search_trigram, rowid, text) SELECT 'delete', old.id, old.text
            WHERE old.text GLOB '{no_space}';
    END;
    CREATE TRIGGER search_documents_update AFTER UPDATE OF text ON documents
    WHEN old.id <= (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'search_indexed_upto')
    BEGIN
        INSERT INTO search_words (search_words, rowid, text) VALUES ('delete', old.id, old.text);
        INSERT INTO search_trigram (search_trigram, rowid, text) SELECT 'delete', old.id, old.text
            WHERE old.text GLOB '{no_space}';
        INSERT INTO search_words (rowid, text) VALUES (new.id, new.text);
        INSERT INTO search_trigram (rowid, text) SELECT new.id, new.text
            WHERE new.text GLOB '{no_space}';
    END;
    INSERT INTO meta (key, value) VALUES ('search_indexed_upto',
        CASE WHEN EXISTS (SELECT 1 FROM documents) THEN '0' ELSE '9223372036854775807' END);
    """.replace("{no_space}", _NO_SPACE_GLOB),
    # 7: coding queries and matrices read codings as bare spans by code: a covering index
    # answers them without visiting the rows, which their quoted text scatters over the file
    # (the 1,000 codings of one code took 60-80 ms to read row by row, 2 ms from this index).
    # It starts like the index it replaces, so counts per code and document still use it.
    # The per-document index gains the end too, so listing every segment in document order
    # (the Segments browser) is one scan of an index (110,000 codings: 5 s through row
    # lookups and a sort, under load).
    """
    CREATE INDEX codings_code_spans ON codings (code_id, document_id, start, "end", coder_id);
    DROP INDEX codings_code_document;
    DROP INDEX codings_document;
    CREATE INDEX codings_document ON codings (document_id, start, "end");
    """,
    # 8: document variables (typed attributes with a value per document) and document sets,
    # each with a GUID for REFI-QDA. Values are stored with SQLite's own types (INTEGER/REAL for
    # numbers, ISO text for dates), so that sorting and filtering by them works in SQL.
    """
    CREATE TABLE variables (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        guid TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(name)) > 0),
        type TEXT NOT NULL CHECK (type IN ('text', 'number', 'date', 'choice')),
        choices TEXT NOT NULL DEFAULT '[]',
        description TEXT NOT NULL DEFAULT '',
        ord INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE document_values (
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        variable_id INTEGER NOT NULL REFERENCES variables(id) ON DELETE CASCADE,
        value NOT NULL,  -- no declared type: kept exactly as given (text "007" stays text)
        PRIMARY KEY (document_id, variable_id)
    );
    CREATE INDEX document_values_variable ON document_values (variable_id, value);

    CREATE TABLE document_sets (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        guid TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(name)) > 0),
        description TEXT NOT NULL DEFAULT '',
        ord INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE document_set_members (
        set_id INTEGER NOT NULL REFERENCES document_sets(id) ON DELETE CASCADE,
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        PRIMARY KEY (set_id, document_id)
    );
    CREATE INDEX document_set_members_document ON document_set_members (document_id);

    -- Memos by what they are on: a document's memo, and the memos that go with a removed
    -- document's codings, without reading every memo.
    CREATE INDEX memos_target ON memos (target_guid);
    """,
    # 9: the document view reads a document's codings as a span index (start, end, code, id,
    # coder) in one query (issue 16; the coder for the teams' coder filter and lanes). This
    # index covers it, in its order: 50,000 codings read from the index alone instead of
    # through 50,000 row lookups and a sort (3x faster). It starts like the index it
    # replaces, so listing segments in document order still uses it.
    """
    DROP INDEX codings_document;
    CREATE INDEX codings_document ON codings (document_id, start, "end", id, code_id, coder_id);
    """,
    # 10: projects that imported REFI-QDA sets before the sets table kept them whole in meta
    # 'refi_sets' (a JSON list of {guid, name, description, sources, codes, notes}). A set with
    # sources, or with no members at all, becomes a document set (merged into one of the same
    # GUID, else name, as an import does); its code and note members stay in meta for export,
    # and a set left with none is dropped from it. Entries that are not objects are dropped.
    """
    CREATE TEMP TABLE refi_sets_old AS
    SELECT s.key AS k, s.value AS v,
           upper(trim(ifnull(json_extract(s.value, '$.guid'), ''), '{} ')) AS guid,
           CASE WHEN trim(ifnull(json_extract(s.value, '$.name'), '')) = ''
                THEN 'Set ' || substr(upper(trim(ifnull(json_extract(s.value, '$.guid'), ''),
                                                 '{} ')), 1, 8)
                ELSE trim(json_extract(s.value, '$.name')) END AS name,
           ifnull(json_extract(s.value, '$.description'), '') AS description,
           ifnull(json_array_length(s.value, '$.sources'), 0) AS sources,
           ifnull(json_array_length(s.value, '$.codes'), 0)
             + ifnull(json_array_length(s.value, '$.notes'), 0) AS others
    FROM meta m, json_each(m.value) s
    WHERE m.key = 'refi_sets' AND json_valid(m.value) AND json_type(m.value) = 'array'
      AND s.type = 'object';
    INSERT OR IGNORE INTO document_sets (guid, name, description, ord)
    SELECT guid, name, description,
           (SELECT ifnull(max(ord), -1) FROM document_sets) + 1 + k
    FROM refi_sets_old
    WHERE guid <> '' AND (sources > 0 OR others = 0)
      AND NOT EXISTS (SELECT 1 FROM document_sets d
                      WHERE upper(d.guid) = refi_sets_old.guid OR d.name = refi_sets_old.name)
    ORDER BY k;
    INSERT OR IGNORE INTO document_set_members (set_id, document_id)
    SELECT ifnull((SELECT id FROM document_sets d WHERE upper(d.guid) = o.guid),
                  (SELECT id FROM document_sets d WHERE d.name = o.name)), doc.id
    FROM refi_sets_old o, json_each(o.v, '$.sources') src
    JOIN documents doc ON upper(doc.guid) = upper(trim(src.value, '{} '))
    WHERE o.sources > 0;
    UPDATE meta SET value = (SELECT json_group_array(json(json_remove(v, '$.sources')))
                             FROM (SELECT v FROM refi_sets_old WHERE others > 0 ORDER BY k))
    WHERE key = 'refi_sets' AND json_valid(value) AND json_type(value) = 'array';
    DELETE FROM meta WHERE key = 'refi_sets' AND value IN ('[]', '');
    DROP TABLE temp.refi_sets_old;
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)
