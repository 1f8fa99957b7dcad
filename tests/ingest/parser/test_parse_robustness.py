"""The parser never loses an item silently, never lets invisible characters change what a text says, refuses a
date no meeting can have, and CPR-masks every text of its parse: `parse_minutes` and `parse_document`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from danish.cpr import MASK
from ingest.parser import parse_document
from ingest.parser.codec import to_json
from ingest.parser.document import NotMinutesError
from ingest.parser.normalise import normalise, strip_invisible
from ingest.parser.parse import parse_minutes

SAMPLES = Path(__file__).resolve().parents[3] / "data" / "samples"
SAMPLE_003 = (SAMPLES / "003_3207b199d2270b9c.txt").read_text(encoding="utf-8")  # minutes of 21 June 2022
HEADING_32 = "3.2. Status på Hovedstadens DK2020-handleplaner (10.32-10.40)"
HEADING_33 = "3.3. Fælleskommunal tilgang til rekrutteringsudfordringer (10.40-10.55)"


def _in_the_body(text: str, old: str, new: str) -> str:
    """Replace the item heading `old` where the item starts (not in the table of contents)."""
    at = text.index(old + "\n\nSAG")
    return text[:at] + new + text[at + len(old) :]


def _numbers(text: str) -> list[str]:
    return [item.number for item in parse_minutes(text).items]


def _all_text(meeting) -> str:
    return str(to_json(meeting))


# --- item numbers: a second 3.1, a three-level 3.1.2, an item out of order --------------------------------------


def test_a_duplicated_item_number_keeps_the_second_items_text_and_names_the_number():
    text = _in_the_body(SAMPLE_003, HEADING_32, HEADING_32.replace("3.2.", "3.1."))
    parsed = parse_minutes(text)
    first = next(item for item in parsed.items if item.number == "3.1")
    assert [number for number in _numbers(text) if number.startswith("3.")][:2] == ["3.1", "3.3"]
    [(heading, kept)] = first.other_texts
    assert heading == HEADING_32.replace("3.2.", "3.1.")
    assert "Alle fem KKR spiller en aktiv rolle" in kept  # the second item's background
    assert "DK2020" not in (
        first.decision.text if first.decision else ""
    )  # not mixed into the first's fields
    assert any("3.1 appears twice" in warning for warning in parsed.warnings)


def test_a_duplicated_item_number_loses_no_word_of_the_document():
    text = _in_the_body(SAMPLE_003, HEADING_32, HEADING_32.replace("3.2.", "3.1."))
    parsed = parse_minutes(text)
    stored = " ".join(_all_text(parsed).split())
    for sentence in ("Københavns Kommune er en del af det internationale bynetværk C40",):
        assert sentence in stored


def test_a_three_level_item_number_under_its_item_is_a_sub_item_not_swallowed():
    sub_items = (
        "3.1.1. Underpunkt om infrastruktur (10.30-10.31)\n\nSAG-2022-01251 gitb\n\nBaggrund\n\n"
        "Tekst om det første underpunkt.\n\n"
        "3.1.2. Andet underpunkt om infrastruktur\n\nSAG-2022-01252 gitb\n\nBeslutning\n\nGodkendt.\n\n"
    )
    at = SAMPLE_003.index(HEADING_32 + "\n\nSAG")
    parsed = parse_minutes(SAMPLE_003[:at] + sub_items + SAMPLE_003[at:])
    numbers = [item.number for item in parsed.items]
    assert numbers[numbers.index("3.1") :][:4] == ["3.1", "3.1.1", "3.1.2", "3.2"]
    first, second = (next(i for i in parsed.items if i.number == n) for n in ("3.1.1", "3.1.2"))
    assert (first.title, first.case_number, first.background) == (
        "Underpunkt om infrastruktur",
        "SAG-2022-01251",
        "Tekst om det første underpunkt.",
    )
    assert (first.time_start, first.time_end) == (dt.time(10, 30), dt.time(10, 31))
    assert second.decision is not None and second.decision.text == "Godkendt."
    three_one = next(i for i in parsed.items if i.number == "3.1")
    assert "Underpunkt" not in (three_one.decision.text if three_one.decision else "")


def test_a_three_level_number_that_is_not_an_item_stays_text_with_a_warning_naming_it():
    line = "3.1.2. Forslag om en fælles analyse"
    at = SAMPLE_003.index(HEADING_32 + "\n\nSAG")
    parsed = parse_minutes(SAMPLE_003[:at] + line + "\n\nMere tekst om forslaget.\n\n" + SAMPLE_003[at:])
    three_one = next(i for i in parsed.items if i.number == "3.1")
    assert "3.1.2" not in [item.number for item in parsed.items]
    assert line in (three_one.decision.text if three_one.decision else "")  # kept, on its own line
    assert any("3.1.2" in warning and "three-level" in warning for warning in parsed.warnings)


def test_a_three_level_number_starts_its_own_line_in_wrapped_pdf_text():
    # Before, "3.10.2." did not start a block, so the paragraph recovery glued it to the line above.
    text = "Sagen drøftes i udvalget og \n\n3.10.2. Forslag om en fælles analyse \n\n"
    assert normalise(text).lines == ["Sagen drøftes i udvalget og", "3.10.2. Forslag om en fælles analyse"]


def test_an_item_number_printed_out_of_order_is_an_item_where_it_stands():
    # 3.2 printed after 3.3: before, its whole text disappeared into item 3.3 without a word.
    text = _in_the_body(SAMPLE_003, HEADING_32, HEADING_32.replace("3.2.", "3.3."))
    text = _in_the_body(text, HEADING_33, HEADING_33.replace("3.3.", "3.2."))
    parsed = parse_minutes(text)
    numbers = [item.number for item in parsed.items]
    assert numbers[numbers.index("3.1") :][:3] == ["3.1", "3.3", "3.2"]
    printed_second = next(item for item in parsed.items if item.number == "3.2")
    assert printed_second.title == HEADING_33.removeprefix("3.3. ").removesuffix(" (10.40-10.55)")
    assert any("3.2 comes after item 3.3" in warning for warning in parsed.warnings)


# --- invisible characters: names, titles -----------------------------------------------------------------------

INVISIBLE = {
    "right-to-left override": "\u202e",
    "left-to-right override": "\u202d",
    "right-to-left isolate": "\u2067",
    "pop directional formatting": "\u202c",
    "zero-width joiner": "\u200d",
    "zero-width non-joiner": "\u200c",
    "zero-width space": "\u200b",
    "word joiner": "\u2060",
    "left-to-right mark": "\u200e",
    "byte order mark": "\ufeff",
}


@pytest.mark.parametrize("char", list(INVISIBLE.values()), ids=list(INVISIBLE))
def test_invisible_characters_in_names_lose_no_attendee(char):
    clean = parse_minutes(SAMPLE_003)
    names = [a.name for a in clean.attendance][:3]
    text = SAMPLE_003
    for name in names:
        first, rest = name.split(" ", 1)
        text = text.replace(name, f"{first[:2]}{char}{first[2:]} {char}{rest}", 1)
    parsed = parse_minutes(text)
    assert [a.name for a in parsed.attendance] == [a.name for a in clean.attendance]


def test_a_right_to_left_override_cannot_spoof_a_title():
    title = "Godkendelse af praksisplan for fysioterapi"
    spoofed = SAMPLE_003.replace(title, "Godkendelse af \u202eigaretoisyf rof nalpsiskarp", 1)
    spoofed = spoofed.replace(title, "Godkendelse af \u202eigaretoisyf rof nalpsiskarp")
    parsed = parse_document(spoofed)
    assert not any("\u202e" in item.title for item in parsed.items)
    assert "\u202e" not in _all_text(parsed)


def test_strip_invisible_keeps_danish_letters_and_ordinary_text():
    text = "Ældre og børn på Bornholm – 5 € pr. deltager, «citat» og ’apostrof’.\nNy linje\tmed tab"
    assert strip_invisible(text) == text
    assert strip_invisible("Bo\u200drn\u202e og \u2066æ\u2069ble\u00ad") == "Born og æble"
    assert strip_invisible("sund\u00ad\nhed") == "sund-\nhed"
    assert strip_invisible("linje\u2028to\u2029tre") == "linje\nto\ntre"


# --- dates no meeting can have ----------------------------------------------------------------------------------


@pytest.mark.parametrize("date", ["31-12-9999", "01-01-0001", "01-06-1969", "05-03-2033"])
def test_an_implausible_meeting_date_is_refused_with_the_reason(date):
    text = SAMPLE_003.replace("Dato: 21-06-2022", f"Dato: {date}").replace("21. juni 2022", "")
    text = text.replace("| 21-06-2022", f"| {date}")
    with pytest.raises(NotMinutesError) as refused:
        parse_document(text)
    message = str(refused.value)
    assert message.startswith("no date found: ")
    assert "implausible" in message
    assert "\n" not in message


def test_a_plausible_date_source_wins_over_an_implausible_one():
    text = SAMPLE_003.replace("Dato: 21-06-2022", "Dato: 31-12-9999")
    parsed = parse_document(text)
    assert parsed.date == dt.date(2022, 6, 21)


def test_announced_meetings_with_implausible_dates_are_left_out_with_a_warning():
    assert dt.date(2022, 9, 9) in parse_document(SAMPLE_003).announced_meetings
    text = SAMPLE_003.replace("den 9. september 2022", "den 9. september 9999")
    parsed = parse_document(text)
    assert dt.date(9999, 9, 9) not in parsed.announced_meetings
    assert any("9999-09-09" in warning and "implausible" in warning for warning in parsed.warnings)


# --- CPR numbers in every text of the parse ----------------------------------------------------------------------


def test_a_cpr_number_made_by_rejoining_lines_is_masked_in_the_parse():
    # A line break at the hyphen is rejoined by the normaliser: the parse must not hold the number either.
    text = SAMPLE_003.replace(
        "Dagsordenen blev godkendt.", "Dagsordenen blev godkendt. Borger 010190-\n1234 klagede.", 1
    )
    assert "Borger 010190-\n1234" in text
    parsed = parse_document(text)
    everything = _all_text(parsed)
    assert "1234" not in everything and "010190" not in everything
    assert MASK in everything
    assert any("CPR" in warning for warning in parsed.warnings)


def test_a_cpr_number_in_a_quoted_line_is_masked_in_the_warnings():
    text = SAMPLE_003.replace(
        "Alexandra Dessoy (C), Frederiksberg Kommune",
        "Alexandra Dessoy (C), Frederiksberg Kommune\nCPR 0101901234",
    )
    parsed = parse_document(text)
    assert "0101901234" not in _all_text(parsed)


def test_a_cpr_number_split_by_a_page_footer_is_masked_in_the_parse():
    # A PDF page ends after "010190-": the footer and the page break are dropped and the lines rejoined.
    text = SAMPLE_003.replace(
        "Dagsordenen blev godkendt.",
        "Dagsordenen blev godkendt. Borger 010190-\nKKR HOVEDSTADEN | 21-06-2022\n\f\n1234 klagede.",
        1,
    )
    parsed = parse_document(text)
    everything = _all_text(parsed)
    assert "010190" not in everything and "1234 klagede" not in everything
    assert MASK in everything
