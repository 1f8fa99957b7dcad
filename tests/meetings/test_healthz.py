import socket

import pytest
from django.db import connections


def test_healthz_is_ok_when_the_database_answers(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


@pytest.mark.django_db(transaction=True)
def test_healthz_is_503_when_the_database_is_down(client):
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        dead_port = sock.getsockname()[1]
    connection = connections["default"]
    original_port = connection.settings_dict["PORT"]
    connection.close()
    connection.settings_dict["PORT"] = dead_port
    try:
        response = client.get("/healthz")
    finally:
        connection.close()
        connection.settings_dict["PORT"] = original_port
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"


def test_home_page_lists_meetings(client, db):
    from meetings.models import Body, Meeting

    Meeting.objects.create(
        body=Body.objects.create(name="KKR Hovedstaden"), date="2022-06-21", kind="referat"
    )
    response = client.get("/")
    assert response.status_code == 200
    assert "21. juni 2022" in response.text
    assert '<html lang="da">' in response.text
