"""Themes, keymap and terminal settings applied to the app.

The core (``tui.config``) parses the files; this module turns them into
Textual ``Theme`` objects and applies the config to a ``BriefingApp``:

* :func:`prepare` runs before the app exists (it may set ``BRIEFING_HOME``);
* :func:`configure` registers themes, picks one, applies the keymap and the
  animation level, and queues a notification for every problem met.
"""

from __future__ import annotations

import argparse
import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from textual.app import App
from textual.binding import Binding
from textual.color import Color, ColorParseError
from textual.dom import DOMNode
from textual.theme import BUILTIN_THEMES, Theme

from tui.config.config import DEFAULT_THEME, Config, load_config
from tui.config.themes import READER_VARIABLES, ThemeSpec, load_themes

FALLBACK_THEME = "textual-dark"  # used only if the bundled default is broken


@dataclass
class Startup:
    """Everything read before the app starts."""

    config: Config
    themes: list[Theme] = field(default_factory=list)
    theme: str = DEFAULT_THEME

    @property
    def theme_names(self) -> set[str]:
        """Every theme that can be chosen: ours and the user's."""
        return {theme.name for theme in self.themes}
    problems: list[tuple[str, str]] = field(default_factory=list)  # (severity, message)
    paths: list[Path] = field(default_factory=list)


# Theme objects ---------------------------------------------------------------
def _colour_problem(value: str) -> str | None:
    words = value.split()
    try:
        Color.parse(words[0])
    except (ColorParseError, IndexError) as error:
        return f"{value!r} is not a colour ({error})" if words else "empty colour"
    return None


def build_theme(spec: ThemeSpec) -> tuple[Theme | None, list[str]]:
    """A Textual theme from a parsed file, or the problems that prevent it."""
    problems = []
    where = f"theme file {spec.path}" if spec.path else f"theme {spec.name!r}"
    for key, value in spec.fields.items():
        if isinstance(value, str):
            error = _colour_problem(value)
            if error:
                problems.append(f"{where}: {key}: {error}")
    for key, value in spec.reader.items():
        error = _colour_problem(value)
        if error:
            problems.append(f"{where}: [reader] {key}: {error}")
    if problems:
        return None, problems
    own = dict(spec.all_variables)
    for key, value in list(spec.variables.items()):
        error = _variable_problem(key, value)
        if error:  # the theme still works on Textual's value for this variable
            problems.append(f"{where}: [variables] {key}: {error}; ignored")
            del own[key]
    variables = {**derived_reader_variables(spec.fields), **own}
    theme = Theme(name=spec.name, variables=variables, **spec.fields)  # type: ignore[arg-type]
    try:
        theme.to_color_system().generate()
    except Exception as error:  # a value Textual cannot use
        return None, [f"{where}: {error}"]
    return theme, problems


_TEXT_STYLES = frozenset("bold dim italic underline underline2 reverse strike blink overline none not".split())


def _variable_problem(key: str, value: str) -> str | None:
    """Whether Textual's CSS can use ``value`` for the variable ``key`` (a colour, or a text style)."""
    if key.endswith("-style"):
        bad = [word for word in value.split() if word.lower() not in _TEXT_STYLES]
        return f"{value!r} is not a text style (bold, italic, reverse, none, …)" if bad or not value.split() else None
    if value.split()[:1] == ["auto"]:
        return None
    return _colour_problem(value)


def derived_reader_variables(fields: dict) -> dict[str, str]:
    """Reader colours taken from a theme's main colours (for themes that do not set them)."""
    try:
        colours = Theme(name="derived", **fields).to_color_system().generate()
    except Exception:
        colours = _textual_dark_colours()
    return _reader_from(colours)


@lru_cache(maxsize=1)
def _textual_dark_colours() -> dict[str, str]:
    return BUILTIN_THEMES["textual-dark"].to_color_system().generate()


def _reader_from(colours: dict[str, str]) -> dict[str, str]:
    def get(name: str, alpha: str = "") -> str:
        value = colours.get(name) or _textual_dark_colours()[name]
        return f"{value} {alpha}".strip()

    variables = {
        "actor-0": get("error"), "actor-1": get("success"), "actor-2": get("warning"),
        "actor-3": get("primary"), "actor-4": get("secondary"), "actor-5": get("accent"),
        "actor-6": get("error-lighten-2"), "actor-7": get("success-lighten-2"),
        "issue": get("foreground"),
        "annotation-yellow": get("warning", "40%"), "annotation-green": get("success", "40%"),
        "annotation-blue": get("primary", "40%"), "annotation-pink": get("error", "30%"),
        "annotation-purple": get("secondary", "40%"), "annotation-orange": get("accent", "40%"),
        "search-hit": get("warning", "50%"), "search-hit-current": get("warning"),
        "selection": get("primary"), "mark": get("primary", "30%"), "cursor": get("accent"),
    }
    assert set(variables) == set(READER_VARIABLES)
    return variables


def reader_variable_defaults() -> dict[str, str]:
    """Defaults for the reader's CSS variables, so its CSS parses under any theme.

    Also the two variables Textual's own CSS needs but only sets for non-ANSI themes.
    """
    return {"ansi-background": "transparent", "ansi-foreground": "transparent", **dict(_reader_defaults())}


@lru_cache(maxsize=1)
def _reader_defaults() -> tuple[tuple[str, str], ...]:
    return tuple(_reader_from(_textual_dark_colours()).items())


def with_reader_variables(theme: Theme) -> Theme:
    """A theme (e.g. one of Textual's) given reader colours from its own palette."""
    if all(name in theme.variables for name in READER_VARIABLES):
        return theme
    try:
        colours = theme.to_color_system().generate()
    except Exception:
        return theme
    variables = {**_reader_from(colours), **theme.variables}
    return Theme(
        name=theme.name, primary=theme.primary, secondary=theme.secondary, warning=theme.warning,
        error=theme.error, success=theme.success, accent=theme.accent, foreground=theme.foreground,
        background=theme.background, surface=theme.surface, panel=theme.panel, boost=theme.boost,
        dark=theme.dark, luminosity_spread=theme.luminosity_spread, text_alpha=theme.text_alpha,
        variables=variables, ansi=theme.ansi,
    )


# Before the app ----------------------------------------------------------------
def prepare(args: argparse.Namespace | None = None, environ: dict[str, str] | None = None) -> Startup:
    """Read config and themes; set BRIEFING_HOME from ``data_dir`` unless already set."""
    environ = os.environ if environ is None else environ
    config, config_problems = load_config()
    startup = Startup(config)
    for problem in config_problems:
        startup.problems.append(("error" if problem.fatal else "warning", f"config {problem}"))

    specs, theme_problems = load_themes()
    startup.problems.extend(("error", str(problem)) for problem in theme_problems)
    for spec in specs.values():
        theme, problems = build_theme(spec)
        startup.problems.extend(("error", message) for message in problems)
        if theme is not None:
            startup.themes.append(theme)

    available = {theme.name for theme in startup.themes} | set(BUILTIN_THEMES)
    cli_theme = getattr(args, "theme", None) if args is not None else None
    wanted = cli_theme or config.theme or DEFAULT_THEME
    origin = "--theme" if cli_theme else ("config 'theme'" if config.theme else "default theme")
    if wanted in available:
        startup.theme = wanted
    else:
        fallback = DEFAULT_THEME if DEFAULT_THEME in available else FALLBACK_THEME
        known = ", ".join(sorted(theme.name for theme in startup.themes))
        startup.problems.append(
            ("error", f"{origin}: no theme named {wanted!r} (available: {known}); using {fallback!r}"))
        startup.theme = fallback

    startup.paths = list(config.paths)
    if config.data_dir is not None and not environ.get("BRIEFING_HOME"):
        environ["BRIEFING_HOME"] = str(config.data_dir)
    return startup


# On the app ----------------------------------------------------------------------
def configure(app: App, startup: Startup) -> None:
    """Apply themes, keymap and animation settings to ``app`` (before it runs)."""
    for name, theme in list(app.available_themes.items()):
        if name not in {t.name for t in startup.themes}:
            app.register_theme(with_reader_variables(theme))
    for theme in startup.themes:
        app.register_theme(theme)
    app.offered_themes = [theme.name for theme in startup.themes]  # type: ignore[attr-defined]
    app.theme = startup.theme

    level = startup.config.animation_level()
    if level is not None:
        app.animation_level = level  # type: ignore[assignment]

    problems = list(startup.problems)
    if startup.config.keymap:
        known = known_binding_ids(type(app))
        keymap = dict(startup.config.keymap)
        for binding_id in list(keymap):
            if binding_id not in known:
                problems.append(("warning", f"config keymap: no binding with id {binding_id!r} "
                                            f"(ids: {', '.join(sorted(known))})"))
                del keymap[binding_id]
        for binding_id, other, key in keymap_clashes(keymap):
            problems.append(("warning", f"config keymap: {binding_id!r} = {key!r} clashes with {other!r}, "
                                        f"which has {key!r} too; {binding_id!r} keeps its default keys"))
            keymap.pop(binding_id, None)
        app.set_keymap(keymap)

    for severity, message in problems:
        app.notify(message, title="Settings", severity=severity, markup=False, timeout=12)  # type: ignore[arg-type]


# Bindings active at the same time in the reading screen: a key may do one thing only.
TOGETHER = ("app.", "reader.")


def keymap_clashes(keymap: dict[str, str]) -> list[tuple[str, str, str]]:
    """(user binding id, other binding id, key) for each key the keymap gives to a binding
    that another binding active at the same time already has (by default or by the keymap)."""
    defaults = default_keys()
    effective = {bid: keys for bid, keys in defaults.items() if bid.startswith(TOGETHER)}
    effective.update({bid: keys for bid, keys in keymap.items() if bid.startswith(TOGETHER)})
    owners: dict[str, list[str]] = {}
    for binding_id, keys in effective.items():
        for key in keys.split(","):
            owners.setdefault(key.strip(), []).append(binding_id)
    clashes = []
    for binding_id, keys in keymap.items():
        for key in keys.split(","):
            others = [other for other in owners.get(key.strip(), []) if other != binding_id]
            if others:
                clashes.append((binding_id, others[0], key.strip()))
                break
    return clashes


def default_keys() -> dict[str, str]:
    """Binding id -> its default keys, for every binding of the app's own classes."""
    keys = {}
    for cls in _all_subclasses(DOMNode):
        if cls.__module__.startswith("tui."):
            for binding in cls.__dict__.get("BINDINGS", []):
                if isinstance(binding, Binding) and binding.id:
                    keys[binding.id] = binding.key
    return keys


def known_binding_ids(app_class: type[App] | None = None) -> set[str]:
    """The ids of every binding defined by the app's own classes (tui.*)."""
    ids = set()
    for cls in _all_subclasses(DOMNode):
        if not cls.__module__.startswith("tui."):
            continue
        for binding in cls.__dict__.get("BINDINGS", []):
            if isinstance(binding, Binding) and binding.id:
                ids.add(binding.id)
    return ids


def _all_subclasses(cls: type) -> list[type]:
    seen, stack = [], [cls]
    while stack:
        for sub in stack.pop().__subclasses__():
            if sub not in seen:
                seen.append(sub)
                stack.append(sub)
    return seen
