"""``briefing dict lint``: problems in the merged dictionaries."""

from __future__ import annotations

from collections import defaultdict

from tui.analysis.lexicon import Lexicon
from tui.analysis.matcher import phrase_tokens
from tui.analysis.model import STANCES
from tui.analysis.people import build_people

ACTOR_FIELDS = ("name", "aliases", "exact", "adjectives", "people", "metonyms", "leaders")
KINDS = ("state", "organisation", "entity")


def lint(lexicon: Lexicon) -> list[str]:
    """Every problem as one line: duplicate aliases, shadowed patterns, unknown ids."""
    problems = list(lexicon.problems)
    claims: dict[tuple[str, ...], set[str]] = defaultdict(set)
    exact: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for actor_id, data in lexicon.actors.items():
        if data.get("kind", "state") not in KINDS:
            problems.append(f"actor {actor_id}: unknown kind {data.get('kind')!r}")
        for field_name in ACTOR_FIELDS:
            values = data.get(field_name) or []
            if isinstance(values, str):
                values = [values]
            for phrase in values:
                key = tuple(phrase_tokens(phrase))
                if field_name == "exact":
                    exact[tuple(phrase.split())].add(f"actor {actor_id}")
                else:
                    claims[key].add(f"actor {actor_id}")
    for place_id, data in lexicon.places.items():
        for phrase in data.get("names") or []:
            claims[tuple(phrase_tokens(phrase))].add(f"place {place_id}")
        country = data.get("country")
        if country and country not in lexicon.actors:
            problems.append(f"place {place_id}: unknown country id {country!r}")
        for issue in data.get("issues") or []:
            if issue not in lexicon.issues:
                problems.append(f"place {place_id}: unknown issue id {issue!r}")
    for name, data in lexicon.descriptors.items():
        for phrase in data.get("phrases") or []:
            claims[tuple(phrase_tokens(phrase))].add(f"descriptor {name}")
    for key, owners in sorted(claims.items()):
        if len(owners) > 1:
            problems.append(f"alias {' '.join(key)!r} claimed by {', '.join(sorted(owners))}")
    for key, owners in sorted(exact.items()):
        if len(owners) > 1:
            problems.append(f"exact alias {' '.join(key)!r} claimed by {', '.join(sorted(owners))}")
    for phrase in lexicon.not_actors:
        key = tuple(phrase_tokens(phrase))
        if key in claims:
            problems.append(f"not_actors phrase {phrase!r} shadows {', '.join(sorted(claims[key]))}")
    # a case-sensitive alias equal to a case-insensitive one of another actor is never reached
    for key, owners in exact.items():
        lowered = tuple(phrase_tokens(" ".join(key)))
        others = {o for o in claims.get(lowered, set()) if o not in owners}
        if others:
            shadowed = f"exact alias {' '.join(key)!r} of {', '.join(sorted(owners))}"
            problems.append(f"{shadowed} is shadowed by {', '.join(sorted(others))}")
    triggers: dict[str, set[str]] = defaultdict(set)
    for issue_id, data in lexicon.issues.items():
        parent = data.get("parent")
        if parent and parent not in lexicon.issues:
            problems.append(f"issue {issue_id}: unknown parent {parent!r}")
        if not data.get("label"):
            problems.append(f"issue {issue_id}: no label")
        for trigger in data.get("triggers") or []:
            triggers[" ".join(phrase_tokens(trigger.lower()))].add(issue_id)
    for trigger, owners in sorted(triggers.items()):
        if len(owners) > 1:
            problems.append(f"trigger {trigger!r} claimed by issues {', '.join(sorted(owners))}")
    cues: dict[tuple[str, str], set[str]] = defaultdict(set)
    for stance, data in lexicon.cues.items():
        if stance not in STANCES and stance != "none":
            problems.append(f"cues: unknown stance {stance!r} (known: {', '.join(STANCES)})")
            continue
        for kind in ("verbs", "phrases", "nouns"):
            for phrase in data.get(kind) or []:
                cues[(kind, phrase)].add(stance)
        for verb in data.get("that_only") or []:
            if verb not in (data.get("verbs") or []):
                problems.append(f"cues.{stance}: that_only verb {verb!r} is not among its verbs")
    # a verb may read one way before "that" and another elsewhere ("recognize that": claim)
    that_only = {(stance, verb) for stance, data in lexicon.cues.items() for verb in data.get("that_only") or []}
    for (kind, phrase), stances in sorted(cues.items()):
        plain = {s for s in stances if (s, phrase) not in that_only}
        if len(stances) > 1 and len(plain) > 1:
            problems.append(f"cue {phrase!r} ({kind}) claimed by stances {', '.join(sorted(stances))}")
    people = build_people(lexicon.people)
    problems += people.problems
    for person in people.people:
        if person.actor not in lexicon.actors:
            problems.append(f"person {person.name}: unknown actor id {person.actor!r}")
    return problems
