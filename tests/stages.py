"""Run the analysis stages one by one on a single sentence, for the stage tests."""

from __future__ import annotations

from functools import cache

from tui.analysis.clauses import Clause, find_clauses, quote_flags
from tui.analysis.coref import State, resolve
from tui.analysis.gazetteer import Gazetteer, build
from tui.analysis.lexicon import load_lexicon
from tui.analysis.matcher import tokenize
from tui.analysis.mentions import SentenceContext, covered_tokens, find_actors, find_cues, mark_located


@cache
def gazetteer() -> Gazetteer:
    """The bundled dictionaries, without the user's overlay."""
    return build(load_lexicon(overlay=False))


def mentions_of(text: str) -> tuple[SentenceContext, list]:
    """The context of ``text`` as one sentence, and its cues: the mentions stage."""
    gaz = gazetteer()
    tok = tokenize(text)
    mentions = find_actors(tok, gaz, gaz.actors.first_tokens(), gaz.cues.first_tokens())
    mark_located(tok, mentions, gaz)
    cues = find_cues(tok, covered_tokens(mentions, len(tok)), gaz, gaz.cues.first_tokens())
    ctx = SentenceContext(text, tok, mentions, {m.i: m for m in mentions if m.kind != "place"}, quote_flags(tok))
    return ctx, cues


def clauses_of(text: str) -> tuple[SentenceContext, list, list[Clause]]:
    """Mentions and clauses (with their verbs) of ``text``; no coreference yet."""
    ctx, cues = mentions_of(text)
    return ctx, cues, find_clauses(ctx, cues)


def resolved(text: str, state: State | None = None) -> tuple[SentenceContext, list, list[Clause]]:
    """Mentions and clauses of ``text`` after coreference against ``state``."""
    ctx, cues, clauses = clauses_of(text)
    resolve(ctx, gazetteer(), state or State(), clauses, {})
    return ctx, cues, clauses


def words(ctx: SentenceContext, i: int, j: int) -> str:
    return " ".join(ctx.tok.words[i:j])
