"""Analysis commands: search, autocode, query, matrix and chart."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from gwot_reader.cli.common import csv_options, open_project
from gwot_reader.core.errors import GwotError
from gwot_reader.core.words import plural

if TYPE_CHECKING:  # the search index loads for the commands that search
    from gwot_reader.core.searchquery import SearchOptions
    from gwot_reader.store import Project


def _search_options(args: argparse.Namespace, project: Project) -> SearchOptions:
    from gwot_reader.core.searchquery import SearchOptions
    from gwot_reader.exchange.analysis import document_ids
    from gwot_reader.store.search import SearchIndex

    index = SearchIndex(project.db)
    if not args.regex and not index.complete:
        n = index.pending()
        print(f"building the search index ({n} documents; once per project)", file=sys.stderr)
        index.build()
    # Diacritics are folded by default for words (as the index does) and only on request for
    # regular expressions, where folding every text first costs ten times the match itself.
    fold_marks = args.fold_diacritics if args.regex else not args.diacritic_sensitive
    return SearchOptions(regex=args.regex, fold_case=not args.case_sensitive,
                         fold_diacritics=fold_marks,
                         document_ids=document_ids(project, args.doc))


def _write(args: argparse.Namespace, header: list[str], rows: object) -> int:
    from gwot_reader.exchange.csvio import write_csv, write_csv_to

    if args.output:
        return write_csv(args.output, header, rows, bom=args.bom,  # type: ignore[arg-type]
                         neutralise=not args.raw_cells)
    return write_csv_to(sys.stdout, header, rows,  # type: ignore[arg-type]
                        neutralise=not args.raw_cells)


def cmd_search(args: argparse.Namespace) -> int:
    from gwot_reader.exchange.analysis import SEARCH_COLUMNS, search_hits, search_rows

    with open_project(args.project) as project:
        hits = search_hits(project, args.query, _search_options(args, project))
        n = _write(args, SEARCH_COLUMNS, search_rows(project, hits))
    if args.output:
        docs = len({h.document_id for h in hits})
        print(f"{plural(n, 'hit')} in {plural(docs, 'document')} written to {args.output}")
    return 0


def cmd_autocode(args: argparse.Namespace) -> int:
    from gwot_reader.exchange.analysis import autocode, search_hits

    with open_project(args.project) as project:
        code = project.codebook.get(args.code)
        hits = search_hits(project, args.query, _search_options(args, project))
        result = autocode(project, hits, code.guid, scope=args.scope,
                          coder=args.coder, dry_run=args.dry_run)
    verb = "would make" if args.dry_run else "made"
    extra = f" ({result.skipped} already coded)" if result.skipped else ""
    print(f"{verb} {result.made} codings from {len(hits)} hits{extra}")
    return 0


def cmd_query(args: argparse.Namespace) -> int:
    from gwot_reader.exchange.analysis import document_ids, query_rows, query_segments
    from gwot_reader.exchange.segments_csv import SEGMENT_COLUMNS

    with open_project(args.project) as project:
        segments = query_segments(project, args.expr, document_ids(project, args.doc),
                                  args.coder)
        n = _write(args, SEGMENT_COLUMNS, query_rows(project, args.expr, segments))
    if args.output:
        print(f"{n} segments written to {args.output}")
    return 0


def cmd_matrix(args: argparse.Namespace) -> int:
    from gwot_reader.exchange.analysis import matrix_table

    with open_project(args.project) as project:
        header, table = matrix_table(project, args.rows, args.cols, args.count)
    _write(args, header, table)
    if args.output:
        print(f"{len(table)} x {len(header) - 1} matrix of {args.count} written to {args.output}")
    return 0


def _dimension(what: str) -> Callable[[str], str]:
    """The type of ``--rows`` and ``--cols``: a dimension or a grouping of documents."""

    def check(text: str) -> str:
        if text in ("codes", "documents", "coders", "sets") or (
                text.startswith("variable:") and len(text) > len("variable:")):
            return text
        raise argparse.ArgumentTypeError(
            f"{text!r}: {what} are codes, documents, coders, sets or variable:NAME")

    return check


def cmd_chart(args: argparse.Namespace) -> int:
    from gwot_reader.exchange.charts import chart, write_table

    if Path(args.output).suffix.lower() not in (".png", ".svg"):
        raise GwotError(f"{args.output}: a chart is written as .png or .svg")
    with open_project(args.project) as project:
        picture, table = chart(project, args.kind)
    from gwot_reader.ui.chartpaint import save  # Qt only when a chart is drawn

    save(picture, args.output)
    csv_path = write_table(table, args.output)
    print(f"{args.kind} chart written to {args.output}, its table to {csv_path}")
    return 0


def _common(s: argparse.ArgumentParser, output_required: bool = False) -> None:
    s.add_argument("project", metavar="PROJECT")
    s.add_argument("-o", "--output", metavar="FILE.csv", required=output_required,
                   help="write a CSV file (default: CSV on standard output)")
    csv_options(s)


def _search_args(s: argparse.ArgumentParser) -> None:
    s.add_argument("query", metavar="QUERY",
                   help='words, "phrases", prefix*, AND, OR, NOT, NEAR(a b, 10); or a regular '
                        "expression with --regex")
    s.add_argument("--regex", action="store_true", help="QUERY is a Python regular expression")
    s.add_argument("--doc", action="append", default=[], metavar="NAME",
                   help="search only this document (name or GUID; repeat for more)")
    s.add_argument("--case-sensitive", action="store_true", help="do not fold case")
    s.add_argument("--diacritic-sensitive", action="store_true",
                   help="words: do not fold diacritics (é and e differ)")
    s.add_argument("--fold-diacritics", action="store_true",
                   help="--regex: compare without diacritics (slower)")


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Adds these commands to the command line."""
    s = sub.add_parser("search", help="find words, phrases or a regular expression in every "
                       "document; one CSV row per hit")
    _common(s)
    _search_args(s)
    s.set_defaults(func=cmd_search)

    s = sub.add_parser("autocode", help="code every search hit (or its sentence or paragraph)")
    s.add_argument("project", metavar="PROJECT")
    _search_args(s)
    s.add_argument("--code", required=True, help="code name, path or GUID")
    s.add_argument("--scope", choices=["hit", "sentence", "paragraph"], default="hit")
    s.add_argument("--coder", help="coder name (default: your login name)")
    s.add_argument("--dry-run", action="store_true", help="count, change nothing")
    s.set_defaults(func=cmd_autocode)

    s = sub.add_parser("query", help="segments a coding query selects, as the segments CSV")
    _common(s)
    s.add_argument("expr", metavar="EXPR",
                   help='e.g. \'"Themes/Trust deficit" overlaps "Actors/United States"\'')
    s.add_argument("--doc", action="append", default=[], metavar="NAME",
                   help="only this document (repeat for more)")
    s.add_argument("--coder", action="append", default=[], metavar="NAME",
                   help="only codings by this coder (repeat for more)")
    s.set_defaults(func=cmd_query)

    s = sub.add_parser("matrix", help="codes x documents, codes x codes (co-occurrence), "
                       "codes x coders ... as a CSV table")
    _common(s, output_required=True)
    s.add_argument("--rows", required=True, type=_dimension("rows"), metavar="ROWS",
                   help="codes, documents, coders, sets (document sets) or variable:NAME "
                   "(one row per value of a document variable)")
    s.add_argument("--cols", required=True, type=_dimension("columns"), metavar="COLS",
                   help="as --rows: one column per code, document, coder, set or value")
    s.add_argument("--count", choices=["codings", "documents", "characters"], default="codings")
    s.set_defaults(func=cmd_matrix)

    s = sub.add_parser("chart", help="code frequencies, co-occurrence heatmap or document "
                       "portraits as PNG (300 dpi) or SVG, with the table as CSV beside it")
    s.add_argument("project", metavar="PROJECT")
    s.add_argument("--kind", required=True, choices=["frequencies", "cooccurrence", "portrait"])
    s.add_argument("-o", "--output", required=True, metavar="FILE.png|FILE.svg")
    s.set_defaults(func=cmd_chart)

