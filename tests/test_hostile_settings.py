"""Hostile settings, themes, dictionaries and keymaps: a message naming file, line and key;
the reader and the commands still work on the defaults."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hostile import BRIEFING, assert_inert, briefing
from tui.config.config import is_key_name, load_config

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def _config(home: Path, data: bytes) -> Path:
    path = home / "config" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_a_bom_is_not_an_error(isolated_home: Path) -> None:
    _config(isolated_home, "\ufefftheme = \"ansi16\"\n".encode())
    config, problems = load_config()
    assert config.theme == "ansi16" and problems == []


def test_deep_nesting_is_a_message(isolated_home: Path) -> None:
    _config(isolated_home, b"paths = " + b"[" * 100_000 + b"]" * 100_000 + b"\n")
    config, problems = load_config()
    assert config.paths == [] and problems and problems[0].fatal
    assert "nested too deeply" in problems[0].message or "invalid TOML" in problems[0].message


def test_many_unknown_keys_are_counted_not_listed_one_by_one(isolated_home: Path) -> None:
    _config(isolated_home, "".join(f"key{i} = {i}\n" for i in range(200_000)).encode() + b'theme = "ansi16"\n')
    config, problems = load_config()  # was quadratic: it would not finish
    assert config.theme == "ansi16"
    assert len(problems) == 11 and problems[0].line == 1 and "199,990 more" in problems[-1].message


def test_not_utf8_is_a_message(isolated_home: Path) -> None:
    _config(isolated_home, b'theme = "\xff"\n')
    _, problems = load_config()
    assert problems[0].fatal and "not UTF-8" in problems[0].message


@pytest.mark.parametrize("key, ok", [
    ("q", True), ("ctrl+q", True), ("f2", True), ("question_mark", True), ("left_square_bracket", True),
    ("shift+tab", True), ("G", True), ("pageup", True),
    ("foo", False), ("ctrl+foo", False), ("hyperspace+q", False), ("f99", False), ("ctrl+", False),
])
def test_key_names_are_checked(key: str, ok: bool) -> None:
    assert is_key_name(key) is ok


def test_a_key_given_twice_is_refused(isolated_home: Path) -> None:
    _config(isolated_home, b'[keymap]\n"app.quit" = "ctrl+q"\n"app.help" = "ctrl+q"\n"app.search" = "nope"\n')
    config, problems = load_config()
    assert config.keymap == {"app.quit": "ctrl+q"}
    messages = [str(p) for p in problems]
    assert any(":3: keymap: 'app.help'" in m and "already given to 'app.quit'" in m for m in messages)
    assert any(":4: keymap: 'app.search': 'nope' is not a key name" in m for m in messages)


def test_a_key_that_clashes_with_a_default_binding_is_refused() -> None:
    from tui.ui.app import BriefingApp  # noqa: F401 (defines the bindings)
    from tui.ui.themes import keymap_clashes

    assert keymap_clashes({"app.quit": "j"}) == [("app.quit", "reader.down", "j")]
    assert keymap_clashes({"app.quit": "ctrl+q"}) == []


@pytest.mark.skipif(not BRIEFING.exists(), reason="briefing is not installed")
def test_dictionary_overlays_of_the_wrong_types_are_reported_and_the_rest_works(tmp_path: Path) -> None:
    home = tmp_path / "home"
    folder = home / "config" / "dictionaries"
    folder.mkdir(parents=True)
    (folder / "a.toml").write_text('[cues.statement]\nverbs = [""]\n[actors.XX]\nexact = 7\nname = "X"\n')
    (folder / "b.toml").write_text("actors = 5\n")
    (folder / "c.toml").write_bytes(b"\xff\xfe")
    (folder / "d.toml").write_text('[actors]\nYY = 5\n[irregular]\ngo = [1]\n')
    seed = sorted(SEEDS.glob("*.md"))[0]
    for args in (["extract", seed], ["search", "minister", seed], ["dict", "lint"], ["dict", "show", "CHN"]):
        result = briefing(*args, home=home)
        err = assert_inert(result.stderr, str(args))
        assert_inert(result.stdout, str(args))
        assert "Traceback" not in err
    extract = briefing("extract", seed, home=home)
    assert extract.returncode == 0 and b"Positions:" in extract.stdout
    err = extract.stderr.decode()
    assert "a.toml: cues.statement.verbs holds an empty word; ignored" in err
    assert "a.toml: actors.XX.exact should be a list of words, not a number; ignored" in err
    assert "b.toml: [actors] must be a table of entries, not a number; ignored" in err
    assert "c.toml: not UTF-8 (byte 0); file ignored" in err
    assert "d.toml: actors.YY must be a table, not a number; ignored" in err


def test_theme_variables_textual_cannot_use_are_dropped_with_a_message(tmp_path: Path) -> None:
    from tui.config.themes import parse_theme
    from tui.ui.themes import build_theme

    text = 'name = "bad"\nprimary = "#ff0000"\n[variables]\nfoo = "not a colour"\nblock-cursor-text-style = "sparkly"\nfooter-key-foreground = "#00ff00"\n'
    spec, problems = parse_theme(text, tmp_path / "bad.toml", user=True)
    assert spec is not None
    theme, problems = build_theme(spec)
    assert theme is not None and theme.variables["footer-key-foreground"] == "#00ff00"
    assert "foo" not in theme.variables and "block-cursor-text-style" not in theme.variables
    assert any("[variables] foo" in p for p in problems) and any("sparkly" in p for p in problems)
