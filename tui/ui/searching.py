"""The app's search behaviour: build the index in a worker, open hits, n/N between matches.

A mixin of ``BriefingApp``. The index is built (or loaded from the cache)
off the event loop once the corpus is loaded; until then the search screen
says it is indexing.
"""

from __future__ import annotations

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
    """Reads and changes the app's ``model`` (AppState): index, matches, jump list."""

    @property
    def search_query(self) -> str:
        return self.matches.query

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
        index = self.search_index
        spans = (index.search_document(self.current, query, facets=self.search_facets)
                 if index and self.current else [])
        self.matches.show(query, spans, at)
        self._show_current_match()

    def clear_matches(self) -> None:
        self.matches.clear()
        self.reader.clear_layer("hit")
        self.update_status()

    def _show_current_match(self) -> None:
        matches = self.matches
        spans = [Span(start, end, "hit", "current" if number == matches.index else None)
                 for number, (start, end) in enumerate(matches.spans)]
        self.reader.set_layer("hit", spans)
        if matches.current is not None:
            self.reader.move_cursor(matches.current[0])
        self.update_status()

    def match_status(self) -> str:
        return self.matches.status()

    def action_next_match(self) -> None:
        self._step_match(+1)

    def action_previous_match(self) -> None:
        self._step_match(-1)

    def _step_match(self, step: int) -> None:
        if not self.matches.spans:
            self.notify("No search: press / to search", timeout=2)
            return
        if self.matches.step(step):
            self.notify("Search wrapped around", timeout=1.5)
        self._show_current_match()

    # Jump list (ctrl+o returns to where you were before a jump) ---------------
    def remember_jump(self) -> None:
        if self.current is not None:
            self.jumps.remember((self.current, self.reader.cursor))

    def remember_panel_jump(self) -> None:
        """Browsing positions or the outline moves the reader: the place before is a jump."""
        if self.current is not None:
            self.jumps.remember_browse((self.current, self.reader.cursor))

    def reader_focused(self) -> None:
        self.jumps.reader_focused()

    def action_jump_back(self) -> None:
        place = self.jumps.back()
        if place is None:
            self.bell()
            return
        document, offset = place
        if document is not self.current:
            self.open_document(document, offset=offset)
        else:
            self.reader.move_cursor(offset)
