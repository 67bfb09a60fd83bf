"""Stage 3 of a sentence: coreference and the holder of every clause.

Pronouns and descriptors ("the government", "both ministers", "his office")
are resolved clause by clause, in text order, against the actors named before
them in the sentence and the discourse ``State`` carried from sentence to
sentence. Each clause then gets its ``effective`` holder: its own subject, the
antecedent of a relative clause, the label of a list item, or the holder of an
earlier clause when its subject slot is empty ("and demanded").
"""

from __future__ import annotations

from collections.abc import Mapping, Sized
from dataclasses import dataclass, field

from tui.analysis.clauses import Clause, clause_subject, co_subjects, empty_slot, label, subject
from tui.analysis.gazetteer import Gazetteer
from tui.analysis.mentions import M, SentenceContext
from tui.analysis.speakers import Speaker
from tui.analysis.vocabulary import PARTICIPANT_HEADS, PLEONASTIC_NEXT, PLEONASTIC_VERB_NEXT, PLURAL, SINGULAR

LOOKBACK = 30  # clauses an empty subject slot looks back for its holder (bounded: runaway sentences)


@dataclass
class State:
    """The discourse so far, carried from one sentence to the next."""

    prev_subject: str | None = None
    subjects: list[str] = field(default_factory=list)  # distinct sentence subjects, latest last
    recent: list[str] = field(default_factory=list)
    bindings: dict[str, str] = field(default_factory=dict)
    roles: dict[str, str] = field(default_factory=dict)  # "the foreign minister" -> the actor last named with it
    group: tuple[str, ...] = ()  # the holders of the previous sentence's group subject
    named: tuple[str, ...] = ()  # the distinct actors of the previous sentence
    speaker: Speaker | None = None  # who speaks in the current sentence (a joint statement: its parties)
    person_focus: M | None = None  # the person "he"/"she" stands for: last a subject, else first named
    participants: list[str] = field(default_factory=list)  # actors of the people named, in order


def resolve(
    ctx: SentenceContext, gaz: Gazetteer, state: State, clauses: list[Clause], counts: Mapping[str, Sized]
) -> None:
    """Resolve pronouns and descriptors and set the subject and holder of every clause.

    ``counts``: the mentions of each actor so far in the document (the most
    mentioned actors win a group descriptor).
    """
    mentions = ctx.mentions
    done: list[M] = []
    mi = 0
    for index, clause in enumerate(clauses):
        # resolve the mentions of this clause in order
        while mi < len(mentions) and mentions[mi].i < clause.j:
            m = mentions[mi]
            mi += 1
            if m.kind == "pronoun":
                pronoun(ctx, gaz, state, m, clauses, index, done)
            elif m.kind == "descriptor":
                descriptor(ctx, gaz, state, m, clauses, index, done, counts)
            if m.id is not None and m.kind != "place":
                done.append(m)
        found = clause_subject(ctx, gaz, clause, clause.j)
        clause.subject = found
        if found is not None:
            clause.effective, clause.how, clause.source = found.id, "subject", found
            clause.co = co_subjects(ctx, found, clause.verb)
        elif clause.type == "resume":
            # the subject before the inserted relative clause: "Germany and Sweden, both of which ..., offered"
            before = next((c for c in clauses[:index] if c.i <= clause.back < c.j), None)
            if before is None or before.effective is None:
                before = next(
                    (
                        c
                        for c in reversed(clauses[max(0, index - LOOKBACK) : index])
                        if c.i <= clause.back and c.effective
                    ),
                    None,
                )
            if before is not None:
                clause.effective, clause.how, clause.co = (
                    before.effective,
                    "subject before the inserted clause",
                    before.co,
                )
                clause.source = before.source
            else:
                clause.effective, clause.how = effective_before(clauses, index), "inherited"
        elif clause.type == "rel":
            antecedent = next(
                (m for m in reversed(done) if m.j in (clause.i, clause.i - 1) and not m.weak and m.id), None
            )
            if antecedent is not None and antecedent.i and ctx.tok.lower[antecedent.i - 1] in ("of", "from"):
                antecedent = None  # "the women of Iran who are protesting": the women, not Iran
            if antecedent is not None:
                clause.effective, clause.how = antecedent.id, "antecedent"
            else:
                clause.effective, clause.how = None, "antecedent is not an actor"
        elif (labelled := label(ctx.tok, clause, done)) is not None:
            clause.effective, clause.how = labelled.id, "label"
        elif empty_slot(ctx.tok, clause):
            clause.effective, clause.how = effective_before(clauses, index), "inherited"
            source = next(
                (c for c in reversed(clauses[max(0, index - LOOKBACK) : index]) if c.effective == clause.effective),
                None,
            )
            clause.co = source.co if source is not None else ()
            clause.source = source.source if source is not None else None
        else:
            clause.effective, clause.how = None, "subject is not an actor"


def effective_before(clauses: list[Clause], index: int) -> str | None:
    """The holder of the nearest earlier clause, preferring main, coordinated and participial ones."""
    for c in reversed(clauses[max(0, index - LOOKBACK) : index]):
        if c.type in ("main", "coord", "part") and c.effective:
            return c.effective
    for c in reversed(clauses[max(0, index - LOOKBACK) : index]):
        if c.effective:
            return c.effective
    return None


def current_subject(ctx: SentenceContext, gaz: Gazetteer, clauses: list[Clause], index: int, before: int) -> str | None:
    found = subject(ctx, gaz, clauses[index], before)
    if found is not None:
        return found.id
    return effective_before(clauses, index)


def compatible(gaz: Gazetteer, actor_id: str, kinds: tuple[str, ...]) -> bool:
    return gaz.actor_info(actor_id)[1] in kinds


def pronoun(
    ctx: SentenceContext, gaz: Gazetteer, state: State, m: M, clauses: list[Clause], index: int, done: list[M]
) -> None:
    """Resolve "it", "its", "they", "them", "itself" in place (``m.id``, ``m.note``)."""
    tok = ctx.tok
    lower = tok.lower
    word = lower[m.i]
    nxt = lower[m.i + 1] if m.i + 1 < len(tok) else ""
    clause = clauses[index]
    if word == "it":
        prev = lower[m.i - 1] if m.i else ""
        pleonastic = nxt in PLEONASTIC_NEXT or nxt in PLEONASTIC_VERB_NEXT or nxt in ("that", "to", ".", ",")
        if pleonastic and not (nxt == "to" and prev not in ("make", "made", "makes", "making", "find", "found")):
            m.note = "pleonastic or non-actor 'it'"
            return
    target: str | None = None
    note = ""
    if word == "itself" or (word == "its" and nxt == "own"):
        near = done[-1] if done else None
        target, note = (near.id if near else state.prev_subject), "reflexive -> nearest actor"
    elif word == "them":
        eff = current_subject(ctx, gaz, clauses, index, m.i)
        for cand in reversed(done):
            if cand.id and cand.id != eff and not cand.weak:
                target, note = cand.id, "object pronoun -> recent actor other than the subject"
                break
        if target is None:
            for recent in reversed(state.recent):
                if recent != eff:
                    target, note = recent, "object pronoun -> recent actor other than the subject"
                    break
    else:
        found = subject(ctx, gaz, clause, m.i)
        if found is not None and found is not m and (word in SINGULAR or clause.type in ("main", "coord", "part")):
            target, note = found.id, "clause subject"
        else:
            eff = effective_before(clauses, index)
            if eff is not None:
                target, note = eff, "matrix subject"
            elif state.prev_subject:
                target, note = state.prev_subject, "subject of the previous sentence"
                if word in PLURAL and target in state.group:
                    m.also = tuple(a for a in state.group if a != target)
            elif done:
                target, note = done[-1].id, "most recent actor"
            elif state.recent:
                target, note = state.recent[-1], "most recent actor"
    if target:
        m.id, m.resolved, m.note = target, True, note


def descriptor(
    ctx: SentenceContext,
    gaz: Gazetteer,
    state: State,
    m: M,
    clauses: list[Clause],
    index: int,
    done: list[M],
    counts: Mapping[str, Sized],
) -> None:
    """Resolve a descriptor ("the government", "the two", "both ministers", "his office") in place."""
    tok = ctx.tok
    if m.cls == "two":
        named = list(dict.fromkeys(c.id for c in done if c.id and not c.weak))
        if not named and len(state.named) == 2:
            named = list(state.named)  # "X met Y on Monday. The two agreed ..."
        if len(named) == 2:
            m.id, m.resolved, m.also = named[0], True, (named[1],)
            m.note = "the two -> the two actors named before in the sentence"
        return
    key = " ".join(tok.lower[m.i : m.j])
    kinds = gaz.descriptor_kinds.get(m.cls, ("state",))
    lower = tok.lower
    # "the government in Copenhagen", "officials in Nuuk": the actor named after the preposition
    k = m.j + 1 if m.j < len(tok) and lower[m.j] in gaz.holder_preps else -1
    after = ctx.starts.get(k) if k > 0 else None
    if after is None and 0 < k < len(tok) - 1 and lower[k] == "the":
        after = ctx.starts.get(k + 1)  # "the Republic of Korea" may start with its article
    if after is not None and after.id is not None and after.kind != "place" and not after.weak:
        m.id, m.resolved, m.note = after.id, True, "descriptor named by its preposition phrase"
        if m.cls in gaz.descriptor_unbound and not gaz.descriptor_groups.get(m.cls):
            state.roles[key] = after.id  # "the Foreign Minister of the Republic of Korea"
        return
    if key in state.roles:
        m.id, m.resolved, m.note = state.roles[key], True, "role named earlier in the document"
        return
    if lower[m.i] in ("his", "her"):
        # "his government", "her office": the speaker, as "he"/"she" in the subject's clause
        target = current_subject(ctx, gaz, clauses, index, m.i) or state.prev_subject
        if target:
            m.id, m.resolved, m.note = target, True, "his/her + role -> the current speaker"
        return
    if participants(tok.lower[m.j - 1], gaz, state, m):
        return
    if m.cls == "adversary":
        own = state.speaker.actors if state.speaker is not None else ()
        recent = [c.id for c in reversed(done) if c.id] + list(reversed(state.recent))
        target = next((c for c in recent if c not in own and compatible(gaz, c, kinds)), None)
        if target is not None:
            m.id, m.resolved, m.note = target, True, "adversary -> the latest state named that is not the speaker's"
        return
    members = gaz.descriptor_groups.get(m.cls)
    if members:
        # "both governments", "the two countries": the latest distinct sentence subjects
        recent = [c for c in reversed(state.subjects) if compatible(gaz, c, kinds)][: members + 2]
        if len(recent) < members:
            # "The Secretary spoke with the Foreign Minister of Korea ... The two ministers": recent actors
            for c in reversed(state.recent):
                if c not in recent and compatible(gaz, c, kinds):
                    recent.append(c)
                if len(recent) >= members:
                    break
        weight = {c: len(counts.get(c, ())) for c in recent}
        group = sorted(recent, key=lambda c: -weight[c])[:members]
        if len(group) == members:
            m.id, m.resolved, m.also = group[0], True, tuple(group[1:])
            m.note = "group -> the latest subjects " + ", ".join(group)
        return
    if key in ("he", "she") and index > 0:
        # "Hungary's foreign minister, asked whether he held Moscow responsible, said": the speaker
        eff = effective_before(clauses, index)
        if eff is not None and compatible(gaz, eff, kinds):
            m.id, m.resolved, m.note = eff, True, "he/she -> the subject of the sentence so far"
            return
    if key in ("he", "she") and state.person_focus is not None:
        focus = state.person_focus
        m.id, m.resolved, m.person = focus.id, True, focus.person
        m.note = f"he/she -> the person in focus ({focus.person or focus.id})"
        return
    unbound = m.cls in gaz.descriptor_unbound
    if not unbound and key in state.bindings:
        m.id, m.resolved, m.note = state.bindings[key], True, "descriptor bound earlier in the document"
        return
    clause = clauses[index]
    subject_position = subject(ctx, gaz, clause, m.i) is None and not any(
        lower[k].endswith(("ing", "ed")) or lower[k] in gaz.blocking for k in range(clause.i, m.i)
    )
    candidates = [c.id for c in done if c.id]
    history = list(reversed(candidates)) + list(reversed(state.recent))
    target = None
    local = next((c for c in reversed(candidates) if compatible(gaz, c, kinds)), None)
    if subject_position:
        if local is not None:
            # "Tunisian opposition figures complain that the government ...": the state just named
            target, note = local, "descriptor as subject -> compatible actor named before in the sentence"
        elif state.prev_subject and compatible(gaz, state.prev_subject, kinds):
            target, note = state.prev_subject, "descriptor as subject -> previous subject"
        else:
            target = next((c for c in history if compatible(gaz, c, kinds)), None)
            note = "descriptor -> most recent compatible actor"
    else:
        eff = current_subject(ctx, gaz, clauses, index, m.i)
        target = next((c for c in history if c != eff and compatible(gaz, c, kinds)), None)
        note = "descriptor -> recent compatible actor other than the clause subject"
    if target:
        m.id, m.resolved, m.note = target, True, note
        if not unbound:
            state.bindings[key] = target


def participants(head: str, gaz: Gazetteer, state: State, m: M) -> bool:
    """ "The two leaders", "both sides", "the Ministers": the parties of a joint statement,
    else the actors of the people the document has named (who met whom)."""
    members = gaz.descriptor_groups.get(m.cls, 0)
    if m.cls != "participants" and not (
        members and (head in PARTICIPANT_HEADS or head in ("countries", "governments"))
    ):
        return False
    speaker = state.speaker
    joint = speaker.actors if speaker is not None and len(speaker.actors) >= 2 else ()
    if members:
        pool = joint if len(joint) == members else tuple(state.participants[:members])
        if len(pool) != members:
            return False
    else:
        pool = joint or tuple(state.participants)
        if len(pool) < 2:
            return False
    m.id, m.resolved, m.also = pool[0], True, tuple(pool[1:])
    m.note = (
        "group -> " + ("the joint statement's parties " if pool == joint else "the people's actors ") + ", ".join(pool)
    )
    return True


def follow_people(state: State, mentions: list[M], clauses: list[Clause]) -> None:
    """Remember the people in focus: "he" is the person last the subject of a sentence, else the first named."""
    for m in mentions:
        if m.person and m.id is not None:
            if m.id not in state.participants:
                state.participants.append(m.id)
            if state.person_focus is None:
                state.person_focus = m
    main = next((c for c in clauses if c.effective), None)
    if main is not None and main.source is not None and main.source.person and main.source.id:
        state.person_focus = main.source


def remember(state: State, clauses: list[Clause], mentions: list[M], first_holder: str | None) -> None:
    """Carry the sentence into the discourse state: its subject, group and actors named."""
    main = next((c for c in clauses if c.effective), None)
    main_subject = main.effective if main is not None else None
    group: tuple[str, ...] = ()
    if main is not None and main.subject is not None and main_subject is not None:
        members = tuple(dict.fromkeys((main_subject, *main.subject.also, *main.co)))
        group = members if len(members) > 1 else ()
    state.group = group
    sentence_subject = first_holder or main_subject  # the first holder beats a non-holding main clause
    if (
        main is not None
        and main.source is not None
        and main.source.kind == "first"
        and sentence_subject == main_subject
    ):
        sentence_subject = None  # "we" is no antecedent of a later "they" or "it"
    if sentence_subject:
        state.prev_subject = sentence_subject
        subjects = state.subjects
        if sentence_subject in subjects:
            subjects.remove(sentence_subject)
        subjects.append(sentence_subject)
        del subjects[:-8]
    state.named = tuple(dict.fromkeys(m.id for m in mentions if m.id and m.kind != "place" and not m.weak))
    for m in mentions:
        if m.id and m.kind != "place":
            state.recent.append(m.id)
    del state.recent[:-50]
    follow_people(state, mentions, clauses)
