"""Feeds (RSS/Atom), the iCalendar of meeting dates, sitemap.xml and robots.txt."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from django.core.management import call_command
from django.db import transaction

from meetings.feeds import calendar_text, fold, ical_escape
from meetings.models import AgendaItem, AnnouncedMeeting, Decision, Meeting, Person, Topic

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def archive(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("ingest", "data/samples", verbosity=0)
        call_command("load_topics", verbosity=0)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def site(archive, db, client):
    return client


def rss_items(response) -> list[ET.Element]:
    root = ET.fromstring(response.content)
    assert root.tag == "rss"
    return root.findall("./channel/item")


# RSS and Atom ----------------------------------------------------------------------------------------------


def test_meetings_feed_lists_meetings_newest_first(site, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        response = site.get("/feeds/moeder/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    items = rss_items(response)
    assert len(items) == Meeting.objects.count()
    links = [item.findtext("link") for item in items]
    assert links[0] == "http://testserver/moeder/kkr-hovedstaden/2025-04-11/"
    assert "http://testserver/moeder/kkr-hovedstaden/2022-06-21/" in links
    first = items[0]
    assert first.findtext("title") == "KKR Hovedstaden, referat 11.04.2025"
    assert "17 punkter" in first.findtext("description")
    assert first.findtext("guid") == links[0]


def test_meetings_atom_feed(site):
    response = site.get("/feeds/moeder/atom/")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    assert len(root.findall(f"{ATOM}entry")) == Meeting.objects.count()


def test_topic_feed_lists_its_items(site, django_assert_max_num_queries):
    topic = Topic.objects.get(slug="sundhed")
    with django_assert_max_num_queries(2):
        response = site.get("/emner/sundhed/feed/")
    assert response.status_code == 200
    items = rss_items(response)
    assert len(items) == min(50, topic.items.count())
    links = {item.findtext("link") for item in items}
    assert "http://testserver/moeder/kkr-hovedstaden/2022-06-21/punkt/3.4/" in links
    item = next(i for i in items if i.findtext("link").endswith("/2022-06-21/punkt/3.4/"))
    assert item.findtext("title").startswith("3.4. Godkendelse af fælleskommunal organisering")
    assert "Stella Hansen præsenterede" in item.findtext("description")
    assert site.get("/emner/sundhed/feed/atom/").status_code == 200


def test_member_feed_lists_items_mentioning_them(site, django_assert_max_num_queries):
    person = Person.objects.get(slug="steen-christiansen")
    with django_assert_max_num_queries(2):
        response = site.get("/medlemmer/steen-christiansen/feed/")
    links = {item.findtext("link") for item in rss_items(response)}
    expected = {
        "http://testserver" + item.get_absolute_url()
        for item in person.mentions.select_related("meeting__body")
    }
    assert links == expected and len(expected) == 3
    assert site.get("/medlemmer/steen-christiansen/feed/atom/").status_code == 200


@pytest.mark.parametrize(
    "url", ["/emner/findes-ikke/feed/", "/medlemmer/findes-ikke/feed/", "/medlemmer/findes-ikke/feed/atom/"]
)
def test_feeds_of_unknown_things_are_404(site, url):
    assert site.get(url).status_code == 404


def test_feed_text_is_escaped(site):
    item = AgendaItem.objects.get(meeting__date="2022-06-21", number="3.4")
    Decision.objects.filter(item=item).update(text="<script>alert(1)</script> & <b>fed</b>")
    AgendaItem.objects.filter(pk=item.pk).update(title="Titel med <i>tag</i> & ampersand")
    response = site.get("/emner/sundhed/feed/")
    raw = response.content.decode()
    assert "<script>" not in raw and "<b>fed</b>" not in raw
    entry = next(i for i in rss_items(response) if i.findtext("link").endswith("/2022-06-21/punkt/3.4/"))
    # The description is HTML for the reader: the document's own markup arrives as text.
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;fed&lt;/b&gt;" in entry.findtext(
        "description"
    )
    assert entry.findtext("title").startswith("3.4. Titel med <i>tag</i> & ampersand")


# iCalendar -------------------------------------------------------------------------------------------------


def test_calendar_lists_meetings_and_announced_dates(site, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        response = site.get("/moeder.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode("utf-8")
    assert body.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert body.endswith("END:VCALENDAR\r\n")
    assert "\n" not in body.replace("\r\n", "")  # CRLF everywhere, no bare LF
    unfolded = body.replace("\r\n ", "")
    assert unfolded.count("BEGIN:VEVENT") == unfolded.count("END:VEVENT")
    assert "UID:kkr-hovedstaden-20220621@kkr-arkivet" in unfolded
    # The meeting began at 10.00 Danish summer time: 08:00 UTC; its end is not printed, so none is given.
    assert "DTSTART:20220621T080000Z" in unfolded
    assert "DTEND;VALUE=DATE:20220622" not in unfolded
    # A meeting whose time the document does not give is an all-day event.
    assert "DTSTART;VALUE=DATE:20200207" in unfolded and "DTEND;VALUE=DATE:20200208" in unfolded
    assert "SUMMARY:KKR Hovedstaden: møde (referat)" in unfolded
    assert "LOCATION:Glostrup Park Hotel\\, Hovedvejen 41\\, 2600 Glostrup" in unfolded
    assert "URL:http://testserver/moeder/kkr-hovedstaden/2022-06-21/" in unfolded
    assert re.search(r"DTSTAMP:\d{8}T\d{6}Z", unfolded)
    # Announced dates that are not meetings in the archive, each once.
    held = set(Meeting.objects.values_list("date", flat=True))
    for date in AnnouncedMeeting.objects.values_list("date", flat=True):
        if date not in held:
            assert unfolded.count(f"DTSTART;VALUE=DATE:{date:%Y%m%d}") == 1
    assert "SUMMARY:KKR Hovedstaden: møde (annonceret)" in unfolded
    for line in body.split("\r\n"):
        assert len(line.encode("utf-8")) <= 75


def test_calendar_of_one_body(site):
    assert "BEGIN:VEVENT" in site.get("/moeder.ics", {"organ": "kkr-hovedstaden"}).content.decode()
    assert "BEGIN:VEVENT" not in site.get("/moeder.ics", {"organ": "kkr-sjaelland"}).content.decode()
    assert site.get("/moeder.ics", {"organ": "<x>"}).status_code == 404


def test_fold_never_splits_a_character_and_round_trips():
    line = "SUMMARY:" + "æøå " * 40
    folded = fold(line)
    parts = folded.split("\r\n")
    assert all(len(part.encode("utf-8")) <= 75 for part in parts)
    assert all(part.startswith(" ") for part in parts[1:])
    assert folded.replace("\r\n ", "") == line


def test_ical_escape():
    assert ical_escape("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"


def test_calendar_text_without_meetings_is_valid():
    text = calendar_text(meetings=[], announced=[], base_url="https://example.dk")
    assert text == (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//KKR-arkivet//Mødekalender//DA\r\nCALSCALE:GREGORIAN\r\n"
        "METHOD:PUBLISH\r\nX-WR-CALNAME:KKR-møder\r\nX-WR-TIMEZONE:Europe/Copenhagen\r\nEND:VCALENDAR\r\n"
    )


# Sitemap and robots ----------------------------------------------------------------------------------------

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def sitemap_locations(response) -> list[str]:
    return [loc.text for loc in ET.fromstring(response.content).iter(f"{SITEMAP_NS}loc")]


def test_sitemap_index_points_to_every_section(site, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        response = site.get("/sitemap.xml")
    assert response.status_code == 200
    sections = sitemap_locations(response)
    for name in ("sider", "moeder", "punkter", "medlemmer", "emner"):
        assert f"http://testserver/sitemap-{name}.xml" in sections


def test_sitemap_sections_hold_the_permalinks(site):
    def paths(section):
        response = site.get(f"/sitemap-{section}.xml")
        assert response.status_code == 200
        return {loc.removeprefix("http://testserver") for loc in sitemap_locations(response)}

    items = AgendaItem.objects.select_related("meeting__body")
    assert paths("punkter") == {item.get_absolute_url() for item in items}
    assert paths("moeder") == {m.get_absolute_url() for m in Meeting.objects.select_related("body")}
    assert paths("medlemmer") == {p.get_absolute_url() for p in Person.objects.all()}
    assert paths("emner") == {t.get_absolute_url() for t in Topic.objects.all()}
    assert {"/", "/moeder/", "/emner/", "/medlemmer/"} <= paths("sider")


def test_robots_txt(site):
    response = site.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Allow: /" in lines
    assert "Disallow: /admin/" in lines
    assert "Disallow: /api/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
