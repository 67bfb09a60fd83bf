"""Frame rules on small sentences, with the bundled dictionaries."""

from __future__ import annotations

import pytest

from tui.analysis.gazetteer import build
from tui.analysis.lexicon import load_lexicon
from tui.analysis.pipeline import analyse_text
from tui.model.sentences import split_sentences


@pytest.fixture(scope="module")
def gaz():
    return build(load_lexicon(overlay=False))


def run(gaz, text):
    return analyse_text(text, split_sentences(text), gaz)


def positions(gaz, text):
    return [(p.holder, p.stance, p.cue) for p in run(gaz, text).positions]


# -- negation ---------------------------------------------------------------------------


def test_negated_cue_is_no_position(gaz):
    assert positions(gaz, "Hungary did not condemn Russia.") == []
    assert positions(gaz, "France has not, however, publicly criticised Germany.") == []


def test_neither_nor_negates_both_cues(gaz):
    assert positions(gaz, "Ukraine has neither confirmed nor denied responsibility for the strikes.") == []


def test_stopped_short_of_is_no_action(gaz):
    found = positions(gaz, "Japan criticised the vote but stopped short of announcing new sanctions.")
    assert found == [("JPN", "criticism", "criticised")]


def test_negation_in_the_complement_keeps_the_cue(gaz):
    assert positions(gaz, "Pakistan warned that it would not accept the ruling.") == [("PAK", "threat", "warned")]


# -- complements and participles ---------------------------------------------------------


def test_infinitive_after_a_demand_is_not_a_position(gaz):
    found = positions(gaz, "Somalia urged all parties to agree to a ceasefire.")
    assert found == [("SOM", "demand", "urged")]


def test_reduced_relative_participle_is_not_a_cue(gaz):
    found = positions(gaz, "Korea raised the treatment of workers detained during a raid.")
    assert found == []
    found = positions(gaz, "Britain called for the release of the prisoners, detained since the coup.")
    assert found == [("GBR", "demand", "called for")]


def test_participle_after_auxiliary_and_adverb_is_a_cue(gaz):
    found = positions(gaz, "Turkey has long insisted that the convention applies.")
    assert found == [("TUR", "claim", "insisted")]


# -- readouts: roles, pairs, "they" ------------------------------------------------------


def test_role_named_once_keeps_its_actor(gaz):
    text = (
        "The Secretary spoke today with the Foreign Minister of the Republic of Korea. "
        "The Foreign Minister urged that a visa category be finalized."
    )
    assert positions(gaz, text) == [("KOR", "demand", "urged")]


def test_role_descriptor_joins_a_coordinated_subject(gaz):
    text = (
        "The Secretary spoke with the Foreign Minister of the Republic of Korea. "
        "The Secretary and the Foreign Minister expressed serious concern over Russia."
    )
    assert sorted(positions(gaz, text)) == [
        ("KOR", "concern", "expressed serious concern"),
        ("USA", "concern", "expressed serious concern"),
    ]


def test_two_ministers_and_they_hold_jointly(gaz):
    text = (
        "The Secretary spoke with the Foreign Minister of the Republic of Korea. "
        "The two ministers condemned the launch by North Korea. "
        "They called on Moscow to stop arms transfers."
    )
    found = sorted(positions(gaz, text))
    assert ("USA", "demand", "called on") in found and ("KOR", "demand", "called on") in found
    assert ("USA", "criticism", "condemned") in found and ("KOR", "criticism", "condemned") in found


def test_declining_to_say_is_no_position(gaz):
    assert positions(gaz, "Asked about the talks, the Chinese official declined to say.") == []


# -- attributions ----------------------------------------------------------------------


def test_he_in_an_inserted_question_is_the_speaker(gaz):
    text = "Germany said it would help. Hungary's foreign minister, asked whether he blamed Moscow, said it was too early."
    assert positions(gaz, text)[-1] == ("HUN", "statement", "said")


def test_quote_first_attribution_with_wrote(gaz):
    text = '"We will not pretend it is an accident," the Estonian prime minister wrote on X.'
    assert positions(gaz, text) == [("EST", "statement", "wrote")]


def test_opening_speaking_for_phrase_is_not_the_subject(gaz):
    text = "Speaking for the A3 (Kenya, Liberia and Somalia), Somalia's delegate urged all parties to talk."
    assert positions(gaz, text) == [("SOM", "demand", "urged")]


def test_secretariat_officials_are_the_un(gaz):
    text = "The Special Envoy of the Secretary-General on Myanmar told the Security Council that the polls failed."
    assert [p[0] for p in positions(gaz, text)] == ["UN"]


def test_descriptor_possessor_with_a_ministry_holds(gaz):
    text = "Myanmar held elections. The military government's information ministry dismissed the session."
    assert positions(gaz, text) == [("MMR", "criticism", "dismissed")]


def test_echoing_an_assessment_is_a_claim(gaz):
    assert positions(gaz, "France's delegate echoed that assessment.") == [("FRA", "claim", "echoed")]


def test_armed_groups_are_actors_of_their_own(gaz):
    analysis = run(gaz, "Rwanda demanded that Congo disarm the FDLR, while the ADF attacked villages.")
    ids = {a.id for a in analysis.actors}
    assert {"FDLR", "ADF"} <= ids and "RWA" in ids


# -- cues that are no stance ----------------------------------------------------------------


def test_discussing_is_no_position(gaz):
    assert positions(gaz, "Norway and Iceland discussed fishing quotas on Monday.") == []


# -- inserted relative clauses --------------------------------------------------------------


def test_verb_after_an_inserted_relative_clause_is_the_main_verb(gaz):
    text = (
        "Chile's ambassador, who was named before the election and still holds the post despite protests, "
        "told the Assembly that the vote had been rigged. He urged members to withhold recognition."
    )
    assert [(h, s) for h, s, _ in positions(gaz, text)] == [("CHL", "statement"), ("CHL", "demand")]


def test_coordinated_subjects_before_both_of_which_hold_jointly(gaz):
    text = "Norway and Denmark, both of which have faced similar incidents, offered to send divers."
    assert sorted(positions(gaz, text)) == [("DNK", "support", "offered"), ("NOR", "support", "offered")]


# -- nominal positions with a possessive holder ------------------------------------------------


def test_possessor_of_a_verb_cue_used_as_a_noun_holds(gaz):
    assert positions(gaz, "Lisbon's demand that the fund be doubled stalled the talks.") == [("PRT", "demand", "demand that")]
    assert positions(gaz, "Oslo's offer to mediate still stands.") == [("NOR", "support", "offer")]


def test_one_modifier_between_possessor_and_noun(gaz):
    found = positions(gaz, "Cairo's initial rejection of the plan has since softened.")
    assert found == [("EGY", "rejection", "rejection")]


def test_possessed_noun_without_complement_is_no_position(gaz):
    assert positions(gaz, "The ministry has not commented on Rome's demands.") == []
    assert positions(gaz, "Mexico's state news agency reported the vote.") == []


# -- opening subordinate clauses ---------------------------------------------------------------


def test_subject_of_an_opening_condition_is_no_holder(gaz):
    text = "Should Serbia move troops to the border, Croatian officials have warned, Zagreb would close the crossings."
    assert [(h, s) for h, s, _ in positions(gaz, text)] == [("HRV", "threat")]
    text = "If Hanoi reinforces the reef, Manila said it would respond."
    assert [h for h, _, _ in positions(gaz, text)] == ["PHL"]


def test_the_two_are_the_two_actors_in_focus(gaz):
    text = "Finland's president spoke with the NATO secretary general, and the two agreed that cables must be protected."
    assert sorted(positions(gaz, text)) == [("FIN", "support", "agreed"), ("NATO", "support", "agreed")]
    text = "Chile's president met the Argentine president in Santiago. The two agreed to reopen the pass."
    assert sorted(h for h, _, _ in positions(gaz, text)) == ["ARG", "CHL"]
    assert positions(gaz, "Peru, Chile and Bolivia met. The two ships collided.") == []


# -- headings ----------------------------------------------------------------------------


def test_headings_hold_no_position(gaz, tmp_path):
    from tui.analysis.pipeline import analyse
    from tui.loaders import load_document

    path = tmp_path / "brief.md"
    path.write_text("# Talks\n\n## Madrid backs Lisbon\n\nSpain welcomed the accord.\n\nOslo rejects the plan\n\nNorway said no.\n")
    found = [(p.holder, p.cue) for p in analyse(load_document(path), gaz).positions]
    assert found == [("ESP", "welcomed"), ("NOR", "said")]


# -- the complement of a plain 'said' ----------------------------------------------------------


def test_said_with_a_threat_or_a_criticism_in_its_complement(gaz):
    assert positions(gaz, "Peru said it would respond in kind to any new duties.") == [("PER", "threat", "said")]
    assert positions(gaz, "Chile said the blockade was illegal.") == [("CHL", "criticism", "said")]
    assert positions(gaz, "Chile said the talks would resume.") == [("CHL", "statement", "said")]


# -- aides, descriptors, new cues, event participles, reported facts, lists ---------------


def test_adviser_to_a_leader_speaks_for_the_leader(gaz):
    found = positions(gaz, "A senior adviser to the Supreme Leader, however, warned that the route would become a target.")
    assert found == [("IRN", "threat", "warned")]
    assert positions(gaz, "An aide to President Putin said Russia was ready.") == [("RUS", "statement", "said")]
    assert positions(gaz, "A spokesman for the Kremlin denied the report.") == [("RUS", "rejection", "denied")]


def test_to_after_another_noun_still_blocks_the_subject(gaz):
    assert positions(gaz, "A letter to Iran warned of consequences.") == []


def test_the_presidency_prefers_the_state_named_in_the_sentence(gaz):
    text = (
        "Rome signed the deal. Tunisian opposition figures complain that the government has used it "
        "to deflect attention, a charge the presidency rejects."
    )
    assert ("TUN", "rejection", "rejects") in positions(gaz, text)
    assert ("ITA", "rejection", "rejects") not in positions(gaz, text)
    assert positions(gaz, "Nigeria met the EU. The presidency rejected the plan.") == [("NGA", "rejection", "rejected")]


def test_most_vocal_critic_and_campaign_against(gaz):
    found = positions(gaz, "Iran, whose northern border runs along the route, has been its most vocal critic.")
    assert found == [("IRN", "criticism", "has been its most vocal critic")]
    found = positions(gaz, "Armenia arrested two bishops. Yerevan's campaign against senior clergy has drawn criticism.")
    assert ("ARM", "action", "campaign against") in found


def test_event_participle_is_no_position(gaz):
    found = positions(gaz, "Washington warned that it would answer with new duties, raising the prospect of a trade war.")
    assert [f[2] for f in found] == ["warned"]


def test_action_in_a_reported_complement_is_a_fact(gaz):
    assert positions(gaz, "Officials point out that the United States has blocked appointments to the court.") == []
    found = positions(gaz, "Germany noted that Russia had expelled diplomats.")
    assert found == [("DEU", "statement", "noted")]
    found = positions(gaz, "France said that it had imposed sanctions on Iran.")
    assert ("FRA", "action", "imposed sanctions") in found


def test_direct_question_holds_no_position(gaz):
    assert positions(gaz, "Will China retaliate? Beijing said it would.") == [("CHN", "statement", "said")]
    assert positions(gaz, "Why did the presidency reject it?") == []


def test_list_items_and_table_rows_labelled_by_actor(gaz):
    text = "- Russia: said the deal was dead.\n- Ukraine: rejected the proposal.\n- EU: urged restraint."
    assert positions(gaz, text) == [("RUS", "statement", "said"), ("UKR", "rejection", "rejected"), ("EU", "demand", "urged")]
    table = "| Country | Position |\n|---|---|\n| France | backs the plan |\n| Iran | rejected the plan |"
    assert positions(gaz, table) == [("IRN", "rejection", "rejected")]
