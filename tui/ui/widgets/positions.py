"""Positions, actors and issues of the open document, in the side panel.

Positions: a list grouped by holder; each entry names holder, stance, target
and issues on its first line and quotes its sentence around the cue (from a
word boundary, at most two lines) below. Moving on a position shows its
sentence; enter goes there. Choosing an actor or issue filters the positions
and marks its mentions; escape clears the filter.

A long document has thousands of positions: the list is filled in small
chunks between frames so the event loop never stalls on it.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.analysis import CONFIDENT, Analysis, Position
from tui.model.document import Document
from tui.ui.layout import wrap

CONTEXT = 40  # characters of the sentence shown before the cue
EXCERPT_LINES = 2
FILL_CHUNK = 120  # options added per step while filling the list
PAGE = 400  # entries listed at first (and per "show more"): a 5 MB briefing holds 70,000 positions


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """ "1 position", "2 positions"."""
    return f"{count:,} {singular if count == 1 else (plural_form or singular + 's')}"


def holder_name(position: Position, names: dict[str, str]) -> str:
    """The holder's name; a person speaking for it when the analysis knows one; "?" when unsure."""
    name = names.get(position.holder, position.holder)
    person = position.holder_person
    if person:
        name = f"{person} ({name})"
    if position.confidence < CONFIDENT:
        name += " ?"  # from coreference or a cue-less act: worth checking
    return name


def excerpt_lines(text: str, position: Position, width: int, lines: int = EXCERPT_LINES) -> list[str]:
    """The sentence around the cue, starting at a word boundary, wrapped to at most ``lines`` lines."""
    start = max(position.sentence_start, position.cue_start - CONTEXT)
    if start > position.sentence_start:
        space = text.find(" ", start, position.cue_start)
        start = space + 1 if space != -1 else position.cue_start
    end = position.sentence_end
    body = text[start:end].replace("\n", " ").replace("\t", " ")
    lead = "…" if start > position.sentence_start else ""
    body = lead + body
    spans = wrap(body, 0, len(body), max(width, 10))
    shown = [body[a:b] for a, b in spans[:lines]]
    if len(spans) > lines:
        last = shown[-1]
        if len(last) >= width:
            cut = last.rfind(" ", 0, width - 1)
            last = last[: cut if cut > 0 else width - 1]
        shown[-1] = last + "…"
    return shown


def position_label(document: Document, position: Position, names: dict[str, str], width: int = 44) -> Text:
    """Holder, stance (cue in bold), target and issues; then the excerpt. Text, never markup."""
    label = Text()
    label.append(holder_name(position, names), style="bold")
    label.append(f" {position.stance}", style="italic")
    if position.target:
        label.append(" → ")
        label.append(names.get(position.target, position.target), style="bold")
    if position.issues:
        label.append(" · ")
        label.append(", ".join(position.issues), style="underline")
    label.truncate(width, overflow="ellipsis")
    text = document.text
    cue = text[position.cue_start : position.cue_end].replace("\n", " ")
    for line in excerpt_lines(text, position, width - 2):
        label.append("\n  ")
        at = line.find(cue) if cue else -1
        if at == -1:
            label.append(line, style="dim")
        else:
            label.append(line[:at], style="dim")
            label.append(cue, style="bold")
            label.append(line[at + len(cue) :], style="dim")
    return label


class PositionsView(Vertical):
    """Holds the filter state; posts requests, never touches the reader itself."""

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
        self.filter: tuple[str, str] | None = None  # ("actor"|"person"|"issue", id or name)
        self.label_width = 44
        self._entries: list[Position | None] = []  # per option: its position, None for a heading
        self._fill_generation = 0
        self._set_highlight: int | None = None  # a highlight the list set itself, not the user

    def compose(self) -> ComposeResult:
        yield Static("", id="positions-filter")
        yield OptionList(id="positions-list")

    @property
    def options(self) -> OptionList:
        return self.query_one("#positions-list", OptionList)

    @property
    def filling(self) -> bool:
        """True while the list is still being filled in chunks."""
        return self._pending is not None

    _pending: list | None = None
    _later: list = []

    def show_pending(self) -> None:
        self._fill_generation += 1
        self._pending, self._later = None, []
        self.document, self.analysis, self.filter = None, None, None
        self.options.clear_options()
        self._entries = []
        self.options.add_option(Option(Text("Analysing…", style="dim"), disabled=True))
        self.query_one("#positions-filter", Static).update("")

    def show_analysis(self, document: Document, analysis: Analysis) -> None:
        self.document, self.analysis, self.filter = document, analysis, None
        self._fill()

    def set_filter(self, kind: str, item_id: str) -> None:
        self.filter = (kind, item_id)
        self._fill()

    def clear_filter(self) -> bool:
        """Drop the actor/issue filter; False when there was none."""
        if self.filter is None:
            return False
        self.filter = None
        self._fill()
        return True

    def set_label_width(self, width: int) -> None:
        width = max(width, 20)
        if width != self.label_width:
            self.label_width = width
            if self.analysis is not None:
                self._fill()

    def visible_positions(self) -> list[Position]:
        positions = self.analysis.positions if self.analysis else []
        if self.filter is None:
            return positions
        kind, item_id = self.filter
        if kind == "actor":
            return [p for p in positions if item_id in (p.holder, p.target)]
        if kind == "person":
            return [p for p in positions if p.holder_person == item_id]
        return [p for p in positions if item_id in p.issues]

    _visible_positions = visible_positions  # the name tests used before

    @property
    def positions_shown(self) -> list[Position]:
        """The positions in the list, in its order (filled so far)."""
        return [entry for entry in self._entries if entry is not None]

    def _fill(self) -> None:
        self._fill_generation += 1
        options = self.options
        options.clear_options()
        self._entries = []
        caption = self.query_one("#positions-filter", Static)
        if self.document is None or self.analysis is None:
            caption.update("")
            self._pending, self._later = None, []
            return
        names = {actor.id: actor.name for actor in self.analysis.actors}
        positions = self.visible_positions()
        line = plural(len(positions), "position")
        if self.filter:
            line += f" · {self.filter[0]} {names.get(self.filter[1], self.filter[1])} (escape clears)"
        caption.update(Text(line, style="dim"))
        if not positions:
            options.add_option(Option(Text("No positions found.", style="dim"), disabled=True))
            self._pending, self._later = None, []
            return
        grouped: dict[str, list[Position]] = defaultdict(list)
        for position in positions:
            grouped[position.holder].append(position)
        work: list[tuple[str, str, int] | Position] = []
        for holder, items in sorted(grouped.items(), key=lambda item: -len(item[1])):
            work.append(("heading", names.get(holder, holder), len(items)))
            work.extend(sorted(items, key=lambda p: p.sentence_start))
        self._work = work
        self._pending, self._later = work[:PAGE], work[PAGE:]
        self._names = names
        self._fill_step(self._fill_generation, first=True)

    def _fill_step(self, generation: int, first: bool = False) -> None:
        if generation != self._fill_generation or self._pending is None or self.document is None:
            return
        chunk, self._pending = self._pending[:FILL_CHUNK], self._pending[FILL_CHUNK:]
        new: list[Option] = []
        for item in chunk:
            if isinstance(item, tuple):
                _, name, count = item
                new.append(Option(Text.assemble((name, "bold reverse"), f" {plural(count, 'position')}"),
                                  disabled=True))
                self._entries.append(None)
            else:
                new.append(Option(position_label(self.document, item, self._names, self.label_width)))
                self._entries.append(item)
        self.options.add_options(new)
        if first and len(self._entries) > 1:
            self._set_highlight = 1
            self.options.highlighted = 1
        if self._pending:
            self.set_timer(0.01, lambda: self._fill_step(generation))
        else:
            self._pending = None
            if self._later:
                remaining = sum(1 for item in self._later if not isinstance(item, tuple))
                self.options.add_option(Option(Text(f"▾ {plural(remaining, 'more position')}: enter lists "
                                                    f"the next {PAGE}", style="bold"), id="more"))
                self._entries.append(None)

    def _show_more(self) -> None:
        """Replace the "more" entry with the next page of positions."""
        options = self.options
        if options.option_count and options.get_option_at_index(options.option_count - 1).id == "more":
            options.remove_option_at_index(options.option_count - 1)
            self._entries.pop()
        self._pending, self._later = self._later[:PAGE], self._later[PAGE:]
        self._fill_step(self._fill_generation)

    def _position_at(self, index: int | None) -> Position | None:
        if index is None or not 0 <= index < len(self._entries):
            return None
        return self._entries[index]

    @on(OptionList.OptionHighlighted, "#positions-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if event.option_index == self._set_highlight:
            self._set_highlight = None
            return
        position = self._position_at(event.option_index)
        if position is not None and self.options.has_focus:  # the user moved, not a refill
            self.post_message(self.ShowSentence(position.sentence_start, position.sentence_end, focus_reader=False))

    @on(OptionList.OptionSelected, "#positions-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id == "more":
            self._show_more()
            return
        position = self._position_at(event.option_index)
        if position is not None:
            self.post_message(self.ShowSentence(position.sentence_start, position.sentence_end, focus_reader=True))


def fill_counts(actors_list: OptionList, issues_list: OptionList, analysis: Analysis) -> None:
    """The Actors and Issues tabs: mentions and positions per item, most mentioned first."""
    held = Counter(p.holder for p in analysis.positions)
    actors_list.clear_options()
    for actor in sorted(analysis.actors, key=lambda a: -len(a.mentions)):
        label = Text.assemble((actor.name, "bold"), f" {actor.id}  ",
                              (f"{plural(len(actor.mentions), 'mention')}, {plural(held[actor.id], 'position')}",
                               "dim"))
        actors_list.add_option(Option(label, id=f"actor:{actor.id}"))
        for person in analysis.people_of(actor.id):  # "Joe Biden — United States", filtering by the actor
            label = Text.assemble("  ", (person.name, "bold"), f" — {actor.name}  ",
                                  (plural(len(person.mentions), "mention"), "dim"))
            actors_list.add_option(Option(label, id=f"person:{analysis.people.index(person)}"))
    issue_positions = Counter(issue for p in analysis.positions for issue in p.issues)
    issues_list.clear_options()
    for issue in sorted(analysis.issues, key=lambda i: -len(i.mentions)):
        label = Text.assemble((issue.label, "underline"), f"  {plural(len(issue.mentions), 'mention')}, "
                              f"{plural(issue_positions[issue.id], 'position')}")
        issues_list.add_option(Option(label, id=f"issue:{issue.id}"))
    for options in (actors_list, issues_list):
        if options.option_count:
            options.highlighted = 0
