"""The command line: the scripting contract of GWOT Reader, and the GUI launcher."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from pathlib import Path

from gwot_reader import __version__
from gwot_reader.cli.common import Parser, UsageError
from gwot_reader.core.errors import GwotError
from gwot_reader.core.textnorm import require_utf8

# Each module (gwot_reader.cli.NAME) adds its commands with ``register(subparsers)``; each
# command's handler is its ``func`` default. A new group of commands is a new module and one
# entry in this list. They are imported when the parser is built: opening the window needs none.
COMMAND_MODULES = ["basic", "analysis", "backup", "teams", "docs", "exchange"]

__all__ = ["COMMAND_MODULES", "UsageError", "build_parser", "gui_main", "main"]


def build_parser() -> argparse.ArgumentParser:
    p = Parser(prog="gwot-reader", description="Read, code and export the GWOT corpus. "
                "With no command, opens the reader window.")
    p.add_argument("--version", action="version", version=f"gwot-reader {__version__}")
    p.add_argument("--screenshot", metavar="OUT.png",
                   help="render the main window offscreen to a PNG and exit")
    sub = p.add_subparsers(dest="command", parser_class=Parser, metavar="COMMAND")

    s = sub.add_parser("open", help="open the reader window on a project (default: your project)")
    s.add_argument("project", nargs="?", metavar="PROJECT")
    s.add_argument("--screenshot", metavar="OUT.png", default=argparse.SUPPRESS,
                   help="render the main window offscreen to a PNG and exit")
    for name in COMMAND_MODULES:
        importlib.import_module(f"gwot_reader.cli.{name}").register(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    for stream in (sys.stdout, sys.stderr):
        # A console that cannot show a character (a name with an emoji on a Windows code page)
        # gets an escape for it rather than a traceback.
        reconfigure = getattr(stream, "reconfigure", None)  # not on every stand-in stream
        try:
            if reconfigure is not None:
                reconfigure(errors="backslashreplace")
        except ValueError:
            pass
    args = None
    try:
        window = gui_arguments(argv)
        if window is not None:  # the window alone: no parser of every command to build
            return _gui(*window)
        parser = build_parser()  # once: building it costs 25 ms of every start
        args = parser.parse_args(_default_to_open(argv, _command_names(parser)))
        if args.command in (None, "open"):
            return _gui(getattr(args, "project", None), args.screenshot)
        check_text_arguments(args)
        try:
            return int(args.func(args))
        except Exception as exc:
            # SQLite's own errors (a damaged page, a full disk) as one sentence
            from gwot_reader.store import as_user_error

            plain = as_user_error(exc, getattr(args, "project", None))
            if plain is None:
                raise
            raise plain from exc
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


# Arguments that are file names may hold any bytes (Python keeps undecodable ones as lone
# surrogates and gives them back to the system as they were); the others are stored as text.
PATH_ARGUMENTS = {"project", "files", "file", "output", "screenshot"}


def check_text_arguments(args: argparse.Namespace) -> None:
    """Refuse text options (``--memo``, ``--coder``, names) that are not valid UTF-8: stored,
    they would fail half-way or come back garbled."""
    for key, value in vars(args).items():
        if key in PATH_ARGUMENTS or not isinstance(value, str):
            continue
        require_utf8(value, f"--{key.replace('_', '-')}")


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush does not fail again."""
    try:
        fd = os.open(os.devnull, os.O_WRONLY)
        os.dup2(fd, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # stdout replaced (tests) or already closed
        pass


def _default_to_open(argv: list[str], commands: list[str]) -> list[str]:
    """``gwot-reader [--screenshot OUT] PROJECT.gwot`` means ``open``."""
    rest = list(argv)
    i = 0
    while i < len(rest) and rest[i].startswith("-"):
        i += 2 if rest[i] == "--screenshot" else 1
    if i < len(rest) and rest[i] not in set(commands) and rest[i].endswith(".gwot"):
        rest.insert(i, "open")
    return rest


def gui_arguments(argv: list[str]) -> tuple[str | None, str | None] | None:
    """(project, screenshot) when ``argv`` only opens the window, in the forms the parser
    reads that way: ``[--screenshot OUT] [open] [PROJECT]`` (without ``open``, a project is a
    ``.gwot`` file); None for anything else, which the parser then reads."""
    rest, screenshot = list(argv), None
    if len(rest) >= 2 and rest[0] == "--screenshot" and not rest[1].startswith("-"):
        screenshot, rest = rest[1], rest[2:]
    explicit = rest[:1] == ["open"]
    rest = rest[1:] if explicit else rest
    if not rest:
        return None, screenshot
    if len(rest) == 1 and not rest[0].startswith("-") and (explicit or rest[0].endswith(".gwot")):
        return rest[0], screenshot
    return None


def _command_names(parser: argparse.ArgumentParser) -> list[str]:
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return list(sub.choices)


def _gui(project: str | None, screenshot: str | None) -> int:
    from gwot_reader.ui.app import run

    return run(Path(project) if project else None, screenshot=screenshot)


def gui_main() -> int:
    return main([])
