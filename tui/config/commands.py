"""``briefing config path|show|themes``: where the settings live and what is in force."""

from __future__ import annotations

import argparse
import sys

from tui import paths


def register(subparsers: argparse._SubParsersAction) -> None:
    config = subparsers.add_parser("config", help="show the settings file and the settings in force")
    actions = config.add_subparsers(dest="config_command", metavar="ACTION")
    path = actions.add_parser("path", help="print the config file's path")
    path.set_defaults(func=run_path)
    show = actions.add_parser("show", help="print the settings in force as TOML (problems on stderr)")
    show.set_defaults(func=run_show)
    themes = actions.add_parser("themes", help="list the available themes (problems on stderr)")
    themes.set_defaults(func=run_themes)
    config.set_defaults(func=run_show)


def run_path(args: argparse.Namespace) -> int:
    from tui.config.config import config_path

    print(config_path())
    return 0


def run_show(args: argparse.Namespace) -> int:
    from tui.config.config import config_path, load_config, to_toml
    from tui.config.themes import load_themes

    config, problems = load_config()
    themes, theme_problems = load_themes()
    for problem in problems:
        level = "error" if problem.fatal else "warning"
        print(f"briefing: {level}: config {problem}", file=sys.stderr)
    for theme_problem in theme_problems:
        print(f"briefing: error: {theme_problem}", file=sys.stderr)
    theme = config.theme
    if theme is not None and theme not in themes:
        print(f"briefing: warning: config 'theme': {theme!r} is not among the theme files "
              f"({', '.join(sorted(themes))}); the reader falls back to the default "
              f"unless it is one of Textual's built-in themes", file=sys.stderr)
    source = config.source or config_path()
    print(f"# {source}{'' if config.source else ' (not present: defaults)'}")
    sys.stdout.write(to_toml(config, effective_data_dir=config.data_dir or paths.data_dir()))
    return 1 if any(problem.fatal for problem in problems) else 0


def run_themes(args: argparse.Namespace) -> int:
    from tui.config.config import DEFAULT_THEME
    from tui.config.themes import load_themes

    themes, problems = load_themes()
    for problem in problems:
        print(f"briefing: error: {problem}", file=sys.stderr)
    for name, spec in sorted(themes.items()):
        marks = " (default)" if name == DEFAULT_THEME else ""
        origin = "user" if spec.user else "bundled"
        print(f"{name}\t{origin}\t{spec.description}{marks}\t{spec.path}")
    return 1 if problems else 0
