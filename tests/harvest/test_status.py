"""/status/ says how current the archive is: each source's runs, and the minutes that have not arrived."""

from __future__ import annotations

import datetime as dt

import pytest

from harvest.models import Source
from harvest.selectors import overdue_minutes
from meetings.models import AnnouncedMeeting, Meeting
from tests.factories import run_ingest
from tests.harvest.conftest import REGIONH_LISTING, SAMPLES, harvest

pytestmark = pytest.mark.django_db(transaction=True)


def test_status_shows_each_sources_last_run_and_its_figures(regionh, client):
    harvest(regionh.url + REGIONH_LISTING)
    Source.objects.create(url="https://dagsordener.aarhus.dk/", kind="firstagenda")

    page = client.get("/status/").content.decode()

    assert regionh.url + REGIONH_LISTING in page
    assert "gennemført med fejl" in page  # the refused letter
    assert "4 fundet, 3 nye, 0 ændrede, 1 afviste, 0 fejlede" in page
    assert "Ikke planlagt" in page  # given on the command line, not scheduled
    assert "https://dagsordener.aarhus.dk/" in page and "Aldrig" in page and "Snarest" in page


def test_status_lists_agendas_whose_minutes_have_not_arrived(regionh, client):
    harvest(regionh.url + REGIONH_LISTING)
    page = client.get("/status/").content.decode()
    assert "Referater, der mangler" in page
    assert "Regionsrådet" in page and "7. december 2021</a> (kun dagsorden)" in page


def test_announced_meetings_without_minutes_are_overdue_once_held_and_a_while_gone():
    run_ingest(SAMPLES / "000_bfbe36a0753158a4.txt")
    announced = list(AnnouncedMeeting.objects.values_list("date", flat=True))
    assert announced, "the sample announces its next meeting"
    date = announced[0]
    assert [o.date for o in overdue_minutes(today=date + dt.timedelta(days=15), days=14)] == [date]
    assert overdue_minutes(today=date + dt.timedelta(days=13), days=14) == []  # not overdue yet
    # Once the meeting is archived, nothing is missing.
    Meeting.objects.create(body=AnnouncedMeeting.objects.get(date=date).body, date=date, kind="referat")
    assert overdue_minutes(today=date + dt.timedelta(days=15), days=14) == []


def test_status_answers_in_few_queries_however_many_sources(client, django_assert_max_num_queries):
    for number in range(30):
        Source.objects.create(url=f"https://kommune{number}.dk/dagsordener")
    with django_assert_max_num_queries(12):
        assert client.get("/status/").status_code == 200
