"""The analysis pipeline: for each sentence, the stages in order

    sentence -> mentions -> clauses -> coreference -> frames -> positions -> speaking

Before the sentences, ``speakers`` finds who the document speaks for (its
front matter, a joint statement's parties, the issuing government) and the
turns of a transcript. ``mentions`` finds actor, person and issue mentions and
stance cues, ``clauses`` cuts the sentence into clauses and finds their
subjects, ``coref`` resolves pronouns and descriptors and gives each clause its
holder (the discourse ``State`` runs across sentences), ``frames`` decides the
holder of each cue by a frame rule, ``positions`` turns those into
``Position`` objects and ``speaking`` adds what the speaker holds without a
cue ("X must ...", accusations). This module only runs them and collects the
``Analysis``.

Pure and deterministic. Every position records the frame rule that produced it
(listed in ``tui.analysis.frames``) and a short trace of the decisions
(``briefing extract --explain`` prints it).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from tui.analysis.clauses import find_clauses, is_question, quote_flags
from tui.analysis.coref import State, remember, resolve
from tui.analysis.gazetteer import Gazetteer
from tui.analysis.matcher import tokenize
from tui.analysis.mentions import (
    SentenceContext,
    actors_named,
    covered_tokens,
    find_actors,
    find_cues,
    find_issues,
    mark_located,
)
from tui.analysis.model import Actor, Analysis, Issue, Mention, Person, Position
from tui.analysis.people import PeopleMemory
from tui.analysis.positions import sentence_positions
from tui.analysis.speakers import Speaker, Turn, document_speaker, transcript_turns
from tui.analysis.speaking import speaker_positions
from tui.collector import collector_paused
from tui.model.document import Document, Span


@dataclass
class DocumentContext:
    """What the whole document tells each sentence: its speaker, transcript turns and year."""

    speaker: Speaker | None = None
    turns: list[Turn] = field(default_factory=list)
    year: int | None = None


def analyse(document: Document, gazetteer: Gazetteer | None = None) -> Analysis:
    if gazetteer is None:
        from tui.analysis.gazetteer import default_gazetteer

        gazetteer = default_gazetteer()
    context = document_context(document, gazetteer)
    return analyse_text(document.text, document.sentences, gazetteer, headings(document), context)


def document_context(document: Document, gaz: Gazetteer) -> DocumentContext:
    """The speaker (front matter, joint parties, issuer), the transcript turns and the year."""

    def finder(text: str) -> list[tuple[int, int, str, str]]:
        if text.strip() in gaz.lexicon.actors:  # "speaker: RUS"
            actor_id = text.strip()
            return [(0, len(text), actor_id, gaz.actor_info(actor_id)[1])]
        return actors_named(text, gaz)

    meta = document.meta
    paragraphs = [(b.start, b.end) for b in document.blocks if b.kind == "paragraph"]
    opening = document.text[: paragraphs[min(2, len(paragraphs) - 1)][1]] if paragraphs else ""
    speaker = document_speaker(meta.speaker, meta.title, meta.source, opening, finder)
    year = int(meta.date[:4]) if meta.date[:4].isdigit() else None
    return DocumentContext(speaker, transcript_turns(document.text, paragraphs, speaker, finder), year)


def headings(document: Document) -> list[tuple[int, int]]:
    """Spans of heading lines: heading blocks, and short blocks without a final stop ("Brussels backs Rome")."""
    text = document.text
    out = []
    for block in document.blocks:
        if block.kind == "heading":
            out.append((block.start, block.end))
        elif block.kind == "paragraph" and block.end - block.start <= 80:
            line = text[block.start : block.end].rstrip()
            if line and "\n" not in line and line[-1].isalnum():
                out.append((block.start, block.end))
    return out


def analyse_text(
    text: str,
    sentences: Iterable[Span],
    gazetteer: Gazetteer | None = None,
    headings: Iterable[tuple[int, int]] = (),
    context: DocumentContext | None = None,
) -> Analysis:
    if gazetteer is None:
        from tui.analysis.gazetteer import default_gazetteer

        gazetteer = default_gazetteer()
    context = context or DocumentContext()
    run = _Run(text, gazetteer, context)
    with collector_paused():  # many short-lived acyclic objects
        spans = iter(headings)
        heading = next(spans, None)
        turns = iter(context.turns)
        turn = next(turns, None)
        for sentence in sentences:
            while heading is not None and heading[1] <= sentence.start:
                heading = next(spans, None)
            while turn is not None and turn.end <= sentence.start:
                turn = next(turns, None)
            run.heading = heading is not None and heading[0] <= sentence.start and sentence.end <= heading[1]
            in_turn = turn is not None and turn.start <= sentence.start
            # a transcript speaks only in its turns; before the first one nobody does
            if turn is not None and in_turn:
                run.state.speaker = turn.speaker
            else:
                run.state.speaker = None if context.turns else context.speaker
            for start, end in pieces(text, sentence.start, sentence.end):
                run.sentence(start, end)
        return run.result()


MAX_SENTENCE = 2000  # characters; real sentences stay far below (the longest of the real texts: 500)


def pieces(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """The sentence, or a runaway one (a 100 KB run of stops, a table without a full stop) in
    pieces of at most MAX_SENTENCE characters cut at a space: analysis stays linear in the text."""
    while end - start > MAX_SENTENCE:
        cut = text.rfind(" ", start + MAX_SENTENCE // 2, start + MAX_SENTENCE)
        cut = cut + 1 if cut != -1 else start + MAX_SENTENCE
        yield start, cut
        start = cut
    yield start, end


class _Run:
    """One document: the discourse state and the mentions and positions found so far."""

    def __init__(self, text: str, gaz: Gazetteer, context: DocumentContext) -> None:
        self.text = text
        self.gaz = gaz
        self.state = State()
        speaker = context.speaker
        default = speaker.actors[0] if speaker is not None and len(speaker.actors) == 1 else None
        self.people = PeopleMemory(gaz.people, context.year, default_actor=default)
        self.actor_mentions: dict[str, list[Mention]] = {}
        self.issue_mentions: dict[str, list[Mention]] = {}
        self.issue_seen: set[tuple[str, int, int]] = set()
        self.positions: list[Position] = []
        self.person_mentions: dict[tuple[str, str], list[Mention]] = {}
        self.actor_first = gaz.actors.first_tokens()
        self.issue_first = gaz.issues.first_tokens()
        self.cue_first = gaz.cues.first_tokens()
        self.heading = False  # the current sentence is a heading: it names actors but holds no position

    def sentence(self, start: int, end: int) -> None:
        gaz = self.gaz
        tok = tokenize(self.text, start, end)
        if not len(tok):
            return
        # mentions
        speaker = self.state.speaker
        self.people.listening = speaker is None or not speaker.reporter
        mentions = find_actors(tok, gaz, self.actor_first, self.cue_first, speaker, self.people)
        mark_located(tok, mentions, gaz)
        local_issues = self._record_issues(find_issues(tok, mentions, gaz, self.issue_first))
        cues = find_cues(tok, covered_tokens(mentions, len(tok)), gaz, self.cue_first)
        ctx = SentenceContext(
            self.text, tok, mentions, {m.i: m for m in mentions if m.kind != "place"}, quote_flags(tok)
        )
        # clauses, coreference
        clauses = find_clauses(ctx, cues)
        resolve(ctx, gaz, self.state, clauses, self.actor_mentions)
        self._record_actors(ctx)
        if self.heading:
            return
        # frames, positions
        question = is_question(tok)
        reporter = speaker is not None and speaker.reporter
        if question or reporter:
            cues = []  # "Will China retaliate?", a reporter's turn: no one holds a position
        spoken = speaker is not None and not reporter
        made = sentence_positions(ctx, gaz, clauses, cues, (start, end), local_issues, spoken)
        if spoken and not question:
            assert speaker is not None
            made = speaker_positions(ctx, gaz, speaker, clauses, made, (start, end), local_issues)
        self.positions.extend(made)
        remember(self.state, clauses, mentions, made[0].holder if made else None)

    def _record_actors(self, ctx: SentenceContext) -> None:
        tok = ctx.tok
        for m in ctx.mentions:
            if m.id is not None and m.kind != "place":
                mention = Mention(tok.starts[m.i], tok.ends[m.j - 1], ctx.span(m), m.resolved)
                self.actor_mentions.setdefault(m.id, []).append(mention)
                if m.person and m.kind == "person":
                    self.person_mentions.setdefault((m.person, m.id), []).append(mention)

    def _record_issues(self, found: list[tuple[str, int, int]]) -> list[tuple[int, str]]:
        """Record the issue mentions (once per span); return them as (start, id) for the sentence."""
        for key in found:
            if key not in self.issue_seen:
                self.issue_seen.add(key)
                issue_id, start, end = key
                self.issue_mentions.setdefault(issue_id, []).append(Mention(start, end, self.text[start:end]))
        return [(start, issue_id) for issue_id, start, _ in found]

    def result(self) -> Analysis:
        actors = []
        for actor_id, mentions in self.actor_mentions.items():
            name, kind = self.gaz.actor_info(actor_id)
            mentions.sort(key=lambda m: (m.start, m.end))
            actors.append(Actor(actor_id, name, kind, mentions))
        actors.sort(key=lambda a: (-len(a.mentions), a.id))
        issues = []
        for issue_id, mentions in self.issue_mentions.items():
            data = self.gaz.lexicon.issues.get(issue_id, {})
            mentions.sort(key=lambda m: (m.start, m.end))
            issues.append(Issue(issue_id, data.get("label", issue_id), data.get("parent") or None, mentions))
        issues.sort(key=lambda i: (-len(i.mentions), i.id))
        people = [Person(name, actor, mentions) for (name, actor), mentions in self.person_mentions.items()]
        people.sort(key=lambda p: (-len(p.mentions), p.name))
        return Analysis(actors, issues, self.positions, people)
