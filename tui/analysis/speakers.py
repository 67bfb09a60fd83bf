"""Who is speaking: the document's speaker and the turns of a transcript.

A readout, a statement or a speech speaks for one actor (a joint statement for several):
its first person ("we", "our", "my delegation") holds for that actor, and so do its
cue-less demands ("X must ...") and verdicts ("It is unacceptable that ..."). A
transcript is cut into turns by their labels ("MR PRICE:", "QUESTION:", "Q "): an
official's turn speaks for the document's speaker, a reporter's turn holds nothing.

The speaker is found, in order, from the front matter (``speaker:``), a joint statement's
parties (its title, or "The following statement was released by A, B and C"), a
"statement of / remarks by X" in the source or title, and the issuing government named
by the source ("The White House", "U.S. Department of State"). News reports have none.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

# (start, end, actor id, kind of mention) of the actors named in a piece of text
ActorFinder = Callable[[str], list[tuple[int, int, str, str]]]


@dataclass(frozen=True, slots=True)
class Speaker:
    actors: tuple[str, ...]  # who holds what this speaker says; () for a reporter
    label: str  # "document", "MR PRICE", "QUESTION"
    how: str  # why this speaker: printed by ``extract --explain``

    @property
    def reporter(self) -> bool:
        return not self.actors


@dataclass(frozen=True, slots=True)
class Turn:
    start: int
    end: int
    speaker: Speaker


REPORTER_LABELS = frozenset({"q", "question", "questioner", "reporter", "journalist", "audience member", "participant"})
# A turn label opens a paragraph: "MR PRICE:", "MS. LEAVITT:", "QUESTION:", "Q:", "Q ", "Mao Ning:".
TURN = re.compile(
    r"(?P<label>Q(?=[ :])|(?:MR|MS|MRS|DR)\.? [A-Z][A-Z'’.-]+(?: [A-Z][A-Z'’.-]+)?"
    r"|[A-Z][A-Z'’.-]+(?: [A-Z][A-Z'’.-]+){0,2}"
    r"|[A-Z][a-z]+(?: [A-Z][a-z]+){1,2})(?P<colon>:?)[ \t]+(?=\S)"
)
JOINT = re.compile(r"\bjoint (?:[\w’']+ ){0,2}?(?:statement|declaration|communiqu[eé]|readout)\b", re.IGNORECASE)
ISSUED_BY = re.compile(
    r"\b(?:statement|declaration|communiqu[eé]) (?:was |has been )?(?:released|issued|adopted|made) by\b", re.IGNORECASE
)
PARTIES_AFTER = re.compile(r"\s+(?:of|by|between|from)\s+", re.IGNORECASE)
TOPIC = re.compile(r"\s+(?:on|regarding|concerning|about|for|to mark|in support of)\s+|[:(–—]", re.IGNORECASE)
STATEMENT_OF = re.compile(r"\b(?:statement|remarks|address|speech|intervention) (?:of|by|from)\b", re.IGNORECASE)


def document_speaker(
    meta_speaker: str, title: str, source: str, opening: str, find_actors: ActorFinder
) -> Speaker | None:
    """The speaker of a whole document, or None for a report that speaks for no one.

    ``opening`` is the first paragraphs of the text (where "The following statement was
    released by ..." stands).
    """
    if meta_speaker:
        actors = _distinct(find_actors(meta_speaker))
        if actors:
            return Speaker(actors, "document", f"front matter speaker {meta_speaker!r}")
    joint = JOINT.search(title)
    if joint is not None:
        actors = _distinct(find_actors(_parties(title, joint)))
        if actors:
            return Speaker(actors, "document", "the parties named in the joint statement's title")
    match = ISSUED_BY.search(opening)
    if match is not None:
        sentence_end = opening.find(".", match.end())
        actors = _distinct(find_actors(opening[match.end() : sentence_end if sentence_end > 0 else None]))
        if actors:
            return Speaker(actors, "document", "the parties that issued the statement")
    for field_name, text in (("source", source), ("title", title)):
        match = STATEMENT_OF.search(text)
        if match is not None:
            actors = _distinct(find_actors(text[match.end() :]))[:1]
            if actors:
                return Speaker(actors, "document", f"{field_name}: {match.group(0).lower()} {actors[0]}")
    issuer = [a for a in find_actors(source) if a[3] in ("metonym", "role", "state")]
    if issuer:
        return Speaker((issuer[0][2],), "document", f"the source's issuing government {source!r}")
    return None


def _parties(title: str, joint: re.Match[str]) -> str:
    """The part of a joint statement's title that names its parties.

    "Joint Statement of the United States and Germany on Support for Ukraine" names them
    after "of" and before the topic; "U.S.-Japan Joint Leaders' Statement" before.
    """
    after = PARTIES_AFTER.match(title, joint.end())
    if after is not None:
        return TOPIC.split(title[after.end() :], 1)[0]
    return title[: joint.start()]


def _distinct(found: Sequence[tuple[int, int, str, str]]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(actor for _, _, actor, kind in found if kind != "place"))


def transcript_turns(
    text: str, paragraphs: Sequence[tuple[int, int]], default: Speaker | None, find_actors: ActorFinder
) -> list[Turn]:
    """The turns of a transcript, in order; a document without turn labels has none.

    A turn runs from its label to the next label. Labels must recur (two labels at
    least, one of them with a colon) before a document counts as a transcript, so a
    paragraph that opens with "Background:" alone does not.
    """
    found: list[tuple[int, str]] = []
    for start, end in paragraphs:
        match = TURN.match(text, start, end)
        if match is None:
            continue
        label = match.group("label")
        if not match.group("colon") and label != "Q":
            continue
        found.append((start, label))
    if len(found) < 2 or not any(label != "Q" for _, label in found):
        return []
    # the official is the label that answers most; other unknown labels ask ("Reuters:", "AFP:")
    counts = Counter(label for _, label in found if label.lower().rstrip(".") not in REPORTER_LABELS)
    official = counts.most_common(1)[0][0] if counts else None
    out = []
    for index, (start, label) in enumerate(found):
        end = found[index + 1][0] if index + 1 < len(found) else len(text)
        out.append(Turn(start, end, _turn_speaker(label, label == official, default, find_actors)))
    return out


def _turn_speaker(label: str, official: bool, default: Speaker | None, find_actors: ActorFinder) -> Speaker:
    key = label.lower().rstrip(".")
    if key in REPORTER_LABELS:
        return Speaker((), label, "a reporter's turn holds nothing")
    named = _distinct(find_actors(label.title()))
    if named:
        return Speaker(named[:1], label, f"turn of {label}, who speaks for {named[0]}")
    if default is not None and official:
        return Speaker(default.actors, label, f"turn of {label}, speaking for the document's speaker")
    if default is not None:
        return Speaker((), label, f"turn of {label}, a questioner (the official is the label that answers most)")
    return Speaker((), label, f"turn of {label}, whom no actor is known for")
