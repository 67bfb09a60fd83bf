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
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import unquote, urlparse

from tui.annotations.model import COLOURS, DEFAULT_COLOUR, Annotation, now

W3C_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
BRIEFING_NS = "urn:x-briefing:"
CONTEXT = [W3C_CONTEXT, {"briefing": BRIEFING_NS}]
READWISE_COLUMNS = ("Highlight", "Title", "Author", "URL", "Note", "Location", "Date")


def _ordered(annotations: Iterable[Annotation]) -> list[Annotation]:
    return sorted(annotations, key=lambda a: (a.document_title.casefold(), a.document_id, a.start, a.created))


# -- Markdown ------------------------------------------------------------------


def to_markdown(annotations: Iterable[Annotation]) -> str:
    """One section per document; each annotation a block quote, then its note and tags."""
    groups: dict[str, list[Annotation]] = defaultdict(list)
    for a in _ordered(annotations):
        groups[a.document_id].append(a)
    out = ["# Annotations", ""]
    if not groups:
        out += ["No annotations yet.", ""]
    for items in groups.values():
        first = items[0]
        out += [f"## {_one_line(first.document_title) or Path(first.document_path).name}", "",
                f"`{first.document_path}`", ""]
        for a in items:
            out += ["> " + line if line else ">" for line in a.exact.split("\n")]
            out.append("")
            if a.orphaned:
                out += ["*Orphaned: this passage was not found in the current version of the document.*", ""]
            if a.note.strip():
                out += [a.note.strip(), ""]
            if a.tags:
                out += ["Tags: " + " ".join(f"`{tag}`" for tag in a.tags), ""]
    return "\n".join(out).rstrip("\n") + "\n"


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
    items = [annotation_to_w3c(a) for a in _ordered(annotations)]
    collection = {
        "@context": CONTEXT,
        "type": "AnnotationCollection",
        "label": "briefing annotations",
        "created": now(),
        "total": len(items),
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": items},
    }
    return json.dumps(collection, ensure_ascii=False, indent=2) + "\n"


def from_jsonld(text: str) -> list[Annotation]:
    """Annotations from a JSON-LD export (a collection, a page, a list or one annotation)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ValueError(f"not JSON (line {error.lineno}, column {error.colno}: {error.msg})") from None
    items = _items(data)
    result = []
    for number, item in enumerate(items, 1):
        try:
            result.append(annotation_from_w3c(item))
        except (KeyError, TypeError, ValueError, IndexError) as error:
            raise ValueError(f"annotation {number}: {error}") from None
    return result


def _items(data) -> list:
    if isinstance(data, list):
        return data
    if not isinstance(data, dict):
        raise ValueError("expected a W3C AnnotationCollection, AnnotationPage or Annotation")
    kind = data.get("type")
    if kind == "Annotation":
        return [data]
    if kind == "AnnotationPage" or "items" in data:
        return list(data.get("items", []))
    if kind == "AnnotationCollection":
        items: list = []
        page = data.get("first")
        while isinstance(page, dict):
            items += page.get("items", [])
            page = page.get("next")
        return items
    raise ValueError(f"expected a W3C AnnotationCollection, AnnotationPage or Annotation, not {kind!r}")


def annotation_from_w3c(item: dict) -> Annotation:
    if not isinstance(item, dict) or item.get("type") != "Annotation":
        raise ValueError("not a W3C Annotation (no \"type\": \"Annotation\")")
    target = item.get("target")
    if isinstance(target, list):
        target = target[0]
    if isinstance(target, str) or not isinstance(target, dict):
        raise ValueError("the target has no selectors")
    selectors = target.get("selector", [])
    if isinstance(selectors, dict):
        selectors = [selectors]
    quote = next((s for s in selectors if s.get("type") == "TextQuoteSelector"), None)
    position = next((s for s in selectors if s.get("type") == "TextPositionSelector"), {})
    if quote is None or not quote.get("exact"):
        raise ValueError("the target has no TextQuoteSelector")
    document_id = target.get("briefing:documentId") or _path_from_uri(target.get("source", ""))
    note_parts, tags = [], []
    bodies = item.get("body", [])
    if isinstance(bodies, (dict, str)):
        bodies = [bodies]
    if "bodyValue" in item:
        note_parts.append(str(item["bodyValue"]))
    for body in bodies:
        if isinstance(body, str):
            continue  # a link to an external body: nothing to keep here
        value = str(body.get("value", ""))
        if body.get("purpose") == "tagging":
            tags.append(value)
        else:
            note_parts.append(value)
    creator = item.get("creator", "")
    if isinstance(creator, list):
        creator = creator[0] if creator else ""
    if isinstance(creator, dict):
        creator = creator.get("nickname") or creator.get("name") or ""
    colour = target.get("styleClass") or DEFAULT_COLOUR
    annotation_id = str(item.get("id") or "")
    if annotation_id.startswith("urn:uuid:"):
        annotation_id = annotation_id[len("urn:uuid:"):]
    if not annotation_id:
        raise ValueError("the annotation has no id")
    created = item.get("created") or now()
    exact = quote["exact"]
    start = int(position.get("start", 0))
    return Annotation(
        id=annotation_id,
        document_id=document_id,
        document_path=target.get("briefing:documentPath") or document_id,
        document_title=target.get("briefing:documentTitle") or Path(document_id).stem,
        content_hash=target.get("briefing:contentHash", ""),
        exact=exact,
        prefix=quote.get("prefix", ""),
        suffix=quote.get("suffix", ""),
        start=start,
        end=int(position.get("end", start + len(exact))),
        note="\n\n".join(note_parts),
        tags=tuple(tags),
        colour=colour if colour in COLOURS else DEFAULT_COLOUR,
        author=str(creator),
        created=created,
        modified=item.get("modified") or created,
        state=item.get("briefing:state", "anchored"),
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
    writer = csv.writer(buffer)
    writer.writerow(READWISE_COLUMNS)
    for a in _ordered(annotations):
        tags = " ".join("." + "-".join(tag.split()) for tag in a.tags)
        note = " ".join(part for part in (tags, a.note.strip()) if part)
        writer.writerow(
            [a.exact, a.document_title, "", _file_uri(a.document_id), note, a.start, _readwise_date(a.created)]
        )
    return buffer.getvalue()


def _readwise_date(stamp: str) -> str:
    return stamp[:19].replace("T", " ")
