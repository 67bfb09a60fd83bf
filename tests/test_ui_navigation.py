"""The jump list and the matches of a search, without an app."""

from __future__ import annotations

from tui.ui.navigation import JumpList, Matches


def test_jump_list_records_each_place_once_and_browsing_once() -> None:
    jumps = JumpList()
    jumps.remember(("doc", 10))
    jumps.remember(("doc", 10))
    assert len(jumps) == 1
    jumps.remember_browse(("doc", 20))  # the place before browsing a panel
    jumps.remember_browse(("doc", 30))  # still browsing: not again
    assert len(jumps) == 2
    jumps.reader_focused()
    jumps.remember_browse(("doc", 40))
    assert [jumps.back(), jumps.back(), jumps.back(), jumps.back()] == [("doc", 40), ("doc", 20), ("doc", 10), None]


def test_jump_list_keeps_the_last_fifty() -> None:
    jumps = JumpList()
    for offset in range(80):
        jumps.remember(("doc", offset))
    assert len(jumps) == JumpList.LIMIT and jumps.back() == ("doc", 79)


def test_matches_start_at_the_place_step_and_wrap() -> None:
    matches = Matches()
    assert matches.status() == "" and matches.current is None
    matches.show("gas", [(5, 8), (20, 23), (40, 43)], at=25)
    assert matches.current == (20, 23) and matches.status() == "/gas 2/3"
    assert matches.step(+1) is False and matches.current == (40, 43)
    assert matches.step(+1) is True and matches.current == (5, 8)
    assert matches.step(-1) is True and matches.current == (40, 43)
    matches.show("oil", [], at=0)
    assert matches.status() == "/oil: no matches here"
    matches.clear()
    assert matches.status() == ""
