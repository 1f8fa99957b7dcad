"""Which links of a listing lead to agendas and minutes (pure: no Django, no network)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from harvest.kinds import documents, kl_announced
from harvest.links import Link, UrlError, check_url, find_links, is_document_link, same_site
from harvest.services import download_name

ROOT = Path(__file__).resolve().parents[2]
SITE = "https://www.regionh.dk/politik/dagsordener-og-referater"


@pytest.mark.parametrize(
    ("url", "text", "expected"),
    [
        ("https://www.regionh.dk/moeder/referat-2022-03-22.pdf", "Referat 22. marts 2022", True),
        ("https://www.regionh.dk/moeder/2022-03-22.pdf", "Dagsorden", True),
        ("https://www.regionh.dk/moeder/beslutningsprotokol-12.pdf", "Beslutningsprotokol", True),
        ("https://www.regionh.dk/moeder/item.aspx?id=5", "Mødereferat", True),
        ("https://dagsordener.regionh.dk/vis?id=1", "Referat", True),  # the same site: a subdomain
        ("https://www.regionh.dk/moeder/bilag-1.pdf", "Bilag 1 til dagsordenen", False),
        ("https://www.regionh.dk/moeder/bilag-3-1.pdf", "Bilag 3.1 Notat", False),
        ("https://www.regionh.dk/om-dagsordener", "Om dagsordener og referater", False),
        ("https://www.regionh.dk/kontakt", "Kontakt om referater", False),
        ("https://www.regionh.dk/cookies", "Cookiepolitik", False),
        ("https://www.sundhed.dk/referat.pdf", "Referat", False),  # another site
        ("mailto:referat@regionh.dk", "referat@regionh.dk", False),
        ("https://www.regionh.dk/moeder/referat.docx", "Referat (Word)", False),
        ("https://www.regionh.dk/nyheder/", "Nyheder", False),
        ("https://www.regionh.dk/moeder/foto.jpg", "Referat i billeder", False),
    ],
)
def test_a_link_is_followed_only_when_it_leads_to_an_agenda_or_minutes_on_the_site(url, text, expected):
    assert is_document_link(Link(url, text), SITE) is expected


def test_links_are_resolved_against_the_page_and_its_base_each_once_without_fragments():
    html = (
        '<base href="https://www.regionh.dk/politik/"><a href="moeder/a.pdf#side=2">Referat</a>'
        '<a href="moeder/a.pdf">Referat igen</a><a href="#top">Til toppen</a><a>uden href</a>'
    )
    assert find_links(html, SITE) == [Link("https://www.regionh.dk/politik/moeder/a.pdf", "Referat")]


@pytest.mark.parametrize("html", ["", "   ", b"", "<<<>>>", b"\x00\xff"])
def test_an_empty_or_broken_page_has_no_links(html):
    assert find_links(html, SITE) == []


def test_same_site_is_the_registered_domain_or_the_exact_address_and_port():
    assert same_site("https://dagsordener.aarhus.dk/vis", "https://aarhus.dk/")
    assert not same_site("https://aarhus.dk.evil.example/", "https://aarhus.dk/")
    assert same_site("http://127.0.0.1:8000/a", "http://127.0.0.1:8000/b")
    assert not same_site("http://127.0.0.1:8001/a", "http://127.0.0.1:8000/b")


@pytest.mark.parametrize(
    "url",
    [
        "",
        " https://a.dk/",
        "https://a.dk/x y",
        "ftp://a.dk/",
        "https:///x",
        "https://u:p@a.dk/",
        "a.dk",
        "https://a.dk:99999/",
    ],
)
def test_malformed_urls_are_refused(url):
    with pytest.raises(UrlError):
        check_url(url)


def test_the_firstagenda_front_page_lists_its_twenty_meetings_and_nothing_else():
    html = (ROOT / "tests/fixtures/real/aarhus-oversigt-2025-10.html").read_bytes()
    found = documents("firstagenda", html, "https://dagsordener.aarhus.dk/", "https://dagsordener.aarhus.dk/")
    assert len(found) == 20
    assert all(c.url.startswith("https://dagsordener.aarhus.dk/vis?") and "&id=" in c.url for c in found)
    assert all(c.render for c in found)
    assert found[0].url.endswith("id=a70723d3-8732-4382-b761-7622cc64fe62")
    assert found[0].text == "08/10-2025 Aarhus Byråd Dagsorden"


def test_kl_meeting_dates_are_read_from_the_real_moedemateriale_text():
    text = (ROOT / "tests/fixtures/real/neg-kl-kkr-sjaelland-moedemateriale-listing.txt").read_text()
    html = "".join(f"<p>{line}</p>" for line in text.splitlines())
    announced = kl_announced(html)
    assert announced.body_name == "KKR Sjælland"
    assert announced.dates[:5] == (
        dt.date(2023, 2, 8), dt.date(2023, 4, 26), dt.date(2023, 6, 20), dt.date(2023, 9, 6), dt.date(2023, 11, 20),
    )  # fmt: skip
    assert dt.date(2026, 1, 27) in announced.dates  # "Konstituerende møde Tirsdag den 27. januar"
    assert len(announced.dates) == 16
    # "holder møde den 17. april 2024 kl. 9.30 – 12.30", "holdt møde den 20. november 2023 kl. 10 – 13"
    assert announced.times == {
        dt.date(2024, 4, 17): dt.time(9, 30),
        dt.date(2024, 2, 6): dt.time(9, 30),
        dt.date(2023, 11, 20): dt.time(10, 0),
    }


def test_a_page_without_meeting_dates_announces_nothing():
    assert kl_announced("<h1>KKR Sjælland</h1><p>Nyheder</p>") is None
    assert (
        kl_announced("<h2>Mødedatoer</h2><h3>2024</h3><p>Onsdag den 5. februar</p>") is None
    )  # no KKR named


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("https://x.dk/media/referat-2022.pdf", "referat-2022.pdf"),
        (
            "https://x.dk/vis?Referat-Teknisk-Udvalg-d.01-10-2025-kl.15.45&id=c38c377a-8732",
            "Referat-Teknisk-Udvalg-d.01-10-2025-kl.15.45-c38c377a",
        ),
        ("https://x.dk/a%0Ab/..%2F..%2Fetc%2Fpasswd", "etc-passwd"),  # never a path, never a dot file
        ("https://x.dk/", "dokument"),
    ],
)
def test_a_download_gets_a_safe_readable_file_name(url, name):
    assert download_name(url) == name


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<a href="?side=2">Næste side</a>', "https://www.regionh.dk/liste?side=2"),
        ('<a href="?side=2">»</a>', "https://www.regionh.dk/liste?side=2"),
        ('<a rel="next" href="/liste/2">2</a>', "https://www.regionh.dk/liste/2"),
        ('<a href="https://andet.dk/liste?side=2">Næste side</a>', None),  # another site
        ('<a href="/liste">Næste side</a>', None),  # itself
        ('<a href="/referat.pdf">Referat</a>', None),
    ],
)
def test_a_listings_next_page_is_its_rel_next_or_a_next_link_on_the_site(html, expected):
    from harvest.kinds import next_page

    assert next_page(html, "https://www.regionh.dk/liste", "https://www.regionh.dk/liste") == expected


def test_the_listings_own_pages_are_not_documents_whatever_their_url_says():
    html = (
        '<a href="/politik/dagsordener-og-referater?side=2">Næste side</a>'
        '<a href="/politik/dagsordener-og-referater?sortering=dato">Dagsordener og referater efter dato</a>'
        '<a href="/politik/moeder/referat-1.pdf">Referat</a>'
    )
    page = "https://www.regionh.dk/politik/dagsordener-og-referater"
    assert [c.url for c in documents("links", html, page, page)] == [
        "https://www.regionh.dk/politik/moeder/referat-1.pdf"
    ]
