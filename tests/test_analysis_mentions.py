"""The mentions stage on its own: actors, roles, pronouns, located places, issues and cues."""

from __future__ import annotations

from tests.stages import gazetteer, mentions_of, words
from tui.analysis.matcher import tokenize
from tui.analysis.mentions import M, covered_tokens, find_issues, pick_cue


def found(text: str) -> list[tuple[str, str | None, str]]:
    ctx, _ = mentions_of(text)
    return [(words(ctx, m.i, m.j), m.id, m.kind) for m in ctx.mentions]


def test_role_words_compose_with_the_actor():
    assert found("Pakistan's foreign ministry warned India.") == [
        ("Pakistan 's foreign ministry", "PAK", "role"),
        ("India", "IND", "actor"),
    ]
    assert found("The Chinese foreign ministry protested.")[0] == ("The Chinese foreign ministry", "CHN", "role")


def test_pronouns_and_descriptors_are_left_for_coreference():
    assert found("It said the government would respond.") == [("It", None, "pronoun"), ("the government", None, "descriptor")]


def test_an_actor_after_a_locative_is_weak():
    ctx, _ = mentions_of("Traders in Cotonou and Lome said prices rose.")
    assert [(m.id, m.weak) for m in ctx.mentions] == [("BEN", True), ("TGO", True)]  # Lome is listed with Cotonou
    assert ctx.mentions[0].note == "located: traders in ..."
    ctx, _ = mentions_of("Officials in Nuuk said the plan was illegal.")
    nuuk = next(m for m in ctx.mentions if m.id == "GRL")
    assert not nuuk.weak  # "officials" is a descriptor head: they speak for Nuuk


def test_cues_are_found_outside_actor_mentions():
    ctx, cues = mentions_of("Russia urged all parties to agree on a ceasefire.")
    assert [(words(ctx, i, j), cue.stance) for i, j, cue in cues] == [("urged", "demand"), ("agree", "support")]


def test_covered_tokens_skip_pronouns_and_weak_mentions():
    mentions = [M(0, 2, "CHN", "role"), M(3, 4, None, "pronoun"), M(5, 6, "USA", "adjective", weak=True)]
    assert covered_tokens(mentions, 7) == [True, True, False, False, False, False, False]


def test_issue_mentions_from_triggers_and_places():
    text = "The EU imposed export controls on steel in the South China Sea."
    ctx, _ = mentions_of(text)
    issues = find_issues(ctx.tok, ctx.mentions, gazetteer(), gazetteer().issues.first_tokens())
    assert [(issue, text[start:end]) for issue, start, end in issues] == [
        ("export-controls", "export controls"),
        ("maritime-disputes", "the South China Sea"),  # the place stands for its issue
    ]


def test_pick_cue_prefers_phrases_then_verbs():
    class FakeCue:
        def __init__(self, kind, that_only=False):
            self.kind, self.that_only = kind, that_only

    noun, verb, phrase = FakeCue("noun"), FakeCue("verb"), FakeCue("phrase")
    tok = tokenize("Japan warns that")
    assert pick_cue([noun, verb, phrase], tok, 1, 2) is phrase
    assert pick_cue([noun, verb], tok, 1, 2) is verb
    that_verb = FakeCue("verb", that_only=True)
    assert pick_cue([verb, that_verb], tok, 1, 2) is that_verb  # "that" follows
