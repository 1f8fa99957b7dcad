import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from danish.item_numbers import item_sort_key
from danish.slugs import danish_slugify
from meetings.models import AgendaItem, Attendance, Body, Meeting, Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting():
    body = Body.objects.create(name="KKR Hovedstaden")
    return Meeting.objects.create(body=body, date=dt.date(2022, 6, 21), kind="referat")


def test_duplicate_meeting_is_rejected_by_the_database(meeting):
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.create(body=meeting.body, date=meeting.date, kind="dagsorden")


def test_same_date_for_another_body_is_allowed(meeting):
    other = Body.objects.create(name="KKR Sjælland")
    Meeting.objects.create(body=other, date=meeting.date, kind="referat")
    assert Meeting.objects.filter(date=meeting.date).count() == 2


def test_duplicate_item_number_is_rejected_by_the_database(meeting):
    AgendaItem.objects.create(meeting=meeting, number="3.4", title="Sundhedsklynger")
    with pytest.raises(IntegrityError), transaction.atomic():
        AgendaItem.objects.create(meeting=meeting, number="3.4", title="Noget andet")


def test_malformed_item_number_is_rejected_by_the_database(meeting):
    item = AgendaItem.objects.create(meeting=meeting, number="3.4", title="Sundhedsklynger")
    with pytest.raises(IntegrityError), transaction.atomic():
        AgendaItem.objects.filter(pk=item.pk).update(number="3.4.")


def test_malformed_case_number_is_rejected_by_the_database(meeting):
    with pytest.raises(IntegrityError), transaction.atomic():
        AgendaItem.objects.create(meeting=meeting, number="1.1", title="x", case_number="SAG-22-1")


def test_invalid_meeting_kind_is_rejected_by_the_database(meeting):
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.filter(pk=meeting.pk).update(kind="notat")


def test_person_cannot_substitute_for_themselves(meeting):
    person = Person.objects.create(name="Ulla Kokfelt")
    with pytest.raises(IntegrityError), transaction.atomic():
        Attendance.objects.create(meeting=meeting, person=person, status="present", substitute_for=person)


def test_items_sort_3_9_before_3_10(meeting):
    for number in ["3.10", "3.9", "10", "3.1", "2.1"]:
        AgendaItem.objects.create(meeting=meeting, number=number, title=f"Punkt {number}")
    assert [i.number for i in meeting.items.all()] == ["2.1", "3.1", "3.9", "3.10", "10"]


def test_item_sort_key_rejects_non_numbers():
    assert item_sort_key("3.10") == [3, 10]
    with pytest.raises(ValueError):
        item_sort_key("3.a")


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("KKR Hovedstaden", "kkr-hovedstaden"),
        ("KKR Sjælland", "kkr-sjaelland"),
        ("Øjvind Vilsholm", "oejvind-vilsholm"),
        ("Vagn Kjær-Hansen", "vagn-kjaer-hansen"),
        ("Jesper Würtzen", "jesper-wurtzen"),
        ("Allan S. Andersen", "allan-s-andersen"),
        ("Bodil Åberg", "bodil-aaberg"),
    ],
)
def test_slugs_transliterate_danish_letters(name, slug):
    assert danish_slugify(name) == slug


def test_natural_keys_round_trip(meeting):
    item = AgendaItem.objects.create(meeting=meeting, number="3.4", title="Sundhedsklynger")
    assert AgendaItem.objects.get_by_natural_key(*item.natural_key()) == item
    assert Meeting.objects.get_by_natural_key("kkr-hovedstaden", "2022-06-21") == meeting
