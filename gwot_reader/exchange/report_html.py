"""The codebook as one self-contained HTML page for a methods appendix."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from html import escape
from pathlib import Path

from gwot_reader import __version__
from gwot_reader.core.codebook import CodebookTree
from gwot_reader.core.model import Code, Coding, Document
from gwot_reader.core.words import plural
from gwot_reader.exchange.csvio import atomic_write
from gwot_reader.exchange.memos_md import memos_html
from gwot_reader.store import Project

_COLOUR = re.compile(r"#[0-9A-Fa-f]{3}(?:[0-9A-Fa-f]{3})?")
QUOTE_MAX = 400  # characters of an example quotation before it is shortened

_CSS = """
body { font: 15px/1.5 Georgia, 'Times New Roman', serif; color: #222; max-width: 60rem;
       margin: 2rem auto; padding: 0 1rem; }
h1, h2, h3 { font-family: 'Helvetica Neue', Arial, sans-serif; line-height: 1.2; }
h2 { border-bottom: 1px solid #ccc; padding-bottom: .2rem; margin-top: 2.5rem; }
h3 { margin: 1.8rem 0 .4rem; }
.meta { color: #555; }
.swatch { display: inline-block; width: .8em; height: .8em; border: 1px solid rgba(0, 0, 0, .25);
          border-radius: 2px; margin-right: .35em; vertical-align: baseline; }
ul.tree, ul.tree ul { list-style: none; padding-left: 1.3rem; margin: 0; }
ul.tree { padding-left: 0; }
.category > a, .category > span.name { font-weight: bold; }
.n { color: #666; font-size: .9em; }
table { border-collapse: collapse; font: 13px/1.3 'Helvetica Neue', Arial, sans-serif; }
th, td { border: 1px solid #ccc; padding: .25rem .45rem; text-align: right; }
th.name, td.name { text-align: left; }
tr.category td { background: #f3f3f3; font-weight: bold; }
td.zero { color: #bbb; }
dl { margin: 0; }
dt { font-weight: bold; font-family: 'Helvetica Neue', Arial, sans-serif; font-size: .9em;
     margin-top: .5rem; }
dd { margin: 0 0 0 1.2rem; white-space: pre-wrap; }
blockquote { margin: .3rem 0 0 1.2rem; padding: .2rem .8rem; border-left: 3px solid #bbb;
             white-space: pre-wrap; }
.source { display: block; font-size: .85em; color: #555; margin-top: .2rem; }
.path { color: #666; font-weight: normal; font-size: .85em; }
ol.docs { font-size: .9em; }
@media print { h2 { page-break-after: avoid; } section.code { page-break-inside: avoid; } }
"""


def codebook_html(project: Project, *, title: str | None = None) -> str:
    """The report as a string: summary, tree, counts table, definitions with examples."""
    tree = project.codebook.tree()
    docs = project.documents.all()
    per_doc = project.codings.counts_by_code_and_document()
    examples = project.codings.first_per_code()
    by_doc = {d.id: d for d in docs}
    sums = _subtree_sums(tree, per_doc, [d.id for d in docs])
    title = title or f"Codebook: {project.path.stem}"
    n_codes = sum(1 for c in tree if not c.is_category)
    total = sum(per_doc.values())
    coded_docs = len({d for (_, d) in per_doc if d in by_doc})
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    out = [
        "<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
        f"<title>{escape(title)}</title>", f"<style>{_CSS}</style>", "</head>", "<body>",
        f"<h1>{escape(title)}</h1>",
        f'<p class="meta">{plural(n_codes, "code")} in {plural(len(tree) - n_codes, "category")}; '
        f"{plural(total, 'coding')} in {plural(coded_docs, 'document')}"
        f"{f' (of {len(docs)})' if coded_docs != len(docs) else ''}. "
        f"Generated {stamp} by GWOT Reader {escape(__version__)}.</p>",
        "<h2>Codebook tree</h2>", _tree_html(tree, sums),
        "<h2>Codings per code and document</h2>", _table_html(tree, docs, sums),
        "<h2>Definitions</h2>",
    ]
    for code in tree:
        out.append(_code_html(tree, code, sums[code.id][0], examples.get(code.id), by_doc))
    out += [memos_html(project), "</body>", "</html>", ""]
    return "\n".join(out)


def export_codebook_html(project: Project, path: str | Path) -> int:
    """Write the report; returns the number of codes and categories in it."""
    html = codebook_html(project)
    with atomic_write(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(html)
    return len(project.codebook.tree())


def _subtree_sums(tree: CodebookTree, per_doc: dict[tuple[int, int], int],
                  doc_ids: list[int]) -> dict[int, tuple[int, list[int]]]:
    """Per code: (codings, per-document counts), a category's being the sum of its subtree."""
    sums: dict[int, tuple[int, list[int]]] = {}

    def visit(code: Code) -> list[int]:
        counts = [per_doc.get((code.id, d), 0) for d in doc_ids]
        for child in tree.children(code.id):
            if code.is_category:
                counts = [a + b for a, b in zip(counts, visit(child), strict=True)]
            else:
                visit(child)
        sums[code.id] = (sum(counts), counts)
        return counts

    for top in tree.children(None):
        visit(top)
    return sums


def _anchor(code: Code) -> str:
    return f"code-{code.guid.lower()}"


def _swatch(code: Code) -> str:
    colour = code.color if _COLOUR.fullmatch(code.color or "") else "#888888"  # no CSS injection
    return f'<span class="swatch" style="background:{colour}"></span>'


def _tree_html(tree: CodebookTree, sums: dict[int, tuple[int, list[int]]]) -> str:
    def branch(parent_id: int | None, cls: str = "") -> list[str]:
        children = tree.children(parent_id)
        if not children:
            return []
        lines = [f"<ul{cls}>"]
        for c in children:
            n = sums[c.id][0]
            lines.append(f'<li class="{"category" if c.is_category else "code"}">{_swatch(c)}'
                         f'<a href="#{_anchor(c)}">{escape(c.name)}</a> <span class="n">({n})</span>')
            lines += branch(c.id)
            lines.append("</li>")
        lines.append("</ul>")
        return lines

    return "\n".join(branch(None, ' class="tree"')) or "<p>The codebook is empty.</p>"


def _table_html(tree: CodebookTree, docs: list[Document],
                sums: dict[int, tuple[int, list[int]]]) -> str:
    if not len(tree):
        return "<p>The codebook is empty.</p>"
    head = "".join(f'<th title="{escape(d.name)}">D{i}</th>' for i, d in enumerate(docs, 1))
    lines = ["<table>", '<thead><tr><th class="name">Code</th><th>Codings</th><th>Documents</th>'
             f"{head}</tr></thead>", "<tbody>"]
    for c in tree:
        total, counts = sums[c.id]
        indent = "&nbsp;" * 4 * tree.depth(c.id)
        cells = "".join('<td class="zero">0</td>' if n == 0 else f"<td>{n}</td>" for n in counts)
        lines.append(f'<tr class="{"category" if c.is_category else "code"}"><td class="name">{indent}'
                     f"{_swatch(c)}{escape(c.name)}</td><td>{total}</td>"
                     f"<td>{sum(1 for n in counts if n)}</td>{cells}</tr>")
    lines += ["</tbody>", "</table>", '<p class="meta">Columns D1, D2, ... are the documents:</p>',
              '<ol class="docs">']
    for d in docs:
        about = ", ".join(x for x in (d.authors, str(d.year) if d.year else "", d.title) if x)
        lines.append(f"<li>{escape(d.name)}" + (f" <span class='n'>({escape(about)})</span>"
                                                  if about and about != d.name else "") + "</li>")
    lines.append("</ol>")
    return "\n".join(lines)


def _code_html(tree: CodebookTree, code: Code, n: int, example: Coding | None,
               docs: dict[int, Document]) -> str:
    kind = "Category" if code.is_category else "Code"
    parent = tree.parent(code.id)
    where = f' <span class="path">in {escape(tree.path(parent.id))}</span>' if parent else ""
    lines = [f'<section class="code" id="{_anchor(code)}">',
             f"<h3>{_swatch(code)}{escape(code.name)}{where}</h3>",
             f'<p class="meta">{kind}; {plural(n, "coding")}.</p>', "<dl>"]
    for label, value in (("Definition", code.definition), ("Use when", code.use_when),
                         ("Do not use when", code.do_not_use_when)):
        if value:
            lines.append(f"<dt>{label}</dt><dd>{escape(value)}</dd>")
    if example is not None:
        quote = example.text if len(example.text) <= QUOTE_MAX else example.text[:QUOTE_MAX] + "…"
        doc = docs.get(example.document_id)
        source = f"{doc.name if doc else 'document'}, characters {example.start}–{example.end}"
        lines.append(f"<dt>Example</dt><dd><blockquote>{escape(quote)}"
                     f'<span class="source">{escape(source)}</span></blockquote></dd>')
    elif code.example:
        lines.append(f"<dt>Example</dt><dd><blockquote>{escape(code.example)}"
                     '<span class="source">from the codebook</span></blockquote></dd>')
    lines += ["</dl>", "</section>"]
    return "\n".join(lines)
