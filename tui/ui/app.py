"""The briefing app: owns the state; widgets show it, workers compute it."""

from __future__ import annotations

import argparse
import asyncio
import gc
import signal
import threading
import time
from pathlib import Path

from rich.text import Text
from textual import events, on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Footer, Static

from tui import paths
from tui.config.state import ReadingState
from tui.model.corpus import Problem, discover
from tui.model.document import Document
from tui.model.sanitize import sanitize, sanitize_line
from tui.ui.analysing import ANALYSIS_BINDINGS, AnalysisMixin
from tui.ui.annotating import ANNOTATION_BINDINGS, AnnotationsMixin
from tui.ui.commands import BriefingCommands, choose_theme
from tui.ui.keys import HonestScreen
from tui.ui.screens.help import HelpScreen, binding_rows
from tui.ui.searching import SEARCH_BINDINGS, SearchMixin
from tui.ui.state import AppState, state_property
from tui.ui.themes import reader_variable_defaults
from tui.ui.widgets.doclist import DocumentList
from tui.ui.widgets.reader import ReadingPane
from tui.ui.widgets.sidepanel import SidePanel

NARROW_WIDTH = 110  # below this, side panels float over the reader
SIDE_WIDTH = 44
WIDE_WIDTH, WIDE_SIDE_WIDTH = 200, 64  # a large terminal gives the positions more room
LOAD_BATCH = 250  # documents per message to the app, or whatever loaded in BATCH_SECONDS
BATCH_SECONDS = 0.25
# The loader posts a batch only once the app has taken the previous one (it keeps loading
# meanwhile, up to this many): a queue of batches would hold the event loop for all of them.
MAX_BATCH = 1000


def start_process_tracker() -> None:
    """Start multiprocessing's resource tracker while stderr is still a real file.

    Once the app runs, Textual captures stderr (it has no file descriptor
    then) and the tracker, started with the first worker process, fails:
    "bad value(s) in fds_to_keep". Every worker process (the corpus analysis,
    a large document's analysis) would then fail and its work fall back to a
    thread that holds the event loop's interpreter lock.
    """
    try:
        from multiprocessing import resource_tracker

        resource_tracker.ensure_running()
    except Exception:  # no processes on this system: the threads do the work
        pass


class CorpusBatch(Message):
    """A worker loaded some documents (and met some problems)."""

    def __init__(self, documents: list[Document], problems: list[Problem], done: bool,
                 ids: list[str] | None = None) -> None:
        self.documents = documents
        self.problems = problems
        self.done = done
        self.ids = ids  # each document's id, worked out by the loader (resolving paths costs)
        super().__init__()


class BriefingApp(AnalysisMixin, SearchMixin, AnnotationsMixin, App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "briefing"
    ENABLE_COMMAND_PALETTE = True
    COMMANDS = App.COMMANDS | {BriefingCommands}

    BINDINGS = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("question_mark", "help", "Help", id="app.help"),
        Binding("d", "toggle_documents", "Documents", id="app.toggle-documents"),
        Binding("p", "toggle_side", "Panel", id="app.toggle-side"),
        Binding("tab", "focus_next", "Next pane", show=False, id="app.focus-next"),
        Binding("shift+tab", "focus_previous", "Previous pane", show=False, id="app.focus-previous"),
        Binding("ctrl+p", "command_palette", "Commands", show=False, priority=True, id="app.command-palette"),
        *SEARCH_BINDINGS,
        *ANALYSIS_BINDINGS,
        *ANNOTATION_BINDINGS,
    ]

    def __init__(self, paths_to_open: list[Path] | None = None, *, state: ReadingState | None = None) -> None:
        super().__init__()
        start_process_tracker()
        self.model = AppState(state if state is not None else ReadingState.load(),
                              list(paths_to_open or [paths.seeds_dir()]))
        # A file named on the command line is what the user wants to read: the list starts closed.
        self._asked_for_file = any(Path(p).is_file() for p in paths_to_open or [])
        self._opened_initial = False
        self._batch_taken = threading.Event()  # the app took the loader's last batch
        self._title = Text("briefing")

    # The state (one typed object; these names read and write it) -----------
    state = state_property("reading", "What is remembered between runs (ReadingState)")
    corpus_paths = state_property("corpus_paths")
    documents = state_property("documents")
    documents_by_id = state_property("documents_by_id")
    problems = state_property("problems")
    current = state_property("current")
    analyses = state_property("analyses")
    search_index = state_property("search_index")
    store = state_property("store")
    jumps = state_property("jumps")
    matches = state_property("matches")
    show_actors = state_property("show_actors")
    show_issues = state_property("show_issues")

    # Layout ---------------------------------------------------------------
    def get_default_screen(self) -> HonestScreen:
        return HonestScreen(id="_default")

    def compose(self) -> ComposeResult:
        yield Static(Text("briefing"), id="title-bar")
        with Horizontal(id="main"):
            yield DocumentList(id="documents")
            yield ReadingPane(id="reader")
            yield SidePanel(id="side")
        yield Footer()

    @property
    def reader(self) -> ReadingPane:
        return self.query_one("#reader", ReadingPane)

    @property
    def document_list(self) -> DocumentList:
        return self.query_one("#documents", DocumentList)

    @property
    def side_panel(self) -> SidePanel:
        return self.query_one("#side", SidePanel)

    def on_mount(self) -> None:
        self.reader.set_class(self.current_theme.ansi, "-ansi")
        self._apply_width(self.size.width)
        if self.is_narrow:
            self.side_panel.add_class("-hidden")
        self.document_list.options.focus()
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        self.open_annotation_store()
        self.load_corpus()
        self._exit_on_hangup()

    def _exit_on_hangup(self) -> None:
        """SIGHUP (the terminal or the SSH connection went away) and SIGTERM end the app as
        'q' does, so the reading state is saved and the terminal restored."""
        if self.is_headless:
            return
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGHUP, signal.SIGTERM):
            try:
                loop.add_signal_handler(signum, self.exit)
            except (NotImplementedError, RuntimeError, ValueError):  # not the main thread, or no signals
                pass

    def on_resize(self, event: events.Resize) -> None:
        self._apply_width(event.size.width)
        self.update_status(event.size.width)  # the title bar is padded to the width

    def _apply_width(self, width: int) -> None:
        narrow = width < NARROW_WIDTH
        self.screen.set_class(narrow, "-narrow")
        side = self.side_panel
        # Narrow: the panel is a drawer along the bottom, the full width; the reader keeps the top.
        side.styles.width = None if narrow else (WIDE_SIDE_WIDTH if width >= WIDE_WIDTH else SIDE_WIDTH)
        panel_width = width if narrow else (WIDE_SIDE_WIDTH if width >= WIDE_WIDTH else SIDE_WIDTH)
        side.set_label_width(panel_width - 4)  # border and scrollbar

    @property
    def is_narrow(self) -> bool:
        return self.size.width < NARROW_WIDTH

    # Loading --------------------------------------------------------------
    @work(thread=True, exclusive=True, group="corpus")
    def load_corpus(self) -> None:
        """Load documents in batches so the list fills while the rest loads.

        Parsed documents come from the document cache when their file is
        unchanged; the cache is written after the last batch is posted.
        """
        from tui.loaders import LoadError
        from tui.model.cache import DocumentCache

        cache = DocumentCache()
        taken = self._batch_taken
        taken.set()
        problems: list[Problem] = []
        files = discover(self.corpus_paths, problems)
        batch: list[Document] = []
        ids: list[str] = []
        posted = time.monotonic()
        for file in files:
            try:
                document = cache.load(file)
                batch.append(document)
                ids.append(cache.key(document.path))
                problems.extend(Problem(file, message) for message in document.problems)
            except LoadError as error:
                problems.append(Problem(file, str(error), fatal=True))
            if len(batch) >= MAX_BATCH:
                taken.wait(1.0)
            if (len(batch) >= LOAD_BATCH or (batch and time.monotonic() - posted > BATCH_SECONDS)) and taken.is_set():
                taken.clear()
                self.post_message(CorpusBatch(batch, problems, done=False, ids=ids))
                batch, problems, ids, posted = [], [], [], time.monotonic()
        self.post_message(CorpusBatch(batch, problems, done=True, ids=ids))
        cache.save()

    def on_corpus_batch(self, message: CorpusBatch) -> None:
        self.documents.extend(message.documents)
        ids = message.ids if message.ids is not None else [d.id for d in message.documents]
        self.documents_by_id.update(zip(ids, message.documents))
        self.document_list.add_documents(message.documents)
        for problem in message.problems:
            self.problems.append(problem)
            self.notify(str(problem), title="Could not load" if problem.fatal else "Warning",
                        severity="error" if problem.fatal else "warning", markup=False, timeout=8)
        if not self._opened_initial:
            self._open_remembered(message.done)
        self.settle_heap()
        if message.done and self.documents:
            self.build_search_index(list(self.documents))
        if message.done and not self.documents:
            self.reader.show(None)
            self._set_title(Text("No briefings found in " + ", ".join(map(str, self.corpus_paths))))
        self._batch_taken.set()

    def _open_remembered(self, done: bool) -> None:
        remembered = self.documents_by_id.get(self.state.last_document or "")
        if remembered is None and self.state.last_document and not done:
            return  # it may be in a later batch
        document = remembered or (self.documents[0] if self.documents else None)
        if document is not None:
            self._opened_initial = True
            alone = done and len(self.documents) == 1
            self.open_document(document, focus=remembered is not None or alone or self._asked_for_file)

    def notify(self, message: str, *, title: str = "", **options) -> None:  # type: ignore[override]
        """Every notification passes the sanitiser: messages quote file names and documents."""
        super().notify(sanitize(str(message)), title=sanitize_line(str(title)), **options)

    # Documents ------------------------------------------------------------
    def open_document(self, document: Document, offset: int | None = None, focus: bool = True) -> None:
        if document is not self.current:
            self.clear_matches()
        self.current = document
        start = offset if offset is not None else self.state.positions.get(document.id, 0)
        self.reader.show(document, min(start, len(document.text)))
        self.side_panel.show_outline(document)
        self.reader.clear_layer("mark")
        self.request_analysis(document)
        self.refresh_annotations()
        self.document_list.select(document)
        self._set_title(Text(document.title))
        self.state.remember(document.id, start)
        if focus:
            self.reader.focus()
            if self.is_narrow:
                self.document_list.add_class("-hidden")

    def _set_title(self, title: Text) -> None:
        # Titles come from documents: sanitised at load, checked again here (one line, no controls).
        title.plain = sanitize_line(title.plain)
        self._title = title
        self.update_status()

    def update_status(self, screen_width: int | None = None) -> None:
        """The title bar: the document's title, then match counter and position on the right."""
        status = self.match_status()
        if self.current is not None and self.current.text:
            status += f"  {100 * self.reader.cursor // len(self.current.text)}%"
        width = max((screen_width or self.size.width) - 2, 20)
        title = self._title.copy()
        title.truncate(max(width - len(status) - 1, 10), overflow="ellipsis")
        title.pad_right(width - title.cell_len - len(status))
        title.append(status, style="bold")
        self.query_one("#title-bar", Static).update(title)

    @on(ReadingPane.CursorMoved)
    def _remember_position(self, message: ReadingPane.CursorMoved) -> None:
        if self.current is not None:
            self.state.remember(self.current.id, message.offset)
            self.update_status()

    @on(DocumentList.Chosen)
    def _document_chosen(self, message: DocumentList.Chosen) -> None:
        self.open_document(message.document)

    @on(DocumentList.Leave)
    def _leave_documents(self) -> None:
        if self.current is None:
            return
        self.reader.focus()
        if self.is_narrow:
            self.document_list.add_class("-hidden")

    @on(SidePanel.Leave)
    def _leave_side_panel(self) -> None:
        self.reader.focus()
        if self.is_narrow:
            self.side_panel.add_class("-hidden")

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if event.widget is self.reader:
            self.reader_focused()

    @on(ReadingPane.JumpRequested)
    def _reader_jump(self, message: ReadingPane.JumpRequested) -> None:
        self.remember_jump()
        self.reader.move_cursor(message.offset)

    @on(SidePanel.Jump)
    def _jump(self, message: SidePanel.Jump) -> None:
        self.remember_panel_jump()
        self.reader.move_cursor(message.start)
        self.reader.focus()
        if self.is_narrow:
            self.side_panel.add_class("-hidden")

    # Actions --------------------------------------------------------------
    def action_toggle_documents(self) -> None:
        self._toggle(self.document_list, self.document_list.options)

    def action_toggle_side(self) -> None:
        self._toggle(self.side_panel, self.side_panel)
        if not self.side_panel.has_class("-hidden"):
            self.side_panel.focus_content()

    def _toggle(self, panel, focus_target) -> None:
        hidden = panel.has_class("-hidden")
        panel.set_class(not hidden, "-hidden")
        if hidden:
            focus_target.focus()
        elif panel.has_focus_within or self.focused is None:
            self.reader.focus()

    def action_help(self) -> None:
        from tui.search import syntax_help
        from tui.ui.screens.search import SearchScreen
        from tui.ui.widgets.annotations import AnnotationList

        sections = [
            ("Reading", ReadingPane.BINDINGS),
            ("Everywhere", self.BINDINGS),
            ("Document list", DocumentList.BINDINGS),
            ("Side panel", SidePanel.BINDINGS),
            ("Search box", SearchScreen.BINDINGS),
            ("Annotation lists", AnnotationList.BINDINGS),
        ]
        keymap = dict(getattr(self, "_keymap", {}) or {})
        self.push_screen(HelpScreen(binding_rows(sections, keymap), extra=syntax_help()))

    def settle_heap(self) -> None:
        """Take what the app holds (documents, index, analyses) out of the cyclic collector's scans.

        They live as long as the app and hold no garbage cycles, yet every
        full collection walked them all: with 10,000 documents that stalled
        the event loop for up to a second. Undone when the app ends.
        """
        gc.freeze()

    def on_unmount(self) -> None:
        gc.unfreeze()
        try:
            self.state.save()
        except OSError as error:  # never lose the session over the state file
            print(f"briefing: could not save reading state: {error}")

    # Themes: reader colours have defaults under any theme; the picker previews.
    def get_theme_variable_defaults(self) -> dict[str, str]:
        return {**super().get_theme_variable_defaults(), **reader_variable_defaults()}

    def _remember_theme(self, theme) -> None:
        self.state.theme = theme.name

    def action_change_theme(self) -> None:
        choose_theme(self)

    # The palette lists our own "Theme: Choose", "App: Quit" and "Help: Show keys"; Textual's
    # system commands of the same purpose would show each twice.
    _DUPLICATE_SYSTEM_COMMANDS = frozenset({"Theme", "Quit", "Keys"})

    def get_system_commands(self, screen):
        for command in super().get_system_commands(screen):
            if command.title not in self._DUPLICATE_SYSTEM_COMMANDS:
                yield command

    def watch_theme(self, theme_name: str) -> None:
        # ANSI themes paint annotations differently (a background of the terminal's own
        # colours would hide text of the same colour): see ReadingPane's CSS.
        if self._is_mounted:
            self.reader.set_class(self.current_theme.ansi, "-ansi")


def apply_remembered_theme(args: argparse.Namespace, startup, state: ReadingState) -> None:
    """The theme last chosen in the app wins unless --theme or the config names one."""
    if not getattr(args, "theme", None) and not startup.config.theme and state.theme in startup.theme_names:
        startup.theme = state.theme


def run_app(args: argparse.Namespace) -> int:
    from tui.ui.themes import configure, prepare

    startup = prepare(args)  # config and themes; may set BRIEFING_HOME
    state = ReadingState.load()
    apply_remembered_theme(args, startup, state)
    app = BriefingApp(list(args.paths) or startup.paths or None, state=state)
    configure(app, startup)
    app.run(mouse=startup.config.mouse)
    # A crash inside the app (an exception in a handler or a worker) must not look like success.
    return app.return_code or 0
