"""Memos as one Markdown file: the project journal, then each document's memo."""

from __future__ import annotations

from html import escape
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


def memos_html(project: Project) -> str:
    """The journal and the document memos as a section of the HTML report ('' if none)."""
    journal = project.notes.journal()
    memos = project.notes.document_memos()
    if not journal and not memos:
        return ""

    def block(heading: str, m: Memo) -> str:
        paras = "".join(f"<p>{escape(p)}</p>" for p in m.text.strip().split("\n\n") if p.strip())
        return (f"<h3>{escape(heading)}</h3><p class=\"meta\">{escape(_byline(m).strip('*'))}"
                f"</p>{paras}")

    out = ['<h2 id="memos">Memos</h2>']
    if journal:
        out.append("<h3>Journal</h3>")
        out += [block(f"{_day(e.created)}: {e.title}" if e.title else _day(e.created), e)
                for e in journal]
    if memos:
        out.append("<h3>Document memos</h3>")
        out += [block(d.name, memos[d.id]) for d in project.documents.all() if d.id in memos]
    return "\n".join(out)


def export_memos_markdown(project: Project, path: str | Path) -> tuple[int, int]:
    """Write the journal and the document memos; returns (journal entries, document memos)."""
    text = memos_markdown(project)
    with atomic_write(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)
    return len(project.notes.journal()), len(project.notes.document_memos())
