"""A municipal or regional body's decisions are classified with the body as the one speaking (real documents)."""

from __future__ import annotations

from pathlib import Path

from ingest.parser import parse_document

REAL = Path(__file__).resolve().parents[2] / "fixtures" / "real"


def outcomes(name: str, **source) -> dict[str, list[str]]:
    meeting = parse_document((REAL / name).read_text(encoding="utf-8"), **source)
    return {item.number: item.decision.outcomes for item in meeting.items if item.decision}


def test_aarhus_byraad_has_vedtaget_the_magistrates_recommendation():
    # "... at byrådet i sit møde den 3. april 2019 har vedtaget Magistratens foranstående indstilling"
    assert outcomes("aarhus-byraad-2019-04-03-referat-punkt.txt")["1"] == ["godkendt"]


def test_the_magistrate_recommends_what_the_council_should_endorse():
    # "... at Magistraten i mødet den 27. januar 2020 anbefaler, at byrådet tiltræder ..."
    assert outcomes("aarhus-magistraten-2020-01-27-referat-punkt.txt")["2"][0] == "anbefalet"


def test_kkr_minutes_keep_reports_of_other_bodies_out():
    # KKR "Siden sidst" reports what other bodies decided: the KKR's minutes are not read as those bodies'.
    sample = Path(__file__).resolve().parents[3] / "data" / "samples" / "003_3207b199d2270b9c.txt"
    meeting = parse_document(sample.read_text(encoding="utf-8"))
    siden_sidst = next(item for item in meeting.items if item.title == "Siden sidst")
    assert siden_sidst.decision.outcomes == ["orienteret"]
