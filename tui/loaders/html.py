"""Saved web pages (.html, .htm): the article, without the page around it.

Library: readability-lxml, chosen by measurement on the generated pages
(``benchmarks/compare_extractors.py`` over ``tests/samples/htmlgen.py``: 6
pages, 69 headings, paragraphs and list items, 22 boilerplate strings each):
readability-lxml kept 69/69 and let through only share buttons (12 leaks,
removed here by link density: 0 after), 5 ms a page (20 with this module's
walk); trafilatura leaked nothing but lost 11/69 (the headings and list items
of a page without semantic tags), 17-90 ms; jusText kept 69/69 but leaked 4
and returns flat paragraphs without headings or lists.

Steps: decode (BOM, UTF-8, the page's declared charset, else cp1252);
metadata from ``<title>``, ``og:``/``article:`` meta and ``<time>``;
readability's main content; then a walk of that tree into blocks (h1-h6
headings, p paragraphs, li list items, tables as rows of " | " cells,
blockquote quotes, pre code), skipping script, style and other non-text
elements and any block that is mostly links (share bars, tag clouds).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from tui.loaders.builder import TextBuilder
from tui.model.document import Document, Metadata

# readability takes ~1.4 s a megabyte of markup; above this the whole body is walked instead.
READABILITY_MAX_CHARS = 2 * 1024 * 1024
# Scripts, styles and comments go before parsing: never shown, and often most of a saved page.
_NOISE = re.compile(r"<(script|style|noscript|template|svg)\b[^>]*>.*?</\1\s*>|<!--.*?-->", re.IGNORECASE | re.DOTALL)
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_:.-]+)""", re.IGNORECASE)
_SPACES = re.compile(r"\s+")
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_SKIP = frozenset("script style noscript template svg math iframe object embed canvas form button select "
                  "input textarea nav footer header aside".split())
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_BLOCKS = frozenset("p div section article main li ul ol table blockquote pre figure figcaption dl dt dd "
                    "h1 h2 h3 h4 h5 h6 tr td th thead tbody".split())
_DATE_META = ("article:published_time", "og:published_time", "date", "dc.date", "dcterms.date",
              "pubdate", "publish-date", "sailthru.date", "parsely-pub-date", "article:modified_time")


def decode(raw: bytes) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16", errors="replace")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    match = _CHARSET.search(raw[:4096])
    if match:
        try:
            return raw.decode(match.group(1).decode("ascii"), errors="replace")
        except LookupError:
            pass
    return raw.decode("cp1252", errors="replace")


def load_html(path: Path) -> Document:
    return parse_html(path, decode(path.read_bytes()))


def parse_html(path: Path, text: str) -> Document:
    import lxml.html

    # XML declarations with an encoding are refused by lxml in a str: drop them.
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    text = _NOISE.sub(" ", text)
    problems: list[str] = []
    if not text.strip():
        return TextBuilder().build(path, Metadata(), problems)
    page = lxml.html.document_fromstring(text)
    meta = _metadata(page)
    if len(text) > READABILITY_MAX_CHARS:
        problems.append(f"the page is large ({len(text) / 2**20:.1f} MB of markup): the article was not "
                        "separated from the rest of the page")
        content = page.find("body")
    else:
        content = _main_content(text, problems)
    blocks: list[tuple[str, str, int]] = []
    if content is not None:
        _walk(content, blocks)
    # The canonical text opens with the title as a heading, as in the other formats.
    if meta.title and not (blocks and blocks[0][1:] == ("heading", 1)):
        blocks.insert(0, (meta.title, "heading", 1))
    if not blocks and page.find("body") is not None and _text(page.find("body")):
        problems.append("no article text was found (a page nested too deeply, or built by scripts)")
    builder = TextBuilder()
    for block_text, kind, level in blocks:
        builder.add_block(block_text, kind, level)
    return builder.build(path, meta, problems)


def _main_content(text: str, problems: list[str]):
    import lxml.html
    from readability import Document as Readable

    try:
        summary = Readable(text, min_text_length=25).summary(html_partial=True)
    except Exception as error:  # noqa: BLE001 - an unusual page: fall back to the whole body
        problems.append(f"the article could not be told from the page ({type(error).__name__}); showing all text")
        summary = text
    if not summary.strip():
        return None
    return lxml.html.fragment_fromstring(summary, create_parent="div")


def _text(element) -> str:
    return _SPACES.sub(" ", element.text_content()).strip()


def _link_text(element) -> int:
    return sum(len(_SPACES.sub(" ", a.text_content()).strip()) for a in element.iter("a"))


def _mostly_links(element) -> bool:
    text = _text(element)
    return bool(text) and len(text) < 300 and _link_text(element) > 0.6 * len(text)


def _walk(element, out: list, depth: int = 0, list_depth: int = 0) -> None:
    """Blocks of ``element``'s children; loose text between them is a paragraph of its own."""
    _add(out, _SPACES.sub(" ", element.text or "").strip(), "paragraph")
    for child in element:
        _walk_child(child, out, depth, list_depth)
        if isinstance(child.tag, str) and child.tag not in _SKIP:
            _add(out, _SPACES.sub(" ", child.tail or "").strip(), "paragraph")


def _walk_child(child, out: list, depth: int, list_depth: int) -> None:
    tag = child.tag if isinstance(child.tag, str) else ""
    if not tag or tag in _SKIP:
        return
    if _is_hidden(child):
        return
    if tag in _HEADINGS:
        _add(out, _text(child), "heading", _HEADINGS[tag])
    elif tag in ("ul", "ol"):
        if not _mostly_links(child) or list_depth:
            for item in child:
                _walk_child(item, out, depth + 1, list_depth + 1)
    elif tag == "li":
        nested = [c for c in child if isinstance(c.tag, str) and c.tag in ("ul", "ol")]
        for sub in nested:
            sub.drop_tree()  # keeps its tail text in the item
        _add(out, _text(child), "list_item", max(list_depth, 1))
        for sub in nested:
            for item in sub:
                _walk_child(item, out, depth + 1, list_depth + 1)
    elif tag == "table":
        _table(child, out)
    elif tag == "blockquote":
        _add(out, _text(child), "quote", 1)
    elif tag == "pre":
        _add(out, child.text_content().strip("\n"), "code")
    elif tag == "p" or not _has_blocks(child):
        if _mostly_links(child):
            return
        for paragraph in _split_at_double_breaks(child):
            _add(out, paragraph, "paragraph")
    else:
        if _mostly_links(child):
            return
        _walk(child, out, depth + 1, list_depth)


def _split_at_double_breaks(element) -> list[str]:
    """Text set apart by two ``<br>`` in a row is two paragraphs (pages without ``<p>``)."""
    breaks = list(element.iter("br"))
    if len(breaks) < 2:
        return [_text(element)]
    for br in breaks:
        br.tail = "\n" + (br.tail or "")
    return [_SPACES.sub(" ", part).strip() for part in re.split(r"\n[ \t\r\f\v]*\n", element.text_content())]


def _is_hidden(element) -> bool:
    style = (element.get("style") or "").replace(" ", "").lower()
    return element.get("hidden") is not None or "display:none" in style or element.get("aria-hidden") == "true"


def _has_blocks(element) -> bool:
    return any(isinstance(c.tag, str) and c.tag in _BLOCKS for c in element.iter() if c is not element)


def _table(table, out: list) -> None:
    rows = []
    for row in table.iter("tr"):
        cells = [_text(cell) for cell in row if isinstance(cell.tag, str) and cell.tag in ("td", "th")]
        if any(cells):
            rows.append(" | ".join(cells))
    if rows:
        _add(out, "\n".join(rows), "table")


def _add(out: list, text: str, kind: str, level: int = 0) -> None:
    if text:
        out.append((text, kind, level))


def _metadata(page) -> Metadata:
    values: dict[str, str] = {}
    for node in page.iter("meta"):
        key = (node.get("property") or node.get("name") or node.get("itemprop") or "").strip().lower()
        content = node.get("content")
        if key and content and key not in values:
            values[key] = _SPACES.sub(" ", content).strip()[:500]
    title = values.get("og:title") or values.get("twitter:title") or ""
    if not title:
        node = page.find(".//title")
        if node is not None:
            title = _SPACES.sub(" ", node.text_content()).strip()[:500]
            site = values.get("og:site_name", "")
            for separator in (" | ", " - ", " \u2013 ", " \u2014 "):
                if site and title.endswith(separator + site):
                    title = title[: -len(separator + site)]
    if not title:
        heading = page.find(".//h1")
        title = _text(heading)[:500] if heading is not None else ""
    date = ""
    for key in _DATE_META:
        date = _iso_date(values.get(key, ""))
        if date:
            break
    if not date:
        for node in page.iter("time"):
            date = _iso_date(node.get("datetime") or "")
            if date:
                break
    source = values.get("og:site_name") or values.get("author") or values.get("article:author") or ""
    return Metadata(title=title, date=date, source=source)


def _iso_date(value: str) -> str:
    match = _DATE.search(value)
    if not match:
        return ""
    try:
        return dt.date(*(int(g) for g in match.groups())).isoformat()
    except ValueError:
        return ""
