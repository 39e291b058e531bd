"""Migration 10: REFI-QDA sets an earlier import kept whole in meta become document sets."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from gwot_reader.exchange.qdpx import export_qdpx
from gwot_reader.store import Project
from gwot_reader.store.db import APPLICATION_ID, _statements
from gwot_reader.store.schema import MIGRATIONS, SCHEMA_VERSION

D1, D2 = "A1F4C2B0-0000-4000-8000-000000000001", "A1F4C2B0-0000-4000-8000-000000000002"
S_KP, S_CODES, S_EMPTY, S_SAME_NAME, S_BOTH = (
    f"5E7000{i:02d}-1D45-4CE1-B551-586A9CD14F09" for i in range(5))
CODE = "C6C1BE73-B4F4-4C2D-91F1-90B73BFC5C25"
NOTE = "F1592482-E8FF-4086-B116-32183BD1341C"


def _old(path: Path, version: int, refi_sets: object, *, existing_set: bool = False) -> None:
    """A project file at ``version`` holding two documents and meta 'refi_sets' as an import
    before the sets table wrote it."""
    con = sqlite3.connect(str(path), isolation_level=None)
    for script in MIGRATIONS[:version]:
        for statement in _statements(script):
            con.execute(statement)
    con.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    con.execute(f"PRAGMA user_version = {version}")
    for i, (guid, name) in enumerate(((D1, "Interview 4"), (D2, "Interview 5")), 1):
        con.execute("INSERT INTO documents (guid, name, sha256, imported, length, text) "
                    "VALUES (?, ?, '', '', 5, 'hello')", (guid, name))
        con.execute("INSERT INTO document_sources VALUES (?, '', CAST('hello' AS BLOB))", (i,))
    if existing_set:  # made in this project after the sets table came
        con.execute("INSERT INTO document_sets (guid, name, ord) VALUES ('OURS', 'Quetta', 0)")
        con.execute("INSERT INTO document_set_members VALUES (1, 2)")
    value = refi_sets if isinstance(refi_sets, str) else json.dumps(refi_sets)
    con.execute("INSERT INTO meta VALUES ('refi_sets', ?)", (value,))
    con.close()


def _entry(guid: str, name: str, sources=(), codes=(), notes=(), description: str = "") -> dict:
    return {"guid": guid, "name": name, "description": description, "sources": list(sources),
            "codes": list(codes), "notes": list(notes)}


def _state(p: Project) -> tuple[dict[str, tuple[str, str, list[str]]], object]:
    docs = {d.id: d.name for d in p.documents.all()}
    sets = {s.name: (s.guid, s.description, sorted(docs[d] for d in p.sets.members(s.id)))
            for s in p.sets.all()}
    meta = p.db.one("SELECT value FROM meta WHERE key = 'refi_sets'")
    return sets, json.loads(meta[0]) if meta else None


@pytest.mark.parametrize("version", [7, 9])
def test_sets_kept_in_meta_become_document_sets(tmp_path, version):
    path = tmp_path / "old.gwot"
    _old(path, version, [
        _entry(S_KP, "Khyber Pakhtunkhwa", [D1, "{" + D2.lower() + "}"], description="two"),
        _entry(S_CODES, "Security codes", codes=[CODE]),            # ATLAS.ti's code group
        _entry(S_EMPTY, ""),                                         # an empty set, unnamed
        _entry(S_BOTH, "Mixed", [D2], codes=[CODE], notes=[NOTE]),  # sources and codes
        "not an object", {"guid": S_SAME_NAME, "name": "Gone", "sources": [
            "B0000000-0000-4000-8000-00000000000F"]},                # a document since removed
    ])
    with Project.open(path) as p:
        assert p.db.version == SCHEMA_VERSION
        sets, meta = _state(p)
    assert sets == {
        "Khyber Pakhtunkhwa": (S_KP, "two", ["Interview 4", "Interview 5"]),
        f"Set {S_EMPTY[:8]}": (S_EMPTY, "", []),
        "Mixed": (S_BOTH, "", ["Interview 5"]),
        "Gone": (S_SAME_NAME, "", [])}
    # what the sets table cannot hold stays for export, without the sources it now holds
    assert meta == [{k: v for k, v in e.items() if k != "sources"} for e in (
        _entry(S_CODES, "Security codes", codes=[CODE]),
        _entry(S_BOTH, "Mixed", codes=[CODE], notes=[NOTE]))]


def test_a_set_of_the_same_name_gains_the_members_and_nothing_is_doubled_on_export(tmp_path):
    path = tmp_path / "old.gwot"
    _old(path, 9, [_entry(S_SAME_NAME, "quetta", [D1]), _entry(S_BOTH, "Mixed", [D2],
                                                                  codes=[CODE])],
         existing_set=True)
    with Project.open(path) as p:
        sets, meta = _state(p)
        assert sets["Quetta"] == ("OURS", "", ["Interview 4", "Interview 5"])
        assert sets["Mixed"] == (S_BOTH, "", ["Interview 5"])
        assert meta == [{"guid": S_BOTH, "name": "Mixed", "description": "", "codes": [CODE],
                         "notes": []}]
        export_qdpx(p, tmp_path / "out.qdpx")
    with zipfile.ZipFile(tmp_path / "out.qdpx") as zf:
        root = etree.fromstring(zf.read("project.qde"))
    ns = {"q": "urn:QDA-XML:project:1.0"}
    written = {s.get("name"): ([m.get("targetGUID") for m in s.iterfind("q:MemberSource", ns)],
                               [m.get("targetGUID") for m in s.iterfind("q:MemberCode", ns)])
               for s in root.iterfind("q:Sets/q:Set", ns)}
    assert written == {"Quetta": ([D1, D2], []), "Mixed": ([D2], [CODE])}


@pytest.mark.parametrize("value", ["not json", '{"guid": "x"}', "[]"])
def test_meta_that_is_not_a_list_of_sets_is_left_alone_or_dropped_when_empty(tmp_path, value):
    path = tmp_path / "old.gwot"
    _old(path, 9, value)
    with Project.open(path) as p:
        sets, meta_row = p.sets.all(), p.db.one("SELECT value FROM meta WHERE key = 'refi_sets'")
    assert sets == []
    assert (meta_row[0] if meta_row else None) == (None if value == "[]" else value)


def test_a_new_project_has_no_refi_sets_meta(empty_project):
    assert empty_project.db.one("SELECT value FROM meta WHERE key = 'refi_sets'") is None
