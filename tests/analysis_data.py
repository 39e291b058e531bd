"""Codings the analysis tests share: two codes over the corpus by two coders, and a set."""

from __future__ import annotations

TRUST, US = "Themes/Trust deficit", "Actors/United States"


def code_two_coders(project):
    """In every document: Trust deficit on [0, 50) and [100, 150) (by ann in odd documents,
    bob in even ones) and United States on [40, 120) by ann, overlapping both; a set "First
    two" of the first two documents. Returns (documents, the Trust code, the US code)."""
    docs = project.documents.all()
    trust, us = project.codebook.get(TRUST), project.codebook.get(US)
    for i, d in enumerate(docs):
        project.codings.add_spans(trust.id, [(d.id, 0, 50), (d.id, 100, 150)],
                                  coder="ann" if i % 2 else "bob")
        project.codings.add_spans(us.id, [(d.id, 40, 120)], coder="ann")
    project.sets.add("First two", [docs[0].id, docs[1].id])
    return docs, trust, us
