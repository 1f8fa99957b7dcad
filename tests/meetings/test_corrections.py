"""Corrections by staff that last: an admin edit of a title, a decision, an outcome or the attendance is a correction
(who, when, why) laid over the parse; it survives `reparse` and new versions, shows "Rettet", can be withdrawn."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission, User
from django.core.management import call_command

from ingest.pipeline import ingest_file
from meetings.models import AgendaItem, Attendance, Correction, Decision, SearchEntry

pytestmark = pytest.mark.django_db

SAMPLE = Path("data/samples/000_bfbe36a0753158a4.txt")  # KKR Hovedstaden, minutes of 21 June 2022
PARSED_11 = "Dagsordenen blev godkendt."
CORRECTED = "Dagsordenen blev godkendt med den ændring, at punkt 3.4 blev behandlet først."
REASON = "Referatet gengav ikke, at rækkefølgen blev ændret."


@pytest.fixture
def minutes(tmp_path) -> Path:
    path = tmp_path / "v1" / SAMPLE.name
    path.parent.mkdir()
    shutil.copy(SAMPLE, path)
    ingest_file(path)
    return path


@pytest.fixture
def staff(client) -> User:
    user = User.objects.create_user("sekretariat", password="x", is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


def new_version(tmp_path: Path, folder: str, edit) -> None:
    path = tmp_path / folder / SAMPLE.name
    path.parent.mkdir()
    path.write_text(edit(SAMPLE.read_text(encoding="utf-8")), encoding="utf-8")
    ingest_file(path)


def change_form_data(response) -> dict:
    """What the admin's change form would post back unchanged: its fields and every inline's."""
    data = {}

    def put(form) -> None:
        for name in form.fields:
            value = form[name].value()
            if value is None:
                continue
            data[form.add_prefix(name)] = [str(v) for v in value] if isinstance(value, list) else str(value)

    put(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            value = management[name].value()
            data[management.add_prefix(name)] = "" if value is None else str(value)
        for form in formset.forms:
            put(form)
    return data


def edit_item(client, item: AgendaItem, **changes) -> object:
    url = f"/admin/meetings/agendaitem/{item.pk}/change/"
    data = change_form_data(client.get(url))
    data.update(changes)
    return client.post(url, data)


def found(client, query: str) -> list[str]:
    """The numbers of the items the search finds for `query` (as exact words, no relaxation)."""
    data = client.get("/api/search/", {"q": query}).json()
    return [] if data["relaxed"] else [hit["number"] for hit in data["results"]]


def item_11() -> AgendaItem:
    return AgendaItem.objects.get(number="1.1")


def test_an_admin_edit_of_a_decision_is_a_correction_shown_with_its_date_and_reason(minutes, staff, client):
    item = item_11()
    assert PARSED_11 in item.decision.text
    response = edit_item(client, item, **{"decision-0-text": CORRECTED, "correction_reason": REASON})
    assert response.status_code == 302, response.context and response.context["errors"]

    correction = Correction.objects.get()
    assert (correction.field, correction.value, correction.created_by) == (
        "decision",
        CORRECTED,
        "sekretariat",
    )
    assert PARSED_11 in correction.parsed_value and correction.reason == REASON and not correction.conflict
    assert Decision.objects.get(item=item).text == CORRECTED
    page = client.get(item.get_absolute_url()).content.decode()
    assert CORRECTED in page and "Rettet" in page and REASON in page
    assert "sekretariat" not in page  # who corrected is for staff, not the public
    api = client.get("/api/meetings/kkr-hovedstaden/2022-06-21/").json()
    [row] = [row for row in api["items"] if row["number"] == "1.1"]
    assert row["decision"]["text"] == CORRECTED
    assert [(c["field"], c["reason"]) for c in row["corrections"]] == [("decision", REASON)]
    assert all(not r["corrections"] for r in api["items"] if r["number"] != "1.1")


def test_an_edit_without_a_reason_is_refused_and_changes_nothing(minutes, staff, client):
    item = item_11()
    response = edit_item(client, item, title="Godkendelse af dagsordenen")
    assert response.status_code == 200  # the form again, with the error
    assert "Skriv en begrundelse" in response.content.decode()
    assert item_11().title == "Godkendelse af dagsorden" and not Correction.objects.exists()
    response = edit_item(client, item, **{"decision-0-text": CORRECTED})
    assert response.status_code == 200 and "Skriv en begrundelse" in response.content.decode()
    assert PARSED_11 in Decision.objects.get(item=item).text


def test_a_corrected_title_is_what_the_search_finds(minutes, staff, client):
    item = item_11()
    edit_item(client, item, title="Godkendelse af dagsorden for sommermødet", correction_reason=REASON)
    assert item_11().title == "Godkendelse af dagsorden for sommermødet"
    assert found(client, "sommermødet") == ["1.1"]


def test_a_correction_survives_reparse(minutes, staff, client):
    item = item_11()
    edit_item(
        client,
        item,
        **{"decision-0-text": CORRECTED, "decision-0-outcome": "afvist", "correction_reason": REASON},
    )
    call_command("reparse", verbosity=0)
    decision = Decision.objects.get(item=item)
    assert (decision.text, decision.outcome) == (CORRECTED, "afvist")
    assert Correction.objects.active().count() == 2 and not Correction.objects.filter(conflict=True).exists()


def test_a_correction_survives_a_new_version_that_leaves_its_field_alone(minutes, staff, client, tmp_path):
    item = item_11()
    edit_item(client, item, **{"decision-0-text": CORRECTED, "correction_reason": REASON})
    new_version(
        tmp_path,
        "v2",
        lambda text: text.replace(
            "KKR Hovedstaden godkendte praksisplan for fysioterapi.",
            "KKR Hovedstaden afviste praksisplan for fysioterapi.",
        ),
    )
    assert "afviste praksisplan" in Decision.objects.get(item__number="3.5").text  # the new version won
    assert Decision.objects.get(item=item).text == CORRECTED  # and the correction still stands
    assert not Correction.objects.get().conflict


def test_a_new_version_that_changes_the_corrected_field_keeps_the_correction_and_shows_staff(
    minutes, staff, client, tmp_path
):
    item = item_11()
    edit_item(client, item, **{"decision-0-text": CORRECTED, "correction_reason": REASON})
    new_version(tmp_path, "v2", lambda text: text.replace(PARSED_11, "Dagsordenen blev afvist."))

    assert Decision.objects.get(item=item).text == CORRECTED  # the correction wins
    correction = Correction.objects.get()
    assert correction.conflict and "Dagsordenen blev afvist." in correction.latest_parsed_value
    assert PARSED_11 in correction.parsed_value
    listed = client.get("/admin/meetings/correction/", {"conflict__exact": "1"}).content.decode()
    assert str(item) in listed
    assert client.get(f"/admin/meetings/correction/{correction.pk}/change/").status_code == 200
    page = client.get(f"/admin/meetings/agendaitem/{item.pk}/change/").content.decode()
    assert "En ny udgave af dokumentet har ændret et felt, som er rettet" in page

    # Staff keep it over the new version: no conflict any more, the value stays.
    client.post(
        "/admin/meetings/correction/", {"action": "keep_over_new_parse", "_selected_action": [correction.pk]}
    )
    correction.refresh_from_db()
    assert not correction.conflict and correction.parsed_value == correction.latest_parsed_value


def test_withdrawing_a_correction_brings_back_the_parse(minutes, staff, client, tmp_path):
    item = item_11()
    edit_item(client, item, title="Godkendelse af dagsorden for sommermødet", correction_reason=REASON)
    edit_item(client, item, **{"decision-0-text": CORRECTED, "correction_reason": REASON})
    new_version(tmp_path, "v2", lambda text: text.replace(PARSED_11, "Dagsordenen blev afvist."))
    ids = list(Correction.objects.active().values_list("pk", flat=True))

    response = client.post("/admin/meetings/correction/", {"action": "withdraw", "_selected_action": ids})
    assert response.status_code == 302

    item = item_11()
    assert item.title == "Godkendelse af dagsorden"
    assert "Dagsordenen blev afvist." in item.decision.text  # what the parse (of the current version) says
    assert not Correction.objects.active().exists()
    assert Correction.objects.filter(withdrawn_by="sekretariat").count() == 2
    page = client.get(item.get_absolute_url()).content.decode()
    assert "Rettet" not in page and CORRECTED not in page
    assert found(client, "sommermødet") == []
    call_command("reparse", verbosity=0)  # and it stays withdrawn
    assert item_11().title == "Godkendelse af dagsorden"


def test_editing_back_to_the_parsed_value_leaves_no_correction_in_force(minutes, staff, client):
    item = item_11()
    edit_item(client, item, title="Godkendelse af dagsordenen", correction_reason=REASON)
    edit_item(client, item, title="Godkendelse af dagsorden", correction_reason="Fejlrettet.")
    assert not Correction.objects.active().exists() and Correction.objects.count() == 1


def test_an_attendance_correction_survives_reparse_and_is_shown_on_the_meeting_page(minutes, staff, client):
    meeting = item_11().meeting
    row = Attendance.objects.filter(meeting=meeting, status="present").select_related("person").first()
    url = f"/admin/meetings/meeting/{meeting.pk}/change/"
    data = change_form_data(client.get(url))
    index = next(k for k, v in data.items() if k.endswith("-person") and v == str(row.person_id)).split("-")[
        1
    ]
    data[f"attendance-{index}-status"] = "absent"
    data["correction_reason"] = "Meldte afbud; referatet var forkert."
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]

    call_command("reparse", verbosity=0)
    assert Attendance.objects.get(pk=row.pk).status == "absent"
    correction = Correction.objects.get()
    assert (correction.person, correction.value["status"], correction.parsed_value["status"]) == (
        row.person,
        "absent",
        "present",
    )
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert f"fremmødet for {row.person.name}" in page and "Meldte afbud" in page
    api = client.get("/api/meetings/kkr-hovedstaden/2022-06-21/").json()
    assert [(c["person"], c["field"]) for c in api["attendance_corrections"]] == [(row.person.slug, "attendance")]


def test_nobody_but_staff_can_correct(minutes, client):
    item = item_11()
    url = f"/admin/meetings/agendaitem/{item.pk}/change/"
    citizen = User.objects.create_user("borger", password="x")
    client.force_login(citizen)
    response = client.post(url, {"title": "Hacket", "correction_reason": "x"})
    assert response.status_code == 302 and "/admin/login/" in response["Location"]

    # Staff who may only look at items cannot change them either.
    viewer = User.objects.create_user("praktikant", password="x", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_agendaitem"))
    client.force_login(viewer)
    assert client.post(url, {"title": "Hacket", "correction_reason": "x"}).status_code == 403
    assert client.post("/admin/meetings/correction/", {"action": "withdraw"}).status_code == 403
    assert item_11().title == "Godkendelse af dagsorden" and not Correction.objects.exists()
    assert SearchEntry.objects.filter(item=item).exists()


def test_removing_an_attendee_in_the_admin_is_a_correction_that_survives_reparse(minutes, staff, client):
    meeting = item_11().meeting
    row = Attendance.objects.filter(meeting=meeting).select_related("person").first()
    url = f"/admin/meetings/meeting/{meeting.pk}/change/"
    data = change_form_data(client.get(url))
    index = next(k for k, v in data.items() if k.endswith("-person") and v == str(row.person_id)).split("-")[1]
    data[f"attendance-{index}-DELETE"] = "on"
    data["correction_reason"] = "Var ikke medlem af KKR på mødedagen."
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]

    call_command("reparse", verbosity=0)
    assert not Attendance.objects.filter(meeting=meeting, person=row.person).exists()
    correction = Correction.objects.get()
    assert correction.value is None and correction.parsed_value["status"] == row.status

    client.post("/admin/meetings/correction/", {"action": "withdraw", "_selected_action": [correction.pk]})
    assert Attendance.objects.get(meeting=meeting, person=row.person).status == row.status


def test_a_decision_staff_add_to_an_item_without_one_lasts_until_withdrawn(minutes, staff, client):
    item = AgendaItem.objects.get(number="6.1")  # "Punkter til næste møde": the minutes record no decision
    assert not Decision.objects.filter(item=item).exists()
    response = edit_item(client, item, **{"decision-0-text": "Ingen punkter.", "correction_reason": REASON})
    assert response.status_code == 302, response.context and response.context["errors"]
    correction = Correction.objects.get()
    assert (correction.field, correction.parsed_value, correction.value) == ("decision", None, "Ingen punkter.")

    call_command("reparse", verbosity=0)
    assert Decision.objects.get(item=item).text == "Ingen punkter."
    client.post("/admin/meetings/correction/", {"action": "withdraw", "_selected_action": [correction.pk]})
    assert not Decision.objects.filter(item=item).exists()
