"""The side panel: tabs for positions, actors, issues, annotations and the outline.

The panel owns its lists: the app hands it an analysis, anchors or a
document and hears back through messages (Jump, ShowSentence, ShowMentions,
Leave); it never reaches into the lists itself.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import OptionList, TabbedContent, TabPane
from textual.widgets.option_list import Option

from tui.analysis import Analysis
from tui.annotations import Anchor
from tui.model.document import Document
from tui.ui.widgets.annotations import AnnotationList
from tui.ui.widgets.positions import PositionsView, fill_counts

MAX_OUTLINE = 1_000  # headings listed (a generated 5 MB document has 16,000)
TAB_ORDER = ("tab-positions", "tab-actors", "tab-issues", "tab-annotations", "tab-outline")


class SidePanel(Vertical):
    """Lists that point into the document; choosing an entry asks to jump there."""

    BINDINGS = [
        Binding("greater_than_sign", "next_tab", "Next tab", id="side.next-tab"),
        Binding("less_than_sign", "previous_tab", "Previous tab", id="side.previous-tab"),
        Binding("escape", "escape", "Clear filter / leave", id="side.escape"),
    ]

    class Jump(Message):
        """Scroll the reading pane to ``start`` (and mark ``start..end``)."""

        def __init__(self, start: int, end: int | None = None) -> None:
            self.start = start
            self.end = end
            super().__init__()

    class Leave(Message):
        """Escape with no filter to clear: give the focus back to the reader."""

    def compose(self) -> ComposeResult:
        with TabbedContent(id="side-tabs"):
            with TabPane("Positions", id="tab-positions"):
                yield PositionsView(id="positions-view")
            with TabPane("Actors", id="tab-actors"):
                yield OptionList(id="actors-list")
            with TabPane("Issues", id="tab-issues"):
                yield OptionList(id="issues-list")
            with TabPane("Annotations", id="tab-annotations"):
                yield AnnotationList(id="annotations-list")
            with TabPane("Outline", id="tab-outline"):
                yield OptionList(id="outline-list")

    # What the app hands the panel -------------------------------------------------
    @property
    def positions(self) -> PositionsView:
        return self.query_one(PositionsView)

    @property
    def annotations(self) -> AnnotationList:
        return self.query_one("#annotations-list", AnnotationList)

    def show_pending(self) -> None:
        self.positions.show_pending()

    def show_analysis(self, document: Document, analysis: Analysis) -> None:
        self.positions.show_analysis(document, analysis)
        fill_counts(self.query_one("#actors-list", OptionList), self.query_one("#issues-list", OptionList),
                    analysis)

    def show_anchors(self, anchors: list[Anchor]) -> None:
        self.annotations.show_anchors(anchors)

    def set_label_width(self, width: int) -> None:
        """How wide a position's lines may be (the panel's width, known before it is shown)."""
        self.positions.set_label_width(width)

    # Keys ---------------------------------------------------------------------------
    def action_next_tab(self) -> None:
        self._step_tab(+1)

    def action_previous_tab(self) -> None:
        self._step_tab(-1)

    def action_escape(self) -> None:
        """Escape clears the positions filter; with none, it leaves the panel."""
        if self.positions.clear_filter():
            if self.tabs.active == "tab-positions":
                self.focus_content()
            return
        self.post_message(self.Leave())

    def _step_tab(self, step: int) -> None:
        index = TAB_ORDER.index(self.tabs.active) if self.tabs.active in TAB_ORDER else 0
        self.tabs.active = TAB_ORDER[(index + step) % len(TAB_ORDER)]
        self.focus_content()

    def focus_content(self) -> None:
        """Focus the list of the active tab (not the tab bar)."""
        pane = self.tabs.active_pane
        if pane is not None:
            for widget in pane.query("*"):
                if widget.focusable:
                    widget.focus()
                    return

    @property
    def tabs(self) -> TabbedContent:
        return self.query_one("#side-tabs", TabbedContent)

    def show_outline(self, document: Document | None) -> None:
        outline = self.query_one("#outline-list", OptionList)
        outline.clear_options()
        if document is None:
            return
        headings = [block for block in document.blocks if block.kind == "heading"]
        options = [Option(Text("  " * max(block.level - 1, 0) + document.text[block.start : block.end],
                               no_wrap=True, overflow="ellipsis"), id=str(block.start))
                   for block in headings[:MAX_OUTLINE]]
        if len(headings) > MAX_OUTLINE:
            options.append(Option(Text(f"… {len(headings) - MAX_OUTLINE:,} more headings: ] and [ step through "
                                       "them in the text", style="dim"), disabled=True))
        outline.add_options(options or [Option(Text("(no headings)", style="dim"), disabled=True)])

    @on(OptionList.OptionSelected, "#actors-list, #issues-list")
    def _item_selected(self, event: OptionList.OptionSelected) -> None:
        """Filter the positions by this actor or issue and mark its mentions."""
        event.stop()
        view = self.positions
        if view.analysis is None or not event.option.id:
            return
        kind, item_id = event.option.id.split(":", 1)
        if kind == "person":  # a person speaking for an actor: the positions they hold
            item = view.analysis.people[int(item_id)]
            item_id = item.name
        else:
            items = view.analysis.actors if kind == "actor" else view.analysis.issues
            item = next((i for i in items if i.id == item_id), None)
        if item is None:
            return
        view.set_filter(kind, item_id)
        self.post_message(PositionsView.ShowMentions([(m.start, m.end) for m in item.mentions]))
        self.tabs.active = "tab-positions"
        self.call_after_refresh(self.focus_content)  # the list it was on is hidden now

    @on(OptionList.OptionSelected, "#annotations-list")
    def _annotation_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        position = self.annotations.positions.get(event.option.id or "")
        if position is not None:
            self.post_message(self.Jump(*position))

    @on(OptionList.OptionSelected, "#outline-list")
    def _outline_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(self.Jump(int(event.option.id)))
