"""People who speak for an actor: officials named by title and name, remembered per document.

"President Biden stressed", "Mr. Sullivan proposed", "Prime Minister Kishida Fumio of
Japan": a person mention holds for the actor the person speaks for. The bundled
``data/people.toml`` lists heads of state and government, foreign ministers and other
officials with the years of their offices, so that a document's date picks the right
person for a bare title ("the President" in a 2022 readout); a ``people.toml`` in the
dictionary overlay folder adds to it. A titled name that no dictionary knows is still a
person: its actor comes from the text ("of Japan", "Israeli Prime Minister ...").

Within a document the :class:`PeopleMemory` remembers who was named, so a bare surname,
"the Secretary" or "he" can be resolved to the same person later.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from tui.analysis.matcher import Tokens, Trie, norm, phrase_tokens

# Title phrases (lower-case tokens) and the role each names; longest match wins.
TITLES: dict[str, str] = {
    "president": "head-of-state",
    "vice president": "vice-head-of-state",
    "vice-president": "vice-head-of-state",
    "prime minister": "head-of-government",
    "premier": "head-of-government",
    "chancellor": "head-of-government",
    "king": "head-of-state",
    "queen": "head-of-state",
    "emir": "head-of-state",
    "amir": "head-of-state",
    "crown prince": "head-of-government",
    "supreme leader": "head-of-state",
    "foreign minister": "foreign-minister",
    "minister of foreign affairs": "foreign-minister",
    "minister for foreign affairs": "foreign-minister",
    "federal minister for foreign affairs": "foreign-minister",
    "external affairs minister": "foreign-minister",
    "minister of external affairs": "foreign-minister",
    "secretary of state": "foreign-minister",
    "foreign secretary": "foreign-minister",
    "state councilor": "foreign-minister",
    "deputy secretary of state": "deputy-foreign-minister",
    "deputy secretary": "deputy-foreign-minister",
    "deputy foreign minister": "deputy-foreign-minister",
    "defense secretary": "defence-minister",
    "defence secretary": "defence-minister",
    "secretary of defense": "defence-minister",
    "defence minister": "defence-minister",
    "defense minister": "defence-minister",
    "national security advisor": "national-security-adviser",
    "national security adviser": "national-security-adviser",
    "press secretary": "spokesperson",
    "spokesperson": "spokesperson",
    "spokesman": "spokesperson",
    "spokeswoman": "spokesperson",
    "department spokesperson": "spokesperson",
    "ambassador": "un-ambassador",
    "secretary-general": "secretary-general",
    "secretary general": "secretary-general",
    "high representative": "high-representative",
    "secretary": "minister",
    "minister": "minister",
    "mr": "",
    "mr.": "",
    "ms": "",
    "ms.": "",
    "mrs": "",
    "mrs.": "",
    "dr": "",
    "madam": "",
}
# titles that may stand alone for a person named before ("the President", "the Secretary")
BARE_TITLES = frozenset(t for t, role in TITLES.items() if role and t not in ("minister", "ambassador"))
# capitalised words that are no part of a personal name ("ASEAN Secretary General", "President Monday")
NOT_NAMES = frozenset(
    """general council department ministry office house state states nations union republic kingdom
    government administration assembly commission committee agency court parliament congress senate
    january february march april may june july august september october november december monday
    tuesday wednesday thursday friday saturday sunday today the of and on in at""".split()
)
# a long title stands also for its short form: "Secretary of State X" is "the Secretary"
SHORT_TITLES = {
    "secretary of state": "secretary",
    "deputy secretary of state": "deputy secretary",
    "secretary of defense": "secretary",
    "foreign secretary": "secretary",
}
GOVERNMENT_NOUNS = frozenset({"regime", "government", "administration", "cabinet", "junta"})
NAME_PARTICLES = frozenset({"da", "de", "do", "dos", "van", "von", "der", "bin", "al", "el", "la", "le", "di"})
SUFFIXES = frozenset({"jr", "sr", "ii", "iii"})


@dataclass(frozen=True, slots=True)
class Office:
    role: str
    title: str
    start: int
    end: int | None  # None: still in office


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    actor: str
    surnames: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    offices: tuple[Office, ...] = ()

    def in_office(self, year: int | None, role: str | None = None) -> bool:
        for office in self.offices:
            if role and office.role != role:
                continue
            if year is None or (office.start <= year and (office.end is None or year <= office.end)):
                return True
        return False


@dataclass
class PeopleIndex:
    """Every known person, found by full name, alias or surname."""

    people: list[Person] = field(default_factory=list)
    names: Trie = field(default_factory=Trie)  # full names and aliases -> person index
    surnames: dict[str, list[int]] = field(default_factory=dict)  # lower-case surname -> people
    # the last word of every name and alias: after a title only ("Secretary Austin", "MR PRICE"),
    # where a surname that is also a word or a place ("Austin", "Price") is safe
    family: dict[str, list[int]] = field(default_factory=dict)
    first_words: set[str] = field(default_factory=lambda: {t.split()[0] for t in TITLES})  # where a match can start
    by_name: dict[str, Person] = field(default_factory=dict)
    by_office: dict[tuple[str, str], list[Person]] = field(default_factory=dict)  # (actor, role) -> holders
    problems: list[str] = field(default_factory=list)

    def add(self, person: Person) -> None:
        index = len(self.people)
        self.people.append(person)
        self.by_name.setdefault(person.name, person)
        for role in dict.fromkeys(office.role for office in person.offices):
            self.by_office.setdefault((person.actor, role), []).append(person)
        for phrase in (person.name, *person.aliases):
            tokens = phrase_tokens(phrase)
            if tokens:
                self.names.add(tokens, index)
                self.first_words.add(tokens[0])
        for surname in person.surnames:
            self.surnames.setdefault(norm(surname), []).append(index)
            self.first_words.add(norm(surname))  # "the Lukashenka regime"
        for phrase in (person.name, *person.aliases):
            words = [w for w in phrase_tokens(phrase) if w.isalpha() and w not in SUFFIXES and len(w) > 1]
            if words and index not in self.family.get(words[-1], []):
                self.family.setdefault(words[-1], []).append(index)

    def by_surname(self, word: str, year: int | None, role: str | None = None) -> Person | None:
        """The person of that surname, preferring one in office in ``year`` (with ``role``)."""
        candidates = [self.people[i] for i in self.surnames.get(word, ())]
        return _pick(candidates, year, role)

    def by_family_name(self, word: str, year: int | None, role: str | None = None) -> Person | None:
        """The person whose name ends in ``word`` and who held the title's office that year
        ("Secretary Austin" in 2022): stricter than a surname, since any word can end a name."""
        if year is None:
            return None
        wanted = None if role in (None, "", "minister") else role  # "Mr.", "Secretary": any office
        fitting = [self.people[i] for i in self.family.get(word, ()) if self.people[i].in_office(year, wanted)]
        return fitting[0] if len(fitting) == 1 else None

    def holder(self, actor: str, role: str, year: int | None) -> Person | None:
        """Who held ``role`` for ``actor`` in ``year`` ("the President" of a 2022 US readout)."""
        if year is None:
            return None
        matches = [p for p in self.by_office.get((actor, role), ()) if p.in_office(year, role)]
        return matches[0] if len(matches) == 1 else None


def _pick(candidates: list[Person], year: int | None, role: str | None) -> Person | None:
    if not candidates:
        return None
    if len(candidates) == 1:
        return candidates[0]
    for wanted in ((year, role), (year, None)):
        fitting = [p for p in candidates if p.in_office(*wanted)]
        if len(fitting) == 1:
            return fitting[0]
    return None


def build_people(entries: Iterable[object]) -> PeopleIndex:
    """The index of every valid ``[[person]]`` entry; the others are named in ``problems``."""
    index = PeopleIndex()
    for number, entry in enumerate(entries, 1):
        person = _person(entry)
        if isinstance(person, str):
            index.problems.append(f"person {number}: {person}")
        else:
            index.add(person)
    return index


def _strings(value: object) -> tuple[str, ...] | None:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value):
        return tuple(value)
    return None


def _person(entry: object) -> Person | str:
    """A validated person, or the reason it is not one."""
    if not isinstance(entry, dict):
        return "not a table"
    name, actor = entry.get("name"), entry.get("actor")
    if not isinstance(name, str) or not name.strip():
        return "'name' must be a non-empty string"
    if not isinstance(actor, str) or not actor.strip():
        return f"{name}: 'actor' must be an actor id"
    surnames = _strings(entry.get("surnames", []))
    aliases = _strings(entry.get("aliases", []))
    if surnames is None or aliases is None:
        return f"{name}: 'surnames' and 'aliases' must be lists of strings"
    offices = []
    for office in entry.get("offices", []) if isinstance(entry.get("offices", []), list) else [None]:
        if not isinstance(office, dict):
            return f"{name}: every office must be a table"
        start, end = office.get("from"), office.get("to")
        if not isinstance(start, int) or not (end is None or isinstance(end, int)):
            return f"{name}: office years 'from'/'to' must be whole numbers"
        offices.append(Office(str(office.get("role", "")), str(office.get("title", "")), start, end))
    return Person(name.strip(), actor.strip(), surnames, aliases, tuple(offices))


ActorAt = Callable[[int], "tuple[int, str] | None"]  # the actor named at a token: (end token, id)


@dataclass(frozen=True, slots=True)
class PersonMention:
    i: int
    j: int
    name: str  # the person's name as the dictionary or the text gives it
    actor: str | None
    title: str = ""  # the title it was named with, lower case ("president")
    how: str = ""
    definite: bool = False  # written after "the" ("the President", "the Lukashenka regime"): "the" belongs to it


@dataclass
class PeopleMemory:
    """The people of one document: who was named, by which surname and title."""

    index: PeopleIndex
    year: int | None = None
    by_surname: dict[str, tuple[str, str]] = field(default_factory=dict)  # surname -> (name, actor)
    by_title: dict[str, tuple[str, str]] = field(default_factory=dict)  # title -> (name, actor)
    default_actor: str | None = None  # the document speaker's actor: "the President" of a readout
    # False in a reporter's turn: "President Zelenskyy" in a question does not make him
    # "the President" of the spokesperson's answer
    listening: bool = True

    def remember(self, mention: PersonMention, surname: str) -> None:
        if mention.actor is None:
            return
        self.by_surname[surname] = (mention.name, mention.actor)
        person = (mention.name, mention.actor)
        if not self.listening:
            return
        if mention.title in BARE_TITLES:
            self.by_title[mention.title] = person
            if mention.title in SHORT_TITLES:
                self.by_title[SHORT_TITLES[mention.title]] = person
        for office in self._offices(mention.name):
            title = office.title.lower()
            if title in BARE_TITLES:
                self.by_title.setdefault(title, person)
                if title in SHORT_TITLES:
                    self.by_title.setdefault(SHORT_TITLES[title], person)

    def _offices(self, name: str) -> tuple[Office, ...]:
        person = self.index.by_name.get(name)
        if person is None:
            return ()
        return tuple(o for o in person.offices if self.year is None or o.start <= self.year <= (o.end or 9999))

    # -- matching ----------------------------------------------------------------------
    def match(self, tok: Tokens, i: int, actor_at: ActorAt) -> PersonMention | None:
        """A person starting at token ``i``: title + name, a known full name, or a remembered surname.

        ``actor_at(k)`` gives (end, actor id) of an actor mention starting at token k, for
        "Prime Minister Kishida of Japan".
        """
        words, lower = tok.words, tok.lower
        if not words[i][:1].isupper() or (lower[i] not in self.index.first_words and lower[i] not in self.by_surname):
            return None
        title_end, title = _title_at(lower, i)
        if title_end > i:
            k = title_end
            if k < len(tok) and lower[k] == "." and title in ("mr", "ms", "mrs", "dr"):
                k += 1
            end = name_end(tok, k)
            if end > k:
                return self._titled(tok, i, k, end, title, actor_at)
            followed_by_of = title_end < len(tok) and lower[title_end] == "of"
            if title in BARE_TITLES and not followed_by_of and (i == 0 or lower[i - 1] == "the"):
                return self._bare_title(i, title_end, title)
            return None
        if i + 1 < len(tok) and lower[i + 1] in GOVERNMENT_NOUNS:
            leader = self.index.by_surname(lower[i], self.year) or self.index.by_family_name(lower[i], self.year)
            if leader is not None:  # "the Lukashenka regime", "the Biden administration": the state
                how = "the government named by its leader"
                return PersonMention(i, i + 2, leader.name, leader.actor, "", how, definite=True)
        found = self.index.names.longest(lower, i, len(tok))
        if found is not None:
            j, ids = found
            person = _pick([self.index.people[x] for x in ids], self.year, None)
            if person is not None and name_end(tok, i) >= j:
                mention = PersonMention(i, _extend_suffix(tok, j), person.name, person.actor, "", "known name")
                self.remember(mention, lower[j - 1])
                return mention
        if lower[i] in self.by_surname and (i + 1 >= len(tok) or not words[i + 1][:1].isupper()):
            name, actor = self.by_surname[lower[i]]
            return PersonMention(i, i + 1, name, actor, "", "surname named before in the document")
        return None

    def _titled(self, tok: Tokens, i: int, k: int, end: int, title: str, actor_at: ActorAt) -> PersonMention:
        words, lower = tok.words, tok.lower
        name = " ".join(w for w in words[k:end] if w not in (",", "."))
        role = TITLES.get(title) or None
        surname_tokens = [w for w in lower[k:end] if w.isalpha() and w not in SUFFIXES and len(w) > 1]
        person = None
        found = self.index.names.longest(lower, k, end)
        if found is not None:
            person = _pick([self.index.people[x] for x in found[1]], self.year, role)
        for word in reversed(surname_tokens) if person is None else ():
            person = self.index.by_surname(word, self.year, role) or self.index.by_family_name(word, self.year, role)
            if person is not None:
                break
        if person is None:
            for word in surname_tokens:
                if word in self.by_surname:
                    person_name, named = self.by_surname[word]
                    return PersonMention(i, end, person_name, named, title, "surname named before in the document")
        after = actor_at(end + 1) if end + 1 < len(tok) and lower[end] == "of" else None
        if after is None and end + 2 < len(tok) and lower[end] == "of" and lower[end + 1] == "the":
            after = actor_at(end + 2)
        actor = after[1] if after is not None else (person.actor if person is not None else None)
        how = "known person" if person is not None else ("titled name of the named actor" if after else "titled name")
        mention = PersonMention(i, end, person.name if person is not None else name, actor, title, how)
        for word in surname_tokens:
            self.remember(mention, word)
        return mention

    def named(self, tok: Tokens, i: int, end: int, actor: str, title: str) -> PersonMention:
        """A person named after a role the text gives an actor ("Israeli Prime Minister X")."""
        words, lower = tok.words, tok.lower
        name = " ".join(w for w in words[i:end] if w not in (",", "."))
        found = self.index.names.longest(lower, i, end)
        if found is not None:
            person = _pick([self.index.people[x] for x in found[1]], self.year, None)
            name = person.name if person is not None else name
        mention = PersonMention(i, end, name, actor, title, "named after its actor's role")
        for word in lower[i:end]:
            if word.isalpha() and word not in SUFFIXES and len(word) > 1:
                self.remember(mention, word)
        return mention

    def _bare_title(self, i: int, j: int, title: str) -> PersonMention | None:
        if title in self.by_title:
            name, actor = self.by_title[title]
            return PersonMention(i, j, name, actor, title, "title of the person named before", definite=True)
        role = TITLES[title]
        if self.default_actor is not None:
            person = self.index.holder(self.default_actor, role, self.year)
            if person is not None:
                how = "title held for the speaker's actor that year"
                return PersonMention(i, j, person.name, person.actor, title, how, definite=True)
        return None


def _title_at(lower: list[str], i: int) -> tuple[int, str]:
    """The longest title starting at token ``i``: (end token, title), or (i, "")."""
    for length in (5, 4, 3, 2, 1):
        phrase = " ".join(lower[i : i + length])
        if len(lower) >= i + length and phrase in TITLES:
            return i + length, phrase
    return i, ""


def name_end(tok: Tokens, k: int) -> int:
    """The end of a personal name starting at ``k``: capitalised words, initials, particles, "Jr."."""
    words, lower = tok.words, tok.lower
    n = len(tok)
    end = k
    count = 0
    while end < n and count < 5:
        w = words[end]
        if (
            w[:1].isupper()
            and w.replace("-", "").replace("'", "").isalpha()
            and lower[end] not in TITLES
            and lower[end] not in NOT_NAMES
        ):
            end += 1
            count += 1
            if end < n and lower[end] == "." and len(w) == 1:
                end += 1  # an initial: "Joseph R. Biden"
            continue
        if count and lower[end] in NAME_PARTICLES and end + 1 < n and words[end + 1][:1].isupper():
            end += 1
            continue
        break
    return _extend_suffix(tok, end) if count else k


def _extend_suffix(tok: Tokens, end: int) -> int:
    """ ", Jr." after a name belongs to it."""
    lower = tok.lower
    if end + 1 < len(tok) and lower[end] == "," and lower[end + 1] in SUFFIXES:
        end += 2
        if end < len(tok) and lower[end] == ".":
            end += 1
    return end
