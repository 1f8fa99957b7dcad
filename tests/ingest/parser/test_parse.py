"""Unit tests for ingest.parser.parse on small synthetic documents, one quirk of the real documents each."""

from __future__ import annotations

import datetime as dt

import pytest

from ingest.parser.document import ABSENT, DAGSORDEN, PRESENT, REFERAT, NotMinutesError, ParsedMeeting
from ingest.parser.parse import parse_minutes


def pdf_text(*lines: str) -> str:
    """Shaped like the samples' PDF extraction: an empty line after every printed line, printed
    lines ending in a space, a real blank line holding one space."""
    return "".join(line + " \n\n" for line in lines)


FOOTER = ("KKR Hovedstaden  | 21-06-2022", " SIDE  |  4")

ATTENDANCE = (
    "Deltagerfortegnelse",
    "Deltagere",
    "Alexandra Dessoy (C), Frederiksberg Kommune",
    "Morten Riis (Ø), Bornholm Regionskommune",
    "Afbud",
    "Steffen Jensen (A), Halsnæs Kommune.",
    "",
)

OPENING = (
    "1. Godkendelse af dagsorden og referat",
    "",
    "1.1. Godkendelse af dagsorden (10.00-10.01)",
    "SAG-2022-01250 ssan",
    "Baggrund",
    "Det indstilles, at KKR Hovedstaden godkender dagsorden for møde i KKR",
    "Hovedstaden den 21. juni 2022.",
    "",
    "Beslutning",
    "Dagsordenen blev godkendt.",
    "",
    "1.2. Godkendelse af referat (10.01-10.02)",
    "SAG-2022-01250 ssan",
    "Baggrund",
    "Referat af møde i KKR Hovedstaden den 25. marts 2022 er udsendt til med-",
    "lemmerne via Prepare.",
    "",
    "Indstilling",
    "Det indstilles, at KKR Hovedstaden godkender referat fra møde i KKR Ho-",
    "vedstaden den 25. marts 2022.",
    "",
    "Beslutning",
    "KKR Hovedstaden godkendte referatet.",
    "",
)


def item(
    number: str, title: str, decision: str = "KKR Hovedstaden tog orienteringen til efterretning.", *body: str
) -> tuple[str, ...]:
    """A complete item as printed lines."""
    return (
        f"{number}. {title}",
        "SAG-2022-01250 ssan",
        "Baggrund",
        *(body or ("Sagen giver en status på arbejdet.",)),
        "",
        "Indstilling",
        "Det indstilles, at KKR Hovedstaden tager orienteringen til efterretning.",
        "",
        "Beslutning",
        decision,
        "",
    )


def meeting(*lines: str, attendance: tuple[str, ...] = ATTENDANCE, footer: tuple[str, ...] = FOOTER) -> str:
    return pdf_text(*attendance, *OPENING, *lines) + pdf_text(*footer)


def numbers(parsed: ParsedMeeting) -> list[str]:
    return [i.number for i in parsed.items]


def by_number(parsed: ParsedMeeting, number: str):
    return next(i for i in parsed.items if i.number == number)


# --- the whole meeting --------------------------------------------------------------------------------


def test_minimal_meeting_is_parsed():
    parsed = parse_minutes(meeting("2. Siden sidst", "", *item("2.1", "Siden sidst (10.02-10.22)")))
    assert (parsed.body_name, parsed.date, parsed.kind) == ("KKR Hovedstaden", dt.date(2022, 6, 21), REFERAT)
    assert numbers(parsed) == ["1.1", "1.2", "2.1"]
    first = parsed.items[0]
    assert (first.section_number, first.section_title, first.title) == (
        "1",
        "Godkendelse af dagsorden og referat",
        "Godkendelse af dagsorden",
    )
    assert (first.time_start, first.time_end) == (dt.time(10, 0), dt.time(10, 1))
    assert first.decision is not None and first.decision.outcomes == ["godkendt"]
    assert [i.order for i in parsed.items] == [0, 1, 2]
    assert parsed.warnings == []


def test_recommendation_background_and_hyphenation_are_kept():
    parsed = parse_minutes(meeting())
    second = by_number(parsed, "1.2")
    assert (
        second.background
        == "Referat af møde i KKR Hovedstaden den 25. marts 2022 er udsendt til medlemmerne via Prepare."
    )
    assert second.recommendation == (
        "Det indstilles, at KKR Hovedstaden godkender referat fra møde i KKR Hovedstaden den 25. marts 2022."
    )
    assert parsed.rejoined_hyphenations == 2


def test_previous_meeting_date_is_not_the_meeting_date():
    # No footer: the date can only come from the approval of the agenda, never from 1.2's "25. marts".
    parsed = parse_minutes(meeting(footer=()))
    assert parsed.date == dt.date(2022, 6, 21)


def test_approval_of_agenda_and_minutes_together_does_not_give_the_previous_date():
    text = pdf_text(
        "1. Godkendelse af dagsorden og referat",
        "1.1. Godkendelse af dagsorden og referat",
        "SAG-2022-01250 ssan",
        "Indstilling",
        "Det indstilles, at KKR Hovedstaden godkender dagsorden og referat fra mødet den 25. marts 2022.",
    )
    with pytest.raises(NotMinutesError, match="no meeting date"):
        parse_minutes(text)


def test_dato_line_wins_over_footers_and_disagreement_is_a_warning():
    text = (
        pdf_text("REFERAT 2022", "KKR HOVEDSTADEN", "Dato: 22-06-2022 10:00", "Sted: Glostrup Park Hotel")
        + meeting()
    )
    parsed = parse_minutes(text)
    assert parsed.date == dt.date(2022, 6, 22)
    assert parsed.start_time == dt.time(10, 0)
    assert parsed.location == "Glostrup Park Hotel"
    assert any("disagree" in w and "2022-06-21" in w for w in parsed.warnings)


def test_footer_majority_wins_over_agenda_approval_with_warning():
    footers = (
        "KKR Hovedstaden  | 20-06-2022",
        "KKR Hovedstaden  | 20-06-2022",
        "KKR Hovedstaden  | 19-06-2022",
    )
    parsed = parse_minutes(meeting(footer=footers))
    assert parsed.date == dt.date(2022, 6, 20)
    assert any("footers carry different dates" in w for w in parsed.warnings)
    assert any("agenda approval says 2022-06-21" in w for w in parsed.warnings)


def test_body_heading_in_capitals_is_title_cased():
    text = pdf_text("REFERAT 2023", "KKR NORDJYLLAND", "Dato: 3. marts 2023") + meeting(footer=())
    parsed = parse_minutes(text)
    assert (parsed.body_name, parsed.date) == ("KKR Nordjylland", dt.date(2023, 3, 3))


def test_body_name_guessed_from_text_is_a_warning():
    parsed = parse_minutes(meeting(footer=()))
    assert parsed.body_name == "KKR Hovedstaden"
    assert any("guessed" in w for w in parsed.warnings)


def test_agenda_without_decisions_is_a_dagsorden():
    text = pdf_text(
        "1. Godkendelse af dagsorden og referat",
        "1.1. Godkendelse af dagsorden",
        "SAG-2020-00476 nihj",
        "Indstilling",
        "Det indstilles, at KKR Hovedstaden godkender dagsorden for møde i KKR",
        "Hovedstaden den 7. februar 2020.",
        "KKR Hovedstaden  | 07-02-2020",
    )
    parsed = parse_minutes(text)
    assert (parsed.kind, parsed.date) == (DAGSORDEN, dt.date(2020, 2, 7))
    assert parsed.items[0].decision is None
    assert parsed.items[0].recommendation.startswith("Det indstilles")


# --- structure ----------------------------------------------------------------------------------------


def test_numbered_list_inside_item_is_not_a_section():
    parsed = parse_minutes(
        meeting(
            "3. Regionalpolitiske sager",
            "",
            *item(
                "3.1",
                "Monitorering 2021 af det specialiserede socialområde",
                "KKR Hovedstaden tog orienteringen til efterretning.",
                "På baggrund af rapporten anbefales følgende:",
                "1. Det anbefales, at der fortsat arbejdes videre med anbefalingen fra sid-",
                "ste års rapport om forbedring af data",
                "2. Det anbefales, at de enkelte kommuner fortsat arbejder hen mod retvi-",
                "sende budgetlægning",
                "4. Det anbefales, at kommunerne har øget opmærksomhed på stigende",
                "udgifter til krisecentre og herberger",
                "5. Det anbefales, at kommunerne udveksler erfaringer",
            ),
            *item("3.2", "Kommunale indsatser for borgere med psykiske lidelser"),
        )
    )
    assert numbers(parsed) == ["1.1", "1.2", "3.1", "3.2"]
    background = by_number(parsed, "3.1").background
    assert "4. Det anbefales, at kommunerne har øget opmærksomhed på stigende udgifter" in background
    assert "5. Det anbefales, at kommunerne udveksler erfaringer" in background


def test_numbered_list_at_the_end_of_the_last_section_is_not_a_section():
    lines = [
        f"{n}. At der sker en styrkelse af kapacitetsudnyttelse på område nummer {n}, bl.a."
        for n in range(1, 8)
    ]
    parsed = parse_minutes(
        meeting("3. Regionalpolitiske sager", *item("3.1", "Beslutning om kapacitet", "OK.", *lines))
    )
    assert numbers(parsed) == ["1.1", "1.2", "3.1"]
    assert "7. At der sker" in by_number(parsed, "3.1").background


def test_title_starting_with_beslutning_is_a_title():
    parsed = parse_minutes(
        meeting(
            "3. Regionalpolitiske sager",
            "",
            "3.1. Beslutning om at øge kapaciteten på de sikrede institutio-",
            "ner",
            "SAG-2025-01103 ascm",
            "Baggrund",
            "Det Kommunale Koordinationsforum anbefaler udvidelse af antallet af pladser.",
            "",
            "Beslutning",
            "KKR Hovedstaden tog orienteringen til efterretning.",
        )
    )
    it = by_number(parsed, "3.1")
    assert it.title == "Beslutning om at øge kapaciteten på de sikrede institutioner"
    assert (
        it.decision is not None and it.decision.text == "KKR Hovedstaden tog orienteringen til efterretning."
    )


def test_glued_indstilling_heading_is_split():
    text = pdf_text(
        "1. Godkendelse af dagsorden og referat",
        "1.1. Godkendelse af dagsorden",
        "SAG-2021-03493 nihj",
        "Baggrund",
        "Det indstilles, at KKR Hovedstaden godkender dagsorden for møde i KKR",
        "den 3. september 2021.Indstilling",
        "",
        "Beslutning",
        "KKR Hovedstaden godkendte dagsorden for møde i KKR Hovedstaden den",
        "3. september 2021.",
    )
    parsed = parse_minutes(text)
    it = parsed.items[0]
    assert (
        it.background
        == "Det indstilles, at KKR Hovedstaden godkender dagsorden for møde i KKR den 3. september 2021."
    )
    assert it.recommendation == ""
    assert it.decision is not None and it.decision.outcomes == ["godkendt"]
    assert parsed.date == dt.date(2021, 9, 3)


def test_time_slot_typo_is_repaired_with_warning():
    parsed = parse_minutes(
        meeting("3. Regionalpolitiske sager", *item("3.5", "Godkendelse af praksisplan (11.15-11-17)"))
    )
    it = by_number(parsed, "3.5")
    assert (it.title, it.time_start, it.time_end) == (
        "Godkendelse af praksisplan",
        dt.time(11, 15),
        dt.time(11, 17),
    )
    assert any("(11.15-11-17)" in w and "11.15-11.17" in w for w in parsed.warnings)


def test_time_slot_split_over_lines_or_on_its_own_line_belongs_to_the_title():
    parsed = parse_minutes(
        meeting(
            "3. Regionalpolitiske sager",
            "3.1. Fælleskommunal tilgang til rekrutteringsudfordringer",
            "",
            "(10.40-10.55)",
            "SAG-2022-02369 gitb",
            "Beslutning",
            "KKR Hovedstaden drøftede fælles opmærksomheder.",
            "3.2. Arbejdsprogrammer for de fire embedsmandsudvalg (11.32-",
            "11.52)",
            "SAG-2022-01250 ssan",
            "Beslutning",
            "Arbejdsprogrammerne blev godkendt.",
        )
    )
    first, second = by_number(parsed, "3.1"), by_number(parsed, "3.2")
    assert (first.title, first.time_start, first.time_end) == (
        "Fælleskommunal tilgang til rekrutteringsudfordringer",
        dt.time(10, 40),
        dt.time(10, 55),
    )
    assert (second.title, second.time_start, second.time_end) == (
        "Arbejdsprogrammer for de fire embedsmandsudvalg",
        dt.time(11, 32),
        dt.time(11, 52),
    )


def test_toc_lines_do_not_create_items():
    toc = "\n".join(
        [
            "REFERAT 2022",
            "KKR HOVEDSTADEN",
            "Dato: 21-06-2022 10:00",
            "Deltagerfortegnelse.....\t3",
            "1. Godkendelse af dagsorden og referat\t5",
            "1.1. Godkendelse af dagsorden (10.00-10.01)\t5",
            "2. Siden sidst.....\t7",
            "2.1. Siden sidst (10.02-10.22).....\t7",
            "",
            "1. Godkendelse af dagsorden og referat",
            "",
            "1.1. Godkendelse af dagsorden (10.00-10.01)",
            "",
            "SAG-2022-01250 ssan",
            "",
            "Beslutning",
            "",
            "Dagsordenen blev godkendt.",
        ]
    )
    parsed = parse_minutes(toc)
    assert numbers(parsed) == ["1.1"]
    assert parsed.items[0].decision is not None


def test_toc_without_page_numbers_does_not_create_items():
    text = pdf_text(
        "1. Godkendelse af dagsorden og referat",
        "1.1. Godkendelse af dagsorden",
        "1.2. Godkendelse af referat",
        "",
        *OPENING,
    ) + pdf_text(*FOOTER)
    parsed = parse_minutes(text)
    assert numbers(parsed) == ["1.1", "1.2"]
    assert all(i.case_number == "SAG-2022-01250" for i in parsed.items)


def test_empty_section_makes_no_item():
    parsed = parse_minutes(
        meeting(
            "3. Regionalpolitiske sager",
            *item("3.1", "Monitorering"),
            "4. Udpegninger",
            "5. KKR",
            "6. Punkter til næste møde",
            "",
            *item("6.1", "Møde i KKR Hovedstaden den 15. oktober 2022"),
            "7. Eventuelt",
            "",
            "",
        )
    )
    assert numbers(parsed) == ["1.1", "1.2", "3.1", "6.1"]
    assert by_number(parsed, "6.1").section_title == "Punkter til næste møde"


def test_section_with_text_becomes_item():
    parsed = parse_minutes(
        meeting(
            "2. Siden sidst",
            *item("2.1", "Siden sidst"),
            "3. Eventuelt",
            "",
            "Jørgen Suhr (B) foreslog, at KKR Hovedstaden drøfter kommunernes planer for fjernvarme",
            "på et kommende møde.",
        )
    )
    assert numbers(parsed) == ["1.1", "1.2", "2.1", "3"]
    last = parsed.items[-1]
    assert (last.number, last.section_number, last.section_title, last.title) == (
        "3",
        "3",
        "Eventuelt",
        "Eventuelt",
    )
    assert last.case_text == (
        "Jørgen Suhr (B) foreslog, at KKR Hovedstaden drøfter kommunernes planer for fjernvarme "
        "på et kommende møde."
    )
    assert last.decision is None


def test_empty_beslutning_keeps_the_item_without_a_decision():
    parsed = parse_minutes(
        meeting(
            "6. Punkter til næste møde",
            "6.1. Punkter til næste møde (12.27-12.28)",
            "SAG-2022-01250 ssan",
            "Baggrund",
            "Næste møde i KKR Hovedstaden planlægges afholdt den 25. august 2022.",
            "",
            "Beslutning",
            "7. Eventuelt",
            "",
            "Line Barfod (Ø) kvitterede for punktet.",
        )
    )
    assert numbers(parsed) == ["1.1", "1.2", "6.1", "7"]
    assert by_number(parsed, "6.1").decision is None
    assert any("6.1" in w and "Beslutning" in w for w in parsed.warnings)


def test_case_number_and_officer_initials():
    parsed = parse_minutes(
        meeting(
            "3. Regionalpolitiske sager",
            "3.1. Status på implementering af sundhedsreformen",
            "SAG-2025-01103 jjc/asfp/emmj",
            "Beslutning",
            "KKR Hovedstaden drøftede status.",
        )
    )
    it = by_number(parsed, "3.1")
    assert (it.case_number, it.case_officers) == ("SAG-2025-01103", ["jjc", "asfp", "emmj"])


def test_item_without_case_number_is_a_warning():
    parsed = parse_minutes(
        meeting("3. Regionalpolitiske sager", "3.1. Status", "Beslutning", "KKR Hovedstaden drøftede status.")
    )
    assert by_number(parsed, "3.1").case_number is None
    assert any("3.1 has no case number" in w for w in parsed.warnings)


def test_all_fields_are_read():
    parsed = parse_minutes(
        meeting(
            "3. Regionalpolitiske sager",
            "3.1. Praksisplan for fysioterapi",
            "SAG-2022-01250 ssan",
            "Baggrund",
            "Der foreligger et forslag.",
            "Indstilling",
            "Det indstilles, at KKR Hovedstaden godkender praksisplan for fysioterapi.",
            "Sagsfremstilling",
            "Det fælleskommunale sundhedssekretariat har været tæt involveret.",
            "Bilag:",
            "./. Praksisplan for fysioterapi 2022",
            "Beslutning",
            "KKR Hovedstaden godkendte praksisplan for fysioterapi.",
        )
    )
    it = by_number(parsed, "3.1")
    assert it.background == "Der foreligger et forslag."
    assert it.recommendation == "Det indstilles, at KKR Hovedstaden godkender praksisplan for fysioterapi."
    assert it.case_text == "Det fælleskommunale sundhedssekretariat har været tæt involveret."
    assert it.attachments == "Praksisplan for fysioterapi 2022"
    assert it.decision is not None
    assert (it.decision.text, it.decision.outcomes) == (
        "KKR Hovedstaden godkendte praksisplan for fysioterapi.",
        ["godkendt"],
    )


# --- attendance ---------------------------------------------------------------------------------------


def test_attendance_is_read_with_statuses_parties_and_canonical_municipalities():
    parsed = parse_minutes(
        meeting(
            attendance=(
                "Deltagere",
                "Britt Jensen (A), Rødovre kommune",
                "Michael Ziegler (C), Høje Taastrup Kommune",
                "Sofia Osmani (C), Lyngby Taarbæk Kommune",
                "Thyge Enevoldsen (Ø) Frederiksberg Kommune",
                "Niels Peder Ravn (D), Københavns Kommune (stedfortræder for Ulla Kok-",
                "felt)",
                "Serdal Benli (F), Gladsaxe Kommune, suppleant for Trine Græse",
                "Jens Hansen (V), Roskilde kommune",
                "",
                "Afbud",
                "Morten Riis (Ø), Bornholm Regionskommune",
                "Steffen Jensen (A), Halsnæs Kommune.",
            )
        )
    )
    rows = [
        (a.name, a.status, a.party, a.municipality, a.substitute_for, a.substitute_kind)
        for a in parsed.attendance
    ]
    assert rows == [
        ("Britt Jensen", PRESENT, "A", "Rødovre Kommune", None, None),
        ("Michael Ziegler", PRESENT, "C", "Høje-Taastrup Kommune", None, None),
        ("Sofia Osmani", PRESENT, "C", "Lyngby-Taarbæk Kommune", None, None),
        ("Thyge Enevoldsen", PRESENT, "Ø", "Frederiksberg Kommune", None, None),
        ("Niels Peder Ravn", PRESENT, "D", "Københavns Kommune", "Ulla Kokfelt", "stedfortræder"),
        ("Serdal Benli", PRESENT, "F", "Gladsaxe Kommune", "Trine Græse", "suppleant"),
        ("Jens Hansen", PRESENT, "V", "Roskilde Kommune", None, None),
        ("Morten Riis", ABSENT, "Ø", "Bornholms Regionskommune", None, None),
        ("Steffen Jensen", ABSENT, "A", "Halsnæs Kommune", None, None),
    ]
    assert parsed.attendance_complete


def test_attendance_cut_off_at_the_start_is_kept_with_warning():
    parsed = parse_minutes(
        meeting(attendance=(" Ole Bondo Christensen, Furesø Kommune", " Jørgen Johansen, Allerød Kommune"))
    )
    assert [(a.name, a.party, a.municipality, a.status) for a in parsed.attendance] == [
        ("Ole Bondo Christensen", None, "Furesø Kommune", PRESENT),
        ("Jørgen Johansen", None, "Allerød Kommune", PRESENT),
    ]
    assert not parsed.attendance_complete
    assert any("cut off" in w for w in parsed.warnings)


# --- announced meetings -------------------------------------------------------------------------------


def test_announced_meetings_are_future_dates_deduplicated_and_sorted():
    parsed = parse_minutes(
        meeting(
            "6. Punkter til næste møde",
            *item(
                "6.1",
                "Møde i KKR Hovedstaden den 15. oktober 2022",
                "Næste møde i KKR Hovedstaden afholdes onsdag den 15. oktober 2022.",
                "Næste møde i KKR Hovedstaden planlægges afholdt den 15. oktober fra kl.",
                "10 til 12. Sagen behandles igen på det kommende møde i KKR Hovedstaden den 9. september",
                "2022. Dialogmødet den 1. juli 2022 er ikke et KKR-møde.",
                "Mødet i KKR Hovedstaden den 3. marts 2022 er afholdt.",
            ),
        )
    )
    assert parsed.announced_meetings == [dt.date(2022, 9, 9), dt.date(2022, 10, 15)]


def test_announced_meeting_without_year_before_the_meeting_date_is_next_year():
    parsed = parse_minutes(
        meeting(
            "6. Punkter til næste møde",
            *item(
                "6.1",
                "Punkter til næste møde",
                "OK.",
                "Næste møde i KKR Hovedstaden afholdes den 2. februar.",
            ),
        )
    )
    assert parsed.announced_meetings == [dt.date(2023, 2, 2)]


# --- refusals -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   \n\n  \n"])
def test_empty_text_raises(text: str):
    with pytest.raises(NotMinutesError, match="empty"):
        parse_minutes(text)


def test_not_minutes_raises():
    prose = pdf_text(
        "Kære borger,",
        "Tak for din henvendelse om affaldsordningen. Vi vender tilbage inden den 3. marts 2023.",
        "Med venlig hilsen",
        "Teknik og Miljø, Frederiksberg Kommune",
    )
    with pytest.raises(NotMinutesError, match="agenda items"):
        parse_minutes(prose)


def test_numbered_document_without_case_headings_is_not_minutes():
    text = pdf_text(
        "1. Indledning", "1.1. Formål", "Rapporten beskriver metoden.", "1.2. Afgrænsning", "Intet."
    )
    with pytest.raises(NotMinutesError, match="Beslutning"):
        parse_minutes(text)


def test_no_date_raises():
    text = pdf_text(
        "1. Godkendelse af dagsorden og referat",
        "1.1. Godkendelse af dagsorden",
        "SAG-2022-01250 ssan",
        "Beslutning",
        "Dagsordenen blev godkendt.",
    )
    with pytest.raises(NotMinutesError, match="no meeting date"):
        parse_minutes(text)


def test_refusal_message_is_one_line():
    with pytest.raises(NotMinutesError) as info:
        parse_minutes("Bare en linje tekst.")
    assert "\n" not in str(info.value)


def test_dato_line_in_words_with_weekday_and_time():
    text = pdf_text(
        "DAGSORDEN", "KKR HOVEDSTADEN", "Dato: Fredag den 3. marts 2023, kl. 9.30", "Sted: Rådhuset"
    )
    parsed = parse_minutes(text + meeting(footer=()))
    assert (parsed.date, parsed.start_time, parsed.location) == (
        dt.date(2023, 3, 3),
        dt.time(9, 30),
        "Rådhuset",
    )
    # The document calls itself an agenda, but it records decisions.
    assert parsed.kind == REFERAT
    assert any("DAGSORDEN" in w for w in parsed.warnings)


def test_time_slot_with_kl_prefix():
    parsed = parse_minutes(meeting("3. Regionalpolitiske sager", *item("3.1", "Oplæg (kl. 9.00-9.45)")))
    it = by_number(parsed, "3.1")
    assert (it.title, it.time_start, it.time_end) == ("Oplæg", dt.time(9, 0), dt.time(9, 45))


def test_unknown_section_heading_is_a_warning():
    parsed = parse_minutes(meeting("2. Temadrøftelse om klima og energi", *item("2.1", "Klimaplaner")))
    assert numbers(parsed) == ["1.1", "1.2", "2.1"]
    assert by_number(parsed, "2.1").section_title == "Temadrøftelse om klima og energi"
    assert any("Unknown section heading" in w and "Temadrøftelse" in w for w in parsed.warnings)
