"""Analysis: actor and issue mentions, coreference and stance positions.

Pure Python, deterministic, no Textual. ``analyse(document)`` computes;
``tui.analysis.cache.cached_analysis(document)`` reuses earlier results.
"""

from tui.analysis.model import CONFIDENT, STANCES, Actor, Analysis, Issue, Mention, Person, Position
from tui.analysis.pipeline import analyse

__all__ = ["CONFIDENT", "STANCES", "Actor", "Analysis", "Issue", "Mention", "Person", "Position", "analyse"]
