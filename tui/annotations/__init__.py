"""Annotations: highlights with notes, tags and a colour, anchored to a passage.

The core never imports Textual. ``open_store()`` gives the durable SQLite
store; ``anchoring`` finds passages again after a document is edited;
``export`` writes Markdown, W3C Web Annotation JSON-LD and Readwise CSV.
"""

from tui.annotations.model import COLOURS, Anchor, Annotation
from tui.annotations.store import (
    AnnotationNotFound,
    AnnotationStore,
    ImportResult,
    QuoteError,
    SchemaTooNewError,
    StoreError,
    find_quote,
    open_store,
)

__all__ = [
    "COLOURS",
    "Anchor",
    "Annotation",
    "AnnotationNotFound",
    "AnnotationStore",
    "ImportResult",
    "QuoteError",
    "SchemaTooNewError",
    "StoreError",
    "find_quote",
    "open_store",
]
