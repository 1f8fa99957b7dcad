"""Documents that are not minutes are refused, with the true reason, and none of them is taken for minutes by the
municipal, regional and Copenhagen families.

The negatives are real pages (tests/fixtures/real/neg-*, SOURCES.md): listings of meetings and documents, news
items, a newsletter, a letter of complaint, a case document ("Indstilling"), a debate transcript, a live page and
an undated decision fragment. Many look like minutes: numbered items with "Beslutning: Vedtaget", "Referat af møde
i KKR Hovedstaden den 24. april 2017" as a link title, "KKR Sjælland holdt møde den 7. november 2019".
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.parser import detect, parse_document
from ingest.parser.document import NotMinutesError
from ingest.parser.families import kk_item, municipal
from ingest.reader import read_document

REAL = Path(__file__).resolve().parents[2] / "fixtures" / "real"
NEGATIVES = {
    "neg-aarhus-byraad-debat-sag5-sag6-transcript.txt": "not minutes",
    "neg-aarhus-foelg-byraadsmoedet-direkte-live.txt": "no date found",
    "neg-aarhus-indstilling-magistraten-2011-06-09-bilag.txt": "unknown layout",
    "neg-albertslund-betjening-af-det-politiske-info.txt": "no date found",
    "neg-docplayer-kkr-hovedstaden-relaterede-dokumenter-listing.txt": "unknown layout",
    "neg-kl-kkr-hovedstaden-forside-2017-04-listing.txt": "unknown layout",
    "neg-kl-kkr-hovedstaden-forside-2017-10-listing.txt": "unknown layout",
    "neg-kl-kkr-sjaelland-moedemateriale-listing.txt": "unknown layout",
    "neg-kl-kkr-syddanmark-forside-2017-10-listing.txt": "no date found",
    "neg-kl-nyhed-kkr-hovedstaden-2018-01-29-news.txt": "unknown layout",
    "neg-kl-nyhed-kkr-nordjylland-2018-01-26-news.txt": "unknown layout",
    "neg-kl-nyhed-kkr-sjaelland-2017-10-16-news.txt": "unknown layout",
    "neg-kl-nyhedsbrev-kkr-sjaelland-2019-11-13-news.txt": "unknown layout",
    "neg-randers-klage-til-tilsynet-2018-08-21-letter.txt": "unknown layout",
    "neg-rebild-beslutning-fragment-udateret.txt": "no date found",
    "neg-rm-midlertidigt-udvalg-2009-06-23-listing.txt": "unknown layout",
    "neg-rm-nyhed-regionsraadsmoedet-video-2020-10-21-news.txt": "unknown layout",
    "neg-rn-nyhed-aarets-sidste-moede-regionsraadet-2020-12-news.txt": "unknown layout",
    "neg-sn-frederikssund-konstituering-2017-news.txt": "not minutes",
    "neg-sn-roskilde-byraadsmoede-uden-offentlig-adgang-2020-03-news.txt": "no date found",
}


def text(name: str) -> str:
    return read_document(REAL / name).text


def test_every_negative_in_the_fixtures_is_listed():
    assert sorted(p.name for p in REAL.glob("neg-*")) == sorted(NEGATIVES)


@pytest.mark.parametrize("name", sorted(NEGATIVES))
def test_no_municipal_regional_or_copenhagen_family_reads_a_negative(name):
    assert municipal.detect(text(name)) is None
    assert kk_item.detect(text(name)) is None


@pytest.mark.parametrize("name", sorted(NEGATIVES))
def test_every_negative_is_refused_with_its_reason(name):
    assert detect(text(name)) is None
    with pytest.raises(NotMinutesError) as refused:
        parse_document(text(name))
    reason = str(refused.value)
    assert reason.startswith(NEGATIVES[name] + ":")
    assert "\n" not in reason


def test_the_kkr_syddanmark_transcript_without_a_readable_date_is_refused_as_having_no_date():
    # "Dato: :00" - the document-sharing site dropped the digits of the date.
    with pytest.raises(NotMinutesError, match=r"^no date found: "):
        parse_document(text("kkr-syddanmark-referat-2014.txt"))


def test_a_news_item_about_a_meeting_is_refused_and_the_minutes_of_that_meeting_are_read():
    # Region Nordjylland's news "Årets sidste møde i Regionsrådet" and the minutes' item 1 of the same meeting: the
    # news is no meeting; the minutes page is read (and then refused only because it never names its region).
    with pytest.raises(NotMinutesError, match=r"^unknown layout"):
        parse_document(text("neg-rn-nyhed-aarets-sidste-moede-regionsraadet-2020-12-news.txt"))
    minutes = municipal.parse(text("regionnordjylland-regionsraadet-2020-12-22-punkt-1-referat.txt"))
    assert (minutes.body_name, minutes.date.isoformat(), [i.number for i in minutes.items]) == (
        "Regionsrådet",
        "2020-12-22",
        ["1"],
    )
