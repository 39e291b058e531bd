"""The project as composed repositories: each owns its tables, reaches the others only through
their public methods, and every action is one transaction, one history entry, one notice."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from gwot_reader.core.errors import NotFoundError
from gwot_reader.core.model import Change
from gwot_reader.store import Project
from gwot_reader.store.base import Repository, StoreBase
from gwot_reader.store.codebook import Codebook
from gwot_reader.store.codings import Codings
from gwot_reader.store.documents import Documents
from gwot_reader.store.history import History
from gwot_reader.store.memos import Memos
from gwot_reader.store.pages import Pages

STORE = Path(__file__).resolve().parents[1] / "gwot_reader" / "store"
PARTS = {"documents": Documents, "codebook": Codebook, "codings": Codings, "pages": Pages,
         "memos": Memos, "history": History}


def test_the_project_is_composed_not_mixed_in(empty_project):
    assert Project.__mro__[1:] == (StoreBase, object)
    for name, cls in PARTS.items():
        repo = getattr(empty_project, name)
        assert type(repo) is cls and isinstance(repo, Repository)
        assert repo.project is empty_project and repo.db is empty_project.db


NAMEDTUPLE_API = {"_make", "_replace", "_asdict", "_fields", "_field_defaults"}


def _foreign_privates(path: Path) -> list[str]:
    """``x._name`` where x is not self (or self's own attribute): another object's private."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Attribute) or not node.attr.startswith("_"):
            continue
        if node.attr.startswith("__") and node.attr.endswith("__"):
            continue
        if node.attr in NAMEDTUPLE_API:
            continue  # public despite the underscore, which only keeps it apart from fields
        owner = node.value
        if isinstance(owner, ast.Name) and owner.id in ("self", "cls"):
            continue
        if isinstance(owner, ast.Call) and ast.unparse(owner.func) == "super":
            continue
        found.append(f"{path.name}:{node.lineno} {ast.unparse(node)}")
    return found


def test_no_repository_reaches_into_another():
    offences = [hit for path in sorted(STORE.glob("*.py")) for hit in _foreign_privates(path)]
    assert offences == []


# -- one action: one transaction, one history entry, one notice ---------------------------------

@pytest.fixture
def watched(corpus_project):
    notices: list[Change] = []
    corpus_project.subscribe(notices.append)
    return corpus_project, notices


def _code(p: Project) -> int:
    return next(c.id for c in p.codebook.all() if not c.is_category)


ACTIONS = {
    "documents.add": (lambda p: p.documents.add("New", "some text"), "documents"),
    "documents.update": (lambda p: p.documents.update(p.documents.all()[0].id, title="T"),
                         "documents"),
    "documents.remove": (lambda p: p.documents.remove(p.documents.all()[-1].id), "documents"),
    "codebook.add": (lambda p: p.codebook.add("Brand new"), "codebook"),
    "codebook.update": (lambda p: p.codebook.update(_code(p), color="#123456"), "codebook"),
    "codebook.move": (lambda p: p.codebook.move(_code(p), None), "codebook"),
    "codebook.delete": (lambda p: p.codebook.delete(_code(p)), "codebook"),
    "codings.add": (lambda p: p.codings.add(p.documents.all()[0].id, _code(p), 0, 9), "codings"),
    "memos.add": (lambda p: p.memos.add("a thought"), "memos"),
}


@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_each_action_is_one_history_entry_and_one_notice(watched, action):
    p, notices = watched
    do, kind = ACTIONS[action]
    before = len(p.history.all())
    do(p)
    assert len(p.history.all()) == before + 1
    assert [n.kind for n in notices] == [kind]


def test_coding_edits_notice_the_document_code_and_coding(watched):
    p, notices = watched
    doc, code = p.documents.all()[0].id, _code(p)
    c = p.codings.add(doc, code, 5, 10)
    p.codings.set_memo(c.id, "why")
    p.codings.set_span(c.id, 6, 12)
    p.codings.remove(c.id)
    p.codings.restore(c)
    assert len(notices) == 5
    for n in notices:
        assert (n.kind, n.document_ids, n.code_ids, n.coding_ids) == (
            "codings", {doc}, {code}, {c.id})
    assert [e.action for e in p.history.all(c.guid)] == ["restore", "remove", "span", "memo", "add"]


def test_row_methods_leave_history_and_notices_to_their_caller(watched):
    """repoint, set_memos, delete_rows and put change rows for another repository's action."""
    p, notices = watched
    doc, code = p.documents.all()[0].id, _code(p)
    other = next(c.id for c in p.codebook.all() if not c.is_category and c.id != code)
    a = p.codings.add(doc, code, 0, 5)
    b = p.codings.add(doc, code, 10, 15)
    notices.clear()
    before = len(p.history.all())
    with p.transaction():
        p.codings.repoint([(a.id, other, "2020-01-01T00:00:00.000Z")])
        p.codings.set_memos([(a.id, "moved", "2020-01-01T00:00:00.000Z")])
        p.codings.delete_rows([b.id])
    assert (len(p.history.all()), notices) == (before, [])
    moved = p.codings.get(a.id)
    assert (moved.code_id, moved.memo, moved.modified) == (other, "moved", "2020-01-01T00:00:00.000Z")
    assert p.codings.find(b.id) is None and not p.codings.exist(code)
    with p.transaction():
        assert p.codings.put(b) == b  # the same id, GUID and stamps
    assert p.codings.get(b.guid) == b and p.codings.exist(code)
    assert (len(p.history.all()), notices) == (before, [])


def test_a_rolled_back_action_sends_nothing_and_forgets_what_it_cached(watched):
    p, notices = watched
    with pytest.raises(RuntimeError), p.transaction():
        doc = p.documents.add("Doomed", "text that is read into the cache")
        assert p.documents.text(doc.id).startswith("text")
        raise RuntimeError("the user's action failed half-way")
    assert notices == [] and p.documents.find(doc.id) is None
    with pytest.raises(NotFoundError):
        p.documents.text(doc.id)  # not served from the cache of the undone row


# -- queries -------------------------------------------------------------------------------------

def test_codings_queries_and_counts(corpus_project):
    p = corpus_project
    docs = p.documents.all()
    a, b = [c.id for c in p.codebook.all() if not c.is_category][:2]
    c1 = p.codings.add(docs[1].id, a, 40, 50)
    c2 = p.codings.add(docs[0].id, a, 10, 20)
    c3 = p.codings.add(docs[0].id, b, 0, 30)
    assert p.codings.all() == [c3, c2, c1]  # by document, then position
    assert p.codings.all(code_id=a) == [c2, c1] and p.codings.all(document_id=docs[1].id) == [c1]
    assert p.codings.by_ids([c1.id, 999, c3.id]) == [c3, c1] and p.codings.by_ids([]) == []
    assert p.codings.of_codes([b]) == [c3] and p.codings.of_codes([]) == []
    assert p.codings.count() == 3
    assert p.codings.counts_by_code() == {a: (2, 2), b: (1, 1)}
    assert p.codings.counts_by_document() == {docs[0].id: 2, docs[1].id: 1}
    assert p.codings.counts_by_code_and_document() == {
        (a, docs[0].id): 1, (a, docs[1].id): 1, (b, docs[0].id): 1}
    assert p.codings.first_per_code() == {a: c2, b: c3}
    rows = list(p.codings.export_rows())
    assert [r[0] for r in rows] == [c3.guid, c2.guid, c1.guid]
    assert rows[0][1:8] == (docs[0].id, docs[0].name, docs[0].title, b, 0, 30, c3.text)


def test_codebook_lookup_by_id_guid_path_and_name(corpus_project):
    cb = corpus_project.codebook
    trust = cb.get("Themes/Trust deficit")
    assert cb.get(trust.id) == trust == cb.get(trust.guid.lower()) == cb.get("trust deficit")
    assert cb.find_by_guid("{" + trust.guid + "}") == trust
    assert cb.find_by_guid("Themes/Trust deficit") is None  # never by name
    assert cb.path(trust.id) == "Themes/Trust deficit" == cb.tree().path(trust.id)
    assert cb.find("no such code") is None
    with pytest.raises(NotFoundError):
        cb.get(10_000)


def test_pages_of_a_document_without_pages(corpus_project):
    p = corpus_project
    text_doc = next(d for d in p.documents.all() if d.media_type != "application/pdf")
    assert p.pages.all(text_doc.id) == [] and p.pages.starts(text_doc.id) == []
    assert p.pages.preview(text_doc.id) is None
    with pytest.raises(NotFoundError):
        p.pages.words(text_doc.id, 1)


def test_history_filters_by_entity_and_limits(corpus_project):
    p = corpus_project
    code = p.codebook.add("Watched")
    p.codebook.update(code.id, memo="one")
    p.codebook.update(code.id, memo="two")
    entries = p.history.all(code.guid)
    assert [e.action for e in entries] == ["edit", "edit", "add"]  # newest first
    assert entries[0].data == {"memo": ["one", "two"]} and entries[0].coder == p.coder
    assert p.history.all(code.guid, limit=1) == entries[:1]
    assert len(p.history.all(limit=2)) == 2
