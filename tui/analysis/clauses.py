"""Stage 2 of a sentence: quotation marks, clauses and their subjects.

A sentence is cut into clauses at coordinators, relative and subordinating
words, "-ing" cues after a comma, and list punctuation. Each clause gets the
index of its verb; its subject is the first actor mention before that verb
that no preposition blocks. Tokens inside quotation marks never open a clause.

Clause types: ``main``, ``coord`` ("and demanded"), ``sub`` ("that ..."),
``rel`` ("which ..."), ``part`` (", stating that") and ``resume`` (the main
clause going on after an inserted relative clause: "X, who ..., said").
"""

from __future__ import annotations

from dataclasses import dataclass

from tui.analysis.gazetteer import Cue, Gazetteer
from tui.analysis.matcher import Tokens
from tui.analysis.mentions import M, SentenceContext
from tui.analysis.vocabulary import (
    AIDES,
    COORD,
    DETERMINERS,
    DOCUMENT_NOUNS,
    ING_STOP,
    LABEL_BEFORE,
    OPENERS,
    OPENING_SUBORD,
    QUANTIFIERS,
    QUOTES,
    RELATIVE,
    SLOT_WORDS,
    SUBORD,
    VERBISH,
)

CONTRACTED = frozenset({"d", "ll", "ve", "re", "m"})  # what follows the apostrophe of "we'd", "they'll"


@dataclass(slots=True)
class Clause:
    i: int
    j: int
    type: str  # main | coord | sub | rel | part | resume
    subject: M | None = None
    verb: int = 0
    effective: str | None = None  # the holder of the clause: its subject, or resolved by coreference
    how: str = ""
    co: tuple[str, ...] = ()  # coordinated subjects beside ``effective`` ("France and Germany")
    back: int = -1  # resume: the token where the inserted relative clause began
    source: M | None = None  # the mention ``effective`` came from (its person; whether it was resolved)


def quote_flags(tok: Tokens) -> list[bool]:
    """Per token: inside quotation marks (the marks themselves count as inside)."""
    inside = False
    flags = []
    for word in tok.words:
        if word == "“":
            inside = True
            flags.append(True)
        elif word == "”":
            flags.append(True)
            inside = False
        elif word == '"':
            flags.append(True)
            inside = not inside
        else:
            flags.append(inside)
    return flags


def is_question(tok: Tokens) -> bool:
    """A direct question of the writer: the sentence ends with "?" outside quotation marks."""
    words = tok.words
    k = len(words) - 1
    while k >= 0 and words[k] in (")", "*", "_"):
        k -= 1
    return k >= 0 and words[k] == "?"


# -- segmentation ----------------------------------------------------------------
def find_clauses(ctx: SentenceContext, cues: list[tuple[int, int, Cue]]) -> list[Clause]:
    """The clauses of the sentence, each with the index of its verb (subjects come later)."""
    clauses = segment(ctx.tok, ctx.mentions, cues, ctx.in_quote)
    starts = {c[0] for c in cues}
    for clause in clauses:
        clause.verb = verb_index(ctx.tok, ctx.mentions, clause, starts)
    return clauses


def segment(tok: Tokens, mentions: list[M], cues: list[tuple[int, int, Cue]], in_quote: list[bool]) -> list[Clause]:
    """Clause boundaries and types; the clauses cover the sentence without gaps."""
    lower = tok.lower
    n = len(tok)
    starts_mention = {m.i for m in mentions if m.id is not None and m.kind != "place"}
    # "The Secretary and the Foreign Minister expressed": a role descriptor joins the subject
    starts_mention |= {m.i for m in mentions if m.kind == "descriptor" and m.cls == "person" and m.i}
    ends_mention = {m.j for m in mentions if m.id is not None and m.kind != "place"}
    cue_starts = {c[0]: c[2] for c in cues}
    bounds: list[tuple[int, str]] = [(0, "main")]
    backs: dict[int, int] = {}
    inserted = -1  # an inserted relative clause is open since this token ("X, who ..., said")
    depth = 0
    opening = n > 1 and lower[0] in OPENING_SUBORD  # "Should Russia resume strikes, Romania has warned, ..."
    if opening:
        bounds[0] = (0, "sub")
    inside: set[int] = {k for m in mentions if m.id is not None for k in range(m.i + 1, m.j)}  # "Mr. Sullivan", "Jr."
    for k in range(1, n):
        w = lower[k]
        prev = lower[k - 1]
        kind = None
        depth += (w == "(") - (w == ")")
        if in_quote[k] and w not in QUOTES:
            continue
        if k in inside or (prev == "." and k - 1 in inside):
            continue
        if opening and w == "," and depth <= 0:
            opening = False
            if k + 1 < n:
                bounds.append((k + 1, "main"))
            continue
        if inserted >= 0 and w == "," and depth <= 0 and resumes(tok, k + 1, cue_starts):
            # "Myanmar's representative, who was appointed ... and continues ..., told the Council"
            bounds.append((k + 1, "resume"))
            backs[k + 1] = inserted
            inserted = -1
            continue
        if w in (";", ":", "|", "."):
            kind = "main"  # "." inside: list items or table rows the splitter kept together
        elif prev in (";", ":", "|", "."):
            kind = "coord" if w in COORD else "main"
        elif prev == "," and k >= 2 and lower[k - 2] in QUOTES and in_quote[k - 2]:
            kind = "main"  # '"...," the minister said'
        elif w in QUOTES or prev in QUOTES:
            continue
        elif w in COORD:
            if w in ("and", "or"):
                nxt = k + 1
                if nxt < n and lower[nxt] == "the":
                    nxt += 1
                if k in ends_mention and (nxt in starts_mention or k + 1 in starts_mention):
                    continue  # "France and Germany": coordinated subjects
            kind = "coord"
        elif w in RELATIVE:
            kind = "rel"
            if prev == ",":
                inserted = k - 1
            elif prev == "of" and k >= 3 and lower[k - 2] in QUANTIFIERS and lower[k - 3] == ",":
                inserted = k - 3  # "Germany and Sweden, both of which have ..., offered"
        elif w in SUBORD:
            kind = "sub"
        elif prev == "," and w.endswith("ing") and w not in ING_STOP and k in cue_starts:
            kind = "part"
        elif prev in DOCUMENT_NOUNS and w.endswith("ing") and w not in ING_STOP and k in cue_starts:
            kind = "part"  # "issued a statement condemning": the issuer holds it
        if kind == "main":
            inserted = -1
        if kind is not None and bounds[-1][0] != k:
            if bounds[-1][0] == k - 1 and lower[k - 1] in (",",) and kind != "main":
                bounds[-1] = (k - 1, kind) if bounds[-1][1] == "main" and k - 1 == 0 else bounds[-1]
            bounds.append((k, kind))
    clauses = []
    for index, (i, kind) in enumerate(bounds):
        j = bounds[index + 1][0] if index + 1 < len(bounds) else n
        clauses.append(Clause(i, j, kind, back=backs.get(i, -1)))
    return clauses


def resumes(tok: Tokens, k: int, cue_starts: dict[int, Cue]) -> bool:
    """Whether the main clause's verb phrase starts at token ``k`` (after an inserted clause)."""
    lower = tok.lower
    n = len(tok)
    while k < n and (
        lower[k] in ("however", "meanwhile", "also", "in", "turn", ",")
        or (lower[k].endswith("ly") and len(lower[k]) > 3)
    ):
        k += 1
    if k >= n:
        return False
    w = lower[k]
    if w.endswith("ing"):
        return False
    if w in VERBISH:
        return True
    cue = cue_starts.get(k)
    return cue is not None and cue.kind != "noun"


def clause_of(clauses: list[Clause], k: int) -> int:
    """The index of the clause holding token ``k``."""
    for index, c in enumerate(clauses):
        if c.i <= k < c.j:
            return index
    return len(clauses) - 1


def verb_index(tok: Tokens, mentions: list[M], clause: Clause, cue_starts: set[int]) -> int:
    """The first token of the clause that looks like its verb."""
    if clause.type == "part" and clause.i in cue_starts:
        return clause.i
    if clause.type == "resume":
        return clause.i  # "..., stating that", "a statement condemning": the participle
    inside: set[int] = set()
    for m in mentions:
        if clause.i <= m.i < clause.j:
            inside.update(range(m.i, m.j))
    lower = tok.lower
    for k in range(clause.i + 1, clause.j):
        if k in inside:
            continue
        w = lower[k]
        if (
            k in cue_starts
            or w in VERBISH
            or (len(w) > 4 and w.endswith(("ed", "ing")) and w not in ING_STOP and lower[k - 1] not in DETERMINERS)
        ):
            return k
    return clause.j


# -- subjects --------------------------------------------------------------------
def subject(ctx: SentenceContext, gaz: Gazetteer, clause: Clause, before: int, skip_quoted: bool = False) -> M | None:
    """The first actor mention of the clause before token ``before`` not behind a preposition.

    ``skip_quoted``: an actor inside quotation marks is not the subject (the speaker is).
    """
    lower = ctx.tok.lower
    in_quote = ctx.in_quote
    blocked = False
    by_start = ctx.starts
    k = clause.i
    if lower[k] in OPENERS:
        # "Speaking for the A3 (Congo, Liberia and Somalia), Somalia's delegate urged": the speaker
        depth = 0
        for c in range(k + 1, before):
            depth += (lower[c] == "(") - (lower[c] == ")")
            if lower[c] == "," and depth <= 0:
                k = c + 1
                break
    while k < before:
        w = lower[k]
        m = by_start.get(k)
        if m is not None and m.id is not None:
            possessor = (
                m.j + 1 < len(lower)
                and lower[m.j] in ("'s", "'")
                and lower[m.j + 1] not in gaz.role_words
                and lower[m.j + 1] not in CONTRACTED  # "We'd urge", "we'll": no possessive
            )
            if m.j <= before and not blocked and not m.weak and not possessor and not (skip_quoted and in_quote[k]):
                return m
            k = m.j
            continue
        if w in gaz.blocking and not (w == "to" and k and lower[k - 1] in AIDES):
            blocked = True
        elif w == ",":
            blocked = False
        k += 1
    return None


def clause_subject(
    ctx: SentenceContext, gaz: Gazetteer, clause: Clause, before: int, skip_quoted: bool = False
) -> M | None:
    """The subject of the clause: an actor before its verb (or after an opening phrase)."""
    limit = min(before, clause.verb)
    found = subject(ctx, gaz, clause, limit, skip_quoted)
    if found is None and clause.type == "main":
        lower = ctx.tok.lower
        commas = [k for k in range(clause.i, before) if lower[k] == ","]
        if commas and commas[-1] >= limit and commas[-1] + 1 < clause.j:  # "He said," ends at its comma
            sub = Clause(commas[-1] + 1, clause.j, clause.type)
            found = subject(ctx, gaz, sub, before, skip_quoted)
    return found


def empty_slot(tok: Tokens, clause: Clause) -> bool:
    """Whether the clause has no subject of its own before its verb ("and demanded")."""
    lower = tok.lower
    start = clause.i + 1 if clause.type != "main" else clause.i
    for k in range(start, clause.verb):
        w = lower[k]
        if w in SLOT_WORDS or w.endswith("ly") or w in QUOTES:
            continue
        return False
    return True


def label(tok: Tokens, clause: Clause, done: list[M]) -> M | None:
    """ "- Russia: said the deal was dead", "| Iran | rejected the plan": the actor labelling the item."""
    lower = tok.lower
    if clause.type != "main" or clause.i < 2 or lower[clause.i - 1] not in (":", "|"):
        return None
    m = next((d for d in reversed(done) if d.j == clause.i - 1), None)
    if m is None or m.weak or m.kind == "pronoun":
        return None
    if m.i and lower[m.i - 1] not in LABEL_BEFORE:
        return None
    return m


def co_subjects(ctx: SentenceContext, subject: M, limit: int) -> tuple[str, ...]:
    """Further holders beside the subject: group members, "France and Germany"."""
    lower = ctx.tok.lower
    starts = ctx.starts
    out = [a for a in subject.also if a != subject.id]
    listed: list[str] = []  # "X, Y and Z": members joined by commas count once "and" closes the list
    k = subject.j
    while k + 1 < limit and lower[k] in ("and", ","):
        joint = lower[k]
        if joint == "," and lower[k + 1] == "and":
            k += 1
            joint = "and"
        other = starts.get(k + 1) or (starts.get(k + 2) if lower[k + 1] == "the" else None)
        if other is None or other.id is None or other.weak or other.j > limit:
            break
        if other.kind == "descriptor" and not other.note.startswith(("role named", "descriptor named")):
            break
        if other.id != subject.id and other.id not in out and other.id not in listed:
            listed.append(other.id)
        if joint == "and":
            out += listed
            listed = []
        k = other.j
    return tuple(out)
