"""Members' positions and absences, read from the sentences of Danish minutes. Pure Python, no Django.

Any layout family can use it on the text of one item's decision:

    positions_in("Jakob Søgaard Clausen tog forbehold.")
        → [ParsedPosition(RESERVED, "Jakob Søgaard Clausen tog forbehold.", name="Jakob Søgaard Clausen")]
    absent_in("Liv Gro Jensen var forhindret i at deltage i udvalgets behandling af sagen.")
        → ["Liv Gro Jensen"]

What is read (each sentence kept as printed, one position per member or party it names):

* a subject, then a stance: "A, B og C kunne tiltræde indstillingen." (FOR), "… kunne ikke tiltræde …",
  "… stemte imod" (AGAINST), "… undlod at stemme" (ABSTAINED), "… tog forbehold [vedrørende …]"
  (RESERVED), "… deltog ikke i sagens behandling", "… var inhabil" (NOT_PARTICIPATING, and absent);
* the subject is members ("Rådmand Nicolaj Bang og Jesper Kjeldsen", "Anja Rosengreen (F)"), parties by
  name ("Socialistisk Folkeparti", "Det Konservative Folkeparti, Venstre og Liberal Alliance"), by letter
  ("Liste F og Ø", "A, V og C") or a majority that names them ("Et flertal bestående af A, V og C");
* vote tallies: "For stemte: V og I", "Imod stemte: A, B, C, F, O og Ø.", "For stemte: A (9), Karin Friis
  Bach (B), …, i alt 30.", "For: 20 (Bo Hilsted (A), …)", "Undlod at stemme 5 (Dansk Folkeparti, …)";
* absences: "… var forhindret i at deltage …", "… forlod mødet kl. 17.40 under behandling af pkt. 5",
  "… deltog ikke under punkterne 12-15", "… havde meldt afbud", "Der var afbud fra A, B og C.",
  "Fraværende: Peter Muhl (A).", "Alle medlemmer var mødt undtagen X og Y, …".

Precision over recall: a sentence whose subject is not wholly members and parties ("Et flertal i udvalget",
"Magistraten", "Stine") gives nothing. A party is given by its ballot letter: names and the common
abbreviations are mapped ("Socialistisk Folkeparti" and "SF" → "F", "Radikale Venstre" and "RV" → "B");
a single letter stays as printed ("S" is Socialdemokratiet in Aarhus but Slesvigsk Parti in Sønderjylland).
Titles in front of a name ("Rådmand", "Borgmester") are not part of it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.parser.document import ABSTAINED, AGAINST, FOR, NOT_PARTICIPATING, RESERVED, ParsedPosition

__all__ = [
    "Absence",
    "absences_in",
    "absent_in",
    "members_in_list",
    "party_letter",
    "positions_in",
    "sentences",
]

# --- parties ----------------------------------------------------------------------------------------------

#: The national parties by the names and abbreviations minutes use, with their ballot letters.
PARTIES: dict[str, str] = {
    "socialdemokratiet": "A",
    "socialdemokraterne": "A",
    "radikale venstre": "B",
    "det radikale venstre": "B",
    "radikale": "B",
    "rv": "B",
    "det konservative folkeparti": "C",
    "konservative folkeparti": "C",
    "de konservative": "C",
    "konservative": "C",
    "kf": "C",
    "nye borgerlige": "D",
    "nb": "D",
    "socialistisk folkeparti": "F",
    "sf": "F",
    "liberal alliance": "I",
    "la": "I",
    "kristendemokraterne": "K",
    "kd": "K",
    "moderaterne": "M",
    "dansk folkeparti": "O",
    "df": "O",
    "frie grønne": "Q",
    "venstre": "V",
    "danmarksdemokraterne": "Æ",
    "dd": "Æ",
    "enhedslisten": "Ø",
    "enhedslisten - de rød-grønne": "Ø",
    "el": "Ø",
    "alternativet": "Å",
    "alt": "Å",
}
_LETTER_RE = re.compile(r"^[A-ZÆØÅ]$")
_COUNT_RE = re.compile(r"^(?P<party>.+?)\s*\(\s*\d+\s*\)$")  # "A (9)"
# A list of its own, or a member outside the parties: recognised, but no party letter to give.
_NO_PARTY_RE = re.compile(
    r"^(?:(?:den\s+)?(?:[A-ZÆØÅ][\wæøå-]*\s+){0,3}[A-ZÆØÅa-zæøå][\wæøå-]*listen?|løsgænger\w*|ufp|uden\s+for\s+partierne)$",
    re.IGNORECASE,
)


def party_letter(text: str) -> str | None:
    """The ballot letter of a party as minutes name it: "Socialistisk Folkeparti", "SF", "F" → "F"; None."""
    text = " ".join(text.replace("–", "-").split()).strip(" .")
    if _LETTER_RE.match(text):
        return text
    letter = PARTIES.get(text.lower())
    if letter and (len(text) > 3 or text.isupper()):  # "SF", "ALT" are abbreviations; "Alt" is a word
        return letter
    return None


# --- names ------------------------------------------------------------------------------------------------

_UPPER = "A-ZÆØÅÉÜÖÄÁ"
_LOWER = "a-zæøåéüöäëïèáóúíñçß"
_NAME_PART = rf"[{_UPPER}][{_LOWER}]+(?:['’-][{_UPPER}{_LOWER}][{_LOWER}]*)*"
_PARTICLE = r"(?:de|la|le|von|van|der|den|af|du|da|di|el|al|bin|ibn|ter|ten)"
_NAME_RE = re.compile(rf"^{_NAME_PART}(?:\s+(?:[{_UPPER}]\.|{_PARTICLE}|{_NAME_PART}))*\s+{_NAME_PART}$")
_TITLE = (
    r"(?:[Rr]ådmand|[Rr]ådkvinde|[Bb]orgmester|[Vv]iceborgmester|[Nn]æstformand|[Ff]ormand|[Uu]dvalgsformand|"
    r"[Bb]yrådsmedlem|[Uu]dvalgsmedlem|[Kk]ommunalbestyrelsesmedlem|[Rr]egionsrådsmedlem|[Mm]edlem|[Rr]ådsmedlem)"
)
_TITLE_PREFIX_RE = re.compile(rf"^{_TITLE}\s+")
_TITLE_ONLY_RE = re.compile(rf"^{_TITLE}(?:en)?$")
# Words that make a capitalised phrase a body, a department or a pronoun rather than a person.
_NOT_NAME_WORDS = frozenset(
    {
        "det", "den", "de", "et", "en", "der", "alle", "følgende", "han", "hun", "partiet", "partierne", "liste",
        "listen", "gruppen", "sagen", "forslaget", "punktet", "direktør", "direktionen", "administrationen",
        "forvaltningen", "magistraten", "byrådet", "byråd", "udvalget", "udvalg", "kommune", "kommunen",
        "region", "regionen", "formanden", "borgmesteren", "rådmanden", "næstformanden", "afdeling",
        "afdelingen", "teknik", "miljø", "aarhus", "københavn", "referat", "dagsorden", "beslutning",
    }
)  # fmt: skip
_NOT_NAME_ENDINGS = (
    "udvalget",
    "udvalg",
    "rådet",
    "afdelingen",
    "afdeling",
    "forvaltningen",
    "kommune",
    "listen",
)
_PAREN_RE = re.compile(r"^(?P<name>.+?)\s*\((?P<paren>[^()]{1,40})\)$")


def _person(text: str) -> str | None:
    """A member's full name (two or more capitalised words), without a title in front; None otherwise."""
    text = _TITLE_PREFIX_RE.sub("", text.strip())
    if not _NAME_RE.match(text):
        return None
    words = text.split()
    capitalised = [w for w in words if w[0].isupper()]
    if len(words) > 6 or any(w.lower() in _NOT_NAME_WORDS for w in capitalised):
        return None
    if any(w.lower().endswith(_NOT_NAME_ENDINGS) for w in capitalised):
        return None
    if party_letter(text) or text.lower() in PARTIES:
        return None
    return text


_SKIP = ("skip", None, None)


def _element(text: str) -> tuple[str, str | None, str | None] | None:
    """One element of a printed list: ("member", name, party), ("party", None, letter), _SKIP, or None."""
    text = " ".join(text.split()).strip(" .:")
    if not text:
        return _SKIP
    if text.lower().startswith(("liste ", "listen ")):
        text = text.split(None, 1)[1]
    if m := _COUNT_RE.match(text):  # "A (9)"
        letter = party_letter(m["party"])
        return ("party", None, letter) if letter else None
    if letter := party_letter(text):
        return ("party", None, letter)
    if _NO_PARTY_RE.match(text):
        return _SKIP
    if _TITLE_ONLY_RE.match(text):
        return ("title", None, None)
    party = None
    if m := _PAREN_RE.match(text):  # "Anja Rosengreen (F)", "Anne Ehrenreich (ufp)"
        text = m["name"]
        paren = m["paren"].strip()
        party = paren if re.fullmatch(r"[A-ZÆØÅ]{1,2}", paren) else party_letter(paren)
        if party_letter(text):  # "Radikale Venstre (B)", after a member's name and a comma
            return ("party", None, party or party_letter(text))
    name = _person(text)
    return ("member", name, party) if name else None


_LIST_SPLIT_RE = re.compile(r"\s*,\s*|\s*;\s*|\s+(?:og|samt|&)\s+")


def _split_list(text: str) -> list[str]:
    """Split "A (9), Karin Friis Bach (B) og M (1)" at commas and "og", never inside parentheses."""
    parts: list[str] = []
    depth = start = 0
    spans: list[tuple[int, int]] = []
    for i, ch in enumerate(text):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif depth == 0 and ch in ",;":
            spans.append((start, i))
            start = i + 1
    spans.append((start, len(text)))
    for a, b in spans:
        chunk = text[a:b]
        if "(" in chunk:
            # "og" may still join two elements of this chunk, outside parentheses
            pieces = re.split(r"\s+(?:og|samt|&)\s+(?![^()]*\))", chunk)
        else:
            pieces = _LIST_SPLIT_RE.split(chunk)
        parts.extend(p for p in pieces if p.strip())
    return parts


def members_in_list(text: str) -> list[tuple[str | None, str | None]] | None:
    """The members and parties of a printed list, as (name, party letter) pairs, or None when any element is
    neither: "Jesper Kjeldsen, Steffen Wich og Metin Lindved Aydin" → three (name, None); "A, V og C" →
    three (None, letter); "Anja Rosengreen (F) og Finn Rudaizky (O)" → two (name, letter). A title after a
    name ("Christian Wedell-Neergaard (C), Næstformand") and a party letter after a name without one
    ("Anne Vang, A") belong to that name."""
    found: list[tuple[str | None, str | None]] = []
    previous_bare = False  # the previous element was a name with nothing after it
    for piece in _split_list(text):
        element = _element(piece)
        if element is None:
            return None
        kind, name, party = element
        if kind == "skip":
            continue
        if kind == "title":
            if not found or found[-1][0] is None:
                return None
            continue
        piece = piece.strip()
        # "Anne Vang, A", "Metin Lindved Aydin, Radikale Venstre (B)": the party of the name before
        appositive = len(piece) == 1 or (piece.endswith(")") and not _COUNT_RE.match(piece))
        if kind == "party" and previous_bare and appositive:
            found[-1] = (found[-1][0], party)
            previous_bare = False
            continue
        found.append((name, party))
        previous_bare = kind == "member" and "(" not in piece
    return found


# --- sentences --------------------------------------------------------------------------------------------

_SENTENCE_END_RE = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅÉÜ\"“”'])")
# A sentence end that is not one: an abbreviation or a middle initial ("Kim E. Jensen").
_FALSE_END_RE = re.compile(
    r"(?:\b(?i:jf|bl\.a|ca|evt|pkt|nr|stk|kl|vedr|inkl|ekskl|f\.eks|hhv|dvs|mv|m\.v|pga|ifm|iht|mht|sen|jvf)\."
    r"|\b[A-ZÆØÅ][a-zæøå]+\s+[A-ZÆØÅ]\.)$"
)


def sentences(text: str) -> list[str]:
    """The sentences of `text`, each as printed (whitespace collapsed): lines, then sentence ends."""
    found: list[str] = []
    for line in text.splitlines():
        line = " ".join(line.split())
        if not line:
            continue
        pieces = _SENTENCE_END_RE.split(line)
        merged: list[str] = []
        for piece in pieces:
            if merged and _FALSE_END_RE.search(merged[-1]):
                merged[-1] = f"{merged[-1]} {piece}"
            else:
                merged.append(piece)
        found.extend(merged)
    return found


# A clause of its own inside a sentence: "A og V stemte for, mens Ø stemte imod."
_CLAUSE_SPLIT_RE = re.compile(r",?\s+(?:mens|medens|hvorimod|hvorefter)\s+|;\s*")

# The stance after the subject, most specific first.
_STANCE_RE = re.compile(
    r"(?<![\w-])(?:"
    r"(?P<against>(?:kunne|kan)\s+ikke\s+(?:tiltræde|anbefale|godkende|støtte)|tiltrådte\s+ikke|anbefalede\s+ikke"
    r"|stemte\s+imod|stemmer\s+imod|var\s+imod)"
    r"|(?P<abstained>undl(?:od|ader)\s+at\s+stemme|stemte\s+hverken\s+for\s+eller\s+imod|stemte\s+blankt"
    r"|afstod\s+fra\s+at\s+stemme)"
    r"|(?P<reserved>(?:tog|tager)\s+(?:(?!ikke\b)[a-zæøå]+\s+)?forbehold)"
    r"|(?P<not_participating>deltog\s+ikke\s+(?:i|under)\s+(?:[\wæøåÆØÅ.-]+\s+){0,6}?behandling(?:en)?"
    r"|(?:var|blev\s+erklæret|erklærede\s+sig)\s+inhabil)"
    r"|(?P<for>(?:kunne|kan)\s+(?:tiltræde|anbefale|godkende|støtte)|tiltrådte|stemte\s+for|stemmer\s+for)"
    r")(?![\w-])",
    re.IGNORECASE,
)
_STANCES = {
    "against": AGAINST,
    "abstained": ABSTAINED,
    "reserved": RESERVED,
    "not_participating": NOT_PARTICIPATING,
    "for": FOR,
}
# Substrings one of which every stance, tally or absence contains: most sentences skip the regexes.
_STEMS = (
    "tiltr", "stem", "forbehold", "deltog", "inhabil", "imod", "anbefal", "godkend", "støtte", "forhindret",
    "forlod", "fravær", "afbud", "udeblev", "undtagen", "gik ",
)  # fmt: skip

# "Et flertal bestående af A, V og C", "Et mindretal (Ø)", "Partierne A og V"
_MAJORITY_RE = re.compile(
    r"^(?:et|det)\s+(?:enigt\s+)?(?:flertal|mindretal)(?:\s+i\s+[\wæøå-]+)?\s*(?:,\s*)?"
    r"(?:bestående\s+af\s+|\(\s*|:\s*)(?P<list>.+?)\s*\)?\s*,?$",
    re.IGNORECASE,
)
_PARTIES_PREFIX_RE = re.compile(r"^(?:partierne|partiet|listerne|grupperne)\s+", re.IGNORECASE)

# "For stemte: V og I", "Imod stemte 8 (…)", "For: 20 (…)", "Undlod at stemme: 0.", "For flertalsindstillingen
# fra ØK stemte 11 (…)"
_TALLY_RE = re.compile(
    r"^(?P<label>for|imod|undlod\s+at\s+stemme|hverken\s+for\s+eller\s+imod)"
    r"(?:\s+[a-zæøå][^:()\d]{0,80}?)?(?:\s+stemte)?"
    r"(?:\s*:\s*(?:\d+\b\s*)?|\s+\d+\s*)"
    r"(?:\((?P<inner>.*)\)|(?P<list>[^()].*?|))\s*(?:,?\s*i\s+alt\s+\d+)?\s*\.?$",
    re.IGNORECASE,
)
_TALLY_STARTS = ("for", "imod", "undlod", "hverken")
_TALLY_STANCES = {"for": FOR, "imod": AGAINST, "undlod": ABSTAINED, "hverken": ABSTAINED}


def _subject_list(subject: str) -> list[tuple[str | None, str | None]] | None:
    subject = subject.strip(" ,")
    if not subject:
        return None
    if m := _MAJORITY_RE.match(subject):
        subject = m["list"]
    subject = _PARTIES_PREFIX_RE.sub("", subject)
    return members_in_list(subject)


def _positions(
    stance: str, sentence: str, found: list[tuple[str | None, str | None]]
) -> list[ParsedPosition]:
    return [ParsedPosition(stance=stance, sentence=sentence, name=name, party=party) for name, party in found]


def _tally(sentence: str) -> list[ParsedPosition] | None:
    m = _TALLY_RE.match(sentence)
    if not m:
        return None
    listed = (m["inner"] if m["inner"] is not None else m["list"] or "").strip()
    if not listed or listed.isdigit():
        return []
    found = members_in_list(listed)
    if not found:
        return []
    return _positions(_TALLY_STANCES[m["label"].split()[0].lower()], sentence, found)


def positions_in(text: str) -> list[ParsedPosition]:
    """Every member's or party's position the sentences of `text` state, in order, one per member or party
    and sentence (two votes on one item are two positions; a sentence printed twice is one)."""
    positions: list[ParsedPosition] = []
    seen: set[tuple[str, str | None, str | None, str]] = set()  # a sentence printed twice counts once
    for sentence in sentences(text):
        lowered = sentence.lower()
        if not (lowered.startswith(_TALLY_STARTS) or any(stem in lowered for stem in _STEMS)):
            continue
        found = _tally(sentence)
        if found is None:
            found = []
            for clause in _CLAUSE_SPLIT_RE.split(sentence):
                m = _STANCE_RE.search(clause)
                if not m:
                    continue
                members = _subject_list(clause[: m.start()])
                if members:
                    found.extend(_positions(_STANCES[m.lastgroup or "for"], sentence, members))
        for position in found:
            key = (position.stance, position.name, position.party, position.sentence)
            if key not in seen:
                seen.add(key)
                positions.append(position)
    return positions


# --- absences ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Absence:
    """A member who was not there for (part of) the text's item, with the sentence that says so."""

    name: str
    sentence: str
    items: tuple[str, ...] = ()  # the items the sentence names ("under behandling af pkt. 5" → ("5",))


# After the subject: the member was not there.
_ABSENT_VERB_RE = re.compile(
    r"(?<![\w-])(?:"
    r"var\s+forhindret|forlod\s+(?:mødet|lokalet|salen)|gik\s+(?:efter|under|før|inden)\s+(?:punkt|pkt)"
    r"|deltog\s+ikke\s+(?:i|på|under)\s+(?:mødet|resten|punkt|pkt|sag|dette|behandling)"
    r"|deltog\s+ikke\s+(?:i|under)\s+(?:[\wæøåÆØÅ.-]+\s+){0,6}?behandling"
    r"|var\s+fraværende|(?:havde|har)\s+meldt\s+afbud|meldte\s+afbud|udeblev"
    r"|(?:var|blev\s+erklæret|erklærede\s+sig)\s+inhabil"
    r")",
    re.IGNORECASE,
)
# Before the list: the members who were not there.
_ABSENT_LIST_RE = re.compile(
    r"^(?:der\s+(?:var|er)\s+afbud\s+fra|afbud\s+fra|afbud|fraværende(?:\s+(?:med|uden)\s+afbud)?"
    r"|følgende\s+udeblev(?:\s+uden\s+afbud)?|alle\s+(?:medlemmer\s+)?(?:var\s+)?(?:mødt|til\s+stede)\s+undtagen)"
    r"\s*:?\s+(?P<list>.+)$",
    re.IGNORECASE,
)
_LIST_END_RE = re.compile(
    r",\s+der\s|\s[-–]\s|\s+(?:stedfortræder|suppleant|pga\.?|grundet|idet|da)\s|[.:]\s|\.$"
)
_ITEM_REF_RE = re.compile(
    r"\b(?:under|ved)\s+(?:behandling(?:en)?\s+af\s+)?(?:dagsordenens\s+)?"
    r"(?:pkt\.?|punkt(?:erne)?|sag(?:en|erne)?)\s*(?P<a>\d{1,4})(?:\s*[-–]\s*(?P<b>\d{1,4}))?"
    r"|\(dagsordenens\s+pkt\.?\s*(?P<c>\d{1,4})\)",
    re.IGNORECASE,
)


def _items_named(sentence: str) -> tuple[str, ...]:
    m = _ITEM_REF_RE.search(sentence)
    if not m:
        return ()
    if m["c"]:
        return (m["c"],)
    first, last = int(m["a"]), int(m["b"] or m["a"])
    if last < first or last - first > 50:
        return (m["a"],)
    return tuple(str(n) for n in range(first, last + 1))


def absences_in(text: str) -> list[Absence]:
    """Every member the sentences of `text` say was absent, left, did not take part or was disqualified."""
    absences: list[Absence] = []
    seen: set[str] = set()
    for sentence in sentences(text):
        lowered = sentence.lower()
        if not any(stem in lowered for stem in _STEMS):
            continue
        names: list[str] = []
        if m := _ABSENT_LIST_RE.match(sentence):
            listed = m["list"]
            if end := _LIST_END_RE.search(listed):
                listed = listed[: end.start()]
            names = [name for name, _ in members_in_list(listed) or [] if name]
        else:
            for clause in _CLAUSE_SPLIT_RE.split(sentence):
                verb = _ABSENT_VERB_RE.search(clause)
                if verb:
                    found = _subject_list(clause[: verb.start()]) or []
                    names.extend(name for name, _ in found if name)
        items = _items_named(sentence) if names else ()
        for name in names:
            if name not in seen:
                seen.add(name)
                absences.append(Absence(name=name, sentence=sentence, items=items))
    return absences


def absent_in(text: str) -> list[str]:
    """The full names of the members `text` says were not there for its item (see `absences_in`)."""
    return [absence.name for absence in absences_in(text)]
