"""The results of analysis: actors, issues and positions, all as offsets into Document.text."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from tui.model.document import Document, Span

STANCES = (
    "statement",
    "claim",
    "demand",
    "criticism",
    "concern",
    "rejection",
    "support",
    "threat",
    "action",
)


@dataclass(frozen=True, slots=True)
class Mention:
    start: int
    end: int
    text: str
    resolved: bool = False


@dataclass(slots=True)
class Actor:
    id: str
    name: str
    kind: str
    mentions: list[Mention] = field(default_factory=list)


@dataclass(slots=True)
class Issue:
    id: str
    label: str
    parent: str | None
    mentions: list[Mention] = field(default_factory=list)


# below this a holder is marked for checking ("?"): it came from coreference or is a cue-less act
CONFIDENT = 0.85


@dataclass(slots=True)
class Person:
    """A person named in the document and the actor they speak for ("Joe Biden", USA)."""

    name: str
    actor: str
    mentions: list[Mention] = field(default_factory=list)


@dataclass(slots=True)
class Position:
    holder: str
    target: str | None
    stance: str
    cue: str
    cue_start: int
    cue_end: int
    sentence_start: int
    sentence_end: int
    issues: list[str] = field(default_factory=list)
    rule: str = ""
    trace: list[str] = field(default_factory=list)
    holder_person: str = ""  # the person who spoke for the holder ("Joe Biden"), when one did
    confidence: float = 1.0  # lower when the holder came from coreference or the speaker model


@dataclass(slots=True)
class Analysis:
    actors: list[Actor] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    positions: list[Position] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)

    def people_of(self, actor_id: str) -> list[Person]:
        return [p for p in self.people if p.actor == actor_id]

    def actor(self, actor_id: str) -> Actor | None:
        for actor in self.actors:
            if actor.id == actor_id:
                return actor
        return None

    def spans(self) -> list[Span]:
        """Actor and issue mentions as spans (kind "actor"/"issue", data = id), sorted."""
        spans = [Span(m.start, m.end, "actor", a.id) for a in self.actors for m in a.mentions]
        spans += [Span(m.start, m.end, "issue", i.id) for i in self.issues for m in i.mentions]
        spans.sort(key=lambda s: (s.start, s.end, s.kind, str(s.data)))
        return spans

    def to_json(self, document: Document) -> dict[str, Any]:
        text = document.text
        return {
            "document": {
                "path": str(document.path),
                "title": document.title,
                "date": document.meta.date,
                "chars": len(text),
            },
            "actors": [
                {
                    "id": a.id,
                    "name": a.name,
                    "kind": a.kind,
                    "mentions": [
                        {"start": m.start, "end": m.end, "text": m.text, "resolved": m.resolved}
                        for m in a.mentions
                    ],
                }
                for a in self.actors
            ],
            "issues": [
                {
                    "id": i.id,
                    "label": i.label,
                    "parent": i.parent,
                    "mentions": [{"start": m.start, "end": m.end, "text": m.text} for m in i.mentions],
                }
                for i in self.issues
            ],
            "people": [
                {
                    "name": person.name,
                    "actor": person.actor,
                    "mentions": [{"start": m.start, "end": m.end, "text": m.text} for m in person.mentions],
                }
                for person in self.people
            ],
            "positions": [
                {
                    "holder": p.holder,
                    "target": p.target,
                    "stance": p.stance,
                    "cue": p.cue,
                    "cue_start": p.cue_start,
                    "cue_end": p.cue_end,
                    "sentence": text[p.sentence_start : p.sentence_end],
                    "start": p.sentence_start,
                    "end": p.sentence_end,
                    "issues": list(p.issues),
                    "rule": p.rule,
                    "holder_person": p.holder_person or None,
                    "confidence": p.confidence,
                }
                for p in self.positions
            ],
        }

    # Serialisation for the cache (not the public schema).
    def to_dict(self) -> dict[str, Any]:
        return {
            "actors": [asdict(a) for a in self.actors],
            "issues": [asdict(i) for i in self.issues],
            "positions": [asdict(p) for p in self.positions],
            "people": [asdict(p) for p in self.people],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Analysis:
        def mentions(items: list[dict[str, Any]]) -> list[Mention]:
            return [Mention(**m) for m in items]

        return cls(
            actors=[
                Actor(a["id"], a["name"], a["kind"], mentions(a["mentions"])) for a in data["actors"]
            ],
            issues=[
                Issue(i["id"], i["label"], i["parent"], mentions(i["mentions"])) for i in data["issues"]
            ],
            positions=[Position(**p) for p in data["positions"]],
            people=[Person(p["name"], p["actor"], mentions(p["mentions"])) for p in data.get("people", [])],
        )
