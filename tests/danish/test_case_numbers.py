"""danish.case_numbers: one definition of the case-number format, read the same by parser, database and search."""

import re

import pytest

from danish import case_numbers


@pytest.mark.parametrize("value", ["SAG-2022-01250", "SAG-2024-123", "SAG-2024-1234", "SAG-2024-123456"])
def test_three_to_six_digits_after_the_year_are_case_numbers(value):
    assert case_numbers.is_case_number(value)
    assert case_numbers.AT_LINE_START.match(f"{value} ssan")


@pytest.mark.parametrize(
    "value", ["SAG-2024-12", "SAG-2024-1234567", "SAG-24-01250", "sag-2022-01250", "SAG-2022-01250x", ""]
)
def test_other_forms_are_not_stored_case_numbers(value):
    assert not case_numbers.is_case_number(value)


def test_the_database_regex_is_the_pattern_anchored():
    assert f"^{case_numbers.PATTERN}$" == case_numbers.DATABASE_REGEX
    assert re.fullmatch(case_numbers.PATTERN, "SAG-2024-1234")


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("SAG-2022-01250", "SAG-2022-01250"),
        ("sag 2022 01250", "SAG-2022-01250"),
        ("sag2022-1234", "SAG-2022-1234"),
        ("hvad skete der i SAG-2024-123456?", "SAG-2024-123456"),
        ("SAG-2022-1234567", None),
        ("sagsbehandling 2022", None),
    ],
)
def test_what_people_type_is_read_in_the_stored_form(typed, stored):
    assert case_numbers.find_typed(typed) == stored
