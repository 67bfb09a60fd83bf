"""What ``actor:``, ``issue:`` and ``stance:`` filters look at, from an analysis.

Duck-typed on the analysis results (actors and issues with mentions,
positions with a stance and a cue), so the search package needs no import
of the analysis package.
"""

from __future__ import annotations

from typing import Any

# Resolved pronouns ("it", "they") are mentions, but a filter shows where the actor is named.
PRONOUNS = frozenset("it its they them their theirs he him his she her hers we our us".split())


def facets_of(analysis: Any) -> dict[str, Any]:
    """Ids per facet, and the spans behind each (key, id) for a filter-only search."""
    spans: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for actor in analysis.actors:
        spans[("actor", actor.id.casefold())] = [
            (m.start, m.end) for m in actor.mentions if m.text.lower() not in PRONOUNS
        ]
    for issue in analysis.issues:
        found = [(m.start, m.end) for m in issue.mentions]
        spans.setdefault(("issue", issue.id.casefold()), []).extend(found)
        if issue.parent:
            spans.setdefault(("issue", issue.parent.casefold()), []).extend(found)
    for position in analysis.positions:
        spans.setdefault(("stance", position.stance.casefold()), []).append((position.cue_start, position.cue_end))
    issues = {issue.id for issue in analysis.issues} | {i.parent for i in analysis.issues if i.parent}
    return {
        "actor": {actor.id for actor in analysis.actors},
        "issue": issues,
        "stance": {position.stance for position in analysis.positions},
        "spans": spans,
    }
