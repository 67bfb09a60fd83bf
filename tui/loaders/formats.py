"""Documents in binary formats (PDF, DOCX) and saved web pages (HTML).

``load_format(path)`` is called by the registry for the suffixes in
``FORMAT_SUFFIXES``. Each format has its own module; all of them return a
Document built with ``TextBuilder`` (blocks as spans over one canonical
text), and everything they read -- text and metadata -- is sanitised here
once more after decoding. Failures raise ``LoadError`` with a reason; the
corpus adds the file's name.
"""

from __future__ import annotations

from pathlib import Path

from tui.model.document import Document, Metadata
from tui.model.sanitize import sanitize

PDF_SUFFIXES = (".pdf",)
DOCX_SUFFIXES = (".docx",)
HTML_SUFFIXES = (".html", ".htm")
FORMAT_SUFFIXES = PDF_SUFFIXES + DOCX_SUFFIXES + HTML_SUFFIXES


def load_format(path: Path) -> Document:
    from tui.loaders.registry import MAX_FILE_BYTES, LoadError

    suffix = path.suffix.lower()
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise LoadError("is a folder, not a file")
    except OSError as error:
        raise LoadError(f"cannot be read ({error.strerror or error})") from None
    if size > MAX_FILE_BYTES:
        raise LoadError(
            f"too large to open ({size / 2**20:.1f} MB; the limit is "
            f"{MAX_FILE_BYTES / 2**20:.0f} MB, set BRIEFING_MAX_FILE_MB to raise it)"
        )
    try:
        if suffix in PDF_SUFFIXES:
            from tui.loaders.pdf import PdfError, load_pdf

            try:
                document = load_pdf(path)
            except PdfError as error:
                raise LoadError(str(error)) from None
        elif suffix in DOCX_SUFFIXES:
            from tui.loaders.docx import load_docx

            document = load_docx(path)
        else:
            from tui.loaders.html import load_html

            document = load_html(path)
    except LoadError:
        raise
    except RecursionError:
        raise LoadError("too deeply nested to parse") from None
    except MemoryError:
        raise LoadError("too large to parse in memory") from None
    except Exception as error:  # a parser bug must not take the reader down
        raise LoadError(f"could not be parsed ({type(error).__name__}: {error})") from error
    return _sanitized(document)


def _sanitized(document: Document) -> Document:
    document.text = sanitize(document.text)
    meta = document.meta
    document.meta = Metadata(
        title=sanitize(meta.title), date=sanitize(meta.date), source=sanitize(meta.source),
        tags=tuple(sanitize(tag) for tag in meta.tags), speaker=sanitize(meta.speaker),
    )
    document.problems = [sanitize(problem) for problem in document.problems]
    if not document.text.strip():
        document.problems.append("the file is empty")
    return document
