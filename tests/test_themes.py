"""Theme files: the bundled ones are valid; bad files are reported and skipped."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from tui import paths
from tui.config.themes import ANSI_NAMES, READER_VARIABLES, load_themes, parse_theme, user_themes_dir

BUNDLED = ("briefing-dark", "briefing-light", "high-contrast", "ansi16")
DATA = Path(__file__).resolve().parent / "data" / "corpus"


def test_bundled_themes_are_complete():
    themes, problems = load_themes([(paths.themes_dir(), False)])
    assert problems == []
    assert set(BUNDLED) <= set(themes)
    for name in BUNDLED:
        assert set(themes[name].reader) == set(READER_VARIABLES), name


def test_ansi16_uses_only_terminal_colours():
    themes, _ = load_themes([(paths.themes_dir(), False)])
    spec = themes["ansi16"]
    assert spec.fields["ansi"] is True
    colours = [v for v in spec.fields.values() if isinstance(v, str)] + list(spec.all_variables.values())
    assert all(colour in ANSI_NAMES for colour in colours), colours


def test_problems_name_the_file_and_line(tmp_path):
    path = tmp_path / "mine.toml"
    spec, problems = parse_theme('primary = "#12"\nbogus = 1\n[reader]\nactor-9 = "#fff"\nissue = "ansi_purple"\n', path)
    assert spec is None
    messages = [str(problem) for problem in problems]
    assert any(f"{path}:1" in m and "'#12' is not a hex colour" in m for m in messages)
    assert any(f"{path}:2" in m and "unknown key 'bogus'" in m for m in messages)
    assert any(f"{path}:4" in m and "actor-9" in m for m in messages)
    assert any(f"{path}:5" in m and "16 terminal colours" in m for m in messages)


def test_invalid_toml_and_missing_primary(tmp_path):
    spec, problems = parse_theme('name = "x"\nprimary = \n', tmp_path / "x.toml")
    assert spec is None and "invalid TOML" in str(problems[0]) and problems[0].line == 2
    spec, problems = parse_theme('name = "y"\n', tmp_path / "y.toml")
    assert spec is None and "'primary' colour is required" in str(problems[0])


def test_user_theme_is_loaded_and_overrides(tmp_path):
    folder = user_themes_dir()
    folder.mkdir(parents=True)
    (folder / "solar.toml").write_text('primary = "#268bd2"\nbackground = "#002b36"\n[reader]\nactor-0 = "#dc322f"\n')
    themes, problems = load_themes()
    assert problems == []
    assert themes["solar"].user and themes["solar"].reader == {"actor-0": "#dc322f"}


def test_textual_parser_catches_what_the_core_lets_through(tmp_path):
    from tui.ui.themes import build_theme

    spec, problems = parse_theme('name = "odd"\nprimary = "not-a-colour"\n', tmp_path / "odd.toml")
    assert problems == [] and spec is not None
    theme, problems = build_theme(spec)
    assert theme is None and "odd.toml" in problems[0] and "primary" in problems[0]


def test_theme_missing_reader_colours_gets_derived_ones(tmp_path):
    from tui.ui.themes import build_theme

    spec, _ = parse_theme('primary = "#268bd2"\n[reader]\nactor-0 = "#dc322f"\n', tmp_path / "p.toml")
    theme, problems = build_theme(spec)
    assert problems == []
    assert theme.variables["actor-0"] == "#dc322f"
    assert set(READER_VARIABLES) <= set(theme.variables)


def make_app(theme: str | None = None):
    from tui.ui.app import BriefingApp
    from tui.ui.themes import configure, prepare

    startup = prepare(argparse.Namespace(paths=[], theme=theme))
    app = BriefingApp([DATA])
    configure(app, startup)
    return app, startup


async def test_invalid_user_theme_falls_back_to_default_with_a_notification():
    folder = user_themes_dir()
    folder.mkdir(parents=True)
    (folder / "broken.toml").write_text('name = "broken"\nprimary = "#12345"\n')
    app, startup = make_app(theme="broken")
    assert startup.theme == "briefing-dark"
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.theme == "briefing-dark"
        messages = [str(n.message) for n in app._notifications]
        assert any("broken.toml" in m and "'#12345' is not a hex colour" in m for m in messages)
        assert any("no theme named 'broken'" in m for m in messages)


@pytest.mark.parametrize("name", [*BUNDLED, "textual-dark", "nord", "ansi-dark"])
async def test_every_theme_renders(name):
    app, _ = make_app(theme=name)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.theme == name
        variables = app.get_css_variables()
        assert set(READER_VARIABLES) <= set(variables)
        reader = app.reader
        for component in ("reader--actor-0", "reader--issue", "reader--hit", "reader--selection",
                          "reader--annotation-yellow"):
            reader.get_component_rich_style(component, partial=True)


async def test_highlights_differ_without_colour(monkeypatch):
    """With NO_COLOR the reader's highlights are still told apart by bold/underline/reverse."""
    monkeypatch.setenv("NO_COLOR", "1")
    app, _ = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.no_color
        style = app.reader.get_component_rich_style
        assert style("reader--actor-3", partial=True).bold
        assert style("reader--issue", partial=True).underline
        assert style("reader--hit", partial=True).bold
        assert style("reader--hit-current", partial=True).reverse
        assert style("reader--selection", partial=True).reverse
        annotation = style("reader--annotation-green", partial=True)
        assert annotation.underline and annotation.bgcolor is not None
        await pilot.press("tab", "j", "j", "question_mark")
        await pilot.pause()
        app.screen.dismiss()
        await pilot.pause()


async def test_ansi16_annotation_colours_are_told_apart_and_headings_are_no_actor_colour():
    app, _ = make_app(theme="ansi16")
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        style = app.reader.get_component_rich_style
        colours = [style(f"reader--annotation-{c}", partial=True) for c in
                   ("yellow", "green", "blue", "pink", "purple", "orange")]
        assert len({s.color for s in colours}) == 6 and all(s.reverse for s in colours)
        actor_colours = {style(f"reader--actor-{slot}", partial=True).color for slot in range(8)}
        for heading in ("reader--heading-1", "reader--heading"):
            assert style(heading, partial=True).color not in actor_colours
            assert style(heading, partial=True).bold
        assert style("reader--code-inline", partial=True).bold


@pytest.mark.parametrize("name", BUNDLED)
async def test_headings_and_inline_code_in_every_theme(name):
    app, _ = make_app(theme=name)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        style = app.reader.get_component_rich_style
        actor_colours = {style(f"reader--actor-{slot}", partial=True).color for slot in range(8)}
        assert style("reader--heading", partial=True).color not in actor_colours
        code = style("reader--code-inline", partial=True)
        assert code.bold
        base = app.reader.rich_style
        if name != "ansi16":
            assert code.bgcolor is not None and code.bgcolor != base.bgcolor  # a visible band
        assert code.bgcolor is None or code.color != code.bgcolor


async def test_the_theme_picker_offers_the_project_themes_and_the_palette_one_theme_command():
    from tui.ui.commands import ThemeCommands, ThemePalette, gather_commands

    app, startup = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.action_change_theme()
        await pilot.pause()
        palette = app.screen
        assert isinstance(palette, ThemePalette)
        offered = ThemeCommands(palette)._themes()
        assert set(offered) == {t.name for t in startup.themes} and "nord" not in offered
        await pilot.press("escape")
        titles = [title for title, *_ in gather_commands(app, app.screen)]
        system = [command.title for command in app.get_system_commands(app.screen)]
        assert titles.count("Theme: Choose") == 1 and "Theme" not in system and "Quit" not in system
