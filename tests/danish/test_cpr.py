import pytest

from danish.cpr import MASK, contains_cpr, mask_cpr


@pytest.mark.parametrize("cpr", ["010190-1234", "311299-4321", "010190 1234", "0101901234"])
def test_cpr_numbers_are_masked(cpr):
    masked, count = mask_cpr(f"Borgeren ({cpr}) klagede.")
    assert (masked, count) == (f"Borgeren ({MASK}) klagede.", 1)


# Every shape a CPR number takes in the documents, raw or after extraction: each must be masked where it stands.
FORMS = {
    "line end after the hyphen": "010190-\n1234",
    "line end before the hyphen": "010190\n-1234",
    "line end without a hyphen": "010190\n1234",
    "PDF page break": "010190-\n\f\n1234",
    "interleaved PDF lines": "010190- \n\n1234",
    "zero-width space": "0101\u200b90-1234",
    "zero-width space at the hyphen": "010190\u200b-1234",
    "zero-width joiner": "01\u200d0190-1234",
    "bidi override": "010190\u202e-1234",
    "no-break space": "010190\u00a01234",
    "narrow no-break space": "010190\u202f1234",
    "soft hyphen": "0101\u00ad90-1234",
    "soft hyphen at a line end": "010190\u00ad\n1234",
    "entity no-break space": "010190&nbsp;1234",
    "entity hyphen": "010190&#45;1234",
    "entity non-breaking hyphen": "010190&#8209;1234",
    "entity en dash": "010190&ndash;1234",
    "entity digit": "&#48;10190-1234",
    "entity soft hyphen": "0101&shy;90-1234",
    "markdown bold": "**010190**-1234",
    "markdown escape": "010190\\-1234",
    "html tag inside": "0101<i>90</i>-1234",
    "html tag at the hyphen": "010190<b>-1234</b>",
    "en dash": "010190–1234",
    "em dash": "010190—1234",
    "minus sign": "010190−1234",
    "non-breaking hyphen": "010190\u20111234",
    "spaced dash": "010190 - 1234",
    "fullwidth digits": "０１０１９０－１２３４",
    "CPR- prefix": "CPR-010190-1234",
    "CPR- prefix without hyphen": "CPR-0101901234",
    "trailing dash": "010190-1234-",
    "after a label": "cpr.nr.:010190-1234",
}


@pytest.mark.parametrize("form", list(FORMS.values()), ids=list(FORMS))
def test_every_form_of_a_cpr_number_is_masked(form):
    masked, count = mask_cpr(f"Borgeren {form} klagede.")
    assert count == 1
    assert MASK in masked
    assert "1234" not in masked and "0101" not in masked and "１２３４" not in masked


def test_line_breaks_inside_a_masked_number_are_kept_after_the_mask():
    assert mask_cpr("Borgeren 010190-\n\f\n1234 klagede") == (f"Borgeren {MASK}\n\f\n klagede", 1)


def test_several_numbers_are_all_masked_and_counted():
    masked, count = mask_cpr("010190-1234 og 020290 4321 og CPR-0303901111")
    assert count == 3
    assert not any(ch.isdigit() for ch in masked)


@pytest.mark.parametrize(
    "text",
    [
        "SAG-2022-01250",
        "2022-2026",
        "tlf. 33 70 33 70",
        "1.881 studerende",
        "10.55-11.15",
        "320199-12345",
        "SAG-2022-010190-1234",
        "dato 21-06-2022",
        # More numbers that look a little like CPR numbers and are something else.
        "SAG-2022-0101901234",
        "SAG-2022&#45;0101901234",
        "0101901234-5",
        "0101901234\u200b5",
        "3101901234567",
        "1234567890",  # day 12, month 34
        "3213901234",  # day 32
        "0100901234",  # month 00
        "kr. 1.234.567",
        "2.500.000 kr.",
        "EMN-2025-003383",
        "330-2018-3619",
        "00.01.00-P20-1-19",
        "14/34895",
        "21.06.2022 10:00",
        "kl. 10.00-12.00",
        "(10.55-11.15)",
        "21/06/2022",
        "13.06.2022-1234",
        "+45 33703370",
        "tlf. 3370 3370",
        "010190",
        "010190-123",
        "0101-901234",
        "010120-311220",
        "punkt 3.10",
        "1.-3. kvartal 2022",
        "2022/2023",
    ],
)
def test_other_numbers_are_left_alone(text):
    assert mask_cpr(text) == (text, 0)
    assert not contains_cpr(text)


def test_text_without_digits_is_returned_as_it_is():
    assert mask_cpr("Ingen tal her") == ("Ingen tal her", 0)
    assert mask_cpr("") == ("", 0)


def test_a_text_is_masked_every_time_it_is_masked_however_often_clean_texts_were_seen():
    # Clean texts are remembered (ingest masks the same strings several times); one with a number never is.
    clean, dirty = "Mødet 21-06-2022 kl. 10.00", "Borgeren 010190-1234 klagede."
    for _ in range(3):
        assert mask_cpr(clean) == (clean, 0)
        assert mask_cpr(dirty) == (f"Borgeren {MASK} klagede.", 1)


def test_the_memory_of_clean_texts_stays_bounded(monkeypatch):
    import danish.cpr as cpr

    monkeypatch.setattr(cpr, "_CLEAN_CHARS_AT_MOST", 100)
    monkeypatch.setattr(cpr, "_CLEAN", {})
    monkeypatch.setattr(cpr, "_clean_chars", 0)
    for n in range(50):
        assert mask_cpr(f"punkt {n}: " + "x" * 20) == (f"punkt {n}: " + "x" * 20, 0)
    assert sum(map(len, cpr._CLEAN)) <= 100
    assert mask_cpr("y" * 500 + " 7") == ("y" * 500 + " 7", 0)  # longer than the bound: scanned, not kept
    assert "y" * 500 + " 7" not in cpr._CLEAN
