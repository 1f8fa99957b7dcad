"""The original file of every ingested document: kept content-addressed, served at /kilder/<sha256>/, named as
each item's source in the API."""

from pathlib import Path

import pytest

from meetings.models import SourceDocument

pytestmark = pytest.mark.django_db


@pytest.fixture
def originals(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "originals": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "originals")},
        },
    }
    return tmp_path / "originals"


def test_the_original_file_is_kept_and_served_and_the_api_names_each_item_s_source(db, client, originals):
    from django.core.management import call_command

    pdf = Path(__file__).resolve().parents[1] / "fixtures" / "referat-2022-06-21.pdf"
    call_command("ingest", str(pdf), verbosity=0)
    document = SourceDocument.objects.get()
    assert document.original and (originals / document.original).read_bytes() == pdf.read_bytes()
    response = client.get(f"/kilder/{document.sha256}/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == pdf.read_bytes()
    assert response["Content-Security-Policy"] == "sandbox"
    item = client.get("/api/meetings/kkr-hovedstaden/2022-06-21/").json()["items"][0]
    assert item["sources"] == [{"file_name": pdf.name, "url": f"/kilder/{document.sha256}/", "page": 2}]


def test_a_saved_web_page_is_downloaded_never_shown_from_the_site(db, client, originals, tmp_path):
    from django.core.management import call_command

    text = (Path(__file__).resolve().parents[2] / "data" / "samples" / "003_3207b199d2270b9c.txt").read_text()
    page = tmp_path / "referat.html"
    page.write_text(
        "<html><body>" + "".join(f"<p>{line}</p>" for line in text.splitlines()) + "</body></html>"
    )
    call_command("ingest", str(page), verbosity=0)
    document = SourceDocument.objects.get()
    response = client.get(f"/kilder/{document.sha256}/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")


@pytest.mark.parametrize("sha", ["0" * 64, "ikke-en-hash"])
def test_an_unknown_original_is_a_404(db, client, sha):
    assert client.get(f"/kilder/{sha}/").status_code == 404


@pytest.mark.parametrize("cpr", ["010190-1234", "0101\u200b90-1234", "010190&nbsp;1234"])
def test_an_original_with_a_cpr_number_in_it_is_withheld_while_its_masked_text_is_shown(
    db, client, originals, tmp_path, cpr
):
    """The archive masks a CPR number in every text it stores, but the original file still holds it."""
    from django.core.management import call_command

    sample = Path(__file__).resolve().parents[2] / "data" / "samples" / "003_3207b199d2270b9c.txt"
    path = tmp_path / "referat.txt"
    path.write_text(sample.read_text().replace("Dagsordenen blev godkendt.", f"Borger {cpr} klagede.", 1))
    call_command("ingest", str(path), verbosity=0)
    document = SourceDocument.objects.get()
    response = client.get(f"/kilder/{document.sha256}/")
    assert response.status_code == 451  # Unavailable For Legal Reasons: personal data
    assert b"1234" not in response.content and "CPR" in response.content.decode()
    assert client.get("/moeder/kkr-hovedstaden/2022-06-21/punkt/1.1/").status_code == 200


def test_an_original_whose_file_name_alone_held_a_cpr_number_is_still_served(db, client, originals, tmp_path):
    from django.core.management import call_command

    sample = Path(__file__).resolve().parents[2] / "data" / "samples" / "003_3207b199d2270b9c.txt"
    path = tmp_path / "klage 010190-1234.txt"
    path.write_bytes(sample.read_bytes())
    call_command("ingest", str(path), verbosity=0)
    response = client.get(f"/kilder/{SourceDocument.objects.get().sha256}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == sample.read_bytes()
    assert "1234" not in response["Content-Disposition"]
