"""Compiled dictionaries: actor/place/descriptor trie, issue trie and cue trie."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from tui.analysis.lexicon import Lexicon, load_lexicon
from tui.analysis.matcher import Trie, phrase_tokens, phrase_words, verb_forms, word_forms
from tui.analysis.model import STANCES
from tui.analysis.people import PeopleIndex, build_people


@dataclass(frozen=True, slots=True)
class Entry:
    """One dictionary phrase: what it names and how it may match."""

    kind: str  # actor | adjective | place | not_actor | descriptor
    id: str  # actor id, place id, descriptor class ("" for not_actor)
    words: tuple[str, ...] | None = None  # case-sensitive: exact tokens
    capital: bool = False  # the text must start with an upper-case letter
    metonym: bool = False  # a capital or seat standing for the actor ("Beijing", "the Kremlin")


@dataclass(frozen=True, slots=True)
class Cue:
    stance: str
    kind: str  # verb | phrase | noun
    base: str
    that_only: bool = False


@dataclass
class Gazetteer:
    lexicon: Lexicon
    actors: Trie = field(default_factory=Trie)
    issues: Trie = field(default_factory=Trie)
    cues: Trie = field(default_factory=Trie)
    role_words: frozenset[str] = frozenset()
    role_links: frozenset[str] = frozenset()
    blocking: frozenset[str] = frozenset()
    holder_preps: frozenset[str] = frozenset()
    descriptor_kinds: dict[str, tuple[str, ...]] = field(default_factory=dict)
    descriptor_unbound: frozenset[str] = frozenset()
    descriptor_heads: frozenset[str] = frozenset()
    descriptor_groups: dict[str, int] = field(default_factory=dict)  # class -> members (0: none)
    place_issues: dict[str, list[str]] = field(default_factory=dict)
    fingerprint: str = ""
    people: PeopleIndex = field(default_factory=PeopleIndex)

    def actor_info(self, actor_id: str) -> tuple[str, str]:
        entry = self.lexicon.actors.get(actor_id) or {}
        place = self.lexicon.places.get(actor_id)
        if not entry and place:
            names = place.get("names") or [actor_id]
            return names[0], "place"
        return entry.get("name", actor_id), entry.get("kind", "state")


def _capitalised(phrase: str) -> bool:
    for char in phrase:
        if char.isalpha():
            return char.isupper()
    return False


def build(lexicon: Lexicon, fingerprint: str | None = None) -> Gazetteer:
    """The compiled dictionaries; ``fingerprint`` when the caller has computed it (it hashes them all)."""
    gaz = Gazetteer(lexicon=lexicon, fingerprint=fingerprint or lexicon.fingerprint())
    trie = gaz.actors

    def add(phrase: str, entry: Entry) -> None:
        tokens = phrase_tokens(phrase)
        if tokens:
            trie.add(tokens, entry)

    for actor_id, data in lexicon.actors.items():
        for field_name in ("name", "aliases", "people", "metonyms", "leaders"):
            values = data.get(field_name) or []
            if isinstance(values, str):
                values = [values]
            for phrase in values:
                add(phrase, Entry("actor", actor_id, capital=_capitalised(phrase), metonym=field_name == "metonyms"))
        for phrase in data.get("exact") or []:
            add(phrase, Entry("actor", actor_id, words=tuple(phrase_words(phrase))))
        for phrase in data.get("adjectives") or []:
            add(phrase, Entry("adjective", actor_id, capital=_capitalised(phrase)))
    for place_id, data in lexicon.places.items():
        for phrase in data.get("names") or []:
            add(phrase, Entry("place", place_id, capital=_capitalised(phrase)))
        gaz.place_issues[place_id] = list(data.get("issues") or [])
    for phrase in lexicon.not_actors:
        add(phrase, Entry("not_actor", ""))
    for name, data in lexicon.descriptors.items():
        gaz.descriptor_kinds[name] = tuple(data.get("kinds") or ("state",))
        if data.get("bind") is False:
            gaz.descriptor_unbound |= {name}
        if data.get("group"):
            gaz.descriptor_groups[name] = int(data["group"])
        heads = {phrase_tokens(p)[-1] for p in data.get("phrases") or [] if phrase_tokens(p)}
        gaz.descriptor_heads = gaz.descriptor_heads | heads
        for phrase in data.get("phrases") or []:
            add(phrase, Entry("descriptor", name))

    for issue_id, data in lexicon.issues.items():
        for trigger in data.get("triggers") or []:
            for variant in _trigger_variants(trigger, lexicon.irregular):
                gaz.issues.add(variant, issue_id)

    for stance, data in lexicon.cues.items():
        if stance not in STANCES and stance != "none":
            continue
        that_only = set(data.get("that_only") or [])
        for verb in data.get("verbs") or []:
            words = verb.split()
            for form in verb_forms(words[0], lexicon.irregular):
                gaz.cues.add(
                    phrase_tokens(" ".join([form, *words[1:]])),
                    Cue(stance, "verb", verb, verb in that_only),
                )
        for phrase in data.get("phrases") or []:
            words = phrase.split()
            for form in verb_forms(words[0], lexicon.irregular):
                gaz.cues.add(phrase_tokens(" ".join([form, *words[1:]])), Cue(stance, "phrase", phrase))
        for noun in data.get("nouns") or []:
            gaz.cues.add(phrase_tokens(noun), Cue(stance, "noun", noun))

    roles = lexicon.roles
    gaz.role_words = frozenset(w.lower() for w in roles.get("words", []))
    gaz.role_links = frozenset(w.lower() for w in roles.get("links", []))
    gaz.blocking = frozenset(w.lower() for w in roles.get("blocking_prepositions", []))
    gaz.holder_preps = frozenset(w.lower() for w in roles.get("holder_prepositions", []))
    gaz.people = build_people(lexicon.people)
    return gaz


def _trigger_variants(trigger: str, irregular: dict[str, Any]) -> list[list[str]]:
    tokens = phrase_tokens(trigger.lower())
    if not tokens:
        return []
    lasts = word_forms(tokens[-1], irregular)
    firsts = verb_forms(tokens[0], irregular) if len(tokens) > 1 and tokens[0].isalpha() else [tokens[0]]
    variants = []
    for first in firsts:
        for last in lasts:
            if len(tokens) == 1:
                variants.append([last])
            else:
                variants.append([first, *tokens[1:-1], last])
        if len(tokens) == 1:
            break
    return variants


_CACHE: dict[str, Gazetteer] = {}
_STATS: dict[tuple[tuple[str, int, int], ...], Gazetteer] = {}
_LOCK = threading.Lock()


def _file_stats() -> tuple[tuple[str, int, int], ...]:
    """Name, size and modification time of every dictionary file that would be read.

    Cheap (a few ``stat`` calls): a cache hit need not re-read and hash the TOML.
    """
    from tui.analysis.lexicon import DATA_DIR, overlay_dir

    stats = []
    for folder in (DATA_DIR, overlay_dir()):
        try:
            paths = sorted(folder.glob("*.toml"))
        except OSError:
            continue
        for path in paths:
            try:
                st = path.stat()
            except OSError:
                continue
            stats.append((str(path), st.st_size, st.st_mtime_ns))
    return tuple(stats)


def default_gazetteer() -> Gazetteer:
    """The gazetteer of the bundled dictionaries plus the user overlay (memoised).

    Remembered by the files' names, sizes and modification times; when any of
    them changes, the dictionaries are read again and the gazetteer is rebuilt
    only if their content fingerprint changed.
    """
    stats = _file_stats()
    with _LOCK:
        gaz = _STATS.get(stats)
    if gaz is not None:
        return gaz
    lexicon = load_lexicon()
    key = lexicon.fingerprint()
    with _LOCK:
        gaz = _CACHE.get(key)
        if gaz is None:
            gaz = build(lexicon, key)
            _CACHE.clear()
            _CACHE[key] = gaz
        _STATS.clear()
        _STATS[stats] = gaz
    return gaz
