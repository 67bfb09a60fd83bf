"""Annotations out and back in: Markdown, W3C Web Annotation JSON-LD, Readwise CSV.

The JSON-LD export is the lossless one: ``from_jsonld(to_jsonld(xs)) == xs``.
Beyond the W3C vocabulary (TextQuoteSelector, TextPositionSelector,
TextualBody with the ``commenting`` and ``tagging`` purposes, ``styleClass``
for the colour) it carries a few ``briefing:`` fields on the target — the
document id, path as given, title, content hash — and the annotation's
anchoring state.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from itertools import chain, groupby
from pathlib import Path
from typing import TextIO
from urllib.parse import unquote, urlparse

from tui.annotations.model import COLOURS, DEFAULT_COLOUR, Annotation, now
from tui.model.sanitize import sanitize

W3C_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
BRIEFING_NS = "urn:x-briefing:"
CONTEXT = [W3C_CONTEXT, {"briefing": BRIEFING_NS}]
READWISE_COLUMNS = ("Highlight", "Title", "Author", "URL", "Note", "Location", "Date")


def _ordered(annotations: Iterable[Annotation]) -> list[Annotation]:
    return sorted(annotations, key=lambda a: (a.document_title.casefold(), a.document_id, a.start, a.created))


# -- Markdown ------------------------------------------------------------------


def to_markdown(annotations: Iterable[Annotation]) -> str:
    """One section per document; each annotation a block quote, then its note and tags."""
    buffer = io.StringIO()
    write_markdown(_ordered(annotations), buffer)
    return buffer.getvalue()


def write_markdown(annotations: Iterable[Annotation], out: TextIO) -> int:
    """``to_markdown`` written to ``out`` as it goes (annotations grouped by document in the
    order given); returns how many were written. Every field passes the sanitiser."""
    write = lambda *lines: out.write(sanitize("\n".join(lines)) + "\n")  # noqa: E731
    write("# Annotations", "")
    count = 0
    for _, group in groupby(annotations, key=lambda a: a.document_id):
        items = iter(group)
        first = next(items)
        write(f"## {_one_line(first.document_title) or Path(first.document_path).name}", "",
              f"`{_one_line(first.document_path)}`", "")
        for a in chain((first,), items):
            count += 1
            lines = ["> " + line if line else ">" for line in a.exact.split("\n")]
            lines.append("")
            if a.orphaned:
                lines += ["*Orphaned: this passage was not found in the current version of the document.*", ""]
            if a.note.strip():
                lines += [a.note.strip(), ""]
            if a.tags:
                lines += ["Tags: " + " ".join(f"`{_one_line(tag)}`" for tag in a.tags), ""]
            write(*lines)
    if not count:
        write("No annotations yet.")
    return count


def _one_line(text: str) -> str:
    return " ".join(text.split())


# -- W3C Web Annotation JSON-LD --------------------------------------------------


def annotation_to_w3c(a: Annotation) -> dict:
    body: list[dict] = []
    if a.note:
        body.append({"type": "TextualBody", "purpose": "commenting", "value": a.note, "format": "text/plain"})
    body += [{"type": "TextualBody", "purpose": "tagging", "value": tag} for tag in a.tags]
    item: dict = {
        "id": f"urn:uuid:{a.id}",
        "type": "Annotation",
        "motivation": "commenting" if a.note else ("tagging" if a.tags else "highlighting"),
        "creator": {"type": "Person", "nickname": a.author},
        "created": a.created,
        "modified": a.modified,
    }
    if body:
        item["body"] = body
    # The colour as W3C styling: the target's styleClass, defined by a stylesheet.
    item["stylesheet"] = {"type": "CssStylesheet", "value": f".{a.colour} {{ background-color: {a.colour}; }}"}
    item["target"] = {
        "type": "SpecificResource",
        "source": _file_uri(a.document_id),
        "styleClass": a.colour,
        "selector": [
            {"type": "TextQuoteSelector", "exact": a.exact, "prefix": a.prefix, "suffix": a.suffix},
            {"type": "TextPositionSelector", "start": a.start, "end": a.end},
        ],
        "briefing:documentId": a.document_id,
        "briefing:documentPath": a.document_path,
        "briefing:documentTitle": a.document_title,
        "briefing:contentHash": a.content_hash,
    }
    item["briefing:state"] = a.state
    return item


def to_jsonld(annotations: Iterable[Annotation]) -> str:
    """An AnnotationCollection whose first (and only) page embeds every annotation."""
    buffer = io.StringIO()
    write_jsonld(_ordered(annotations), buffer)
    return buffer.getvalue()


def write_jsonld(annotations: Iterable[Annotation], out: TextIO) -> int:
    """``to_jsonld`` written to ``out`` one annotation at a time (constant memory);
    ``total`` comes last, once it is known. Returns how many were written."""
    header = json.dumps({"@context": CONTEXT, "type": "AnnotationCollection",
                         "label": "briefing annotations", "created": now()}, ensure_ascii=False, indent=2)
    out.write(header[:-2] + ',\n  "first": {\n    "type": "AnnotationPage",\n    "startIndex": 0,\n    "items": [')
    count = 0
    for a in annotations:
        # One annotation per line: json's C encoder (an indented dump takes the slow Python one).
        item = json.dumps(annotation_to_w3c(a), ensure_ascii=False)
        out.write(("," if count else "") + "\n      " + sanitize(item))
        count += 1
    out.write(("\n    ]" if count else "]") + f'\n  }},\n  "total": {count}\n}}\n')
    return count


# Limits on an imported annotation: far above anything real, low enough that a
# hostile file cannot fill the store or overflow an offset.
MAX_IMPORT_TEXT = 1_000_000
MAX_IMPORT_OFFSET = 2**40
MAX_IMPORT_TAGS = 100


class ImportProblem(ValueError):
    """One field of one imported annotation is unusable; the message names it."""


def from_jsonld(text: str) -> list[Annotation]:
    """Annotations from a JSON-LD export (a collection, a page, a list or one annotation).

    Raises ``ValueError`` naming the first item and field that cannot be imported.
    """
    annotations, rejected = read_jsonld(text)
    if rejected:
        raise ValueError(rejected[0])
    return annotations


def read_jsonld(text: str) -> tuple[list[Annotation], list[str]]:
    """The importable annotations of a JSON-LD export, and a message per rejected item.

    A whole-file problem (not JSON, not an annotation container) raises ``ValueError``.
    Every text field is sanitised; an item with a field of the wrong type or out of
    range is rejected as a whole, so nothing of it is stored.
    """
    try:
        data = json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as error:
        raise ValueError(f"not JSON (line {error.lineno}, column {error.colno}: {error.msg})") from None
    except RecursionError:
        raise ValueError("not importable: nested too deeply") from None
    items = _items(data)
    result, rejected = [], []
    for number, item in enumerate(items, 1):
        try:
            result.append(annotation_from_w3c(item))
        except (KeyError, TypeError, ValueError, IndexError, OverflowError) as error:
            name = _item_id(item)
            rejected.append(sanitize(f"annotation {number}{f' ({name})' if name else ''}: {error}"))
    return result, rejected


def _reject_constant(name: str) -> float:
    raise ValueError(f"not JSON: {name} is not a number JSON allows")


def _item_id(item: object) -> str:
    value = item.get("id") if isinstance(item, dict) else None
    return sanitize(value)[:60] if isinstance(value, str) else ""


def _items(data) -> list:
    if isinstance(data, list):
        return data
    if not isinstance(data, dict):
        raise ValueError("expected a W3C AnnotationCollection, AnnotationPage or Annotation")
    kind = data.get("type")
    if kind == "Annotation":
        return [data]
    if kind == "AnnotationPage" or "items" in data:
        return _item_list(data.get("items", []), "items")
    if kind == "AnnotationCollection":
        items: list = []
        page = data.get("first")
        pages = 0
        while isinstance(page, dict) and pages < 100_000:
            items += _item_list(page.get("items", []), "first.items")
            page = page.get("next")
            pages += 1
        return items
    raise ValueError(sanitize(f"expected a W3C AnnotationCollection, AnnotationPage or Annotation, not {kind!r}"))


def _item_list(value: object, where: str) -> list:
    if not isinstance(value, list):
        raise ValueError(f"{where} should be a list of annotations, not {_type(value)}")
    return value


def _type(value: object) -> str:
    return {dict: "an object", list: "a list", str: "text", bool: "true/false", type(None): "null"}.get(
        type(value), "a number" if isinstance(value, (int, float)) else type(value).__name__)


def _text(value: object, field: str, default: str = "") -> str:
    if value is None:
        return default
    if not isinstance(value, str):
        raise ImportProblem(f"{field} should be text, not {_type(value)}")
    if len(value) > MAX_IMPORT_TEXT:
        raise ImportProblem(f"{field} is longer than {MAX_IMPORT_TEXT:,} characters")
    return sanitize(value)


def _offset(value: object, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ImportProblem(f"{field} should be a whole number, not {_type(value)}")
    if not 0 <= value <= MAX_IMPORT_OFFSET:
        raise ImportProblem(f"{field} is out of range ({str(value)[:30]})")
    return value


def _object(value: object, field: str) -> dict:
    if not isinstance(value, dict):
        raise ImportProblem(f"{field} should be an object, not {_type(value)}")
    return value


def annotation_from_w3c(item: dict) -> Annotation:
    if not isinstance(item, dict) or item.get("type") != "Annotation":
        raise ImportProblem("not a W3C Annotation (no \"type\": \"Annotation\")")
    target = item.get("target")
    if isinstance(target, list):
        if not target:
            raise ImportProblem("target is an empty list")
        target = target[0]
    if isinstance(target, str) or not isinstance(target, dict):
        raise ImportProblem("the target has no selectors")
    selectors = target.get("selector", [])
    if isinstance(selectors, dict):
        selectors = [selectors]
    if not isinstance(selectors, list):
        raise ImportProblem(f"target.selector should be a list of selectors, not {_type(selectors)}")
    for selector in selectors:
        _object(selector, "target.selector[]")
    quote = next((s for s in selectors if s.get("type") == "TextQuoteSelector"), None)
    position = next((s for s in selectors if s.get("type") == "TextPositionSelector"), {})
    if quote is None or not quote.get("exact"):
        raise ImportProblem("the target has no TextQuoteSelector")
    exact = _text(quote.get("exact"), "TextQuoteSelector.exact")
    source = _text(target.get("source"), "target.source")
    document_id = _text(target.get("briefing:documentId"), "briefing:documentId") or _path_from_uri(source)
    if not document_id:
        raise ImportProblem("the target names no document (no source)")
    note_parts, tags = [], []
    bodies = item.get("body", [])
    if isinstance(bodies, (dict, str)):
        bodies = [bodies]
    if not isinstance(bodies, list):
        raise ImportProblem(f"body should be a list, not {_type(bodies)}")
    if "bodyValue" in item:
        note_parts.append(_text(item["bodyValue"], "bodyValue"))
    for body in bodies:
        if isinstance(body, str):
            continue  # a link to an external body: nothing to keep here
        body = _object(body, "body[]")
        value = _text(body.get("value"), "body[].value")
        if body.get("purpose") == "tagging":
            tags.append(value)
        else:
            note_parts.append(value)
    if len(tags) > MAX_IMPORT_TAGS:
        raise ImportProblem(f"more than {MAX_IMPORT_TAGS} tags")
    creator = item.get("creator", "")
    if isinstance(creator, list):
        creator = creator[0] if creator else ""
    if isinstance(creator, dict):
        creator = creator.get("nickname") or creator.get("name") or ""
    author = _text(creator, "creator")
    colour = _text(target.get("styleClass"), "target.styleClass") or DEFAULT_COLOUR
    annotation_id = _text(item.get("id"), "id")
    if annotation_id.startswith("urn:uuid:"):
        annotation_id = annotation_id[len("urn:uuid:"):]
    annotation_id = " ".join(annotation_id.split())
    if not annotation_id:
        raise ImportProblem("the annotation has no id")
    if len(annotation_id) > 200:
        raise ImportProblem("id is longer than 200 characters")
    created = _text(item.get("created"), "created") or now()
    start = _offset(position.get("start", 0), "TextPositionSelector.start")
    end = _offset(position.get("end", start + len(exact)), "TextPositionSelector.end")
    if end < start:
        raise ImportProblem(f"TextPositionSelector.end ({end}) is before start ({start})")
    state = _text(item.get("briefing:state"), "briefing:state", "anchored")
    return Annotation(
        id=annotation_id,
        document_id=document_id,
        document_path=_text(target.get("briefing:documentPath"), "briefing:documentPath") or document_id,
        document_title=" ".join((_text(target.get("briefing:documentTitle"), "briefing:documentTitle")
                                 or Path(document_id).stem).split()),
        content_hash=_text(target.get("briefing:contentHash"), "briefing:contentHash"),
        exact=exact,
        prefix=_text(quote.get("prefix"), "TextQuoteSelector.prefix"),
        suffix=_text(quote.get("suffix"), "TextQuoteSelector.suffix"),
        start=start,
        end=end,
        note="\n\n".join(note_parts),
        tags=tuple(tags),
        colour=colour if colour in COLOURS else DEFAULT_COLOUR,
        author=author,
        created=created,
        modified=_text(item.get("modified"), "modified") or created,
        state=state if state in ("anchored", "orphan") else "anchored",
    )


def _file_uri(path: str) -> str:
    try:
        return Path(path).as_uri()
    except ValueError:  # not absolute
        return path


def _path_from_uri(uri: str) -> str:
    parsed = urlparse(uri)
    if parsed.scheme == "file":
        return unquote(parsed.path)
    return uri


# -- Readwise CSV --------------------------------------------------------------


def to_csv(annotations: Iterable[Annotation]) -> str:
    """Readwise's CSV import: Highlight, Title, Author, URL, Note, Location, Date.

    Tags go at the start of the note in Readwise's inline form (``.tag``, spaces
    in a tag become hyphens); Location is the character offset; Date is
    ``YYYY-MM-DD HH:MM:SS`` (UTC). Author is left empty: briefings carry none.
    """
    buffer = io.StringIO()
    write_csv(_ordered(annotations), buffer)
    return buffer.getvalue()


# A spreadsheet runs a cell that starts with one of these as a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> object:
    """A cell a spreadsheet shows as text: sanitised, and a leading formula character
    escaped with a quote (``'=1+2``), as OWASP recommends."""
    if not isinstance(value, str):
        return value
    value = sanitize(value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def write_csv(annotations: Iterable[Annotation], out: TextIO) -> int:
    """``to_csv`` written to ``out`` row by row; returns how many annotations were written."""
    writer = csv.writer(out, lineterminator="\n")  # no CR: it would be sanitised on a terminal
    writer.writerow(READWISE_COLUMNS)
    count = 0
    for a in annotations:
        tags = " ".join("." + "-".join(tag.split()) for tag in a.tags)
        note = " ".join(part for part in (tags, a.note.strip()) if part)
        writer.writerow([csv_cell(cell) for cell in (
            a.exact, a.document_title, "", _file_uri(a.document_id), note, a.start, _readwise_date(a.created))])
        count += 1
    return count


def _readwise_date(stamp: str) -> str:
    return stamp[:19].replace("T", " ")
