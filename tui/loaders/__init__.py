"""Loaders turn files into Documents: Markdown via markdown-it-py, text via reflow.

``load_document(path)`` is the one entry point; it raises ``LoadError`` only
when nothing sensible can be shown, and records lesser problems (bad
encoding, malformed front matter) on ``Document.problems``.
"""

from tui.loaders.registry import MAX_FILE_BYTES, LoadError, load_document

__all__ = ["MAX_FILE_BYTES", "LoadError", "load_document"]
