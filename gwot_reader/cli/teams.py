"""Team commands: intercoder agreement tables and merging coders' projects."""

from __future__ import annotations

import argparse
import sys

from gwot_reader.cli.common import csv_options, open_project
from gwot_reader.core.agreement_units import UNITS
from gwot_reader.core.errors import GwotError
from gwot_reader.core.merge import PREFER
from gwot_reader.store import Project


def _codes(project: Project, refs: list[str], used: set[int]) -> list[tuple[int, str]]:
    """(id, path) of the chosen codes (a category stands for the codes below it), in tree order."""
    tree = project.codebook.tree()
    if not refs:
        return [(c.id, tree.path(c.id)) for c in tree if c.id in used and not c.is_category]
    chosen: dict[int, str] = {}
    for ref in refs:
        code = project.codebook.get(ref)
        below = [code, *tree.descendants(code.id)]
        for c in below:
            if not c.is_category:
                chosen.setdefault(c.id, tree.path(c.id))
    if not chosen:
        raise GwotError(f"{', '.join(refs)}: no codes to compare (only empty categories)")
    return list(chosen.items())


def _documents(project: Project, refs: list[str], coders: list[str]) -> list:
    if refs:
        return [project.documents.get(r) for r in refs]
    shared = set.intersection(*(project.coders.documents_coded_by(c) for c in coders))
    docs = [d for d in project.documents.all() if d.id in shared]
    if not docs:
        raise GwotError(f"no document has codings by every one of {', '.join(coders)}; "
                        "choose documents with --doc")
    return docs


def cmd_agreement(args) -> int:
    from gwot_reader.core.agreement_report import COLUMNS, UnitDoc, compute_agreement
    from gwot_reader.core.agreement_units import paragraphs
    from gwot_reader.exchange.csvio import write_csv

    coders = [c.strip() for c in args.coders.split(",") if c.strip()]
    if len(coders) < 2 or len(set(coders)) != len(coders):
        raise GwotError("--coders needs two or more different coder names, separated by commas")
    with open_project(args.project) as project:
        known = set(project.coders.names())
        for c in coders:
            if c not in known:
                raise GwotError(f"coder {c!r} has no codings in this project "
                                f"(coders: {', '.join(sorted(known)) or 'none'})")
        docs = _documents(project, args.doc, coders)
        rows = project.coders.spans(coders)
        used = {code_id for _, code_id, _, _, _ in rows}
        codes = _codes(project, args.code, used)
        if args.across and len(codes) < 2:
            raise GwotError("--across needs two or more codes (give them with --code)")
        units = [UnitDoc(d.id, d.name, d.length,
                         tuple(paragraphs(project.documents.text(d.id))) if args.unit == "paragraph"
                         else ()) for d in docs]
    result = compute_agreement(coders, units, codes, rows, args.unit, args.across)
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
    from gwot_reader.store.merge import merge_projects

    with open_project(args.target, args.coder) as project:
        plans = merge_projects(project, args.sources, prefer=args.prefer, dry_run=args.dry_run)
    for path, plan in plans:
        print(f"{path}: {plan.summary()}")
        for line in plan.details():
            print(f"  {line}")
    if args.dry_run:
        print("dry run: nothing was changed")
    return 0


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
                        "differs are always both kept")
    s.add_argument("--coder", help="who merges, for the history (default: $GWOT_CODER, then the "
                   "reader's settings, then your login name)")
    s.set_defaults(func=cmd_merge)


__all__ = ["register"]
