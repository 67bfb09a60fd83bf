"""The app's search behaviour: build the index in a worker, open hits, n/N between matches.

A mixin of ``BriefingApp``. The index is built (or loaded from the cache)
off the event loop once the corpus is loaded; until then the search screen
says it is indexing.
"""

from __future__ import annotations

from bisect import bisect_right

from textual import work
from textual.binding import Binding
from textual.message import Message

from tui.model.document import Document, Span
from tui.ui.screens.search import SearchResult, SearchScreen

SEARCH_BINDINGS = [
    Binding("slash,ctrl+f", "search", "Search", id="app.search"),
    Binding("s", "search_document", "Search this document", show=False, id="app.search-document"),
    Binding("n", "next_match", "Next match", show=False, id="app.next-match"),
    Binding("N", "previous_match", "Previous match", show=False, id="app.previous-match"),
    Binding("ctrl+o", "jump_back", "Jump back", show=False, id="app.jump-back"),
]


class IndexReady(Message):
    def __init__(self, index, seconds: float) -> None:
        self.index = index
        self.seconds = seconds
        super().__init__()


class SearchMixin:
    search_index = None
    search_query: str = ""
    _matches: list[tuple[int, int]]
    _match_index: int = -1
    _jumps: list[tuple[Document, int]]

    def init_search(self) -> None:
        self._matches, self._jumps = [], []
        self.documents_by_id: dict[str, Document] = {}

    @work(thread=True, exclusive=True, group="index", description="build the search index")
    def build_search_index(self, documents: list[Document]) -> None:
        import time

        from tui.search.cache import load_or_build

        started = time.perf_counter()
        index = load_or_build(documents)
        self.post_message(IndexReady(index, time.perf_counter() - started))

    def on_index_ready(self, message: IndexReady) -> None:
        self.search_index = message.index
        self.settle_heap()
        self.analyse_corpus(list(self.documents))  # for actor:/issue:/stance: filters

    # Opening the search screen ----------------------------------------------
    def action_search(self) -> None:
        self._open_search(document_only=False)

    def action_search_document(self) -> None:
        self._open_search(document_only=True)

    def _open_search(self, document_only: bool) -> None:
        screen = SearchScreen(self, current=self.current, history=self.state.searches, document_only=document_only,
                              remember=self.state.remember_search)
        self.push_screen(screen, self._search_chosen)

    _known_filter_values: dict[str, set[str]] | None = None

    def query_warnings(self, query: str) -> list[str]:
        """Malformed dates and filter values no dictionary knows, shown above the results."""
        from tui.search.query import filter_warnings, parse_query

        if self._known_filter_values is None:
            from tui.analysis.lexicon import load_lexicon
            from tui.analysis.model import STANCES

            try:
                lexicon = load_lexicon()
                known = {"actor": set(lexicon.actors), "issue": set(lexicon.issues), "stance": set(STANCES)}
            except Exception:  # a broken overlay is reported elsewhere; no warnings then
                known = {}
            self._known_filter_values = known
        return filter_warnings(parse_query(query), self._known_filter_values)

    def _search_chosen(self, result: SearchResult | None) -> None:
        if result is None:
            return
        self.state.remember_search(result.query)
        self.remember_jump()
        if result.document is not self.current:
            self.open_document(result.document, offset=result.start)
        self.show_matches(result.query, at=result.start)
        self.reader.focus()

    # Matches in the open document -------------------------------------------
    def show_matches(self, query: str, at: int) -> None:
        self.search_query = query
        index = self.search_index
        self._matches = (index.search_document(self.current, query, facets=self.search_facets)
                         if index and self.current else [])
        starts = [start for start, _ in self._matches]
        self._match_index = max(bisect_right(starts, at) - 1, 0) if self._matches else -1
        self._show_current_match()

    def clear_matches(self) -> None:
        self._matches, self._match_index, self.search_query = [], -1, ""
        self.reader.clear_layer("hit")
        self.update_status()

    def _show_current_match(self) -> None:
        spans = [Span(start, end, "hit", "current" if number == self._match_index else None)
                 for number, (start, end) in enumerate(self._matches)]
        self.reader.set_layer("hit", spans)
        if 0 <= self._match_index < len(self._matches):
            self.reader.move_cursor(self._matches[self._match_index][0])
        self.update_status()

    def match_status(self) -> str:
        if not self.search_query:
            return ""
        if not self._matches:
            return f"/{self.search_query}: no matches here"
        return f"/{self.search_query} {self._match_index + 1}/{len(self._matches)}"

    def action_next_match(self) -> None:
        self._step_match(+1)

    def action_previous_match(self) -> None:
        self._step_match(-1)

    def _step_match(self, step: int) -> None:
        if not self._matches:
            self.notify("No search: press / to search", timeout=2)
            return
        self._match_index = (self._match_index + step) % len(self._matches)
        if (step > 0 and self._match_index == 0) or (step < 0 and self._match_index == len(self._matches) - 1):
            self.notify("Search wrapped around", timeout=1.5)
        self._show_current_match()

    # Jump list (ctrl+o returns to where you were before a jump) ---------------
    def remember_jump(self) -> None:
        if self.current is not None:
            place = (self.current, self.reader.cursor)
            if not self._jumps or self._jumps[-1] != place:
                self._jumps.append(place)
            del self._jumps[:-50]

    _panel_moved = False  # the side panel moved the reader since the reader last had the focus

    def remember_panel_jump(self) -> None:
        """Browsing positions or the outline moves the reader: the place before is a jump."""
        if not self._panel_moved:
            self.remember_jump()
            self._panel_moved = True

    def reader_focused(self) -> None:
        self._panel_moved = False

    def action_jump_back(self) -> None:
        if not self._jumps:
            self.bell()
            return
        document, offset = self._jumps.pop()
        if document is not self.current:
            self.open_document(document, offset=offset)
        else:
            self.reader.move_cursor(offset)
