"""The command line: the scripting contract of GWOT Reader, and the GUI launcher."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from gwot_reader import __version__
from gwot_reader.core.errors import GwotError

EXPORT_FORMATS = ["segments-csv", "codebook-csv", "codebook-html"]


class UsageError(GwotError):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line and exit 2, like every other bad input
        raise UsageError(f"{message} (see gwot-reader {self.prog.split()[-1]} --help)"
                         if " " in self.prog else f"{message} (see gwot-reader --help)")


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="gwot-reader", description="Read, code and export the GWOT corpus. "
                "With no command, opens the reader window.")
    p.add_argument("--version", action="version", version=f"gwot-reader {__version__}")
    p.add_argument("--screenshot", metavar="OUT.png",
                   help="render the main window offscreen to a PNG and exit")
    sub = p.add_subparsers(dest="command", parser_class=_Parser, metavar="COMMAND")

    s = sub.add_parser("open", help="open the reader window on a project (default: your project)")
    s.add_argument("project", nargs="?", metavar="PROJECT")
    s.add_argument("--screenshot", metavar="OUT.png", default=argparse.SUPPRESS,
                   help="render the main window offscreen to a PNG and exit")

    s = sub.add_parser("new", help="create a project with the bundled corpus and starter codebook")
    s.add_argument("project", metavar="PROJECT")
    s.add_argument("--empty", action="store_true", help="no documents and no codebook")

    s = sub.add_parser("import", help="import text, Markdown, PDF, DOCX, HTML or EPUB files")
    s.add_argument("project", metavar="PROJECT")
    s.add_argument("files", nargs="+", metavar="FILE")
    s.add_argument("--password", help="password of encrypted PDFs")

    s = sub.add_parser("codebook", help="import or export the codebook (CSV or REFI-QDA .qdc)")
    cb = s.add_subparsers(dest="action", parser_class=_Parser, metavar="ACTION", required=True)
    for action in ("import", "export"):
        a = cb.add_parser(action, help=f"{action} the codebook; the format comes from the extension")
        a.add_argument("project", metavar="PROJECT")
        a.add_argument("file", metavar="FILE")
        if action == "export":
            _csv_options(a)

    s = sub.add_parser("code", help="apply a code to a span; prints the new coding's GUID")
    s.add_argument("project", metavar="PROJECT")
    s.add_argument("--doc", required=True, help="document name (as listed by stats) or GUID")
    s.add_argument("--start", required=True, type=int, help="first code point (from 0)")
    s.add_argument("--end", required=True, type=int, help="code point after the last (exclusive)")
    s.add_argument("--code", required=True, help="code name, path (Themes/Trust deficit) or GUID")
    s.add_argument("--coder", help="coder name (default: your login name)")
    s.add_argument("--memo", default="", help="a memo on the coding")

    s = sub.add_parser("uncode", help="remove a coding")
    s.add_argument("project", metavar="PROJECT")
    s.add_argument("--coding", required=True, metavar="GUID")

    s = sub.add_parser("export", help="export coded segments or the codebook")
    s.add_argument("project", metavar="PROJECT")
    s.add_argument("--format", required=True, choices=EXPORT_FORMATS)
    s.add_argument("-o", "--output", required=True, metavar="FILE")
    _csv_options(s)

    s = sub.add_parser("stats", help="documents, codes and codings per code")
    s.add_argument("project", metavar="PROJECT")
    return p


def _csv_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--bom", action="store_true", help="start CSV with a BOM (for Excel)")
    p.add_argument("--raw-cells", action="store_true",
                   help="do not neutralise formula-like cells (for R and pandas)")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    for stream in (sys.stdout, sys.stderr):
        # A console that cannot show a character (a name with an emoji on a Windows code page)
        # gets an escape for it rather than a traceback.
        try:
            stream.reconfigure(errors="backslashreplace")
        except (AttributeError, ValueError):
            pass
    try:
        args = build_parser().parse_args(_default_to_open(argv))
        if args.command in (None, "open"):
            return _gui(getattr(args, "project", None), args.screenshot)
        from gwot_reader import commands

        return getattr(commands, "cmd_" + args.command)(args)
    except GwotError as exc:
        print(f"gwot-reader: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("gwot-reader: interrupted; the project is unchanged", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # Whoever read our output stopped early (``stats | head``): no message, like other tools.
        _silence_stdout()
        return 141
    except OSError as exc:
        print(f"gwot-reader: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "),
              file=sys.stderr)
        return 2


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush does not fail again."""
    try:
        fd = os.open(os.devnull, os.O_WRONLY)
        os.dup2(fd, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # stdout replaced (tests) or already closed
        pass


def _default_to_open(argv: list[str]) -> list[str]:
    """``gwot-reader [--screenshot OUT] PROJECT.gwot`` means ``open``."""
    commands = {"open", "new", "import", "codebook", "code", "uncode", "export", "stats"}
    rest = list(argv)
    i = 0
    while i < len(rest) and rest[i].startswith("-"):
        i += 2 if rest[i] == "--screenshot" else 1
    if i < len(rest) and rest[i] not in commands and rest[i].endswith(".gwot"):
        rest.insert(i, "open")
    return rest


def _gui(project: str | None, screenshot: str | None) -> int:
    from gwot_reader.ui.app import run

    return run(Path(project) if project else None, screenshot=screenshot)


def gui_main() -> int:
    return main([])
