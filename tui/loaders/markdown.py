"""Markdown through markdown-it-py: clean canonical text, blocks and style spans.

Inline markup never reaches the text: ``**word**`` becomes "word" plus a
``strong`` span. Front matter (YAML) fills the metadata; when it is
malformed the problem is recorded and its lines are kept as a code block so
nothing is lost.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from tui.loaders.builder import TextBuilder
from tui.model.document import Document, Metadata, Span
from tui.model.sanitize import sanitize, sanitize_line

_CONTAINERS = frozenset(
    ("blockquote_open", "bullet_list_open", "ordered_list_open", "list_item_open")
)
# Leading "> ", "- ", "1. " markers of nested containers.
_CONTAINER_MARKERS = re.compile(r"^(?:[ \t]*(?:>|[-*+](?=\s|$)|\d{1,9}[.)](?=\s|$)))*")
_REFERENCE_DEFINITION = re.compile(r"^[ \t>]*\[[^\]]+\]:\s*\S")
_FRONT_MATTER_START = re.compile(r"---[ \t]*\n[ \t]*[\w-]+[ \t]*:")
# Front matter is metadata: a few fields of text. Larger is refused (shown as text).
MAX_FRONT_MATTER_CHARS = 64 * 1024
MAX_FIELD_CHARS = 500
MAX_TAGS = 100
_STYLE_OPEN = {"em_open": "emphasis", "strong_open": "strong", "s_open": "strike", "link_open": "link"}


def _parser() -> MarkdownIt:
    # Options the rules look up on every list and inline run: a missing key
    # costs a raised KeyError each time (a fifth of the parse on list-heavy text).
    options = {"maxNesting": 40, "tasklists": False, "strikethrough_single_tilde": False}
    parser = MarkdownIt("commonmark", options).enable(["table", "strikethrough"])
    parser.use(front_matter_plugin)
    parser.use(footnote_plugin)
    # Keep a link's URL as written: it is shown to the reader, never fetched,
    # and normalising it (percent-encoding, punycode) is a tenth of the parse time.
    parser.normalizeLink = lambda url: url  # type: ignore[method-assign]
    return parser


_MARKDOWN = _parser()


# markdown-it holds a token object per block, table cell and inline run: about a
# kilobyte per unit of this estimate. Past the limit the text is shown as plain
# paragraphs (front matter still read), which is linear in time and memory.
MAX_MARKDOWN_COMPLEXITY = 250_000


def markdown_complexity(text: str) -> int:
    """A cheap upper estimate of the parser's tokens: lines, cells, emphasis, links, code."""
    count = text.count
    return (count("\n") + count("|") + count("*") + count("_") + 2 * count("[")
            + count("`") + count("<") + count("&"))


def parse_markdown(path: Path, text: str) -> Document:
    builder = TextBuilder()
    meta = Metadata()
    problems: list[str] = []
    complexity = markdown_complexity(text)
    if complexity > MAX_MARKDOWN_COMPLEXITY:
        return _parse_as_plain(path, text, meta, problems, complexity)
    tokens = _MARKDOWN.parse(text)
    if _has_unclosed_front_matter(text, tokens):
        problems.append("front matter opens with --- but is never closed; shown as text")
    lost, lost_lines = _lost_paragraphs(text, tokens)
    if lost:
        problems.append(f"nested too deeply for the Markdown parser; {lost_lines} lines shown as plain text")
    _Walker(builder, meta, problems, lost).walk(tokens)
    if not meta.title:
        meta.title = _first_heading(builder, path)
    return builder.build(path, meta, problems)


def _parse_as_plain(path: Path, text: str, meta: Metadata, problems: list[str], complexity: int) -> Document:
    from tui.loaders.plain import parse_plain

    problems.append(
        f"too large or complex for Markdown ({complexity:,} lines, cells and marks; the limit is "
        f"{MAX_MARKDOWN_COMPLEXITY:,}); shown as plain text"
    )
    body = text
    match = _FRONT_MATTER_BLOCK.match(text)
    if match:
        token = Token("front_matter", "", 0)
        token.content = match.group(1)
        scratch = TextBuilder()
        _Walker(scratch, meta, problems, []).on_front_matter(token)
        body = scratch.text + "\n\n" + text[match.end() :]
    return parse_plain(path, body, problems, meta)


_FRONT_MATTER_BLOCK = re.compile(
    r"---[ \t]*\n(.{0," + str(MAX_FRONT_MATTER_CHARS) + r"}?\n)---[ \t]*(?:\n|$)", re.DOTALL
)


def _has_unclosed_front_matter(text: str, tokens: list[Token]) -> bool:
    opened = _FRONT_MATTER_START.match(text) is not None
    return opened and not (tokens and tokens[0].type == "front_matter")


def _lost_paragraphs(text: str, tokens: list[Token]) -> tuple[list[tuple[int, str]], int]:
    """Lines no block token covers (the parser stops at its nesting limit), as paragraphs.

    Each paragraph is (first line number, text with the container markers
    removed), so the walker can put it back where it stood.
    """
    lines = text.split("\n")
    covered = bytearray(len(lines))
    for token in tokens:
        if token.map and token.type not in _CONTAINERS:
            start, end = token.map
            covered[start:end] = b"\x01" * (end - start)
    paragraphs: list[tuple[int, str]] = []
    current: list[str] = []
    count = 0
    for number, line in enumerate(lines):
        content = _CONTAINER_MARKERS.sub("", line).strip()
        if covered[number] or not content or _REFERENCE_DEFINITION.match(line):
            current = []
            continue
        if not current:
            paragraphs.append((number, ""))
        current.append(content)
        count += 1
        paragraphs[-1] = (paragraphs[-1][0], " ".join(current))
    return paragraphs, count


def _first_heading(builder: TextBuilder, path: Path) -> str:
    text = builder.text
    for block in builder.blocks:
        if block.kind == "heading":
            return text[block.start : block.end]
    return sanitize(path.stem.replace("-", " ").replace("_", " "))  # a file name is untrusted too


class _Walker:
    """Turns the flat token stream into blocks; nesting is tracked with counters."""

    def __init__(
        self, builder: TextBuilder, meta: Metadata, problems: list[str], lost: list[tuple[int, str]]
    ) -> None:
        self.builder = builder
        self.lost = lost[::-1]  # popped from the end, in line order
        self.meta = meta
        self.problems = problems
        self.list_depth = 0
        self.quote_depth = 0
        self.in_list_item = 0
        self.table_start: int | None = None
        self.row_cells = 0
        # Presentation kept as zero-width or covering style spans (the text stays as before):
        self.numbers: list[int | None] = []  # per open list: the last item's number (None: bullets)
        self.ordinal: str | None = None  # "3." for the next list item's first block
        self.footnote: str | None = None  # the label of the footnote being written
        self.row = -1
        self.header_cell = False

    def walk(self, tokens: list[Token]) -> None:
        handlers: dict[str, object] = {}
        for token in tokens:
            if token.map and self.lost and token.type not in _CONTAINERS:
                self._restore_lost(before=token.map[0])
            if token.type not in handlers:
                handlers[token.type] = getattr(self, f"on_{token.type}", None)
            handler = handlers[token.type]
            if handler is not None:
                handler(token)
        self._restore_lost(before=None)

    def _restore_lost(self, before: int | None) -> None:
        while self.lost and (before is None or self.lost[-1][0] < before):
            self.builder.add_block(self.lost.pop()[1], "paragraph")

    # Front matter ---------------------------------------------------------
    def on_front_matter(self, token: Token) -> None:
        try:
            if len(token.content) > MAX_FRONT_MATTER_CHARS:
                raise ValueError(f"larger than {MAX_FRONT_MATTER_CHARS // 1024} KB")
            data = yaml.load(token.content, Loader=_FrontMatterLoader)  # noqa: S506 (safe, no aliases)
            if data is None:
                return
            if not isinstance(data, dict):
                raise ValueError("it is not a mapping of keys to values")
        except (yaml.YAMLError, ValueError, TypeError, RecursionError, MemoryError) as error:
            reason = str(error).splitlines()[0] if str(error) else type(error).__name__
            self.problems.append(sanitize(f"malformed front matter ({reason}); shown as text"))
            self.builder.add_block(token.content.strip("\n"), "code")
            return
        # Every field is sanitised after decoding: YAML's "\e" and "\x9b" are controls.
        data.setdefault("speaker", data.get("speaker_country"))  # who "we" is (see the analysis)
        for name in ("title", "date", "source", "speaker"):
            value = data.get(name)
            if value is not None and not _is_scalar(value):
                self.problems.append(f"front matter: {name} should be text, not a {_kind(value)}; ignored")
                continue
            setattr(self.meta, name, _scalar(value))
        self.meta.tags = self._tags(data.get("tags"))

    def _tags(self, value: object) -> tuple[str, ...]:
        """Tags given as a list or as one comma-separated string."""
        if value is None:
            return ()
        if isinstance(value, str):
            items: list[object] = value.split(",")
        elif isinstance(value, list):
            items = value
        elif _is_scalar(value):  # "tags: 5"
            items = [value]
        else:
            self.problems.append(f"front matter: tags should be a list, not a {_kind(value)}; ignored")
            return ()
        if len(items) > MAX_TAGS:
            self.problems.append(f"front matter: {len(items)} tags; the first {MAX_TAGS} are kept")
            items = items[:MAX_TAGS]
        if not all(_is_scalar(item) for item in items):
            self.problems.append("front matter: tags should be words, not lists or mappings; those are ignored")
        tags = (_scalar(item) for item in items if _is_scalar(item))
        return tuple(dict.fromkeys(tag for tag in tags if tag))

    # Containers -----------------------------------------------------------
    def on_bullet_list_open(self, token: Token) -> None:
        self.list_depth += 1
        self.numbers.append(None)

    def on_ordered_list_open(self, token: Token) -> None:
        self.list_depth += 1
        start = token.attrs.get("start", 1)
        self.numbers.append((start if isinstance(start, int) else 1) - 1)

    def on_bullet_list_close(self, token: Token) -> None:
        self.list_depth -= 1
        if self.numbers:
            self.numbers.pop()

    on_ordered_list_close = on_bullet_list_close

    def on_list_item_open(self, token: Token) -> None:
        self.in_list_item += 1
        if self.numbers and self.numbers[-1] is not None:
            self.numbers[-1] += 1
            self.ordinal = f"{self.numbers[-1]}{token.markup or '.'}"

    def on_list_item_close(self, token: Token) -> None:
        self.in_list_item -= 1
        self.ordinal = None

    # Footnotes: "[^1]" becomes "[1]", linked to the note, which starts "[1] " at the end.
    def on_footnote_open(self, token: Token) -> None:
        self.footnote = str(token.meta.get("label", token.meta.get("id", "")))

    def on_footnote_close(self, token: Token) -> None:
        self.footnote = None

    def on_blockquote_open(self, token: Token) -> None:
        self.quote_depth += 1

    def on_blockquote_close(self, token: Token) -> None:
        self.quote_depth -= 1

    # Leaf blocks ----------------------------------------------------------
    def on_inline(self, token: Token) -> None:
        if self.table_start is not None:
            if self.row_cells:
                self.builder.write(" | ")
            cell_start = self.builder.length
            self._write_inline(token)
            # Each cell's span, so the reader can line the columns up.
            self.builder.styles.append(Span(cell_start, self.builder.length, "cell",
                                            (self.row, self.row_cells, self.header_cell)))
            self.row_cells += 1
            return
        kind, level = self._current_kind(token)
        start = self.builder.start_block()
        if self.footnote is not None:  # the note's own label, the target of its references
            label = self.builder.write(f"[{self.footnote}]")
            self.builder.styles.append(Span(*label, "footnote", self.footnote))
            self.builder.write(" ")
            self.footnote = None
        self._write_inline(token)
        self.builder.end_block(start, kind, level)
        if kind == "list_item" and self.ordinal is not None:
            self.builder.styles.append(Span(start, start, "ordinal", self.ordinal))  # drawn as the marker
            self.ordinal = None

    def _current_kind(self, token: Token) -> tuple[str, int]:
        if self._heading_level:
            return "heading", self._heading_level
        if self.in_list_item:
            return "list_item", self.list_depth
        if self.quote_depth:
            return "quote", self.quote_depth
        return "paragraph", 0

    _heading_level = 0

    def on_heading_open(self, token: Token) -> None:
        self._heading_level = int(token.tag[1:])

    def on_heading_close(self, token: Token) -> None:
        self._heading_level = 0

    def on_fence(self, token: Token) -> None:
        self.builder.add_block(token.content.rstrip("\n"), "code")

    on_code_block = on_fence

    def on_html_block(self, token: Token) -> None:
        self.builder.add_block(token.content.rstrip("\n"), "code")

    def on_hr(self, token: Token) -> None:
        pass

    # Tables: one block, a row per line, cells joined by " | ".
    def on_table_open(self, token: Token) -> None:
        self.table_start = self.builder.start_block()
        self.row_cells = 0
        self.row = -1

    def on_tr_open(self, token: Token) -> None:
        self.row += 1

    def on_th_open(self, token: Token) -> None:
        self.header_cell = True

    def on_td_open(self, token: Token) -> None:
        self.header_cell = False

    def on_tr_close(self, token: Token) -> None:
        self.builder.write("\n")
        self.row_cells = 0

    def on_table_close(self, token: Token) -> None:
        start, self.table_start = self.table_start, None
        self.builder.trim_newline()
        self.builder.end_block(start, "table")

    # Inline ---------------------------------------------------------------
    def _write_inline(self, token: Token) -> None:
        open_styles: list[tuple[str, int, str | None]] = []
        for child in token.children or ():
            kind = child.type
            if kind in ("text", "code_inline", "html_inline"):
                start, end = self.builder.write(child.content)
                if kind == "code_inline":
                    self.builder.styles.append(Span(start, end, "code"))
            elif kind in ("softbreak", "hardbreak"):
                self.builder.write(" " if kind == "softbreak" else "\n")
            elif kind == "image":
                self.builder.write(child.content or "[image]")
            elif kind == "footnote_ref":
                label = str(child.meta.get("label", child.meta.get("id", "")))
                start, end = self.builder.write(f"[{label}]")
                self.builder.styles.append(Span(start, end, "link", f"#footnote-{label}"))
            elif kind in _STYLE_OPEN:
                href = child.attrs.get("href") if kind == "link_open" else None
                open_styles.append((_STYLE_OPEN[kind], self.builder.length, href))
            elif kind.endswith("_close") and open_styles:
                style, start, href = open_styles.pop()
                if self.builder.length > start:
                    self.builder.styles.append(Span(start, self.builder.length, style, href))


class _FrontMatterLoader(yaml.SafeLoader):
    """YAML's safe loader without aliases and anchors.

    Front matter needs neither, and a few hundred bytes of nested aliases
    ("billion laughs") expand to gigabytes.
    """

    def compose_node(self, parent, index):  # type: ignore[no-untyped-def]
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            raise yaml.YAMLError(f"line {event.start_mark.line + 1}: aliases (*name) are not allowed")
        if getattr(event, "anchor", None) is not None:
            raise yaml.YAMLError(f"line {event.start_mark.line + 1}: anchors (&name) are not allowed")
        return super().compose_node(parent, index)


def _is_scalar(value: object) -> bool:
    return isinstance(value, (str, int, float, bool, dt.date, dt.datetime))


def _kind(value: object) -> str:
    return "mapping" if isinstance(value, dict) else "list" if isinstance(value, list) else type(value).__name__


def _scalar(value: object) -> str:
    """One line of safe text: decoded escapes are sanitised, length capped."""
    if value is None:
        return ""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    try:
        text = str(value)
    except ValueError:  # an integer too long to print
        return ""
    return sanitize_line(text[: MAX_FIELD_CHARS * 4])[:MAX_FIELD_CHARS]
