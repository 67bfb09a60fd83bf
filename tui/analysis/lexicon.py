"""The dictionaries: bundled TOML files plus the user's overlay, merged by id.

Bundled files live in ``tui/analysis/data/``; the overlay is every ``*.toml``
file in ``config_dir()/dictionaries/`` (read in name order). Overlay tables
merge into the bundled ones entry by entry: for the same id, scalar fields are
replaced and list fields are extended (duplicates dropped), so a user adds an
alias without repeating the entry.

Tables (any file may hold any of them):

* ``[actors.ID]`` name, kind (state|organisation|entity), aliases
  (case-insensitive), exact (case-sensitive), adjectives, people, metonyms, leaders
* ``[places.ID]`` names, issues, country
* ``[not_actors]`` phrases (never actors: "Native Americans")
* ``[issues.ID]`` label, parent, triggers
* ``[cues.STANCE]`` verbs, phrases, nouns  (see cues.toml)
* ``[irregular]`` verb = [past, participle, ...]
* ``[roles]``, ``[descriptors.NAME]``  (see roles.toml)
* ``[[person]]`` name, actor, surnames, aliases, offices  (see people.toml; entries add up)
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tui import paths

DATA_DIR = Path(__file__).resolve().parent / "data"
BUNDLED_FILES = ("actors.toml", "places.toml", "issues.toml", "cues.toml", "roles.toml")
KEYED_TABLES = ("actors", "places", "issues", "cues", "descriptors", "irregular")


def overlay_dir() -> Path:
    return paths.config_dir() / "dictionaries"


@dataclass
class Lexicon:
    actors: dict[str, dict[str, Any]] = field(default_factory=dict)
    places: dict[str, dict[str, Any]] = field(default_factory=dict)
    issues: dict[str, dict[str, Any]] = field(default_factory=dict)
    cues: dict[str, dict[str, Any]] = field(default_factory=dict)
    descriptors: dict[str, dict[str, Any]] = field(default_factory=dict)
    irregular: dict[str, Any] = field(default_factory=dict)
    not_actors: list[str] = field(default_factory=list)
    roles: dict[str, Any] = field(default_factory=dict)
    people: list[Any] = field(default_factory=list)
    sources: list[Path] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def fingerprint(self) -> str:
        """A hash of everything that influences analysis (bundled data and overlay)."""
        payload = {
            name: getattr(self, name)
            for name in (*KEYED_TABLES, "not_actors", "roles", "people")
        }
        blob = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:32]


def _merge_entry(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in extra.items():
        old = merged.get(key)
        if isinstance(value, list) and isinstance(old, list):
            merged[key] = old + [v for v in value if v not in old]
        elif isinstance(value, dict) and isinstance(old, dict):
            merged[key] = _merge_entry(old, value)
        else:
            merged[key] = value
    return merged


def merge_into(lexicon: Lexicon, data: dict[str, Any], source: str = "") -> None:
    for table in KEYED_TABLES:
        entries = data.get(table)
        if entries is None:
            continue
        if not isinstance(entries, dict):
            lexicon.problems.append(f"{source}: [{table}] must be a table")
            continue
        target: dict[str, Any] = getattr(lexicon, table)
        for key, value in entries.items():
            if isinstance(value, dict) and isinstance(target.get(key), dict):
                target[key] = _merge_entry(target[key], value)
            else:
                target[key] = value
    not_actors = data.get("not_actors")
    if isinstance(not_actors, dict):
        for phrase in not_actors.get("phrases", []):
            if phrase not in lexicon.not_actors:
                lexicon.not_actors.append(phrase)
    roles = data.get("roles")
    if isinstance(roles, dict):
        lexicon.roles = _merge_entry(lexicon.roles, roles)
    people = data.get("person")
    if isinstance(people, list):
        lexicon.people.extend(people)
    elif people is not None:
        lexicon.problems.append(f"{source}: 'person' must be an array of tables ([[person]])")


def _read(path: Path, lexicon: Lexicon) -> None:
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as error:
        lexicon.problems.append(f"{path}: {error}")
        return
    lexicon.sources.append(path)
    merge_into(lexicon, data, str(path))


def load_lexicon(
    data_dir: Path | None = None, overlay: Path | None | bool = None, bundled: tuple[str, ...] | None = None
) -> Lexicon:
    """Bundled dictionaries merged with the user overlay (``overlay=False`` skips it).

    ``bundled`` limits the bundled files read (e.g. only the cues and roles).
    """
    lexicon = Lexicon()
    folder = data_dir or DATA_DIR
    for name in bundled if bundled is not None else BUNDLED_FILES:
        path = folder / name
        if path.is_file():
            _read(path, lexicon)
    if bundled is None:
        for extra in sorted(folder.glob("*.toml")):
            if extra.name not in BUNDLED_FILES:
                _read(extra, lexicon)
    if overlay is not False:
        folder = overlay if isinstance(overlay, Path) else overlay_dir()
        if folder.is_dir():
            for path in sorted(folder.glob("*.toml")):
                _read(path, lexicon)
    return lexicon
