"""briefing: a terminal reader for geopolitical briefings."""

__version__ = "0.1.0"
