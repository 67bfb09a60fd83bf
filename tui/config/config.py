"""The user's settings: one TOML file, ``config.toml`` in the config directory.

No Textual here: parsing returns a plain :class:`Config` and a list of
:class:`ConfigProblem`. A broken file never stops the reader — every problem
is reported (with the line number when TOML says where) and defaults are used.

Schema (every key optional)::

    theme = "briefing-dark"          # a bundled or user theme (themes/*.toml)
    paths = ["~/briefings"]          # opened when no PATH is given
    data_dir = "~/briefing-data"     # data, cache (and config) folder: BRIEFING_HOME
    mouse = true                     # false: the terminal's own selection works
    animations = "auto"              # "auto" (off over SSH), "none", "basic", "full", or a bool

    [keymap]                         # binding id -> keys (comma-separated)
    "app.quit" = "ctrl+q"
    "reader.next-heading" = "n,]"
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from tui import paths

DEFAULT_THEME = "briefing-dark"
ANIMATION_LEVELS = ("none", "basic", "full")
KNOWN_KEYS = ("theme", "paths", "data_dir", "mouse", "animations", "keymap")
CONFIG_NAME = "config.toml"
MAX_REPORTED = 10  # problems of one kind listed one by one; the rest are counted
_BINDING_ID = re.compile(r"^[A-Za-z0-9_.-]+$")
_KEY = re.compile(r"^[A-Za-z0-9_+-]+$")


@dataclass
class ConfigProblem:
    """Something wrong in the config file; ``line`` is 1-based when known."""

    path: Path
    message: str
    line: int | None = None
    fatal: bool = False  # the whole file was unusable

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else str(self.path)
        return f"{where}: {self.message}"


@dataclass
class Config:
    theme: str | None = None
    paths: list[Path] = field(default_factory=list)
    data_dir: Path | None = None
    mouse: bool = True
    animations: str = "auto"
    keymap: dict[str, str] = field(default_factory=dict)
    source: Path | None = None  # the file read, if it existed

    def animation_level(self, environ: dict[str, str] | None = None) -> str | None:
        """The animation level to force, or None to leave Textual's (TEXTUAL_ANIMATIONS) alone.

        "auto" turns animations off over SSH, where every frame costs bandwidth.
        """
        environ = os.environ if environ is None else environ
        if self.animations in ANIMATION_LEVELS:
            return self.animations
        if environ.get("SSH_CONNECTION") or environ.get("SSH_TTY"):
            return "none"
        return None


def config_path() -> Path:
    return paths.config_dir() / CONFIG_NAME


def load_config(path: Path | None = None) -> tuple[Config, list[ConfigProblem]]:
    """Read the config file; a missing file is not a problem."""
    path = path or config_path()
    try:
        text = path.read_bytes().decode("utf-8").removeprefix("\ufeff")  # a BOM is no error
    except FileNotFoundError:
        return Config(), []
    except UnicodeDecodeError as error:
        return Config(), [ConfigProblem(path, f"not UTF-8 (byte {error.start}); using defaults", fatal=True)]
    except OSError as error:
        message = f"cannot read the config file ({error.strerror or error}); using defaults"
        return Config(), [ConfigProblem(path, message, fatal=True)]
    config, problems = parse_config(text, path)
    config.source = path
    return config, problems


def parse_config(text: str, path: Path) -> tuple[Config, list[ConfigProblem]]:
    try:
        data = tomllib.loads(text.removeprefix("\ufeff"))
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        line = _error_line(message)
        return Config(), [ConfigProblem(path, f"invalid TOML: {message}; using defaults", line, fatal=True)]
    except RecursionError:
        return Config(), [ConfigProblem(path, "nested too deeply to read; using defaults", fatal=True)]
    config = Config()
    problems: list[ConfigProblem] = []
    lines = _LineIndex(text)

    def problem(key: str, message: str) -> None:
        problems.append(ConfigProblem(path, message, lines.of(key)))

    unknown = [key for key in data if key not in KNOWN_KEYS]
    for key in unknown[:MAX_REPORTED]:
        problem(key, f"unknown setting {key[:80]!r} ignored (known: {', '.join(KNOWN_KEYS)})")
    if len(unknown) > MAX_REPORTED:
        problems.append(ConfigProblem(path, f"{len(unknown) - MAX_REPORTED:,} more unknown settings ignored"))

    if "theme" in data:
        theme = data["theme"]
        if isinstance(theme, str) and theme.strip():
            config.theme = theme.strip()
        else:
            problem("theme", "'theme' must be a theme name (a string)")

    if "paths" in data:
        value = data["paths"]
        if isinstance(value, str):
            value = [value]
        if isinstance(value, list) and all(isinstance(item, str) and item and "\0" not in item for item in value):
            config.paths = [Path(item).expanduser() for item in value]
        else:
            problem("paths", "'paths' must be a list of file or folder names (strings)")

    if "data_dir" in data:
        value = data["data_dir"]
        if isinstance(value, str) and value:
            config.data_dir = Path(value).expanduser()
        else:
            problem("data_dir", "'data_dir' must be a folder name (a string)")

    if "mouse" in data:
        value = data["mouse"]
        if isinstance(value, bool):
            config.mouse = value
        else:
            problem("mouse", "'mouse' must be true or false")

    if "animations" in data:
        value = data["animations"]
        if isinstance(value, bool):
            config.animations = "full" if value else "none"
        elif isinstance(value, str) and value.lower() in ("auto", *ANIMATION_LEVELS):
            config.animations = value.lower()
        else:
            problem("animations", "'animations' must be \"auto\", \"none\", \"basic\", \"full\", true or false")

    if "keymap" in data:
        keymap = data["keymap"]
        if not isinstance(keymap, dict):
            problem("keymap", "'keymap' must be a table of binding id = \"keys\"")
        else:
            taken: dict[str, str] = {}  # key -> the binding id that has it
            reported = 0
            for binding_id, keys in keymap.items():
                error = keymap_error(binding_id, keys)
                if error is None:
                    clash = next((taken[k] for k in _keys(keys) if k in taken), None)
                    if clash is not None:
                        error = (f"keymap: {binding_id!r}: a key of {keys.strip()!r} is already given to "
                                 f"{clash!r}; ignored")
                if error:
                    if reported < MAX_REPORTED:
                        problem(binding_id if isinstance(binding_id, str) else "keymap", error)
                    reported += 1
                    continue
                config.keymap[binding_id] = ",".join(_keys(keys))
                taken.update(dict.fromkeys(_keys(keys), binding_id))
            if reported > MAX_REPORTED:
                problems.append(ConfigProblem(path, f"{reported - MAX_REPORTED:,} more keymap problems"))
    return config, problems


def _keys(keys: str) -> list[str]:
    return [part.strip() for part in keys.split(",") if part.strip()]


class _LineIndex:
    """Where each key is first assigned, found in one pass (not one pass per problem)."""

    _ASSIGNMENT = re.compile(r"^\s*(?:\"([^\"]*)\"|'([^']*)'|([A-Za-z0-9_.-]+))\s*=")

    def __init__(self, text: str) -> None:
        self.lines: dict[str, int] = {}
        for number, line in enumerate(text.splitlines(), start=1):
            match = self._ASSIGNMENT.match(line)
            if match:
                key = next(group for group in match.groups() if group is not None)
                self.lines.setdefault(key, number)
            elif line.strip().startswith("[") and line.strip().endswith("]"):
                self.lines.setdefault(line.strip().strip("[]").strip(), number)

    def of(self, key: str) -> int | None:
        return self.lines.get(key)


def keymap_error(binding_id: object, keys: object) -> str | None:
    if not isinstance(binding_id, str) or not _BINDING_ID.match(binding_id):
        return f"keymap: {str(binding_id)[:80]!r} is not a binding id (like \"app.quit\")"
    if not isinstance(keys, str) or not keys.strip():
        return f"keymap: {binding_id!r} needs keys as a string, like \"ctrl+q\" or \"q,ctrl+q\""
    for part in keys.split(","):
        part = part.strip()
        if not part or not is_key_name(part):
            return (f"keymap: {binding_id!r}: {part[:40]!r} is not a key name "
                    "(use names like \"ctrl+q\", \"f2\", \"question_mark\")")
    return None


MODIFIERS = frozenset(("ctrl", "shift", "alt", "meta", "super", "hyper"))
KEY_NAMES = frozenset(
    """escape enter tab space backspace delete insert home end pageup pagedown up down left right
    return""".split()
) | {f"f{n}" for n in range(1, 25)}


def is_key_name(key: str) -> bool:
    """Whether ``key`` names a key the terminal can send: "q", "ctrl+q", "f2", "question_mark"."""
    import unicodedata

    *modifiers, name = key.split("+") if key != "+" else ["+"]
    if any(modifier not in MODIFIERS for modifier in modifiers) or not name:
        return False
    if len(name) == 1:
        return name.isprintable() and not name.isspace()
    if name in KEY_NAMES:
        return True
    if not _KEY.match(name):
        return False
    try:  # a character by its Unicode name, as Textual names them ("left_square_bracket")
        return len(unicodedata.lookup(name.replace("_", " "))) == 1
    except KeyError:
        return False


def _error_line(message: str) -> int | None:
    match = re.search(r"\(at line (\d+), column \d+\)", message)
    return int(match.group(1)) if match else None


def _key_line(text: str, key: str) -> int | None:
    """The first line that assigns ``key`` (bare or quoted), for pointing at a problem."""
    pattern = re.compile(r"^\s*(?:" + re.escape(key) + r"|\"" + re.escape(key) + r"\"|'" + re.escape(key) + r"')\s*=")
    for number, line in enumerate(text.splitlines(), start=1):
        if pattern.match(line):
            return number
    if key in ("keymap",):
        for number, line in enumerate(text.splitlines(), start=1):
            if line.strip() == f"[{key}]":
                return number
    return None


# Writing -------------------------------------------------------------------
def toml_string(value: str) -> str:
    """A TOML basic string (JSON escapes are valid TOML escapes)."""
    import json

    return json.dumps(value, ensure_ascii=False)


def to_toml(config: Config, *, effective_theme: str | None = None, effective_data_dir: Path | None = None) -> str:
    """The config as TOML, defaults filled in, readable by :func:`parse_config`."""
    lines = []
    lines.append(f"theme = {toml_string(effective_theme or config.theme or DEFAULT_THEME)}")
    if config.paths:
        lines.append("paths = [" + ", ".join(toml_string(str(p)) for p in config.paths) + "]")
    else:
        lines.append("paths = []  # none: the bundled briefings")
    data_dir = config.data_dir or effective_data_dir
    if data_dir is not None:
        lines.append(f"data_dir = {toml_string(str(data_dir))}")
    lines.append(f"mouse = {'true' if config.mouse else 'false'}")
    lines.append(f"animations = {toml_string(config.animations)}")
    lines.append("")
    lines.append("[keymap]")
    for binding_id, keys in sorted(config.keymap.items()):
        lines.append(f"{toml_string(binding_id)} = {toml_string(keys)}")
    return "\n".join(lines) + "\n"
