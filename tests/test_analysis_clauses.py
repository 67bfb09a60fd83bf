"""The clauses stage on its own: boundaries, clause types, verbs, subjects and quotes."""

from __future__ import annotations

from tests.stages import clauses_of, gazetteer, words
from tui.analysis.clauses import (
    Clause,
    clause_of,
    clause_subject,
    co_subjects,
    empty_slot,
    is_question,
    quote_flags,
    subject,
)
from tui.analysis.matcher import tokenize


def shape(text: str) -> list[tuple[str, str]]:
    ctx, _, clauses = clauses_of(text)
    return [(c.type, words(ctx, c.i, c.j)) for c in clauses]


def test_coordination_relative_clause_and_coordinated_subjects():
    assert shape("France and Germany condemned the strike, which Russia denied, and demanded an inquiry.") == [
        ("main", "France and Germany condemned the strike ,"),  # "France and Germany" is not cut
        ("rel", "which Russia denied ,"),
        ("coord", "and demanded an inquiry"),
        ("main", "."),
    ]


def test_verbs_of_the_clauses():
    ctx, _, clauses = clauses_of("France and Germany condemned the strike, which Russia denied, and demanded an inquiry.")
    assert [ctx.tok.words[c.verb] for c in clauses[:3]] == ["condemned", "denied", "demanded"]


def test_subjects_and_co_subjects():
    ctx, _, clauses = clauses_of("France and Germany condemned the strike, which Russia denied, and demanded an inquiry.")
    gaz = gazetteer()
    main, rel, coord = clauses[:3]
    subject = clause_subject(ctx, gaz, main, main.j)
    assert subject is not None and subject.id == "FRA"
    assert co_subjects(ctx, subject, main.verb) == ("DEU",)
    assert clause_subject(ctx, gaz, rel, rel.j).id == "RUS"
    assert clause_subject(ctx, gaz, coord, coord.j) is None
    assert empty_slot(ctx.tok, coord) and not empty_slot(ctx.tok, rel)


def test_a_listed_subject_counts_once_and_closes():
    ctx, _, clauses = clauses_of("France, Italy and Spain rejected the plan.")
    subject = clause_subject(ctx, gazetteer(), clauses[0], clauses[0].j)
    assert subject.id == "FRA" and co_subjects(ctx, subject, clauses[0].verb) == ("ITA", "ESP")


def test_an_inserted_relative_clause_resumes_the_main_clause():
    text = "Myanmar's representative, who was appointed by the junta, told the Council that elections would be held."
    ctx, _, clauses = clauses_of(text)
    assert [c.type for c in clauses] == ["main", "rel", "resume", "sub", "main"]
    resume = clauses[2]
    assert words(ctx, resume.i, resume.j) == "told the Council"
    assert resume.back == clauses[1].i - 1  # the comma before "who"


def test_opening_subordinate_clause():
    assert shape("Should Russia resume strikes, Romania has warned, it will respond.")[:2] == [
        ("sub", "Should Russia resume strikes ,"),
        ("main", "Romania has warned , it will respond"),
    ]


def test_an_actor_behind_a_preposition_is_no_subject():
    ctx, _, clauses = clauses_of("Talks with China resumed and Japan welcomed them.")
    assert clause_subject(ctx, gazetteer(), clauses[0], clauses[0].j) is None
    assert clause_subject(ctx, gazetteer(), clauses[1], clauses[1].j).id == "JPN"


def test_quotes_do_not_open_clauses_and_hide_their_actors():
    text = '"We condemn what Russia did and we reject it," said the Chinese foreign ministry.'
    ctx, _, clauses = clauses_of(text)
    assert [c.type for c in clauses] == ["main", "main"]  # no clause at "what" or "and" inside the quote
    first = clauses[0]
    assert subject(ctx, gazetteer(), first, first.j).id == "RUS"
    assert subject(ctx, gazetteer(), first, first.j, skip_quoted=True).id == "CHN"  # Russia is quoted
    assert clause_subject(ctx, gazetteer(), first, first.j, skip_quoted=True).id == "CHN"


def test_attribution_after_a_closing_quote_and_comma_is_a_main_clause():
    assert shape('"We reject it", said the ministry.')[:2] == [("main", '" We reject it " ,'), ("main", "said the ministry")]


def test_quote_flags_cover_the_marks():
    tok = tokenize('He said "no deal" today')
    assert quote_flags(tok) == [False, False, True, True, True, True, False]


def test_question():
    assert is_question(tokenize("Will China retaliate?"))
    assert not is_question(tokenize('"Will China retaliate?" he asked.'))


def test_clause_of():
    clauses = [Clause(0, 4, "main"), Clause(4, 9, "sub"), Clause(9, 10, "main")]
    assert [clause_of(clauses, k) for k in (0, 3, 4, 9, 12)] == [0, 0, 1, 2, 2]
