"""Theme files: parse and check ``themes/*.toml`` (bundled and the user's). No Textual here.

A theme file is a Textual theme plus the reader's own colours::

    name = "briefing-dark"            # defaults to the file name
    dark = true
    primary = "#4f9fe6"               # required; the rest are optional
    secondary = "…"  accent = "…"  warning = "…"  error = "…"  success = "…"
    foreground = "…"  background = "…"  surface = "…"  panel = "…"  boost = "…"
    ansi = false                      # true: colours are the terminal's own (ansi_red, …)
    luminosity_spread = 0.15
    text_alpha = 0.95

    [reader]                          # the reading pane's colours (CSS variables $actor-0 …)
    actor-0 = "#ef6b73"  …  actor-7 = "…"
    issue = "…"                       # issue mentions (also underlined)
    annotation-yellow = "…"  annotation-green  annotation-blue  annotation-pink
    annotation-purple  annotation-orange      # annotation backgrounds (also underlined)
    search-hit = "…"  search-hit-current = "…"
    selection = "…"  mark = "…"  cursor = "…"

    [variables]                       # any other Textual theme variable, e.g.
    footer-key-foreground = "…"

Loading never raises: a file with problems is skipped and the problems are
returned, each naming the file.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from tui import paths

COLOUR_FIELDS = (
    "primary", "secondary", "warning", "error", "success", "accent",
    "foreground", "background", "surface", "panel", "boost",
)
BOOL_FIELDS = ("dark", "ansi")
FLOAT_FIELDS = ("luminosity_spread", "text_alpha")
TOP_LEVEL = ("name", "description", *COLOUR_FIELDS, *BOOL_FIELDS, *FLOAT_FIELDS, "reader", "variables")

ANNOTATION_COLOURS = ("yellow", "green", "blue", "pink", "purple", "orange")
READER_VARIABLES = (
    *(f"actor-{slot}" for slot in range(8)),
    "issue",
    *(f"annotation-{colour}" for colour in ANNOTATION_COLOURS),
    "search-hit",
    "search-hit-current",
    "selection",
    "mark",
    "cursor",
)

ANSI_NAMES = frozenset(
    [f"ansi_{name}" for name in ("black", "red", "green", "yellow", "blue", "magenta", "cyan", "white")]
    + [f"ansi_bright_{name}" for name in ("black", "red", "green", "yellow", "blue", "magenta", "cyan", "white")]
    + ["ansi_default"]
)
_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_HEX = re.compile(r"^#(?:[0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$")
_ALPHA = re.compile(r"^\d{1,3}(?:\.\d+)?%$")


@dataclass
class ThemeProblem:
    path: Path
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else str(self.path)
        return f"theme file {where}: {self.message}"


@dataclass
class ThemeSpec:
    """One parsed theme: the fields of a Textual ``Theme`` plus variables."""

    name: str
    path: Path | None
    fields: dict[str, object]  # Theme keyword arguments other than name and variables
    reader: dict[str, str] = field(default_factory=dict)
    variables: dict[str, str] = field(default_factory=dict)
    description: str = ""
    user: bool = False

    @property
    def all_variables(self) -> dict[str, str]:
        return {**self.variables, **self.reader}


def user_themes_dir() -> Path:
    return paths.config_dir() / "themes"


def colour_error(value: object) -> str | None:
    """A quick syntax check; the UI checks colours fully with Textual's parser."""
    if not isinstance(value, str) or not value.strip():
        return "must be a colour string such as \"#ff8800\" or \"ansi_red\""
    words = value.split()
    colour, rest = words[0], words[1:]
    if len(rest) > 1 or (rest and not _ALPHA.match(rest[0])):
        return f"{value!r} is not a colour (a colour may be followed by an opacity like \"40%\")"
    if colour.startswith("#") and not _HEX.match(colour):
        return f"{colour!r} is not a hex colour (#rgb or #rrggbb)"
    if colour.startswith("ansi_") and colour not in ANSI_NAMES:
        return f"{colour!r} is not one of the 16 terminal colours (ansi_red, ansi_bright_blue, …, ansi_default)"
    return None


def parse_theme(text: str, path: Path, *, user: bool = False) -> tuple[ThemeSpec | None, list[ThemeProblem]]:
    """Parse one theme file; (None, problems) when it cannot be used."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        match = re.search(r"\(at line (\d+), column \d+\)", str(error))
        return None, [ThemeProblem(path, f"invalid TOML: {error}", int(match.group(1)) if match else None)]

    problems: list[ThemeProblem] = []

    def problem(key: str, message: str) -> None:
        problems.append(ThemeProblem(path, message, _key_line(text, key)))

    for key in data:
        if key not in TOP_LEVEL:
            problem(key, f"unknown key {key!r} (known: {', '.join(TOP_LEVEL)})")

    name = data.get("name", path.stem)
    if not isinstance(name, str) or not _NAME.match(name):
        problem("name", f"'name' must be lower-case letters, digits and dashes, not {name!r}")
        name = None
    if "primary" not in data:
        problems.append(ThemeProblem(path, "'primary' colour is required"))

    fields: dict[str, object] = {}
    for key in COLOUR_FIELDS:
        if key in data:
            error = colour_error(data[key])
            if error:
                problem(key, f"{key}: {error}")
            else:
                fields[key] = data[key].strip()
    for key in BOOL_FIELDS:
        if key in data:
            if isinstance(data[key], bool):
                fields[key] = data[key]
            else:
                problem(key, f"'{key}' must be true or false")
    for key in FLOAT_FIELDS:
        if key in data:
            value = data[key]
            if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value <= 1:
                fields[key] = float(value)
            else:
                problem(key, f"'{key}' must be a number between 0 and 1")

    reader = _colour_table(data, "reader", text, path, problems, known=READER_VARIABLES)
    variables = _colour_table(data, "variables", text, path, problems, known=None)
    description = data.get("description", "")
    if not isinstance(description, str):
        problem("description", "'description' must be a string")
        description = ""

    if problems or name is None:
        return None, problems
    return ThemeSpec(name, path, fields, reader, variables, description, user), []


def _colour_table(data: dict, table: str, text: str, path: Path, problems: list[ThemeProblem],
                  known: tuple[str, ...] | None) -> dict[str, str]:
    values = data.get(table, {})
    if not isinstance(values, dict):
        problems.append(ThemeProblem(path, f"'{table}' must be a table ([{table}])", _key_line(text, table)))
        return {}
    result = {}
    for key, value in values.items():
        if known is not None and key not in known:
            problems.append(ThemeProblem(
                path, f"[{table}] unknown variable {key!r} (known: {', '.join(known)})", _key_line(text, key)))
            continue
        if known is None and (not isinstance(value, str) or not value.strip()):
            problems.append(ThemeProblem(path, f"[{table}] {key}: must be a string", _key_line(text, key)))
            continue
        if known is not None:
            error = colour_error(value)
            if error:
                problems.append(ThemeProblem(path, f"[{table}] {key}: {error}", _key_line(text, key)))
                continue
        result[key] = value.strip()
    return result


def _key_line(text: str, key: str) -> int | None:
    pattern = re.compile(r"^\s*[\"']?" + re.escape(key) + r"[\"']?\s*=")
    for number, line in enumerate(text.splitlines(), start=1):
        if pattern.match(line):
            return number
    return None


def load_theme_file(path: Path, *, user: bool = False) -> tuple[ThemeSpec | None, list[ThemeProblem]]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return None, [ThemeProblem(path, f"cannot read: {error}")]
    return parse_theme(text, path, user=user)


def load_themes(folders: list[tuple[Path, bool]] | None = None) -> tuple[dict[str, ThemeSpec], list[ThemeProblem]]:
    """Every usable theme by name (later folders override earlier ones), and the problems met.

    By default: the bundled ``themes/`` folder, then the user's ``config_dir()/themes``.
    """
    if folders is None:
        folders = [(paths.themes_dir(), False), (user_themes_dir(), True)]
    themes: dict[str, ThemeSpec] = {}
    problems: list[ThemeProblem] = []
    for folder, user in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.toml")):
            spec, found = load_theme_file(path, user=user)
            problems.extend(found)
            if spec is not None:
                themes[spec.name] = spec
    return themes, problems
