"""Golden tests of the FirstAgenda family (ingest/parser/families/firstagenda.py) on real documents.

The documents are in tests/fixtures/real/ (SOURCES.md, "FirstAgenda and Aarhus"): two whole FirstAgenda Publication
meeting pages of Aarhus (minutes of Teknisk Udvalg, the agenda of the City Council), the same system's listing page,
and Aarhus's older aarhus.dk meeting pages, cut off after about 2000 bytes. Every expectation is read off the
document; each page is read exactly as the ingest reads it (ingest.reader.read_document).
"""

from __future__ import annotations

import datetime as dt
import time
from functools import cache
from pathlib import Path

import pytest

from danish.bodies import body_slug
from ingest.parser import parse_document
from ingest.parser.document import (
    AGAINST,
    COMMITTEE,
    COUNCIL,
    DAGSORDEN,
    FOR,
    NOT_PARTICIPATING,
    REFERAT,
    RESERVED,
    NotMinutesError,
    ParsedItem,
    ParsedMeeting,
)
from ingest.parser.families import firstagenda
from ingest.reader import read_document

REAL = Path(__file__).resolve().parents[2] / "fixtures" / "real"
TU = "aarhus-teknisk-udvalg-2025-10-01-referat.html"
BYRAAD = "aarhus-byraad-2025-10-08-dagsorden.html"
LISTING = "aarhus-oversigt-2025-10.html"
OLD_BYRAAD = "aarhus-byraad-2019-09-11-referat-punkt.txt"
OLD_MAGISTRATEN = "aarhus-magistraten-2020-01-27-referat-punkt.txt"


@cache
def text(name: str) -> str:
    return read_document(REAL / name).text


@cache
def parsed(name: str) -> ParsedMeeting:
    return parse_document(text(name))


def item(name: str, number: str) -> ParsedItem:
    return next(i for i in parsed(name).items if i.number == number)


# --- Teknisk Udvalg, minutes of 1 October 2025 ------------------------------------------------------------

TU_ITEMS = [
    ("1", "Referat fra sidste udvalgsmøde", "EMN-2025-010561", "Ingen bemærkninger.", 1),
    (
        "2",
        "Udviklingsplan Aarhus Ø - endelig vedtagelse",
        "EMN-2025-009242",
        "Et flertal i udvalget kunne tiltræde indstillingen i overensstemmelse med Magistratens anbefaling.",
        30,
    ),
    (
        "3",
        "Lokalplan 1221 (tillæg 2 til lokalplan 411) – Erhvervsområde ved Kattrup, Hasselager-Kolt, med tillæg 1 - "
        "Endelig",
        "EMN-2025-008468",
        "Der var foretræde til sagen, hvorefter udvalget drøftede sagen og stillede spørgsmål til forvaltningen.",
        11,
    ),
    (
        "4",
        "Forvaltningen orienterer",
        "EMN-2025-010561",
        "Udvalget blev orienteret om arkitekturugen i uge 41.",
        0,
    ),
    (
        "5",
        "Eventuelt",
        None,
        "Udvalget drøftede og stillede spørgsmål til forvaltningen om forlængelse af forsøget med sommergade",
        0,
    ),
    (
        "6",
        "Måltal for busfremkommelighed, jf. budgetforlig 2023",
        "EMN-2024-035156",
        "Sagen blev udsat uden behandling.",
        27,
    ),
]


def test_the_minutes_are_read_by_the_firstagenda_family_and_say_why():
    meeting = parsed(TU)
    assert meeting.family == "firstagenda"
    assert "'Udvalg: | Teknisk Udvalg'" in meeting.family_reason
    assert "'Mødedato: | onsdag den 1. oktober 2025 kl. 15.45'" in meeting.family_reason
    assert "Punkt | Titel" in meeting.family_reason


def test_the_minutes_meeting():
    meeting = parsed(TU)
    assert (meeting.kind, meeting.date, meeting.start_time) == (
        REFERAT,
        dt.date(2025, 10, 1),
        dt.time(15, 45),
    )
    assert meeting.location == "Udvalgsværelse 398"
    assert (meeting.body_name, meeting.body_kind, meeting.municipality) == (
        "Teknisk Udvalg",
        COMMITTEE,
        "Aarhus Kommune",
    )
    assert body_slug(meeting.body_name, municipality=meeting.municipality) == "aarhus-teknisk-udvalg"
    assert meeting.region is None
    # "Mødedeltagere:" is printed empty
    assert (meeting.attendance, meeting.attendance_complete) == ([], True)


def test_every_item_of_the_minutes_with_its_title_case_decision_and_attachments():
    items = parsed(TU).items
    assert [(i.number, i.title, i.case_number) for i in items] == [(n, t, c) for n, t, c, _, _ in TU_ITEMS]
    for found, (_, _, _, decision, attachments) in zip(items, TU_ITEMS, strict=True):
        assert found.decision is not None and found.decision.text.startswith(decision)
        # the row's paperclip badge counts them: 1, 30, 11, -, -, 27
        assert len(found.attachments.splitlines()) == attachments
        assert not found.closed
    assert [i.order for i in items] == list(range(6))
    assert item(TU, "1").attachments == "Referat fra møde den 22. september 2025"
    assert item(TU, "2").attachments.splitlines()[1] == (
        "Bilag 1: Udviklingsplan for Pier 3 med omgivelser med bilag og strategier"
    )


def test_outcomes_of_the_minutes():
    assert item(TU, "4").decision.outcomes == ["orienteret"]
    assert item(TU, "6").decision.outcomes == ["udsat"]


def test_a_decision_ends_where_the_untitled_summary_begins():
    decision = item(TU, "2").decision.text
    assert (
        decision.splitlines()[-1]
        == "Liv Gro Jensen var forhindret i at deltage i udvalgets behandling af sagen."
    )
    assert "Pier 3" not in decision
    assert item(TU, "2").other_texts[0] == (
        "",
        "Udviklingsplan for Pier 3 og tilstødende arealer har været i fire ugers høring. Nærværende sag beskriver og "
        "kommenterer de indkomne høringssvar og vedtager udviklingsplanen endeligt.",
    )
    assert item(TU, "3").other_texts[0][1].startswith("Endelig vedtagelse af forslag til Lokalplan nr. 1221")
    # item 6 prints "." where the summary would be
    assert item(TU, "6").decision.text == "Sagen blev udsat uden behandling."
    assert [heading for heading, _ in item(TU, "6").other_texts] == ["Borgmesterens Afdelings påtegning"]
    assert any("items 2, 3" in warning for warning in parsed(TU).warnings)


def test_the_texts_of_an_item_under_their_headings():
    udvikling = item(TU, "2")
    assert udvikling.resume.startswith(
        "Der er indkommet i alt 1149 høringssvar, heraf 1094 svar fra privatpersoner"
    )
    assert udvikling.resume.endswith("afsættes en grøn-blå pulje til by-rumsprojekter på hele Aarhus Ø.")
    assert udvikling.recommendation.splitlines() == [
        "Det indstilles:",
        "At 1) Byrådet godkender forslag til bemærkninger, som det fremgår under afsnit 5.2 og i bilag 3.",
        "At 2) Byrådet godkender udviklingsplanen som grundlag for byudviklingen samt grundlag for forretningsplan i "
        "en kommende indstilling.",
    ]
    assert (
        "Borgmesterens Afdelings påtegning",
        "Fremsendes til Magistraten. Borgmesterens Afdeling har ingen bemærkninger til indstillingen.",
    ) in item(TU, "3").other_texts
    assert item(TU, "1").resume == item(TU, "1").recommendation == ""


def test_positions_and_absences_in_the_minutes():
    udvikling = item(TU, "2")
    assert [(p.stance, p.name, p.party) for p in udvikling.positions] == [
        (FOR, "Jesper Kjeldsen", None),
        (FOR, "Steffen Wich", None),
        (FOR, "Gert Bjerregaard", None),
        (FOR, "Metin Lindved Aydin", None),
        (RESERVED, "Jakob Søgaard Clausen", None),
        (AGAINST, "Solveig Munk", None),
    ]
    assert udvikling.positions[4].sentence == "Jakob Søgaard Clausen tog forbehold."
    assert udvikling.absent == ["Liv Gro Jensen"]
    # "Et flertal i udvalget kunne tiltræde …" names nobody; the Magistrate's reservations are in its step
    others = [i for i in parsed(TU).items if i.number != "2"]
    assert all(not i.positions and not i.absent for i in others)


def test_the_case_route_of_two_items():
    route = item(TU, "2").case_route
    assert [(s.body_name, s.date, s.number) for s in route] == [
        ("Magistraten", dt.date(2025, 9, 2), "12"),
        ("Aarhus Byråd", dt.date(2025, 9, 10), "11"),
        ("Teknisk Udvalg", dt.date(2025, 9, 22), "2"),
    ]
    assert route[0].text.splitlines() == [
        "Fremsendes til Aarhus Byråd med bemærkning, at Magistraten i mødet den 2. september 2025 anbefaler, at "
        "byrådet tiltræder Borgmesterens Afdelings og Magistratsafdelingen for Teknik og Miljøs indstilling af 26. "
        "august 2025.",
        "Socialistisk Folkeparti tog forbehold vedrørende prioriteringen af fordelingen mellem byfortætning vs. "
        "grønne områder/arealer.",
        "Venstre tog forbehold vedrørende mobilitet/trafikforhold.",
        "Liberal Alliance tog forbehold vedrørende mobilitet.",
        "Thure Hastrup deltog ikke i sagens behandling.",
    ]
    assert [(s.body_name, s.date, s.number) for s in item(TU, "6").case_route] == [
        ("Magistraten", dt.date(2025, 3, 18), "9"),
        ("Aarhus Byråd", dt.date(2025, 3, 26), "14"),
        ("Teknisk Udvalg", dt.date(2025, 5, 26), "6"),
        ("Teknisk Udvalg", dt.date(2025, 8, 11), "3"),
    ]
    assert item(TU, "3").case_route[-1].text == "Sagen blev udsat."
    assert item(TU, "1").case_route == []


# --- Aarhus Byråd, agenda of 8 October 2025 ---------------------------------------------------------------

BYRAAD_ITEMS = [
    ("1", "Godkendelse af dagsorden", "EMN-2023-009832", 0, 0),
    ("2", "Forslag til budget 2026-2029", "EMN-2025-008308", 22, 4),
    ("3", "Materiale til Magistratens 1. tekniske behandling af budget 2026", "EMN-2025-008308", 9, 2),
    ("4", "Materiale til Magistratens 2. tekniske behandling af budget 2026", "EMN-2025-008308", 13, 1),
    ("5", "Budgetforslag Ældre og sundhed", "EMN-2025-008294", 44, 4),
    ("6", "Budgetforslag Social- og beskæftigelsesområdet", "EMN-2025-008294", 63, 4),
    ("7", "Budgetforslag Miljø, byudvikling, infrastruktur og kollektiv trafik", "EMN-2025-008294", 159, 4),
    ("8", "Budgetforslag Sport, fritid og kultur", "EMN-2025-008294", 70, 4),
    ("9", "Budgetforslag Børn og Unge", "EMN-2025-008294", 80, 4),
    ("10", "Budgetforslag Økonomi og andet", "EMN-2025-008294", 71, 4),
    ("11", "Svar på forslag fra S, SF, RV, M og ALT om vindmøller på Aarhus Havn", "EMN-2025-000502", 8, 2),
    (
        "12",
        "Svar på forslag fra Børne- og ungebyrådet om flere lejrskoler og udflugter i grundskolen",
        "EMN-2025-006138",
        4,
        2,
    ),
    (
        "13",
        "Svar på forslag fra Børne- og ungebyrådet om to-voksentimer og bredere information om eksisterende "
        "trivselsinitiativer",
        "EMN-2025-006131",
        3,
        2,
    ),
    ("14", "Svar på forslag fra RV om Aarhus City Metro", "EMN-2025-006822", 3, 2),
    ("15", "Udpegning til sundhedsråd", "EMN-2025-009824", 3, 1),
    ("16", "Anbefalinger fra §17, stk. 4-udvalget Nyt Byråd", "EMN-2025-010585", 5, 1),
    ("17", "Dispensation fra 'Grøn handleplan for kunstgræsbaner'", "EMN-2025-009516", 6, 3),
    ("18", "Ændring af et godkendelseskriterie for private daginstitutioner", "EMN-2025-010190", 1, 1),
    (
        "19",
        "Beredskabsplaner - negativ social kontrol, æresrelaterede konflikter og ekstremisme",
        "EMN-2025-009868",
        3,
        1,
    ),
    ("20", "Økonomiteknisk justering af cykelmidler", "EMN-2025-010281", 3, 1),
    ("21", "Lokalplan 1246 Åbyhøj Idrætscenter – Endelig", "EMN-2025-010236", 5, 1),
    ("22", "Udviklingsplan Aarhus Ø - endelig vedtagelse", "EMN-2025-009242", 31, 4),
    ("23", "Lokalplan 1204, Trige Syd - Endelig", "EMN-2025-009097", 12, 3),
    ("24", "Byggemodning af område til boliger i Trige, lokalplan 1204", "EMN-2025-008076", 8, 3),
    (
        "25",
        "Forslag fra S, KF, SF, V og RV om mærkningsordning for genbrug af storskrald",
        "EMN-2025-010627",
        1,
        0,
    ),
    ("26", "Forslag fra ALT om at Aarhus Kommune skal udtræde af Kattegatkomitéen", "EMN-2025-010689", 1, 0),
    ("27", "Forslag fra V, LA, DD, KF, RV, M og ALT om tilskud til hjemmepasning", "EMN-2025-010711", 1, 0),
    (
        "28",
        "Forslag fra KF om at adoptere en rundkørsel – skab kunst i det offentlige rum",
        "EMN-2025-010748",
        1,
        0,
    ),
    ("29", "Forslag fra SF om Børnenes Plads", "EMN-2025-010715", 1, 0),
    (
        "30",
        "Forslag fra V om bedre rammer for erhvervslivet - giv os Aarhus tilbage",
        "EMN-2025-010825",
        1,
        0,
    ),
    ("31", "Forslag fra VL om offentlig undskyldning til kommunal ansat", "EMN-2025-010828", 2, 0),
    (
        "32",
        "Forslag fra VL om undersøgelse af kommunens håndtering som bygherre i asbesthåndtering på rådhuset",
        "EMN-2025-010830",
        1,
        0,
    ),
    (
        "33",
        "Forslag fra V, KF, LA og DD om afledte konsekvenser af lukning af Vesterbro Torv",
        "EMN-2025-010810",
        1,
        0,
    ),
]


def test_the_agenda_meeting():
    meeting = parsed(BYRAAD)
    assert meeting.family == "firstagenda" and "'Udvalg: | Aarhus Byråd'" in meeting.family_reason
    assert (meeting.kind, meeting.date, meeting.start_time) == (
        DAGSORDEN,
        dt.date(2025, 10, 8),
        dt.time(16, 0),
    )
    assert meeting.location == "Byrådssalen"
    # The council's printed name without the municipality in front: the contract's slug
    assert (meeting.body_name, meeting.body_kind, meeting.municipality) == (
        "Byråd",
        COUNCIL,
        "Aarhus Kommune",
    )
    assert body_slug(meeting.body_name, municipality=meeting.municipality) == "aarhus-byraad"
    assert meeting.attendance == []
    assert meeting.warnings == []


def test_every_item_of_the_agenda():
    items = parsed(BYRAAD).items
    assert [(i.number, i.title, i.case_number) for i in items] == [
        (n, t, c) for n, t, c, _, _ in BYRAAD_ITEMS
    ]
    assert [len(i.attachments.splitlines()) if i.attachments else 0 for i in items] == [
        b for *_, b, _ in BYRAAD_ITEMS
    ]
    assert [len(i.case_route) for i in items] == [r for *_, r in BYRAAD_ITEMS]
    assert all(i.decision is None and not i.positions and not i.closed for i in items)


def test_a_members_motion_that_says_beslutning_is_not_a_decision():
    metro = item(BYRAAD, "14")
    assert metro.decision is None
    assert metro.other_texts[0][1].startswith("BESLUTNINGSFORSLAG FRA RV\nDette udspil har til formål")
    assert "\nBeslutning:\nByrådet beslutter at hjemtage tilbud" in metro.other_texts[0][1]
    assert metro.resume.startswith("Teknik og Miljø anbefaler at afvise Radikale Venstres forslag")


def test_the_case_route_of_the_budget_and_of_the_development_plan():
    assert [(s.body_name, s.date, s.number) for s in item(BYRAAD, "2").case_route] == [
        ("Magistraten", dt.date(2025, 9, 2), "3"),
        ("Aarhus Byråd", dt.date(2025, 9, 10), "2"),
        ("Magistraten", dt.date(2025, 9, 16), "3"),
        ("Magistraten", dt.date(2025, 9, 30), "2"),
    ]
    assert item(BYRAAD, "2").case_route[0].text.splitlines()[1:] == [
        'Socialistisk Folkeparti tog forbehold vedrørende fastholdelse af "fællesbidraget", og at prioritering af '
        "beløb til velfærd burde være større.",
        "Det Konservative Folkeparti, Venstre, Radikale Venstre og Liberal Alliance tog forbehold.",
        "Thure Hastrup deltog ikke i sagens behandling.",
    ]
    # The agenda's route of item 22 ends with the committee's decision of 1 October: the minutes above
    last = item(BYRAAD, "22").case_route[-1]
    assert (last.body_name, last.date, last.number) == ("Teknisk Udvalg", dt.date(2025, 10, 1), "2")
    assert last.text == item(TU, "2").decision.text
    assert item(BYRAAD, "22").other_texts[0] == item(TU, "2").other_texts[0]


def test_the_untitled_section_of_an_agenda_item():
    assert item(BYRAAD, "17").other_texts[0] == (
        "",
        "Mulighed for etablering af kunstgræsbaner med infill af mikroplast for fodboldklubber i landets bedste "
        "fodboldrækker.",
    )
    assert item(BYRAAD, "15").other_texts == []  # "." only
    assert (
        item(BYRAAD, "5").other_texts[0][1].splitlines()[0]
        == "1 Bedre og mere velsmagende mad til alle byens ældre S"
    )


# --- the listing page, and pages of other kinds ----------------------------------------------------------


def test_the_listing_page_is_refused_as_not_minutes():
    with pytest.raises(NotMinutesError) as refused:
        parse_document(text(LISTING))
    reason = str(refused.value)
    assert reason.startswith("not minutes: a FirstAgenda listing of 20 meetings")
    assert "08/10-2025 Aarhus Byråd Dagsorden" in reason and "\n" not in reason
    assert "'powered by FirstAgenda Publication'" in firstagenda.detect(text(LISTING)).reason


@pytest.mark.parametrize(
    "name",
    [
        "neg-aarhus-foelg-byraadsmoedet-direkte-live.txt",
        "neg-aarhus-indstilling-magistraten-2011-06-09-bilag.txt",
    ],
)
def test_aarhus_pages_that_are_not_a_meetings_are_not_read_as_firstagenda(name):
    assert firstagenda.detect(text(name)) is None
    with pytest.raises(NotMinutesError):
        firstagenda.parse(text(name))


# --- aarhus.dk's older pages, cut off -----------------------------------------------------------------


def test_an_older_aarhus_dk_page_cut_off_is_read_as_far_as_it_goes():
    meeting = parsed(OLD_BYRAAD)
    assert meeting.family == "firstagenda"
    assert "'Referat Aarhus Byråd 11-09-2019'" in meeting.family_reason
    assert (meeting.kind, meeting.date, meeting.start_time) == (REFERAT, dt.date(2019, 9, 11), None)
    assert (meeting.body_name, meeting.body_kind, meeting.municipality) == (
        "Byråd",
        COUNCIL,
        "Aarhus Kommune",
    )
    [only] = meeting.items
    assert (only.number, only.title) == ("1", "Fælles ansvar for nedbringelse af hjemløshed")
    assert only.decision.text.splitlines() == [
        "Fremsendes til Social- og Beskæftigelsesudvalget til behandling i henhold til beslutning i byrådets møde "
        "den 11. september 2019.",
        "Sagen blev behandlet sammen med sag 4.",
    ]
    assert only.resume.startswith("Byrådet tilsluttede sig indstillingen om Masterplan på Hjemløseområdet")
    assert only.recommendation.splitlines()[0] == "Det indstilles:"
    assert [(s.body_name, s.date) for s in only.case_route] == [
        ("Borgmesterens Afdeling", dt.date(2019, 8, 15)),
        ("Magistraten", dt.date(2019, 8, 19)),
        ("Aarhus Byråd", dt.date(2019, 8, 28)),
        ("Aarhus Byråd", dt.date(2019, 9, 11)),
    ]
    assert "Keld Hvalsø tog forbehold." in only.case_route[1].text.splitlines()
    assert only.positions == []  # the Magistrate's, in its step
    assert any("cut off" in w for w in meeting.warnings)
    assert any("prints no item numbers" in w for w in meeting.warnings)


def test_an_older_aarhus_dk_page_of_the_magistrate_with_two_items():
    meeting = parsed(OLD_MAGISTRATEN)
    assert (meeting.body_name, meeting.body_kind, meeting.municipality) == (
        "Magistraten",
        COMMITTEE,
        "Aarhus Kommune",
    )
    assert body_slug(meeting.body_name, municipality=meeting.municipality) == "aarhus-magistraten"
    assert [(i.number, i.title) for i in meeting.items] == [
        ("1", "Referat fra Magistratens møde den 20. januar 2020"),
        ("2", "Indstilling om forslag fra Almaz Mengesha om udbudsstrategi"),
    ]
    first, second = meeting.items
    assert first.decision.text == "Intet.\nKeld Hvalsø deltog ikke i sagens behandling."
    assert (
        second.decision.text.splitlines()[1]
        == "Rådmand Bünyamin Simsek henholder sig til det oprindelige forslag."
    )
    for found in (first, second):
        assert [(p.stance, p.name) for p in found.positions] == [(NOT_PARTICIPATING, "Keld Hvalsø")]
        assert found.absent == ["Keld Hvalsø"]
    assert second.other_texts[0][0] == "Beslutningsforslag fra Almaz Mengesha (UFP)"


def test_older_aarhus_dk_pages_with_a_glued_heading_and_a_motion():
    glued = parsed("aarhus-byraad-2019-04-03-referat-punkt.txt").items[0]
    assert glued.title == "Etablering af Multihus Hjortshøj"
    assert glued.decision.text.startswith("Tilbagesendes Magistratsafdelingen for Børn og Unge")
    assert glued.other_texts[0][1].startswith("Med indstillingen gives kommunegaranti og tilskud")
    motion = parsed("aarhus-byraad-2020-08-12-referat-punkt.txt").items[0]
    assert motion.title == "Svar på forslag om klimavenligt og bæredygtigt byggeri"
    assert motion.decision.text.endswith("Sagen blev behandlet sammen med sagerne 2 og 3.")
    assert motion.other_texts[0][0] == "Beslutningsforslag fra ALT"


@pytest.mark.parametrize("name", [TU, BYRAAD, OLD_BYRAAD, OLD_MAGISTRATEN])
def test_a_page_cut_off_anywhere_is_read_or_refused_never_a_traceback(name):
    whole = text(name)
    for cut in range(0, len(whole), max(1, len(whole) // 60)):
        try:
            meeting = firstagenda.parse(whole[:cut])
        except NotMinutesError as refused:
            assert "\n" not in str(refused)
        else:
            assert meeting.items


@pytest.mark.parametrize("name", [OLD_BYRAAD, OLD_MAGISTRATEN, TU])
def test_the_ingest_reads_a_cut_off_page_or_refuses_it(name):
    whole = text(name)
    for cut in range(len(whole) // 3, len(whole), max(1, len(whole) // 8)):
        try:
            parse_document(whole[:cut])
        except NotMinutesError as refused:
            assert str(refused).startswith(
                ("not minutes", "no date found", "unknown layout", "no body found")
            )


def test_the_municipality_is_never_guessed():
    # The real minutes with every mention of Aarhus taken out: the page no longer says whose committee it is.
    page = text(TU).replace("Aarhus", "Xby")
    meeting = firstagenda.parse(page)
    assert (meeting.body_name, meeting.municipality) == ("Teknisk Udvalg", None)
    assert any("does not name the municipality" in warning for warning in meeting.warnings)
    with pytest.raises(NotMinutesError, match=r"^no body found"):  # and the ingest does not guess either
        parse_document(page)


# --- closed items, and speed ---------------------------------------------------------------------------


def test_a_closed_item_keeps_its_title_only():
    # The real minutes with item 5's title printed as FirstAgenda prints a closed item.
    page = text(TU).replace("\n5\nEventuelt\n", "\n5\nLukket punkt: Eventuelt\n")
    closed = next(i for i in parse_document(page).items if i.number == "5")
    assert (closed.title, closed.closed, closed.decision, closed.case_route) == ("Eventuelt", True, None, [])


def test_parsing_is_fast():
    pages = [text(TU), text(BYRAAD)]
    started = time.perf_counter()
    for _ in range(5):
        for page in pages:
            firstagenda.parse(page)
    assert time.perf_counter() - started < 2.0  # about 0.05 s here: 50 documents a second is the floor
