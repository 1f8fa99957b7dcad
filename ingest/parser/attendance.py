"""Who was there: the attendance forms of municipal and regional minutes -> ParsedAttendee. Pure, no Django.

Lists under a label, one entry a line or comma-separated on one line:

    Medlemmer / Deltagere: / Mødedeltagere: / Tilstede var: / Deltagerne var: / Medlemmer af udvalget:  (present)
    Fraværende / Fraværende med afbud / Fraværende uden afbud / Afbud: / Afbud fra: / Ikke til stede:  (absent)
    Fraværende i mødet: / FRAVÆRENDE INDTIL/FRA:  (there for part of the meeting)
    Bemærkninger: / Fremmøde og inhabilitet: / Stedfortrædere:  (sentences)

entries like "Annette Møller Sjøbeck (V)", "Erling Larsen, (A)", "Lasse Krull, C", "Anette Holst Christensen, A,
(ferie)", "Borgmester Cecilia Lonning-Skovgaard (V), tjenesterejse.", "Lars Gaardhøj: Deltog", "Sofie de
Bretteville Olsen: Afbud (Stedfortræder Jarl Feyling, fraværende ved sag 1-4. )", "Birgitte Glifberg (A),
Suppleant for Brian Møller (A)", "Marianne Thomsen, F (midlertidigt for Vicky B. Lorenzen)", "Britt Jensen (A),
sag 129-138", and a name, its role and its party on three lines (Region Sjælland). And sentences:

    "Der er afbud fra A, B og C.", "Afbud fra A stedfortræder B", "Alle medlemmer var mødt undtagen A og B, der
    havde meldt afbud. I stedet deltog stedfortræder C.", "A havde meldt afbud, og B deltog i stedet.",
    "Følgende udeblev uden afbud: A, B og C.", "Fraværende: A (V) - B (V) mødte som stedfortræder.",
    "A, B og C deltog ikke på mødet.", "A og B deltog som suppleanter."

and absences from some items only, by their numbers: "A deltog ikke under punkterne 12-15", "A ankom kl. 17.32
under behandlingen af punkt 3" (away for items 1-3), "A forlod mødet kl. 17.40 under behandling af pkt. 5" (away
from 5 on), "A gik efter punkt 141", "Karoline Bendixen til kl. 18.40 i punkt 2". `ItemAbsence.covers(number)`
says whether an item of that number is one of them.

Names are full names as printed, without titles ("Borgmester", "Rådmand", "Formand"), reasons ("pga. ferie")
or party letters; the party is the letter(s) in brackets or after a comma, up to three letters ("A", "Ø", "UP").
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field

from ingest.parser.document import ABSENT, PRESENT, ParsedAttendee
from ingest.parser.sections import decision_heading, heading_kind, unbullet

STEDFORTRÆDER = "stedfortræder"
SUPPLEANT = "suppleant"

# --- names ---------------------------------------------------------------------------------------------

_NAME_WORD = re.compile(r"^[A-ZÆØÅÉÜÖÄÓÁÍ][\w'’.\-]*$")
_PARTICLES = frozenset({"de", "von", "van", "la", "le", "du", "da", "di", "el", "al", "bin", "ter", "den"})
# Lower-case words that end a name (a name's own words are capitalised, bar particles and rare misprints).
_STOP = frozenset(
    [
        "og",
        "samt",
        "afbud",
        "var",
        "er",
        "har",
        "havde",
        "blev",
        "bliver",
        "deltog",
        "deltager",
        "deltage",
        "ankom",
        "kom",
        "mødte",
        "mødt",
        "udeblev",
        "i",
        "på",
        "til",
        "fra",
        "med",
        "for",
        "under",
        "som",
        "der",
        "det",
        "at",
        "ikke",
        "pga",
        "pga.",
        "grundet",
        "kl",
        "kl.",
        "om",
        "af",
        "hvor",
        "men",
        "ved",
        "efter",
        "før",
        "indkaldt",
        "indkaldes",
        "suppleant",
        "suppleanten",
        "stedfortræder",
        "fraværende",
        "tilstede",
        "inhabil",
        "valgt",
        "vælges",
        "åben",
        "lukket",
        "forlod",
        "forlød",
        "gik",
        "jf.",
        "jf",
        "sag",
        "sager",
        "punkt",
        "pkt",
        "pkt.",
        "dette",
        "denne",
        "hele",
        "mødet",
        "orienterede",
        "meddelte",
        "oplyste",
        "sluttede",
        "startede",
    ]
)
# Titles printed before a name.
_TITLE = re.compile(
    r"^(?:(?:over|vice)?borgmester|rådmand|(?:regionsråds|udvalgs)?formand(?:en)?|\d\.\s*næstformand|næstformand"
    r"|(?:vice)?politidirektør|politiinspektør|observatør|koncerndirektør|kommunaldirektør|direktør"
    r"|sekretariatschef|centerchef|\d\.\s*suppleant|suppleant(?:en)?|stedfortræder(?:en)?|medlem|rådmand)"
    r"(?:\s+(?:fra|i|for)\s+(?:Region\s+\w+|[A-ZÆØÅ][\w-]*\s+Kommune|[A-ZÆØÅ][\w-]*))?\s+(?=\S)",
    re.IGNORECASE,
)
_ROLE_ONLY = re.compile(
    r"^(?:formand|næstformand|\d\.\s*næstformand|regionsrådsformand|udvalgsformand|medlem|borgmester"
    r"|løsgænger)\s*$",
    re.IGNORECASE,
)
_PARTY_ONLY = re.compile(r"^\((?P<party>[^()]{1,20})\)$|^(?P<bare>Løsgænger|[A-ZÆØÅ]{1,2})$")
_INITIAL = re.compile(r"^[A-ZÆØÅ]\.$")
_GLUED_NAME = re.compile(r"^[A-ZÆØÅ][a-zæøå]+[A-ZÆØÅ][\w-]+$")  # "JohnFobian-Madsen", as printed
# Capitalised words that start lines of minutes but never a name.
_NOT_NAMES = frozenset(
    [
        "indholdsfortegnelse",
        "dagsorden",
        "dagsordenen",
        "referat",
        "punkter",
        "sager",
        "sag",
        "beslutning",
        "bemærkninger",
        "mødet",
        "møde",
        "godkendelse",
        "orientering",
        "der",
        "den",
        "det",
        "de",
        "alle",
        "følgende",
        "ingen",
        "intet",
        "udvalget",
        "byrådet",
        "kommunalbestyrelsen",
        "regionsrådet",
        "da",
        "hvis",
        "når",
        "efter",
        "som",
    ]
)
_ENUMERATOR = re.compile(r"^\d{1,2}[.)]\s+")
_PARTY_AFTER = re.compile(
    r"^\s*,?\s*\((?P<party>[^()]{1,20})\)|^\s*,\s*(?P<bare>[A-ZÆØÅ]{1,3})(?=\s*(?:[,(.]|$))"
)
_SUBSTITUTE_FOR = re.compile(
    r"\b(?P<kind>suppleant|stedfortræder|midlertidigt)\s+for\s+(?P<for>[^(),.]+(?:\.\s?[A-ZÆØÅ][^(),.]*)*)",
    re.IGNORECASE,
)
_STATUS = re.compile(
    r"^(?P<name>[^:]{3,80}):\s*(?P<status>deltog ikke|deltog|deltager ikke|deltager|afbud|fraværende|forfald"
    r"|ikke til stede|til stede)\b\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
_NOBODY = re.compile(r"^(?:ingen|-+|–|intet|ingen\s+afbud|alle\s+til\s+stede)\.?$", re.IGNORECASE)
_SPLIT_NAMES = re.compile(r"\s*,\s*|\s+og\s+|\s+samt\s+|\s*&\s*")


def _party(value: str) -> str | None:
    value = value.strip()
    return value if 1 <= len(value) <= 3 and value.isalpha() else None


@dataclass
class ItemAbsence:
    """A member away from some items: from `first` to `last` (item numbers, inclusive; None = open)."""

    name: str
    first: int | None = None
    last: int | None = None
    sentence: str = ""

    def covers(self, number: str) -> bool:
        try:
            value = int(number.split(".")[0])
        except ValueError:
            return False
        return (self.first is None or value >= self.first) and (self.last is None or value <= self.last)


@dataclass
class Found:
    """One person an attendance text names, with what it says about them."""

    attendee: ParsedAttendee
    absences: list[ItemAbsence] = field(default_factory=list)
    this_item: bool = False  # away from the item in whose text the statement stands
    meeting: bool = True  # the statement is about the meeting's attendance


def split_name(text: str, *, single: bool = False) -> tuple[str, str] | None:
    """(name, the rest) when `text` starts with a person's name; titles before it are dropped.

    A name is two to six capitalised words (particles like "de" allowed, a lower-case last word allowed as
    printed: "Gert winther"); one word only when `single` (minutes that name members by first name)."""
    text = _ENUMERATOR.sub("", unbullet(text)).strip()
    while m := _TITLE.match(text):
        text = text[m.end() :]
    words = text.split(" ")
    taken: list[str] = []
    for index, word in enumerate(words):
        bare = word.rstrip(",.;:")
        if not bare:
            break
        if _NAME_WORD.match(bare) and not (bare.isupper() and len(bare) > 3):
            taken.append(word.rstrip(",;:") if _INITIAL.match(word.rstrip(",;:")) else bare)
        elif taken and bare in _PARTICLES and index + 1 < len(words):
            taken.append(bare)
        elif (
            len(taken) == 1
            and bare.isalpha()
            and bare.islower()
            and bare not in _STOP
            and (index + 1 == len(words) or words[index + 1].rstrip(",.") in {"og", ""} or word.endswith(","))
        ):
            taken.append(bare)  # "Gert winther og ..." as printed
        else:
            break
        if word != bare:  # a comma or dot ends the name ("Lasse Krull, C"; "H." is an initial, kept)
            if word.endswith(".") and len(bare) == 1 and bare.isupper():
                continue
            break
    while taken and taken[-1] in _PARTICLES:
        taken.pop()
    glued = len(taken) == 1 and _GLUED_NAME.match(taken[0])
    if not taken or (len(taken) < 2 and not single and not glued) or len(taken) > 6:
        return None
    if any(w.isupper() and len(w) > 1 and not w.endswith(".") for w in taken):
        return None
    if taken[0].lower() in _NOT_NAMES:
        return None
    name = " ".join(taken)
    position = 0
    for word in taken:  # where the name ends in `text`
        position = text.find(word, position) + len(word)
    rest = text[position:]
    return name, rest


def entry(text: str, *, single: bool = False) -> list[Found]:
    """The people one list entry names (a name, its party, role, status, substitute, item ranges); [] if none.

    The entry must be the name and what belongs to it: "Da Venstre og Dansk Folkeparti ikke har ..." is not one.
    """
    text = unbullet(text).strip().strip("|").strip()
    if not text or _NOBODY.match(text):
        return []
    status = None
    if m := _STATUS.match(text):
        word = m["status"].lower()
        status = PRESENT if word in {"deltog", "deltager", "til stede"} else ABSENT
        text = f"{m['name']} {m['rest']}".strip()
    parts = split_name(text, single=single)
    if parts is None:
        return []
    name, rest = parts
    party = None
    if m := _PARTY_AFTER.match(rest):
        party = _party(m["party"] or m["bare"] or "")
        rest = rest[m.end() :]
    if not _acceptable_rest(rest):
        return []
    lowered = rest.lower()
    substitute_for = substitute_kind = None
    found: list[Found] = []
    if m := _SUBSTITUTE_FOR.search(rest):
        target = split_name(m["for"], single=True)
        if target and not lowered.lstrip(" ,(").startswith("stedfortræder "):
            substitute_for = target[0]
            substitute_kind = SUPPLEANT if m["kind"].lower() == SUPPLEANT else STEDFORTRÆDER
    if status is None and re.search(r"\bafbud\b", lowered):
        status = ABSENT
    person = ParsedAttendee(
        name=name,
        status=status or PRESENT,
        party=party,
        substitute_for=substitute_for,
        substitute_kind=substitute_kind,
    )
    own = Found(person, [ItemAbsence(name, a, b, text) for a, b in _ranges(rest)] if status != ABSENT else [])
    found.append(own)
    # "Afbud (Stedfortræder Jarl Feyling, fraværende ved sag 1-4. )": the substitute who came instead.
    if m := re.search(
        r"\(\s*(?P<kind>stedfortræder|suppleant)\s+(?P<sub>[^,)]+)(?P<tail>[^)]*)\)", rest, re.I
    ):
        sub = split_name(m["sub"], single=False)
        if sub:
            tail = m["tail"]
            found.append(
                Found(
                    ParsedAttendee(sub[0], PRESENT, substitute_for=name, substitute_kind=m["kind"].lower()),
                    [ItemAbsence(sub[0], a, b, text) for a, b in _ranges(tail)]
                    if "fravær" in tail.lower()
                    else [],
                )
            )
    if status == ABSENT and own.absences:
        own.absences = []
    return found


_REST_OK = re.compile(
    r"^(?:\s*\([^)]*\)?)*\s*(?:$|[,.;:](?:.*)$|\s*[-–]\s+.*$|\s+(?:pga\.?|grundet|på grund af|jf\.)\s.*$"
    r"|\s+(?:indkaldt|deltog|deltager|mødte som .*|(?:til|fra) kl\.?.*|sag\s+\d.*)$)",
    re.IGNORECASE,
)


def _acceptable_rest(rest: str) -> bool:
    return bool(_REST_OK.match(rest))


_RANGE = re.compile(
    r"\b(?:dagsordens)?(?:punkt(?:erne|er)?|pkt\.?|sag(?:erne|er)?|sagsnr\.?)\s*(?P<a>\d{1,3})"
    r"(?:\s*(?:-|–|til)\s*(?P<b>\d{1,3}))?(?P<more>(?:\s*(?:,|og)\s*\d{1,3}(?:\s*[-–]\s*\d{1,3})?)*)",
    re.IGNORECASE,
)


def _ranges(text: str) -> list[tuple[int, int]]:
    """Item numbers a text names: "punkterne 12-15" -> [(12, 15)], "pkt. 5 og 7" -> [(5, 5), (7, 7)]."""
    found: list[tuple[int, int]] = []
    for m in _RANGE.finditer(text):
        first = int(m["a"])
        found.append((first, int(m["b"]) if m["b"] else first))
        for extra in re.finditer(r"(\d{1,3})(?:\s*[-–]\s*(\d{1,3}))?", m["more"] or ""):
            a = int(extra[1])
            found.append((a, int(extra[2]) if extra[2] else a))
    return found


def names_in(text: str, *, single: bool = False, status: str = PRESENT) -> list[Found]:
    """Every person of a list written as one line ("A (V), B (A) og C"); [] unless every part is a person."""
    text = text.strip().strip("|").strip().rstrip(".").strip()
    if not text or _NOBODY.match(text):
        return []
    found: list[Found] = []
    for piece in _split_top(text):
        if bare := _PARTY_ONLY.match(piece):
            if found and found[-1].attendee.party is None:
                found[-1].attendee.party = _party(bare["party"] or bare["bare"] or "")
            continue
        if found and (ranges := _ranges(piece)) and _RANGE.match(piece):
            found[-1].absences.extend(ItemAbsence(found[-1].attendee.name, a, b, text) for a, b in ranges)
            continue
        if re.match(r"^(?:[\w.]+\s*)?[-–]?\s*afbud$", piece, re.IGNORECASE) and found:
            found[-1].attendee.status = ABSENT  # "Christian Wedell-Neergaard (C), Næstformand- afbud"
            continue
        if _ROLE_ONLY.match(piece) or re.match(r"^\([^)]*\)$", piece) or _reason_only(piece):
            continue
        people = entry(piece, single=single)
        if not people:
            return []
        found.extend(people)
    for one in found:
        if status == ABSENT and one.attendee.substitute_for is None:
            one.attendee.status = ABSENT
    return found


def _reason_only(piece: str) -> bool:
    return bool(re.match(r"^\(?[a-zæøå][\w .-]*\)?$", piece))


def _split_top(text: str) -> list[str]:
    """Split a list at ", ", " og ", " samt " and " & ", but not inside brackets."""
    pieces: list[str] = []
    depth = start = 0
    for m in re.finditer(r"[()]|" + _SPLIT_NAMES.pattern, text):
        token = m.group(0)
        if token == "(":
            depth += 1
        elif token == ")":
            depth = max(0, depth - 1)
        elif depth == 0:
            pieces.append(text[start : m.start()])
            start = m.end()
    pieces.append(text[start:])
    return [piece.strip() for piece in pieces if piece.strip()]


# --- sentences --------------------------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"(?<=[a-zæøå0-9)\]])[.!?]\s+(?=[A-ZÆØÅ])")
_ARRIVED = re.compile(
    r"^(?P<who>.+?)\s+(?:ankom|kom)\s+(?:til\s+mødet\s+)?(?:kl\.?\s*[\d.:]+\s*)?(?P<rest>.*)$", re.IGNORECASE
)
_LEFT = re.compile(
    r"^(?P<who>.+?)\s+(?:forl[oø]d|gik\s+fra)\s+(?:mødet|lokalet)\s*(?:kl\.?\s*[\d.:]+\s*)?(?P<rest>.*)$",
    re.IGNORECASE,
)
_WENT = re.compile(
    r"^(?P<who>.+?)\s+gik\s+(?P<when>efter|under|før)\s+(?P<rest>(?:punkt|pkt).*)$", re.IGNORECASE
)
_NOT_UNDER = re.compile(
    r"^(?P<who>.+?)\s+deltog\s+ikke\s+(?:i|under)\s+(?:behandlingen\s+af\s+)?(?P<rest>(?:dagsordens)?"
    r"(?:punkt\w*|pkt\.?|sag\w*)\s*\d.*)$",
    re.IGNORECASE,
)
_NOT_THIS_ITEM = re.compile(
    r"^(?P<who>.+?)\s+(?:deltog\s+ikke\s+(?:i|under)\s+(?:behandlingen\s+af\s+(?:dette\s+punkt|punktet|sagen)"
    r"|sagens\s+behandling|.{0,80}?behandling\s+af\s+(?:sagen|punktet)|punktets\s+behandling)"
    r"|var\s+inhabil\b.*|forlod\s+mødet\s+under\s+(?:behandlingen\s+af\s+)?(?:dette\s+punkt|punktet|sagen))$",
    re.IGNORECASE,
)
_AWAY = re.compile(
    r"^(?P<who>.+?)\s+(?:var|er)\s+(?:fraværende|ikke\s+til\s+stede)(?:\s+.*)?$|^(?P<who2>.+?)\s+kunne\s+ikke\s+deltage$",
    re.IGNORECASE,
)
_NOT_AT_MEETING = re.compile(
    r"^(?P<who>.+?)\s+(?:deltog|deltager)\s+ikke\s+(?:i|på)\s+(?:dagens\s+)?mødet$", re.IGNORECASE
)
_SENT_APOLOGIES = re.compile(
    r"^(?:Der\s+(?:er|var)\s+(?:[\wæøå-]+\s+){0,4}?afbud\s+fra|Afbud\s+fra)\s+(?P<who>.+?)"
    r"(?:\s+(?P<kind>stedfortræder|suppleant)\s+(?P<sub>[^.]+))?$",
    re.IGNORECASE,
)
_ALL_BUT = re.compile(
    r"^Alle\s+(?:medlemmer\s+)?(?:var\s+)?(?:mødt|til\s+stede)(?:\s+(?:undtagen|bortset\s+fra)\s+(?P<who>.+?))?"
    r"(?:,?\s+der\s+havde\s+meldt\s+afbud)?$",
    re.IGNORECASE,
)
_HAD_APOLOGISED = re.compile(r"^(?P<who>.+?)\s+(?:havde|har)\s+meldt\s+afbud\b(?P<tail>.*)$", re.IGNORECASE)
_CAME_INSTEAD = re.compile(r"^[^.]*?,?\s+og\s+(?P<sub>.+?)\s+deltog\s+i\s+stedet\b", re.IGNORECASE)
_INSTEAD = re.compile(
    r"^(?:I\s+stedet\s+deltog|Som\s+(?P<kind>stedfortræder|suppleant)\s+deltog)\s+"
    r"(?:(?P<kind2>stedfortræder|suppleant)(?:en)?\s+)?(?P<who>.+)$",
    re.IGNORECASE,
)
_NO_SUBSTITUTE = re.compile(r"^Der\s+mødte\s+ikke\s+(?:stedfortræder|suppleant)\s+for\s+(?P<who>.+)$", re.I)
_STAYED_AWAY = re.compile(
    r"^(?:Følgende\s+udeblev\s+uden\s+afbud\s*:\s*(?P<who>.+)|(?P<who2>.+?)\s+udeblev(?:\s+uden\s+afbud)?)$",
    re.IGNORECASE,
)
_CAME_AS = re.compile(
    r"^(?P<absent>.+?)\s+[-–]\s+(?P<sub>.+?)\s+mødte\s+som\s+(?P<kind>stedfortræder|suppleant)$",
    re.IGNORECASE,
)
_TOOK_PART_AS = re.compile(
    r"^(?P<who>.+?)\s+(?:deltog|deltager|mødte)\s+(?:som\s+(?:hendes\s+|hans\s+)?|i\s+stedet\s+som\s+)"
    r"(?P<kind>suppleant|stedfortræder)(?:er|e|en)?(?:\s+for\s+(?P<for>.+))?$",
    re.IGNORECASE,
)
_CALLED_IN = re.compile(
    r"(?:^|\bat\s+)(?P<who>[A-ZÆØÅ][\w.'’-]*(?:\s+[A-ZÆØÅ][\w.'’-]*){1,4})\s*(?:\((?P<party>[^)]{1,4})\))?.{0,160}?"
    r"\bindkaldt\s+som\s+(?P<kind>stedfortræder|suppleant)\s+for\s+(?P<for>.+)$"
)
_PARTIAL = re.compile(r"^(?P<who>.+?)\s+(?P<dir>til|fra)\s+kl\.?\s*[\d.:]+\s*(?P<rest>.*)$", re.IGNORECASE)
_FROM_TIME = re.compile(
    r"^(?P<who>.+?)\s+deltog\s+(?:i\s+mødet\s+)?(?:fra|indtil|til)\s+kl\.?.*$", re.IGNORECASE
)
_LABELLED_ABSENT = re.compile(
    r"^(?P<label>Fraværende(?:\s+med\s+afbud|\s+uden\s+afbud)?|Afbud|Ikke\s+til\s+stede|Ikke\s+tilstede)\s*:\s*"
    r"(?P<who>.*)$",
    re.IGNORECASE,
)


def sentences(text: str) -> list[str]:
    """The sentences of a text, one per line or split after a full stop."""
    found: list[str] = []
    for line in text.splitlines():
        line = unbullet(line).strip().strip("|").strip()
        if line:
            found.extend(s.strip().rstrip(".").strip() for s in _SENTENCE_END.split(line) if s.strip())
    return found


def _people(text: str, *, status: str, single: bool = True) -> list[Found]:
    found = names_in(text, single=single, status=status)
    if not found:
        found = entry(text, single=single)
        for one in found:
            one.attendee.status = status
    return found


def statements(text: str) -> list[Found]:
    """Every person the attendance sentences of `text` name, with what they say (see the module docstring)."""
    found: list[Found] = []
    absentees: list[str] = []
    without_substitute: set[str] = set()
    open_substitutes: list[ParsedAttendee] = []
    for sentence in sentences(text):
        found.extend(_statement(sentence, absentees, without_substitute, open_substitutes))
    # "I stedet deltog stedfortræder Z" with one absentee left that had a substitute: Z stood in for them.
    for substitute in open_substitutes:
        candidates = [name for name in absentees if name not in without_substitute]
        taken = {f.attendee.substitute_for for f in found if f.attendee.substitute_for}
        candidates = [name for name in candidates if name not in taken]
        if len(candidates) == 1:
            substitute.substitute_for = candidates[0]
    return found


def _statement(
    sentence: str, absentees: list[str], without_substitute: set[str], open_substitutes: list[ParsedAttendee]
) -> list[Found]:
    if m := _LABELLED_ABSENT.match(sentence):
        who = m["who"].strip()
        if not who or _NOBODY.match(who):
            return []
        inner = _statement(who, absentees, without_substitute, open_substitutes)
        if inner:
            for one in inner:
                one.this_item = one.this_item or one.attendee.status == ABSENT
            return inner
        people = _people(who, status=ABSENT)
        for one in people:
            one.this_item = True
            if one.attendee.status == ABSENT:
                absentees.append(one.attendee.name)
        return people
    if m := _CAME_AS.match(sentence):
        away = _people(m["absent"], status=ABSENT)
        subs = _people(m["sub"], status=PRESENT)
        for one in subs:
            one.attendee.substitute_kind = m["kind"].lower()
            if len(away) == 1:
                one.attendee.substitute_for = away[0].attendee.name
        for one in away:
            one.this_item = True
        return away + subs
    if " - " in sentence or " – " in sentence:
        parts = re.split(r"\s+[-–]\s+", sentence)
        if len(parts) > 1:
            results: list[Found] = []
            for part in parts:
                results.extend(_statement(part, absentees, without_substitute, open_substitutes))
            subs = [f for f in results if f.attendee.substitute_kind and not f.attendee.substitute_for]
            away = [f for f in results if f.attendee.status == ABSENT]
            if len(away) == 1:
                for one in subs:
                    one.attendee.substitute_for = away[0].attendee.name
            if results:
                return results
    if m := _SENT_APOLOGIES.match(sentence):
        who = re.split(r"\s+(?:pga\.?|grundet|på grund af|som følge af)\s", m["who"], maxsplit=1)[0]
        away = _people(who, status=ABSENT)
        absentees.extend(f.attendee.name for f in away)
        if m["sub"] and len(away) == 1:
            sub = split_name(m["sub"], single=False)
            if sub:
                away.append(
                    Found(
                        ParsedAttendee(
                            sub[0],
                            PRESENT,
                            substitute_for=away[0].attendee.name,
                            substitute_kind=m["kind"].lower(),
                        )
                    )
                )
        return away
    if m := _ALL_BUT.match(sentence):
        if not m["who"]:
            return []
        away = _people(m["who"], status=ABSENT)
        absentees.extend(f.attendee.name for f in away)
        return away
    if m := _NO_SUBSTITUTE.match(sentence):
        name = split_name(m["who"], single=True)
        if name:
            without_substitute.add(name[0])
        return []
    if m := _INSTEAD.match(sentence):
        people = _people(m["who"], status=PRESENT)
        kind = (m["kind"] or m["kind2"] or "").lower() or None
        for one in people:
            one.attendee.substitute_kind = kind
            if one.attendee.substitute_for is None:
                open_substitutes.append(one.attendee)
        return people
    if m := _HAD_APOLOGISED.match(sentence):
        away = _people(m["who"], status=ABSENT)
        absentees.extend(f.attendee.name for f in away)
        instead = _CAME_INSTEAD.match(m["tail"])
        if instead and len(away) == 1:
            for one in _people(instead["sub"], status=PRESENT):
                one.attendee.substitute_for = away[0].attendee.name
                away.append(one)
        return away
    if m := _STAYED_AWAY.match(sentence):
        return _people(m["who"] or m["who2"], status=ABSENT)
    if m := _TOOK_PART_AS.match(sentence):
        people = _people(m["who"], status=PRESENT)
        for one in people:
            one.attendee.substitute_kind = m["kind"].lower()
            if m["for"] and (target := split_name(m["for"], single=True)):
                one.attendee.substitute_for = target[0]
        return people
    if m := _NOT_AT_MEETING.match(sentence):
        people = _people(m["who"], status=ABSENT)
        for one in people:
            one.this_item = True
        return people
    if m := _NOT_UNDER.match(sentence):
        people = _people(m["who"], status=PRESENT)
        ranges = _ranges(m["rest"])
        for one in people:
            one.absences = [ItemAbsence(one.attendee.name, a, b, sentence) for a, b in ranges]
            one.meeting = False
        return people if ranges else []
    if m := _NOT_THIS_ITEM.match(sentence):
        people = _people(m["who"], status=PRESENT)
        for one in people:
            one.this_item, one.meeting = True, False
        return people
    if (m := _LEFT.match(sentence)) and (people := _moved(m["who"], m["rest"], sentence, arrived=False)):
        return people
    if (m := _ARRIVED.match(sentence)) and (people := _moved(m["who"], m["rest"], sentence, arrived=True)):
        return people
    if m := _WENT.match(sentence):
        ranges = _ranges(m["rest"])
        people = _people(m["who"], status=PRESENT)
        if ranges:
            first = ranges[0][0] + (1 if m["when"].lower() == "efter" else 0)
            for one in people:
                one.absences = [ItemAbsence(one.attendee.name, first, None, sentence)]
        return people
    if m := _CALLED_IN.search(sentence):
        target = split_name(re.sub(r"\s*\([^)]*\)", "", m["for"]), single=True)
        people = _people(m["who"], status=PRESENT)
        for one in people:
            one.attendee.substitute_kind = m["kind"].lower()
            one.attendee.substitute_for = target[0] if target else None
            one.attendee.party = one.attendee.party or (_party(m["party"]) if m["party"] else None)
        return people
    if m := _FROM_TIME.match(sentence):
        return _people(m["who"], status=PRESENT)
    if m := _PARTIAL.match(sentence):
        ranges = _ranges(m["rest"])
        people = _people(m["who"], status=PRESENT)
        if ranges:
            number = ranges[0][0]
            for one in people:
                span = (None, number) if m["dir"].lower() == "til" else (number, None)
                one.absences = [ItemAbsence(one.attendee.name, *span, sentence)]
        return people
    if m := _AWAY.match(sentence):
        people = _people(m["who"] or m["who2"], status=ABSENT)
        for one in people:
            one.this_item = True
        return people
    return []


def _moved(who: str, rest: str, sentence: str, *, arrived: bool) -> list[Found]:
    people = _people(who, status=PRESENT)
    ranges = _ranges(rest)
    if ranges:
        number = ranges[0][0]
        for one in people:
            span = (None, number) if arrived else (number, None)
            one.absences = [ItemAbsence(one.attendee.name, *span, sentence)]
    return people


# --- labelled lists ----------------------------------------------------------------------------------------

_PRESENT_LABEL = r"medlemmer(?:\s+af\s+udvalget)?|deltagere|mødedeltagere|deltagerne\s+var|tilstede\s+var|til\s+stede\s+var|til\s+stede|tilstede|fremmødte|deltog"
_ABSENT_LABEL = r"fraværende(?:\s+med\s+afbud|\s+uden\s+afbud)?|afbud(?:\s+fra)?(?:\s*/\s*fraværende)?|ikke\s+til\s+stede|fravær"
_PARTIAL_LABEL = (
    r"fraværende\s+i\s+mødet|fraværende\s+indtil\s*/\s*fra|fraværende\s+under\s+dele\s+af\s+mødet"
)
_SENTENCE_LABEL = r"bemærkninger|fremmøde\s+og\s+inhabilitet|fremmøde|stedfortrædere|suppleanter"
_LABEL = re.compile(
    rf"^(?:(?P<partial>{_PARTIAL_LABEL})|(?P<present>{_PRESENT_LABEL})|(?P<absent>{_ABSENT_LABEL})"
    rf"|(?P<sentence>{_SENTENCE_LABEL}))\s*(?::\s*|$)(?P<rest>.*)$",
    re.IGNORECASE,
)


@dataclass
class Reading:
    """What the attendance lists and sentences of some lines say."""

    found: list[Found] = field(default_factory=list)
    used: set[int] = field(default_factory=set)  # the lines that were attendance
    listed: set[int] = field(default_factory=set)  # of those, the labels and entries of lists
    cut: bool = False  # the text ends inside a list (the rest of the list is missing)

    @property
    def attendees(self) -> list[ParsedAttendee]:
        return merge_attendees(f.attendee for f in self.found if f.meeting)

    @property
    def absences(self) -> list[ItemAbsence]:
        return [a for f in self.found for a in f.absences]


def label_of(line: str) -> tuple[str, str] | None:
    """("present" | "absent" | "partial" | "sentence", text after the label) for an attendance label line."""
    text = unbullet(line)
    m = _LABEL.match(text)
    if not m:
        return None
    kind = next(k for k in ("partial", "present", "absent", "sentence") if m[k])
    rest = m["rest"].strip().strip("|").strip()
    if kind == "absent" and re.match(r"^afbud\s+fra$", m["absent"], re.IGNORECASE) and rest:
        return "sentence", f"Afbud fra {rest}"  # "Afbud fra X stedfortræder Y" is a sentence
    if kind == "present" and m["present"].lower() == "deltog" and rest:
        return None
    return kind, rest


def read_attendance(
    lines: Sequence[str], *, stop: Collection[int] = (), free_sentences: bool = False, ends_text: bool = True
) -> Reading:
    """The attendance lists (under their labels) in `lines`, and with `free_sentences` the attendance sentences
    of the other lines too ("Alle medlemmer var mødt undtagen ...").

    `stop` holds the indices of lines that end any list (item headings); section headings end one too.
    `ends_text`: the lines are the end of the document, so a list running to their end may be cut off."""
    reading = Reading()
    free: list[int] = []  # consecutive lines outside the lists, read together (a sentence refers to the last)

    def flush() -> None:
        if free:
            said = statements("\n".join(lines[i] for i in free))
            if said:
                reading.found.extend(said)
                reading.used.update(i for i in free if statements(lines[i]))
            free.clear()

    index = 0
    while index < len(lines):
        line = lines[index].strip()
        label = label_of(line) if line and index not in stop else None
        if label is None:
            if index in stop or heading_kind(line):
                flush()
            elif free_sentences and line:
                free.append(index)
            index += 1
            continue
        flush()
        kind, rest = label
        reading.used.add(index)
        reading.listed.add(index)
        if rest:
            reading.found.extend(_read_value(kind, rest))
            index += 1
            continue
        index = _read_block(lines, index + 1, kind, stop, reading, ends_text)
    flush()
    return reading


def _read_value(kind: str, rest: str) -> list[Found]:
    if kind == "sentence":
        return statements(rest)
    status = ABSENT if kind == "absent" else PRESENT
    said = statements(rest) if kind != "present" else []
    if said:
        return said
    people = names_in(rest, status=status) or ([] if "," in rest else entry(rest))
    for one in people:
        if kind == "absent" and one.attendee.substitute_for is None:
            one.attendee.status = ABSENT
    return people


def _read_block(
    lines: Sequence[str], start: int, kind: str, stop: Collection[int], reading: Reading, ends_text: bool
) -> int:
    index = start
    entries = 0
    while index < len(lines):
        line = lines[index].strip()
        if not line:
            index += 1
            continue
        if index in stop or label_of(line) or heading_kind(line) or decision_heading(line):
            return index
        people, plain = _block_line(kind, line, reading)
        if people is None:
            # a last line that is no entry: the text was cut inside the list ("• Nicol")
            last = ends_text and entries > 0 and not any(x.strip() for x in lines[index + 1 :])
            reading.cut = reading.cut or (
                last and len(line.split()) <= 3 and not line.endswith((".", ":", ")"))
            )
            return index
        reading.found.extend(people)
        reading.used.add(index)
        if plain:
            reading.listed.add(index)
        entries += 1
        index += 1
    reading.cut = reading.cut or (ends_text and entries > 0 and kind != "sentence")
    return index


def _block_line(kind: str, line: str, reading: Reading) -> tuple[list[Found] | None, bool]:
    """The people one line of a list names ([] for a role or party line; None when the list has ended), and
    whether the line is a plain entry of the list (not a sentence)."""
    text = unbullet(line).strip().strip("|").strip()
    if _NOBODY.match(text):
        return [], True
    if bare := _PARTY_ONLY.match(text):  # "(A)" or "Løsgænger" on its own line, after the name and role
        last = next((f for f in reversed(reading.found) if f.meeting), None)
        if last is not None and last.attendee.party is None:
            last.attendee.party = _party(bare["party"] or bare["bare"] or "")
        return [], True
    if _ROLE_ONLY.match(text):
        return [], True
    if kind == "sentence":
        return statements(text) or None, False
    status = ABSENT if kind == "absent" else PRESENT
    said = statements(text)
    if said and kind != "present":
        if kind == "absent" and all(
            f.attendee.status == PRESENT and not f.attendee.substitute_kind for f in said
        ):
            return None, False  # "X ankom kl. 17.32 ..." after the list of absentees: the list has ended
        return said, False
    people = names_in(text, status=status, single=kind != "present") or entry(text, single=kind != "present")
    if not people:
        return (said or None), False
    for one in people:
        if kind == "absent" and one.attendee.substitute_for is None and one.attendee.substitute_kind is None:
            one.attendee.status = ABSENT
    if kind == "absent":
        _called_in(text, people)
    return people, True


def _called_in(text: str, people: list[Found]) -> None:
    """ "Maria Bagger Grell, Merete Øverup indkaldt", "A og B, C deltog": the last named came instead."""
    m = re.search(r",\s*(?P<sub>[^,]+?)\s+(?:indkaldt|deltog)\s*$", text, re.IGNORECASE)
    if not m or len(people) < 2:
        return
    sub = people[-1]
    sub.attendee.status = PRESENT
    if len(people) == 2:
        sub.attendee.substitute_for = people[0].attendee.name


def merge_attendees(people: Iterable[ParsedAttendee]) -> list[ParsedAttendee]:
    """One entry per name, in order of first mention: absent wins over present (a member listed and also
    "Afbud"), the party and the substitute are kept from whichever mention has them."""
    merged: dict[str, ParsedAttendee] = {}
    for person in people:
        key = person.name.lower()
        known = merged.get(key)
        if known is None:
            merged[key] = ParsedAttendee(
                person.name,
                person.status,
                person.party,
                person.municipality,
                person.substitute_for,
                person.substitute_kind,
            )
            continue
        if person.status == ABSENT and known.substitute_for is None:
            known.status = ABSENT
        known.party = known.party or person.party
        known.substitute_for = known.substitute_for or person.substitute_for
        known.substitute_kind = known.substitute_kind or person.substitute_kind
    return list(merged.values())
