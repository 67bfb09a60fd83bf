"""Find and load the documents of a corpus, collecting every problem by file.

Nothing is dropped silently: a file that cannot be loaded becomes a
``Problem`` naming the file and the reason, and the rest still loads.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tui.model.document import Document
from tui.model.sanitize import sanitize

SUPPORTED_SUFFIXES = (".md", ".markdown", ".txt", ".pdf", ".docx", ".html", ".htm")


@dataclass(frozen=True, slots=True)
class Problem:
    path: Path
    message: str
    fatal: bool = False  # the file was not loaded at all

    def __str__(self) -> str:
        # File names are untrusted too: a name can hold escape sequences.
        return sanitize(f"{self.path}: {self.message}")


@dataclass
class Corpus:
    documents: list[Document] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def by_id(self, doc_id: str) -> Document | None:
        for document in self.documents:
            if document.id == doc_id:
                return document
        return None


def discover(paths: Iterable[Path], problems: list[Problem]) -> list[Path]:
    """Every supported file under ``paths``, sorted per folder, without duplicates.

    Folders are walked without following symbolic links to folders, so a
    link loop cannot trap the walk; a path that does not exist or cannot be
    read becomes a problem.
    """
    found: list[Path] = []
    seen: set[Path] = set()
    for path in paths:
        for file in _walk(Path(path), problems):
            key = file.resolve()
            if key not in seen:
                seen.add(key)
                found.append(file)
    return found


def _missing_reason(path: Path) -> str | None:
    """Why ``path`` cannot be followed to a file or folder, or None when it can."""
    try:
        os.stat(path)
    except OSError as error:
        if error.errno == errno.ELOOP:
            return "symbolic link loop"
        if path.is_symlink():
            return "broken symbolic link"
        if error.errno == errno.ENOENT:
            return "no such file or folder"
        return error.strerror or str(error)
    return None


def _saved_page_assets(folder: str, files: list[str]) -> bool:
    if not folder.endswith("_files"):
        return False
    page = folder[: -len("_files")]
    return any(name in files for name in (page + ".html", page + ".htm"))


def _walk(path: Path, problems: list[Problem]) -> Iterator[Path]:
    reason = _missing_reason(path)
    if reason is not None:
        problems.append(Problem(path, reason, fatal=True))
        return
    if not path.is_dir():
        yield path
        return

    def on_error(error: OSError) -> None:
        problems.append(Problem(Path(error.filename or path), error.strerror or str(error), fatal=True))

    for root, dirs, files in os.walk(path, onerror=on_error):
        # "Page_files/" beside a saved "Page.html" holds the page's frames and assets, not documents.
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not _saved_page_assets(d, files))
        for name in sorted(files):
            if name.startswith(".") or not name.lower().endswith(SUPPORTED_SUFFIXES):
                continue
            file = Path(root) / name
            reason = _missing_reason(file) if file.is_symlink() else None
            if reason is not None:
                problems.append(Problem(file, reason, fatal=True))
                continue
            yield file


def load_corpus(paths: Iterable[Path], use_cache: bool = False) -> Corpus:
    """Load every document under ``paths``; problems are collected, never raised.

    With ``use_cache`` parsed documents come from (and go to) the document
    cache (``tui.model.cache``) when their file has not changed.
    """
    from tui.loaders import LoadError, load_document

    corpus = Corpus()
    load = load_document
    cache = None
    if use_cache:
        from tui.model.cache import DocumentCache

        cache = DocumentCache()
        load = cache.load
    for file in discover(paths, corpus.problems):
        try:
            document = load(file)
        except LoadError as error:
            corpus.problems.append(Problem(file, str(error), fatal=True))
            continue
        except Exception as error:  # one bad file must not stop the corpus
            message = f"could not be loaded ({type(error).__name__}: {error})"
            corpus.problems.append(Problem(file, message, fatal=True))
            continue
        corpus.documents.append(document)
        corpus.problems.extend(Problem(file, message) for message in document.problems)
    if cache is not None:
        cache.save()
    return corpus
