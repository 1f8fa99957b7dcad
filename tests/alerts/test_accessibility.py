"""The alert pages in headless Chromium with axe-core (as tests/test_accessibility.py runs it): no serious or
critical WCAG 2.1 AA violations, the form with its errors included; and the whole subscription works without
JavaScript."""

from __future__ import annotations

import pytest

from tests.test_accessibility import AXE_TAGS

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


@pytest.fixture(scope="module")
def tokens(live_archive, django_db_blocker):
    """A subscriber with a confirmed and a pending alert, committed for the live server; deleted afterwards."""
    from django.utils import timezone

    from alerts.models import Alert, Subscriber
    from alerts.tokens import confirmation_token, subscriber_token

    with django_db_blocker.unblock():
        subscriber = Subscriber.objects.create(email="axe@example.dk", mailed_until=timezone.now())
        Alert.objects.create(subscriber=subscriber, kind="emne", value="sundhed", confirmed_at=timezone.now())
        pending = Alert.objects.create(subscriber=subscriber, kind="q", value="sundhedsklynger")
        yield {
            "subscriber": subscriber_token(subscriber.pk),
            "confirm": confirmation_token(alert_id=pending.pk, frequency="weekly"),
        }
        Subscriber.objects.filter(pk=subscriber.pk).delete()


@pytest.fixture
def tab(browser, settings):
    settings.CSRF_COOKIE_SECURE = False  # the live server is plain http
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    yield context.new_page()
    context.close()


def axe_blocking(tab) -> str:
    from axe_playwright_python.sync_playwright import Axe

    # axe is a script: run it in a page of its own with JavaScript, on the HTML the no-script tab got.
    html = tab.content()
    page = tab.context.browser.new_page()
    try:
        page.goto(tab.url)  # the same origin, so the stylesheet loads (axe checks contrast)
        page.set_content(html, wait_until="load")
        violations = (
            Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}}).response["violations"]
        )
    finally:
        page.close()
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:5]}"
        for v in violations
        if v["impact"] in ("serious", "critical")
    )


PATHS = [
    "/abonnement/",
    "/abonnement/?emne=sundhed",
    "/abonnement/?medlem=niels-peder-ravn",
    "/abonnement/?q=sundhedsklynger",
    "/abonnement/?organ=findes-ikke",
    "/abonnement/tak/",
    "/abonnement/bekraeft/{confirm}/",
    "/abonnement/administrer/{subscriber}/",
    "/abonnement/afmeld/{subscriber}/",
    "/abonnement/administrer/forkert/",
]


@pytest.mark.parametrize("path", PATHS)
def test_alert_pages_have_no_serious_axe_violations(live_archive, tokens, tab, path):
    response = tab.goto(live_archive + path.format(**tokens))
    assert response.status in (200, 404)
    assert not (report := axe_blocking(tab)), f"{path}:\n{report}"


def test_the_form_with_errors_has_no_serious_axe_violations_and_works_without_javascript(live_archive, tab):
    tab.goto(live_archive + "/abonnement/?emne=sundhed")
    tab.fill("#id_email", "a@b")  # a valid address to the browser, not to the archive (no domain)
    tab.click("button[type=submit]")
    assert "Indtast en gyldig e-mailadresse" in tab.content() or "gyldig" in tab.content()
    assert not (report := axe_blocking(tab)), report
