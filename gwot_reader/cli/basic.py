"""The first commands: new, import, codebook, code, uncode, export and stats."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from gwot_reader.cli.common import Parser, csv_options, open_project, print_merge
from gwot_reader.core.errors import GwotError
from gwot_reader.core.words import plural
from gwot_reader.exchange.exporters import EXPORTERS, codebook_format


def cmd_new(args) -> int:
    from gwot_reader.exchange.newproject import create_project

    report = None
    if args.source:
        from gwot_reader.exchange.qdpx import import_qdpx

        def fill(project) -> None:
            nonlocal report
            report = import_qdpx(project, args.source)

        project = create_project(args.project, empty=True, fill=fill)
    else:
        project = create_project(args.project, empty=args.empty)
    s = project.stats()
    project.close()
    print(f"created {args.project}: {s['documents']} documents, {s['codes']} codes")
    if report is not None:
        print_merge(report)
    return 0


def cmd_import(args) -> int:
    from gwot_reader.exchange.formats.pdf import PasswordRequired, WrongPassword
    from gwot_reader.exchange.textimport import import_files

    projects = [f for f in args.files if Path(f).suffix.lower() == ".qdpx"]
    if projects:
        if len(args.files) > 1:
            raise GwotError("import a .qdpx project on its own, not with other files")
        from gwot_reader.exchange.qdpx import import_qdpx

        with open_project(args.project) as project:
            print_merge(import_qdpx(project, projects[0]))
        return 0
    with open_project(args.project) as project:
        try:
            docs, warnings = import_files(project, args.files, password=args.password,
                                          allow_duplicate=args.allow_duplicate)
        except PasswordRequired as exc:
            if isinstance(exc, WrongPassword):
                raise
            raise GwotError(f"{exc} with --password") from None
    for w in warnings:
        print(f"warning: {w}", file=sys.stderr)
    for d in docs:
        print(f"{d.guid}\t{d.name}\t{d.length} characters")
    return 0


def cmd_codebook(args) -> int:
    with open_project(args.project) as project:
        fmt = codebook_format(args.file)
        if args.action == "export":
            n = fmt.export(project, args.file, bom=args.bom, neutralise=not args.raw_cells)
            print(f"exported {n} codes to {args.file}")
        else:
            print_merge(fmt.import_(project, args.file))
    return 0


def cmd_code(args) -> int:
    with open_project(args.project, args.coder) as project:
        doc = project.documents.get(args.doc)
        code = project.codebook.get(args.code)
        coding = project.codings.add(doc.id, code.id, args.start, args.end, memo=args.memo)
    print(coding.guid)
    return 0


def cmd_uncode(args) -> int:
    with open_project(args.project) as project:
        coding = project.codings.remove(project.codings.get(args.coding).id)
    print(f"removed {coding.guid}")
    return 0


def cmd_export(args) -> int:
    fmt = EXPORTERS[args.format]
    with open_project(args.project) as project:
        n = fmt.export(project, args.output, bom=args.bom, neutralise=not args.raw_cells)
    print(f"exported {n} {fmt.counts} to {args.output}")
    return 0


def cmd_stats(args) -> int:
    with open_project(args.project) as project:
        s = project.stats()
        tree = project.codebook.tree()
        counts = project.codings.counts_by_code()
        print(f"{s['documents']} documents, {s['codes']} codes in {s['categories']} categories, "
              f"{plural(s['codings'], 'coding')} by {plural(s['coders'], 'coder')}")
        print("\nDocuments (name, GUID, characters, codings):")
        per_doc = project.codings.counts_by_document()
        for d in project.documents.all():
            print(f"  {d.name}\t{d.guid}\t{d.length}\t{per_doc.get(d.id, 0)}")
        print("\nCodings per code (path, codings, documents):")
        for c in tree:
            n, nd = counts.get(c.id, (0, 0))
            indent = "  " * (tree.depth(c.id) + 1)
            label = f"{c.name}/" if c.is_category else c.name
            print(f"{indent}{label}\t{n}\t{nd}" if not c.is_category else f"{indent}{label}")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Adds these commands to the command line."""
    s = sub.add_parser("new", help="create a project with the bundled corpus and starter codebook")
    s.add_argument("project", metavar="PROJECT")
    s.add_argument("--empty", action="store_true", help="no documents and no codebook")
    s.add_argument("--from", dest="source", metavar="FILE.qdpx",
                   help="make the project from a REFI-QDA project (NVivo, ATLAS.ti, MAXQDA, ...)")
    s.set_defaults(func=cmd_new)

    s = sub.add_parser("import", help="import text, Markdown, PDF, DOCX, ODT, HTML or EPUB files, "
                       "or a REFI-QDA project (.qdpx)")
    s.add_argument("project", metavar="PROJECT")
    s.add_argument("files", nargs="+", metavar="FILE")
    s.add_argument("--password", help="password of encrypted PDFs")
    s.add_argument("--allow-duplicate", action="store_true",
                   help="import a file even if the same file (same SHA-256) is in the project")
    s.set_defaults(func=cmd_import)

    s = sub.add_parser("codebook", help="import or export the codebook (CSV or REFI-QDA .qdc)")
    cb = s.add_subparsers(dest="action", parser_class=Parser, metavar="ACTION", required=True)
    for action in ("import", "export"):
        a = cb.add_parser(action, help=f"{action} the codebook; the format comes from the extension")
        a.add_argument("project", metavar="PROJECT")
        a.add_argument("file", metavar="FILE")
        if action == "export":
            csv_options(a)
    s.set_defaults(func=cmd_codebook)

    s = sub.add_parser("code", help="apply a code to a span; prints the new coding's GUID")
    s.add_argument("project", metavar="PROJECT")
    s.add_argument("--doc", required=True, help="document name (as listed by stats) or GUID")
    s.add_argument("--start", required=True, type=int, help="first code point (from 0)")
    s.add_argument("--end", required=True, type=int, help="code point after the last (exclusive)")
    s.add_argument("--code", required=True, help="code name, path (Themes/Trust deficit) or GUID")
    s.add_argument("--coder", help="coder name (default: $GWOT_CODER, then the name in the reader's "
                   "settings, then your login name)")
    s.add_argument("--memo", default="", help="a memo on the coding")
    s.set_defaults(func=cmd_code)

    s = sub.add_parser("uncode", help="remove a coding")
    s.add_argument("project", metavar="PROJECT")
    s.add_argument("--coding", required=True, metavar="GUID")
    s.set_defaults(func=cmd_uncode)

    s = sub.add_parser("export", help="export coded segments, the codebook or the whole project")
    s.add_argument("project", metavar="PROJECT")
    s.add_argument("--format", required=True, choices=list(EXPORTERS))
    s.add_argument("-o", "--output", required=True, metavar="FILE")
    csv_options(s)
    s.set_defaults(func=cmd_export)

    s = sub.add_parser("stats", help="documents, codes and codings per code")
    s.add_argument("project", metavar="PROJECT")
    s.set_defaults(func=cmd_stats)
