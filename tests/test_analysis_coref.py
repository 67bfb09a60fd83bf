"""The coreference stage on its own: pronouns, descriptors, clause holders and the discourse state."""

from __future__ import annotations

from tests.stages import resolved, words
from tui.analysis.clauses import Clause
from tui.analysis.coref import State, effective_before, remember
from tui.analysis.mentions import M


def resolutions(text: str, state: State | None = None) -> list[tuple[str, str | None, str]]:
    ctx, _, _ = resolved(text, state)
    return [(words(ctx, m.i, m.j), m.id, m.note) for m in ctx.mentions if m.kind in ("pronoun", "descriptor")]


def test_pronoun_takes_the_subject_of_the_previous_sentence():
    state = State(prev_subject="CHN", recent=["JPN", "CHN"])
    assert resolutions("It rejected the proposal.", state) == [("It", "CHN", "subject of the previous sentence")]


def test_pronoun_in_a_complement_takes_the_matrix_subject():
    assert resolutions("Japan said that it would retaliate.") == [("it", "JPN", "matrix subject")]


def test_pleonastic_it_stays_unresolved():
    assert resolutions("It is clear that Japan will respond.") == [("It", None, "pleonastic or non-actor 'it'")]


def test_object_pronoun_is_not_the_subject():
    state = State(prev_subject="CHN", recent=["CHN"])
    assert resolutions("Japan warned them.", state) == [
        ("them", "CHN", "object pronoun -> recent actor other than the subject")
    ]


def test_they_brings_the_group_of_the_previous_sentence():
    ctx, _, _ = resolved("They rejected the plan.", State(prev_subject="FRA", group=("FRA", "DEU")))
    they = ctx.mentions[0]
    assert (they.id, they.also) == ("FRA", ("DEU",))


def test_descriptor_as_subject_takes_the_previous_subject():
    state = State(prev_subject="CHN", recent=["CHN"])
    assert resolutions("The government rejected the proposal.", state) == [
        ("The government", "CHN", "descriptor as subject -> previous subject")
    ]
    assert state.bindings == {"the government": "CHN"}  # bound for the rest of the document


def test_the_two_are_the_two_actors_of_the_previous_sentence():
    ctx, _, _ = resolved("The two agreed to meet again.", State(named=("USA", "CHN")))
    two = ctx.mentions[0]
    assert (two.id, two.also) == ("USA", ("CHN",))


def test_clause_holders():
    ctx, _, clauses = resolved("France and Germany condemned the strike, which Russia denied, and demanded an inquiry.")
    assert [(c.effective, c.how, c.co) for c in clauses[:3]] == [
        ("FRA", "subject", ("DEU",)),
        ("RUS", "subject", ()),
        ("FRA", "inherited", ("DEU",)),  # "and demanded": the main clause's subjects
    ]


def test_relative_clause_takes_its_antecedent_and_the_main_clause_resumes():
    _, _, clauses = resolved("Japan, which faces pressure, has declined to comment.")
    assert [(c.type, c.effective, c.how) for c in clauses[:3]] == [
        ("main", "JPN", "subject"),
        ("rel", "JPN", "antecedent"),
        ("resume", "JPN", "subject before the inserted clause"),
    ]


def test_list_label_holds_the_item():
    ctx, _, clauses = resolved("- Russia: said the deal was dead.")
    item = next(c for c in clauses if c.how == "label")
    assert (words(ctx, item.i, item.j), item.effective) == ("said the deal was dead", "RUS")


def test_effective_before_prefers_main_clauses():
    clauses = [
        Clause(0, 3, "main", effective="FRA"),
        Clause(3, 6, "rel", effective="RUS"),
        Clause(6, 9, "coord"),
    ]
    assert effective_before(clauses, 2) == "FRA"
    assert effective_before(clauses[1:], 1) == "RUS"  # no main clause before: any holder
    assert effective_before(clauses, 0) is None


def test_remember_carries_the_sentence_subject():
    state = State(subjects=["USA", "CHN"])
    subject = M(0, 1, "FRA", "actor")
    clauses = [Clause(0, 5, "main", subject=subject, effective="FRA", co=("DEU",))]
    mentions = [subject, M(2, 3, "DEU", "actor"), M(4, 5, "ukraine", "place")]
    remember(state, clauses, mentions, first_holder="USA")
    assert state.prev_subject == "USA"  # the first holder beats the main clause's subject
    assert state.subjects == ["CHN", "USA"]
    assert state.group == ("FRA", "DEU")
    assert state.named == ("FRA", "DEU") and state.recent == ["FRA", "DEU"]  # places are not actors
