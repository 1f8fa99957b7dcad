"""What a council did with an item, read from the decision text as a fixed Danish vocabulary. No Django.

`classify_outcomes("KKR Hovedstaden tog orienteringen om status til efterretning og godkendte ...")`
returns ["taget til efterretning", "godkendt"]: every outcome the text states, in order of appearance.
`meetings.models.Outcome` (what the database stores) is built from `OUTCOMES` and `LABELS`.
"""

from __future__ import annotations

import re

APPROVED = "godkendt"
NOTED = "taget til efterretning"
DISCUSSED = "drøftet"
ENDORSED = "tiltrådt"
APPOINTED = "udpeget"
DECIDED = "besluttet"
REJECTED = "afvist"
POSTPONED = "udsat"
RECOMMENDED = "anbefalet"
INFORMED = "orienteret"

OUTCOMES = (
    APPROVED,
    NOTED,
    DISCUSSED,
    ENDORSED,
    APPOINTED,
    DECIDED,
    REJECTED,
    POSTPONED,
    RECOMMENDED,
    INFORMED,
)

#: The Danish label of each outcome, as pages show it.
LABELS: dict[str, str] = {outcome: outcome[0].upper() + outcome[1:] for outcome in OUTCOMES}
#: The Python name of each outcome (Outcome.APPROVED ...).
NAMES: dict[str, str] = {
    APPROVED: "APPROVED",
    NOTED: "NOTED",
    DISCUSSED: "DISCUSSED",
    ENDORSED: "ENDORSED",
    APPOINTED: "APPOINTED",
    DECIDED: "DECIDED",
    REJECTED: "REJECTED",
    POSTPONED: "POSTPONED",
    RECOMMENDED: "RECOMMENDED",
    INFORMED: "INFORMED",
}

# Being informed is implied whenever the council also did something else, so it only counts alone.
_WEAK = frozenset({INFORMED})

# Verb forms only: "drøftede"/"drøftet" count, the noun "drøftelse" does not. No match right after a
# hyphen, so "KKR-udpegede" (the people KKR appointed earlier) is not an appointment.
_W = r"(?<![\w-])"
_I = re.IGNORECASE
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (NOTED, re.compile(_W + r"(?:tog|tager|taget|tages|toges)\b[^.;]{0,160}?\btil\s+efterretning\b", _I)),
    (NOTED, re.compile(_W + r"til\s+efterretning\b", _I)),
    (
        APPROVED,
        re.compile(
            _W
            + r"(?:godkend(?:te|t|er|es|tes)|vedt(?:og|ager|aget|ages)|(?:kunne|kan)\s+(?:ikke\s+)?godkende)\b",
            _I,
        ),
    ),
    (DISCUSSED, re.compile(_W + r"drøft(?:ede|et|er|es|edes)\b", _I)),
    (
        ENDORSED,
        re.compile(
            _W + r"(?:tiltr(?:ådte|ådt|æder|ædes|ådtes)|tilslut(?:ter|tede|tet)\s+sig"
            r"|(?:kunne|kan|vil)\s+(?:ikke\s+)?(?:tiltræde|tilslutte\s+sig))\b",
            _I,
        ),
    ),
    (APPOINTED, re.compile(_W + r"(?:udpeg(?:ede|et|er|es|edes)|genudpeg(?:ede|et))\b", _I)),
    (DECIDED, re.compile(_W + r"beslut(?:tede|tet|ter|tes|tedes)\b", _I)),
    (REJECTED, re.compile(_W + r"(?:afvis(?:te|t|er|es)|forkast(?:ede|et|er))\b", _I)),
    (
        POSTPONED,
        re.compile(_W + r"(?:udsat(?:te)?|udsættes|vende[rs]?\s+tilbage\s+til\s+(?:sagen|punktet))\b", _I),
    ),
    (RECOMMENDED, re.compile(_W + r"anbefal(?:ede|et|er|es)\b", _I)),
    (INFORMED, re.compile(_W + r"orienter(?:ede|et|es|edes)\b", _I)),
)
# A substring every match of the pattern contains: skips most regex calls on sentences without it.
_STEMS = {
    NOTED: ("efterretning",),
    APPROVED: ("godkend", "vedt"),
    DISCUSSED: ("drøft",),
    ENDORSED: ("tiltr", "tilslut"),
    APPOINTED: ("udpeg",),
    DECIDED: ("beslut",),
    REJECTED: ("afvis", "forkast"),
    POSTPONED: ("uds", "tilbage"),
    RECOMMENDED: ("anbefal",),
    INFORMED: ("orienter",),
}
_NEGATED = re.compile(r"\bikke\s+(?:\w+\s+)?$")
_NEGATED_AFTER = re.compile(r"^\s+ikke\b")
_NEGATED_INSIDE = re.compile(r"\bikke\b", re.IGNORECASE)  # "kunne ikke tiltræde"
_NEGATABLE = frozenset({APPROVED, ENDORSED, RECOMMENDED})

# A sentence speaks about the council when it names it ("KKR", "formanden"), is a passive main
# clause ("Dagsordenen blev godkendt.") or is a bare verdict ("Godkendt.", "Indstillingen tiltrådt.").
# This keeps out reports from other bodies in "Siden sidst":
# "... møde i Movia, hvor de økonomiske udfordringer blev drøftet.", "Her drøftedes ...".
_COUNCIL_RE = re.compile(r"(?<![\w-])(?:KKR|[Ff]ormand\w*|[Nn]æstformand\w*)")
# What a municipal or regional body calls itself in its own minutes ("Udvalget godkendte ...", "Et flertal i
# Byrådet ..."); counted only for the minutes of such a body (`council=`), never in KKR minutes, whose "Siden
# sidst" reports what other bodies decided.
_OWN_BODY_WORDS = (
    r"[Uu]dvalg(?:et)?|[Bb]yråd(?:et)?|[Kk]ommunalbestyrelse(?:n)?|[Rr]egionsråd(?:et)?|[Mm]agistrat(?:en)?"
    r"|[Bb]orgerrepræsentation(?:en)?|[Ff]orretningsudvalg(?:et)?|[Øø]konomiudvalg(?:et)?|[Ll]okaludvalg(?:et)?"
    r"|[Bb]orgmesteren"
    r"|[Ee]t\s+(?:enigt\s+)?flertal|[Ee]nigt|[Ee]nstemmigt"
)
_SUBJECT_ONLY_RE = re.compile(
    r"^(?:Indstilling(?:en|erne)?|Sagen|Punktet|Forslaget|Dagsordenen|Referatet|Orientering(?:en)?|Oplægget"
    r"|Herefter|Hermed|Dermed|Derefter)?\s*$",
    re.IGNORECASE,
)
_PASSIVE_RE = re.compile(r"\b(?:blev|er|bliver)\s+(?:\w+\s+)?$")
# A participle that ends its sentence is an elliptic verdict ("Kim Østergaard og Ole Andersen godkendt."),
# for the outcomes a body gives, not for talk ("drøftet") that reports of other bodies end with.
_VERDICT_END = re.compile(r"^\s*(?:[.!]|$)")
_VERDICTS = frozenset({APPROVED, NOTED, ENDORSED, REJECTED})
_FINITE_BEFORE = re.compile(
    r"\b(?:har|havde|have|var)\s+(?:\w+\s+)?$", re.IGNORECASE
)  # "Regionsrådet har godkendt."
_SUBORDINATE_RE = re.compile(r"\b(?:hvor|hvis|når|fordi|mens)\b")
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?:])\s+(?=[A-ZÆØÅ\"'–-])|\n+")


def classify_outcomes(text: str, *, council: str | None = None) -> list[str]:
    """The outcomes a decision text states, in order of appearance, without duplicates.

    `council` is the name of the body whose minutes these are, when it is not a KKR ("Teknisk Udvalg"): its
    name and what such a body calls itself ("Udvalget", "Et flertal") then count as the body speaking.
    """
    council_re = _COUNCIL_RE
    if council:
        own = re.escape(council.strip())
        council_re = re.compile(rf"(?<![\w-])(?:KKR|[Ff]ormand\w*|[Nn]æstformand\w*|{own}|{_OWN_BODY_WORDS})")
    found: list[tuple[int, str]] = []
    offset = 0
    for sentence in _SENTENCE_SPLIT.split(text or ""):
        about_council = bool(council_re.search(sentence))
        lowered = sentence.lower()
        for outcome, pattern in _PATTERNS:
            if not any(stem in lowered for stem in _STEMS[outcome]):
                continue
            for m in pattern.finditer(sentence):
                head = sentence[: m.start()]
                main_clause_passive = _PASSIVE_RE.search(head) and not _SUBORDINATE_RE.search(head)
                verdict_ends_sentence = (
                    outcome in _VERDICTS
                    and _VERDICT_END.match(sentence[m.end() :])
                    and not _SUBORDINATE_RE.search(head)
                    and not _FINITE_BEFORE.search(head)
                )
                if not (
                    about_council
                    or main_clause_passive
                    or _SUBJECT_ONLY_RE.match(head)
                    or verdict_ends_sentence
                ):
                    continue
                if outcome in _NEGATABLE and (
                    _NEGATED.search(head[-20:])
                    or _NEGATED_AFTER.match(sentence[m.end() :])
                    or _NEGATED_INSIDE.search(m.group(0))
                ):
                    outcome = REJECTED
                found.append((offset + m.start(), outcome))
        offset += len(sentence) + 1
    found.sort()
    ordered = list(dict.fromkeys(outcome for _, outcome in found))
    strong = [outcome for outcome in ordered if outcome not in _WEAK]
    return strong or ordered
