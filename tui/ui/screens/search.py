"""Corpus search as you type: results grouped by document, matched words marked.

The screen only shows results; the search itself runs in a thread worker
(exclusive, so a new keystroke cancels the previous search) and stale
results are dropped by sequence number.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from tui.model.document import Document
from tui.search.index import SearchIndex
from tui.search.query import parse_query
from tui.ui.keys import HonestBindings
from tui.ui.widgets.positions import plural

DEBOUNCE_SECONDS = 0.04
SNIPPET = 150
RESULT_LIMIT = 60  # passages per page; "more" loads the next page
MORE = "\0more"


class SearchSource(Protocol):
    """What the search screen needs from the app (and nothing else)."""

    @property
    def search_index(self) -> SearchIndex | None: ...

    @property
    def documents_by_id(self) -> dict[str, Document]: ...

    def search_facets(self, document_id: str) -> dict | None: ...

    def query_warnings(self, query: str) -> list[str]: ...


@dataclass(frozen=True)
class SearchResult:
    """What the screen returns: where to go and what to highlight."""

    document: Document
    start: int
    query: str


def snippet(text: str, start: int, end: int, matches: list[tuple[int, int]], width: int = SNIPPET) -> Text:
    """A one-line excerpt of ``text[start:end]`` around the first match, matches in bold reverse."""
    first = next((m for m in matches if start <= m[0] < end), (start, start))
    width -= 2  # room for the ellipses
    left = max(start, first[0] - width // 3)
    right = min(end, left + width)
    excerpt = text[left:right].replace("\n", " ").replace("\t", " ")  # one-for-one, offsets stay
    line = Text(("…" if left > start else "") + excerpt + ("…" if right < end else ""),
                no_wrap=True, overflow="ellipsis")
    shift = 1 if left > start else 0
    for match_start, match_end in matches:
        if match_end > left and match_start < right:
            line.stylize("bold reverse", max(match_start, left) - left + shift, min(match_end, right) - left + shift)
    return line


class SearchScreen(HonestBindings, ModalScreen[SearchResult | None]):
    BINDINGS = [
        Binding("escape", "close", "Back to where you were", id="search.close"),
        Binding("ctrl+t", "toggle_scope", "Corpus / this document", id="search.scope"),
    ]

    DEFAULT_CSS = """
    SearchScreen { align: center top; }
    SearchScreen > Vertical { width: 110; max-width: 100%; height: 100%; border: round $accent; background: $panel; }
    SearchScreen Input { border: none; height: 1; background: $boost; }
    SearchScreen #search-status { height: 1; color: $text-muted; padding: 0 1; }
    SearchScreen OptionList { height: 1fr; border: none; }
    """

    class Results(Message):
        def __init__(self, sequence: int, options: list[Option], targets: dict[str, tuple[Document, int]],
                     status: str) -> None:
            self.sequence = sequence
            self.options = options
            self.targets = targets
            self.status = status
            super().__init__()

    def __init__(self, source: SearchSource, *, current: Document | None, history: list[str],
                 document_only: bool = False, remember=None) -> None:
        super().__init__()
        self.provider = source
        self.current = current
        self.history = history
        self.remember = remember  # called with each query searched (for ↑ next time)
        self.limit = RESULT_LIMIT
        self.history_index = -1
        self.document_only = document_only and current is not None
        self.sequence = 0
        self.targets: dict[str, tuple[Document, int]] = {}
        self._debounce: Timer | None = None

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Input(placeholder=self._placeholder(), id="search-input")
            yield Static("", id="search-status")
            yield OptionList(id="search-results")

    def _placeholder(self) -> str:
        scope = f"in “{self.current.title}”" if self.document_only and self.current else "all briefings"
        return f"search {scope} — words, \"phrase\", 'exact, !not, a | b, ^title · ctrl+t scope"

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        self._set_status("Type to search. ↑ recalls recent searches.")

    def _set_status(self, status: str) -> None:
        self.query_one("#search-status", Static).update(Text(status))

    # Typing ---------------------------------------------------------------
    @on(Input.Changed, "#search-input")
    def _changed(self, event: Input.Changed) -> None:
        if self._debounce is not None:
            self._debounce.stop()
        self._debounce = self.set_timer(DEBOUNCE_SECONDS, self._start_search)

    @property
    def snippet_width(self) -> int:
        """One line of the results list per passage, as in fzf."""
        width = self.query_one(OptionList).scrollable_content_region.width or 76
        return max(width - 2, 30)

    def _start_search(self, keep_limit: bool = False) -> None:
        self.sequence += 1
        if not keep_limit:
            self.limit = RESULT_LIMIT
        query = self.query_one(Input).value
        if not query.strip():
            self.query_one(OptionList).clear_options()
            self._set_status("Type to search.")
            return
        self.run_search(self.sequence, query)

    @work(thread=True, exclusive=True, group="search")
    def run_search(self, sequence: int, query: str) -> None:
        worker = get_current_worker()
        index = self.provider.search_index
        if index is None:
            self.post_message(self.Results(sequence, [], {}, "Indexing the corpus… results appear when it is ready."))
            return
        warnings = self.provider.query_warnings(query)
        if self.document_only and self.current is not None:
            options, targets, status = self._document_results(index, query)
        else:
            results = index.search_counted(query, limit=self.limit, should_stop=lambda: worker.is_cancelled,
                                           facets=self.provider.search_facets)
            if worker.is_cancelled:
                return
            options, targets, status = self._corpus_results(results, parse_query(query))
        if warnings:
            status = " · ".join(warnings) + " · " + status
        self.post_message(self.Results(sequence, options, targets, status))

    def _corpus_results(self, results, query) -> tuple[list[Option], dict, str]:
        """Passages grouped by briefing: those matching every word, a rule, then the rest."""
        hits = results.hits
        documents = self.provider.documents_by_id
        options: list[Option] = []
        targets: dict[str, tuple[Document, int]] = {}
        words = sum(1 for _ in query.clauses)
        complete = [hit for hit in hits if hit.complete]
        partial = [hit for hit in hits if not hit.complete]
        sections = [complete]
        if partial:
            sections.append(partial)
        briefings: set[str] = set()
        for number_section, section in enumerate(sections):
            if number_section == 1:
                rule = "only some of the words below" if complete else "no passage holds every word; some of them below"
                options.append(Option(Text(f"── {rule} ──", style="dim"), disabled=True))
            groups: dict[str, list] = {}
            for hit in section:
                groups.setdefault(hit.doc_id, []).append(hit)
            for doc_id, doc_hits in groups.items():
                document = documents.get(doc_id)
                if document is None:
                    continue
                briefings.add(doc_id)
                header = Text(document.title, style="bold", no_wrap=True, overflow="ellipsis")
                if document.meta.date:
                    header.append(f"  {document.meta.date}", style="dim")
                options.append(Option(header, disabled=True))
                for hit in doc_hits:
                    key = f"{len(targets)}"
                    targets[key] = (document, hit.matches[0][0] if hit.matches else hit.start)
                    line = Text("  ", no_wrap=True, overflow="ellipsis")
                    if hit.in_title and hit.start == hit.end:  # a title outside the text (front matter)
                        line.append(document.title, style="italic")
                    else:
                        line.append_text(snippet(document.text, hit.start, hit.end, hit.matches,
                                                 self.snippet_width - 2))
                    options.append(Option(line, id=key))
        if not hits:
            return options, targets, "No matches."
        total = f"{results.total:,}{'+' if not results.exact else ''}"
        status = f"{plural(len(hits), 'passage')} in {plural(len(briefings), 'briefing')}"
        if results.more:
            status = f"{len(hits):,} of {total} passages in {plural(len(briefings), 'briefing')} so far"
            options.append(Option(Text(f"▾ show {RESULT_LIMIT} more (enter)", style="bold"), id=MORE))
        if words > 1:
            status += f" · every word in {plural(results.complete, 'passage')}"
        return options, targets, status

    def _document_results(self, index, query: str) -> tuple[list[Option], dict, str]:
        document = self.current
        matches = index.search_document(document, query, facets=self.provider.search_facets)
        options: list[Option] = []
        targets: dict[str, tuple[Document, int]] = {}
        for number, (start, end) in enumerate(matches[:500]):
            sentence = document.sentence_at(start)
            left, right = (sentence.start, sentence.end) if sentence else (start, end)
            key = f"match\0{number}"
            targets[key] = (document, start)
            options.append(Option(snippet(document.text, left, right, [(start, end)], self.snippet_width), id=key))
        status = (f"{plural(len(matches), 'match', 'matches')} in this briefing" if matches
                  else "No matches in this briefing.")
        if len(matches) > 500:
            status += " (the first 500 listed)"
        return options, targets, status

    def on_search_screen_results(self, message: Results) -> None:
        if message.sequence != self.sequence:
            return  # a newer query has been typed since
        results = self.query_one(OptionList)
        keep = results.highlighted if self.limit > RESULT_LIMIT else None  # "more" keeps the place
        results.clear_options()
        results.add_options(message.options)
        self.targets = message.targets
        first = next((i for i, option in enumerate(message.options) if not option.disabled), None)
        if keep is not None and keep < len(message.options):
            results.highlighted = keep
        elif first is not None:
            results.highlighted = first
        self._set_status(message.status)
        self.searched = self.query_one(Input).value

    # Choosing -------------------------------------------------------------
    @on(Input.Submitted, "#search-input")
    def _submitted(self) -> None:
        results = self.query_one(OptionList)
        if results.highlighted is not None:
            self._choose(results.get_option_at_index(results.highlighted).id)

    @on(OptionList.OptionSelected, "#search-results")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._choose(event.option.id)

    def _choose(self, key: str | None) -> None:
        if key == MORE:
            self.limit += RESULT_LIMIT
            self._start_search(keep_limit=True)
            return
        target = self.targets.get(key or "")
        if target is not None:
            self.dismiss(SearchResult(target[0], target[1], self.query_one(Input).value))

    def on_key(self, event) -> None:
        search_input = self.query_one(Input)
        results = self.query_one(OptionList)
        if search_input.has_focus and event.key == "down":
            results.focus()
            event.stop()
        elif search_input.has_focus and event.key == "up" and self.history:
            self.history_index = min(self.history_index + 1, len(self.history) - 1)
            search_input.value = self.history[self.history_index]
            search_input.cursor_position = len(search_input.value)
            event.stop()
        elif results.has_focus and event.key == "up" and results.highlighted in (None, 0, 1):
            search_input.focus()
            event.stop()
        elif results.has_focus and event.is_printable:
            search_input.focus()
            search_input.value += event.character
            search_input.cursor_position = len(search_input.value)
            event.stop()

    def action_toggle_scope(self) -> None:
        if self.current is None:
            return
        self.document_only = not self.document_only
        self.query_one(Input).placeholder = self._placeholder()
        self._start_search()

    def action_close(self) -> None:
        if self.remember is not None and self.searched.strip():
            self.remember(self.searched)  # ↑ recalls it next time, opened or not
        self.dismiss(None)
