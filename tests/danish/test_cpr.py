import pytest

from danish.cpr import MASK, mask_cpr


@pytest.mark.parametrize("cpr", ["010190-1234", "311299-4321", "010190 1234", "0101901234"])
def test_cpr_numbers_are_masked(cpr):
    masked, count = mask_cpr(f"Borgeren ({cpr}) klagede.")
    assert (masked, count) == (f"Borgeren ({MASK}) klagede.", 1)


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
    ],
)
def test_other_numbers_are_left_alone(text):
    assert mask_cpr(text) == (text, 0)
