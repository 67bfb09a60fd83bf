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
import os
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


# The type of every field the pipeline reads; an overlay value of another type is
# dropped with a problem naming the file, the entry and the field, instead of
# crashing the analysis later. "words": a list of non-empty strings.
SCHEMA: dict[str, dict[str, str]] = {
    "actors": {"name": "text", "kind": "text", "aliases": "words", "exact": "words", "adjectives": "words",
               "people": "words", "metonyms": "words", "leaders": "words"},
    "places": {"names": "words", "issues": "words", "country": "text"},
    "issues": {"label": "text", "parent": "text", "triggers": "words"},
    "cues": {"verbs": "words", "phrases": "words", "nouns": "words", "that_only": "words"},
    "descriptors": {"bind": "bool", "group": "int", "kinds": "words", "phrases": "words"},
}
MAX_WORD_CHARS = 200


def _check_words(value: object) -> str | None:
    if not isinstance(value, list):
        return f"should be a list of words, not {_type(value)}"
    for item in value:
        if not isinstance(item, str):
            return f"should hold only words (strings), not {_type(item)}"
        if not item.strip():
            return "holds an empty word"
        if len(item) > MAX_WORD_CHARS:
            return f"holds a word longer than {MAX_WORD_CHARS} characters"
    return None


def _check(kind: str, value: object) -> str | None:
    if kind == "words":
        return _check_words(value)
    if kind == "text":
        return None if isinstance(value, str) and value.strip() else f"should be text, not {_type(value)}"
    if kind == "bool":
        return None if isinstance(value, bool) else f"should be true or false, not {_type(value)}"
    if kind == "int":
        ok = isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 1000
        return None if ok else f"should be a small whole number, not {_type(value)}"
    return None


def _type(value: object) -> str:
    if isinstance(value, bool):
        return "true/false"
    return {str: "text", int: "a number", float: "a number", list: "a list", dict: "a table"}.get(
        type(value), type(value).__name__)


def validate(data: dict[str, Any], source: str, problems: list[str]) -> dict[str, Any]:
    """``data`` with every entry and field of the wrong type dropped; a problem for each."""
    clean: dict[str, Any] = {}
    for table, entries in data.items():
        if table in SCHEMA or table == "irregular":
            if not isinstance(entries, dict):
                problems.append(f"{source}: [{table}] must be a table of entries, not {_type(entries)}; ignored")
                continue
            kept = {}
            for key, entry in entries.items():
                if table == "irregular":
                    error = _check_words(entry)
                    if error:
                        problems.append(f"{source}: irregular.{key} {error}; ignored")
                    else:
                        kept[key] = entry
                    continue
                if not isinstance(entry, dict):
                    problems.append(f"{source}: {table}.{key} must be a table, not {_type(entry)}; ignored")
                    continue
                fields = {}
                for name, value in entry.items():
                    expected = SCHEMA[table].get(name)
                    error = _check(expected, value) if expected else None
                    if error:
                        problems.append(f"{source}: {table}.{key}.{name} {error}; ignored")
                    else:
                        fields[name] = value
                kept[key] = fields
            clean[table] = kept
        elif table in ("not_actors", "roles"):
            if not isinstance(entries, dict):
                problems.append(f"{source}: [{table}] must be a table, not {_type(entries)}; ignored")
                continue
            kept = {}
            for key, value in entries.items():
                error = _check_words(value)
                if error:
                    problems.append(f"{source}: {table}.{key} {error}; ignored")
                else:
                    kept[key] = value
            clean[table] = kept
        elif table == "person":
            # each entry is checked where people are built (tui.analysis.people), which names the bad ones
            if not isinstance(entries, list):
                problems.append(f"{source}: [[person]] must be an array of tables, not {_type(entries)}; ignored")
                continue
            clean[table] = entries
        else:
            problems.append(f"{source}: unknown table [{table}] ignored")
    return clean


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


# Parsing TOML is pure Python: a 10 MB overlay (100,000 actors) takes seconds. Files
# larger than this are kept parsed and validated in the cache folder, keyed by their
# path, size and modification time, under a checksum; anything that does not verify
# is parsed again.
PARSED_CACHE_MIN_BYTES = 256 * 1024
_PARSED_MAGIC = b"BRDICT01"


def _parsed_cache_file(path: Path) -> Path:
    name = hashlib.sha256(str(path.resolve()).encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return paths.cache_dir() / "dictionaries" / f"{name}.bin"


def _stamp(path: Path, stat: os.stat_result) -> bytes:
    return f"{path.resolve()}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode("utf-8", "surrogatepass")


def _cached_parse(path: Path, stat: os.stat_result) -> tuple[dict[str, Any], list[str]] | None:
    import marshal

    try:
        data = _parsed_cache_file(path).read_bytes()
    except OSError:
        return None
    stamp = _stamp(path, stat)
    head = len(_PARSED_MAGIC) + len(stamp)
    if not data.startswith(_PARSED_MAGIC + stamp) or len(data) < head + 32:
        return None
    digest, body = data[head : head + 32], data[head + 32 :]
    if hashlib.blake2b(stamp + body, digest_size=32).digest() != digest:
        return None
    try:
        parsed, problems = marshal.loads(body)
    except (ValueError, EOFError, TypeError):
        return None
    if type(parsed) is not dict or type(problems) is not list:
        return None
    return parsed, problems


def _store_parse(path: Path, stat: os.stat_result, parsed: dict[str, Any], problems: list[str]) -> None:
    import marshal

    from tui.storage import write_atomically

    stamp = _stamp(path, stat)
    try:
        body = marshal.dumps((parsed, problems))
        digest = hashlib.blake2b(stamp + body, digest_size=32).digest()
        write_atomically(_parsed_cache_file(path), _PARSED_MAGIC + stamp + digest + body)
    except (OSError, ValueError):
        pass  # only slower next time


def _read(path: Path, lexicon: Lexicon) -> None:
    """Merge one file; a file that cannot be read or parsed is skipped with a problem."""
    try:
        stat = path.stat()
    except OSError as error:
        lexicon.problems.append(f"{path}: cannot be read ({error.strerror or error}); file ignored")
        return
    cached = _cached_parse(path, stat) if stat.st_size >= PARSED_CACHE_MIN_BYTES else None
    if cached is not None:
        parsed, known = cached
        lexicon.problems.extend(known)
        lexicon.sources.append(path)
        merge_into(lexicon, parsed, str(path))
        return
    try:
        text = path.read_bytes().decode("utf-8")
        data = tomllib.loads(text.removeprefix("\ufeff"))
    except UnicodeDecodeError as error:
        lexicon.problems.append(f"{path}: not UTF-8 (byte {error.start}); file ignored")
        return
    except tomllib.TOMLDecodeError as error:
        lexicon.problems.append(f"{path}: invalid TOML: {error}; file ignored")
        return
    except RecursionError:
        lexicon.problems.append(f"{path}: nested too deeply; file ignored")
        return
    except OSError as error:
        lexicon.problems.append(f"{path}: cannot be read ({error.strerror or error}); file ignored")
        return
    problems: list[str] = []
    parsed = validate(data, str(path), problems)
    if stat.st_size >= PARSED_CACHE_MIN_BYTES:
        _store_parse(path, stat, parsed, problems)
    lexicon.problems.extend(problems)
    lexicon.sources.append(path)
    merge_into(lexicon, parsed, str(path))


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
