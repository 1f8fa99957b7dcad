"""Golden tests of the kk_item family (ingest/parser/families/kk_item.py): Københavns Kommune's one-item pages.

The documents are in tests/fixtures/real/ (SOURCES.md, "Municipal, regional and Copenhagen pages"), read exactly
as the ingest reads them. Each page is one agenda item of one meeting; the loader merges the pages of a meeting by
body, date and item number, so a page's item must carry the number it prints (or none at all).
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path

import pytest

from danish.bodies import body_slug
from ingest.merge import merge
from ingest.parser import detect, parse_document
from ingest.parser.document import (
    ABSENT,
    COMMITTEE,
    COUNCIL,
    PRESENT,
    REFERAT,
    NotMinutesError,
    ParsedMeeting,
)
from ingest.parser.families import kk_item
from ingest.reader import read_document

REAL = Path(__file__).resolve().parents[2] / "fixtures" / "real"
BR_2019 = "kk-borgerrepraesentationen-2019-12-12-punkt-1.txt"
BR_2011 = "kk-borgerrepraesentationen-2011-11-17-punkt-1-referat.txt"
BR_2021 = "kk-borgerrepraesentationen-2021-04-22-punkt-10-referat.txt"
OEU_2020 = "kk-oekonomiudvalget-2020-03-31-punkt-1-referat.txt"
OEU_2017 = "kk-oekonomiudvalget-2017-08-23-punkt-4-referat.txt"
UNDATED = [
    "kk-bronshoj-husum-lokaludvalg-2018-03-22-punkt-2-referat.txt",
    "kk-kongens-enghave-lokaludvalg-2018-12-13-punkt-2-referat.txt",
    "kk-kongens-enghave-lokaludvalg-2019-02-28-punkt-2-referat.txt",
    "kk-lokaludvalg-node14403-2020-11-19-punkt-2-referat.txt",
    "kk-lokaludvalg-node14441-2018-04-19-punkt-2-referat.txt",
    "kk-node14246-2014-06-03-punkt-1-referat.txt",
    "kk-node14246-2014-11-18-punkt-1-referat.txt",
]


@cache
def text(name: str) -> str:
    return read_document(REAL / name).text


@cache
def parsed(name: str) -> ParsedMeeting:
    return parse_document(text(name))


def people(meeting: ParsedMeeting, status: str) -> list[str]:
    return [a.name for a in meeting.attendance if a.status == status]


@pytest.mark.parametrize("name", [BR_2019, BR_2011, BR_2021, OEU_2020, OEU_2017, *UNDATED])
def test_every_copenhagen_page_is_detected_as_one_item_page(name):
    detection = detect(text(name))
    assert detection.family == "kk_item"
    assert detection.reason and "\n" not in detection.reason


def test_the_detection_quotes_the_page():
    assert detect(text(BR_2019)).reason == "Copenhagen eDoc item page: 'Mødedato: 12.12.2019, kl. 17:30'"
    assert "Økonomiudvalgets beslutning i mødet den 31. marts 2020" in detect(text(OEU_2020)).reason


# --- Borgerrepræsentationen, 12 December 2019, item 1 -------------------------------------------------------


def test_br_2019_meeting():
    meeting = parsed(BR_2019)
    assert (meeting.family, meeting.body_name, meeting.body_kind) == (
        "kk_item",
        "Borgerrepræsentationen",
        COUNCIL,
    )
    assert (meeting.date, meeting.start_time) == (dt.date(2019, 12, 12), dt.time(17, 30))
    assert meeting.location == "Borgerrepræsentationens mødesal"
    assert (meeting.municipality, meeting.region, meeting.kind) == ("Københavns Kommune", None, REFERAT)
    assert (
        body_slug(meeting.body_name, municipality=meeting.municipality)
        == "koebenhavn-borgerrepraesentationen"
    )


def test_br_2019_item_number_comes_from_the_pages_own_reference_to_it():
    # The page's title has no number; its decision says: "... efter den udsendte dagsordens punkt 1,
    # ”Godkendelse af dagsorden”."
    meeting = parsed(BR_2019)
    assert [(i.number, i.title) for i in meeting.items] == [("1", "Godkendelse af dagsordenen")]
    assert any("Item number 1 read from the page's reference" in w for w in meeting.warnings)


def test_br_2019_decision_without_its_attendance_lists():
    decision = parsed(BR_2019).items[0].decision
    assert decision.text.startswith(
        "Henrik Appel Esbensen (A) ankom kl. 17.32 under behandling af dagsordenspunkt 3"
    )
    assert decision.text.endswith("Dagsordenen blev herefter godkendt.\nMødet sluttede kl. 21:15.")
    assert "Fraværende med afbud" not in decision.text
    assert "Borgerrepræsentationens beslutning i mødet den" not in decision.text
    assert "godkendt" in decision.outcomes


def test_br_2019_attendance_and_absences():
    meeting = parsed(BR_2019)
    absent = [(a.name, a.party) for a in meeting.attendance if a.status == ABSENT]
    # "Borgmester Cecilia Lonning-Skovgaard (V), tjenesterejse." -> the name without title or reason
    assert absent == [
        ("Cecilia Lonning-Skovgaard", "V"),
        ("Gyda Heding", "Ø"),
        ("Anna Maria Hede Christensen", "O"),
    ]
    assert people(meeting, PRESENT) == ["Henrik Appel Esbensen", "Badar Shah"]
    # both arrived during later items (3 and 12), so neither was there for item 1
    assert meeting.items[0].absent == ["Henrik Appel Esbensen", "Badar Shah"]


# --- Borgerrepræsentationen, 17 November 2011: no item number printed ------------------------------------------


def test_br_2011_keeps_the_meeting_and_its_attendance_but_no_unnumbered_item():
    meeting = parsed(BR_2011)
    assert (meeting.body_name, meeting.date, meeting.start_time) == (
        "Borgerrepræsentationen",
        dt.date(2011, 11, 17),
        dt.time(17, 30),
    )
    assert meeting.items == []
    assert any("prints no item number for 'Godkendelse af dagsordenen'" in w for w in meeting.warnings)
    absent = [(a.name, a.party) for a in meeting.attendance if a.status == ABSENT]
    # "Anette Holst Christensen, A, (ferie)", "Borgmester Ayfer Baykal, F, (sygdom)"
    assert absent == [
        ("Anette Holst Christensen", "A"),
        ("Ayfer Baykal", "F"),
        ("Trine Schaltz", "F"),
        ("Karin Storgaard", "O"),
    ]
    present = {a.name: a for a in meeting.attendance if a.status == PRESENT}
    assert len(present) == 13  # twelve who came or went during the meeting, and the substitute
    assert present["Signe Goldmann"].party == "F"
    assert (present["Dorte Skovgård"].substitute_for, present["Dorte Skovgård"].substitute_kind) == (
        "Ayfer Baykal",
        "stedfortræder",
    )


# --- Økonomiudvalget, 31 March 2020: number printed, date from the decision heading ------------------------


def test_oeu_2020():
    meeting = parsed(OEU_2020)
    assert (meeting.body_name, meeting.body_kind, meeting.municipality) == (
        "Økonomiudvalget",
        COMMITTEE,
        "Københavns Kommune",
    )
    assert meeting.date == dt.date(2020, 3, 31)  # "Økonomiudvalgets beslutning i mødet den 31. marts 2020"
    assert meeting.start_time == dt.time(15, 30)  # "Mødet startede kl. 15.30 og sluttede kl. 16.45."
    assert meeting.location is None
    assert [(i.number, i.title) for i in meeting.items] == [("1", "Godkendelse af dagsorden")]
    decision = meeting.items[0].decision
    assert decision.text.startswith("Mødet startede kl. 15.30 og sluttede kl. 16.45.")
    assert decision.text.endswith("Dagsordenen blev herefter godkendt.")
    assert "Dagsordenspunkt 1:" not in decision.text and "Overborgmester Frank Jensen" not in decision.text
    # "Økonomiudvalget besluttede at behandle tillægsdagsordenen ...": the committee's own decision, then the
    # agenda's approval.
    assert decision.outcomes == ["besluttet", "godkendt"]
    # "Deltagerne var: 1. Overborgmester Frank Jensen (A) ... 13. Carl Christian Ebbesen (O)": not items
    present = [(a.name, a.party) for a in meeting.attendance if a.status == PRESENT]
    assert len(present) == 13 and people(meeting, ABSENT) == []
    assert present[0] == ("Frank Jensen", "A") and present[-1] == ("Carl Christian Ebbesen", "O")
    assert ("Franciska Rosenkilde", "Å") in present


# --- refused pages ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", [OEU_2017, BR_2021])
def test_a_page_with_neither_item_number_nor_attendance_is_refused(name):
    # "Første behandling af budgetforslag 2018 ...": the number 4 is only in the page's address.
    with pytest.raises(
        NotMinutesError, match=r"^unknown layout: kk_item layout, but the page prints no item number"
    ):
        parse_document(text(name))


@pytest.mark.parametrize("name", UNDATED)
def test_a_page_whose_date_is_only_in_its_address_is_refused(name):
    with pytest.raises(NotMinutesError, match=r"^no date found: no meeting date printed on the page"):
        parse_document(text(name))


def test_the_body_of_a_page_without_a_decision_heading_is_the_one_the_recommendation_addresses():
    # "Økonomiforvaltningen indstiller, at Økonomiudvalget over for Borgerrepræsentationen anbefaler,"
    assert kk_item._meeting_facts([], text(OEU_2017))[0] == "Økonomiudvalget"
    # "Indstilling om, 1. at Borgerrepræsentationen godkender forslag til tilpasninger af lokaludvalg."
    assert kk_item._meeting_facts([], text(BR_2021))[0] == "Borgerrepræsentationen"
    # "Formanden indstiller til Kgs. Enghave Lokaludvalg"; "at Lokaludvalget godkender" names no one body
    assert kk_item._meeting_facts([], text(UNDATED[1]))[0] == "Kgs. Enghave Lokaludvalg"
    assert kk_item._meeting_facts([], text(UNDATED[4]))[0] is None


# --- pages of one meeting merge by number ----------------------------------------------------------------


def test_pages_of_one_body_share_a_slug_and_each_carries_its_printed_number():
    pages = [parsed(BR_2019), parsed(BR_2011)]
    assert {body_slug(p.body_name, municipality=p.municipality) for p in pages} == {
        "koebenhavn-borgerrepraesentationen"
    }
    merged = merge([parsed(BR_2019), parsed(BR_2019)])
    assert [i.number for i in merged.items] == ["1"]
    assert merged.attendance == parsed(BR_2019).attendance


def test_the_family_leaves_other_one_item_pages_to_the_municipal_family():
    for name in (
        "fredensborg-byraadet-2016-12-19-punkt-178-referat.txt",
        "regionnordjylland-regionsraadet-2020-12-22-punkt-1-referat.txt",
    ):
        assert kk_item.detect(text(name)) is None
