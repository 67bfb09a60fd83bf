"""Stage 5 of a sentence: ``Position`` objects from the frames of its cues.

For each cue that a frame rule gives a holder: the target (the frame's own, or
the first other actor after the cue), the stance, the co-holders ("France and
Germany condemned") and the issues in scope (the cue's clause up to the next
main clause with a cue of its own, else the whole sentence).
"""

from __future__ import annotations

from tui.analysis import frames
from tui.analysis.clauses import Clause, clause_of, clause_subject, co_subjects
from tui.analysis.frames import CueSpan, Frame, Named
from tui.analysis.gazetteer import Gazetteer
from tui.analysis.matcher import Tokens
from tui.analysis.mentions import M, SentenceContext
from tui.analysis.model import Position

# supports whose negation is a rejection ("We do not support efforts to normalize"); "are not
# intended to", "did not welcome the chance to" say nothing
REFUSABLE = frozenset({"support", "back", "endorse", "accept", "recognize", "recognise", "favour", "favor"})
CONFIDENCE_RESOLVED = 0.7  # the holder came from a pronoun, a descriptor or a group
CONFIDENCE_SPEAKER = 0.9  # first person, held by the document's speaker


def sentence_positions(
    ctx: SentenceContext,
    gaz: Gazetteer,
    clauses: list[Clause],
    cues: list[CueSpan],
    sentence: tuple[int, int],
    local_issues: list[tuple[int, str]],
    spoken: bool = False,
) -> list[Position]:
    """The positions of one sentence, in cue order.

    ``sentence``: its start and end offsets; ``local_issues``: its issue
    mentions as (start offset, issue id); ``spoken``: a speaker is known
    (a statement, a speech, an official's turn), whose modals make demands.
    """
    tok = ctx.tok
    actors = frames.named_actors(ctx.mentions)
    made: list[Position] = []
    previous_end = -1
    for span in cues:
        ci, cj, cue = span
        if (
            ctx.in_quote[ci]
            or frames.infinitive_complement(tok, ci, previous_end)
            or frames.object_infinitive(tok, ci, actors)
        ):
            continue
        previous_end = cj
        refused = frames.negated(tok, ci)
        if refused and cue.base not in REFUSABLE:
            continue  # "did not condemn"; but "We do not support efforts to normalize" is a rejection
        if frames.demanded_of_others(tok, ci, cues) or frames.in_title_case(tok, ci):
            continue  # "urged all parties to agree", "Pakistan Warns Water Is a Red Line"
        if frames.infinitive_of_cue(tok, ci, cues) or frames.opening_participle(tok, ci, cues):
            continue  # "pledges to support", "Underscoring ..., the Secretary also": one act, the first cue's
        if spoken and frames.after_modal(tok, ci):
            continue  # "we must agree": the speaker's demand
        index = clause_of(clauses, ci)
        frame = frames.find_frame(ctx, gaz, actors, clauses, index, cues, span, made)
        if frame is None:
            continue
        if cue.kind == "noun" and any(p.holder == frame.holder and 0 <= tok.starts[ci] - p.cue_end < 40 for p in made):
            continue  # "we stand by the Secretary's statement": the object of its holder's own cue
        clause = clauses[index]
        target = choose_target(frame, actors, cj)
        stance = "rejection" if refused else frames.refine_stance(tok, cue, cj)
        trace = frame.trace
        if refused:
            trace.append("negated support -> rejection")
        elif stance != cue.stance:
            trace.append(f"the complement carries a {stance}")
        source = frame.source
        issues = issue_scope(tok, clauses, index, cues, ci, sentence, local_issues)
        for h in holders(ctx, gaz, frame, clause, ci):
            if any(p.holder == h and p.cue_start == tok.starts[ci] for p in made):
                continue
            made.append(
                Position(
                    holder_person=source.person if source is not None and h == source.id else "",
                    confidence=confidence(source, h),
                    holder=h,
                    target=target if target != h else None,
                    stance=stance,
                    cue=ctx.text[tok.starts[ci] : tok.ends[cj - 1]],
                    cue_start=tok.starts[ci],
                    cue_end=tok.ends[cj - 1],
                    sentence_start=sentence[0],
                    sentence_end=sentence[1],
                    issues=issues,
                    rule=frame.rule,
                    trace=trace + [f"holder {h}, target {target if target != h else None}"],
                )
            )
    return made


def confidence(source: M | None, holder: str) -> float:
    """1.0 for a holder named as the subject; less when it came from the speaker or coreference."""
    if source is None:
        return 1.0
    if source.kind == "first":
        return CONFIDENCE_SPEAKER
    if source.resolved or holder != source.id:
        return CONFIDENCE_RESOLVED
    return 1.0


def choose_target(frame: Frame, actors: Named, cj: int) -> str | None:
    """The frame's own target, else the first actor after the cue other than the holder."""
    target = frame.target
    if target is None or target == frame.holder:
        target = None
        for m in actors.mentions:
            if m.i >= cj and m.id != frame.holder:
                target = m.id
                break
    return target


def holders(ctx: SentenceContext, gaz: Gazetteer, frame: Frame, clause: Clause, ci: int) -> list[str]:
    """The holder and those holding the position with it: co-agents, coordinated subjects, group members."""
    holder = frame.holder
    out = [holder, *(a for a in frame.co_agents if a != holder)]
    if frame.rule == "subject-of-clause":
        # "France and Germany condemned", "both governments argue": all hold the position
        subj = clause_subject(ctx, gaz, clause, ci, skip_quoted=True)
        if subj is not None:
            out += [a for a in co_subjects(ctx, subj, ci) if a not in out]
        elif clause.type == "resume" and holder == clause.effective:
            out += [a for a in clause.co if a not in out]
    elif frame.rule in ("coordinated-verb", "participial-adjunct", "matrix-subject") and holder == clause.effective:
        out += [a for a in clause.co if a not in out]
    return out


def issue_scope(
    tok: Tokens,
    clauses: list[Clause],
    index: int,
    cues: list[CueSpan],
    ci: int,
    sentence: tuple[int, int],
    local_issues: list[tuple[int, str]],
) -> list[str]:
    """The issues of the cue's clause up to the next main clause with its own cue, else of the sentence."""
    scope_end = sentence[1]
    for later in clauses[index + 1 :]:
        if later.type in ("main", "coord") and any(later.i <= c[0] < later.j for c in cues if c[0] > ci):
            scope_end = tok.starts[later.i]
            break
    scope_start = tok.starts[clauses[index].i]
    return issues_in(local_issues, scope_start, scope_end) or issues_in(local_issues, *sentence)


def issues_in(local_issues: list[tuple[int, str]], start: int, end: int) -> list[str]:
    return sorted({issue_id for at, issue_id in local_issues if start <= at < end})
