"""Every coded segment as one self-contained HTML page: by code, then by document."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime
from html import escape
from pathlib import Path
from typing import Any

from gwot_reader import __version__
from gwot_reader.core.words import plural
from gwot_reader.exchange.csvio import atomic_write
from gwot_reader.exchange.report_html import _CSS, _anchor, _swatch
from gwot_reader.exchange.segments_csv import segment_rows
from gwot_reader.store import Project

CONTEXT = 120  # characters of context shown on each side of a segment
_MORE_CSS = """
.seg { margin: .6rem 0 .9rem 1.2rem; white-space: pre-wrap; }
.seg mark { background: #fff3b0; padding: 0 .1em; }
.ctx { color: #777; }
.where { display: block; font: 12px/1.3 'Helvetica Neue', Arial, sans-serif; color: #555; }
ol.codings li { margin-bottom: .4rem; }
"""


def segments_html(project: Project, *, title: str | None = None) -> str:
    tree = project.codebook.tree()
    docs = project.documents.all()
    rows = list(segment_rows(project, context=CONTEXT))
    by_code: dict[str, list[list[Any]]] = defaultdict(list)
    by_doc: dict[str, list[list[Any]]] = defaultdict(list)
    for r in rows:
        by_code[str(r[4])].append(r)
        by_doc[str(r[1])].append(r)
    title = title or f"Coded segments: {project.path.stem}"
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    out = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
           f"<title>{escape(title)}</title>", f"<style>{_CSS}{_MORE_CSS}</style>", "</head>",
           "<body>", f"<h1>{escape(title)}</h1>",
           f'<p class="meta">{plural(len(rows), "segment")} in {plural(len(docs), "document")}. '
           f"Generated {stamp} by GWOT Reader {escape(__version__)}.</p>", "<h2>By code</h2>"]
    for code in tree:
        path = tree.path(code.id)
        segs = by_code.get(path, [])
        if code.is_category and not segs:
            out.append(f'<h3 id="{_anchor(code)}">{_swatch(code)}{escape(path)}</h3>')
            continue
        out += [f'<section class="code" id="{_anchor(code)}">',
                f"<h3>{_swatch(code)}{escape(path)}</h3>",
                f'<p class="meta">{plural(len(segs), "segment")}.</p>']
        if code.definition:
            out.append(f"<dl><dt>Definition</dt><dd>{escape(code.definition)}</dd></dl>")
        for r in segs:
            out.append(_segment(r, f"{r[1]}, characters {r[5]}–{r[6]}, {r[10]}"))
        out.append("</section>")
    out.append("<h2>By document</h2>")
    for d in docs:
        segs = by_doc.get(d.name, [])
        out += [f"<h3>{escape(d.name)}</h3>", f'<p class="meta">{plural(len(segs), "coding")}.</p>']
        if segs:
            out.append('<ol class="codings">')
            out += [f"<li>{_segment(r, f'{r[4]}, characters {r[5]}–{r[6]}, {r[10]}')}</li>"
                    for r in segs]
            out.append("</ol>")
    out += ["</body>", "</html>", ""]
    return "\n".join(out)


def _segment(r: list[Any], where: str) -> str:
    memo = f"<br><em>Memo:</em> {escape(r[11])}" if r[11] else ""
    return (f'<div class="seg"><span class="ctx">…{escape(r[8])}</span><mark>{escape(r[7])}</mark>'
            f'<span class="ctx">{escape(r[9])}…</span><span class="where">{escape(where)}'
            f"{memo}</span></div>")


def export_segments_html(project: Project, path: str | Path) -> int:
    """Write the report; returns the number of segments in it."""
    html = segments_html(project)
    with atomic_write(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(html)
    return project.codings.count()
