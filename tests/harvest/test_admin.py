"""Staff edit sources in the admin; a bad URL or body is a form error there, never a broken source."""

from __future__ import annotations

import pytest

from harvest.models import Source

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client, django_user_model):
    user = django_user_model.objects.create_superuser("redaktoer", "r@example.dk", "en-lang-adgangskode-1")
    client.force_login(user)
    return client


def form(**values) -> dict:
    return {
        "url": "https://dagsordener.aarhus.dk/",
        "kind": "firstagenda",
        "body": "",
        "enabled": "on",
        "interval": "1 00:00:00",
        "runs-TOTAL_FORMS": "0",
        "runs-INITIAL_FORMS": "0",
        **values,
    }


def test_staff_add_a_source_in_the_admin(staff):
    response = staff.post("/admin/harvest/source/add/", form())
    assert response.status_code == 302, response.content.decode()[:2000]
    source = Source.objects.get()
    assert (source.url, source.kind, source.enabled) == ("https://dagsordener.aarhus.dk/", "firstagenda", True)


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"url": "ftp://example.dk/"}, "url"),
        ({"body": "Aarhus Byråd"}, "body"),
        ({"interval": "0"}, "interval"),
    ],
)
def test_a_bad_source_is_a_form_error(staff, values, field):
    response = staff.post("/admin/harvest/source/add/", form(**values))
    assert response.status_code == 200
    assert field in response.context["adminform"].form.errors
    assert not Source.objects.exists()


def test_runs_and_fetched_urls_are_read_only(staff):
    assert staff.get("/admin/harvest/harvestrun/add/").status_code == 403
    assert staff.get("/admin/harvest/fetchedurl/add/").status_code == 403
    assert staff.get("/admin/harvest/harvestrun/").status_code == 200
