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


@pytest.mark.django_db
def test_cpr_numbers_in_a_document_are_masked_before_storage_and_reported(tmp_path):
    from pathlib import Path

    from django.core.management import call_command

    from meetings.models import AgendaItem, SourceDocument

    sample = Path("data/samples/000_bfbe36a0753158a4.txt").read_text()
    doctored = sample.replace("Bød velkommen til Gitte Bække", "Bød velkommen til Gitte Bække (010190-1234)")
    (tmp_path / "referat.txt").write_text(doctored)
    call_command("ingest", str(tmp_path), verbosity=0)
    document = SourceDocument.objects.get()
    assert "010190-1234" not in document.text
    assert "010190-1234" not in str(document.parsed)
    assert not AgendaItem.objects.filter(decision__text__contains="010190-1234").exists()
    assert AgendaItem.objects.filter(decision__text__contains=MASK).exists()
    assert any("CPR" in warning for warning in document.warnings)
