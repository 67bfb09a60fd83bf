"""Stage 6 of a sentence: what the speaker holds without a cue of its own.

Where a speaker is known (a statement, a speech, an official's turn: see ``speakers.py``):

* another state's threat or action told by the speaker ("the United States is
  threatening all countries" in Iran's speech) is the speaker's accusation, and so is a
  clause whose verb accuses its subject ("Russia shunned ...", "continues to violate",
  "was abducted by North Korea"): ``speaker-accusation``;
* a cue-less act of the speaker (``assertions.py``): "X must ..." (``speaker-modal-demand``),
  "It is unacceptable that ..." (``speaker-verdict``), "We will continue to ..."
  (``speaker-commitment``), "Let us ..." (``speaker-exhortation``), "in our view".

An act is left out where a cue of the sentence already says it ("We believe ... must",
"We will continue to call for"), and a sentence gets at most one act.
"""

from __future__ import annotations

from tui.analysis.assertions import speaker_acts
from tui.analysis.clauses import Clause
from tui.analysis.gazetteer import Gazetteer
from tui.analysis.matcher import POSSESSIVES, phrase_tokens
from tui.analysis.mentions import SentenceContext
from tui.analysis.model import Position
from tui.analysis.positions import issues_in
from tui.analysis.speakers import Speaker
from tui.analysis.vocabulary import ACCUSING, AUX, BE, SAYING

CONFIDENCE_ACT = 0.8  # a position the speaker takes without a cue
Span = tuple[int, int]  # character offsets
Accused = tuple[int, int, str, str]  # the accusing words' span, the accused actor, why
# what a subject is accused of doing: "has intensified its blockade", "in open disregard of"
ACCUSING_OBJECTS = frozenset(
    """blockade aggression genocide atrocities war-crimes disregard violation violations breach
    occupation annexation invasion crackdown repression persecution crimes terror""".split()
)
ACCUSING_NOUNS = frozenset(
    """aggression invasion occupation annexation blockade genocide atrocities atrocity crimes terror
    bombardment bombing bullying coercion interference hostility brutality repression aggressions
    crackdown persecution war""".split()
)
# "war" accuses only with one of these before it: "Russia's genocidal war", not "the war in Sudan"
HOSTILE_MODIFIERS = frozenset("genocidal brutal unprovoked illegal criminal aggressive full-scale unjustified".split())
NOUN_MODIFIERS = frozenset(
    """brutal destructive full-scale unprovoked illegal unlawful criminal continued ongoing
    appalling blatant genocidal cruel economic military and war of""".split()
)
# kept, they are no news; not kept, an accusation: "did not honour its obligations"
BREACHED = ("honour", "honor", "comply", "respect", "fulfil", "abide", "implement", "keep", "uphold")


def speaker_positions(
    ctx: SentenceContext,
    gaz: Gazetteer,
    speaker: Speaker,
    clauses: list[Clause],
    made: list[Position],
    sentence: tuple[int, int],
    local_issues: list[tuple[int, str]],
) -> list[Position]:
    """The sentence's positions (``made``, from its cues) with the speaker's own added."""
    issues = issues_in(local_issues, *sentence)
    kept, told = _told_accusations(gaz, speaker, made)
    accused = told + _accusing_clauses(ctx, speaker, clauses)
    if not accused and not any(p.holder in speaker.actors for p in kept):
        accused = _accusing_nouns(ctx, speaker)  # "Russian aggression", "the blockade imposed by X"
    out = kept + _accusations(ctx, speaker, accused, sentence, issues)
    if len(out) > len(kept):
        return out  # an accusation speaks for the sentence
    return out + _acts(ctx, speaker, out, sentence, issues)


def _position(
    ctx: SentenceContext,
    holder: str,
    target: str | None,
    stance: str,
    cue_span: Span,
    sentence: Span,
    issues: list[str],
    rule: str,
    trace: list[str],
) -> Position:
    return Position(
        holder=holder,
        target=target,
        stance=stance,
        cue=ctx.text[cue_span[0] : cue_span[1]],
        cue_start=cue_span[0],
        cue_end=cue_span[1],
        sentence_start=sentence[0],
        sentence_end=sentence[1],
        issues=issues,
        rule=rule,
        trace=trace + [f"holder {holder}, target {target}"],
        confidence=CONFIDENCE_ACT,
    )


def _told_accusations(gaz: Gazetteer, speaker: Speaker, made: list[Position]) -> tuple[list[Position], list[Accused]]:
    """Split off another state's threats and actions: told by the speaker, they accuse it."""
    kept: list[Position] = []
    accused: list[Accused] = []
    for p in made:
        hostile = p.stance in ("threat", "action") or p.cue.lower().startswith("attack")
        state = gaz.actor_info(p.holder)[1] != "organisation"  # states and armed groups
        # "said it would retaliate": its own threat, in its own words (or reported by a cue of its own before)
        reported = _reports(gaz, p) or any(
            q.holder == p.holder and q.cue_start < p.cue_start and _reports(gaz, q) for q in made
        )
        if hostile and state and p.holder not in speaker.actors and p.rule != "passive-by-agent" and not reported:
            accused.append((p.cue_start, p.cue_end, p.holder, f"{p.stance} of {p.holder} told by the speaker"))
        else:
            kept.append(p)
    return kept, accused


def _reports(gaz: Gazetteer, position: Position) -> bool:
    """A saying or claiming cue: what follows in its sentence is its holder's own word."""
    if position.stance in ("statement", "claim"):
        return True
    tokens = phrase_tokens(position.cue)  # "said" whose complement made it a threat: still a saying verb
    found = gaz.cues.longest(tokens, 0, len(tokens)) if tokens else None
    return found is not None and any(cue.base in SAYING for cue in found[1])


def _accusing_clauses(ctx: SentenceContext, speaker: Speaker, clauses: list[Clause]) -> list[Accused]:
    tok = ctx.tok
    lower = tok.lower
    out = []
    for clause in clauses:
        source = clause.source
        if source is None or source.id is None or source.id in speaker.actors or source.kind == "first" or source.weak:
            continue
        # the verb phrase starts after the subject ("from the very beginning, the United States did
        # not honour"), not at the first -ing/-ed word of the clause
        start = source.j if clause.i <= source.i < clause.j else clause.verb
        k = accusing_verb(lower, start, clause.j)
        why = "the clause's verb accuses its subject"
        if k < 0:  # "has intensified its blockade", "reactivated the act in open disregard of the law"
            # over coordinated modifiers too ("its economic, commercial and financial blockade")
            k = next((t for t in range(start, min(len(lower), start + 14)) if lower[t] in ACCUSING_OBJECTS), -1)
            why = "the clause's subject is accused by what it does"
        if k >= 0 and not ctx.in_quote[k]:
            out.append((tok.starts[k], tok.ends[k], source.id, why))
    for k in range(2, len(tok) - 1):  # "was abducted by North Korea"
        if lower[k] == "by" and lower[k - 1].startswith(ACCUSING) and lower[k - 2] in BE | {"been"}:
            agent = ctx.starts.get(k + 1) or ctx.starts.get(k + 2)
            if agent is not None and agent.id is not None and agent.id not in speaker.actors:
                out.append((tok.starts[k - 1], tok.ends[k - 1], agent.id, "passive accusation"))
    return out


def _accusing_nouns(ctx: SentenceContext, speaker: Speaker) -> list[Accused]:
    """ "Russia's war of aggression", "Russian aggression", "the blockade by the United States"."""
    tok = ctx.tok
    lower = tok.lower
    by_end = {m.j: m for m in ctx.mentions if m.id is not None and m.kind not in ("place", "first")}
    out = []
    for k, word in enumerate(lower):
        if word not in ACCUSING_NOUNS or ctx.in_quote[k]:
            continue
        if word == "war" and (k == 0 or lower[k - 1] not in HOSTILE_MODIFIERS):
            continue
        owner = None
        j = k
        while j > 0 and lower[j - 1] in NOUN_MODIFIERS:
            j -= 1  # "brutal and destructive", "full-scale"
        if j in by_end:
            owner = by_end[j]  # "Russian aggression", "the Assad regime"
        elif j >= 2 and lower[j - 1] in ("'s", "'") and j - 1 in by_end:
            owner = by_end[j - 1]  # "Russia's aggression"
        elif k + 2 < len(tok) and lower[k + 1] == "by":
            owner = ctx.starts.get(k + 2) or ctx.starts.get(k + 3)
        if owner is not None and owner.id is not None and owner.id not in speaker.actors:
            out.append((tok.starts[k], tok.ends[k], owner.id, "an accusing noun names its author"))
    return out


def accusing_verb(lower: list[str], verb: int, end: int) -> int:
    """The token of an accusing verb in a verb phrase ("continues to blatantly violate",
    "did not honour its obligations"), or -1."""
    k = verb
    refused = False
    while k < end and k < verb + 6:
        w = lower[k]
        if w.startswith(ACCUSING) or (refused and w.startswith(BREACHED)):
            return k
        if w in ("use", "uses", "used", "using") and any(x.startswith("weapon") for x in lower[k + 1 : k + 8]):
            return k  # "uses food and energy as weapons"
        if w in ("not", "n't", "never", "failed", "fails", "refused", "refuses"):
            refused = True
            k += 1
            continue
        if not (
            w in AUX
            or w in ("continue", "continues", "continued", "trying", "try", "tries", "seek", "seeks", "to")
            or w.endswith("ly")
        ):
            return -1
        k += 1
    return -1


def _accusations(
    ctx: SentenceContext, speaker: Speaker, accused: list[Accused], sentence: Span, issues: list[str]
) -> list[Position]:
    out: list[Position] = []
    seen: set[str] = set()
    for start, end, target, why in sorted(accused):
        if target in seen:
            continue
        seen.add(target)
        trace = [f"accusation {ctx.text[start:end]!r}: {why}", f"speaker: {speaker.how}"]
        for holder in speaker.actors:
            out.append(
                _position(ctx, holder, target, "criticism", (start, end), sentence, issues, "speaker-accusation", trace)
            )
    return out


def _acts(
    ctx: SentenceContext, speaker: Speaker, made: list[Position], sentence: Span, issues: list[str]
) -> list[Position]:
    tok = ctx.tok
    mentions = ctx.mentions
    if any(p.holder in speaker.actors for p in made):
        return []  # "We will continue to call for", "Let us ... reiterate": the speaker's cue says it
    # a possessive ("our shared vision") is no subject of the word after it
    subjects = {
        m.j: m.i
        for m in mentions
        if m.id is not None
        and m.kind != "place"
        and not m.weak
        and not (m.j - m.i == 1 and tok.lower[m.i] in POSSESSIVES)
    }
    # the speaker by name or first person; "they" resolved to it makes no commitment of its own
    mine = {
        m.i
        for m in mentions
        if m.kind == "first"
        or (m.id in speaker.actors and m.kind in ("actor", "metonym", "role", "person"))
        or (m.kind == "descriptor" and {m.id, *m.also} == set(speaker.actors))  # "The three countries will"
    }
    for act in speaker_acts(tok, ctx.in_quote, mine, subjects)[:1]:  # one act a sentence
        at = tok.starts[act.i]
        if any(p.cue_start <= at for p in made):
            return []  # inside what a cue before it reports
        subject = ctx.starts.get(act.subject) if act.subject >= 0 else None
        target = subject.id if subject is not None and subject.id not in speaker.actors else None
        holders = speaker.actors
        if act.rule == "speaker-commitment" and subject is not None and subject.kind not in ("first", "descriptor"):
            assert subject.id is not None
            holders = (subject.id,)  # "Germany will intensify" in a joint statement: Germany's
        cue_span = (at, tok.ends[act.j - 1])
        trace = [
            f"cue-less act {ctx.text[cue_span[0] : cue_span[1]]!r} -> {act.stance} ({act.rule})",
            f"speaker: {speaker.how}",
        ]
        return [_position(ctx, h, target, act.stance, cue_span, sentence, issues, act.rule, trace) for h in holders]
    return []
