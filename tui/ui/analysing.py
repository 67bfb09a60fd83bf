"""The app's analysis behaviour: analyse in a worker, paint actors/issues, fill the panels.

A mixin of ``BriefingApp``. Analysis never delays the first paint: the
document is shown at once and highlights arrive when the worker is done.
"""

from __future__ import annotations

import contextlib
import gc

from textual import work
from textual.binding import Binding
from textual.message import Message
from textual.worker import get_current_worker

from tui.analysis import Analysis
from tui.background import LARGE_DOCUMENT, analyse_in_process
from tui.model.document import Document, Span
from tui.model.sanitize import sanitize
from tui.search.facets import facets_of
from tui.ui.widgets.positions import PositionsView
from tui.ui.widgets.reader import LayerIndex

ANALYSIS_BINDINGS = [
    Binding("A", "toggle_actors", "Actor highlights", show=False, id="app.toggle-actors"),
    Binding("I", "toggle_issues", "Issue underlines", show=False, id="app.toggle-issues"),
]


# Resolved pronouns stay plain; resolved descriptors ("the regime") are painted.
PRONOUNS = frozenset("it its they them their theirs he him his she her hers we our us".split())


def _cached(document: Document) -> bool:
    from tui.analysis.cache import cache_path
    from tui.analysis.gazetteer import default_gazetteer

    return cache_path(document, default_gazetteer().fingerprint).exists()


class AnalysisReady(Message):
    def __init__(self, document: Document, analysis: Analysis | None, error: str | None = None,
                 layers: tuple[LayerIndex, LayerIndex] | None = None) -> None:
        self.document = document
        self.analysis = analysis
        self.error = error
        self.layers = layers  # actor and issue spans, sorted (built in the worker, not on the loop)
        super().__init__()


def analysis_layers(analysis: Analysis) -> tuple[LayerIndex, LayerIndex]:
    """The reader's actor and issue layers, sorted and indexed (in a worker)."""
    actors = [
        Span(m.start, m.end, "actor", actor.id)
        for actor in analysis.actors
        for m in actor.mentions
        if m.text.lower() not in PRONOUNS  # "it" in colour on every line is noise, not help
    ]
    issues = [Span(m.start, m.end, "issue", issue.id) for issue in analysis.issues for m in issue.mentions]
    return LayerIndex(actors), LayerIndex(issues)


class AnalysisMixin:
    """Reads and changes the app's ``model`` (AppState): analyses, facets, layers."""

    @property
    def positions_view(self) -> PositionsView:
        return self.side_panel.positions

    def request_analysis(self, document: Document) -> None:
        self.side_panel.show_pending()
        self.analyse_document(document, self.analyses.get(document.id))

    @work(thread=True, exclusive=True, group="analysis", description="analyse the open document")
    def analyse_document(self, document: Document, analysis: Analysis | None = None) -> None:
        """Analyse (or take the analysis given) and build the reader's layers, off the event loop."""
        from tui.analysis.cache import cached_analysis
        from tui.collector import collector_paused

        try:
            if analysis is None and len(document.text) >= LARGE_DOCUMENT and not _cached(document):
                # Seconds of analysis and a large cache write, away from the event loop's lock;
                # where no process can start, the thread does it below.
                with contextlib.suppress(Exception):
                    analyse_in_process(document)
            with collector_paused():
                if analysis is None:
                    analysis = cached_analysis(document)
                layers = analysis_layers(analysis)
                # Out of the collector's reach before it runs again: its first full pass over
                # a 5 MB document's analysis would hold the event loop for a second.
                gc.freeze()
            self.post_message(AnalysisReady(document, analysis, layers=layers))
        except Exception as error:  # a bad dictionary overlay must not take the reader down
            self.post_message(AnalysisReady(document, None, f"{type(error).__name__}: {error}"))

    @work(thread=True, exclusive=True, group="corpus-analysis", description="analyse the corpus")
    def analyse_corpus(self, documents: list[Document]) -> None:
        """Analyse every document in the background (cached on disk) for search filters.

        What is not cached is analysed in worker processes (see ``cached_analyses``).
        """
        from tui.analysis.cache import cached_analyses
        from tui.search.cache import document_ids  # resolves each folder once, not each file

        worker = get_current_worker()
        # The open document is analysed by its own worker: not twice at once.
        current = self.current.id if self.current is not None else None
        todo = [d for d, doc_id in zip(documents, document_ids(documents))
                if doc_id not in self.analyses and d.id != current]
        for document, analysis, error in cached_analyses(todo, lambda: worker.is_cancelled):
            self.post_message(AnalysisReady(document, analysis, error))

    def search_facets(self, document_id: str) -> dict | None:
        """What ``actor:``, ``issue:`` and ``stance:`` filters look at (None until analysed)."""
        facets = self.model.facets.get(document_id)
        if facets is None:
            analysis = self.analyses.get(document_id)
            if analysis is None:
                return None
            facets = self.model.facets[document_id] = facets_of(analysis)
        return facets

    def on_analysis_ready(self, message: AnalysisReady) -> None:
        if message.analysis is None:
            self.notify(sanitize(f"Could not analyse {message.document.path}: {message.error}"), severity="error",
                        markup=False, timeout=10)
            return
        self.analyses[message.document.id] = message.analysis
        # The analysis lives as long as the app: out of the collector's scans at once (a
        # 5 MB document's 70,000 positions made every full collection a stall).
        self.settle_heap()
        if message.document is self.current and message.layers is not None:
            self.model.layers = (message.document.id, *message.layers)
            self._apply_analysis(message.document, message.analysis)
        elif message.document is self.current:  # from the corpus worker: layers from a thread
            self.analyse_document(message.document, message.analysis)


    def _apply_analysis(self, document: Document, analysis: Analysis) -> None:
        self._paint_analysis()
        self.side_panel.show_analysis(document, analysis)

    def _paint_analysis(self) -> None:
        if self.model.layers is None or self.current is None or self.model.layers[0] != self.current.id:
            return
        _, actors, issues = self.model.layers
        self.reader.set_layer("actor", actors if self.show_actors else [])
        self.reader.set_layer("issue", issues if self.show_issues else [])

    def action_toggle_actors(self) -> None:
        self.show_actors = not self.show_actors
        self._repaint_analysis(f"Actor highlights {'on' if self.show_actors else 'off'}")

    def action_toggle_issues(self) -> None:
        self.show_issues = not self.show_issues
        self._repaint_analysis(f"Issue underlines {'on' if self.show_issues else 'off'}")

    def _repaint_analysis(self, message: str) -> None:
        self._paint_analysis()
        self.notify(message, timeout=1.5)

    # The positions panel asks to show a sentence or a set of mentions.
    def on_positions_view_show_sentence(self, message: PositionsView.ShowSentence) -> None:
        self.remember_panel_jump()
        self.reader.set_layer("mark", [Span(message.start, message.end, "mark")])
        self.reader.move_cursor(message.start)
        if message.focus_reader:
            self.reader.focus()
            if self.is_narrow:
                self.side_panel.add_class("-hidden")

    def on_positions_view_show_mentions(self, message: PositionsView.ShowMentions) -> None:
        self.reader.set_layer("mark", [Span(start, end, "mark") for start, end in message.spans])
        if message.spans:
            self.remember_panel_jump()
            self.reader.move_cursor(message.spans[0][0])
