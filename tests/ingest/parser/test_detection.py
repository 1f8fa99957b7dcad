"""ingest.parser.parse_document: the family is picked from the document, and a document no family reads is
refused with the true reason."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ingest.parser import detect, first_heading, parse_document
from ingest.parser.document import NotMinutesError
from ingest.reader import read_document

ROOT = Path(__file__).resolve().parents[3]
SAMPLES = sorted((ROOT / "data" / "samples").glob("*.txt"))


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_the_kkr_samples_are_read_by_the_kkr_family_and_say_why(path):
    meeting = parse_document(read_document(path).text)
    assert meeting.family == "kkr"
    assert "KKR" in meeting.family_reason and "numbered items" in meeting.family_reason
    assert (meeting.body_kind, meeting.region) == ("kkr", "Region Hovedstaden")


def test_detection_never_reads_the_file_name(tmp_path):
    text = (SAMPLES[0]).read_text(encoding="utf-8")
    renamed = tmp_path / "aarhus-byraad-2019-01-01-referat.txt"
    renamed.write_text(text, encoding="utf-8")
    assert parse_document(read_document(renamed).text).date == parse_document(text).date


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "not minutes"),
        ("   \n\n", "not minutes"),
        ("Indkøbsliste\n\nmælk\nrugbrød\n", "not minutes"),
        (
            "Kære borger\nTak for din henvendelse om affald den 3. marts 2023.\nMed venlig hilsen",
            "not minutes",
        ),
        ("Referat\nGodkendelse af dagsorden\nBeslutning\nGodkendt.", "no date found"),
        ("Referat fra mødet den 3. marts 2023\nPunkt A: noget\nNoget andet", "unknown layout"),
    ],
)
def test_a_document_no_family_reads_is_refused_with_the_true_reason(text, reason):
    with pytest.raises(NotMinutesError) as refused:
        parse_document(text)
    assert str(refused.value).startswith(reason)
    assert "\n" not in str(refused.value)


def test_an_unknown_layout_is_refused_quoting_its_first_heading():
    with pytest.raises(
        NotMinutesError, match=re.escape("first heading: 'Referat fra mødet den 3. marts 2023'")
    ):
        parse_document("\n  Referat fra mødet den 3. marts 2023\nPunkt A: noget")


def test_a_kkr_document_without_a_date_is_refused_as_having_no_date():
    text = "KKR Hovedstaden\n\n1. Godkendelse\n\n1.1. Godkendelse af dagsorden\nSAG-2022-01250 ssan\n\nBeslutning\nGodkendt.\n"
    assert detect(text).family == "kkr"
    with pytest.raises(NotMinutesError, match=r"^no date found"):
        parse_document(text)


def test_the_first_heading_is_the_first_line_with_words():
    assert first_heading("\n\n---\n  12  \nReferat   af møde\nx") == "Referat af møde"
    assert len(first_heading("A" * 500)) == 80


def test_each_item_of_a_pdf_knows_the_page_its_heading_is_on():
    text = read_document(ROOT / "tests" / "fixtures" / "referat-2022-06-21.pdf").text
    pages = [" ".join(page.split()) for page in text.split("\f")]
    meeting = parse_document(text)
    assert [item.page for item in meeting.items] == [2, 3, 3, 5, 6, 8, 10, 12, 13, 15, 16, 18, 20, 21, 23, 23]
    for item in meeting.items:
        assert item.title[:30] in pages[item.page - 1]


def test_text_and_web_pages_have_no_pages():
    assert {item.page for item in parse_document(SAMPLES[0].read_text(encoding="utf-8")).items} == {None}


def test_a_council_whose_municipality_the_document_never_names_is_refused(monkeypatch):
    from ingest.parser import families
    from ingest.parser.detection import Detection
    from ingest.parser.document import COUNCIL, REFERAT, ParsedMeeting

    class Anonymous:
        NAME = "anonymous"

        @staticmethod
        def detect(text):
            return Detection("anonymous", 99, "test")

        @staticmethod
        def parse(text):
            import datetime as dt

            return ParsedMeeting(
                body_name="Byrådet", date=dt.date(2020, 1, 29), kind=REFERAT, body_kind=COUNCIL
            )

    monkeypatch.setattr(families, "registered", lambda: (Anonymous,))
    monkeypatch.setattr("ingest.parser.registered", lambda: (Anonymous,))
    with pytest.raises(
        NotMinutesError, match=r"^no body found: the document names 'Byrådet' but not its municipality"
    ):
        parse_document("Referat af Byrådets møde 29. januar 2020")


@pytest.mark.parametrize(
    ("region", "slug_region"),
    [("Sjælland", "Region Sjælland"), ("Syddanmark", "Region Syddanmark"), ("Nordjylland", "Region Nordjylland")],
)
def test_the_kkr_template_of_every_region_is_read_as_that_region_s_kkr(region, slug_region):
    # A real KKR Hovedstaden document with the region's name replaced: the layout of all five KKRs is KL's.
    text = SAMPLES[0].read_text(encoding="utf-8")
    text = text.replace("Hovedstaden", region).replace("HOVEDSTADEN", region.upper())
    meeting = parse_document(text)
    assert (meeting.family, meeting.body_name, meeting.region) == ("kkr", f"KKR {region}", slug_region)
