"""Matching, coreference and frame rules on a small fixture dictionary."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.analysis.gazetteer import build
from tui.analysis.lexicon import load_lexicon
from tui.analysis.pipeline import analyse_text
from tui.model.sentences import split_sentences

FIXTURE = Path(__file__).parent / "fixtures" / "analysis"


@pytest.fixture(scope="module")
def gaz():
    return build(load_lexicon(overlay=FIXTURE, bundled=("cues.toml", "roles.toml")))


def run(gaz, text):
    return analyse_text(text, split_sentences(text), gaz)


def mentions(analysis):
    return sorted((m.text, a.id) for a in analysis.actors for m in a.mentions if not m.resolved)


def positions(analysis):
    return [(p.holder, p.stance, p.cue, p.target) for p in analysis.positions]


def test_longest_match_and_blocklist(gaz):
    a = run(gaz, "The treatment of the Native Americans was raised by United States officials.")
    assert ("Native Americans", "USA") not in mentions(a)
    assert [m for m in mentions(a) if m[1] == "USA"] == [("United States officials", "USA")]


def test_us_is_case_sensitive(gaz):
    a = run(gaz, "He told us that the US would respond.")
    assert mentions(a) == [("US", "USA")]


def test_lower_case_name_is_not_a_mention(gaz):
    a = run(gaz, "They ate turkey in china bowls. China objected.")
    assert mentions(a) == [("China", "CHN")]


def test_role_phrases_compose(gaz):
    text = (
        "Chinese government officials said the talks failed. Pakistan's foreign ministry rejected the claim. "
        "The Canadian prime minister condemned the move. Manila's delegation walked out. "
        "A spokesperson for the Chinese foreign ministry said the talks were useful."
    )
    a = run(gaz, text)
    assert [p[0] for p in positions(a)] == ["CHN", "PAK", "CAN", "PHL", "CHN"]
    assert ("Chinese government officials", "CHN") in mentions(a)
    assert ("Pakistan's foreign ministry", "PAK") in mentions(a)


def test_pleonastic_it_is_not_resolved(gaz):
    a = run(gaz, "China conveyed its dismay and made it clear that talks were over.")
    resolved = [m.text for act in a.actors for m in act.mentions if m.resolved]
    assert resolved == ["its"]
    assert positions(a)[1][:2] == ("CHN", "statement")
    assert a.positions[1].rule == "coordinated-verb"


def test_demand_complement_keeps_they_on_the_demander(gaz):
    text = (
        "The U.S. has ramped up its criticism of China, while China has focused its attention on American "
        "sanctions, and demanded that the U.S. not interfere with what they deem to be internal affairs."
    )
    a = run(gaz, text)
    got = positions(a)
    assert got[0][:2] == ("USA", "criticism")
    assert ("CHN", "demand") in [g[:2] for g in got]
    they = [m for act in a.actors for m in act.mentions if m.text == "they"]
    assert they and a.actor("CHN") and they[0] in a.actor("CHN").mentions


def test_nominal_by_agent(gaz):
    a = run(gaz, "Talks come after strong condemnation of China by the U.S. for cyberattacks.")
    assert positions(a) == [("USA", "criticism", "condemnation", "CHN")]
    assert a.positions[0].rule == "nominal-by-agent"


def test_gerund_subject_is_not_the_matrix_subject(gaz):
    a = run(gaz, "China has reacted angrily to the United States expressing concern over forced labor.")
    assert [p[:2] for p in positions(a)] == [("CHN", "criticism"), ("USA", "concern")]
    assert a.positions[1].rule == "gerund-subject"


def test_participial_adjunct_inherits_matrix_subject(gaz):
    a = run(gaz, "China rejected the report. They also contend that the U.S. is hypocritical, stating that its record is poor.")
    assert [(p.holder, p.rule) for p in a.positions] == [
        ("CHN", "subject-of-clause"), ("CHN", "subject-of-clause"), ("CHN", "participial-adjunct")
    ]


def test_descriptor_resolves_to_other_state(gaz):
    text = (
        "The U.S. expressed that its policy towards China is complex, while still confronting the ruling "
        "government on other matters. The ruling government continues to claim that the U.S. is hostile."
    )
    a = run(gaz, text)
    assert [p[:2] for p in positions(a)] == [("USA", "statement"), ("CHN", "claim")]


def test_passive_by_agent(gaz):
    a = run(gaz, "Japan was sharply criticised by China for the decision.")
    assert positions(a) == [("CHN", "criticism", "criticised", "JPN")]
    assert a.positions[0].rule == "passive-by-agent"


def test_coordinated_subjects_both_hold(gaz):
    a = run(gaz, "France and Germany condemned the Russian strikes.")
    assert [p[:2] for p in positions(a)] == [("FRA", "criticism"), ("DEU", "criticism")]


def test_relative_clause_antecedent(gaz):
    a = run(gaz, "Tokyo, which faces the same tariffs, has so far rejected the offer.")
    assert [p[0] for p in positions(a)] == ["JPN"]


def test_noun_use_is_not_a_verb_cue(gaz):
    a = run(gaz, "Member states discussed American support for the plan.")
    assert all(p.cue != "support" for p in a.positions)


def test_places_are_issues_not_actors(gaz):
    a = run(gaz, "The U.S. condemned repression in Xinjiang and Hong Kong.")
    assert {act.id for act in a.actors} == {"USA"}
    assert "human-rights" in {i.id for i in a.issues}


def test_tiny_and_runaway_sentences_neither_crash_nor_run_away():
    from tui.analysis.pipeline import MAX_SENTENCE, analyse_text, pieces
    from tui.model.sentences import split_sentences

    for text in ("He said,", "It said,", ",", "He said, " * 100):
        assert analyse_text(text, split_sentences(text)).positions == []
    runaway = "Start " + '."' * 20_000 + " China condemned the strike.\n"
    cut = list(pieces(runaway, 0, len(runaway)))
    assert all(end - start <= MAX_SENTENCE for start, end in cut) and cut[-1][1] == len(runaway)
    assert "".join(runaway[s:e] for s, e in cut) == runaway
    found = analyse_text(runaway, split_sentences(runaway)).positions
    assert [(p.holder, p.cue) for p in found] == [("CHN", "condemned")]
