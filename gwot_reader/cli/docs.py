"""Curating the corpus from the command line: doc, variables, sets and memos commands."""

from __future__ import annotations

import argparse

from gwot_reader.cli.common import Parser, csv_options, open_project
from gwot_reader.core.errors import GwotError
from gwot_reader.core.variables import Variable, format_value, parse_value
from gwot_reader.core.words import plural


def cmd_doc(args: argparse.Namespace) -> int:
    with open_project(args.project) as project:
        doc = project.documents.get(args.doc)
        if args.action == "rename":
            _, new = project.curation.edit(doc.id, name=args.to)
            print(f"renamed {doc.name!r} to {new.name!r}")
        elif args.action == "set":
            fields = {k: v for k, v in (("title", args.title), ("authors", args.authors),
                                        ("year", args.year), ("kind", args.kind),
                                        ("source_name", args.source), ("notes", args.notes))
                      if v is not None}
            if not fields:
                raise GwotError("nothing to set: give --title, --authors, --year, --kind, "
                                "--source or --notes")
            old, new = project.curation.edit(doc.id, **fields)
            for k in fields:
                print(f"{k}: {getattr(old, k)!r} -> {getattr(new, k)!r}")
        elif args.action == "edit-text":
            _edit_text(project, doc, args)
        elif args.action == "move":
            project.curation.move(doc.id, args.position - 1)
            print(f"{doc.name!r} is now document {args.position} of {len(project.documents.all())}")
        else:
            removed = project.curation.remove(doc.id)
            print(f"removed {doc.name!r} with {plural(removed.codings, 'coding')}")
    return 0


def _edit_text(project: object, doc: object, args: argparse.Namespace) -> None:
    """Replace [start, end) of the canonical text; prints what the edit did to the codings."""
    from typing import Any

    p: Any = project
    d: Any = doc
    plan = p.text_edits.plan(d.id, args.start, args.end, args.text)
    e = plan.edit
    for c, s, t in plan.changed:
        print(f"changed\t{c.guid}\t[{c.start}, {c.end}) -> [{s}, {t})")
    for c in plan.removed:
        print(f"removed\t{c.guid}\t[{c.start}, {c.end})")
    verb = "would edit" if args.dry_run else "edited"
    if not args.dry_run:
        p.text_edits.edit(d.id, args.start, args.end, args.text)
    print(f"{verb} [{e.start}, {e.end}) of {d.name!r} ({e.delta:+} characters): "
          f"{len(plan.changed)} codings changed, {len(plan.removed)} removed, {plan.moved} moved")


def cmd_variables(args: argparse.Namespace) -> int:
    from gwot_reader.exchange import variables_csv

    with open_project(args.project) as project:
        if args.action == "export":
            docs, n = variables_csv.export_variables_csv(project, args.file, bom=args.bom,
                                                         neutralise=not args.raw_cells)
            print(f"exported {n} variables of {docs} documents to {args.file}")
        elif args.action == "import":
            print(variables_csv.import_variables_csv(project, args.file).summary())
        elif args.action == "add":
            var = project.variables.add(args.name, args.type, _split(args.choices),
                                        description=args.description)
            print(f"{var.guid}\t{var.name}\t{var.type}")
        elif args.action == "set":
            doc = project.documents.get(args.doc)
            var = project.variables.get(args.var)
            old, new = project.variables.set_value(doc.id, var.id, args.value)
            print(f"{var.name} of {doc.name!r}: {format_value(old)!r} -> {format_value(new)!r}")
        else:
            table = project.variables.table()
            for v in project.variables.all():
                n = sum(v.id in row for row in table.values())
                choices = f" ({', '.join(v.choices)})" if v.choices else ""
                print(f"{v.name}\t{v.type}{choices}\t{n} documents\t{v.guid}")
    return 0


def cmd_sets(args: argparse.Namespace) -> int:
    with open_project(args.project) as project:
        docs = [project.documents.get(d).id for d in getattr(args, "doc", None) or []]
        if args.action == "list":
            names = {d.id: d.name for d in project.documents.all()}
            members = project.sets.memberships()
            for s in project.sets.all():
                print(f"{s.name}\t{len(members[s.id])} documents\t{s.guid}")
                for d in members[s.id]:
                    print(f"  {names[d]}")
        elif args.action == "add":
            found = project.sets.find(args.name)
            if found is None:
                found = project.sets.add(args.name, docs, description=args.description or "")
                print(f"created set {found.name!r} with {len(docs)} documents")
            else:
                added = project.sets.add_members(found.id, docs)
                print(f"added {len(added)} documents to {found.name!r}")
        else:
            found = project.sets.get(args.name)
            if docs:
                gone = project.sets.remove_members(found.id, docs)
                print(f"took {len(gone)} documents out of {found.name!r}")
            else:
                removed = project.sets.remove(found.id)
                print(f"removed set {found.name!r} ({len(removed.members)} documents; "
                      "the documents stay)")
    return 0


def cmd_memos(args: argparse.Namespace) -> int:
    with open_project(args.project) as project:
        if args.action == "export":
            from gwot_reader.exchange.memos_md import export_memos_markdown

            entries, memos = export_memos_markdown(project, args.file)
            print(f"exported {entries} journal entries and {memos} document memos to {args.file}")
        elif args.action == "journal":
            day = parse_value(Variable(0, "", "--date", "date"), args.date)
            entry = project.notes.add_entry(args.text, title=args.title or "",
                                            created=str(day) if day else None)
            print(f"{entry.guid}\t{entry.created[:10]}\t{entry.title}")
        else:
            doc = project.documents.get(args.doc)
            _, new = project.notes.set_document_memo(doc.id, args.text)
            print(f"memo of {doc.name!r} {'removed' if new is None else 'saved'}")
    return 0


def _split(text: str | None) -> list[str]:
    return [c for c in (text or "").split(",") if c.strip()]


def _project(p: argparse.ArgumentParser) -> None:
    p.add_argument("project", metavar="PROJECT")


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Adds the doc, variables, sets and memos commands."""
    s = sub.add_parser("doc", help="rename, correct, move or remove a document")
    acts = s.add_subparsers(dest="action", parser_class=Parser, metavar="ACTION", required=True)
    a = acts.add_parser("rename", help="give a document a new name")
    _project(a)
    a.add_argument("--doc", required=True, help="document name (as listed by stats) or GUID")
    a.add_argument("--to", required=True, metavar="NEW", help="the new name")
    a = acts.add_parser("set", help="correct a document's metadata")
    _project(a)
    a.add_argument("--doc", required=True, help="document name or GUID")
    a.add_argument("--title")
    a.add_argument("--authors", help="authors, separated by semicolons")
    a.add_argument("--year", help="a whole number; empty to clear")
    a.add_argument("--kind", help="e.g. journal article, web commentary")
    a.add_argument("--source", help="the original file name or URL")
    a.add_argument("--notes")
    a = acts.add_parser("edit-text", help="replace a span of a document's text; its codings "
                                          "move with the edit (the original file is kept)")
    _project(a)
    a.add_argument("--doc", required=True, help="document name or GUID")
    a.add_argument("--start", required=True, type=int, help="first character replaced (from 0)")
    a.add_argument("--end", required=True, type=int,
                   help="the character after the last one replaced (= --start to insert)")
    a.add_argument("--text", required=True, help="the new text (empty: delete)")
    a.add_argument("--dry-run", action="store_true", help="say what it would do, change nothing")
    a = acts.add_parser("move", help="put a document at a place in the list")
    _project(a)
    a.add_argument("--doc", required=True, help="document name or GUID")
    a.add_argument("--position", required=True, type=int, help="its place, from 1")
    a = acts.add_parser("remove", help="remove a document with its codings (says how many)")
    _project(a)
    a.add_argument("--doc", required=True, help="document name or GUID")
    s.set_defaults(func=cmd_doc)

    s = sub.add_parser("variables", help="document variables: list, add, set, CSV export/import")
    acts = s.add_subparsers(dest="action", parser_class=Parser, metavar="ACTION", required=True)
    _project(acts.add_parser("list", help="the variables, their types and how many documents "
                                          "have a value"))
    a = acts.add_parser("add", help="add a variable")
    _project(a)
    a.add_argument("name", metavar="NAME")
    a.add_argument("--type", default="text", choices=["text", "number", "date", "choice"])
    a.add_argument("--choices", help="for --type choice: the list, separated by commas")
    a.add_argument("--description", default="")
    a = acts.add_parser("set", help="set (or with an empty --value clear) a document's value")
    _project(a)
    a.add_argument("--doc", required=True, help="document name or GUID")
    a.add_argument("--var", required=True, help="variable name or GUID")
    a.add_argument("--value", required=True)
    a = acts.add_parser("export", help="write a CSV: a document column, then one per variable")
    _project(a)
    a.add_argument("file", metavar="FILE.csv")
    csv_options(a)
    a = acts.add_parser("import", help="read such a CSV: adds variables and sets values, "
                                       "reporting what changed")
    _project(a)
    a.add_argument("file", metavar="FILE.csv")
    s.set_defaults(func=cmd_variables)

    s = sub.add_parser("sets", help="named document sets: list, add to, remove")
    acts = s.add_subparsers(dest="action", parser_class=Parser, metavar="ACTION", required=True)
    _project(acts.add_parser("list", help="every set with its documents"))
    a = acts.add_parser("add", help="create a set (if new) and put documents in it")
    _project(a)
    a.add_argument("name", metavar="SET")
    a.add_argument("--doc", action="append", help="a document name or GUID (repeatable)")
    a.add_argument("--description")
    a = acts.add_parser("remove", help="take documents out of a set, or with no --doc remove "
                                       "the set (never the documents)")
    _project(a)
    a.add_argument("name", metavar="SET")
    a.add_argument("--doc", action="append", help="a document name or GUID (repeatable)")
    s.set_defaults(func=cmd_sets)

    s = sub.add_parser("memos", help="the project journal and document memos")
    acts = s.add_subparsers(dest="action", parser_class=Parser, metavar="ACTION", required=True)
    a = acts.add_parser("export", help="write the journal and document memos as Markdown")
    _project(a)
    a.add_argument("file", metavar="FILE.md")
    a = acts.add_parser("journal", help="add a journal entry")
    _project(a)
    a.add_argument("--text", required=True)
    a.add_argument("--title")
    a.add_argument("--date", help="the entry's date (YYYY-MM-DD); default now")
    a = acts.add_parser("doc", help="write a document's memo (empty text removes it)")
    _project(a)
    a.add_argument("--doc", required=True, help="document name or GUID")
    a.add_argument("--text", required=True)
    s.set_defaults(func=cmd_memos)
