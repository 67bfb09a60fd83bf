"""config.toml: parsing, problems with line numbers, and the config applied to the app."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import pytest

from tui.config.config import Config, config_path, load_config, parse_config, to_toml
from tui.config.themes import READER_VARIABLES

DATA = Path(__file__).resolve().parent / "data" / "corpus"


def write_config(text: str) -> Path:
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# Core parsing ------------------------------------------------------------------------
def test_missing_file_gives_defaults_without_problems():
    config, problems = load_config()
    assert problems == []
    assert config == Config()
    assert config.mouse is True and config.theme is None and config.keymap == {}


def test_full_config_is_parsed(tmp_path):
    text = """
theme = "briefing-light"
paths = ["~/briefings", "/srv/reports"]
data_dir = "/tmp/briefing-data"
mouse = false
animations = "none"

[keymap]
"app.quit" = "ctrl+q"
"reader.next-heading" = "n, ]"
"""
    config, problems = parse_config(text, tmp_path / "config.toml")
    assert problems == []
    assert config.theme == "briefing-light"
    assert config.paths == [Path("~/briefings").expanduser(), Path("/srv/reports")]
    assert config.data_dir == Path("/tmp/briefing-data")
    assert config.mouse is False
    assert config.animations == "none"
    assert config.keymap == {"app.quit": "ctrl+q", "reader.next-heading": "n,]"}


def test_invalid_toml_names_the_line_and_uses_defaults(tmp_path):
    path = tmp_path / "config.toml"
    config, problems = parse_config('theme = "briefing-dark"\nmouse = maybe\n', path)
    assert config == Config()
    assert len(problems) == 1
    problem = problems[0]
    assert problem.fatal and problem.line == 2
    assert str(problem).startswith(f"{path}:2: invalid TOML")
    assert "using defaults" in str(problem)


def test_unknown_keys_and_bad_values_are_warned_with_lines(tmp_path):
    text = 'theme = "briefing-dark"\nmose = false\nmouse = "no"\nanimations = "fast"\n[keymap]\n"app.quit" = 3\n'
    config, problems = parse_config(text, tmp_path / "config.toml")
    assert config.theme == "briefing-dark"  # the good settings are kept
    assert config.mouse is True and config.animations == "auto" and config.keymap == {}
    by_line = {problem.line: problem.message for problem in problems}
    assert "unknown setting 'mose'" in by_line[2]
    assert "'mouse' must be true or false" in by_line[3]
    assert "'animations'" in by_line[4]
    assert "app.quit" in by_line[6]
    assert not any(problem.fatal for problem in problems)


@pytest.mark.parametrize(
    ("animations", "environ", "expected"),
    [
        ("auto", {}, None),
        ("auto", {"SSH_CONNECTION": "10.0.0.1 5555 10.0.0.2 22"}, "none"),
        ("full", {"SSH_CONNECTION": "10.0.0.1 5555 10.0.0.2 22"}, "full"),
        ("none", {}, "none"),
    ],
)
def test_animations_are_off_over_ssh_unless_configured(animations, environ, expected):
    assert Config(animations=animations).animation_level(environ) == expected


def test_boolean_animations(tmp_path):
    config, _ = parse_config("animations = true\n", tmp_path / "c.toml")
    assert config.animations == "full"


def test_to_toml_round_trips(tmp_path):
    config = Config(theme="ansi16", paths=[Path("/a b/c")], data_dir=Path("/d"), mouse=False,
                    animations="basic", keymap={"app.quit": "ctrl+q", "app.help": "f1"})
    again, problems = parse_config(to_toml(config), tmp_path / "c.toml")
    assert problems == []
    assert again == config


# CLI -------------------------------------------------------------------------------------
def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tui", *args], capture_output=True, text=True, check=False)


def test_config_path_and_show(isolated_home):
    result = run_cli("config", "path")
    assert result.returncode == 0
    assert result.stdout.strip() == str(isolated_home / "config" / "config.toml")

    write_config('theme = "high-contrast"\nwhat = 1\n[keymap]\n"app.quit" = "ctrl+q"\n')
    result = run_cli("config", "show")
    assert result.returncode == 0
    assert "unknown setting 'what'" in result.stderr and "config.toml:2" in result.stderr
    shown, problems = parse_config(result.stdout, Path("shown.toml"))
    assert problems == []
    assert shown.theme == "high-contrast" and shown.keymap == {"app.quit": "ctrl+q"}


def test_config_show_reports_invalid_file_with_line(isolated_home):
    write_config('paths = [\n  "a",\n  oops\n]\n')
    result = run_cli("config", "show")
    assert result.returncode == 1
    assert "config.toml:3: invalid TOML" in result.stderr
    assert 'theme = "briefing-dark"' in result.stdout  # defaults are shown


# The config applied to the app ----------------------------------------------------------------
def make_app(theme: str | None = None):
    from tui.ui.app import BriefingApp
    from tui.ui.themes import configure, prepare

    startup = prepare(argparse.Namespace(paths=[], theme=theme))
    app = BriefingApp(startup.paths or [DATA])
    configure(app, startup)
    return app, startup


async def test_remapped_key_runs_the_action_and_help_shows_it():
    write_config('[keymap]\n"app.toggle-documents" = "ctrl+g"\n"app.help" = "f1"\n')
    app, _ = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        documents = app.query_one("#documents")
        assert not documents.has_class("-hidden")
        app.reader.focus()
        await pilot.press("ctrl+g")
        assert documents.has_class("-hidden")
        await pilot.press("d")  # the old key no longer toggles
        assert documents.has_class("-hidden")
        await pilot.press("ctrl+g")
        assert not documents.has_class("-hidden")

        app.reader.focus()
        await pilot.press("f1")
        await pilot.pause()
        from tui.ui.screens.help import HelpScreen

        screen = app.screen
        assert isinstance(screen, HelpScreen)
        rows = {description: keys for _, keys, description in screen.rows}
        assert rows["Documents"] == "ctrl+g"
        assert rows["Help"] == "f1"


async def test_unknown_keymap_id_and_broken_config_are_notified():
    write_config('theme = "briefing-dark"\nmouse = [\n')
    app, startup = make_app()
    assert any("config.toml:" in message and "invalid TOML" in message for _, message in startup.problems)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == "briefing-dark"
        assert any("invalid TOML" in str(n.message) for n in app._notifications)

    write_config('[keymap]\n"app.no-such-thing" = "x"\n')
    app, _ = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert any("app.no-such-thing" in str(n.message) for n in app._notifications)


async def test_config_theme_paths_and_animations(monkeypatch):
    monkeypatch.setenv("SSH_CONNECTION", "10.0.0.1 5555 10.0.0.2 22")
    write_config(f'theme = "briefing-light"\npaths = ["{DATA}"]\n')
    app, startup = make_app()
    assert startup.paths == [DATA]
    assert app.corpus_paths == [DATA]
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.theme == "briefing-light"
        assert app.animation_level == "none"
        assert {d.path.name for d in app.documents} == {"arctic-council-talks.md", "grain-corridor-note.txt"}


def test_cli_theme_wins_over_config():
    write_config('theme = "briefing-light"\n')
    _, startup = make_app(theme="ansi16")
    assert startup.theme == "ansi16"


def test_data_dir_sets_home_only_when_unset(monkeypatch, tmp_path):
    from tui.ui.themes import prepare

    write_config(f'data_dir = "{tmp_path / "elsewhere"}"\n')
    environ = {}
    prepare(argparse.Namespace(paths=[], theme=None), environ)
    assert environ["BRIEFING_HOME"] == str(tmp_path / "elsewhere")
    environ = {"BRIEFING_HOME": "/already"}
    prepare(argparse.Namespace(paths=[], theme=None), environ)
    assert environ["BRIEFING_HOME"] == "/already"


# Bindings and the palette ------------------------------------------------------------------------
def test_every_binding_has_an_id():
    import importlib
    import pkgutil

    from textual.binding import Binding
    from textual.dom import DOMNode

    import tui.ui

    for module in pkgutil.walk_packages(tui.ui.__path__, "tui.ui."):
        importlib.import_module(module.name)
    from tui.ui.themes import _all_subclasses

    missing = []
    for cls in _all_subclasses(DOMNode):
        if cls.__module__.startswith("tui."):
            for binding in cls.__dict__.get("BINDINGS", []):
                if not isinstance(binding, Binding) or not binding.id:
                    missing.append(f"{cls.__module__}.{cls.__name__}: {binding}")
    assert missing == []


async def test_palette_lists_actions_as_category_verb():
    from tui.ui.commands import gather_commands

    app, _ = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        titles = {title: keys for title, keys, _, _ in gather_commands(app, app.screen)}
        assert "Reader: Next heading" in titles
        assert "View: Toggle document list" in titles
        assert "Theme: Choose" in titles
        assert all(": " in title for title in titles)

        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"toggle document")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert app.query_one("#documents").has_class("-hidden")


async def test_theme_picker_previews_and_escape_restores():
    from tui.ui.commands import ThemePalette

    app, _ = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        assert app.theme == "briefing-dark"
        app.action_change_theme()
        await pilot.pause(0.3)
        assert isinstance(app.screen, ThemePalette)
        await pilot.press(*"light")
        await pilot.pause(0.3)
        await pilot.press("down")
        await pilot.pause(0.2)
        assert app.theme != "briefing-dark"  # previewing
        await pilot.press("escape")
        await pilot.pause(0.2)
        assert app.theme == "briefing-dark"

        app.action_change_theme()
        await pilot.pause(0.3)
        await pilot.press(*"ansi16")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert app.theme == "ansi16"
        assert "actor-0" in app.get_css_variables() and set(READER_VARIABLES) <= set(app.get_css_variables())


def test_theme_chosen_in_the_app_is_remembered() -> None:
    """A theme picked with the palette comes back next time unless --theme or the config says otherwise."""
    from tui.config.state import ReadingState
    from tui.ui.app import apply_remembered_theme
    from tui.ui.themes import prepare

    ReadingState(theme="briefing-light").save()
    plain = argparse.Namespace(paths=[], theme=None)
    startup = prepare(plain)
    apply_remembered_theme(plain, startup, ReadingState.load())
    assert startup.theme == "briefing-light"

    explicit = argparse.Namespace(paths=[], theme="ansi16")
    startup = prepare(explicit)
    apply_remembered_theme(explicit, startup, ReadingState.load())
    assert startup.theme == "ansi16"


async def test_the_app_records_the_chosen_theme() -> None:
    from tui.config.state import ReadingState
    from tui.ui.app import BriefingApp

    app = BriefingApp([Path(__file__).parent / "data" / "corpus"], state=ReadingState())
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        app.theme = "textual-light"
        await pilot.pause()
        assert app.state.theme == "textual-light"
