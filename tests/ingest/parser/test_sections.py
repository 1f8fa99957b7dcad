"""ingest/parser/sections.py: page chrome, headings, decision headings, body names and the headed texts of an item,
on lines and items of the real documents in tests/fixtures/real/ (each quoted line is printed so in one of them)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from ingest.parser.sections import (
    ATTACHMENTS,
    BACKGROUND,
    CASE_TEXT,
    DECISION,
    OTHER,
    RECOMMENDATION,
    RESUME,
    body_key,
    clean_line,
    clean_lines,
    decision_heading,
    fix_mojibake,
    heading_kind,
    is_own,
    normalise_body,
    opens_recommendation,
    split_sections,
)
from ingest.reader import read_document

REAL = Path(__file__).resolve().parents[2] / "fixtures" / "real"


def item_lines(name: str, heading: str, next_heading: str | None) -> list[str]:
    """The cleaned lines of one item of a real document: after the line `heading` (its last occurrence: a list of
    the items may come first), up to `next_heading`."""
    lines = clean_lines(read_document(REAL / name).text)
    start = len(lines) - lines[::-1].index(heading)
    end = lines.index(next_heading, start) if next_heading else len(lines)
    return lines[start:end]


# --- page chrome ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "Til toppen",
        "Til top",
        "Udskriv",
        "Udskriv hele dagsordnen",
        "Se alle bilag",
        "Tilbage til oversigt",
        "Gå til indhold",
        "Gå ikke glip af vigtig Digital Post fra Københavns Kommune",
        "Luk alle punkter Referat",
        "Sbsys dagsorden preview",
        "Accepter cookies",
        "Vi bruger cookies til statistik som en del af vores arbejde for at lave en god hjemmeside. Hvis du ikke siger "
        '"nej tak til cookies", antager vi, at du accepterer vores cookie politik.',
        "Forsiden | Kontakt | Ledige job | For ansatte | Presse og nyheder | Web-TV | tysk flag engelsk flag |",
        "Region Syddanmark logo, link til forsiden",
        "Region SyddanmarkTil forsiden",
        "ForsidepilPolitikpilDagsordner og referaterpilReferater 2016pilSundhedsudvalgetpilSundhedsudvalget - Referat "
        "- 25. oktober 2016",
        "…..",
    ],
)
def test_page_chrome_is_dropped(line):
    assert clean_line(line) == ""


@pytest.mark.parametrize(
    ("line", "cleaned"),
    [
        (
            "1. Godkendelse af dagsordenKlik her for at folde ud og læse mere om Godkendelse af dagsorden",
            "1. Godkendelse af dagsorden",
        ),
        ("  fold dette punkt ind Resume", "Resume"),
        ("UdskrivSagsid.: 17/3668, Sagsinitialer: GES", "Sagsid.: 17/3668, Sagsinitialer: GES"),
        ("Indholdsfortegnelse1. Fraværende", "1. Fraværende"),
        ("Udvalg Ikon", "Udvalg"),
        ("Mødested: | Byrådssalen, Skelbækvej |", "Mødested: Byrådssalen, Skelbækvej"),
        ("at | dagsordenen godkendes |", "at dagsordenen godkendes"),
        ("  ̵ Standerhejsning i Roskilde Roklub", "• Standerhejsning i Roskilde Roklub"),
        ("Regionsr├ądet", "Regionsrådet"),
        ("1.     Godkendelse af dagsorden (B)", "1. Godkendelse af dagsorden (B)"),
    ],
)
def test_glued_ui_text_is_cut_off_and_white_space_collapsed(line, cleaned):
    assert clean_line(line) == cleaned


def test_mojibake_is_repaired_only_where_there_is_some():
    assert fix_mojibake("Regionsr├ądet") == "Regionsrådet"
    assert fix_mojibake("Regionsrådet") == "Regionsrådet"
    assert fix_mojibake("a ├ b") == "a ├ b"  # not UTF-8 read as CP852: left as printed


# --- headings --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "kind", "heading", "rest"),
    [
        ("Resume", RESUME, "Resume", ""),
        ("Resumé", RESUME, "Resumé", ""),
        ("Sagens kerne", RESUME, "Sagens kerne", ""),
        ("Sagsfremstilling", CASE_TEXT, "Sagsfremstilling", ""),
        ("Beskrivelse af sagen", CASE_TEXT, "Beskrivelse af sagen", ""),
        ("Redegørelse", CASE_TEXT, "Redegørelse", ""),
        ("INDSTILLING", RECOMMENDATION, "INDSTILLING", ""),
        ("Administrativ indstilling", RECOMMENDATION, "Administrativ indstilling", ""),
        ("Administrationen indstiller", RECOMMENDATION, "Administrationen indstiller", ""),
        ("Indstilling og beslutning", RECOMMENDATION, "Indstilling og beslutning", ""),
        ("BAGGRUND", BACKGROUND, "BAGGRUND", ""),
        ("Bilag", ATTACHMENTS, "Bilag", ""),
        ("POLITISK BEHANDLING", DECISION, "POLITISK BEHANDLING", ""),
        ("Beslutning", DECISION, "Beslutning", ""),
        ("Beslutningstema", OTHER, "Beslutningstema", ""),
        ("Sagsgang og sagstype", OTHER, "Sagsgang og sagstype", ""),
        ("Økonomiske konsekvenser", OTHER, "Økonomiske konsekvenser", ""),
        ("Retsregler og andre forskrifter", OTHER, "Retsregler og andre forskrifter", ""),
        ("Sagsforløb: BY", OTHER, "Sagsforløb", "BY"),
        ("Kompetence: Økonomiudvalget", OTHER, "Kompetence", "Økonomiudvalget"),
        ("Beslutningskompetence: KB", OTHER, "Beslutningskompetence", "KB"),
    ],
)
def test_headings(line, kind, heading, rest):
    assert heading_kind(line) == (kind, heading, rest)


@pytest.mark.parametrize(
    "line",
    [
        "Godkendt.",
        "Dagsordenen blev godkendt.",
        "Beslutningssag",
        "Beslutning om genåbning af caféer og udendørs aktiviteter i Aktive Centre og Toppen",
        "Udvalget Ældre og Sundhed",
        "Martin Bech, Bettina Bøcker Kjeldsen og Niels Vestergaard Salling var fraværende.",
    ],
)
def test_text_lines_are_not_headings(line):
    assert heading_kind(line) is None


@pytest.mark.parametrize(
    ("line", "body", "date", "number"),
    [
        ("Beslutning i Kommunalbestyrelsen den 28-10-2014", "Kommunalbestyrelsen", "2014-10-28", None),
        (
            "Beslutning Teknik- og Miljøudvalget den 11-08-2021",
            "Teknik- og Miljøudvalget",
            "2021-08-11",
            None,
        ),
        (
            "Beslutning Udvalget for teknik og miljø den 18-02-2019",
            "Udvalget for teknik og miljø",
            "2019-02-18",
            None,
        ),
        (
            "Beslutning i Forebyggelses- og Seniorudvalget den 12. januar 2021:",
            "Forebyggelses- og Seniorudvalget",
            "2021-01-12",
            None,
        ),
        (
            "Beslutning i Udvalget for Ældre og Sundhed den 04-06-2020",
            "Udvalget for Ældre og Sundhed",
            "2020-06-04",
            None,
        ),
        ("Beslutning i Byrådet den 19-12-2016", "Byrådet", "2016-12-19", None),
        ("Regionsrådets beslutning den 11. marts 2025:", "Regionsrådet", "2025-03-11", None),
        ("Forretningsudvalgets beslutning den 8. november 2022:", "Forretningsudvalget", "2022-11-08", None),
        (
            "Miljø- og klimaudvalgets beslutning den 2. november 2022:",
            "Miljø- og klimaudvalget",
            "2022-11-02",
            None,
        ),
        (
            "Borgerrepræsentationens beslutning i mødet den 12. december 2019",
            "Borgerrepræsentationen",
            "2019-12-12",
            None,
        ),
        ("Kultur- og Idrætsudvalget, 03-04-2019, pkt. 42", "Kultur- og Idrætsudvalget", "2019-04-03", "42"),
        (
            "Teknik- og Miljøudvalget, 10. september 2019, pkt. 65:",
            "Teknik- og Miljøudvalget",
            "2019-09-10",
            "65",
        ),
        (
            "Behandling i Udvalget for det nære sundhedsvæsen onsdag den 15. januar 2020, pkt. 1",
            "Udvalget for det nære sundhedsvæsen",
            "2020-01-15",
            "1",
        ),
    ],
)
def test_decision_headings_name_body_date_and_item(line, body, date, number):
    heading = decision_heading(line)
    assert (heading.body, heading.date, heading.number) == (body, dt.date.fromisoformat(date), number)
    assert heading_kind(line)[0] == DECISION


def test_bare_and_inline_decision_headings():
    assert decision_heading("Beslutning").body is None
    assert decision_heading("Beslutning den :") is not None  # the date lost in a PDF transcript
    assert decision_heading("Beslutning: Vedtaget").rest == "Vedtaget"
    assert decision_heading("Beslutningstema") is None
    assert decision_heading("Beslutninger om dagsordenen") is None


def test_a_decision_heading_is_the_meetings_own_unless_it_names_another_body_or_date():
    own = decision_heading("Forretningsudvalgets beslutning den 8. november 2022:")
    other = decision_heading("Miljø- og klimaudvalgets beslutning den 2. november 2022:")
    earlier = decision_heading("Regionsrådets beslutning den 30. november 2021:")
    assert is_own(own, body="Forretningsudvalget", date=dt.date(2022, 11, 8))
    assert not is_own(other, body="Forretningsudvalget", date=dt.date(2022, 11, 8))
    assert not is_own(earlier, body="Regionsrådet", date=dt.date(2021, 12, 7))
    assert is_own(decision_heading("Beslutning"), body="Byrådet", date=dt.date(2020, 1, 29))


@pytest.mark.parametrize(
    "line",
    [
        "Direktionen indstiller,",
        "Teknisk Forvaltning indstiller,",
        "Chef for Teknik & Miljø Peter Hansen indstiller, at",
        "Direktøren for Teknik og Miljø indstiller til udvalget;",
        "Økonomiforvaltningen indstiller, at Økonomiudvalget over for Borgerrepræsentationen anbefaler,",
    ],
)
def test_lines_that_open_a_recommendation(line):
    assert opens_recommendation(line)


def test_a_sentence_that_mentions_a_recommendation_does_not_open_one():
    assert not opens_recommendation(
        "Direktionen indstiller (10. marts 2011, pkt. 46) budgetdirektiv 2012 til Økonomiudvalge"
    )


# --- bodies ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("printed", "stored"),
    [
        ("Regionsrådets", "Regionsrådet"),
        ("regionsrådet", "Regionsrådet"),
        ("Regionsrådet 2018-2021", "Regionsrådet"),
        ("Forretningsudvalg", "Forretningsudvalget"),
        ("Økonomiudvalg", "Økonomiudvalget"),
        ("Forebyggelses- og Seniorudvalget (2018-2021)", "Forebyggelses- og Seniorudvalget"),
        ("Udvalg for regional udvikling", "Udvalget for regional udvikling"),
        ("Miljø- og klimaudvalgets", "Miljø- og klimaudvalget"),
        ("Borgerrepræsentationens", "Borgerrepræsentationen"),
        ("Aarhus Byråd", "Byrådet"),
        ("Ballerup Kommunalbestyrelse", "Kommunalbestyrelsen"),
        ("ØU", "Økonomiudvalget"),
        ("Teknisk Udvalg", "Teknisk Udvalg"),
        ("Kgs. Enghave Lokaludvalg", "Kgs. Enghave Lokaludvalg"),
        ("Det fælles landdistriktsråd", "Det fælles landdistriktsråd"),
        ("Udvalget for teknik og miljø", "Udvalget for teknik og miljø"),
    ],
)
def test_one_form_per_body(printed, stored):
    assert normalise_body(printed) == stored


def test_the_body_key_ignores_case_and_form():
    assert body_key("Udvalget for Teknik og Miljø") == body_key("udvalget for teknik og miljø")
    assert body_key("Forretningsudvalgets") == body_key("Forretningsudvalg")


# --- an item's headed texts ---------------------------------------------------------------------------------


def test_the_sections_of_a_rodovre_item_with_other_bodies_decisions():
    lines = item_lines("roedovre-kommunalbestyrelsen-2019-09-24-referat.txt", "Sag nr. 130", None)
    parts = split_sections(lines, body="Kommunalbestyrelsen", date=dt.date(2019, 9, 24))
    assert parts.resume.startswith(
        "Forslag til Tillæg 1 til Lokalplan 145 har været i offentlig høring i 4 uger"
    )
    assert parts.recommendation == "Teknisk Forvaltning indstiller,\nat Tillæg 1 til Lokalplan 145 vedtages."
    assert parts.decision == "Godkendt."
    assert parts.case_text.startswith("Tillæg 1 til Lokalplan 145 - Udvidelse af delområde F og G skal give")
    assert parts.other_texts == [("Beslutningskompetence", "KB")]
    assert [(s.body_name, s.date, s.number, s.text) for s in parts.case_route] == [
        ("Teknik- og Miljøudvalget", dt.date(2019, 9, 10), "65", "Anbefales."),
        ("Økonomiudvalget", dt.date(2019, 9, 18), "153", "Indstilles godkendt."),
    ]


def test_the_sections_of_a_region_hovedstaden_item():
    lines = item_lines(
        "regionh-forretningsudvalget-2022-11-08-referat.txt",
        "2. Den prioriterede liste for indsatsen på jordforureningsområdet i 2023",
        None,
    )
    parts = split_sections(lines, body="Forretningsudvalget", date=dt.date(2022, 11, 8))
    assert (
        parts.recommendation
        == "Miljø- og klimaudvalget abefaler over for forretningsudvalget og regionsrådet:"
    )
    assert parts.decision.startswith(
        "Anbefalet.\nJesper Hammer (D), Peter Westermann (F) og Tormod Olsen (Ø)"
    )
    assert "Miljø- og klimaudvalgets" not in parts.decision
    assert parts.case_route[0].body_name == "Miljø- og klimaudvalget"
    assert parts.background.startswith("Regionsrådet skal i henhold til § 18 i lov om forurenet jord")


def test_a_one_line_field_does_not_swallow_the_text_after_it():
    # Brønderslev: "Resume / Sagsforløb: BY / Byrådet anmodes om at godkende ..." - the text is the resume's.
    lines = item_lines(
        "broenderslev-byraad-2020-01-29.txt",
        "3. Godkendelse af indkaldte stedfortrædere",
        "4. Spørgetid for byrådsmedlemmer",
    )
    parts = split_sections(lines, body="Byrådet", date=dt.date(2020, 1, 29))
    assert parts.resume.startswith(
        "Byrådet anmodes om at godkende, at 1. stedfortræder på liste V, Kim Østergaard"
    )
    assert parts.other_texts == [("Sagsforløb", "BY"), ("Personale", "Ingen.")]
    assert parts.decision.startswith("Kim Østergaard og Ole Andersen godkendt")


def test_the_eDoc_referat_heading_opens_the_decision():
    lines = item_lines(
        "regionnordjylland-regionsraadet-2020-12-22-punkt-1-referat.txt", "1. Meddelelse fra formanden", None
    )
    parts = split_sections(lines, body="Regionsrådet", date=dt.date(2020, 12, 22))
    assert parts.decision.startswith("Følgende emner blev nævnt under dette punkt på Regionsrådets møde")
    assert split_sections(lines, referat_is_decision=False).decision is None


def test_an_item_without_headings_is_all_preamble():
    lines = item_lines(
        "hedensted-det-faelles-landdistriktsraad-2023-08-31-referat.txt", "Dagsordenpunkter", None
    )[:1]
    parts = split_sections(lines)
    assert parts.preamble == ["1. Godkendelse af dagsorden"] and parts.decision is None
