"""Analysis: actor and issue mentions, coreference and stance positions.

Pure Python, deterministic, no Textual. ``analyse(document)`` computes;
``tui.analysis.cache.cached_analysis(document)`` reuses earlier results.
"""

from tui.analysis.model import STANCES, Actor, Analysis, Issue, Mention, Position
from tui.analysis.pipeline import analyse

__all__ = ["STANCES", "Actor", "Analysis", "Issue", "Mention", "Position", "analyse"]
