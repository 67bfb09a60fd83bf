"""The analysis pipeline: sentences -> actor mentions -> coreference -> cues -> positions.

Pure and deterministic. Every position records the frame rule that produced it
and a short trace of the decisions (``briefing extract --explain`` prints it).

Frame rules (names as recorded on positions):

* ``subject-of-clause``    the actor in subject position of the cue's clause
* ``coordinated-verb``     "X conveyed ... and made it clear": shares the subject
* ``participial-adjunct``  "..., stating that" / "while still calling out": matrix subject
* ``relative-clause``      "Tokyo, which faces ..., has declined": the antecedent
* ``gerund-subject``       "reacted angrily to the United States expressing concern"
* ``passive-by-agent``     "X was condemned by Y"
* ``nominal-by-agent``     "condemnation of X by Y"
* ``nominal-possessor``    "Y's condemnation of X"
* ``inverted-attribution`` "'...', said the Chinese foreign ministry"
* ``matrix-subject``       a complement clause without its own subject
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tui.analysis.gazetteer import Cue, Entry, Gazetteer
from tui.analysis.matcher import Tokens, tokenize
from tui.analysis.model import Actor, Analysis, Issue, Mention, Position
from tui.analysis.vocabulary import (
    ADVERBIAL,
    AIDES,
    AUX,
    BE,
    CONDEMNING,
    COORD,
    DETERMINERS,
    DOCUMENT_NOUNS,
    EVENT_PARTICIPLES,
    ING_STOP,
    LABEL_BEFORE,
    LOCATIVE,
    NEGATING_FRAMES,
    NEGATION_GAP,
    NEGATORS,
    NOUN_COMPLEMENT,
    OPENERS,
    OPENING_SUBORD,
    PARTICIPLE_NEXT,
    PLEONASTIC_NEXT,
    PLEONASTIC_VERB_NEXT,
    PLURAL,
    PREPOSITIONS,
    PRONOUNS,
    QUANTIFIERS,
    QUOTES,
    RELATIVE,
    REPORTING,
    RETALIATION,
    SAYING,
    SINGULAR,
    SLOT_WORDS,
    SUBORD,
    VERBISH,
)
from tui.collector import collector_paused
from tui.model.document import Document


@dataclass(slots=True)
class M:
    """An actor mention inside the pipeline (token indices)."""

    i: int
    j: int
    id: str | None
    kind: str  # actor | adjective | role | place | descriptor | pronoun
    weak: bool = False
    resolved: bool = False
    note: str = ""
    cls: str = ""  # descriptor class
    also: tuple[str, ...] = ()  # further members of a group ("both governments")


@dataclass(slots=True)
class Clause:
    i: int
    j: int
    type: str  # main | coord | sub | rel | part | resume
    subject: M | None = None
    verb: int = 0
    effective: str | None = None
    how: str = ""
    co: tuple[str, ...] = ()  # coordinated subjects beside ``effective`` ("France and Germany")
    back: int = -1  # resume: the token where the inserted relative clause began


@dataclass
class State:
    prev_subject: str | None = None
    subjects: list[str] = field(default_factory=list)  # distinct sentence subjects, latest last
    recent: list[str] = field(default_factory=list)
    bindings: dict[str, str] = field(default_factory=dict)
    roles: dict[str, str] = field(default_factory=dict)  # "the foreign minister" -> the actor last named with it
    group: tuple[str, ...] = ()  # the holders of the previous sentence's group subject
    named: tuple[str, ...] = ()  # the distinct actors of the previous sentence


def analyse(document: Document, gazetteer: Gazetteer | None = None) -> Analysis:
    return analyse_text(document.text, document.sentences, gazetteer, headings(document))


def headings(document: Document) -> list[tuple[int, int]]:
    """Spans of heading lines: heading blocks, and short blocks without a final stop ("Brussels backs Rome")."""
    text = document.text
    out = []
    for block in document.blocks:
        if block.kind == "heading":
            out.append((block.start, block.end))
        elif block.kind == "paragraph" and block.end - block.start <= 80:
            line = text[block.start : block.end].rstrip()
            if line and "\n" not in line and line[-1].isalnum():
                out.append((block.start, block.end))
    return out


def analyse_text(text: str, sentences, gazetteer: Gazetteer | None = None, headings=()) -> Analysis:
    if gazetteer is None:
        from tui.analysis.gazetteer import default_gazetteer

        gazetteer = default_gazetteer()
    run = _Run(text, gazetteer)
    with collector_paused():  # many short-lived acyclic objects
        spans = iter(headings)
        heading = next(spans, None)
        for sentence in sentences:
            while heading is not None and heading[1] <= sentence.start:
                heading = next(spans, None)
            run.heading = heading is not None and heading[0] <= sentence.start and sentence.end <= heading[1]
            run.sentence(sentence.start, sentence.end)
        return run.result()


class _Run:
    def __init__(self, text: str, gaz: Gazetteer) -> None:
        self.text = text
        self.gaz = gaz
        self.state = State()
        self.actor_mentions: dict[str, list[Mention]] = {}
        self.issue_mentions: dict[str, list[Mention]] = {}
        self.issue_seen: set[tuple[str, int, int]] = set()
        self.positions: list[Position] = []
        self.actor_first = gaz.actors.first_tokens()
        self.issue_first = gaz.issues.first_tokens()
        self.cue_first = gaz.cues.first_tokens()
        self.heading = False  # the current sentence is a heading: it names actors but holds no position

    # -- output ------------------------------------------------------------------
    def result(self) -> Analysis:
        actors = []
        for actor_id, mentions in self.actor_mentions.items():
            name, kind = self.gaz.actor_info(actor_id)
            mentions.sort(key=lambda m: (m.start, m.end))
            actors.append(Actor(actor_id, name, kind, mentions))
        actors.sort(key=lambda a: (-len(a.mentions), a.id))
        issues = []
        for issue_id, mentions in self.issue_mentions.items():
            data = self.gaz.lexicon.issues.get(issue_id, {})
            mentions.sort(key=lambda m: (m.start, m.end))
            issues.append(Issue(issue_id, data.get("label", issue_id), data.get("parent") or None, mentions))
        issues.sort(key=lambda i: (-len(i.mentions), i.id))
        return Analysis(actors, issues, self.positions)

    # -- one sentence --------------------------------------------------------------
    def sentence(self, start: int, end: int) -> None:
        tok = tokenize(self.text, start, end)
        n = len(tok)
        if not n:
            return
        in_quote = self._quotes(tok)
        self.local_issues: list[tuple[int, str]] = []
        mentions = self._actors(tok)
        self._located(tok, mentions)
        self._issues(tok, mentions)
        covered = [False] * n
        for m in mentions:
            if m.kind != "pronoun" and not m.weak:
                for k in range(m.i, m.j):
                    covered[k] = True
        cues = self._cues(tok, covered)
        self._starts = {m.i: m for m in mentions if m.kind != "place"}
        clauses = self._clauses(tok, mentions, cues)
        starts = {c[0] for c in cues}
        for clause in clauses:
            clause.verb = self._verb_index(tok, mentions, clause, starts)
        self._coref(tok, mentions, clauses)
        for m in mentions:
            if m.id is not None and m.kind != "place":
                self.actor_mentions.setdefault(m.id, []).append(
                    Mention(tok.starts[m.i], tok.ends[m.j - 1], self.text[tok.starts[m.i] : tok.ends[m.j - 1]], m.resolved)
                )
        if self.heading:
            return
        if self._question(tok):
            cues = []  # "Will China retaliate?": the writer asks, no one holds a position
        first_holder = self._positions(tok, mentions, clauses, cues, in_quote, start, end)
        main = next((c for c in clauses if c.effective), None)
        main_subject = main.effective if main is not None else None
        group: tuple[str, ...] = ()
        if main is not None and main.subject is not None and main_subject is not None:
            members = tuple(dict.fromkeys((main_subject, *main.subject.also, *main.co)))
            group = members if len(members) > 1 else ()
        self.state.group = group
        subject = first_holder or main_subject
        if subject:
            self.state.prev_subject = subject
            subjects = self.state.subjects
            if subject in subjects:
                subjects.remove(subject)
            subjects.append(subject)
            del subjects[:-8]
        self.state.named = tuple(dict.fromkeys(m.id for m in mentions if m.id and m.kind != "place" and not m.weak))
        for m in mentions:
            if m.id and m.kind != "place":
                self.state.recent.append(m.id)
        del self.state.recent[:-50]

    @staticmethod
    def _question(tok: Tokens) -> bool:
        """A direct question of the writer: the sentence ends with "?" outside quotation marks."""
        words = tok.words
        k = len(words) - 1
        while k >= 0 and words[k] in (")", "*", "_"):
            k -= 1
        return k >= 0 and words[k] == "?"

    def _quotes(self, tok: Tokens) -> list[bool]:
        inside = False
        flags = []
        for word in tok.words:
            if word == "“":
                inside = True
                flags.append(True)
            elif word == "”":
                flags.append(True)
                inside = False
            elif word == '"':
                flags.append(True)
                inside = not inside
            else:
                flags.append(inside)
        return flags

    # -- actor mentions --------------------------------------------------------------
    def _actors(self, tok: Tokens) -> list[M]:
        gaz = self.gaz
        lower = tok.lower
        n = len(tok)
        out: list[M] = []
        i = 0
        while i < n:
            word = lower[i]
            if word in PRONOUNS:
                out.append(M(i, i + 1, None, "pronoun"))
                i += 1
                continue
            if word in ("his", "her") and i + 1 < n and lower[i + 1] in gaz.role_words and lower[i + 1] not in gaz.role_links:
                # "his government", "her office": whoever he or she speaks for
                k = i + 1
                while k < n and lower[k] in gaz.role_words:
                    k += 1
                out.append(M(i, k, None, "descriptor", cls="person"))
                i = k
                continue
            if word == "the" and i + 2 < n and lower[i + 1] == "two" and self._verb_like(lower[i + 2]):
                # "and the two agreed that": the two actors just named
                out.append(M(i, i + 2, None, "descriptor", cls="two"))
                i += 2
                continue
            if word not in self.actor_first:
                i += 1
                continue
            found = gaz.actors.longest(lower, i, n)
            if found is None:
                i += 1
                continue
            j, payloads = found
            entry = self._valid(payloads, tok, i, j)
            if entry is None:
                i += 1
                continue
            if entry.kind == "not_actor":
                i = j
                continue
            # role composition: "Chinese foreign ministry", "Pakistan's foreign ministry"
            k = j
            if k < n and lower[k] in ("'s", "'"):
                k += 1
                # one modifier before the role: "Mali's transitional government"
                if (
                    entry.kind == "actor" and k + 1 < n and lower[k] not in gaz.role_words and tok.words[k].isalpha()
                    and tok.words[k].islower() and lower[k + 1] in gaz.role_words
                    and lower[k + 1] not in gaz.role_links
                ):
                    k += 1
            last = None
            while k < n and lower[k] in gaz.role_words:
                if lower[k] not in gaz.role_links:
                    last = k + 1
                k += 1
            if entry.kind == "descriptor":
                out.append(M(i, last or j, None, "descriptor", cls=entry.id))
                i = last or j
                continue
            kind = entry.kind
            if last is not None:
                j = last
                kind = "role" if entry.kind in ("actor", "adjective") else entry.kind
            weak = kind == "adjective"
            out.append(M(i, j, entry.id, kind, weak=weak))
            i = j
        return out

    def _verb_like(self, word: str) -> bool:
        return word in VERBISH or word in self.cue_first or word in ("also", "then", "later", "jointly")

    def _located(self, tok: Tokens, mentions: list[M]) -> None:
        """"Traders in Cotonou", "a summit in Abuja": a place where someone else is, not a holder.

        An actor named after a locative preposition whose head noun is not a role
        ("officials in Nuuk" keeps Nuuk) is kept as a mention but never a subject.
        """
        lower = tok.lower
        ends = {m.j for m in mentions}
        for m in mentions:
            if m.id is None or m.kind in ("pronoun", "descriptor", "place") or m.weak:
                continue
            k = m.i - 1
            if k >= 1 and lower[k] == "the":
                k -= 1
            if k < 1 or lower[k] not in LOCATIVE:
                continue
            head = lower[k - 1]
            if not head.isalpha() or head in self.gaz.role_words or head in DETERMINERS or k in ends:
                continue
            if head in self.gaz.descriptor_heads:
                continue
            m.weak = True
            m.note = f"located: {head} {lower[k]} ..."
        # "Traders in Cotonou and Lome": the places listed with a located one
        previous = None
        for m in mentions:
            if previous is not None and previous.note.startswith("located") and m.id is not None and not m.weak:
                gap = lower[previous.j : m.i]
                if gap in (["and"], [","], ["and", "the"], [",", "and"]):
                    m.weak, m.note = True, previous.note
            previous = m

    @staticmethod
    def _valid(payloads: list[Entry], tok: Tokens, i: int, j: int) -> Entry | None:
        first = tok.words[i]
        for entry in payloads:
            if entry.words is not None:
                if tuple(tok.words[i:j]) == entry.words:
                    return entry
                continue
            if entry.capital and not first[:1].isupper():
                continue
            return entry
        return None

    # -- issues ---------------------------------------------------------------------
    def _issues(self, tok: Tokens, mentions: list[M]) -> None:
        lower = tok.lower
        n = len(tok)
        i = 0
        while i < n:
            if lower[i] in self.issue_first:
                found = self.gaz.issues.longest(lower, i, n)
                if found is not None:
                    j, ids = found
                    for issue_id in dict.fromkeys(ids):
                        self._issue_mention(issue_id, tok.starts[i], tok.ends[j - 1])
                    i = j
                    continue
            i += 1
        for m in mentions:
            if m.kind == "place":
                for issue_id in self.gaz.place_issues.get(m.id or "", []):
                    self._issue_mention(issue_id, tok.starts[m.i], tok.ends[m.j - 1])

    def _issue_mention(self, issue_id: str, start: int, end: int) -> None:
        self.local_issues.append((start, issue_id))
        key = (issue_id, start, end)
        if key not in self.issue_seen:
            self.issue_seen.add(key)
            self.issue_mentions.setdefault(issue_id, []).append(Mention(start, end, self.text[start:end]))

    # -- cues ------------------------------------------------------------------------
    def _cues(self, tok: Tokens, covered: list[bool]) -> list[tuple[int, int, Cue]]:
        lower = tok.lower
        n = len(tok)
        out = []
        i = 0
        while i < n:
            if covered[i] or lower[i] not in self.cue_first:
                i += 1
                continue
            found = self.gaz.cues.longest(lower, i, n)
            if found is None or any(covered[i : found[0]]):
                i += 1
                continue
            j, cues = found
            cue = self._pick_cue(cues, tok, i, j)
            if cue.stance == "none":
                i = j
                continue
            out.append((i, j, cue))
            i = j
        return out

    @staticmethod
    def _pick_cue(cues: list[Cue], tok: Tokens, i: int, j: int) -> Cue:
        nxt = tok.lower[j] if j < len(tok) else ""
        # claim-type readings win before a complement clause ("views ... that")
        order = {"phrase": 0, "verb": 1, "noun": 2}
        ranked = sorted(cues, key=lambda c: (order[c.kind], 0 if (c.that_only == (nxt == "that")) else 1))
        return ranked[0]

    # -- clauses ---------------------------------------------------------------------
    def _clauses(self, tok: Tokens, mentions: list[M], cues) -> list[Clause]:
        lower = tok.lower
        n = len(tok)
        starts_mention = {m.i for m in mentions if m.id is not None and m.kind != "place"}
        # "The Secretary and the Foreign Minister expressed": a role descriptor joins the subject
        starts_mention |= {m.i for m in mentions if m.kind == "descriptor" and m.cls == "person" and m.i}
        ends_mention = {m.j for m in mentions if m.id is not None and m.kind != "place"}
        cue_starts = {c[0]: c[2] for c in cues}
        bounds: list[tuple[int, str]] = [(0, "main")]
        backs: dict[int, int] = {}
        in_quote = self._quotes(tok)
        inserted = -1  # an inserted relative clause is open since this token ("X, who ..., said")
        depth = 0
        opening = n > 1 and lower[0] in OPENING_SUBORD  # "Should Russia resume strikes, Romania has warned, ..."
        if opening:
            bounds[0] = (0, "sub")
        for k in range(1, n):
            w = lower[k]
            prev = lower[k - 1]
            kind = None
            depth += (w == "(") - (w == ")")
            if in_quote[k] and w not in QUOTES:
                continue
            if opening and w == "," and depth <= 0:
                opening = False
                if k + 1 < n:
                    bounds.append((k + 1, "main"))
                continue
            if inserted >= 0 and w == "," and depth <= 0 and self._resumes(tok, k + 1, cue_starts):
                # "Myanmar's representative, who was appointed ... and continues ..., told the Council"
                bounds.append((k + 1, "resume"))
                backs[k + 1] = inserted
                inserted = -1
                continue
            if w in (";", ":", "|", "."):
                kind = "main"  # "." inside: list items or table rows the splitter kept together
            elif prev in (";", ":", "|", "."):
                kind = "coord" if w in COORD else "main"
            elif prev == "," and k >= 2 and lower[k - 2] in QUOTES and in_quote[k - 2]:
                kind = "main"  # '"...," the minister said'
            elif w in QUOTES or prev in QUOTES:
                continue
            elif w in COORD:
                if w in ("and", "or"):
                    nxt = k + 1
                    if nxt < n and lower[nxt] == "the":
                        nxt += 1
                    if k in ends_mention and (nxt in starts_mention or k + 1 in starts_mention):
                        continue  # "France and Germany": coordinated subjects
                kind = "coord"
            elif w in RELATIVE:
                kind = "rel"
                if prev == ",":
                    inserted = k - 1
                elif prev == "of" and k >= 3 and lower[k - 2] in QUANTIFIERS and lower[k - 3] == ",":
                    inserted = k - 3  # "Germany and Sweden, both of which have ..., offered"
            elif w in SUBORD:
                kind = "sub"
            elif prev == "," and w.endswith("ing") and w not in ING_STOP and k in cue_starts:
                kind = "part"
            elif prev in DOCUMENT_NOUNS and w.endswith("ing") and w not in ING_STOP and k in cue_starts:
                kind = "part"  # "issued a statement condemning": the issuer holds it
            if kind == "main":
                inserted = -1
            if kind is not None and bounds[-1][0] != k:
                if bounds[-1][0] == k - 1 and lower[k - 1] in (",",) and kind != "main":
                    bounds[-1] = (k - 1, kind) if bounds[-1][1] == "main" and k - 1 == 0 else bounds[-1]
                bounds.append((k, kind))
        clauses = []
        for index, (i, kind) in enumerate(bounds):
            j = bounds[index + 1][0] if index + 1 < len(bounds) else n
            clauses.append(Clause(i, j, kind, back=backs.get(i, -1)))
        return clauses

    def _resumes(self, tok: Tokens, k: int, cue_starts: dict[int, Cue]) -> bool:
        """Whether the main clause's verb phrase starts at token ``k`` (after an inserted clause)."""
        lower = tok.lower
        n = len(tok)
        while k < n and (lower[k] in ("however", "meanwhile", "also", "in", "turn", ",") or (lower[k].endswith("ly") and len(lower[k]) > 3)):
            k += 1
        if k >= n:
            return False
        w = lower[k]
        if w.endswith("ing"):
            return False
        if w in VERBISH:
            return True
        cue = cue_starts.get(k)
        return cue is not None and cue.kind != "noun"

    @staticmethod
    def _clause_of(clauses: list[Clause], k: int) -> int:
        for index, c in enumerate(clauses):
            if c.i <= k < c.j:
                return index
        return len(clauses) - 1

    def _subject(self, tok: Tokens, mentions: list[M], clause: Clause, before: int, in_quote=None) -> M | None:
        """The first actor mention of the clause before token ``before`` not behind a preposition."""
        lower = tok.lower
        blocked = False
        by_start = self._starts
        k = clause.i
        if lower[k] in OPENERS:
            # "Speaking for the A3 (Congo, Liberia and Somalia), Somalia's delegate urged": the speaker
            depth = 0
            for c in range(k + 1, before):
                depth += (lower[c] == "(") - (lower[c] == ")")
                if lower[c] == "," and depth <= 0:
                    k = c + 1
                    break
        while k < before:
            w = lower[k]
            m = by_start.get(k)
            if m is not None and m.id is not None:
                possessor = m.j + 1 < len(lower) and lower[m.j] in ("'s", "'") and lower[m.j + 1] not in self.gaz.role_words
                if m.j <= before and not blocked and not m.weak and not possessor and not (in_quote and in_quote[k]):
                    return m
                k = m.j
                continue
            if w in self.gaz.blocking and not (w == "to" and k and lower[k - 1] in AIDES):
                blocked = True
            elif w == ",":
                blocked = False
            k += 1
        return None

    def _verb_index(self, tok: Tokens, mentions: list[M], clause: Clause, cue_starts: set[int]) -> int:
        """The first token of the clause that looks like its verb."""
        if clause.type == "part" and clause.i in cue_starts:
            return clause.i
        if clause.type == "resume":
            return clause.i  # "..., stating that", "a statement condemning": the participle
        inside = set()
        for m in mentions:
            if clause.i <= m.i < clause.j:
                inside.update(range(m.i, m.j))
        lower = tok.lower
        for k in range(clause.i + 1, clause.j):
            if k in inside:
                continue
            w = lower[k]
            if k in cue_starts or w in VERBISH or (
                len(w) > 4 and w.endswith(("ed", "ing")) and w not in ING_STOP and lower[k - 1] not in DETERMINERS
            ):
                return k
        return clause.j

    def _clause_subject(self, tok, mentions, clause: Clause, before: int, in_quote=None) -> M | None:
        """The subject of the clause: an actor before its verb (or after an opening phrase)."""
        limit = min(before, clause.verb)
        subject = self._subject(tok, mentions, clause, limit, in_quote)
        if subject is None and clause.type == "main":
            lower = tok.lower
            commas = [k for k in range(clause.i, before) if lower[k] == ","]
            if commas and commas[-1] >= limit:
                sub = Clause(commas[-1] + 1, clause.j, clause.type)
                subject = self._subject(tok, mentions, sub, before, in_quote)
        return subject

    def _empty_slot(self, tok: Tokens, clause: Clause) -> bool:
        """Whether the clause has no subject of its own before its verb ("and demanded")."""
        lower = tok.lower
        start = clause.i + 1 if clause.type != "main" else clause.i
        for k in range(start, clause.verb):
            w = lower[k]
            if w in SLOT_WORDS or w.endswith("ly") or w in QUOTES:
                continue
            return False
        return True

    # -- coreference -----------------------------------------------------------------
    def _effective_before(self, clauses: list[Clause], index: int) -> str | None:
        for c in reversed(clauses[:index]):
            if c.type in ("main", "coord", "part") and c.effective:
                return c.effective
        for c in reversed(clauses[:index]):
            if c.effective:
                return c.effective
        return None

    def _coref(self, tok: Tokens, mentions: list[M], clauses: list[Clause]) -> None:
        lower = tok.lower
        state = self.state
        done: list[M] = []
        mi = 0
        for index, clause in enumerate(clauses):
            # resolve the mentions of this clause in order
            while mi < len(mentions) and mentions[mi].i < clause.j:
                m = mentions[mi]
                mi += 1
                if m.kind == "pronoun":
                    self._pronoun(tok, m, mentions, clauses, index, done)
                elif m.kind == "descriptor":
                    self._descriptor(tok, m, mentions, clauses, index, done)
                if m.id is not None and m.kind != "place":
                    done.append(m)
            subject = self._clause_subject(tok, mentions, clause, clause.j)
            clause.subject = subject
            if subject is not None:
                clause.effective, clause.how = subject.id, "subject"
                clause.co = self._co_subjects(tok, subject, clause.verb)
            elif clause.type == "resume":
                # the subject before the inserted relative clause: "Germany and Sweden, both of which ..., offered"
                before = next((c for c in clauses[:index] if c.i <= clause.back < c.j), None)
                if before is None or before.effective is None:
                    before = next((c for c in reversed(clauses[:index]) if c.i <= clause.back and c.effective), None)
                if before is not None:
                    clause.effective, clause.how, clause.co = before.effective, "subject before the inserted clause", before.co
                else:
                    clause.effective, clause.how = self._effective_before(clauses, index), "inherited"
            elif clause.type == "rel":
                antecedent = next(
                    (m for m in reversed(done) if m.j in (clause.i, clause.i - 1) and not m.weak and m.id), None
                )
                if antecedent is not None:
                    clause.effective, clause.how = antecedent.id, "antecedent"
                else:
                    clause.effective, clause.how = None, "antecedent is not an actor"
            elif (label := self._label(tok, clause, done)) is not None:
                clause.effective, clause.how = label.id, "label"
            elif self._empty_slot(tok, clause):
                clause.effective, clause.how = self._effective_before(clauses, index), "inherited"
                source = next((c for c in reversed(clauses[:index]) if c.effective == clause.effective), None)
                clause.co = source.co if source is not None else ()
            else:
                clause.effective, clause.how = None, "subject is not an actor"
        del lower

    @staticmethod
    def _label(tok: Tokens, clause: Clause, done: list[M]) -> M | None:
        """"- Russia: said the deal was dead", "| Iran | rejected the plan": the actor labelling the item."""
        lower = tok.lower
        if clause.type != "main" or clause.i < 2 or lower[clause.i - 1] not in (":", "|"):
            return None
        m = next((d for d in reversed(done) if d.j == clause.i - 1), None)
        if m is None or m.weak or m.kind == "pronoun":
            return None
        if m.i and lower[m.i - 1] not in LABEL_BEFORE:
            return None
        return m

    def _co_subjects(self, tok: Tokens, subject: M, limit: int) -> tuple[str, ...]:
        """Further holders beside the subject: group members, "France and Germany"."""
        lower = tok.lower
        out = [a for a in subject.also if a != subject.id]
        listed: list[str] = []  # "X, Y and Z": members joined by commas count once "and" closes the list
        k = subject.j
        while k + 1 < limit and lower[k] in ("and", ","):
            joint = lower[k]
            if joint == "," and lower[k + 1] == "and":
                k += 1
                joint = "and"
            other = self._starts.get(k + 1) or (self._starts.get(k + 2) if lower[k + 1] == "the" else None)
            if other is None or other.id is None or other.weak or other.j > limit:
                break
            if other.kind == "descriptor" and not other.note.startswith(("role named", "descriptor named")):
                break
            if other.id != subject.id and other.id not in out and other.id not in listed:
                listed.append(other.id)
            if joint == "and":
                out += listed
                listed = []
            k = other.j
        return tuple(out)

    def _pronoun(self, tok, m: M, mentions, clauses, index, done) -> None:
        lower = tok.lower
        word = lower[m.i]
        nxt = lower[m.i + 1] if m.i + 1 < len(tok) else ""
        clause = clauses[index]
        if word == "it":
            prev = lower[m.i - 1] if m.i else ""
            if nxt in PLEONASTIC_NEXT or nxt in PLEONASTIC_VERB_NEXT or nxt in ("that", "to", ".", ","):
                if not (nxt == "to" and prev not in ("make", "made", "makes", "making", "find", "found")):
                    m.note = "pleonastic or non-actor 'it'"
                    return
        target: str | None = None
        note = ""
        if word == "itself" or (word == "its" and nxt == "own"):
            near = done[-1] if done else None
            target, note = (near.id if near else self.state.prev_subject), "reflexive -> nearest actor"
        elif word == "them":
            eff = self._current_subject(tok, mentions, clauses, index, m.i)
            for cand in reversed(done):
                if cand.id and cand.id != eff and not cand.weak:
                    target, note = cand.id, "object pronoun -> recent actor other than the subject"
                    break
            if target is None:
                for cand in reversed(self.state.recent):
                    if cand != eff:
                        target, note = cand, "object pronoun -> recent actor other than the subject"
                        break
        else:
            subject = self._subject(tok, mentions, clause, m.i)
            if subject is not None and subject is not m and (word in SINGULAR or clause.type in ("main", "coord", "part")):
                target, note = subject.id, "clause subject"
            else:
                eff = self._effective_before(clauses, index)
                if eff is not None:
                    target, note = eff, "matrix subject"
                elif self.state.prev_subject:
                    target, note = self.state.prev_subject, "subject of the previous sentence"
                    if word in PLURAL and target in self.state.group:
                        m.also = tuple(a for a in self.state.group if a != target)
                elif done:
                    target, note = done[-1].id, "most recent actor"
                elif self.state.recent:
                    target, note = self.state.recent[-1], "most recent actor"
        if target:
            m.id, m.resolved, m.note = target, True, note

    def _current_subject(self, tok, mentions, clauses, index, before) -> str | None:
        subject = self._subject(tok, mentions, clauses[index], before)
        if subject is not None:
            return subject.id
        return self._effective_before(clauses, index)

    def _compatible(self, actor_id: str, kinds: tuple[str, ...]) -> bool:
        return self.gaz.actor_info(actor_id)[1] in kinds

    def _descriptor(self, tok, m: M, mentions, clauses, index, done) -> None:
        if m.cls == "two":
            named = list(dict.fromkeys(c.id for c in done if c.id and not c.weak))
            if not named and len(self.state.named) == 2:
                named = list(self.state.named)  # "X met Y on Monday. The two agreed ..."
            if len(named) == 2:
                m.id, m.resolved, m.also = named[0], True, (named[1],)
                m.note = "the two -> the two actors named before in the sentence"
            return
        key = " ".join(tok.lower[m.i : m.j])
        kinds = self.gaz.descriptor_kinds.get(m.cls, ("state",))
        state = self.state
        lower = tok.lower
        # "the government in Copenhagen", "officials in Nuuk": the actor named after the preposition
        k = m.j + 1 if m.j < len(tok) and lower[m.j] in self.gaz.holder_preps else -1
        named = self._starts.get(k) if k > 0 else None
        if named is None and 0 < k < len(tok) - 1 and lower[k] == "the":
            named = self._starts.get(k + 1)  # "the Republic of Korea" may start with its article
        if named is not None and named.id is not None and named.kind != "place" and not named.weak:
            m.id, m.resolved, m.note = named.id, True, "descriptor named by its preposition phrase"
            if m.cls in self.gaz.descriptor_unbound and not self.gaz.descriptor_groups.get(m.cls):
                state.roles[key] = named.id  # "the Foreign Minister of the Republic of Korea"
            return
        if key in state.roles:
            m.id, m.resolved, m.note = state.roles[key], True, "role named earlier in the document"
            return
        if lower[m.i] in ("his", "her"):
            # "his government", "her office": the speaker, as "he"/"she" in the subject's clause
            target = self._current_subject(tok, mentions, clauses, index, m.i) or state.prev_subject
            if target:
                m.id, m.resolved, m.note = target, True, "his/her + role -> the current speaker"
            return
        members = self.gaz.descriptor_groups.get(m.cls)
        if members:
            # "both governments", "the two countries": the latest distinct sentence subjects
            recent = [c for c in reversed(state.subjects) if self._compatible(c, kinds)][: members + 2]
            if len(recent) < members:
                # "The Secretary spoke with the Foreign Minister of Korea ... The two ministers": recent actors
                for c in reversed(state.recent):
                    if c not in recent and self._compatible(c, kinds):
                        recent.append(c)
                    if len(recent) >= members:
                        break
            weight = {c: len(self.actor_mentions.get(c, ())) for c in recent}
            group = sorted(recent, key=lambda c: -weight[c])[:members]
            if len(group) == members:
                m.id, m.resolved, m.also = group[0], True, tuple(group[1:])
                m.note = "group -> the latest subjects " + ", ".join(group)
            return
        if key in ("he", "she") and index > 0:
            # "Hungary's foreign minister, asked whether he held Moscow responsible, said": the speaker
            eff = self._effective_before(clauses, index)
            if eff is not None and self._compatible(eff, kinds):
                m.id, m.resolved, m.note = eff, True, "he/she -> the subject of the sentence so far"
                return
        unbound = m.cls in self.gaz.descriptor_unbound
        if not unbound and key in state.bindings:
            m.id, m.resolved, m.note = state.bindings[key], True, "descriptor bound earlier in the document"
            return
        clause = clauses[index]
        subject_position = self._subject(tok, mentions, clause, m.i) is None and not any(
            lower[k].endswith(("ing", "ed")) or lower[k] in self.gaz.blocking for k in range(clause.i, m.i)
        )
        candidates = [c.id for c in done if c.id] + []
        history = list(reversed(candidates)) + list(reversed(state.recent))
        target = None
        local = next((c for c in reversed(candidates) if self._compatible(c, kinds)), None)
        if subject_position:
            if local is not None:
                # "Tunisian opposition figures complain that the government ...": the state just named
                target, note = local, "descriptor as subject -> compatible actor named before in the sentence"
            elif state.prev_subject and self._compatible(state.prev_subject, kinds):
                target, note = state.prev_subject, "descriptor as subject -> previous subject"
            else:
                target = next((c for c in history if self._compatible(c, kinds)), None)
                note = "descriptor -> most recent compatible actor"
        else:
            eff = self._current_subject(tok, mentions, clauses, index, m.i)
            target = next((c for c in history if c != eff and self._compatible(c, kinds)), None)
            note = "descriptor -> recent compatible actor other than the clause subject"
        if target:
            m.id, m.resolved, m.note = target, True, note
            if not unbound:
                state.bindings[key] = target

    # -- positions -------------------------------------------------------------------
    def _positions(self, tok, mentions, clauses, cues, in_quote, s_start, s_end) -> str | None:
        lower = tok.lower
        n = len(tok)
        first_holder = None
        actor_ms = [m for m in mentions if m.id is not None and m.kind != "place"]
        by_end = {m.j: m for m in actor_ms}
        by_end_all = {m.j: m for m in actor_ms if m.kind != "pronoun"}
        by_start = {m.i: m for m in actor_ms}
        made: list[Position] = []
        previous_end = -1
        for ci, cj, cue in cues:
            if in_quote[ci]:
                continue
            if previous_end == ci and lower[ci - 1] == "to":
                continue  # "declined to comment": the complement of the cue before
            if ci >= 2 and lower[ci - 1] == "to" and ci - 1 in by_end_all and by_end_all[ci - 1].id is not None:
                continue  # "pressed Copenhagen to approve": the object's infinitive, no position
            previous_end = cj
            if self._negated(tok, ci):
                continue  # "did not condemn", "stopped short of announcing", "neither confirmed nor denied"
            if ci >= 2 and lower[ci - 1] == "to" and any(
                c[2].stance == "demand" and c[1] < ci - 1 and ci - c[1] <= 10 for c in cues
            ):
                continue  # "urged all parties to agree": the act demanded of others, not a position
            index = self._clause_of(clauses, ci)
            clause = clauses[index]
            if ci and tok.words[ci][:1].isupper() and lower[ci - 1] not in QUOTES | {":", "(", "-", "—"}:
                continue  # a title-case heading ("Pakistan Warns Water Is a Red Line")
            trace = [f"cue {' '.join(tok.words[ci:cj])!r} -> {cue.stance} ({cue.kind} '{cue.base}')"]
            holder = None
            rule = ""
            target_hint = None
            co_agents: list[str] = []
            first = lower[ci]
            prev = lower[ci - 1] if ci else ""
            nxt = lower[cj] if cj < n else ""
            owner = self._possessor(tok, ci, by_end)
            if (
                owner is not None and cue.kind != "noun" and not owner.weak and first in (cue.base.split()[0], cue.base.split()[0] + "s")
                and (lower[cj - 1] in NOUN_COMPLEMENT or (cj < n and lower[cj] in NOUN_COMPLEMENT))
            ):
                # "Kyiv's demand that", "Ankara's offer to host": a verb cue used as a noun
                holder, rule = owner.id, "nominal-possessor"
                trace.append(f"possessor {self._mtext(tok, owner)!r} of the noun")
            elif cue.kind == "noun":
                owner = by_end.get(ci) or owner
                if owner is not None and not owner.weak:
                    holder, rule = owner.id, "nominal-possessor"
                    trace.append(f"possessor {self._mtext(tok, owner)!r}")
                else:
                    k = cj
                    while k < n and k < cj + 12 and lower[k] not in (";", ":", ".", ",") and lower[k] != "by":
                        if lower[k].endswith("ed") and k not in by_start:
                            break  # "the threat posed by Russia": the agent of another verb
                        if lower[k] in ("of", "against", "toward", "towards", "on") and target_hint is None:
                            t = by_start.get(k + 1) or (by_start.get(k + 2) if k + 2 < n and lower[k + 1] == "the" else None)
                            if t is not None:
                                target_hint = t.id
                        k += 1
                    agent = None
                    if k + 1 < n and lower[k] == "by":
                        agent = by_start.get(k + 1) or (by_start.get(k + 2) if lower[k + 1] == "the" else None)
                    if agent is not None:
                        holder, rule = agent.id, "nominal-by-agent"
                        trace.append(f"agent in by-phrase {self._mtext(tok, agent)!r}")
                if holder is None:
                    continue
            else:
                if cue.kind == "verb" and not self._verbal(tok, ci, cj, by_end):
                    trace.append("not used as a verb here")
                    continue
                if cue.that_only and nxt not in ("that", ":", ",") and nxt not in QUOTES:
                    continue
                if self._reduced_relative(tok, ci, cj, clause, by_end):
                    continue  # "Korean nationals detained during ...": a participle of the noun before
                passive = prev in BE or (ci >= 2 and lower[ci - 2] in BE and prev.endswith("ly"))
                if not passive and nxt == "by" and first.endswith("ed") and (by_start.get(cj + 1) or by_start.get(cj + 2)):
                    passive = True  # reduced passive: "the resolution, tabled by Iceland"
                if passive and (first.endswith("ed") or first in ("said", "seen", "held", "told")):
                    k = cj
                    while k < n and k < cj + 8 and lower[k] != "by":
                        k += 1
                    agent = by_start.get(k + 1) or (by_start.get(k + 2) if k + 2 < n and lower[k + 1] == "the" else None)
                    if k < n and agent is not None:
                        holder, rule = agent.id, "passive-by-agent"
                        co = by_start.get(agent.j + 1) if agent.j < n and lower[agent.j] == "and" else None
                        if co is not None:
                            co_agents.append(co.id)
                        subject = self._subject(tok, mentions, clause, ci, in_quote)
                        target_hint = subject.id if subject else None
                        trace.append(f"passive; agent {self._mtext(tok, agent)!r}")
                    else:
                        trace.append("passive without an agent")
                        continue
                elif first.endswith("ing") and ci in by_end and not by_end[ci].weak:
                    holder, rule = by_end[ci].id, "gerund-subject"
                    trace.append(f"explicit subject of the gerund {self._mtext(tok, by_end[ci])!r}")
                else:
                    subject = self._clause_subject(tok, mentions, clause, ci, in_quote)
                    behalf = self._on_behalf(tok, clause, ci, by_start)
                    if behalf is not None:
                        holder, rule = behalf.id, "on-behalf-of"
                        trace.append(f"speaking on behalf of {self._mtext(tok, behalf)!r}")
                    elif subject is not None:
                        holder, rule = subject.id, "subject-of-clause"
                        how = f" (resolved: {subject.note})" if subject.resolved else ""
                        trace.append(f"clause subject {self._mtext(tok, subject)!r}{how}")
                    else:
                        after = by_start.get(cj) or (by_start.get(cj + 1) if nxt == "the" else None)
                        if after is not None and (prev == "," or prev in QUOTES) and clause.type != "resume" and cue.stance in ("statement", "claim") and not after.weak:
                            holder, rule = after.id, "inverted-attribution"
                            trace.append(f"attribution after the quote {self._mtext(tok, after)!r}")
                        elif clause.effective:
                            holder = clause.effective
                            if clause.how == "antecedent":
                                rule = "relative-clause"
                            elif clause.type == "resume":
                                rule = "subject-of-clause"
                            elif first.endswith("ing") and clause.type in ("part", "coord"):
                                rule = "participial-adjunct"
                            elif clause.type in ("coord", "part"):
                                rule = "coordinated-verb"
                            else:
                                rule = "matrix-subject"
                            trace.append(f"no subject in the clause; {clause.how} {holder}")
                if holder is None:
                    continue
                if rule == "participial-adjunct" and cue.base in EVENT_PARTICIPLES:
                    continue  # "..., raising the prospect of": the event's consequence, no one's stance
                if cue.stance == "action" and self._reported_fact(tok, clauses, index, cues, ci, made, holder):
                    continue  # "point out that the United States has blocked appointments": a fact cited
            target = target_hint
            if target is None or target == holder:
                target = None
                for m in actor_ms:
                    if m.i >= cj and m.id != holder:
                        target = m.id
                        break
            stance = cue.stance
            if stance == "statement" and cue.kind == "verb" and cue.base in SAYING:
                stance = self._complement_stance(tok, cj)
                if stance != cue.stance:
                    trace.append(f"the complement carries a {stance}")
            holders = [holder, *(a for a in co_agents if a != holder)]
            if rule == "subject-of-clause":
                # "France and Germany condemned", "both governments argue": all hold the position
                subj = self._clause_subject(tok, mentions, clause, ci, in_quote)
                if subj is not None:
                    holders += [a for a in self._co_subjects(tok, subj, ci) if a not in holders]
                elif clause.type == "resume" and holder == clause.effective:
                    holders += [a for a in clause.co if a not in holders]
            elif rule in ("coordinated-verb", "participial-adjunct", "matrix-subject") and holder == clause.effective:
                holders += [a for a in clause.co if a not in holders]
            scope_end = s_end
            for later in clauses[index + 1 :]:
                if later.type in ("main", "coord") and any(later.i <= c[0] < later.j for c in cues if c[0] > ci):
                    scope_end = tok.starts[later.i]
                    break
            scope_start = tok.starts[clauses[index].i]
            issues = self._issues_in(scope_start, scope_end) or self._issues_in(s_start, s_end)
            for h in holders:
                if any(p.holder == h and p.cue_start == tok.starts[ci] for p in made):
                    continue
                position = Position(
                    holder=h,
                    target=target if target != h else None,
                    stance=stance,
                    cue=self.text[tok.starts[ci] : tok.ends[cj - 1]],
                    cue_start=tok.starts[ci],
                    cue_end=tok.ends[cj - 1],
                    sentence_start=s_start,
                    sentence_end=s_end,
                    issues=issues,
                    rule=rule,
                    trace=trace + [f"holder {h}, target {target if target != h else None}"],
                )
                made.append(position)
                if first_holder is None:
                    first_holder = h
        self.positions.extend(made)
        return first_holder

    @staticmethod
    def _reported_fact(tok: Tokens, clauses: list[Clause], index: int, cues, ci: int, made, holder: str) -> bool:
        """An action of another actor inside the that-complement of an earlier reporting cue."""
        clause = clauses[index]
        if clause.type != "sub" or tok.lower[clause.i] != "that":
            return False
        for c in cues:
            if c[0] < ci and c[1] <= clause.i and clause.i - c[1] <= 3 and c[2].stance in REPORTING:
                reporters = {p.holder for p in made if p.cue_start == tok.starts[c[0]]}
                if holder not in reporters:
                    return True
        return False

    @staticmethod
    def _complement_stance(tok: Tokens, cj: int) -> str:
        """ "said it would retaliate" is a threat, "said the move was illegal" a criticism."""
        lower = tok.lower
        end = min(len(tok), cj + 14)
        for k in range(cj, end):
            w = lower[k]
            if w in (";", ".") or (w == "and" and k > cj + 2):
                break
            if w in ("would", "will") and any(lower[t] in RETALIATION for t in range(k + 1, min(end, k + 3))):
                return "threat"
            if w in CONDEMNING:
                return "criticism"
        return "statement"

    @staticmethod
    def _possessor(tok: Tokens, ci: int, by_end: dict[int, M]) -> M | None:
        """The actor owning the noun at ``ci``: "its insistence", "Tehran's initial rejection"."""
        lower = tok.lower
        k = ci
        if k >= 3 and lower[k - 1] not in ("'s", "'"):
            w = tok.words[k - 1]  # one modifier: "Tehran's initial rejection"
            if not (w.replace("-", "").isalpha() and w.islower()) or w in DETERMINERS or w in AUX or w in PREPOSITIONS:
                return None
            k -= 1
        if k >= 2 and lower[k - 1] in ("'s", "'"):
            return by_end.get(k - 1)
        return None

    @staticmethod
    def _negated(tok: Tokens, ci: int) -> bool:
        """Whether the cue is negated: "has not, however, criticised", "neither ... nor denied"."""
        lower = tok.lower
        k = ci - 1
        while k >= 0 and (lower[k] in NEGATION_GAP or lower[k] in NEGATORS):
            if lower[k] in NEGATORS:
                return True
            k -= 1
        return ci >= 2 and (lower[ci - 2], lower[ci - 1]) in NEGATING_FRAMES

    @staticmethod
    def _reduced_relative(tok: Tokens, ci: int, cj: int, clause: Clause, by_end: dict[int, M]) -> bool:
        """A past participle modifying the noun before it, in a clause that has its verb already."""
        lower = tok.lower
        first = lower[ci]
        if cj != ci + 1 or not first.endswith("ed") or clause.verb >= ci or ci < 1:
            return False
        prev = lower[ci - 1]
        nxt = lower[cj] if cj < len(tok) else ""
        if ci in by_end or prev in AUX or prev in BE or prev in PRONOUNS or prev in COORD:
            return False
        k = ci - 1
        while k > clause.i and (lower[k] in ADVERBIAL or lower[k].endswith("ly")):
            k -= 1
        if lower[k] in AUX or lower[k] in BE:
            return False  # "have each announced", "has long insisted"
        if prev == ",":
            return nxt in PARTICIPLE_NEXT
        return prev.isalpha() and tok.words[ci - 1].islower() and not prev.endswith("ly") and prev not in RELATIVE

    def _on_behalf(self, tok: Tokens, clause: Clause, before: int, by_start: dict[int, M]) -> M | None:
        """"Pakistan, speaking on behalf of the OIC, voiced concern": the represented actor."""
        lower = tok.lower
        for k in range(clause.i, max(clause.i, before - 3)):
            if lower[k] == "behalf" and k >= 1 and lower[k - 1] == "on" and lower[k + 1] == "of":
                m = by_start.get(k + 2) or (by_start.get(k + 3) if lower[k + 2] == "the" else None)
                if m is not None and not m.weak:
                    return m
        return None

    def _issues_in(self, start: int, end: int) -> list[str]:
        return sorted({issue_id for at, issue_id in self.local_issues if start <= at < end})

    def _verbal(self, tok: Tokens, ci: int, cj: int, by_end: dict[int, M]) -> bool:
        """Whether a one-word cue is used as a verb (not "member states", "the support")."""
        word = tok.lower[ci]
        prev = tok.lower[ci - 1] if ci else ""
        if prev in DETERMINERS or prev in ("'s", "'"):
            return False
        if word.endswith("ed") or word.endswith("ing"):
            return True
        if word in ("said", "told", "saw", "sought", "held", "made", "took", "thought", "found"):
            return True
        if ci in by_end and by_end[ci].weak:
            return False  # "American sanctions"
        # base or -s form: needs a subject-like word or an auxiliary before it
        if ci in by_end or prev in AUX or prev in PRONOUNS or prev.endswith("ly"):
            return True
        if prev in self.gaz.role_words or prev in ("officials", "ministers", "leaders", "diplomats", "we", "i", "he", "she"):
            return True
        return False

    def _mtext(self, tok: Tokens, m: M) -> str:
        return self.text[tok.starts[m.i] : tok.ends[m.j - 1]]
