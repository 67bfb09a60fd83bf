"""People: the dictionary's validation, dated titles, titled names, the document's memory."""

from __future__ import annotations

from tui.analysis.matcher import tokenize
from tui.analysis.people import PeopleMemory, build_people

from .stages import gazetteer

ENTRIES = [
    {"name": "Ann Example", "actor": "AAA", "surnames": ["Example"], "offices": [
        {"role": "head-of-state", "title": "President", "from": 2010, "to": 2014}]},
    {"name": "Bob Sample", "actor": "AAA", "surnames": ["Sample"], "offices": [
        {"role": "head-of-state", "title": "President", "from": 2015}]},
    {"name": "Carl Price", "actor": "BBB", "offices": [
        {"role": "spokesperson", "title": "Spokesperson", "from": 2020, "to": 2023}]},
]


def test_invalid_entries_are_named_not_fatal():
    index = build_people([*ENTRIES, {"name": "No Actor"}, {"name": "Bad Years", "actor": "X", "offices": [{"from": "2001"}]}, 5])
    assert len(index.people) == 3
    assert [p.split(":")[0] for p in index.problems] == ["person 4", "person 5", "person 6"]


def test_a_dated_title_picks_the_office_holder():
    index = build_people(ENTRIES)
    assert index.holder("AAA", "head-of-state", 2012).name == "Ann Example"
    assert index.holder("AAA", "head-of-state", 2020).name == "Bob Sample"  # still in office: no end year
    assert index.holder("AAA", "head-of-state", None) is None


def match_all(memory: PeopleMemory, text: str):
    tok = tokenize(text)
    out, i = [], 0
    while i < len(tok):
        found = memory.match(tok, i, lambda k: None)
        if found is not None:
            out.append((found.name, found.actor, found.how))
            i = found.j
        else:
            i += 1
    return out


def test_memory_resolves_surnames_and_bare_titles_later():
    memory = PeopleMemory(build_people(ENTRIES), 2016, default_actor="AAA")
    assert match_all(memory, "President Sample spoke.")[0][:2] == ("Bob Sample", "AAA")
    assert match_all(memory, "Later Sample added.")[0][2] == "surname named before in the document"
    assert match_all(memory, "the President said")[0][:2] == ("Bob Sample", "AAA")


def test_a_family_name_that_is_a_word_needs_a_title_and_the_year():
    memory = PeopleMemory(build_people(ENTRIES), 2021)
    assert match_all(memory, "The Price rose.") == []  # no title: a word
    assert match_all(memory, "MR PRICE: Thank you.")[0][:2] == ("Carl Price", "BBB")
    assert match_all(PeopleMemory(build_people(ENTRIES), 2010), "Mr. Price said.")[0][1] is None  # out of office


def test_the_bundled_people_cover_leaders_with_their_years():
    index = gazetteer().people
    assert not index.problems
    assert index.holder("USA", "head-of-state", 2022).name.endswith("Biden")
    assert index.holder("JPN", "head-of-government", 2017).name.endswith("Abe")
