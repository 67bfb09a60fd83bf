"""The positions stage on its own: holders, target, stance and issue scope of one sentence."""

from __future__ import annotations

from tests.stages import gazetteer, resolved
from tui.analysis.clauses import Clause
from tui.analysis.matcher import tokenize
from tui.analysis.positions import issue_scope, sentence_positions


def positions(text: str, local_issues=()):
    ctx, cues, clauses = resolved(text)
    return sentence_positions(ctx, gazetteer(), clauses, cues, (0, len(text)), list(local_issues))


def test_coordinated_subjects_all_hold_the_position():
    found = positions("France and Germany condemned Russia.")
    assert [(p.holder, p.target, p.stance, p.cue, p.rule) for p in found] == [
        ("FRA", "RUS", "criticism", "condemned", "subject-of-clause"),
        ("DEU", "RUS", "criticism", "condemned", "subject-of-clause"),
    ]
    assert found[1].trace[-1] == "holder DEU, target RUS"


def test_passive_target_and_co_agent():
    found = positions("Ukraine was condemned by Russia and Belarus.")
    assert [(p.holder, p.target, p.rule) for p in found] == [
        ("RUS", "UKR", "passive-by-agent"),
        ("BLR", "UKR", "passive-by-agent"),
    ]


def test_filtered_cues_make_no_position():
    assert positions("Hungary did not condemn Russia.") == []
    quoted = positions('"Russia condemned it," Japan said.')
    assert [(p.holder, p.cue) for p in quoted] == [("JPN", "said")]  # the quoted cue is the speaker's words
    assert [p.cue for p in positions("Russia urged all parties to agree on a ceasefire.")] == ["urged"]


def test_saying_verb_stance_is_refined_in_the_trace():
    found = positions("Japan said it would retaliate.")[0]
    assert found.stance == "threat" and "the complement carries a threat" in found.trace


def test_issue_scope_stops_at_the_next_main_clause_with_a_cue():
    tok = tokenize("A b c ; d e f")
    clauses = [Clause(0, 3, "main"), Clause(3, 7, "main")]
    cues = [(1, 2, None), (5, 6, None)]
    local = [(tok.starts[2], "early"), (tok.starts[6], "late")]
    assert issue_scope(tok, clauses, 0, cues, 1, (0, 13), local) == ["early"]
    assert issue_scope(tok, clauses, 1, cues, 5, (0, 13), local) == ["late"]
    assert issue_scope(tok, clauses, 0, cues, 1, (0, 13), [(tok.starts[6], "late")]) == ["late"]  # else the sentence
