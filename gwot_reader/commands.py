"""What each command-line command does, over the store and exchange layers."""

from __future__ import annotations

import sys
from pathlib import Path

from gwot_reader.core.errors import GwotError
from gwot_reader.store import Project


def _open(path: str) -> Project:
    p = Path(path)
    if not p.exists():
        raise GwotError(f"no project file at {p} (create one with: gwot-reader new {p})")
    return Project.open(p)


def cmd_new(args) -> int:
    from gwot_reader.exchange.newproject import create_project

    project = create_project(args.project, empty=args.empty)
    s = project.stats()
    project.close()
    print(f"created {args.project}: {s['documents']} documents, {s['codes']} codes")
    return 0


def cmd_import(args) -> int:
    from gwot_reader.exchange.formats.pdf import PasswordRequired, WrongPassword
    from gwot_reader.exchange.textimport import import_files

    with _open(args.project) as project:
        try:
            docs, warnings = import_files(project, args.files, password=args.password)
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
    from gwot_reader.exchange import codebook_csv

    ext = Path(args.file).suffix.lower()
    with _open(args.project) as project:
        if ext == ".qdc":
            from gwot_reader.exchange import refi_codebook

            if args.action == "export":
                n = refi_codebook.export_qdc(project, args.file)
                print(f"exported {n} codes to {args.file}")
            else:
                _print_merge(refi_codebook.import_qdc(project, args.file))
            return 0
        if ext not in (".csv", ".tsv", ".txt"):
            raise GwotError(f"cannot tell the codebook format of {args.file!r}: use .csv or .qdc")
        if args.action == "export":
            n = codebook_csv.export_codebook_csv(project, args.file, bom=args.bom,
                                                 neutralise=not args.raw_cells)
            print(f"exported {n} codes to {args.file}")
        else:
            _print_merge(codebook_csv.import_codebook_csv(project, args.file))
    return 0


def _print_merge(report) -> None:
    print(report.summary())
    for line in report.details():
        print(f"  {line}")


def cmd_code(args) -> int:
    with _open(args.project) as project:
        doc = project.document(args.doc)
        code = project.code(args.code)
        coding = project.add_coding(doc.id, code.id, args.start, args.end,
                                    coder=args.coder, memo=args.memo)
    print(coding.guid)
    return 0


def cmd_uncode(args) -> int:
    with _open(args.project) as project:
        coding = project.remove_coding(project.coding(args.coding).id)
    print(f"removed {coding.guid}")
    return 0


def cmd_export(args) -> int:
    with _open(args.project) as project:
        if args.format == "segments-csv":
            from gwot_reader.exchange.segments_csv import export_segments_csv

            n = export_segments_csv(project, args.output, bom=args.bom,
                                    neutralise=not args.raw_cells)
            what = "coded segments"
        elif args.format == "codebook-html":
            from gwot_reader.exchange.report_html import export_codebook_html

            n = export_codebook_html(project, args.output)
            what = "codes (HTML codebook report)"
        else:
            from gwot_reader.exchange.codebook_csv import export_codebook_csv

            n = export_codebook_csv(project, args.output, bom=args.bom,
                                    neutralise=not args.raw_cells)
            what = "codes"
    print(f"exported {n} {what} to {args.output}")
    return 0


def cmd_stats(args) -> int:
    with _open(args.project) as project:
        s = project.stats()
        tree = project.codebook()
        counts = project.coding_counts()
        print(f"{s['documents']} documents, {s['codes']} codes in {s['categories']} categories, "
              f"{s['codings']} codings by {s['coders']} coders")
        print("\nDocuments (name, GUID, characters, codings):")
        per_doc = project.coding_counts_by_document()
        for d in project.documents():
            print(f"  {d.name}\t{d.guid}\t{d.length}\t{per_doc.get(d.id, 0)}")
        print("\nCodings per code (path, codings, documents):")
        for c in tree:
            n, nd = counts.get(c.id, (0, 0))
            indent = "  " * (tree.depth(c.id) + 1)
            label = f"{c.name}/" if c.is_category else c.name
            print(f"{indent}{label}\t{n}\t{nd}" if not c.is_category else f"{indent}{label}")
    return 0
