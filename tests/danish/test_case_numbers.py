"""danish.case_numbers: one definition of the case-number formats, read the same by parsers, database and search."""

import re

import pytest

from danish import case_numbers

EXAMPLES = [
    "SAG-2022-01250",
    "SAG-2024-123",
    "SAG-2024-1234",
    "SAG-2024-123456",
    "EMN-2025-003383",
    "EMN-2025-010561",
    "330-2018-3619",
    "306-2009-600",
    "14/34895",
    "00.01.00-P20-1-19",
    "M0/2011/01372",
    "299835",
]


@pytest.mark.parametrize("value", EXAMPLES)
def test_every_system_s_case_numbers_may_be_stored(value):
    assert case_numbers.is_case_number(value)


@pytest.mark.parametrize(
    "value",
    [
        "",
        "ab",
        "SAG",
        "SAG-",
        "sag-2022-01250",
        "-2022-01250",
        "SAG-2022-01250 ",
        "A" * 41,
        "<script>",
        "12 34",
    ],
)
def test_other_values_may_not(value):
    assert not case_numbers.is_case_number(value)


@pytest.mark.parametrize("pattern", case_numbers.KNOWN)
def test_every_known_format_is_a_storable_token(pattern):
    assert re.fullmatch(
        pattern, {p: e for e in EXAMPLES for p in [pattern] if re.fullmatch(pattern, e)}[pattern]
    )


@pytest.mark.parametrize("value", ["SAG-22-1", "SAG-2024-12", "EMN-2025-12", "SAG-2024-1234567"])
def test_a_number_with_a_system_s_prefix_must_be_in_that_system_s_format(value):
    assert not case_numbers.is_case_number(value)


@pytest.mark.parametrize("value", ["SAG-2022-01250", "SAG-2024-123", "SAG-2024-123456"])
def test_kl_case_numbers_start_a_line_of_a_kkr_document(value):
    assert case_numbers.AT_LINE_START.match(f"{value} ssan")


@pytest.mark.parametrize("value", ["SAG-2024-12", "SAG-2024-1234567", "SAG-24-01250"])
def test_kl_s_format_has_a_four_digit_year_and_three_to_six_digits(value):
    assert not case_numbers.AT_LINE_START.match(f"{value} ssan")


@pytest.mark.parametrize(
    ("line", "found"),
    [
        ("Sagsnr.: 330-2018-3619                 Dok.nr.: 2018-0123", "330-2018-3619"),
        ("Sagsid.: 14/34895, Sagsinitialer: abc", "14/34895"),
        ("Sagsnummer: 18/1039", "18/1039"),
        ("Sagsnummer M0/2011/01372 Sagsbehandler", "M0/2011/01372"),
        ("J.nr. 00.01.00-P20-1-19", "00.01.00-P20-1-19"),
        ("Sagsnr. 299835 Kultur- og Idrætsudvalget", "299835"),
        ("EMN-2025-010561", "EMN-2025-010561"),
        ("Sag 306-2009-600", "306-2009-600"),
        ("Sagsnr.: Resumé: Intet", None),
        ("Sagen blev behandlet i 2019.", None),
    ],
)
def test_a_case_number_is_found_after_its_label(line, found):
    assert case_numbers.find_labelled(line) == found


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("SAG-2022-01250", "SAG-2022-01250"),
        ("sag 2022 01250", "SAG-2022-01250"),
        ("sag2022-1234", "SAG-2022-1234"),
        ("hvad skete der i SAG-2024-123456?", "SAG-2024-123456"),
        ("emn-2025-003383", "EMN-2025-003383"),
        ("sagen 330-2018-3619", "330-2018-3619"),
        ("14/34895", "14/34895"),
        ("SAG-2022-1234567", None),
        ("sagsbehandling 2022", None),
        ("1/2 af budgettet", None),
    ],
)
def test_what_people_type_is_read_in_the_stored_form(typed, stored):
    assert case_numbers.find_typed(typed) == stored
