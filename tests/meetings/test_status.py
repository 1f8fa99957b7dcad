"""The status page /status/: what the archive covers, and every source document with its parser warnings."""

from __future__ import annotations

import hashlib
import re
from html import unescape

import pytest
from django.utils import dateformat, timezone, translation

from meetings.models import Body, Meeting, Person, SearchWord, SourceDocument, Topic

pytestmark = pytest.mark.django_db

STATUS = "/status/"


def text_of(response) -> str:
    html = re.sub(r"</?(?:a|span|abbr|strong|em|time)\b[^>]*>", "", response.text)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def rows(response) -> list[str]:
    """The file names in the document table, in order."""
    return re.findall(r'<th scope="row">([^<]*)</th>', response.text)


def add_documents(count: int, warnings: list[str] | None = None) -> None:
    meeting = Meeting.objects.order_by("date").first()
    SourceDocument.objects.bulk_create(
        SourceDocument(
            meeting=meeting,
            file_name=f"ekstra-{n:03d}.txt",
            sha256=hashlib.sha256(f"ekstra {n}".encode()).hexdigest(),
            size=100,
            format="txt",
            kind="dagsorden",
            warnings=warnings or [],
        )
        for n in range(count)
    )


# The archive's figures and documents (4), the harvest's sources (1, their runs in a second when there are
# any) and the overdue minutes (agendas, announcements: 2).
STATUS_QUERIES = 8


def test_status_page_shows_what_the_archive_covers(sample_archive, client, django_assert_max_num_queries):
    with django_assert_max_num_queries(STATUS_QUERIES):
        response = client.get(STATUS)
    assert response.status_code == 200
    text = text_of(response)
    assert "Kildedokumenter 5" in text
    assert "Dokumenter med advarsler 4" in text
    assert "Møder 4" in text
    assert "Dagsordenspunkter 61" in text
    assert "Første møde 7. februar 2020" in text
    assert "Seneste møde 11. april 2025" in text
    last = SourceDocument.objects.order_by("-ingested_at").first().ingested_at
    with translation.override("da"):
        expected = dateformat.format(timezone.localtime(last), r"j. F Y \k\l. H.i")
    assert f"Senest indlæst {expected}" in text


def test_status_lists_every_document_with_its_warnings_and_meeting_link(sample_archive, client):
    response = client.get(STATUS)
    assert sorted(rows(response)) == sorted(SourceDocument.objects.values_list("file_name", flat=True))
    text = text_of(response)
    assert "Item 3.5: time slot typo (11.15-11-17) read as 11.15-11.17." in text
    assert "Attendance list is cut off at the start of the document" in text
    assert 'href="/moeder/kkr-hovedstaden/2022-06-21/"' in response.text
    clean = re.search(r"<tr>\s*<th scope=\"row\">001_1990fcc251a9d399.txt</th>.*?</tr>", response.text, re.S)
    assert clean and "Ingen" in clean.group(0)  # the agenda parsed without warnings says so


def test_status_lists_the_latest_ingested_document_first(sample_archive, client):
    newest = SourceDocument.objects.order_by("-ingested_at").values_list("file_name", flat=True)
    assert rows(client.get(STATUS)) == list(newest)


def test_status_filter_shows_only_documents_with_warnings(sample_archive, client):
    response = client.get(STATUS + "?advarsler=1")
    listed = rows(response)
    assert len(listed) == 4
    assert "001_1990fcc251a9d399.txt" not in listed
    assert "Vis alle dokumenter" in text_of(response)


def test_status_is_accessible_one_h1_and_a_captioned_table_with_scoped_headers(sample_archive, client):
    html = client.get(STATUS).text
    assert len(re.findall(r"<h1\b", html)) == 1
    table = re.search(r"<table\b.*?</table>", html, re.S).group(0)
    assert re.search(r"<caption>[^<]*Alle kildedokumenter", table)
    headers = re.findall(r"<th\b([^>]*)>", table)
    assert headers and all('scope="col"' in h or 'scope="row"' in h for h in headers)


def test_status_pages_50_documents_at_a_time_in_constant_queries(
    sample_archive, client, django_assert_max_num_queries
):
    add_documents(70, warnings=["Tvivlsom dato."])
    with django_assert_max_num_queries(STATUS_QUERIES):
        first = client.get(STATUS)
    with django_assert_max_num_queries(STATUS_QUERIES):
        second = client.get(STATUS + "?side=2")
    assert len(rows(first)) == 50
    assert len(rows(second)) == 25
    assert set(rows(first)).isdisjoint(rows(second))
    assert "Side 1 af 2" in text_of(first)
    assert 'href="?side=2"' in first.text
    assert "Kildedokumenter 75" in text_of(second)


def test_status_pager_keeps_the_warnings_filter(sample_archive, client):
    add_documents(60, warnings=["Tvivlsom dato."])
    response = client.get(STATUS + "?advarsler=1")
    assert len(rows(response)) == 50
    assert 'href="?advarsler=1&amp;side=2"' in response.text


def test_status_of_an_empty_archive_says_so(client):
    Meeting.objects.all().delete()
    for model in (Topic, Person, Body, SearchWord):
        model.objects.all().delete()
    response = client.get(STATUS)
    assert response.status_code == 200
    text = text_of(response)
    assert "Kildedokumenter 0" in text
    assert "Første møde –" in text
    assert "Arkivet er tomt" in text


def test_footer_links_to_the_status_page(sample_archive, client):
    for url in ("/", "/moeder/", STATUS):
        assert '<a href="/status/">Status</a>' in client.get(url).text
