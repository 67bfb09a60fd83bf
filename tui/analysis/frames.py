"""Stage 4 of a sentence: the frame that decides who holds the position of one cue.

A cue is first filtered (quoted, negated, the complement of another cue, a
title-case heading); then the first frame rule that applies names its holder.
Frame rules (names as recorded on positions):

* ``subject-of-clause``    the actor in subject position of the cue's clause
* ``coordinated-verb``     "X conveyed ... and made it clear": shares the subject
* ``participial-adjunct``  "..., stating that" / "while still calling out": matrix subject
* ``relative-clause``      "Tokyo, which faces ..., has declined": the antecedent
* ``gerund-subject``       "reacted angrily to the United States expressing concern"
* ``passive-by-agent``     "X was condemned by Y"
* ``nominal-by-agent``     "condemnation of X by Y"
* ``nominal-possessor``    "Y's condemnation of X"
* ``on-behalf-of``         "Pakistan, speaking on behalf of the OIC, voiced concern"
* ``inverted-attribution`` "'...', said the Chinese foreign ministry"
* ``matrix-subject``       a complement clause without its own subject

``coordinated-verb``, ``participial-adjunct``, ``relative-clause`` and
``matrix-subject`` take the holder coreference gave the clause (``inherited``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tui.analysis.clauses import Clause, clause_subject, subject
from tui.analysis.gazetteer import Cue, Gazetteer
from tui.analysis.matcher import POSSESSIVES, Tokens
from tui.analysis.mentions import M, SentenceContext
from tui.analysis.model import Position
from tui.analysis.vocabulary import (
    ADVERBIAL,
    AUX,
    BE,
    CONDEMNING,
    COORD,
    DETERMINERS,
    EVENT_PARTICIPLES,
    ING_STOP,
    NEGATING_FRAMES,
    NEGATION_GAP,
    NEGATORS,
    NOUN_COMPLEMENT,
    PARTICIPLE_NEXT,
    PREPOSITIONS,
    PRONOUNS,
    QUOTES,
    RELATIVE,
    REPORTING,
    RETALIATION,
    SAYING,
)

CueSpan = tuple[int, int, Cue]  # first token, end token, cue
HEADING_BEFORE = QUOTES | {":", "(", "-", "—"}


@dataclass(slots=True)
class Named:
    """The actor mentions of a sentence after coreference: resolved, places left out."""

    mentions: list[M]
    by_start: dict[int, M]
    by_end: dict[int, M]
    by_end_named: dict[int, M]  # without pronouns


def named_actors(mentions: list[M]) -> Named:
    actors = [m for m in mentions if m.id is not None and m.kind != "place"]
    return Named(
        actors,
        by_start={m.i: m for m in actors},
        by_end={m.j: m for m in actors},
        by_end_named={m.j: m for m in actors if m.kind != "pronoun"},
    )


@dataclass(slots=True)
class Frame:
    """The holder of one cue and how it was found."""

    holder: str
    rule: str
    trace: list[str]
    target: str | None = None  # a target the frame itself names ("X was condemned by Y": X)
    co_agents: list[str] = field(default_factory=list)  # "condemned by Y and Z": Z
    source: M | None = None  # the mention the holder came from (a person? resolved?)


def held(by: M) -> str:
    """The actor id of a mention that names one (the frames only see such mentions)."""
    assert by.id is not None
    return by.id


# -- cues that hold no position ---------------------------------------------------
def infinitive_complement(tok: Tokens, ci: int, previous_end: int) -> bool:
    """ "declined to comment": the complement of the cue just before."""
    return previous_end == ci and tok.lower[ci - 1] == "to"


def object_infinitive(tok: Tokens, ci: int, actors: Named) -> bool:
    """ "pressed Copenhagen to approve": the object's infinitive, no position."""
    before = actors.by_end_named.get(ci - 1)
    return ci >= 2 and tok.lower[ci - 1] == "to" and before is not None and before.id is not None


def negated(tok: Tokens, ci: int) -> bool:
    """Whether the cue is negated: "has not, however, criticised", "neither ... nor denied"."""
    lower = tok.lower
    k = ci - 1
    while k >= 0 and (lower[k] in NEGATION_GAP or lower[k] in NEGATORS):
        if lower[k] in NEGATORS:
            return True
        k -= 1
    return ci >= 2 and (lower[ci - 2], lower[ci - 1]) in NEGATING_FRAMES


def demanded_of_others(tok: Tokens, ci: int, cues: list[CueSpan]) -> bool:
    """ "urged all parties to agree": the act demanded of others, not a position."""
    return (
        ci >= 2
        and tok.lower[ci - 1] == "to"
        and any(c[2].stance == "demand" and c[1] < ci - 1 and ci - c[1] <= 10 for c in cues)
    )


def infinitive_of_cue(tok: Tokens, ci: int, cues: list[CueSpan]) -> bool:
    """ "pledges to support", "commits to fully support": the first cue holds the act."""
    lower = tok.lower
    k = ci - 1
    while k > 0 and lower[k].endswith("ly") and len(lower[k]) > 3:
        k -= 1
    if k < 1 or lower[k] != "to":
        return False
    return any(c[1] <= k and k - c[1] <= 6 and c[2].kind != "noun" for c in cues)


def opening_participle(tok: Tokens, ci: int, cues: list[CueSpan]) -> bool:
    """ "Underscoring our engagement, the Secretary also ...": the main verb holds it."""
    word = tok.lower[0]
    return ci == 0 and len(word) > 4 and word.endswith("ing") and word not in ING_STOP and len(cues) > 1


def after_modal(tok: Tokens, ci: int) -> bool:
    """ "we must agree", "I must make an appeal": in a speaker's mouth a demand, not the verb's stance."""
    lower = tok.lower
    k = ci - 1
    while k >= 0 and (lower[k] in ("also", "therefore", "all", "now", "still") or lower[k].endswith("ly")):
        k -= 1
    if k >= 0 and lower[k] in ("must", "should"):
        return True
    return k >= 1 and lower[k] == "to" and lower[k - 1] in ("need", "needs", "have", "has")


def in_title_case(tok: Tokens, ci: int) -> bool:
    """A title-case heading ("Pakistan Warns Water Is a Red Line")."""
    return bool(ci) and tok.words[ci][:1].isupper() and tok.lower[ci - 1] not in HEADING_BEFORE


# -- the frame rules --------------------------------------------------------------
def find_frame(
    ctx: SentenceContext,
    gaz: Gazetteer,
    actors: Named,
    clauses: list[Clause],
    index: int,
    cues: list[CueSpan],
    span: CueSpan,
    made: list[Position],
) -> Frame | None:
    """The holder of the cue ``span`` in clause ``clauses[index]``, or None: no one holds it.

    ``made``: the positions of the earlier cues of the sentence.
    """
    tok = ctx.tok
    ci, cj, cue = span
    lower = tok.lower
    trace = [f"cue {' '.join(tok.words[ci:cj])!r} -> {cue.stance} ({cue.kind} '{cue.base}')"]
    owner = possessor(tok, ci, actors.by_end)
    first = lower[ci]
    base = cue.base.split()[0]
    if (
        owner is not None
        and cue.kind != "noun"
        and not owner.weak
        and first in (base, base + "s")
        and (lower[cj - 1] in NOUN_COMPLEMENT or (cj < len(tok) and lower[cj] in NOUN_COMPLEMENT))
    ):
        # "Kyiv's demand that", "Ankara's offer to host": a verb cue used as a noun
        trace.append(f"possessor {ctx.span(owner)!r} of the noun")
        return Frame(held(by=owner), "nominal-possessor", trace, source=owner)
    if cue.kind == "noun":
        return nominal_frame(ctx, actors, ci, cj, owner, trace)
    frame = verbal_frame(ctx, gaz, actors, clauses[index], span, trace)
    if frame is None:
        return None
    if frame.rule == "participial-adjunct" and cue.base in EVENT_PARTICIPLES:
        return None  # "..., raising the prospect of": the event's consequence, no one's stance
    if (
        frame.rule == "participial-adjunct"
        and cue.stance in ("threat", "action")
        and _other_actor_before(actors, frame.holder, ci)
    ):
        return None  # "opposed the PRC's claims, threatening ...": the participle tells of the other actor
    reporters = reported_by(tok, clauses, index, cues, ci, made)
    if reporters is not None and (frame.holder in reporters) != (cue.stance == "action"):
        return None  # "announced that the United States plans to support": the report's content; a fact cited
    return frame


def nominal_frame(
    ctx: SentenceContext, actors: Named, ci: int, cj: int, owner: M | None, trace: list[str]
) -> Frame | None:
    """A noun cue: its possessor ("China's condemnation"), else the agent of a by-phrase after it."""
    lower = ctx.tok.lower
    n = len(lower)
    by_start = actors.by_start
    owner = actors.by_end.get(ci) or owner
    if owner is not None and not owner.weak:
        trace.append(f"possessor {ctx.span(owner)!r}")
        return Frame(held(by=owner), "nominal-possessor", trace, source=owner)
    if any(w in POSSESSIVES for w in lower[max(0, ci - 2) : ci]):
        return None  # "reiterated their strong opposition to attempts by X": theirs, told by the verb
    target = None
    k = cj
    while k < n and k < cj + 12 and lower[k] not in (";", ":", ".", ",") and lower[k] != "by":
        if lower[k].endswith("ed") and k not in by_start:
            break  # "the threat posed by Russia": the agent of another verb
        if lower[k] in ("of", "against", "toward", "towards", "on") and target is None:
            t = by_start.get(k + 1) or (by_start.get(k + 2) if k + 2 < n and lower[k + 1] == "the" else None)
            if t is not None:
                target = t.id
        k += 1
    agent = None
    if k + 1 < n and lower[k] == "by":
        agent = by_start.get(k + 1) or (by_start.get(k + 2) if lower[k + 1] == "the" else None)
    if agent is None:
        return None
    trace.append(f"agent in by-phrase {ctx.span(agent)!r}")
    return Frame(held(by=agent), "nominal-by-agent", trace, target=target, source=agent)


def verbal_frame(
    ctx: SentenceContext, gaz: Gazetteer, actors: Named, clause: Clause, span: CueSpan, trace: list[str]
) -> Frame | None:
    """A verb or phrase cue: passive agent, gerund subject, else the clause's subject or holder."""
    tok = ctx.tok
    lower = tok.lower
    ci, cj, cue = span
    first = lower[ci]
    prev = lower[ci - 1] if ci else ""
    nxt = lower[cj] if cj < len(tok) else ""
    by_start, by_end = actors.by_start, actors.by_end
    if cue.kind == "verb" and not verbal(tok, ci, by_end, gaz):
        return None  # "member states", "the support"
    if cue.that_only and nxt not in ("that", ":", ",") and nxt not in QUOTES:
        return None
    if reduced_relative(tok, ci, cj, clause, by_end):
        return None  # "Korean nationals detained during ...": a participle of the noun before
    passive = prev in BE or (ci >= 2 and lower[ci - 2] in BE and prev.endswith("ly"))
    if not passive and nxt == "by" and first.endswith("ed") and (by_start.get(cj + 1) or by_start.get(cj + 2)):
        passive = True  # reduced passive: "the resolution, tabled by Iceland"
    if passive and (first.endswith("ed") or first in ("said", "seen", "held", "told")):
        return passive_frame(ctx, gaz, actors, clause, ci, cj, trace)
    if first.endswith("ing") and ci in by_end and not by_end[ci].weak:
        trace.append(f"explicit subject of the gerund {ctx.span(by_end[ci])!r}")
        return Frame(held(by=by_end[ci]), "gerund-subject", trace, source=by_end[ci])
    return subject_frame(ctx, gaz, actors, clause, span, trace)


def passive_frame(
    ctx: SentenceContext, gaz: Gazetteer, actors: Named, clause: Clause, ci: int, cj: int, trace: list[str]
) -> Frame | None:
    """ "X was condemned by Y (and Z)": the agents hold it, the subject is the target."""
    lower = ctx.tok.lower
    n = len(lower)
    by_start = actors.by_start
    k = cj
    while k < n and k < cj + 8 and lower[k] != "by":
        k += 1
    agent = by_start.get(k + 1) or (by_start.get(k + 2) if k + 2 < n and lower[k + 1] == "the" else None)
    if k >= n or agent is None:
        return None  # passive without an agent
    co = by_start.get(agent.j + 1) if agent.j < n and lower[agent.j] == "and" else None
    target = subject(ctx, gaz, clause, ci, skip_quoted=True)
    trace.append(f"passive; agent {ctx.span(agent)!r}")
    return Frame(
        held(by=agent),
        "passive-by-agent",
        trace,
        target=target.id if target else None,
        co_agents=[held(by=co)] if co is not None else [],
        source=agent,
    )


def subject_frame(
    ctx: SentenceContext, gaz: Gazetteer, actors: Named, clause: Clause, span: CueSpan, trace: list[str]
) -> Frame | None:
    """The speaker represented, the clause's own subject, an inverted attribution, or the inherited holder."""
    ci, cj, cue = span
    lower = ctx.tok.lower
    by_start = actors.by_start
    found = clause_subject(ctx, gaz, clause, ci, skip_quoted=True)
    behalf = on_behalf(ctx.tok, clause, ci, by_start)
    if behalf is not None:
        trace.append(f"speaking on behalf of {ctx.span(behalf)!r}")
        return Frame(held(by=behalf), "on-behalf-of", trace, source=behalf)
    if found is not None:
        how = f" (resolved: {found.note})" if found.resolved else ""
        trace.append(f"clause subject {ctx.span(found)!r}{how}")
        return Frame(held(by=found), "subject-of-clause", trace, source=found)
    prev = lower[ci - 1] if ci else ""
    nxt = lower[cj] if cj < len(lower) else ""
    after = by_start.get(cj) or (by_start.get(cj + 1) if nxt == "the" else None)
    if (
        after is not None
        and (prev == "," or prev in QUOTES)
        and clause.type != "resume"
        and cue.stance in ("statement", "claim")
        and not after.weak
    ):
        trace.append(f"attribution after the quote {ctx.span(after)!r}")
        return Frame(held(by=after), "inverted-attribution", trace, source=after)
    if clause.effective:
        trace.append(f"no subject in the clause; {clause.how} {clause.effective}")
        return Frame(clause.effective, inherited_rule(clause, lower[ci]), trace, source=clause.source)
    return None


def inherited_rule(clause: Clause, first: str) -> str:
    """The rule name of a holder inherited from the clause (set by coreference)."""
    if clause.how == "antecedent":
        return "relative-clause"
    if clause.type == "resume":
        return "subject-of-clause"
    if first.endswith("ing") and clause.type in ("part", "coord"):
        return "participial-adjunct"
    if clause.type in ("coord", "part"):
        return "coordinated-verb"
    return "matrix-subject"


# -- helpers ----------------------------------------------------------------------
def _other_actor_before(actors: Named, holder: str, ci: int) -> bool:
    """Whether an actor other than the holder is named shortly before token ``ci``."""
    return any(m.id != holder and ci - 8 <= m.j <= ci and m.kind not in ("pronoun", "first") for m in actors.mentions)


def possessor(tok: Tokens, ci: int, by_end: dict[int, M]) -> M | None:
    """The actor owning the noun at ``ci``: "its insistence", "Tehran's initial rejection"."""
    lower = tok.lower
    k = ci
    if k >= 3 and lower[k - 1] not in ("'s", "'"):
        w = tok.words[k - 1]  # one modifier: "Tehran's initial rejection"
        if not (w.replace("-", "").isalpha() and w.islower()) or w in DETERMINERS or w in AUX or w in PREPOSITIONS:
            return None
        k -= 1
    if k >= 2 and lower[k - 1] in ("'s", "'"):
        return by_end.get(k - 1)
    return None


def reduced_relative(tok: Tokens, ci: int, cj: int, clause: Clause, by_end: dict[int, M]) -> bool:
    """A past participle modifying the noun before it, in a clause that has its verb already."""
    lower = tok.lower
    first = lower[ci]
    if cj != ci + 1 or not first.endswith("ed") or clause.verb >= ci or ci < 1:
        return False
    prev = lower[ci - 1]
    nxt = lower[cj] if cj < len(tok) else ""
    if ci in by_end or prev in AUX or prev in BE or prev in PRONOUNS or prev in COORD:
        return False
    k = ci - 1
    while k > clause.i and (lower[k] in ADVERBIAL or lower[k].endswith("ly")):
        k -= 1
    if lower[k] in AUX or lower[k] in BE:
        return False  # "have each announced", "has long insisted"
    if lower[k] in ("those", "people", "persons", "individuals"):
        return True  # "the release of those arbitrarily detained"
    if prev == ",":
        return nxt in PARTICIPLE_NEXT
    return prev.isalpha() and tok.words[ci - 1].islower() and not prev.endswith("ly") and prev not in RELATIVE


def verbal(tok: Tokens, ci: int, by_end: dict[int, M], gaz: Gazetteer) -> bool:
    """Whether a one-word cue is used as a verb (not "member states", "the support")."""
    word = tok.lower[ci]
    prev = tok.lower[ci - 1] if ci else ""
    if prev in DETERMINERS or prev in ("'s", "'"):
        return False
    if word.endswith("ed") or word.endswith("ing"):
        return True
    if word in ("said", "told", "saw", "sought", "held", "made", "took", "thought", "found"):
        return True
    if prev in BE:
        return False  # "Brazil is back": a base form after "to be" is no verb
    if ci in by_end and by_end[ci].weak:
        return False  # "American sanctions"
    owner = by_end.get(ci)
    if (
        owner is not None
        and owner.kind == "actor"
        and owner.i > 0
        and (tok.lower[owner.i - 1].endswith("ed") or tok.lower[owner.i - 1] in ("a", "an"))
    ):
        return False  # "highlighted U.S. support": a noun after its owner ("the government maintains" is a verb)
    # base or -s form: needs a subject-like word or an auxiliary before it
    if ci in by_end or prev in AUX or prev in PRONOUNS or prev.endswith("ly"):
        return True
    if prev in ("d", "ll", "ve", "re", "m") and ci >= 2 and tok.lower[ci - 2] in ("'", "’"):
        return True  # "We'd urge", "we'll support": a contracted auxiliary
    return prev in gaz.role_words or prev in ("officials", "ministers", "leaders", "diplomats", "we", "i", "he", "she")


def on_behalf(tok: Tokens, clause: Clause, before: int, by_start: dict[int, M]) -> M | None:
    """ "Pakistan, speaking on behalf of the OIC, voiced concern": the represented actor."""
    lower = tok.lower
    for k in range(clause.i, max(clause.i, before - 3)):
        if lower[k] == "behalf" and k >= 1 and lower[k - 1] == "on" and lower[k + 1] == "of":
            m = by_start.get(k + 2) or (by_start.get(k + 3) if lower[k + 2] == "the" else None)
            if m is not None and not m.weak:
                return m
    return None


def reported_by(
    tok: Tokens, clauses: list[Clause], index: int, cues: list[CueSpan], ci: int, made: list[Position]
) -> set[str] | None:
    """The holders of the reporting cue whose that-complement holds the cue at ``ci`` (None: no such cue).

    Its holders' own cues there are the report's content ("announced that it plans to
    support"); another actor's action there is a fact cited ("noted that Russia had expelled").
    """
    clause = clauses[index]
    if clause.type != "sub" or tok.lower[clause.i] != "that":
        return None
    for c in cues:
        if c[0] < ci and c[1] <= clause.i and clause.i - c[1] <= 3 and c[2].stance in REPORTING:
            return {p.holder for p in made if p.cue_start == tok.starts[c[0]]}
    return None


# -- stance ----------------------------------------------------------------------
def refine_stance(tok: Tokens, cue: Cue, cj: int) -> str:
    """A saying verb takes the stance of its complement; other cues keep their own."""
    if cue.stance == "statement" and cue.kind == "verb" and cue.base in SAYING:
        return complement_stance(tok, cj)
    return cue.stance


def complement_stance(tok: Tokens, cj: int) -> str:
    """ "said it would retaliate" is a threat, "said the move was illegal" a criticism."""
    lower = tok.lower
    end = min(len(tok), cj + 14)
    for k in range(cj, end):
        w = lower[k]
        if w in (";", ".") or (w == "and" and k > cj + 2):
            break
        if w in ("would", "will") and any(lower[t] in RETALIATION for t in range(k + 1, min(end, k + 3))):
            return "threat"
        if w in CONDEMNING:
            return "criticism"
    return "statement"
