"""Backups from the command line: backup (with --list) and restore."""

from __future__ import annotations

import argparse
from pathlib import Path

from gwot_reader.cli.common import open_project
from gwot_reader.core.errors import GwotError
from gwot_reader.core.words import plural


def cmd_backup(args) -> int:
    from gwot_reader.store.backup import backup_now, copy_file, list_backups

    with open_project(args.project) as project:
        guid, name, path = project.guid, project.path.stem, project.path
    if args.list:
        found = list_backups(guid, name)
        for b in found:
            print(f"{b.time:%Y-%m-%d %H:%M:%S} UTC\t{b.reason}\t{b.documents} documents\t"
                  f"{b.codings} codings\t{b.path}")
        if not found:
            print(f"no backups of {path.name} yet")
        return 0
    if args.output:
        copy_file(path, Path(args.output))
        print(f"backed up {path.name} to {args.output}")
        return 0
    target = backup_now(path, "manual")
    if target is None:
        raise GwotError(f"{path.name} holds nothing to back up yet")
    print(f"backed up {path.name} to {target}")
    return 0


def cmd_restore(args) -> int:
    from gwot_reader.store.backup import restore

    docs, codings = restore(Path(args.backup), Path(args.output))
    print(f"restored {args.output}: {plural(docs, 'document')}, {plural(codings, 'coding')}")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Adds these commands to the command line."""
    s = sub.add_parser("backup", help="a consistent copy of a project (default: into its "
                       "backup folder, where the automatic backups are)")
    s.add_argument("project", metavar="PROJECT")
    s.add_argument("-o", "--output", metavar="FILE", help="write the copy to FILE (a new file)")
    s.add_argument("--list", action="store_true", help="list the project's backups")
    s.set_defaults(func=cmd_backup)

    s = sub.add_parser("restore", help="restore a backup into a new project file")
    s.add_argument("backup", metavar="BACKUP")
    s.add_argument("-o", "--output", required=True, metavar="FILE", help="the new project file")
    s.set_defaults(func=cmd_restore)
