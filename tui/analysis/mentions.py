"""Stage 1 of a sentence: actor mentions, issue mentions and stance cues.

Actors are matched longest-first against the gazetteer and composed with the
role words after them ("Chinese foreign ministry"); people are found by title
and name ("President Biden", "Mr. Sullivan", "Israeli Prime Minister Benjamin
Netanyahu") and stand for the actor they speak for; first person ("we", "my
delegation") stands for the current speaker. Pronouns and descriptors ("the
government", "both ministers") are kept unresolved for the coreference stage.
Cues are only looked for on tokens that no actor mention covers.
"""

from __future__ import annotations

from dataclasses import dataclass

from tui.analysis.gazetteer import Cue, Entry, Gazetteer
from tui.analysis.matcher import Tokens
from tui.analysis.people import TITLES, ActorAt, PeopleMemory, name_end
from tui.analysis.speakers import Speaker
from tui.analysis.vocabulary import DETERMINERS, FIRST_PERSON, FIRST_PERSON_NOUNS, LOCATIVE, PRONOUNS, VERBISH


@dataclass(slots=True)
class M:
    """An actor mention inside the pipeline (token indices)."""

    i: int
    j: int
    id: str | None
    kind: str  # actor | adjective | role | person | first | place | descriptor | pronoun
    weak: bool = False
    resolved: bool = False
    note: str = ""
    cls: str = ""  # descriptor class
    also: tuple[str, ...] = ()  # further members of a group ("both governments")
    person: str = ""  # the person named ("Joe Biden") when the mention is a person


@dataclass(slots=True)
class SentenceContext:
    """What every stage after mention finding reads about one sentence."""

    text: str  # the whole document: mentions and cues are quoted from it in traces
    tok: Tokens
    mentions: list[M]
    starts: dict[int, M]  # mentions (not places) by their first token
    in_quote: list[bool]  # per token: inside quotation marks

    def span(self, m: M) -> str:
        return self.text[self.tok.starts[m.i] : self.tok.ends[m.j - 1]]


# -- actors ----------------------------------------------------------------------
def find_actors(
    tok: Tokens,
    gaz: Gazetteer,
    actor_first: frozenset[str],
    cue_first: frozenset[str],
    speaker: Speaker | None = None,
    people: PeopleMemory | None = None,
) -> list[M]:
    """Actor, person, role, descriptor and pronoun mentions, left to right, not overlapping.

    ``actor_first`` and ``cue_first`` are the first tokens of the actor and cue
    entries (computed once per document); ``speaker`` holds the first person;
    ``people`` remembers the document's people (and learns the new ones).
    """
    lower = tok.lower
    n = len(tok)
    out: list[M] = []
    actor_at = actor_lookup(tok, gaz, actor_first)
    person_starts = people.index.first_words if people is not None else frozenset()  # titles, first names
    i = 0
    while i < n:
        word = lower[i]
        if word in PRONOUNS:
            out.append(M(i, i + 1, None, "pronoun"))
            i += 1
            continue
        if word in FIRST_PERSON and (first := first_person(tok, i, speaker)) is not None:
            out.append(first)
            i = first.j
            continue
        if people is not None and (
            word in person_starts
            or word in people.by_surname
            or (word == "the" and i + 1 < n and lower[i + 1] in person_starts)
        ):
            named = people.match(tok, i + (word == "the"), actor_at)
            if named is not None and (word != "the" or named.definite):
                if named.actor is not None:
                    resolved = named.how not in ("known person", "known name", "titled name of the named actor")
                    out.append(
                        M(i, named.j, named.actor, "person", resolved=resolved, note=named.how, person=named.name)
                    )
                else:  # a titled name no dictionary knows: resolved like "the minister"
                    out.append(M(i, named.j, None, "descriptor", cls="person", person=named.name))
                i = named.j
                continue
        if (
            word in ("his", "her")
            and i + 1 < n
            and lower[i + 1] in gaz.role_words
            and lower[i + 1] not in gaz.role_links
        ):
            # "his government", "her office": whoever he or she speaks for
            k = i + 1
            while k < n and lower[k] in gaz.role_words:
                k += 1
            out.append(M(i, k, None, "descriptor", cls="person"))
            i = k
            continue
        if word == "the" and i + 2 < n and lower[i + 1] == "two" and verb_like(lower[i + 2], cue_first):
            # "and the two agreed that": the two actors just named
            out.append(M(i, i + 2, None, "descriptor", cls="two"))
            i += 2
            continue
        if word not in actor_first:
            i += 1
            continue
        found = gaz.actors.longest(lower, i, n)
        if found is None:
            i += 1
            continue
        j, payloads = found
        entry = valid_entry(payloads, tok, i, j)
        if entry is None:
            i += 1
            continue
        if entry.kind == "not_actor":
            i = j
            continue
        # role composition: "Chinese foreign ministry", "Pakistan's foreign ministry"
        k = j
        if k < n and lower[k] in ("'s", "'"):
            k += 1
            # one modifier before the role: "Mali's transitional government"
            if (
                entry.kind == "actor"
                and k + 1 < n
                and lower[k] not in gaz.role_words
                and tok.words[k].isalpha()
                and tok.words[k].islower()
                and lower[k + 1] in gaz.role_words
                and lower[k + 1] not in gaz.role_links
            ):
                k += 1
        last = None
        while k < n and lower[k] in gaz.role_words:
            if lower[k] not in gaz.role_links:
                last = k + 1
            k += 1
        if entry.kind == "descriptor":
            out.append(M(i, last or j, None, "descriptor", cls=entry.id))
            i = last or j
            continue
        kind = entry.kind
        if last is not None:
            j = last
            kind = "role" if entry.kind in ("actor", "adjective") else entry.kind
        weak = kind == "adjective"
        if entry.metonym and kind == "actor":
            kind = "metonym"  # a city for its government: a venue when located ("talks in Beijing")
        person = ""
        if people is not None and kind == "role" and lower[j - 1] in TITLES and (end := name_end(tok, j)) > j:
            # "Israeli Prime Minister Benjamin Netanyahu": the person named after the role
            person = people.named(tok, j, end, entry.id, lower[j - 1]).name
            j, kind = end, "person"
        out.append(M(i, j, entry.id, kind, weak=weak, person=person))
        i = j
    return out


def actor_lookup(tok: Tokens, gaz: Gazetteer, actor_first: frozenset[str]) -> ActorAt:
    """The actor named at a token, as (end token, id), for "Prime Minister Kishida of Japan"."""

    def actor_at(k: int) -> tuple[int, str] | None:
        if k >= len(tok) or tok.lower[k] not in actor_first:
            return None
        found = gaz.actors.longest(tok.lower, k, len(tok))
        if found is None:
            return None
        entry = valid_entry(found[1], tok, k, found[0])
        if entry is None or entry.kind != "actor":
            return None
        return found[0], entry.id

    return actor_at


def first_person(tok: Tokens, i: int, speaker: Speaker | None) -> M | None:
    """ "we", "our", "my delegation": the current speaker's actor (all of a joint statement's)."""
    word = tok.words[i]
    if speaker is None or not speaker.actors or word in ("US", "Us"):
        return None
    if word == "I" and (i + 1 >= len(tok) or not tok.words[i + 1][:1].islower()):
        return None  # "World War I", "Annex I"
    j = i + 1
    if tok.lower[i] in ("my", "our") and j < len(tok) and tok.lower[j] in FIRST_PERSON_NOUNS:
        j += 1
    note = f"first person -> the speaker ({speaker.how})"
    return M(i, j, speaker.actors[0], "first", resolved=True, note=note, also=speaker.actors[1:])


def actors_named(text: str, gaz: Gazetteer) -> list[tuple[int, int, str, str]]:
    """(start, end, actor id, kind) of the actors a short text (a title, a source) names.

    ``kind`` is the actor's kind (state, organisation, ...), "role" for "U.S.
    Department of State", "person" for a known person, or "place".
    """
    from tui.analysis.matcher import tokenize

    tok = tokenize(text.replace("-", " "))  # "United States-Japan": each part is a name
    lower = tok.lower
    n = len(tok)
    first = gaz.actors.first_tokens()
    people = PeopleMemory(gaz.people)
    out = []
    i = 0
    while i < n:
        person = people.match(tok, i, lambda k: None)
        if person is not None and person.actor is not None:
            out.append((tok.starts[i], tok.ends[person.j - 1], person.actor, "person"))
            i = person.j
            continue
        found = gaz.actors.longest(lower, i, n) if lower[i] in first else None
        entry = valid_entry(found[1], tok, i, found[0]) if found is not None else None
        if found is None or entry is None:
            i += 1
            continue
        j = found[0]
        k = j + (j < n and lower[j] in ("'s", "'"))
        while k < n and lower[k] in gaz.role_words:
            k += 1
        if entry.kind in ("actor", "adjective") and k > j and lower[k - 1] not in gaz.role_links:
            out.append((tok.starts[i], tok.ends[k - 1], entry.id, "role"))
        elif entry.kind == "actor":
            out.append((tok.starts[i], tok.ends[j - 1], entry.id, gaz.actor_info(entry.id)[1]))
        elif entry.kind == "place":
            out.append((tok.starts[i], tok.ends[j - 1], entry.id, "place"))
        i = max(j, k) if entry.kind != "place" else j
    return out


def verb_like(word: str, cue_first: frozenset[str]) -> bool:
    return word in VERBISH or word in cue_first or word in ("also", "then", "later", "jointly")


def valid_entry(payloads: list[Entry], tok: Tokens, i: int, j: int) -> Entry | None:
    """The first entry whose case and exact-word conditions the matched tokens meet."""
    first = tok.words[i]
    for entry in payloads:
        if entry.words is not None:
            if tuple(tok.words[i:j]) == entry.words:
                return entry
            continue
        if entry.capital and not first[:1].isupper():
            continue
        return entry
    return None


def mark_located(tok: Tokens, mentions: list[M], gaz: Gazetteer) -> None:
    """ "Traders in Cotonou", "a summit in Abuja": a place where someone else is, not a holder.

    An actor named after a locative preposition whose head noun is not a role
    ("officials in Nuuk" keeps Nuuk) is kept as a mention but never a subject.
    """
    lower = tok.lower
    ends = {m.j for m in mentions}
    for m in mentions:
        if m.id is None or m.kind in ("pronoun", "descriptor", "place") or m.weak:
            continue
        k = m.i - 1
        if k >= 1 and lower[k] == "the":
            k -= 1
        if k < 1 or lower[k] not in LOCATIVE:
            continue
        head = lower[k - 1]
        if not head.isalpha() or head in gaz.role_words or head in DETERMINERS or k in ends:
            continue
        if head in gaz.descriptor_heads:
            continue
        m.weak = True
        m.note = f"located: {head} {lower[k]} ..."
        if m.kind == "metonym" or " ".join(lower[m.i : m.j]) in SEATS:
            m.kind = "place"  # "a summit in Abuja", "file its complaint in Luxembourg": a venue, no actor
    # "Traders in Cotonou and Lome": the places listed with a located one
    previous = None
    for m in mentions:
        if previous is not None and previous.note.startswith("located") and m.id is not None and not m.weak:
            gap = lower[previous.j : m.i]
            if gap in (["and"], [","], ["and", "the"], [",", "and"]):
                m.weak, m.note = True, previous.note
        previous = m


# seats of courts and organisations: where they sit, not who acts
SEATS = frozenset({"luxembourg", "the hague", "hague", "geneva", "strasbourg", "vienna", "new york", "brussels"})


# -- issues ----------------------------------------------------------------------
def find_issues(
    tok: Tokens, mentions: list[M], gaz: Gazetteer, issue_first: frozenset[str]
) -> list[tuple[str, int, int]]:
    """Issue mentions as (issue id, start, end) character offsets, in text order.

    Trigger phrases first, then the issues a mentioned place stands for.
    """
    lower = tok.lower
    n = len(tok)
    out: list[tuple[str, int, int]] = []
    i = 0
    while i < n:
        if lower[i] in issue_first and not _glued(tok, i):
            found = gaz.issues.longest(lower, i, n)
            if found is not None:
                j, ids = found
                for issue_id in dict.fromkeys(ids):
                    out.append((issue_id, tok.starts[i], tok.ends[j - 1]))
                i = j
                continue
        i += 1
    for m in mentions:
        if m.kind == "place":
            for issue_id in gaz.place_issues.get(m.id or "", []):
                out.append((issue_id, tok.starts[m.i], tok.ends[m.j - 1]))
    return out


def _glued(tok: Tokens, i: int) -> bool:
    """A token joined to the word before by an apostrophe: "ai" in "Ren'ai" is no trigger."""
    return (
        i >= 2
        and tok.lower[i - 1] in ("'", "’")
        and tok.starts[i] == tok.ends[i - 1]
        and tok.starts[i - 1] == tok.ends[i - 2]
    )


# -- cues ------------------------------------------------------------------------
def covered_tokens(mentions: list[M], n: int) -> list[bool]:
    """Tokens inside a named mention: no cue starts there ("Foreign Ministry" is not a cue)."""
    covered = [False] * n
    for m in mentions:
        if m.kind not in ("pronoun", "first") and not m.weak:  # "reaffirm our commitment" stays a cue
            for k in range(m.i, m.j):
                covered[k] = True
    return covered


def find_cues(
    tok: Tokens, covered: list[bool], gaz: Gazetteer, cue_first: frozenset[str]
) -> list[tuple[int, int, Cue]]:
    """Stance cues as (first token, end token, cue), longest match, skipping stance "none"."""
    lower = tok.lower
    n = len(tok)
    out = []
    i = 0
    while i < n:
        if covered[i] or lower[i] not in cue_first:
            i += 1
            continue
        found = gaz.cues.longest(lower, i, n)
        if found is None or any(covered[i : found[0]]):
            i += 1
            continue
        j, cues = found
        cue = pick_cue(cues, tok, i, j)
        if cue.stance == "none":
            i = j
            continue
        out.append((i, j, cue))
        i = j
    return out


def pick_cue(cues: list[Cue], tok: Tokens, i: int, j: int) -> Cue:
    nxt = tok.lower[j] if j < len(tok) else ""
    # claim-type readings win before a complement clause ("views ... that")
    order = {"phrase": 0, "verb": 1, "noun": 2}
    ranked = sorted(cues, key=lambda c: (order[c.kind], 0 if (c.that_only == (nxt == "that")) else 1))
    return ranked[0]
