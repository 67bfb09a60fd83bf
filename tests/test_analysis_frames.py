"""The frames stage on its own: the rule that names the holder of each cue, and the cue filters."""

from __future__ import annotations

from tests.stages import gazetteer, resolved, words
from tui.analysis import frames
from tui.analysis.clauses import Clause, clause_of
from tui.analysis.coref import State
from tui.analysis.matcher import tokenize


def frames_of(text: str, state: State | None = None) -> dict[str, frames.Frame | None]:
    """The frame of every cue of ``text`` (by its words), before the cue filters."""
    ctx, cues, clauses = resolved(text, state)
    actors = frames.named_actors(ctx.mentions)
    out = {}
    for span in cues:
        index = clause_of(clauses, span[0])
        out[words(ctx, span[0], span[1])] = frames.find_frame(ctx, gazetteer(), actors, clauses, index, cues, span, [])
    return out


def test_passive_by_agent_with_a_co_agent_and_the_subject_as_target():
    frame = frames_of("Ukraine was condemned by Russia and Belarus on Monday.")["condemned"]
    assert (frame.holder, frame.rule, frame.target, frame.co_agents) == ("RUS", "passive-by-agent", "UKR", ["BLR"])
    assert frame.trace == ["cue 'condemned' -> criticism (verb 'condemn')", "passive; agent 'Russia'"]


def test_passive_without_an_agent_has_no_holder():
    assert frames_of("Ukraine was condemned on Monday.")["condemned"] is None


def test_nominal_possessor_and_nominal_by_agent():
    frame = frames_of("China's condemnation of Japan drew protests.")["condemnation"]
    assert (frame.holder, frame.rule, frame.target) == ("CHN", "nominal-possessor", None)
    frame = frames_of("The condemnation of Japan by China was swift.")["condemnation"]
    assert (frame.holder, frame.rule, frame.target) == ("CHN", "nominal-by-agent", "JPN")


def test_gerund_subject():
    frame = frames_of("Russia reacted angrily to the United States expressing concern.")["expressing concern"]
    assert (frame.holder, frame.rule) == ("USA", "gerund-subject")


def test_on_behalf_of():
    frame = frames_of("Pakistan, speaking on behalf of the OIC, voiced concern.")["voiced concern"]
    assert (frame.holder, frame.rule) == ("OIC", "on-behalf-of")


def test_inverted_attribution():
    frame = frames_of('"This is illegal," said the Chinese foreign ministry.')["said"]
    assert (frame.holder, frame.rule) == ("CHN", "inverted-attribution")


def test_subject_of_clause_and_coordinated_verb():
    found = frames_of("Japan criticised the vote and demanded a recount.")
    assert (found["criticised"].holder, found["criticised"].rule) == ("JPN", "subject-of-clause")
    assert (found["demanded"].holder, found["demanded"].rule) == ("JPN", "coordinated-verb")
    assert found["demanded"].trace[-1] == "no subject in the clause; inherited JPN"


def test_inherited_rule_names():
    assert frames.inherited_rule(Clause(0, 1, "rel", how="antecedent"), "said") == "relative-clause"
    assert frames.inherited_rule(Clause(0, 1, "resume"), "told") == "subject-of-clause"
    assert frames.inherited_rule(Clause(0, 1, "part"), "stating") == "participial-adjunct"
    assert frames.inherited_rule(Clause(0, 1, "coord"), "demanded") == "coordinated-verb"
    assert frames.inherited_rule(Clause(0, 1, "sub"), "demanded") == "matrix-subject"


def test_negated_cues():
    def negated(text: str, cue: str) -> bool:
        tok = tokenize(text)
        return frames.negated(tok, tok.lower.index(cue))

    assert negated("Hungary did not condemn Russia.", "condemn")
    assert negated("France has not, however, publicly criticised Germany.", "criticised")
    assert negated("Japan stopped short of announcing sanctions.", "announcing")
    assert not negated("Hungary condemned Russia.", "condemned")
    assert not negated("Hungary, not Poland, condemned Russia.", "condemned")  # "not" before another word


def test_cue_filters():
    tok = tokenize("Russia urged all parties to agree on a ceasefire.")
    ctx, cues, _ = resolved("Russia urged all parties to agree on a ceasefire.")
    assert frames.demanded_of_others(tok, 5, cues)  # "to agree": asked of the parties
    assert not frames.demanded_of_others(tok, 1, cues)
    tok = tokenize("Pakistan Warns Water Is a Red Line")
    assert frames.in_title_case(tok, 1) and not frames.in_title_case(tokenize("Pakistan warns India"), 1)


def test_saying_verbs_take_the_stance_of_their_complement():
    def stance(text: str) -> str:
        _, cues, _ = resolved(text)
        ci, cj, cue = cues[0]
        return frames.refine_stance(tokenize(text), cue, cj)

    assert stance("Japan said it would retaliate.") == "threat"
    assert stance("Japan said the move was illegal.") == "criticism"
    assert stance("Japan said talks would resume.") == "statement"
