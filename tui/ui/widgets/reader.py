"""The reading pane: a virtualised Line-API view of one document.

Only visible lines are rendered; rendered lines are cached per width and
invalidated when a span layer changes. Every highlight (actors, issues,
search hits, annotations, the selection) is a layer of spans over the
canonical text, painted with the widget's component classes so themes can
restyle them.
"""

from __future__ import annotations

import re
import zlib
from bisect import bisect_left, bisect_right
from collections.abc import Iterable

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.model.document import Document, Span
from tui.ui.layout import Layout

_NEXT_WORD_END = re.compile(r"\W*\w+")
_WORD_START = re.compile(r"\b\w")

ACTOR_COLOURS = 8


def _sentence_start(span: Span) -> int:
    return span.start


def _sentence_end(span: Span) -> int:
    return span.end

MAX_MEASURE = 100  # the longest line a reader is asked to follow
LARGE_TEXT = 400_000  # characters: from this size the full layout is built in a worker
MARGIN = 2  # cells on the left for the cursor and annotation markers
RIGHT_MARGIN = 1  # a blank column before the scrollbar (part of the line: no extra bytes)
ANNOTATION_COLOURS = ("yellow", "green", "blue", "pink", "purple", "orange")

# Painting order: later layers win where they set the same attribute.
LAYER_ORDER = ("styles", "issue", "actor", "annotation", "mark", "hit", "selection")


class LayerIndex:
    """A layer's spans sorted by (start, end) with their starts and the longest span's length.

    Built off the event loop (a large document has some 100,000 mentions).
    """

    __slots__ = ("spans", "starts", "longest")

    def __init__(self, spans: list[Span]) -> None:
        self.spans = sorted(spans, key=lambda span: (span.start, span.end))
        self.starts = [span.start for span in self.spans]
        self.longest = max((span.end - span.start for span in self.spans), default=0)


def actor_class(actor_id: str) -> str:
    """A stable colour slot for an actor: the same in every document and run."""
    return f"reader--actor-{zlib.crc32(actor_id.encode()) % ACTOR_COLOURS}"


class ReadingPane(ScrollView, can_focus=True):
    """Shows one document; knows offsets, not analysis or storage."""

    BINDINGS = [
        Binding("j,down", "line_down", "Down", show=False, id="reader.down"),
        Binding("k,up", "line_up", "Up", show=False, id="reader.up"),
        Binding("space,pagedown,f", "page_down", "Page down", show=False, id="reader.page-down"),
        Binding("b,pageup", "page_up", "Page up", show=False, id="reader.page-up"),
        Binding("g,home", "top", "Top", show=False, id="reader.top"),
        Binding("G,end", "bottom", "Bottom", show=False, id="reader.bottom"),
        Binding("right_square_bracket", "next_heading", "Next heading", show=False, id="reader.next-heading"),
        Binding("left_square_bracket", "previous_heading", "Previous heading", show=False,
                id="reader.previous-heading"),
        Binding("right_parenthesis", "next_sentence", "Next sentence", show=False, id="reader.next-sentence"),
        Binding("left_parenthesis", "previous_sentence", "Previous sentence", show=False,
                id="reader.previous-sentence"),
        Binding("v", "toggle_selection", "Select", show=False, id="reader.select"),
        Binding("w", "word_forward", "Extend selection by a word", show=False, id="reader.word-forward"),
        Binding("shift+right", "char_forward", "Extend selection by a character", show=False,
                id="reader.char-forward"),
        Binding("shift+left", "char_backward", "Shrink selection by a character", show=False,
                id="reader.char-backward"),
        Binding("escape", "cancel_selection", "Cancel selection", show=False, id="reader.cancel-selection"),
        Binding("a", "annotate", "Annotate", id="reader.annotate"),
        Binding("h", "highlight", "Highlight", show=False, id="reader.highlight"),
        Binding("y", "copy", "Copy", show=False, id="reader.copy"),
        Binding("L", "copy_link", "Copy link / follow footnote", show=False, id="reader.copy-link"),
    ]

    COMPONENT_CLASSES = {
        "reader--heading-1", "reader--heading", "reader--quote", "reader--code", "reader--table",
        "reader--prefix", "reader--code-inline", "reader--emphasis", "reader--strong", "reader--link", "reader--strike",
        "reader--issue", "reader--mark", "reader--hit", "reader--hit-current", "reader--selection",
        "reader--cursor", "reader--annotation-marker",
        *(f"reader--actor-{slot}" for slot in range(ACTOR_COLOURS)),
        *(f"reader--annotation-{colour}" for colour in ANNOTATION_COLOURS),
    }

    DEFAULT_CSS = """
    ReadingPane { background: $surface; scrollbar-gutter: stable; scrollbar-size-vertical: 1; }
    ReadingPane > .reader--heading-1 { color: $foreground; text-style: bold underline; }
    ReadingPane > .reader--heading { color: $foreground; text-style: bold; }
    ReadingPane > .reader--quote { color: $text-muted; text-style: italic; }
    ReadingPane > .reader--code { color: $text-muted; }
    ReadingPane > .reader--code-inline { background: $panel; text-style: bold; }
    ReadingPane > .reader--table { color: $text; }
    ReadingPane > .reader--prefix { color: $text-muted; }
    ReadingPane > .reader--emphasis { text-style: italic; }
    ReadingPane > .reader--strong { text-style: bold; }
    ReadingPane > .reader--strike { text-style: strike; }
    ReadingPane > .reader--link { text-style: underline; color: $primary; }
    ReadingPane > .reader--issue { color: $issue; text-style: underline; }
    ReadingPane > .reader--mark { background: $mark; }
    ReadingPane > .reader--hit { background: $search-hit; text-style: bold; }
    ReadingPane > .reader--hit-current { color: $search-hit-current; text-style: bold reverse; }
    ReadingPane > .reader--selection { color: $selection; text-style: reverse; }
    ReadingPane > .reader--cursor { color: $cursor; text-style: bold; }
    ReadingPane > .reader--annotation-marker { color: $warning; text-style: bold; }
    ReadingPane > .reader--actor-0 { color: $actor-0; text-style: bold; }
    ReadingPane > .reader--actor-1 { color: $actor-1; text-style: bold; }
    ReadingPane > .reader--actor-2 { color: $actor-2; text-style: bold; }
    ReadingPane > .reader--actor-3 { color: $actor-3; text-style: bold; }
    ReadingPane > .reader--actor-4 { color: $actor-4; text-style: bold; }
    ReadingPane > .reader--actor-5 { color: $actor-5; text-style: bold; }
    ReadingPane > .reader--actor-6 { color: $actor-6; text-style: bold; }
    ReadingPane > .reader--actor-7 { color: $actor-7; text-style: bold; }
    ReadingPane > .reader--annotation-yellow { background: $annotation-yellow; text-style: underline; }
    ReadingPane > .reader--annotation-green { background: $annotation-green; text-style: underline; }
    ReadingPane > .reader--annotation-blue { background: $annotation-blue; text-style: underline; }
    ReadingPane > .reader--annotation-pink { background: $annotation-pink; text-style: underline; }
    ReadingPane > .reader--annotation-purple { background: $annotation-purple; text-style: underline; }
    ReadingPane > .reader--annotation-orange { background: $annotation-orange; text-style: underline; }
    /* The terminal's own colours: text of an annotation's colour would vanish on its background,
       so the colour is shown reversed (a coloured band, text in the page's colour). */
    ReadingPane.-ansi > .reader--annotation-yellow {
        background: transparent; color: $annotation-yellow; text-style: reverse; }
    ReadingPane.-ansi > .reader--annotation-green {
        background: transparent; color: $annotation-green; text-style: reverse; }
    ReadingPane.-ansi > .reader--annotation-blue {
        background: transparent; color: $annotation-blue; text-style: reverse; }
    ReadingPane.-ansi > .reader--annotation-pink {
        background: transparent; color: $annotation-pink; text-style: reverse; }
    ReadingPane.-ansi > .reader--annotation-purple {
        background: transparent; color: $annotation-purple; text-style: reverse; }
    ReadingPane.-ansi > .reader--annotation-orange {
        background: transparent; color: $annotation-orange; text-style: reverse; }
    ReadingPane.-ansi > .reader--code-inline { background: transparent; text-style: bold underline; }
    """

    cursor: reactive[int] = reactive(0, init=False, always_update=True)

    class AnnotateRequested(Message):
        """Annotate ``start..end``; ``with_note`` is False for a plain highlight."""

        def __init__(self, start: int, end: int, with_note: bool) -> None:
            self.start = start
            self.end = end
            self.with_note = with_note
            super().__init__()

    class JumpRequested(Message):
        """Go to ``offset`` as a jump (ctrl+o comes back): a footnote and its reference."""

        def __init__(self, offset: int) -> None:
            self.offset = offset
            super().__init__()

    class CursorMoved(Message):
        """The cursor (an offset in the text) moved; the app remembers it."""

        def __init__(self, offset: int) -> None:
            self.offset = offset
            super().__init__()

    def __init__(self, *, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.document: Document | None = None
        self._layout: Layout | None = None
        self._layers: dict[str, list[Span]] = {}
        self._line_spans: dict[int, list[Span]] | None = None
        self._layer_index: list = []
        self._layer_indexes: dict[str, LayerIndex] = {}
        self._strips: LRUCache[int, Strip] = LRUCache(1024)
        self._styles: dict[str, Style] = {}
        self._selection_anchor: int | None = None
        self._selection_head: int | None = None
        self._dragging = False
        self._pending_offset: int | None = None  # a place to show once the pane has its size

    # Content --------------------------------------------------------------
    def show(self, document: Document | None, offset: int = 0) -> None:
        """Display ``document`` with the cursor at ``offset``."""
        self.document = document
        self._selection_anchor = self._selection_head = None
        self._layers = {"styles": list(document.styles)} if document else {}
        self._layer_indexes = {}
        self._relayout()
        self._pending_offset = offset
        self.cursor = max(0, offset)
        self._show_pending_offset()

    def _show_pending_offset(self) -> None:
        """Scroll to the place asked for by show() once the pane is laid out at its real size."""
        offset = self._pending_offset
        if offset is None or self._layout is None:
            return
        ready = self.scrollable_content_region.height > 0 and self._layout.width == self._text_width()
        line = self._layout.line_of(offset)
        scrollable = self.max_scroll_y > 0 and self.allow_vertical_scroll  # known after a layout pass
        if not ready or (line > 0 and not scrollable and len(self._layout) > self.size.height):
            self.call_after_refresh(self._show_pending_offset)
            return
        self._pending_offset = None
        self.move_cursor(offset, center=False, top=True)

    def set_layer(self, name: str, spans: Iterable[Span] | LayerIndex, *, presorted: bool = False) -> None:
        """Replace one layer of highlights (e.g. "actor", "hit", "annotation").

        ``presorted``: the spans are already in (start, end) order (sorted by a worker);
        a ``LayerIndex`` (built by a worker too) also brings their starts and longest span.
        """
        if isinstance(spans, LayerIndex):
            self._layer_indexes[name] = spans
            self._layers[name] = spans.spans
        else:
            self._layer_indexes.pop(name, None)
            self._layers[name] = spans if presorted and isinstance(spans, list) else sorted(
                spans, key=lambda span: (span.start, span.end))
        self._invalidate()

    def clear_layer(self, name: str) -> None:
        self._layer_indexes.pop(name, None)
        if self._layers.pop(name, None) is not None:
            self._invalidate()

    def spans_of(self, name: str) -> list[Span]:
        """The spans of one layer (named spans_of: Widget.layer is a CSS property)."""
        return self._layers.get(name, [])

    def _invalidate(self) -> None:
        self._line_spans = None
        self._strips.clear()
        self.refresh()

    def _text_width(self) -> int:
        """Wrap width: the pane, but never wider than a comfortable measure."""
        return min(max(self.scrollable_content_region.width - MARGIN - RIGHT_MARGIN, 10), MAX_MEASURE)

    @property
    def _indent(self) -> int:
        """Blank cells left of the margin that centre the text in a very wide pane."""
        spare = self.scrollable_content_region.width - MARGIN - RIGHT_MARGIN - self._text_width()
        return max(spare // 2, 0)

    def _relayout(self) -> None:
        width = self._text_width()
        if self.document is None:
            self._layout = None
            self.virtual_size = Size(0, 0)
        elif len(self.document.text) >= LARGE_TEXT and self.size.height:
            # Lines around the place shown now; every line from a worker (a 5 MB document's
            # layout took 0.4 s, a stall of the event loop).
            offset = self._pending_offset if self._pending_offset is not None else self.top_offset
            self._layout = Layout(self.document, width, Layout.block_window(self.document, offset))
            self.virtual_size = Size(width + MARGIN, len(self._layout))
            self._lay_out_all(self.document, width)
        else:
            self._layout = Layout(self.document, width)
            self.virtual_size = Size(width + MARGIN, len(self._layout))
        self._invalidate()

    class LayoutReady(Message):
        def __init__(self, document: Document, layout: Layout) -> None:
            self.document = document
            self.layout = layout
            super().__init__()

    def _lay_out_all(self, document: Document, width: int) -> None:
        def build() -> None:
            self.post_message(self.LayoutReady(document, Layout(document, width)))

        self.run_worker(build, thread=True, exclusive=True, group="layout", description="lay out the document")

    def on_reading_pane_layout_ready(self, message: LayoutReady) -> None:
        message.stop()
        if message.document is not self.document or message.layout.width != self._text_width():
            return
        top = self.top_offset
        self._layout = message.layout
        self.virtual_size = Size(message.layout.width + MARGIN, len(message.layout))
        self._invalidate()
        if self._pending_offset is None:
            self.scroll_to(y=message.layout.line_of(top), animate=False, force=True)

    def on_resize(self, event: events.Resize) -> None:
        if self.document is None or self._layout is None:
            return
        width = self._text_width()
        if self._pending_offset is not None:
            if width != self._layout.width:
                self._relayout()
            self._show_pending_offset()
            return
        if width == self._layout.width:
            self._strips.clear()  # the centring indent may have changed
            return
        top_offset = self.top_offset
        self._relayout()
        self.scroll_to(y=self._layout.line_of(top_offset), animate=False)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()
        self._strips.clear()

    # Geometry -------------------------------------------------------------
    @property
    def layout_lines(self) -> Layout | None:
        return self._layout

    @property
    def top_offset(self) -> int:
        """Offset of the first character on screen (what "position" means to the user)."""
        if not self._layout or not len(self._layout):
            return 0
        return self._layout.lines[min(int(self.scroll_y), len(self._layout) - 1)].start

    def visible_range(self) -> tuple[int, int]:
        """Visual line indices currently on screen."""
        top = int(self.scroll_y)
        return top, top + self.scrollable_content_region.height

    # Cursor ---------------------------------------------------------------
    def move_cursor(self, offset: int, *, center: bool = True, top: bool = False) -> None:
        """Put the cursor at ``offset`` and scroll it into view."""
        self.cursor = max(0, offset)
        if self._layout is None or not len(self._layout):
            return
        line = self._layout.line_of(self.cursor)
        height = self.scrollable_content_region.height or 1
        first, last = self.visible_range()
        if top:
            self.scroll_to(y=line, animate=False)
        elif center:
            self.scroll_to(y=max(line - height // 3, 0), animate=False)
        elif not first <= line < last:
            self.scroll_to(y=line, animate=False)

    def watch_cursor(self, old: int, new: int) -> None:
        self._strips.clear()
        self.refresh()
        self.post_message(self.CursorMoved(new))

    def _keep_cursor_visible(self) -> None:
        """After scrolling, move the cursor to the first sentence on screen if it left."""
        if self._pending_offset is not None:
            return  # the place asked for is not shown yet
        if self._layout is None or not len(self._layout) or self.document is None:
            return
        first, last = self.visible_range()
        line = self._layout.line_of(self.cursor)
        if first <= line < last:
            return
        target = self._layout.lines[min(first if line < first else max(last - 1, 0), len(self._layout) - 1)].start
        sentence = self.document.sentence_at(target)
        self.cursor = sentence.start if sentence and self._layout.line_of(sentence.start) >= first else target

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        self.call_after_refresh(self._keep_cursor_visible)

    # Actions --------------------------------------------------------------
    def action_line_down(self) -> None:
        if self.selecting:
            self._extend_by_sentence(+1)
            return
        self.scroll_to(y=self.scroll_y + 1, animate=False)

    def action_line_up(self) -> None:
        if self.selecting:
            self._extend_by_sentence(-1)
            return
        self.scroll_to(y=self.scroll_y - 1, animate=False)

    def action_page_down(self) -> None:
        self.scroll_to(y=self.scroll_y + max(self.scrollable_content_region.height - 1, 1), animate=False)

    def action_page_up(self) -> None:
        if self.selecting:  # "b" moves back a word while selecting, as in vim
            self._word_backward()
            return
        self.scroll_to(y=self.scroll_y - max(self.scrollable_content_region.height - 1, 1), animate=False)

    def action_top(self) -> None:
        self.move_cursor(0, top=True)

    def action_bottom(self) -> None:
        if self.document is not None:
            self.scroll_to(y=self.max_scroll_y, animate=False)
            last = self.document.sentences[-1].start if self.document.sentences else 0
            self.cursor = last

    def action_next_heading(self) -> None:
        self._jump_heading(forward=True)

    def action_previous_heading(self) -> None:
        self._jump_heading(forward=False)

    def _jump_heading(self, forward: bool) -> None:
        if self.document is None:
            return
        starts = [b.start for b in self.document.blocks if b.kind == "heading"]
        if forward:
            index = bisect_right(starts, self.cursor)
            target = starts[index] if index < len(starts) else None
        else:
            index = bisect_left(starts, self.cursor) - 1
            target = starts[index] if index >= 0 else None
        if target is None:
            self.app.bell()
            return
        self.move_cursor(target, top=True)

    def action_next_sentence(self) -> None:
        self._step_sentence(+1)

    def action_previous_sentence(self) -> None:
        self._step_sentence(-1)

    def _step_sentence(self, step: int) -> None:
        if self.document is None or not self.document.sentences:
            return
        sentences = self.document.sentences
        index = bisect_right(sentences, self.cursor, key=_sentence_start) - 1 + step
        index = min(max(index, 0), len(sentences) - 1)
        self.move_cursor(sentences[index].start, center=False)

    # Selection ------------------------------------------------------------
    @property
    def selecting(self) -> bool:
        return self._selection_anchor is not None

    @property
    def selection(self) -> tuple[int, int] | None:
        """The selected range (start, end), or None."""
        if self._selection_anchor is None or self._selection_head is None:
            return None
        start, end = sorted((self._selection_anchor, self._selection_head))
        return (start, end) if end > start else None

    def select(self, start: int, end: int) -> None:
        self._selection_anchor, self._selection_head = start, end
        self._show_selection()

    def _show_selection(self) -> None:
        selection = self.selection
        if selection is None:
            self.clear_layer("selection")
        else:
            self.set_layer("selection", [Span(*selection, "selection")])
            self.move_cursor(self._selection_head if self._selection_head is not None else selection[0], center=False)

    def _cursor_sentence(self) -> Span | None:
        if self.document is None:
            return None
        sentence = self.document.sentence_at(self.cursor)
        if sentence is None and self.document.sentences:
            starts = [s.start for s in self.document.sentences]
            sentence = self.document.sentences[max(bisect_right(starts, self.cursor) - 1, 0)]
        return sentence

    def action_toggle_selection(self) -> None:
        if self.selecting:
            self.action_cancel_selection()
            return
        sentence = self._cursor_sentence()
        if sentence is not None:
            self.select(sentence.start, sentence.end)

    def action_cancel_selection(self) -> None:
        if self.selecting:
            self._selection_anchor = self._selection_head = None
            self.clear_layer("selection")

    def _extend_to(self, head: int) -> None:
        assert self.document is not None
        self._selection_head = min(max(head, 0), len(self.document.text))
        self._show_selection()

    def _extend_by_sentence(self, step: int) -> None:
        sentences = self.document.sentences
        head = self._selection_head or 0
        anchor = self._selection_anchor or 0
        if step > 0:
            index = bisect_right(sentences, head, key=_sentence_end)
            if index < len(sentences):
                self._extend_to(sentences[index].end)
        else:
            index = bisect_left(sentences, head, key=_sentence_end) - 1
            earlier = sentences[index].end if index >= 0 else anchor
            first = self.document.sentence_at(anchor)  # never shrink below the first sentence
            self._extend_to(max(earlier, first.end if first else anchor))

    def action_word_forward(self) -> None:
        if not self.selecting:
            return
        text = self.document.text
        head = self._selection_head or 0
        match = _NEXT_WORD_END.search(text, head)
        self._extend_to(match.end() if match else len(text))

    def _word_backward(self) -> None:
        text = self.document.text
        head = self._selection_head or 0
        starts = [m.start() for m in _WORD_START.finditer(text, max(0, head - 200), head)]
        self._extend_to(starts[-1] if starts and starts[-1] < head else max(head - 1, 0))

    def action_char_forward(self) -> None:
        if self.selecting:
            self._extend_to((self._selection_head or 0) + 1)

    def action_char_backward(self) -> None:
        if self.selecting:
            self._extend_to((self._selection_head or 0) - 1)

    def _target_range(self) -> tuple[int, int] | None:
        """The selection, or the cursor's sentence when nothing is selected."""
        if self.selection is not None:
            return self.selection
        sentence = self._cursor_sentence()
        return (sentence.start, sentence.end) if sentence else None

    def action_annotate(self) -> None:
        self._request_annotation(with_note=True)

    def action_highlight(self) -> None:
        self._request_annotation(with_note=False)

    def _request_annotation(self, with_note: bool) -> None:
        target = self._target_range()
        if target is None:
            self.app.bell()
            return
        self.post_message(self.AnnotateRequested(*target, with_note=with_note))
        self.action_cancel_selection()

    def action_copy(self) -> None:
        target = self._target_range()
        if target is None or self.document is None:
            return
        text = self.document.text[target[0] : target[1]]
        self.app.copy_to_clipboard(text)
        self.notify(f"Copied {len(text)} characters", timeout=2)
        self.action_cancel_selection()

    def action_copy_link(self) -> None:
        """Links are never opened on the server: show the URL and copy it (OSC 52)."""
        if self.document is None:
            return
        sentence = self._cursor_sentence()
        start, end = (sentence.start, sentence.end) if sentence else (self.cursor, self.cursor + 1)
        links = [s for s in self.spans_of("styles") if s.kind == "link" and s.end > start and s.start < end and s.data]
        notes = [s for s in self.spans_of("styles") if s.kind == "footnote" and s.end > start and s.start < end]
        if notes:  # on a footnote: back to its first reference
            reference = f"#footnote-{notes[0].data}"
            back = next((s for s in self.spans_of("styles") if s.kind == "link" and s.data == reference), None)
            if back is not None:
                self.post_message(self.JumpRequested(back.start))
                return
        if not links:
            self.notify("No link in this sentence", timeout=2)
            return
        url = str(links[0].data)
        if url.startswith("#footnote-"):  # a footnote reference: go to the note
            label = url.removeprefix("#footnote-")
            note = next((s for s in self.spans_of("styles") if s.kind == "footnote" and str(s.data) == label), None)
            if note is not None:
                self.post_message(self.JumpRequested(note.start))
                return
        self.app.copy_to_clipboard(url)
        self.notify(f"Copied {url}", markup=False, timeout=4)

    # Mouse (when the mouse setting is on): drag to select ---------------------
    def offset_at(self, x: int, y: int) -> int | None:
        """The text offset under screen cell (x, y) of this widget."""
        if self._layout is None or not len(self._layout) or self.document is None:
            return None
        index = min(int(self.scroll_y) + y, len(self._layout) - 1)
        line = self._layout.lines[index]
        column = x - self._indent - MARGIN - cell_len(line.prefix)
        offset = line.start
        for character in self.document.text[line.start : line.end]:
            column -= cell_len(character)
            if column < 0:
                break
            offset += 1
        return offset

    def on_mouse_down(self, event: events.MouseDown) -> None:
        offset = self.offset_at(event.x, event.y)
        if offset is not None and event.button == 1:
            self._dragging = True
            self._selection_anchor = self._selection_head = offset
            self.capture_mouse()
            self.cursor = offset

    def on_mouse_move(self, event: events.MouseMove) -> None:
        if self._dragging:
            offset = self.offset_at(event.x, event.y)
            if offset is not None:
                self._selection_head = offset
                selection = self.selection
                self.set_layer("selection", [Span(*selection, "selection")] if selection else [])

    def on_mouse_up(self, event: events.MouseUp) -> None:
        if self._dragging:
            self._dragging = False
            self.release_mouse()
            if self.selection is None:
                self.action_cancel_selection()

    # Rendering ------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        index = int(self.scroll_y) + y
        strip = self._strips.get(index)
        if strip is None:
            strip = self._render_visual_line(index)
            self._strips[index] = strip
        return strip

    def _style(self, name: str) -> Style:
        style = self._styles.get(name)
        if style is None:
            style = self.get_component_rich_style(name, partial=True)
            self._styles[name] = style
        return style

    def _render_visual_line(self, index: int) -> Strip:
        base = self.rich_style
        width = self.scrollable_content_region.width
        layout = self._layout
        if layout is None or self.document is None or index >= len(layout):
            return Strip.blank(width, base)
        line = layout.lines[index]
        indent = self._indent
        segments = [Segment(" " * indent, base)] if indent else []
        segments.append(self._margin(line, index, base))
        block_style = base + self._block_style(line.kind, index)
        if line.prefix:
            segments.append(Segment(line.prefix, block_style + self._style("reader--prefix")))
        position = line.start
        for offset, spaces in line.pads:  # table columns lined up
            segments.extend(self._text_segments(position, offset, index, block_style))
            segments.append(Segment(" " * spaces, block_style))
            position = offset
        segments.extend(self._text_segments(position, line.end, index, block_style))
        # Joining neighbours of one style saves a style change per segment on the wire.
        return Strip(segments).adjust_cell_length(width, base).simplify()

    def _margin(self, line, index: int, base: Style) -> Segment:
        if line.kind != "blank" and line.start <= self.cursor < max(line.end, line.start + 1):
            return Segment("›" + " " * (MARGIN - 1), base + self._style("reader--cursor"))
        annotation = self._line_spans_for(index, "annotation")
        if annotation:
            return Segment("▍" + " " * (MARGIN - 1), base + self._style("reader--annotation-marker"))
        return Segment(" " * MARGIN, base)

    def _block_style(self, kind: str, index: int) -> Style:
        if kind == "heading":
            block = self.document.blocks[self._layout.lines[index].block]
            return self._style("reader--heading-1" if block.level <= 1 else "reader--heading")
        if kind in ("quote", "code", "table"):
            return self._style(f"reader--{kind}")
        return Style()

    def _text_segments(self, start: int, end: int, index: int, base: Style) -> list[Segment]:
        text = self.document.text
        spans = self._spans_on_line(index)
        if not spans:
            return [Segment(text[start:end], base)]
        cuts = {start, end}
        for span in spans:
            cuts.add(min(max(span.start, start), end))
            cuts.add(min(max(span.end, start), end))
        points = sorted(cuts)
        segments = []
        for left, right in zip(points, points[1:]):
            style = base
            for span in spans:
                if span.start <= left and span.end >= right and span.start < span.end:
                    style = style + self._span_style(span)
            segments.append(Segment(text[left:right], style))
        return segments

    def _span_style(self, span: Span) -> Style:
        kind = span.kind
        if kind == "actor":
            return self._style(actor_class(str(span.data)))
        if kind == "annotation":
            colour = span.data if span.data in ANNOTATION_COLOURS else "yellow"
            return self._style(f"reader--annotation-{colour}")
        if kind == "hit" and span.data == "current":
            return self._style("reader--hit-current")
        if kind == "code":  # inline code (code blocks are styled by their block)
            return self._style("reader--code-inline")
        if kind == "cell":  # a table's header cells are bold; the others plain
            header = isinstance(span.data, (tuple, list)) and len(span.data) > 2 and span.data[2]
            return self._style("reader--strong") if header else Style()
        if kind == "footnote":  # a note's own label, where its references lead
            return self._style("reader--link")
        name = f"reader--{kind}"
        if name not in self.COMPONENT_CLASSES:  # a style the reader does not paint
            return Style()
        return self._style(name)

    def _spans_on_line(self, index: int) -> list[Span]:
        """The spans painted on one visual line, in painting order (found by bisection, cached).

        Only the lines drawn are looked at: a document of 5 MB has some 100,000
        mentions, and bucketing them all for every line at once held the event
        loop for half a second after each layer change.
        """
        found = self._line_spans.get(index) if self._line_spans is not None else None
        if found is not None:
            return found
        if self._line_spans is None:
            self._line_spans = {}
            self._layer_index = self._index_layers()
        layout = self._layout
        if layout is None or index >= len(layout):
            return []
        line = layout.lines[index]
        found = []
        if line.kind != "blank":
            left, right = line.start, max(line.end, line.start + 1)
            for name, spans, starts, longest in self._layer_index:
                first = bisect_left(starts, left - longest)
                last = bisect_left(starts, right, lo=first)
                for span in spans[first:last]:
                    if span.end > left:
                        found.append(span if name == "styles" else Span(span.start, span.end, name, span.data))
        self._line_spans[index] = found
        return found

    def _line_spans_for(self, index: int, kind: str) -> list[Span]:
        return [span for span in self._spans_on_line(index) if span.kind == kind]

    def _index_layers(self) -> list[tuple[str, list[Span], list[int], int]]:
        """Per layer, in painting order: its spans sorted by start, their starts and the longest span."""
        index = []
        for name in sorted(self._layers, key=lambda n: LAYER_ORDER.index(n) if n in LAYER_ORDER else 99):
            spans = self._layers[name]
            if not spans:
                continue
            known = self._layer_indexes.get(name)
            if known is not None and known.spans is spans:
                index.append((name, spans, known.starts, known.longest))
                continue
            if name == "styles":
                spans = sorted(spans, key=_sentence_start)
            starts = [span.start for span in spans]
            longest = max(span.end - span.start for span in spans)
            index.append((name, spans, starts, longest))
        return index
