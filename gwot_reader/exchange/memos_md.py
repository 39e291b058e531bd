"""Memos as one Markdown file: the project journal, then each document's memo."""

from __future__ import annotations

from pathlib import Path

from gwot_reader.core.model import Memo
from gwot_reader.exchange.csvio import atomic_write
from gwot_reader.store import Project


def _day(stamp: str) -> str:
    return stamp[:10]


def _byline(m: Memo) -> str:
    parts = [m.coder or "unknown author", f"written {_day(m.created)}"]
    if _day(m.modified) != _day(m.created):
        parts.append(f"changed {_day(m.modified)}")
    return "*" + ", ".join(parts) + "*"


def _body(text: str) -> str:
    # A memo line that starts like a heading would break the file's outline: indent it.
    return "\n".join("\\" + line if line.lstrip().startswith("#") else line
                     for line in text.strip().splitlines())


def memos_markdown(project: Project) -> str:
    name = project.properties.get().name
    out = [f"# Memos: {name}", ""]
    journal = project.notes.journal()
    out += ["## Journal", ""]
    if not journal:
        out += ["(no entries)", ""]
    for e in journal:
        title = f"{_day(e.created)}: {e.title}" if e.title else _day(e.created)
        out += [f"### {title}", "", _byline(e), "", _body(e.text), ""]
    memos = project.notes.document_memos()
    out += ["## Document memos", ""]
    if not memos:
        out += ["(none)", ""]
    for doc in project.documents.all():
        m = memos.get(doc.id)
        if m is not None:
            heading = doc.name if not doc.title or doc.title == doc.name else (
                f"{doc.name} ({doc.title})")
            out += [f"### {heading}", "", _byline(m), "", _body(m.text), ""]
    return "\n".join(out).rstrip() + "\n"


def export_memos_markdown(project: Project, path: str | Path) -> tuple[int, int]:
    """Write the journal and the document memos; returns (journal entries, document memos)."""
    text = memos_markdown(project)
    with atomic_write(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)
    return len(project.notes.journal()), len(project.notes.document_memos())
