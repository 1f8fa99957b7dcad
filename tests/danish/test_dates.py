"""danish.dates: the written forms of a meeting's date and time that documents print."""

import datetime as dt

import pytest

from danish.dates import find_date, find_dates, long_date, parse_date, plausible

D, T = dt.date, dt.time


@pytest.mark.parametrize(
    ("text", "date", "time"),
    [
        ("Mødedato Onsdag d. 27. august 2025 kl. 16:00", D(2025, 8, 27), T(16, 0)),
        ("Den 09.01.2020 kl. 13:00", D(2020, 1, 9), T(13, 0)),
        ("onsdag den 1. oktober 2025 kl. 15.45", D(2025, 10, 1), T(15, 45)),
        ("Fredag 27. marts 2015", D(2015, 3, 27), None),
        ("15-maj-2002", D(2002, 5, 15), None),
        ("Mødedato: 12.12.2019", D(2019, 12, 12), None),
        ("Mødedato: 12.12.2019, kl. 17:30", D(2019, 12, 12), T(17, 30)),
        ("30. aug 2022", D(2022, 8, 30), None),
        ("30. aug. 2022", D(2022, 8, 30), None),
        ("05-12-2007 Kl. 15:00-16:10", D(2007, 12, 5), T(15, 0)),
        ("STARTTIDSPUNKT 04-06-2020 09:00:00", D(2020, 6, 4), T(9, 0)),
        ("Dato: Onsdag, April 3, 2019 - 18:00", D(2019, 4, 3), T(18, 0)),
        ("Beslutning i Kommunalbestyrelsen den 28-10-2014", D(2014, 10, 28), None),
        ("23.08.2017, kl. 11:00", D(2017, 8, 23), T(11, 0)),
        ("d. 10 februar 2022", D(2022, 2, 10), None),
        ("2022-06-21", D(2022, 6, 21), None),
        ("21/6/2022 kl. 9", D(2022, 6, 21), T(9, 0)),
    ],
)
def test_every_written_form_of_a_meeting_date(text, date, time):
    assert parse_date(text) == (date, time)


@pytest.mark.parametrize(
    "text", ["SAG-2022-01250", "1.881 studerende i 2022", "31-02-2022", "tlf. 33 70 33 70", "10.55-11.15", ""]
)
def test_what_is_not_a_date_is_not_read_as_one(text):
    assert parse_date(text) is None


def test_every_date_of_a_text_in_order():
    text = "Mødet den 3. marts 2023 kl. 9.30 erstatter mødet 01-02-2023; næste møde 2023-04-12."
    assert [(d, t) for d, t, _ in find_dates(text)] == [
        (D(2023, 3, 3), T(9, 30)),
        (D(2023, 2, 1), None),
        (D(2023, 4, 12), None),
    ]


def test_find_date_skips_an_impossible_date_for_a_later_one():
    assert find_date("31-02-2022 eller 21-06-2022")[0] == D(2022, 6, 21)


def test_plausible_dates_run_from_1970_to_two_years_ahead():
    today = D(2026, 12, 1)
    assert plausible(D(1970, 1, 1), today=today) and plausible(D(2028, 12, 1), today=today)
    assert not plausible(D(1969, 12, 31), today=today)
    assert not plausible(D(2028, 12, 2), today=today)
    assert not plausible(D(9999, 12, 31), today=today)


def test_long_date_is_danish():
    assert long_date(D(2022, 6, 21)) == "21. juni 2022"
