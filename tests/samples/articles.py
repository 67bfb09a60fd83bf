"""Short briefing texts written for the format tests (PDF, HTML, DOCX samples).

Each article is a title, a date, an author, sections of paragraphs, one list,
one table and footnotes; the expected canonical text follows from it.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Article:
    title: str
    date: str  # YYYY-MM-DD
    author: str
    source: str
    # (heading, paragraphs); a paragraph may hold footnote markers written "{1}".
    sections: list[tuple[str, list[str]]]
    items: list[str] = field(default_factory=list)  # a bulleted list after the first section
    table: list[list[str]] = field(default_factory=list)  # header row first, after the list
    footnotes: dict[int, str] = field(default_factory=dict)


STRAIT = Article(
    title="Maritime Tensions in the Eastern Straits",
    date="2026-03-12",
    author="Regional Desk",
    source="Northern Policy Review",
    sections=[
        ("Overview", [
            "The foreign ministry of Japan said on Tuesday that it had lodged a formal protest with "
            "China after coast guard vessels entered the contiguous zone around the disputed islands "
            "for the fourth consecutive day. Officials in Tokyo described the manoeuvres as deliberate "
            "and coordinated, and they demanded that Beijing withdraw its ships immediately.{1}",
            "China rejected the protest and insisted that its vessels were conducting routine patrols "
            "in waters under its jurisdiction. A spokesperson for the ministry accused Japan of "
            "escalating tensions through provocative statements and urged Tokyo to respect the "
            "historical understanding between the two governments.",
        ]),
        ("Regional reactions", [
            "The Philippines expressed concern about the growing number of incidents in the region and "
            "called for a binding code of conduct. Its defence secretary warned that unilateral "
            "measures threatened the freedom of navigation on which the economies of Southeast Asia "
            "depend, and he announced additional patrols near the northern islands.",
            "South Korea welcomed the restraint shown by the coast guards of both countries so far but "
            "cautioned against any misunderstanding that could lead to a collision at sea. Diplomats "
            "in Seoul said that communication hotlines between the navies remained essential for "
            "regional stability.{2}",
            "The United States reaffirmed its commitment to the security of its allies and criticised "
            "what it called coercive behaviour by Chinese maritime forces. The State Department said "
            "Washington would continue to consult closely with Tokyo, Manila and Seoul about "
            "coordinated responses.",
        ]),
        ("Outlook", [
            "Analysts expect the confrontation to continue through the spring fishing season, when "
            "the number of civilian vessels in the contested waters usually rises sharply. Australia "
            "and India, partners of Japan in the quadrilateral dialogue, are expected to issue a joint "
            "statement supporting negotiations and the peaceful settlement of disputes.",
        ]),
    ],
    items=[
        "Japan lodged a formal protest with China.",
        "China rejected the protest as interference.",
        "The Philippines called for a binding code of conduct.",
    ],
    table=[
        ["Country", "Vessels", "Days"],
        ["China", "14", "4"],
        ["Japan", "9", "4"],
        ["Philippines", "3", "2"],
    ],
    footnotes={
        1: "The protest was delivered to the ambassador in Tokyo.",
        2: "The hotline agreement was signed in the previous year.",
    },
)


SAHEL = Article(
    title="Sanctions Debate Over the Sahel Transition",
    date="2026-02-05",
    author="Africa Programme",
    source="Northern Policy Review",
    sections=[
        ("Background", [
            "France announced that it would suspend development assistance to Mali until the "
            "transitional authorities published a credible electoral timetable. The government in "
            "Paris said the decision reflected the commitments made to regional partners and was not "
            "directed against the population.",
            "Mali condemned the suspension as an attempt to interfere in its internal affairs and "
            "demanded the withdrawal of remaining French advisers. The transitional government said it "
            "would strengthen its cooperation with Russia, whose security contractors already operate "
            "in several northern regions.{1}",
        ]),
        ("Regional bodies", [
            "Nigeria urged the regional community to keep channels of dialogue open and warned that "
            "broad economic sanctions would harm ordinary citizens more than the military leadership. "
            "Senegal supported targeted measures against individuals who obstruct the transition.",
            "The European Union expressed concern about reports of abuses against civilians and said "
            "it was preparing additional restrictive measures. Germany and Italy argued that "
            "humanitarian exemptions had to be guaranteed before any new package was adopted.",
        ]),
        ("Next steps", [
            "Algeria offered to host talks between the transitional authorities and armed groups in the "
            "north, and it called on all parties to respect the ceasefire. Morocco said it was ready to "
            "support a mediation led by the African Union.",
            "The United Kingdom pledged additional humanitarian funding for displaced families and "
            "criticised restrictions on the movement of aid convoys. Officials in London said they "
            "would review the programme before the rainy season begins.",
        ]),
    ],
    items=[
        "France suspended development assistance to Mali.",
        "Mali demanded the withdrawal of French advisers.",
    ],
    table=[
        ["Actor", "Position"],
        ["France", "Suspension"],
        ["Nigeria", "Dialogue"],
        ["Senegal", "Targeted measures"],
    ],
    footnotes={1: "Figures are from the regional monitoring mission."},
)

ARTICLES = [STRAIT, SAHEL]


def strip_markers(paragraph: str) -> str:
    import re

    return re.sub(r"\{\d+\}", "", paragraph)


def expected_text(article: Article, *, notes: bool = True, table_after: int = 0) -> str:
    """The canonical text a loader should give: title, sections, list, table, notes."""
    blocks = [article.title]
    for number, (heading, paragraphs) in enumerate(article.sections):
        blocks.append(heading)
        blocks.extend(strip_markers(p) for p in paragraphs)
        if number == table_after:
            blocks.extend(article.items)
            if article.table:
                blocks.append("\n".join(" | ".join(row) for row in article.table))
    if notes and article.footnotes:
        blocks.append("Notes")
        blocks.extend(article.footnotes[key] for key in sorted(article.footnotes))
    return "\n\n".join(blocks) + "\n"


def long_report(pages_of_text: int = 100) -> Article:
    """A long article (about ``pages_of_text`` pages in one column) for benchmarks."""
    sections = []
    base = [p for article in ARTICLES for _, ps in article.sections for p in ps]
    count = 0
    number = 0
    while count < pages_of_text * 5:
        number += 1
        paragraphs = []
        for index, paragraph in enumerate(base):
            paragraphs.append(strip_markers(paragraph).replace("Tuesday", f"day {number}.{index}"))
            count += 1
        sections.append((f"Section {number}", paragraphs))
    return Article(
        title="Quarterly Review of Regional Security",
        date="2026-04-01",
        author="Research Staff",
        source="Northern Policy Review",
        sections=sections,
        items=STRAIT.items,
        table=STRAIT.table,
    )
