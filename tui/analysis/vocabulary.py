"""Function words shared by the analysis stages (mentions, clauses, coreference, frames).

Closed word classes only: the open vocabulary (actors, issues, cues) lives in
the dictionaries under ``data/``.
"""

from __future__ import annotations

SINGULAR = frozenset({"it", "its", "itself"})
PLURAL = frozenset({"they", "them", "their", "themselves"})
PRONOUNS = SINGULAR | PLURAL
QUOTES = frozenset({'"', "“", "”"})
OPENING_SUBORD = frozenset(
    "if should unless once although though whereas because until when while after before since".split()
)
SAYING = frozenset({"say", "state", "tell", "add", "declare"})
RETALIATION = frozenset({"retaliate", "respond", "react", "hit", "answer", "punish"})
CONDEMNING = frozenset(
    """illegal unlawful illegitimate unacceptable violation violations sham provocation provocative
    outrageous aggression irresponsible""".split()
)
NOUN_COMPLEMENT = frozenset({"that", "to", "of", "for", "on", "against"})
PREPOSITIONS = frozenset("in on of for to at by with from into over under about against".split())
QUANTIFIERS = frozenset("both each all some most many several one two three neither either none".split())
COORD = frozenset({"while", "whereas", "but", "although", "though", "yet", "and", "or"})
RELATIVE = frozenset({"which", "who", "whom", "whose"})
SUBORD = frozenset({"that", "what", "where", "because", "if", "unless", "whether", "when", "since", "until"})
SLOT_WORDS = frozenset(
    """the a an this these those its their his her also still however then now meanwhile instead
    later too already reportedly repeatedly separately jointly , has have had will would""".split()
)
DETERMINERS = frozenset({"the", "a", "an", "its", "their", "his", "her", "our", "this", "that", "these", "those"})
BE = frozenset({"is", "are", "was", "were", "be", "been", "being", "'s"})
AUX = frozenset(
    """has have had will would shall should can could may might must do does did not n't
    also to still further now then already jointly repeatedly again once later just
    is are was were be been being never so far""".split()
)
PLEONASTIC_NEXT = frozenset(
    """clear plain known difficult hard harder easy easier possible impossible likely unlikely
    necessary more less increasingly extremely very clearer tough tougher essential vital
    important imperative unclear""".split()
)
PLEONASTIC_VERB_NEXT = frozenset(
    {
        "is",
        "was",
        "'s",
        "seems",
        "seemed",
        "appears",
        "appeared",
        "remains",
        "remained",
        "becomes",
        "became",
        "takes",
        "took",
    }
)
VERBISH = frozenset(
    "has have had is are was were will would can could may might must does did do continues continue".split()
)
LOCATIVE = frozenset({"in", "at", "from"})
DOCUMENT_NOUNS = frozenset(
    """statement statements communique communiqué communiques declaration declarations letter
    letters resolution resolutions note""".split()
)
NEGATORS = frozenset({"not", "n't", "never", "neither", "nor", "cannot", "without"})
# "stopped short of condemning", "refrained from criticising", "failed to condemn"
NEGATING_FRAMES = (
    ("short", "of"),
    ("refrained", "from"),
    ("refrain", "from"),
    ("refrains", "from"),
    ("failed", "to"),
    ("fails", "to"),
    ("rather", "than"),
    ("instead", "of"),
)
NEGATION_GAP = frozenset(AUX | {",", "however", "yet", "so", "far", "publicly", "explicitly", "formally", "openly"})
PARTICIPLE_NEXT = frozenset(
    """since in on at by after during for under over last earlier until from before amid
    without following""".split()
)
OPENERS = frozenset("speaking briefing responding introducing addressing writing asked".split())
ADVERBIAL = frozenset("each both all long also still since recently already jointly ever".split())
# "a senior adviser to the Supreme Leader", "an aide to President Putin": the actor served speaks
AIDES = frozenset(
    """adviser advisers advisor advisors aide aides counsellor counselor confidant
    spokesman spokeswoman spokesperson""".split()
)
# "..., raising the prospect of a wider conflict": participles whose subject is the event before
EVENT_PARTICIPLES = frozenset({"raise the prospect of", "suggest", "underscore", "underline"})
# cues whose that-complement reports a fact, not a position of its subject
REPORTING = frozenset({"statement", "claim", "criticism", "concern"})
LABEL_BEFORE = frozenset({"-", "*", "•", "–", "—", "|", ".", ";", ")"})
ING_STOP = frozenset({"including", "according", "during", "regarding", "concerning", "following", "notwithstanding"})


# First person: held by the current speaker ("my country", "our delegation" as one mention)
FIRST_PERSON = frozenset({"i", "we", "us", "our", "ours", "my", "me", "ourselves"})
FIRST_PERSON_NOUNS = frozenset(
    {"country", "government", "delegation", "nation", "administration", "countries", "governments"}
)
# group descriptors that stand for the people meeting ("the two leaders", "both sides")
PARTICIPANT_HEADS = frozenset(
    "leaders presidents ministers sides delegations secretaries counterparts participants".split()
)
# verbs by which a speaker accuses the subject ("Russia shunned", "continues to violate")
ACCUSING = (
    "violat",
    "shun",
    "bully",
    "bullie",
    "coerc",
    "deceiv",
    "undermin",
    "destabili",
    "abduct",
    "invad",
    "occupy",
    "occupie",
    "annex",
    "bomb",
    "massacr",
    "persecut",
    "oppress",
    "repress",
    "weaponi",
    "blackmail",
    "provok",
    "terroris",
    "terroriz",
    "monopoli",
    "sabotag",
    "obstruct",
    "flout",
    "breach",
    "kill",
    "destroy",
    "deport",
    "kidnap",
    "steal",
    "stole",
    "tortur",
    "loot",
    "shell",
    "murder",
    "starv",
    "exterminat",
    "slaughter",
    "intimidat",
    "manipulat",
    "interfer",
    "meddl",
    "exploit",
    "punish",
    "harass",
    "discriminat",
    "strangl",
    "suffocat",
    "falsif",
    "rigged",
    "unleash",
    "intrud",
)
