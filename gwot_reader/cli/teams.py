"""Team commands: intercoder agreement tables and merging coders' projects."""

from __future__ import annotations

import argparse
import sys

from gwot_reader.cli.common import csv_options, open_project
from gwot_reader.core.agreement_units import UNITS
from gwot_reader.core.errors import GwotError
from gwot_reader.core.merge import CHOICES, PREFER


def cmd_agreement(args) -> int:
    # loaded when used: the command line's start-up does not import the agreement code
    from gwot_reader.core.agreement_report import COLUMNS
    from gwot_reader.exchange.csvio import write_csv
    from gwot_reader.exchange.teamwork import agreement

    with open_project(args.project) as project:
        run = agreement(project, args.coders.split(","), args.code, args.doc, args.unit, args.across)
    result = run.result
    # numbers stay numbers (a negative kappa is not a formula); names are neutralised
    write_csv(args.output, list(COLUMNS),
              ([r.code, r.document, r.coders, r.unit, r.n_units, _round(r.percent_agreement, 2),
                _round(r.cohen_kappa, 4), _round(r.krippendorff_alpha, 4)] for r in result.rows),
              bom=args.bom, neutralise=not args.raw_cells)
    for coder, doc, n in result.double_coded:
        print(f"note: {coder} applied two codes of the set to {n} {args.unit}"
              f"{'s' if n != 1 else ''} of {doc}; they count as missing values", file=sys.stderr)
    overall = result.rows[-1]
    print(f"wrote {len(result.rows)} rows to {args.output}; overall: "
          f"{_num(overall.percent_agreement, 2) or '-'}% agreement, "
          f"kappa {_num(overall.cohen_kappa, 4) or '-'}, alpha {_num(overall.krippendorff_alpha, 4) or '-'} "
          f"over {overall.n_units} {args.unit}s")
    return 0


def cmd_merge(args) -> int:
    from gwot_reader.exchange.teamwork import merge_files

    choices = dict(_resolution(r) for r in args.resolve)
    with open_project(args.target, args.coder) as project:
        plans = merge_files(project, args.sources, prefer=args.prefer, dry_run=args.dry_run,
                            choices=choices)
    for path, plan in plans:
        print(f"{path}: {plan.summary()}")
        for line in plan.details():
            print(f"  {line}")
    if args.dry_run:
        print("dry run: nothing was changed")
    return 0


def _resolution(text: str) -> tuple[str, str]:
    key, sep, choice = text.rpartition("=")
    if not sep or not key.strip() or choice.strip() not in CHOICES:
        raise GwotError(f"--resolve {text}: write GUID={'|'.join(CHOICES)} (GUID as the report "
                        "prints it in brackets)")
    return key.strip(), choice.strip()


def _round(x: float | None, places: int) -> float | str:
    return "" if x is None else round(x, places)


def _num(x: float | None, places: int) -> str:
    return "" if x is None else f"{x:.{places}f}"


def register(sub: argparse._SubParsersAction) -> None:
    """Adds the team commands to the command line."""
    s = sub.add_parser("agreement", help="intercoder agreement per code and document, as CSV")
    s.add_argument("project", metavar="PROJECT")
    s.add_argument("--coders", required=True, metavar="A,B[,C...]", help="coder names, comma-separated")
    s.add_argument("--code", action="append", default=[], metavar="PATH",
                   help="a code (or a category: its codes) to compare; repeatable (default: every "
                        "code the coders applied)")
    s.add_argument("--doc", action="append", default=[], metavar="NAME",
                   help="a document; repeatable (default: those every coder has coded)")
    s.add_argument("--unit", choices=UNITS, default="character",
                   help="character: every character is a unit (default); paragraph: every non-empty line")
    s.add_argument("--across", action="store_true",
                   help="the chosen codes are the categories of one variable (cu-alpha at character level)")
    s.add_argument("-o", "--output", required=True, metavar="FILE.csv")
    csv_options(s)
    s.set_defaults(func=cmd_agreement)

    s = sub.add_parser("merge", help="merge other coders' projects into a project (one transaction)")
    s.add_argument("target", metavar="TARGET")
    s.add_argument("sources", nargs="+", metavar="SOURCE")
    s.add_argument("--dry-run", action="store_true", help="report what would happen; change nothing")
    s.add_argument("--prefer", choices=PREFER, default="target",
                   help="whose version wins when a code, coding or memo differs under the same GUID "
                        "or a code was moved or renamed (default: target); documents whose text "
                        "differs are both kept unless --resolve says otherwise")
    s.add_argument("--resolve", action="append", default=[], metavar="GUID=CHOICE",
                   help="the choice for one conflict, by the GUID the report prints in brackets: "
                        "target or source for a code, coding or memo; both (default) or target "
                        "for a document whose text differs (target: its codings move onto this "
                        "project's text); repeatable")
    s.add_argument("--coder", help="who merges, for the history (default: $GWOT_CODER, then the "
                   "reader's settings, then your login name)")
    s.set_defaults(func=cmd_merge)


__all__ = ["register"]
