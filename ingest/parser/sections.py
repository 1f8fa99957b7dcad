"""The headed texts of an agenda item, and the page chrome around them. Pure Python, no Django.

Municipal and regional publishing systems print an item as a title followed by headed texts:

    Resume / Resumé / Sagens kerne                  -> resume
    Sagsfremstilling / Beskrivelse af sagen / ...   -> case_text
    Indstilling / Administrativ indstilling,
      "Administrationen indstiller", "Direktionen indstiller," (a line that opens a recommendation)
                                                    -> recommendation
    Beslutning, "Beslutning i Kommunalbestyrelsen den 28-10-2014",
      "Beslutning Teknik- og Miljøudvalget den 11-08-2021", "Regionsrådets beslutning den 11. marts 2025:",
      "Kultur- og Idrætsudvalget, 03-04-2019, pkt. 42", "Behandling i <udvalg> ... den <dato>, pkt. 1",
      POLITISK BEHANDLING                           -> the decision (or, when the heading names another body or
                                                       another date, a step of the case's route)
    Baggrund                                        -> background
    Bilag                                           -> attachments
    any other heading (Økonomi, Sagstema, Høring ...) -> other_texts [(heading, text)]

    lines = clean_lines(text)                        # page chrome dropped, glued UI text cut off
    parts = split_sections(item_lines, body="Kommunalbestyrelsen", date=meeting_date)

`decision_heading(line)` reads one decision heading (which body, which date, which item number it names);
`normalise_body(name)` gives the one form of a body's name that the families store ("Regionsrådets" ->
"Regionsrådet", "Forretningsudvalg" -> "Forretningsudvalget").
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from danish.dates import parse_date
from ingest.parser.document import ParsedCaseStep

RESUME = "resume"
CASE_TEXT = "case_text"
RECOMMENDATION = "recommendation"
DECISION = "decision"
BACKGROUND = "background"
ATTACHMENTS = "attachments"
OTHER = "other"

# --- page chrome ---------------------------------------------------------------------------------------

# Whole lines that are the page's controls, never the minutes (compared lower-cased, without a final colon).
_CHROME_LINES = frozenset(
    {
        "til toppen", "til top", "tilbage til toppen", "til toppen af siden", "udskriv", "udskriv hele dagsordnen",
        "udskriv hele dagsordenen", "udskriv dagsorden", "luk alle punkter", "fold alle ud", "fold alle sammen",
        "åben alle", "luk alle", "se alle bilag", "vælg", "søg", "video", "abonnér", "abonner",
        "tilbage til oversigt", "tilbage til forsiden", "gå til indhold", "gå til hovedindhold", "you are here",
        "accepter cookies", "transkript", "størrelse: px", "starte visningen fra side", "save this pdf as",
        "word png txt jpg", "sbsys dagsorden preview", "…..", ".....", "....", "…", ".", "-", "|", "•",
    }
)  # fmt: skip
_CHROME_PREFIX = re.compile(
    r"^(?:gå ikke glip af\b|luk alle punkter\b|download\s+\"|størrelse:\s*px\b|print\s*$)", re.IGNORECASE
)
_COOKIE = re.compile(r"\bcookie", re.IGNORECASE)
_COOKIE_CONTEXT = re.compile(r"accept|hjemmeside|statistik|cookiepolitik|samtykke", re.IGNORECASE)
_BREADCRUMB = re.compile(r"(?:[A-ZÆØÅ0-9][^\s|]*pil){2,}")  # "ForsidepilPolitikpilDagsordner..."
_SITE_MENU = re.compile(r"\|.*\b(?:Forsiden|Ledige job|Kontakt)\b.*\|", re.IGNORECASE)
_TO_FRONT_PAGE = re.compile(r"(?:,\s*link\s+)?til\s+forsiden\s*$", re.IGNORECASE)
# UI text glued to real text: "1. Godkendelse af dagsordenKlik her for at folde ud og læse mere om ...",
# "fold dette punkt ind Resume", "UdskrivSagsid.: 17/3668", "Indholdsfortegnelse1. Fraværende", "Udvalg Ikon".
_GLUED_FOLD = re.compile(r"\s*Klik her for at folde (?:ud|ind)\b.*$", re.IGNORECASE)
_FOLD_PREFIX = re.compile(r"^fold (?:dette punkt )?(?:ind|ud)\s+", re.IGNORECASE)
_GLUED_PRINT = re.compile(r"^Udskriv(?=[A-ZÆØÅ])")
_GLUED_TOC = re.compile(r"^Indholdsfortegnelse\s*(?=\d)", re.IGNORECASE)
_ICON = re.compile(r"\s+Ikon$")
_PIPES = re.compile(r"\s*\|\s*")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_STROKE_BULLET = re.compile(r"^[\u0335\u0336\u2013\u2014·▪◦●]\s*")  # list marks some pages print as bullets
_BULLET = re.compile(r"^(?:•|·|\*)\s*")


def fix_mojibake(line: str) -> str:
    """UTF-8 read as code page 852 ("Regionsr├ądet") back to UTF-8 ("Regionsrådet"); other lines unchanged."""
    if "├" not in line and "┼" not in line:
        return line
    try:
        return line.encode("cp852").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return line


def clean_line(line: str) -> str:
    """One line with white space collapsed, glued UI text cut off and page chrome reduced to ""."""
    line = _SPACES.sub(" ", fix_mojibake(line)).strip()
    if not line:
        return ""
    line = _STROKE_BULLET.sub("• ", line)
    line = _GLUED_FOLD.sub("", line)
    line = _FOLD_PREFIX.sub("", line)
    line = _GLUED_PRINT.sub("", line)
    line = _GLUED_TOC.sub("", line)
    line = _ICON.sub("", line).strip()
    if is_chrome(line):
        return ""
    if "|" in line:  # a flattened table row: "Mødested: | Byrådssalen |", "at | dagsordenen godkendes |"
        line = _PIPES.sub(" ", line).strip()
    return line


def is_chrome(line: str) -> bool:
    """Page controls, cookie banners, breadcrumbs and site menus: text of the page that is not the minutes."""
    lowered = unbullet(line).lower().rstrip(":").strip()  # "• Udskriv": a control printed as a list entry
    if lowered in _CHROME_LINES or _CHROME_PREFIX.match(line):
        return True
    if _COOKIE.search(line) and _COOKIE_CONTEXT.search(line):
        return True
    if _BREADCRUMB.search(line) or _SITE_MENU.search(line):
        return True
    return bool(len(line) < 80 and _TO_FRONT_PAGE.search(line))


def clean_lines(text: str) -> list[str]:
    """The document's lines, cleaned (`clean_line`); chrome becomes "" so line positions are kept."""
    return [clean_line(line) for line in text.splitlines()]


def unbullet(line: str) -> str:
    """A line without its list bullet."""
    return _BULLET.sub("", line.strip()).strip()


# --- bodies ----------------------------------------------------------------------------------------------

#: A word that makes a name a body's: udvalg, råd, bestyrelse, Borgerrepræsentationen, Magistraten, nævn.
BODY_WORD = re.compile(
    r"(?:udvalg|råd(?:et|ets)?\b|bestyrelse|repræsentation|magistrat|nævn|forum\b|kommunekontaktråd)",
    re.IGNORECASE,
)
_PERIOD = re.compile(r"\s*\(?\b(?:19|20)\d{2}\s*[-–]\s*(?:19|20)\d{2}\b\)?\s*$")  # "(2018-2021)"
_ABBREVIATIONS = {"ØU": "Økonomiudvalget", "KB": "Kommunalbestyrelsen", "BY": "Byrådet", "BR": "Byrådet"}
_COUNCIL_WORDS = {
    "byråd": "Byrådet",
    "byrådet": "Byrådet",
    "kommunalbestyrelse": "Kommunalbestyrelsen",
    "kommunalbestyrelsen": "Kommunalbestyrelsen",
    "borgerrepræsentation": "Borgerrepræsentationen",
    "borgerrepræsentationen": "Borgerrepræsentationen",
    "regionsråd": "Regionsrådet",
    "regionsrådet": "Regionsrådet",
    "magistrat": "Magistraten",
    "magistraten": "Magistraten",
}


def normalise_body(name: str) -> str:
    """One form per body, as printed but capitalised and, for a one-word name, definite: "Regionsrådets" ->
    "Regionsrådet", "Forretningsudvalg" -> "Forretningsudvalget", "Udvalg for regional udvikling" -> "Udvalget for regional
    udvikling", "Regionsrådet 2018-2021" -> "Regionsrådet", "Aarhus Byråd" -> "Byrådet", "ØU" -> "Økonomiudvalget".
    """
    name = _SPACES.sub(" ", name).strip().strip("|").strip(" .,:;–-").strip()
    name = _PERIOD.sub("", name).strip()
    if name in _ABBREVIATIONS:
        return _ABBREVIATIONS[name]
    words = name.split(" ")
    last = words[-1].lower()
    # "Aarhus Byråd", "Ballerup Kommunalbestyrelse": the council of the municipality named before it.
    if last.rstrip("s") in _COUNCIL_WORDS or last in _COUNCIL_WORDS:
        council = _COUNCIL_WORDS.get(last) or _COUNCIL_WORDS.get(last[:-1])
        if council and (len(words) == 1 or words[0][:1].isupper()) and len(words) <= 3:
            return council
    if len(words) == 1 or not _has_preposition(words):
        # the genitive of a one-part name: "Forretningsudvalgets" -> "Forretningsudvalget"
        if re.search(r"(?:udvalget|rådet|bestyrelsen|repræsentationen|magistraten|nævnet)s$", words[-1]):
            words[-1] = words[-1][:-1]
        # the indefinite form of a one-word name: "Forretningsudvalg" -> "Forretningsudvalget" (a proper name
        # like "Teknisk Udvalg" or "Kgs. Enghave Lokaludvalg" stays as it is)
        elif len(words) == 1 and re.search(r"udvalg$", words[-1], re.IGNORECASE):
            words[-1] += "et"
    elif words[0].lower() == "udvalg":  # "Udvalg for regional udvikling"
        words[0] = "Udvalget"
    name = " ".join(words)
    return name[:1].upper() + name[1:]


def _has_preposition(words: list[str]) -> bool:
    return any(word.lower() in {"for", "om", "vedr.", "vedrørende"} for word in words[1:])


def body_key(name: str) -> str:
    """A comparison key: the same body however it is spelled or cased."""
    return re.sub(r"[^a-zæøå0-9]", "", normalise_body(name).lower())


# --- headings --------------------------------------------------------------------------------------------

_HEADINGS: dict[str, str] = {
    **dict.fromkeys(("resume", "resumé", "sagens kerne", "sammenfatning", "kort resume", "resume af sagen"), RESUME),
    **dict.fromkeys(
        (
            "sagsfremstilling", "beskrivelse af sagen", "sagsbeskrivelse", "redegørelse", "supplerende sagsfremstilling",
            "sagsfremstilling og vurdering", "beskrivelse",
        ),
        CASE_TEXT,
    ),
    **dict.fromkeys(
        (
            "indstilling", "indstillinger", "administrativ indstilling", "indstilling og beslutning",
            "administrationens indstilling", "forvaltningens indstilling", "direktionens indstilling",
            "administrationen indstiller", "forvaltningen indstiller", "direktionen indstiller", "beslutningspunkter",
            "forslag til beslutning", "indstilling fra administrationen",
        ),
        RECOMMENDATION,
    ),
    **dict.fromkeys(("beslutning", "beslutninger", "politisk behandling", "udvalgets beslutning"), DECISION),
    **dict.fromkeys(("baggrund", "sagens baggrund", "baggrund for sagen"), BACKGROUND),
    **dict.fromkeys(("bilag", "bilagsliste", "bilag til sagen", "vedhæftede bilag"), ATTACHMENTS),
}  # fmt: skip
# Other headings of the municipal systems (their texts go to other_texts under the heading as printed).
_OTHER_HEADINGS = frozenset(
    {
        "sagstema", "beslutningstema", "tema", "retsgrundlag", "lovgrundlag", "økonomi", "økonomiske konsekvenser",
        "andre konsekvenser", "høring og sagsgang", "høring", "sagsgang og sagstype", "forventet sagsgang",
        "sagsgang", "sagsforløb", "sagens forløb", "historik", "tidligere behandling", "personale",
        "personalemæssige konsekvenser", "retsregler og andre forskrifter", "anledning", "problemstilling", "løsning",
        "videre proces", "kommunikation", "beslutningskompetence", "kompetence", "administrationens vurdering",
        "vurdering", "handicappolitik", "økonomi og finansiering", "økonomi og afledt drift", "miljøvurdering",
        "tidsplan", "proces", "formål", "indledning", "konklusion", "planforhold", "klima", "klimakonsekvenser",
        "bæredygtighed", "borgerinddragelse", "effekt", "risici", "juridiske forhold", "sundhedsmæssige konsekvenser",
        "bevillingsmæssige konsekvenser", "administrative konsekvenser", "konsekvenser", "økonomiske forhold",
        "finansiering", "kommunikation og inddragelse", "høringssvar", "sagens videre forløb", "lovhjemmel",
        "bevilling", "bevillingsteknik", "klima og miljø", "erhvervsmæssige konsekvenser", "økonomisk vurdering",
        "økonomi og bevilling", "sundhed", "mål og resultater", "beslutningsforslag", "fremtidig proces",
        "tidligere beslutninger", "sagens behandling", "politisk behandling i øvrigt", "overvejelser", "dokumenter",
        "relevante dokumenter", "kompetenceforhold", "beslutningskompetence og sagsforløb",
    }
)  # fmt: skip
_HEADING_STEM = re.compile(
    r"konsekvenser$|^økonomi\b|^høring|vurdering$|^sagsgang|forløb$|grundlag$|^bevilling|kompetence$",
    re.IGNORECASE,
)
_INLINE_HEADING = re.compile(r"^(?P<heading>[A-ZÆØÅa-zæøå][\wæøå /-]{2,40}?)\s*:\s*(?P<rest>\S.*)$")
# A line that opens a recommendation where no "Indstilling" heading was printed: "Direktionen indstiller,",
# "Teknisk Forvaltning indstiller,", "Chef for Teknik & Miljø Peter Hansen indstiller, at".
_RECOMMENDS = re.compile(r"^[A-ZÆØÅ][^.:]{0,90}\bindstiller\b[^.]{0,100}?(?:,|:|\bat:?|;)?\s*$")
_WEEKDAY = r"(?:(?:man|tirs|ons|tors|fre|lør|søn)dag(?:en)?\s+)"
_DATE_TEXT = r"(?P<date>[^:]*?\d{4})"
_DECISION_FORMS = (
    # "Beslutning i Kommunalbestyrelsen den 28-10-2014", "Beslutning Teknik- og Miljøudvalget den 11-08-2021"
    re.compile(
        rf"^Beslutning(?:er)?\s+(?:(?:i|fra)\s+)?(?P<body>[^\d:]{{3,120}}?)\s+{_WEEKDAY}?(?:den|d\.)\s+{_DATE_TEXT}"
        r"\s*:?\s*$",
        re.IGNORECASE,
    ),
    # "Regionsrådets beslutning den 11. marts 2025:", "Økonomiudvalgets beslutning i mødet den 31. marts 2020"
    re.compile(
        rf"^(?P<body>[A-ZÆØÅ][^:]{{2,120}}?)s\s+beslutning\s+(?:i\s+mødet\s+|på\s+mødet\s+)?{_WEEKDAY}?"
        rf"(?:den|d\.)\s+{_DATE_TEXT}\s*:?\s*$",
        re.IGNORECASE,
    ),
    # "Kultur- og Idrætsudvalget, 03-04-2019, pkt. 42", "Teknik- og Miljøudvalget, 10. september 2019, pkt. 65:"
    re.compile(
        r"^(?P<body>[A-ZÆØÅ][^,:]{2,120}),\s*(?P<date>[^,]{6,30}?\d{4}),\s*(?:pkt|punkt)\.?\s*"
        r"(?P<number>\d{1,3}(?:\.\d{1,2})?)\s*:?\s*$",
        re.IGNORECASE,
    ),
    # "Behandling i Udvalget for det nære sundhedsvæsen onsdag den 15. januar 2020, pkt. 1"
    re.compile(
        rf"^Behandling\s+i\s+(?P<body>.{{3,120}}?)\s+{_WEEKDAY}?(?:den|d\.)\s+{_DATE_TEXT}"
        r"(?:,\s*(?:pkt|punkt)\.?\s*(?P<number>\d{1,3}(?:\.\d{1,2})?))?\s*:?\s*$",
        re.IGNORECASE,
    ),
)
_BARE_DECISION = re.compile(
    r"^(?:Beslutning(?:er)?|Politisk behandling|Udvalgets beslutning|Beslutning den\s*)\s*:?\s*$",
    re.IGNORECASE,
)
_INLINE_DECISION = re.compile(r"^Beslutning(?:\s+den)?\s*:\s*(?P<rest>\S.*)$", re.IGNORECASE)


@dataclass(frozen=True)
class DecisionHeading:
    """A line that opens a decision: whose (body), of which meeting (date) and item (number), as printed."""

    heading: str
    body: str | None = None
    date: dt.date | None = None
    number: str | None = None
    rest: str = ""  # text printed on the heading's own line after it ("Beslutning: Vedtaget")


def decision_heading(line: str) -> DecisionHeading | None:
    """Read `line` as a decision heading, or None."""
    text = unbullet(line)
    if len(text) > 200 or not text[:1].isalpha():
        return None
    if _BARE_DECISION.match(text):
        return DecisionHeading(text)
    if m := _INLINE_DECISION.match(text):
        return DecisionHeading("Beslutning", rest=m["rest"].strip())
    lowered = text.lower()
    if "beslutning" not in lowered and "pkt" not in lowered and "punkt" not in lowered:
        return None
    for form in _DECISION_FORMS:
        m = form.match(text)
        if not m:
            continue
        body = m["body"].strip()
        if not BODY_WORD.search(body) and body.upper() not in _ABBREVIATIONS:
            continue
        parsed = parse_date(m["date"])
        groups = m.groupdict()
        return DecisionHeading(
            text, normalise_body(body), parsed[0] if parsed else None, groups.get("number") or None
        )
    return None


def heading_kind(line: str) -> tuple[str, str, str] | None:
    """(kind, heading as printed, text on the same line) for a section heading; None for other lines.

    Decision headings are read by `decision_heading`, which this also recognises (kind DECISION)."""
    text = unbullet(line)
    if not text or len(text) > 120:
        return None
    if decision := decision_heading(text):
        return DECISION, decision.heading, decision.rest
    key = text.rstrip(":").strip().lower()
    if key in _HEADINGS:
        return _HEADINGS[key], text.rstrip(":").strip(), ""
    stem = len(key) <= 40 and _HEADING_STEM.search(key) and not re.search(r"[.\d]", key)
    if (key in _OTHER_HEADINGS or stem) and len(key.split()) <= 6:
        return OTHER, text.rstrip(":").strip(), ""
    if m := _INLINE_HEADING.match(text):
        inline = m["heading"].strip().lower()
        if inline in _HEADINGS and _HEADINGS[inline] != DECISION:
            return _HEADINGS[inline], m["heading"].strip(), m["rest"].strip()
        if inline in _OTHER_HEADINGS:
            return OTHER, m["heading"].strip(), m["rest"].strip()
    return None


def opens_recommendation(line: str) -> bool:
    """ "Direktionen indstiller," and similar: a line that starts a recommendation without a heading."""
    return bool(_RECOMMENDS.match(unbullet(line)))


# --- an item's sections ------------------------------------------------------------------------------------


@dataclass
class Sections:
    preamble: list[str] = field(default_factory=list)  # lines before the first heading
    resume: str = ""
    case_text: str = ""
    recommendation: str = ""
    background: str = ""
    attachments: str = ""
    decision: str | None = None  # None when no decision heading was printed
    decision_headings: list[DecisionHeading] = field(default_factory=list)
    other_texts: list[tuple[str, str]] = field(default_factory=list)
    case_route: list[ParsedCaseStep] = field(default_factory=list)  # other bodies' decisions quoted


def is_own(heading: DecisionHeading, *, body: str | None, date: dt.date | None) -> bool:
    """Whether a decision heading is the meeting's own: it names no other body and no other date."""
    if heading.date and date and heading.date != date:
        return False
    return not (heading.body and body and body_key(heading.body) != body_key(body))


def split_sections(
    lines: Sequence[str],
    *,
    body: str | None = None,
    date: dt.date | None = None,
    referat_is_decision: bool = True,
) -> Sections:
    """Split an item's lines (cleaned, without its title line) into its headed texts.

    A decision heading that names another body or another date than the meeting's (`body`, `date`) is not the
    item's decision: it and its text become a step of the case's route. "Referat" on a line of its own opens
    the decision where a system prints the minutes under that word (eDoc: "1. Meddelelse fra formanden /
    Referat / ...") and `referat_is_decision` is set.
    """
    result = Sections()
    buffers: dict[str, list[str]] = {}
    others: list[tuple[str, list[str]]] = []
    steps: list[tuple[DecisionHeading, list[str]]] = []
    current: list[str] = result.preamble
    kind: str | None = None
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        decision = decision_heading(line)
        if decision is None and referat_is_decision and line.lower() == "referat" and DECISION not in buffers:
            decision = DecisionHeading(line)
        if decision is not None:
            if is_own(decision, body=body, date=date):
                kind, current = DECISION, buffers.setdefault(DECISION, [])
                result.decision_headings.append(decision)
            else:
                step_lines: list[str] = []
                steps.append((decision, step_lines))
                kind, current = "step", step_lines
            if decision.rest:
                current.append(decision.rest)
            continue
        found = heading_kind(line)
        if found is not None:
            found_kind, heading, rest = found
            if found_kind == OTHER:
                others.append((heading, [rest] if rest else []))
                if rest:  # "Sagsforløb: BY", "Kompetence: Økonomiudvalget": a field on one line
                    continue
                kind, current = OTHER, others[-1][1]
            else:
                kind, current = found_kind, buffers.setdefault(found_kind, [])
                if found_kind == RECOMMENDATION and heading.lower().endswith("indstiller"):
                    current.append(
                        heading
                    )  # "Administrationen indstiller" is the recommendation's first words
                if rest:
                    current.append(rest)
            continue
        if kind not in (RECOMMENDATION, DECISION) and opens_recommendation(line):
            kind, current = RECOMMENDATION, buffers.setdefault(RECOMMENDATION, [])
        current.append(line)
    result.resume = _join(buffers.get(RESUME))
    result.case_text = _join(buffers.get(CASE_TEXT))
    result.recommendation = _join(buffers.get(RECOMMENDATION))
    result.background = _join(buffers.get(BACKGROUND))
    result.attachments = _join(buffers.get(ATTACHMENTS))
    if DECISION in buffers:
        result.decision = _join(buffers[DECISION])
    result.other_texts = [(heading, _join(texts)) for heading, texts in others]
    result.case_route = [
        ParsedCaseStep(body_name=h.body or "", date=h.date, number=h.number, text=_join(texts))
        for h, texts in steps
    ]
    return result


def _join(lines: Sequence[str] | None) -> str:
    return "\n".join(line for line in lines or () if line).strip()
