"""The speaker model: who a document speaks for, transcript turns, first person, people."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.analysis.pipeline import DocumentContext, analyse, analyse_text, document_context
from tui.analysis.speakers import Speaker, document_speaker, transcript_turns
from tui.loaders import load_document
from tui.model.sentences import split_sentences

from .stages import gazetteer


def finder(text: str) -> list[tuple[int, int, str, str]]:
    from tui.analysis.mentions import actors_named

    return actors_named(text, gazetteer())


def holders(text: str, speaker: tuple[str, ...] = (), year: int | None = None) -> list[tuple[str, str, str]]:
    context = DocumentContext(Speaker(speaker, "document", "test") if speaker else None, [], year)
    analysis = analyse_text(text, split_sentences(text), gazetteer(), (), context)
    return [(p.holder, p.stance, p.cue) for p in analysis.positions]


# -- the document's speaker ---------------------------------------------------------------
def test_front_matter_speaker_wins():
    speaker = document_speaker("Brazil", "Anything", "The White House", "", finder)
    assert speaker is not None and speaker.actors == ("BRA",)


def test_joint_statement_parties_from_the_title():
    speaker = document_speaker("", "Joint Statement of the United States and Germany on Support for Ukraine", "", "", finder)
    assert speaker is not None and speaker.actors == ("USA", "DEU")  # not Ukraine, the topic
    speaker = document_speaker("", "United States-Japan Joint Leaders' Statement", "", "", finder)
    assert speaker is not None and speaker.actors == ("USA", "JPN")


def test_parties_that_released_a_statement():
    opening = "The following statement was released by France, Germany and Italy on the anniversary:"
    speaker = document_speaker("", "Joint Statement on the Anniversary", "Foreign Office", opening, finder)
    assert speaker is not None and speaker.actors == ("FRA", "DEU", "ITA")


def test_statement_of_in_the_source_and_the_issuer():
    speaker = document_speaker("", "General debate", "General Assembly — statement of the Russian Federation", "", finder)
    assert speaker is not None and speaker.actors == ("RUS",)
    speaker = document_speaker("", "Readout of the President's Call with the Prime Minister of Japan", "The White House", "", finder)
    assert speaker is not None and speaker.actors == ("USA",)  # the issuer, not the country in the title


def test_a_news_report_has_no_speaker():
    assert document_speaker("", "Manila Summons Chinese Envoy", "Indo-Pacific Security Brief", "", finder) is None
    assert document_speaker("", "Council Divided", "UN Meetings Coverage", "", finder) is None


# -- transcripts ----------------------------------------------------------------------------
TRANSCRIPT = """MR SMITH: Good afternoon. We condemn the missile launch.

QUESTION: Do you condemn Russia for the strike?

MR SMITH: We urge Russia to stop.

Q We think China condemned it too.
"""


def test_turns_give_the_official_the_government_and_reporters_nothing():
    text = TRANSCRIPT
    paragraphs, start = [], 0
    for part in text.split("\n\n"):
        paragraphs.append((start, start + len(part)))
        start += len(part) + 2
    usa = Speaker(("USA",), "document", "test")
    turns = transcript_turns(text, paragraphs, usa, finder)
    assert [t.speaker.label for t in turns] == ["MR SMITH", "QUESTION", "MR SMITH", "Q"]
    assert [t.speaker.reporter for t in turns] == [False, True, False, True]
    assert turns[0].speaker.actors == ("USA",)


def test_a_transcript_document_holds_only_the_officials_turns(tmp_path: Path):
    path = tmp_path / "briefing.md"
    path.write_text("---\ntitle: Department Press Briefing\nsource: U.S. Department of State\n---\n\n" + TRANSCRIPT)
    document = load_document(path)
    found = {(p.holder, p.stance) for p in analyse(document, gazetteer()).positions}
    assert ("USA", "criticism") in found and ("USA", "demand") in found
    assert not any(p.holder == "CHN" for p in analyse(document, gazetteer()).positions)  # a reporter's claim
    assert document_context(document, gazetteer()).speaker.actors == ("USA",)


# -- first person, people, groups -------------------------------------------------------------
def test_first_person_holds_for_the_speaker():
    assert holders("We condemn the attacks on civilians.", ("IND",)) == [("IND", "criticism", "condemn")]
    assert holders("My delegation welcomes the agreement.", ("IND",)) == [("IND", "support", "welcomes")]
    assert holders("We condemn the attacks on civilians.") == []  # nobody speaks: no holder


def test_joint_first_person_holds_for_every_party():
    found = holders("We reaffirm our commitment to the alliance.", ("USA", "JPN"))
    assert {h for h, _, _ in found} == {"USA", "JPN"}


def test_people_by_title_and_name_speak_for_their_state():
    found = holders("President Biden welcomed the decision.", (), 2022)
    assert found == [("USA", "support", "welcomed")]
    found = holders("Prime Minister Kishida Fumio of Japan welcomed the decision.", (), 2022)
    assert found == [("JPN", "support", "welcomed")]
    # an official no dictionary knows, tied to the state named with the title
    found = holders("Israeli National Security Minister Avi Cohenbaum criticised the plan.", (), 2024)
    assert found == [("ISR", "criticism", "criticised")]


def test_he_is_the_person_in_focus_not_the_last_country():
    text = "President Biden met President Zelenskyy of Ukraine. He raised concerns about China."
    found = holders(text, (), 2023)
    assert ("USA", "concern", "raised concerns") in found
    assert not any(h == "UKR" and s == "concern" for h, s, _ in found)


def test_bare_title_resolves_to_the_person_named_with_it():
    text = "Vice President Kamala Harris met President Marcos of the Philippines. The Vice President condemned the missile tests."
    found = holders(text, ("USA",), 2022)
    assert ("USA", "criticism", "condemned") in found


def test_the_two_leaders_hold_jointly():
    text = "President Biden met Prime Minister Kishida. The two leaders condemned the launches."
    found = holders(text, ("USA",), 2022)
    assert {h for h, s, _ in found if s == "criticism"} == {"USA", "JPN"}


def test_positions_carry_the_person_and_a_confidence():
    text = "President Biden met Prime Minister Kishida. He welcomed the decision."
    context = DocumentContext(None, [], 2022)
    analysis = analyse_text(text, split_sentences(text), gazetteer(), (), context)
    position = analysis.positions[0]
    assert position.holder == "USA" and position.holder_person == "Joe Biden"
    assert position.confidence < 1.0  # "He" came from coreference


@pytest.mark.parametrize("sentence", ["The court in Luxembourg will rule.", "Tensions near Ren'ai Reef rose."])
def test_no_speaker_no_invented_positions(sentence):
    assert holders(sentence) == []


def test_extract_json_lists_people_under_their_actor(tmp_path: Path):
    path = tmp_path / "readout.md"
    path.write_text(
        "---\ntitle: Readout\ndate: 2022-01-21\nsource: The White House\n---\n\n"
        "President Biden met Prime Minister Kishida of Japan. The President welcomed the decision.\n"
    )
    document = load_document(path)
    data = analyse(document, gazetteer()).to_json(document)
    people = {(p["name"], p["actor"]) for p in data["people"]}
    assert ("Joe Biden", "USA") in people and any(actor == "JPN" for _, actor in people)
    welcomed = next(p for p in data["positions"] if p["cue"] == "welcomed")
    assert (welcomed["holder"], welcomed["holder_person"]) == ("USA", "Joe Biden")


def test_anonymous_diplomats_hold_nothing():
    text = "Vietnam protested the move. Diplomats say the talks may stall."
    assert holders(text) == [("VNM", "criticism", "protested")]


def test_a_spokespersons_contractions_and_views():
    assert holders("We'd urge Beijing to use its influence.", ("USA",)) == [("USA", "demand", "urge")]
    assert holders("Our view is that the talks can resume.", ("USA",)) == [("USA", "claim", "Our view is")]


def test_a_person_named_by_a_reporter_is_not_the_officials_president(tmp_path: Path):
    path = tmp_path / "briefing.md"
    path.write_text(
        "---\ntitle: Press Briefing\ndate: 2022-03-01\nsource: U.S. Department of State\n---\n\n"
        "MR SMITH: Good afternoon.\n\nQUESTION: Will the President meet President Zelenskyy?\n\n"
        "MR SMITH: The President has been very clear that we will continue to help.\n"
    )
    positions = analyse(load_document(path), gazetteer()).positions
    clear = next(p for p in positions if "clear" in p.cue)
    assert (clear.holder, clear.holder_person) == ("USA", "Joe Biden")


def test_a_government_named_by_its_leader():
    assert holders("The Biden administration imposed sanctions.", (), 2022) == [("USA", "action", "imposed sanctions")]
    found = holders("The Lukashenka regime falsified the results.", ("USA",), 2021)
    assert found == [("USA", "criticism", "falsified")]  # the speaker's accusation of Belarus


def test_news_agencies_ask_the_official_answers(tmp_path: Path):
    path = tmp_path / "mfa.md"
    path.write_text(
        "---\ntitle: Regular Press Conference\ndate: 2023-06-12\n"
        "source: Ministry of Foreign Affairs of the People's Republic of China\n---\n\n"
        "Reuters: What is China's response?\n\nMao Ning: China firmly opposes the sanctions.\n\n"
        "AFP: The Philippines says a Chinese vessel blocked its supply mission.\n\n"
        "Mao Ning: The Philippine vessel intruded into the waters. We urge the Philippines to stop.\n"
    )
    found = {(p.holder, p.stance, p.target) for p in analyse(load_document(path), gazetteer()).positions}
    assert ("CHN", "rejection", None) in found or any(h == "CHN" and s == "rejection" for h, s, _ in found)
    assert not any(holder == "PHL" for holder, _, _ in found)  # the agency's question holds nothing
    assert ("CHN", "criticism", "PHL") in found and ("CHN", "demand", "PHL") in found
