"""Positions, actors and issues of the open document, in the side panel.

Positions: a tree actor -> stance -> position (sentence excerpt, target,
issues). Moving on a position shows its sentence; enter goes there.
Choosing an actor or issue filters the positions and marks its mentions.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import OptionList, Static, Tree
from textual.widgets.option_list import Option

from tui.analysis import Analysis, Position
from tui.model.document import Document

EXCERPT = 70


def position_label(document: Document, position: Position, names: dict[str, str]) -> Text:
    """The cue in bold with some context, then target and issues."""
    text = document.text
    start = max(position.sentence_start, position.cue_start - 24)
    end = min(position.sentence_end, start + EXCERPT)
    label = Text("…" if start > position.sentence_start else "")
    label.append(text[start : position.cue_start].replace("\n", " "))
    label.append(text[position.cue_start : position.cue_end].replace("\n", " "), style="bold")
    label.append(text[position.cue_end : end].replace("\n", " "))
    if end < position.sentence_end:
        label.append("…")
    if position.target:
        label.append(f"  → {names.get(position.target, position.target)}", style="bold")
    if position.issues:
        label.append("  " + ", ".join(position.issues), style="underline")
    return label


class PositionsView(Vertical):
    """Holds the filter state; posts requests, never touches the reader itself."""

    BINDINGS = [Binding("escape", "clear_filter", "Clear filter", show=False, id="positions.clear-filter")]

    class ShowSentence(Message):
        def __init__(self, start: int, end: int, focus_reader: bool) -> None:
            self.start = start
            self.end = end
            self.focus_reader = focus_reader
            super().__init__()

    class ShowMentions(Message):
        def __init__(self, spans: list[tuple[int, int]]) -> None:
            self.spans = spans
            super().__init__()

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.document: Document | None = None
        self.analysis: Analysis | None = None
        self.filter: tuple[str, str] | None = None  # ("actor"|"issue", id)

    def compose(self) -> ComposeResult:
        yield Static("", id="positions-filter")
        tree: Tree = Tree("Positions", id="positions-tree")
        tree.show_root = False
        yield tree

    def show_pending(self) -> None:
        tree = self.query_one(Tree)
        tree.clear()
        tree.root.add_leaf(Text("Analysing…", style="dim"))

    def show_analysis(self, document: Document, analysis: Analysis) -> None:
        self.document, self.analysis, self.filter = document, analysis, None
        self._fill_tree()

    def set_filter(self, kind: str, item_id: str) -> None:
        self.filter = (kind, item_id)
        self._fill_tree()

    def action_clear_filter(self) -> None:
        if self.filter is not None:
            self.filter = None
            self._fill_tree()

    def _visible_positions(self) -> list[Position]:
        positions = self.analysis.positions if self.analysis else []
        if self.filter is None:
            return positions
        kind, item_id = self.filter
        if kind == "actor":
            return [p for p in positions if item_id in (p.holder, p.target)]
        return [p for p in positions if item_id in p.issues]

    def _fill_tree(self) -> None:
        tree = self.query_one(Tree)
        tree.clear()
        caption = self.query_one("#positions-filter", Static)
        if self.document is None or self.analysis is None:
            caption.update("")
            return
        names = {actor.id: actor.name for actor in self.analysis.actors}
        positions = self._visible_positions()
        caption.update(Text(f"{len(positions)} positions" + (
            f" · {self.filter[0]} {names.get(self.filter[1], self.filter[1])} (escape clears)" if self.filter else ""
        ), style="dim"))
        grouped: dict[str, dict[str, list[Position]]] = defaultdict(lambda: defaultdict(list))
        for position in positions:
            grouped[position.holder][position.stance].append(position)
        for holder, stances in sorted(grouped.items(), key=lambda item: -sum(map(len, item[1].values()))):
            count = sum(map(len, stances.values()))
            actor_node = tree.root.add(Text.assemble((names.get(holder, holder), "bold"), f" ({count})"),
                                       expand=True)
            for stance, items in sorted(stances.items()):
                stance_node = actor_node.add(Text(f"{stance} ({len(items)})", style="italic"), expand=True)
                for position in sorted(items, key=lambda p: p.sentence_start):
                    stance_node.add_leaf(position_label(self.document, position, names), data=position)
        if not positions:
            tree.root.add_leaf(Text("No positions found.", style="dim"))

    @on(Tree.NodeHighlighted)
    def _highlighted(self, event: Tree.NodeHighlighted) -> None:
        position = event.node.data
        if isinstance(position, Position):
            self.post_message(self.ShowSentence(position.sentence_start, position.sentence_end, focus_reader=False))

    @on(Tree.NodeSelected)
    def _selected(self, event: Tree.NodeSelected) -> None:
        position = event.node.data
        if isinstance(position, Position):
            self.post_message(self.ShowSentence(position.sentence_start, position.sentence_end, focus_reader=True))


def fill_counts(actors_list: OptionList, issues_list: OptionList, analysis: Analysis) -> None:
    """The Actors and Issues tabs: mentions and positions per item, most mentioned first."""
    held = Counter(p.holder for p in analysis.positions)
    actors_list.clear_options()
    for actor in sorted(analysis.actors, key=lambda a: -len(a.mentions)):
        label = Text.assemble((actor.name, "bold"), f" {actor.id}  ",
                              (f"{len(actor.mentions)} mentions, {held[actor.id]} positions", "dim"))
        actors_list.add_option(Option(label, id=f"actor:{actor.id}"))
    issue_positions = Counter(issue for p in analysis.positions for issue in p.issues)
    issues_list.clear_options()
    for issue in sorted(analysis.issues, key=lambda i: -len(i.mentions)):
        label = Text.assemble((issue.label, "underline"), f"  {len(issue.mentions)} mentions, "
                              f"{issue_positions[issue.id]} positions")
        issues_list.add_option(Option(label, id=f"issue:{issue.id}"))
