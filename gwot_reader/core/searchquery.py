"""Corpus search queries: words, "phrases", prefix*, AND/OR/NOT, NEAR; parsed and located.

The store selects candidate documents with FTS5 (``fts5_match`` per term); ``locate`` then
finds the hits in a document's canonical text with the same folding, as exact code points.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from gwot_reader.core.errors import GwotError
from gwot_reader.core.folding import FoldedText, fold, has_no_space_script


class QueryError(GwotError):
    """A search query or coding query that cannot be parsed."""


@dataclass(frozen=True)
class Term:
    """A word, a prefix (``trust*``) or a phrase (``"trust deficit"``): one or more words."""

    words: tuple[str, ...]
    prefix: bool = False

    @property
    def substring(self) -> bool:
        """In CJK, Thai or Arabic-script text, matched anywhere inside words."""
        return any(has_no_space_script(w) for w in self.words)


@dataclass(frozen=True)
class Near:
    terms: tuple[Term, ...]
    distance: int = 10


@dataclass(frozen=True)
class BoolOp:
    op: str  # "AND", "OR", "NOT" (left and not right)
    left: Node
    right: Node


Node = Term | Near | BoolOp


@dataclass(frozen=True, slots=True)
class SearchOptions:
    regex: bool = False
    fold_case: bool = True
    fold_diacritics: bool = True
    document_ids: frozenset[int] | None = None  # None: every document

_TOKEN = re.compile(r'\s*(?:(?P<q>"(?:[^"]|"")*"?)|(?P<p>[()])|(?P<c>,)|(?P<w>[^\s()",]+))')
_WORD = re.compile(r"\w+")


def _tokens(text: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    pos = 0
    text = text.rstrip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None or m.end() == pos:  # only trailing spaces are left
            break
        kind = m.lastgroup or "w"
        value = m.group(kind)
        if kind == "q" and (len(value) < 2 or not value.endswith('"')):
            raise QueryError('a phrase is missing its closing quote (")')
        out.append((kind, value))
        pos = m.end()
    return out


class TokenCursor:
    """Reads a list of (kind, value) tokens one by one; the query parsers build on it."""

    ends_early = "the query ends too early"

    def __init__(self, toks: list[tuple[str, str]]) -> None:
        self.toks = toks
        self.i = 0

    def peek(self) -> tuple[str, str] | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def take(self) -> tuple[str, str]:
        tok = self.peek()
        if tok is None:
            raise QueryError(self.ends_early)
        self.i += 1
        return tok


class _Parser(TokenCursor):
    def __init__(self, text: str) -> None:
        super().__init__(_tokens(text))

    def keyword(self, word: str) -> bool:
        tok = self.peek()
        return tok is not None and tok[0] == "w" and tok[1] == word

    def parse(self) -> Node:
        if not self.toks:
            raise QueryError("the query is empty")
        node = self.or_()
        if self.peek() is not None:
            raise QueryError(f"unexpected {self.peek()[1]!r} in the query")  # type: ignore[index]
        return node

    def or_(self) -> Node:
        node = self.and_()
        while self.keyword("OR"):
            self.take()
            node = BoolOp("OR", node, self.and_())
        return node

    def and_(self) -> Node:
        node = self.not_()
        while True:
            tok = self.peek()
            if tok is None or tok == ("p", ")") or tok == ("w", "OR"):
                return node
            if tok == ("w", "AND"):
                self.take()
                if self.keyword("NOT"):  # "a AND NOT b" is "a NOT b"
                    self.take()
                    node = BoolOp("NOT", node, self.unary())
                    continue
            node = BoolOp("AND", node, self.not_())

    def not_(self) -> Node:
        node = self.unary()
        while self.keyword("NOT"):
            self.take()
            node = BoolOp("NOT", node, self.unary())
        return node

    def unary(self) -> Node:
        kind, value = self.take()
        if (kind, value) == ("p", "("):
            node = self.or_()
            if self.take() != ("p", ")"):
                raise QueryError("a parenthesis is not closed")
            return node
        if kind == "w" and value in ("AND", "OR", "NOT"):
            raise QueryError(f"{value} needs a word on each side")
        if kind == "w" and value == "NEAR" and self.peek() == ("p", "("):
            return self.near()
        if kind in ("p", "c"):
            raise QueryError(f"unexpected {value!r} in the query")
        return _term(kind, value)

    def near(self) -> Near:
        self.take()
        terms: list[Term] = []
        distance = 10
        while True:
            kind, value = self.take()
            if (kind, value) == ("p", ")"):
                break
            if kind == "c":
                num = self.take()[1]
                if not num.isdigit():
                    raise QueryError(f"NEAR(...) takes a number after the comma, not {num!r}")
                distance = int(num)
                if self.take() != ("p", ")"):
                    raise QueryError("NEAR(...) must end after its number")
                break
            if kind == "p":
                raise QueryError("NEAR(...) holds words and phrases only")
            terms.append(_term(kind, value))
        if len(terms) < 2:
            raise QueryError("NEAR(...) needs at least two words or phrases")
        return Near(tuple(terms), distance)


def _term(kind: str, value: str) -> Term:
    prefix = False
    if kind == "q":
        value = value[1:-1].replace('""', '"')
        if value.endswith("*"):
            value, prefix = value[:-1], True
    elif value.endswith("*"):
        value, prefix = value[:-1], True
    words = _words(value)
    if not words:
        raise QueryError(f"{value or '*'!r} holds no word to search for")
    return Term(tuple(words), prefix)


def _words(text: str) -> list[str]:
    """Words as the index sees them (letters and digits; the rest separates)."""
    return [w.replace("_", "") for w in _WORD.findall(text.replace("_", " ")) if w]


def parse_search(text: str) -> Node:
    """Parse a corpus search query; raises QueryError with a one-line reason."""
    return _Parser(text).parse()


def positive_terms(node: Node) -> list[Term | Near]:
    """The terms whose occurrences are hits (not those under NOT's right side)."""
    if isinstance(node, BoolOp):
        left = positive_terms(node.left)
        return left if node.op == "NOT" else left + positive_terms(node.right)
    return [node]


def fts5_term(term: Term) -> str:
    """One term in FTS5 syntax, quoted so no user text is read as FTS5 operators."""
    return '"' + " ".join(term.words).replace('"', '""') + '"' + (" *" if term.prefix else "")


def fts5_near(near: Near) -> str:
    return "NEAR(" + " ".join(fts5_term(t) for t in near.terms) + f", {near.distance})"


def fts5_query(node: Node) -> str | None:
    """The whole query in FTS5 syntax for the word index; None if a term needs trigrams."""
    if isinstance(node, Term):
        return None if node.substring else fts5_term(node)
    if isinstance(node, Near):
        return None if any(t.substring for t in node.terms) else fts5_near(node)
    left, right = fts5_query(node.left), fts5_query(node.right)
    if left is None or right is None:
        return None
    return f"({left}) {node.op} ({right})"


# -- locating hits in a document --------------------------------------------------------------

def term_pattern(term: Term, case: bool = True, marks: bool = True) -> re.Pattern[str]:
    """A regex over folded text matching the term as the word index does.

    The word-start check is a lookbehind placed after the first word, so the regex engine can
    still scan for the literal first (a leading lookbehind made it ten times slower).
    """
    words = [re.escape(fold(w, case, marks)) for w in term.words]
    body = words[0] + "".join(r"[\W_]+" + w for w in words[1:])
    tail = r"\w*" if term.prefix else ""
    if term.substring:
        return re.compile(body + tail)
    start = words[0] + f"(?<![^\\W_]{words[0]})"
    rest = "".join(r"[\W_]+" + w for w in words[1:])
    return re.compile(start + rest + (tail if term.prefix else r"(?![^\W_])"))


def locate(node: Node, doc: FoldedText, case: bool = True, marks: bool = True,
           ) -> list[tuple[int, int]]:
    """Hits of the query's positive terms in one document, as sorted original spans."""
    spans: set[tuple[int, int]] = set()
    for t in positive_terms(node):
        found = _near_hits(t, doc, case, marks) if isinstance(t, Near) else [
            m.span() for m in term_pattern(t, case, marks).finditer(doc.folded)]
        spans.update(doc.span(a, b) for a, b in found)
    return sorted(spans)


def matches(node: Node, doc: FoldedText, case: bool = True, marks: bool = True) -> bool:
    """Whether the document satisfies the query with this folding: the word index folds case
    and diacritics, so with either kept it only offers candidates and this decides."""
    if isinstance(node, BoolOp):
        left = matches(node.left, doc, case, marks)
        if node.op == "OR":
            return left or matches(node.right, doc, case, marks)
        if not left:
            return False
        return matches(node.right, doc, case, marks) != (node.op == "NOT")
    if isinstance(node, Near):
        return bool(_near_hits(node, doc, case, marks))
    return term_pattern(node, case, marks).search(doc.folded) is not None


def _near_hits(near: Near, doc: FoldedText, case: bool, marks: bool) -> list[tuple[int, int]]:
    """Windows where every term occurs with at most ``distance`` words between the end of the
    first and the start of the last, each window from its first term to its last."""
    word_starts = [m.start() for m in _WORD.finditer(doc.folded)]
    occ = [sorted(m.span() for m in term_pattern(t, case, marks).finditer(doc.folded))
           for t in near.terms]
    if any(not o for o in occ):
        return []
    out = []
    for k, first_list in enumerate(occ):
        for first in first_list:
            chosen = [first]
            for j, others in enumerate(occ):
                if j == k:
                    continue
                i = bisect_left(others, (first[0], -1))
                if i == len(others):
                    break
                chosen.append(others[i])
            else:
                end_of_first = bisect_left(word_starts, first[1])
                last = max(chosen, key=lambda s: s[0])
                between = bisect_left(word_starts, last[0]) - end_of_first
                if between <= near.distance:
                    out.append((min(s[0] for s in chosen), max(s[1] for s in chosen)))
    return out
