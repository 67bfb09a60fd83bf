"""Word documents (.docx) with python-docx: headings from styles, lists, tables.

A .docx is a zip of XML parts: before python-docx opens it the archive is
checked (at most ``MAX_UNZIPPED`` bytes unpacked in all, no member packed
more than 200 to 1), so a zip bomb is refused without being inflated.
python-docx parses with entity resolution off.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from tui.loaders.builder import TextBuilder
from tui.model.document import Document, Metadata

MAX_UNZIPPED = 256 * 1024 * 1024
MAX_XML_PART = 64 * 1024 * 1024  # one XML part, parsed whole into memory
MAX_RATIO = 200
_HEADING = re.compile(r"^heading\s*(\d)$", re.IGNORECASE)
_SPACES = re.compile(r"\s+")


def _check_archive(path: Path) -> None:
    from tui.loaders.registry import LoadError

    try:
        with zipfile.ZipFile(path) as archive:
            total = 0
            for member in archive.infolist():
                total += member.file_size
                if member.filename.endswith(".xml") and member.file_size > MAX_XML_PART:
                    raise LoadError(f"holds a {member.file_size / 2**20:.0f} MB XML part "
                                    f"({member.filename!r}); the limit is {MAX_XML_PART >> 20} MB")
                if member.file_size > 1024 * 1024 and member.file_size > MAX_RATIO * max(member.compress_size, 1):
                    raise LoadError(f"is a suspicious archive ({member.filename!r} unpacks {MAX_RATIO}x larger)")
            if total > MAX_UNZIPPED:
                raise LoadError(f"unpacks to {total / 2**20:.0f} MB, more than the {MAX_UNZIPPED >> 20} MB limit")
            if "word/document.xml" not in archive.namelist():
                raise LoadError("is not a Word document (no word/document.xml)")
    except zipfile.BadZipFile:
        raise LoadError("is not a Word document (not a zip archive)") from None


def load_docx(path: Path) -> Document:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    _check_archive(path)
    word = docx.Document(str(path))
    blocks: list[tuple[str, str, int]] = []
    for item in word.iter_inner_content():
        if isinstance(item, Table):
            rows = []
            for row in item.rows:
                cells = [_clean(cell.text) for cell in row.cells]
                # merged cells repeat: keep one of each run
                rows.append(" | ".join(c for i, c in enumerate(cells) if i == 0 or c != cells[i - 1] or not c))
            blocks.append(("\n".join(rows), "table", 0))
            continue
        if not isinstance(item, Paragraph):
            continue
        text = _clean(item.text)
        if text:
            blocks.append((text, *_kind(item)))
    # "Heading 1" sits under a "Title" paragraph; without one it is the top level.
    has_title = any(kind == "heading" and level == 0 for _, kind, level in blocks)
    builder = TextBuilder()
    title = ""
    for text, kind, level in blocks:
        if kind == "heading":
            level = min(level + 1, 6) if has_title else max(level, 1)
            if level == 1 and not title:
                title = text
        builder.add_block(text, kind, level)
    props = word.core_properties
    created = props.created
    meta = Metadata(
        title=_clean(props.title or "") or title,
        date=created.date().isoformat() if created is not None else "",
        source=_clean(props.author or ""),
    )
    return builder.build(path, meta)


def _clean(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _kind(paragraph) -> tuple[str, int]:
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    if style.lower() == "title":
        return "heading", 0  # made level 1 by the caller, headings below it
    match = _HEADING.match(style)
    if match:
        return "heading", int(match.group(1))
    numbering = paragraph._p.pPr.numPr if paragraph._p.pPr is not None else None
    if style.lower().startswith("list") or numbering is not None:
        level = 1
        if numbering is not None and numbering.ilvl is not None:
            level = int(numbering.ilvl.val) + 1
        return "list_item", level
    return "paragraph", 0
