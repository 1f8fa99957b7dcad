"""The admin login under attack: django-axes locks out a username and an address after a few wrong passwords,
a correct password is refused during the cool-off, the client's address comes from the proxy's header only when
configured, and a login never follows a next= that leads off the site."""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.test import Client

from meetings.middleware import client_ip

pytestmark = pytest.mark.django_db

USERNAME = "sekretariat"
PASSWORD = "en-lang-adgangskode-123"
ATTACKER = "203.0.113.7"
COLLEAGUE = "198.51.100.9"
PROXY = "172.18.0.5"


@pytest.fixture(autouse=True)
def fast_hashing(settings):
    # Every login hashes a password; the production hasher takes a third of a second each time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def staff():
    return get_user_model().objects.create_superuser(USERNAME, password=PASSWORD)


def login(client: Client, username: str, password: str, *, ip: str = ATTACKER, next: str = "/admin/", **meta):
    return client.post(
        f"/admin/login/?next={quote(next)}",
        {"username": username, "password": password, "next": next},
        REMOTE_ADDR=ip,
        **meta,
    )


def logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_wrong_passwords_lock_the_user_out_and_the_right_one_is_refused_during_the_cool_off(
    client, staff, settings
):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(client, USERNAME, "forkert").status_code == 200  # the form again, with its error
    assert login(client, USERNAME, "forkert").status_code == 429  # the last allowed failure locks
    refused = login(client, USERNAME, PASSWORD)
    assert refused.status_code == 429
    assert not logged_in(client)
    # Per user: the same account from another address is locked as well.
    assert login(Client(), USERNAME, PASSWORD, ip=COLLEAGUE).status_code == 429
    assert client.get("/admin/").status_code == 302  # to the login: nobody got in


def test_one_address_trying_many_usernames_is_locked_out_and_others_are_not(client, staff, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        login(client, f"bruger{n}", "forkert")
    assert login(client, USERNAME, PASSWORD).status_code == 429  # per address: even a real account
    assert not logged_in(client)
    colleague = Client()
    response = login(colleague, USERNAME, PASSWORD, ip=COLLEAGUE)
    assert response.status_code == 302 and logged_in(colleague)


def test_after_the_cool_off_the_right_password_works(client, staff, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, USERNAME, "forkert")
    assert login(client, USERNAME, PASSWORD).status_code == 429
    # The cool-off counts from the last failure: move every failure back past it.
    past = dt.timedelta(minutes=1) + settings.AXES_COOLOFF_TIME
    for attempt in AccessAttempt.objects.all():
        AccessAttempt.objects.filter(pk=attempt.pk).update(attempt_time=attempt.attempt_time - past)
    response = login(client, USERNAME, PASSWORD)
    assert response.status_code == 302 and logged_in(client)


def test_behind_the_proxy_each_client_is_counted_not_the_proxy(client, staff, settings):
    settings.CLIENT_IP_HEADER = "X-Real-IP"
    for n in range(settings.AXES_FAILURE_LIMIT):
        login(client, f"bruger{n}", "forkert", ip=PROXY, HTTP_X_REAL_IP=ATTACKER)
    assert login(client, USERNAME, PASSWORD, ip=PROXY, HTTP_X_REAL_IP=ATTACKER).status_code == 429
    colleague = Client()
    assert login(colleague, USERNAME, PASSWORD, ip=PROXY, HTTP_X_REAL_IP=COLLEAGUE).status_code == 302


def test_the_client_address_comes_from_the_proxy_header_only_when_configured(rf, settings):
    request = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_REAL_IP=ATTACKER)
    settings.CLIENT_IP_HEADER = ""
    assert client_ip(request) == PROXY  # unconfigured, a client could forge the header: ignored
    settings.CLIENT_IP_HEADER = "X-Real-IP"
    assert client_ip(request) == ATTACKER
    assert client_ip(rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_REAL_IP="2001:db8::1")) == "2001:db8::1"
    assert client_ip(rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_REAL_IP="<script>")) == PROXY  # not an address
    assert client_ip(rf.get("/", REMOTE_ADDR=PROXY)) == PROXY


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "https:/evil.example/",
        "http://testserver@evil.example/",
        "javascript:alert(1)",
        " https://evil.example/",
    ],
)
def test_a_login_never_follows_a_next_that_leads_off_the_site(client, staff, target):
    response = login(client, USERNAME, PASSWORD, next=target)
    assert response.status_code == 302
    assert response["Location"] == "/admin/"  # LOGIN_REDIRECT_URL: the admin, not a 404
    assert client.get(response["Location"]).status_code == 200


def test_a_login_follows_a_next_inside_the_site(client, staff):
    response = login(client, USERNAME, PASSWORD, next="/admin/meetings/meeting/")
    assert response.status_code == 302 and response["Location"] == "/admin/meetings/meeting/"
