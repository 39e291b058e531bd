"""Tooltips over highlights and stripes: the codes (as paths), coders and memos of the codings there."""

from __future__ import annotations

import html
from collections.abc import Sequence

from gwot_reader.core.model import Coding
from gwot_reader.core.spans import Span
from gwot_reader.ui.docview.codingset import CodingSet

MAX_LISTED = 12
EDGE_HINT = ("Click to select the coding, then drag the handles on its ends (or Alt-drag an "
             "edge, or an end of its stripe in the margin) to change its span")
MARGIN_HINT = "Drag an end of a stripe to change the coding's span; double-click to select it"


def tooltip_html(codings: Sequence[Coding | Span], codes: CodingSet, hint: str = EDGE_HINT) -> str:
    """``codings``: full records where they could be fetched (a span has no memo to show)."""
    lines = []
    for c in codings[:MAX_LISTED]:
        color = codes.solid(c.code_id).name()
        line = f"<span style='color:{color}'>&#9632;</span> <b>{html.escape(codes.name(c.code_id))}</b>"
        if c.coder:  # a span knows its coder too (from the span index's coder table)
            line += f" <small>by {html.escape(c.coder)}</small>"
        memo = getattr(c, "memo", "")
        if memo:
            memo = memo if len(memo) <= 200 else memo[:199] + "…"
            line += f"<br>&nbsp;&nbsp;&nbsp;<i>{html.escape(memo)}</i>"
        lines.append(line)
    if len(codings) > MAX_LISTED:
        lines.append(f"… and {len(codings) - MAX_LISTED} more")
    lines.append(f"<span style='color:#777777'><small>{html.escape(hint)}</small></span>")
    return "<br>".join(lines)


def link_html(href: str) -> str:
    return f"{html.escape(href)}<br><small>Ctrl+click to open the link</small>"
