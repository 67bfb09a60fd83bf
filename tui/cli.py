"""Command line: ``briefing [PATH...]`` opens the reader; sub-commands script the core.

Each feature registers its own sub-commands from its ``commands`` module, so
this file stays a table of contents.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from pathlib import Path

from tui import __version__

# Modules with a ``register(subparsers)`` function adding their sub-commands.
COMMAND_MODULES = [
    "tui.config.commands",
    "tui.model.commands",
    "tui.analysis.commands",
    "tui.annotations.commands",
    "tui.search.commands",
    "tui.serve.commands",
]

SUBCOMMANDS_HELP = "sub-commands (run 'briefing COMMAND --help')"


class IntermixedParser(argparse.ArgumentParser):
    """Options may follow positionals: ``briefing search minister --limit 1 PATH``.

    A parser without sub-commands parses intermixed; one with sub-commands
    (which ``parse_intermixed_args`` does not support) parses as usual and
    hands the rest to the sub-command's parser.
    """

    _intermixing = False

    def parse_known_args(self, args=None, namespace=None):  # type: ignore[override]
        if self._intermixing or self._subparsers is not None:
            return super().parse_known_args(args, namespace)
        self._intermixing = True
        try:
            return self.parse_known_intermixed_args(args, namespace)
        finally:
            self._intermixing = False


def build_parser() -> argparse.ArgumentParser:
    parser = IntermixedParser(
        prog="briefing",
        description="A terminal reader for geopolitical briefings.",
        epilog="With no command, opens the reader on PATHs (default: the bundled briefings).",
    )
    parser.add_argument("--version", action="version", version=f"briefing {__version__}")
    parser.add_argument("--data-dir", type=Path, help="keep config, data and cache in this folder")
    subparsers = parser.add_subparsers(dest="command", title=SUBCOMMANDS_HELP, metavar="COMMAND")
    read = subparsers.add_parser("read", help="open the reader (the default)")
    add_reader_arguments(read)
    read.set_defaults(func=run_reader)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def add_reader_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="files or folders")
    parser.add_argument("--theme", help="colour theme (see themes/)")


def run_reader(args: argparse.Namespace) -> int:
    from tui.ui.app import run_app

    return run_app(args)


def main(argv: Sequence[str] | None = None) -> int:
    from tui import console

    console.install()  # every sub-command's output is sanitised; the reader gets the terminal back
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    if not argv or not _names_command(parser, argv):
        argv = ["read", *argv]
    argv = _attach_free_text(parser, argv)
    args = parser.parse_args(argv)
    if args.func is run_reader:
        console.uninstall()
    if args.data_dir is not None:
        import os

        os.environ["BRIEFING_HOME"] = str(args.data_dir)
    try:
        return args.func(args)
    except BrokenPipeError:  # e.g. `briefing cat x | head`
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        return 130


# Options whose value is free text: "--quote -2+3" is a quote, not an option.
FREE_TEXT_OPTIONS = ("--quote", "--note", "--tag")


def _attach_free_text(parser: argparse.ArgumentParser, argv: list[str]) -> list[str]:
    """Join a free-text option to a value that starts with "-" ("--quote=-2+3")."""
    known = _option_strings(parser)
    result: list[str] = []
    words = iter(argv)
    for word in words:
        if word == "--":
            result.append(word)
            result.extend(words)
            break
        if word in FREE_TEXT_OPTIONS:
            value = next(words, None)
            if value is None:
                result.append(word)
            elif value.startswith("-") and value not in known:
                result.append(f"{word}={value}")
            else:
                result.extend((word, value))
            continue
        result.append(word)
    return result


def _option_strings(parser: argparse.ArgumentParser) -> set[str]:
    found: set[str] = set()
    for action in parser._actions:
        found.update(action.option_strings)
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                found |= _option_strings(sub)
    return found


def _names_command(parser: argparse.ArgumentParser, argv: list[str]) -> bool:
    """True when the first non-option word is a sub-command (or help/version is asked)."""
    commands = _subcommand_names(parser)
    words = iter(argv)
    for word in words:
        if word in ("-h", "--help", "--version"):
            return True
        if word == "--data-dir":
            next(words, None)
        elif not word.startswith("-"):
            return word in commands
    return False


def _subcommand_names(parser: argparse.ArgumentParser) -> set[str]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return set(action.choices)
    return set()
