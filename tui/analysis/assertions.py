"""A speaker's positions without a cue verb: demands by modal, verdicts, commitments.

In a statement, a speech or a spokesperson's turn the speaker takes positions without
saying "we demand": "Russia must withdraw its forces" is a demand of the speaker toward
Russia, "It is unacceptable that ..." a criticism, "The accumulation of debt is of
particular concern" a concern, "We will continue to support ..." a commitment. These
rules only run where a speaker is known (see ``speakers.py``) and only where no cue of
the sentence already covers the words (the pipeline checks that).
"""

from __future__ import annotations

from dataclasses import dataclass

from tui.analysis.matcher import Tokens


@dataclass(frozen=True, slots=True)
class Act:
    """One cue-less stance act: tokens ``i``..``j`` carry it."""

    i: int
    j: int
    stance: str
    rule: str
    subject: int = -1  # token index where the subject mention starts (-1: none)


MODALS = {
    ("must",): "demand",
    ("should",): "demand",
    ("need", "to"): "demand",
    ("needs", "to"): "demand",
    ("have", "to"): "demand",
    ("has", "to"): "demand",
    ("ought", "to"): "demand",
    ("cannot",): "demand",
    ("can", "not"): "demand",
    ("have", "a", "responsibility", "to"): "demand",
    ("has", "a", "responsibility", "to"): "demand",
}
# "cannot" demands only with these verbs ("we cannot ignore", "cannot hold ... hostage");
# "cannot be won" describes
CANNOT_VERBS = frozenset("ignore allow accept tolerate afford continue let hold remain stand permit wait".split())
NEGATED = frozenset({"not", "n't", "never"})
NECESSITY = frozenset(
    "essential important imperative vital necessary crucial critical urgent time high-time indispensable".split()
)
VERDICT_CRITICISM = frozenset(
    """unacceptable scandalous outrageous deplorable shameful regrettable absurd intolerable
    inadmissible reprehensible appalling abhorrent""".split()
)
# what a speaker calls another actor: "Russia is the aggressor", "a threat to peace"
ACCUSING_HEADS = frozenset(
    """aggressor aggressors terrorist terrorists violator violators dictatorship threat menace occupier
    occupiers invader invaders""".split()
)
# what a speaker says of another actor: "The United States ... is authoritarian", "Russia is responsible for"
ACCUSING_ADJECTIVES = frozenset(
    """authoritarian aggressive irresponsible illegitimate illegal unlawful hypocritical criminal
    terrorist genocidal destabilizing destabilising dangerous reckless barbaric brutal cynical
    responsible guilty complicit culpable""".split()
)
CONCERN_WORDS = frozenset("troubling concerning worrying alarming disturbing worrisome".split())
VIOLATION_ADJ = frozenset("flagrant blatant clear gross serious grave open".split())
COMMIT_PHRASES = (
    (("remain", "committed"), "support"),
    (("remains", "committed"), "support"),
    (("is", "committed"), "support"),
    (("are", "committed"), "support"),
    (("am", "committed"), "support"),
    (("stand", "ready"), "support"),
    (("stands", "ready"), "support"),
    (("is", "prepared", "to"), "statement"),
    (("are", "prepared", "to"), "statement"),
    (("is", "ready", "to"), "statement"),
    (("are", "ready", "to"), "statement"),
    (("stand", "with"), "support"),
    (("stands", "with"), "support"),
)
SUPPORTIVE = frozenset("support back help assist aid provide defend promote strengthen advance stand".split())
ADVERB_GAP = frozenset(
    {"also", "therefore", "thus", "now", "still", "all", "both", "together", "further", "of", "course", ","}
)
FUTURE = frozenset({"will", "shall", "'ll"})
HEDGES = frozenset({"if", "whether", "unless", "once", "when", "how", "what", "why", "who", "where"})


def speaker_acts(tok: Tokens, in_quote: list[bool], speaker_subjects: set[int], subjects: dict[int, int]) -> list[Act]:
    """The cue-less acts of one sentence.

    ``subjects`` maps the token where a mention ends to where it starts (actor mentions,
    first person included); ``speaker_subjects`` holds the start tokens of mentions that
    stand for the speaker ("we", "my country", "India" in India's speech).
    """
    lower = tok.lower
    n = len(tok)
    acts: list[Act] = []
    k = 0
    while k < n:
        if in_quote[k] or (k and lower[k - 1] in HEDGES):
            k += 1
            continue
        act = (
            _modal(lower, k, subjects)
            or _necessity(lower, k)
            or _verdict(lower, k, subjects)
            or _view(lower, k)
            or _ours(lower, k)
            or _commitment(lower, k, speaker_subjects, subjects)
        )
        if act is not None:
            acts.append(act)
            k = act.j
            continue
        k += 1
    return acts


def _subject_before(lower: list[str], k: int, subjects: dict[int, int]) -> int:
    """The start of the mention that ends just before ``k`` (adverbs allowed between), or -1."""
    end = k
    while end > 0 and (lower[end - 1] in ADVERB_GAP or lower[end - 1].endswith("ly")):
        end -= 1
    return subjects.get(end, -1)


def _owner_before(lower: list[str], k: int, subjects: dict[int, int]) -> int:
    """The start of an actor named with a possessive in the subject before ``k`` ("X's claims ... are"), or -1."""
    t = k - 1
    while t > 0 and t > k - 12 and lower[t] not in (",", ";", ":", "and", "that", "which", "who"):
        if lower[t] in ("'s", "'") and t in subjects:
            return subjects[t]
        t -= 1
    return -1


def _modal(lower: list[str], k: int, subjects: dict[int, int]) -> Act | None:
    for words, stance in MODALS.items():
        if tuple(lower[k : k + len(words)]) != words:
            continue
        if k == 0 and words == ("should",):
            return None  # "Should Russia resume strikes, ...": a condition
        nxt = lower[k + len(words)] if k + len(words) < len(lower) else ""
        if not nxt.isalpha() or (words == ("should",) and nxt in ("be", "have") and _noted(lower, k)):
            return None
        if (
            k
            and lower[k - 1] in NEGATED
            or (k > 1 and lower[k - 1] in ("do", "does", "did") and lower[k - 2] in NEGATED)
        ):
            return None  # "I do not need to reiterate"
        if words in (("cannot",), ("can", "not")) and nxt not in CANNOT_VERBS:
            return None
        return Act(k, k + len(words), stance, "speaker-modal-demand", _subject_before(lower, k, subjects))
    return None


def _noted(lower: list[str], k: int) -> bool:
    """ "it should be noted", "it should have been": no demand."""
    return k >= 1 and lower[k - 1] == "it"


def _necessity(lower: list[str], k: int) -> Act | None:
    w = lower[k]
    n = len(lower)
    if w == "let" and k + 1 < n and lower[k + 1] in ("us", "'s"):
        return Act(k, k + 2, "demand", "speaker-exhortation")
    if w in ("is", "was", "'s") and k >= 1 and lower[k - 1] in ("it", "what", "that", "this") and k + 1 < n:
        j = k + 1
        if j < n and lower[j] in ("therefore", "also", "now", "so", "absolutely", "particularly", "especially"):
            j += 1
        if j < n and lower[j] in NECESSITY and (j + 1 >= n or lower[j + 1] in ("that", "to", "for", ",")):
            return Act(k - 1, j + 1, "demand", "speaker-necessity")
        if j < n and lower[j] in VERDICT_CRITICISM:
            return Act(k - 1, j + 1, "criticism", "speaker-verdict")
        if j < n and lower[j] in ("encouraging", "welcome", "gratifying", "heartening"):
            return Act(k - 1, j + 1, "support", "speaker-verdict")
    if w == "what" and k + 2 < n and lower[k + 1] == "is" and lower[k + 2] in ("needed", "necessary", "required"):
        return Act(k, k + 3, "demand", "speaker-necessity")
    if (
        w == "need"
        and k >= 1
        and lower[k - 1] in ("urgent", "the", "a")
        and k + 1 < n
        and lower[k + 1] in ("for", "to")
    ):
        return None  # "the need for": left to the cues (an object, not an act)
    return None


def _verdict(lower: list[str], k: int, subjects: dict[int, int]) -> Act | None:
    w = lower[k]
    n = len(lower)
    if (
        w not in ("is", "are", "was", "were", "remains", "remain", "'s")
        or k == 0
        or lower[k - 1] in ("it", "what", "there")
        or (w == "'s" and lower[k - 1] not in ("that", "this", "he", "she"))  # "the regime's": a possessive
    ):
        return None
    j = k + 1
    if j < n and lower[j] in ("also", "particularly", "deeply", "especially", "therefore", "increasingly", "very"):
        j += 1
    named = _subject_before(lower, k, subjects)  # a verdict on an actor ("X is unacceptable")
    if named < 0:
        named = _owner_before(lower, k, subjects)  # or on what it owns ("The PRC's claims ... are unlawful")
    if named >= 0 and j < n and (lower[j] in VERDICT_CRITICISM or lower[j] in ACCUSING_ADJECTIVES):
        if lower[j] == "responsible" and not (j + 1 < n and lower[j + 1] == "for"):
            return None  # "a responsible member": praise, not blame
        return Act(k, j + 1, "criticism", "speaker-verdict", named)
    if j + 1 < n and lower[j] == "a" and lower[j + 1] in VIOLATION_ADJ and j + 2 < n and lower[j + 2] == "violation":
        return Act(k, j + 3, "criticism", "speaker-verdict", named)
    if lower[k - 1] in ("that", "this") and j < n and (lower[j] in VERDICT_CRITICISM or lower[j] == "violation"):
        return Act(k - 1, j + 1, "criticism", "speaker-verdict")  # a spokesperson's "That is unacceptable"
    if named >= 0 and j + 1 < n and lower[j] in ("a", "an", "the"):
        h = j + 1
        while h < n and h < j + 4 and lower[h] not in ACCUSING_HEADS and lower[h].isalpha():
            h += 1
        if h < n and lower[h] in ACCUSING_HEADS:
            return Act(k, h + 1, "criticism", "speaker-verdict", named)  # "Russia is the aggressor"
    if (
        j + 1 < n
        and lower[j] == "of"
        and lower[j + 1] in ("particular", "great", "serious", "deep", "grave")
        and j + 2 < n
        and lower[j + 2] == "concern"
    ):
        return Act(k, j + 3, "concern", "speaker-verdict")
    if (
        j < n
        and lower[j] in CONCERN_WORDS
        and k >= 1
        and lower[j - 1] in ("particularly", "deeply", "especially", "very", "increasingly")
    ):
        return Act(k, j + 1, "concern", "speaker-verdict")
    return None


VIEWS = ("view", "opinion", "judgment", "judgement", "position", "assessment")


SHOWING = frozenset(
    "underscore underscores demonstrate demonstrates reflect reflects show shows highlight highlights".split()
)
OURS = frozenset("commitment commitments support determination resolve solidarity".split())


def _ours(lower: list[str], k: int) -> Act | None:
    """ "These designations underscore our commitment": the speaker's, whatever the subject."""
    n = len(lower)
    if lower[k] not in SHOWING or k + 2 >= n or lower[k + 1] not in ("our", "my"):
        return None
    j = k + 2
    while j < n and j < k + 4 and lower[j] not in OURS and lower[j].isalpha():
        j += 1  # "our continued, unwavering commitment"
    if j < n and lower[j] in OURS:
        return Act(k, j + 1, "support", "speaker-commitment")
    return None


def _view(lower: list[str], k: int) -> Act | None:
    """ "in our view", "Our view is that", "my position is": the speaker's claim."""
    n = len(lower)
    if lower[k] == "in" and k + 2 < n and lower[k + 1] in ("our", "my") and lower[k + 2] in VIEWS:
        return Act(k, k + 3, "claim", "speaker-view")
    if lower[k] in ("our", "my") and k + 2 < n and lower[k + 1] in VIEWS and lower[k + 2] in ("is", "remains", "has"):
        return Act(k, k + 3, "claim", "speaker-view")
    return None


def _commitment(lower: list[str], k: int, speaker_subjects: set[int], subjects: dict[int, int]) -> Act | None:
    subject = _subject_before(lower, k, subjects)
    if subject < 0 or subject not in speaker_subjects:
        return None
    n = len(lower)
    for words, stance in COMMIT_PHRASES:
        if tuple(lower[k : k + len(words)]) == words:
            return Act(k, k + len(words), stance, "speaker-commitment", subject)
    if lower[k] in FUTURE and k + 1 < n:
        j = k + 1
        if lower[j] in ("not", "never", "n't"):
            # "Ukraine will never accept the occupation": a refusal; other negated futures say nothing
            if j + 1 < n and lower[j + 1] in REFUSED:
                return Act(k, j + 2, "rejection", "speaker-commitment", subject)
            return None
        while j < n and (lower[j] in ("also", "continue", "to", "further", "now", "always") or lower[j].endswith("ly")):
            j += 1
        stance = "support" if j < n and lower[j] in SUPPORTIVE else "statement"
        return Act(k, min(j + 1, n), stance, "speaker-commitment", subject)
    return _done(lower, k, subject)


# what the speaker has undergone or perceived, not done: "we have seen", "we have lost"
REFUSED = frozenset("accept allow tolerate recognize recognise permit surrender yield give renounce abandon".split())
UNDERGONE = frozenset(
    """seen heard witnessed learned learnt noticed experienced faced suffered endured lived lost been had
    come gone started begun tried wanted needed used watched followed received hoped expected felt
    thought known gathered met become grown remained kept got gotten found tended""".split()
)
IRREGULAR_PARTICIPLES = frozenset(
    "taken made given sent built done brought put set spent led held paid won sought fought stood".split()
)


def _progressive(lower: list[str], k: int) -> int | None:
    """ "we are providing", "we have been consulting", "we're working": the -ing verb's token."""
    n = len(lower)
    j = k
    if lower[j] in ("have", "has", "'ve") and j + 1 < n and lower[j + 1] == "been":
        j += 2
    elif lower[j] in ("am", "is", "are", "'re", "'m"):
        j += 1
    else:
        return None
    while j < n and (lower[j] in ("also", "now", "still", "already", "actively", "very") or lower[j].endswith("ly")):
        j += 1
    if (
        j < n
        and len(lower[j]) > 4
        and lower[j].endswith("ing")
        and lower[j]
        not in ("being", "seeing", "facing", "experiencing", "suffering", "living", "witnessing", "hearing")
    ):
        return j
    return None


def _done(lower: list[str], k: int, subject: int) -> Act | None:
    """ "We have established a task team", "My country has assumed its responsibility",
    "we responded by launching": what the speaker's state has done."""
    n = len(lower)
    j = k
    progressive = _progressive(lower, k)
    if progressive is not None:
        return Act(k, progressive + 1, "statement", "speaker-deed", subject)
    if lower[j] in ("have", "has", "'ve"):
        j += 1
        while j < n and (
            lower[j] in ("also", "already", "now", "together", "since", "just") or lower[j].endswith("ly")
        ):
            j += 1
    if j >= n:
        return None
    w = lower[j]
    past = (len(w) > 4 and w.endswith("ed")) or (j > k and w in IRREGULAR_PARTICIPLES)
    if not past or w in UNDERGONE or (j + 1 < n and lower[j + 1] == "that"):
        return None
    return Act(k, j + 1, "action", "speaker-deed", subject)
