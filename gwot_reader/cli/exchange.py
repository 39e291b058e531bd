"""Exchange commands beyond import and export: codings from a coded-segments spreadsheet."""

from __future__ import annotations

import argparse

from gwot_reader.cli.common import open_project, print_merge


def cmd_import_codings(args: argparse.Namespace) -> int:
    from gwot_reader.exchange.codings_csv import import_codings_csv

    with open_project(args.project) as project:
        print_merge(import_codings_csv(project, args.file))
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    s = sub.add_parser("import-codings", help="add codings from a coded-segments CSV exported by "
                       "another copy of the project")
    s.add_argument("project", metavar="PROJECT")
    s.add_argument("file", metavar="FILE.csv")
    s.set_defaults(func=cmd_import_codings)
