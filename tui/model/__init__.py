"""Core model: documents, spans, sanitising, the corpus. Never imports Textual."""

from tui.model.document import Block, Document, Metadata, Span

__all__ = ["Block", "Document", "Metadata", "Span"]
