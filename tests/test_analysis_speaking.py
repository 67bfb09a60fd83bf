"""The speaker's positions without a cue: modal demands, verdicts, commitments, accusations."""

from __future__ import annotations

import pytest

from tui.analysis.assertions import speaker_acts
from tui.analysis.matcher import tokenize
from tui.analysis.pipeline import DocumentContext, analyse_text
from tui.analysis.speakers import Speaker
from tui.model.sentences import split_sentences

from .stages import gazetteer


def found(text: str, speaker: tuple[str, ...] = ("DEU",)) -> list[tuple[str, str, str | None, str]]:
    context = DocumentContext(Speaker(speaker, "document", "test"), [], 2024)
    analysis = analyse_text(text, split_sentences(text), gazetteer(), (), context)
    return [(p.holder, p.stance, p.target, p.rule) for p in analysis.positions]


def acts(text: str) -> list[tuple[str, str]]:
    tok = tokenize(text)
    return [(a.stance, a.rule) for a in speaker_acts(tok, [False] * len(tok), set(), {})]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It is essential that the parties return to talks.", [("demand", "speaker-necessity")]),
        ("Let us work together.", [("demand", "speaker-exhortation")]),
        ("It is unacceptable that five nations wield a veto.", [("criticism", "speaker-verdict")]),
        ("The accumulation of debt is of particular concern.", [("concern", "speaker-verdict")]),
        ("In our view, there is no justification for terror.", [("claim", "speaker-view")]),
        ("That's unacceptable.", [("criticism", "speaker-verdict")]),
        ("It's essential that the talks resume.", [("demand", "speaker-necessity")]),
        ("It should be noted that the talks continue.", []),
        ("Should Russia resume strikes, the talks end.", []),
        ("I do not need to repeat it.", []),
        ("A nuclear war cannot be won.", []),
    ],
)
def test_cue_less_acts(text, expected):
    assert acts(text) == expected


def test_modal_demand_toward_the_subject():
    assert found("Russia must withdraw its forces.") == [("DEU", "demand", "RUS", "speaker-modal-demand")]
    assert found("We must strengthen our unity.") == [("DEU", "demand", None, "speaker-modal-demand")]


def test_a_cue_of_the_speaker_says_it_once():
    # "believe" is the speaker's claim; the modal in its complement adds nothing
    assert found("We believe that the trading system must be strengthened.") == [
        ("DEU", "claim", None, "subject-of-clause")
    ]
    # "must agree": the speaker's demand, not an agreement
    assert [f[1] for f in found("We must agree on a mechanism for loss and damage.")] == ["demand"]


def test_commitments_and_deeds_of_the_speaker():
    assert found("We will continue our consultations with partners.") == [
        ("DEU", "statement", None, "speaker-commitment")
    ]
    assert found("We will continue to help the refugees.") == [("DEU", "support", None, "speaker-commitment")]
    assert found("We have established a climate finance task team.") == [("DEU", "action", None, "speaker-deed")]
    assert found("We have seen many crises.") == []  # undergone, not done
    # a party named in a joint statement commits itself only
    assert found("Germany will intensify its efforts.", ("USA", "DEU")) == [
        ("DEU", "statement", None, "speaker-commitment")
    ]


def test_another_states_threat_told_by_the_speaker_is_its_accusation():
    assert found("The United States is threatening all countries.", ("IRN",)) == [
        ("IRN", "criticism", "USA", "speaker-accusation")
    ]
    assert found("Russia shunned the non-proliferation ideals.", ("USA",)) == [
        ("USA", "criticism", "RUS", "speaker-accusation")
    ]
    assert found("A girl was abducted by North Korea.", ("JPN",)) == [("JPN", "criticism", "PRK", "speaker-accusation")]
    assert found("The United States did not honour its obligations.", ("IRN",)) == [
        ("IRN", "criticism", "USA", "speaker-accusation")
    ]


def test_reported_words_stay_with_who_said_them():
    # "said it would retaliate" is Russia's own threat, not the speaker's accusation
    assert {f[0] for f in found("Russia said it would retaliate.", ("USA",))} == {"RUS"}


def test_negated_support_is_a_rejection():
    assert found("We do not support efforts to normalize relations with the regime.") == [
        ("DEU", "rejection", None, "subject-of-clause")
    ]


def test_no_speaker_no_cue_less_positions():
    context = DocumentContext(None, [], 2024)
    text = "Russia must withdraw its forces. It is unacceptable that talks stalled."
    assert analyse_text(text, split_sentences(text), gazetteer(), (), context).positions == []


def test_what_the_speaker_calls_another_actor():
    assert found("Russia is the aggressor.", ("UKR",)) == [("UKR", "criticism", "RUS", "speaker-verdict")]
    assert found("Iran is a responsible member of the community.", ("DEU",)) == []
    assert found("The United States is responsible for the crisis.", ("IRN",)) == [
        ("IRN", "criticism", "USA", "speaker-verdict")
    ]


def test_we_is_no_antecedent_of_they():
    # "they" after a sentence held by "we" goes to the other actor, whose accusation it is
    text = "Russia launched the war. We support Ukraine. They are killing civilians."
    assert ("DEU", "criticism", "RUS", "speaker-accusation") in found(text)


def test_a_possessive_is_no_subject_of_the_next_word():
    assert found("The leaders met to advance our shared vision.", ("USA",)) == []


def test_a_wartime_speech():
    assert found("Russian troops are destroying our cities.", ("UKR",)) == [
        ("UKR", "criticism", "RUS", "speaker-accusation")
    ]
    assert found("The aggressor uses food and energy as weapons.", ("UKR",)) == []  # no state named yet to stand for
    text = "Russia invaded in 2022. The aggressor uses food and energy as weapons."
    assert ("UKR", "criticism", "RUS", "speaker-accusation") in found(text, ("UKR",))[1:]
    # the second act of one actor is not taken for its own report
    assert {f[:3] for f in found("Moscow blocked our ports and attacked the grain corridor.", ("UKR",))} == {
        ("UKR", "criticism", "RUS")
    }
    assert found("Ukraine will never accept the occupation of its territory.", ("UKR",)) == [
        ("UKR", "rejection", None, "speaker-commitment")
    ]
    assert found("We are grateful to our partners.", ("UKR",))[0][:2] == ("UKR", "support")


def test_a_joint_statement_of_three():
    parties = ("CAN", "FRA", "JPN")
    assert [f[1] for f in found("We reiterate our call for the immediate withdrawal of Russian forces.", parties)] == [
        "demand"
    ] * 3
    text = "The Ministers expressed serious concern about the East and South China Seas and strongly opposed coercion."
    assert {f[0] for f in found(text, parties)} == set(parties)  # not China, inside the seas' name
    assert {f[0] for f in found("The three countries will continue to work together.", parties)} == set(parties)


def test_what_a_subject_is_accused_of_doing():
    text = "The Government of the United States has intensified its economic, commercial and financial blockade."
    assert found(text, ("CUB",)) == [("CUB", "criticism", "USA", "speaker-accusation")]
    text = "The administration in Washington has reactivated the act, in open disregard of international law."
    assert [f[1:3] for f in found(text, ("CUB",))] == [("criticism", "USA")]
    assert found("Cuba will never renounce its sovereignty.", ("CUB",))[0][:2] == ("CUB", "rejection")
    assert found("We express our solidarity with the people of Venezuela.", ("CUB",))[0][:2] == ("CUB", "support")


def test_a_base_form_after_to_be_is_no_verb():
    assert found("Brazil is back.", ("BRA",)) == []


def test_a_relative_clause_after_of_belongs_to_the_noun_before():
    text = "Our focus is on the women of Iran who are protesting peacefully."
    assert not any(f[0] == "IRN" for f in found(text, ("USA",)))
    assert found("The regime's brutal crackdown is appalling.", ("USA",)) == []  # no state named to accuse
    text = "Iran tightened its rules. The regime's brutal crackdown is appalling."
    assert ("USA", "criticism", "IRN", "speaker-accusation") in found(text, ("USA",))


def test_a_statements_designations_and_concerns():
    text = "Today, the Department of State is designating five officials."
    assert found(text, ("USA",)) == [("USA", "action", None, "subject-of-clause")]
    assert found("These designations underscore our commitment to accountability.", ("USA",))[0][:2] == (
        "USA",
        "support",
    )
    assert found("We remain deeply concerned about the prisoners.", ("USA",))[0][:2] == ("USA", "concern")


def test_verdicts_on_what_an_actor_owns_and_objects_of_ones_own_cue():
    text = "The PRC's maritime claims in the South China Sea are unlawful."
    assert found(text, ("USA",)) == [("USA", "criticism", "CHN", "speaker-verdict")]
    assert [f[1] for f in found("We stand by the Secretary's statement.", ("USA",))] == ["support"]


def test_a_war_named_as_a_crime_and_strikes_that_kill():
    assert found("Russia's genocidal war has gone on for months.", ("UKR",))[0][:3] == ("UKR", "criticism", "RUS")
    assert found("The war in Sudan has gone on for months.", ("UKR",)) == []
    assert found("Russian strikes kill civilians every day.", ("UKR",))[0][:3] == ("UKR", "criticism", "RUS")
    assert found("Russia is committing crimes against children.", ("UKR",))[0][:3] == ("UKR", "criticism", "RUS")
