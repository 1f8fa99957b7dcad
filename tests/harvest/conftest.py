"""Recorded publishers' sites on loopback, and the harvest command as a user runs it."""

from __future__ import annotations

import io
from pathlib import Path

import lxml.html
import pytest
from django.core.management import call_command

from tests.factories import Run
from tests.harvest.site import Page, RecordedSite

ROOT = Path(__file__).resolve().parents[2]
REAL = ROOT / "tests" / "fixtures" / "real"
RECORDED = ROOT / "tests" / "fixtures" / "harvest"
SAMPLES = ROOT / "data" / "samples"
TEXT = "text/plain; charset=utf-8"

REGIONH_LISTING = "/politik/dagsordener-og-referater"
KL_LISTING = "/politik/kkr/kkr-hovedstaden/moedemateriale"
ROBOTS = b"User-agent: *\nDisallow: /intern/\n"


@pytest.fixture(autouse=True)
def quick_harvest(settings):
    """No pause between requests (the politeness test sets its own) and a retry that is due at once only when a
    test moves the clock."""
    settings.HARVEST_DELAY = 0
    settings.HARVEST_READ_TIMEOUT = 5
    settings.HARVEST_TOTAL_TIMEOUT = 20


def regionh_pages() -> dict[str, Page]:
    moeder = "/politik/moeder"
    return {
        "/robots.txt": Page(ROBOTS, TEXT),
        REGIONH_LISTING: Page((RECORDED / "regionh-dagsordener-og-referater.html").read_bytes()),
        f"{moeder}/regionsraadet-2022-03-22-referat.txt": Page(
            (REAL / "regionh-regionsraadet-2022-03-22-referat.txt").read_bytes(), TEXT
        ),
        f"{moeder}/regionsraadet-2021-12-07-dagsorden.txt": Page(
            (REAL / "regionh-regionsraadet-2021-12-07-dagsorden.txt").read_bytes(), TEXT
        ),
        f"{moeder}/forretningsudvalget-2022-11-08-referat.txt": Page(
            (REAL / "regionh-forretningsudvalget-2022-11-08-referat.txt").read_bytes(), TEXT
        ),
        f"{moeder}/dialogmoede-referat.txt": Page(
            (REAL / "neg-randers-klage-til-tilsynet-2018-08-21-letter.txt").read_bytes(), TEXT
        ),
        f"{moeder}/bilag-1-regionsraadet-2021-12-07.pdf": Page(b"%PDF-1.4 attachment", "application/pdf"),
        "/intern/referat-udkast.txt": Page(b"never to be fetched", TEXT),
        "/kontakt": Page(b"<p>Kontakt</p>"),
        "/om-dagsordener-og-referater": Page(b"<p>Om dagsordener og referater</p>"),
    }


def kl_pages() -> dict[str, Page]:
    return {
        "/robots.txt": Page(b"", TEXT, status=404),
        KL_LISTING: Page((RECORDED / "kl-kkr-hovedstaden-moedemateriale.html").read_bytes()),
        "/media/kkr-hovedstaden-referat-2022-06-21.pdf": Page(
            (ROOT / "tests" / "fixtures" / "referat-2022-06-21.pdf").read_bytes(), "application/pdf"
        ),
        "/media/kkr-hovedstaden-dagsorden-og-bilag-2020-02-07.txt": Page(
            (SAMPLES / "001_1990fcc251a9d399.txt").read_bytes(), TEXT
        ),
        "/media/bilag-3-1-notat-om-oekonomi.pdf": Page(b"%PDF-1.4 attachment", "application/pdf"),
    }


def firstagenda_paths() -> dict[str, str]:
    """The front page's meeting links (as a browser requests them) by the uuid they end in."""
    listing = (REAL / "aarhus-oversigt-2025-10.html").read_bytes()
    paths = {}
    for anchor in lxml.html.fromstring(listing).iter("a"):
        href = anchor.get("href") or ""
        if href.startswith("/vis?"):
            paths[href.rsplit("id=", 1)[-1]] = href
    return paths


def firstagenda_pages() -> dict[str, Page]:
    paths = firstagenda_paths()
    minutes = next(path for uuid, path in paths.items() if uuid.startswith("c38c377a"))
    agenda = next(path for uuid, path in paths.items() if uuid.startswith("a70723d3"))
    return {
        "/robots.txt": Page(b"User-agent: *\nDisallow: /soeg\n", TEXT),
        "/": Page((REAL / "aarhus-oversigt-2025-10.html").read_bytes()),
        minutes: Page((REAL / "aarhus-teknisk-udvalg-2025-10-01-referat.html").read_bytes()),
        agenda: Page((REAL / "aarhus-byraad-2025-10-08-dagsorden.html").read_bytes()),
    }


@pytest.fixture
def site():
    """An empty site; a test adds its pages."""
    recorded = RecordedSite().start()
    yield recorded
    recorded.stop()


@pytest.fixture
def regionh():
    recorded = RecordedSite(regionh_pages()).start()
    yield recorded
    recorded.stop()


@pytest.fixture
def kl():
    recorded = RecordedSite(kl_pages()).start()
    yield recorded
    recorded.stop()


@pytest.fixture
def firstagenda():
    recorded = RecordedSite(firstagenda_pages()).start()
    yield recorded
    recorded.stop()


def harvest(*args: str) -> Run:
    """`manage.py harvest ...` as a user runs it: its exit status and output."""
    out, err = io.StringIO(), io.StringIO()
    code = 0
    try:
        call_command("harvest", *args, stdout=out, stderr=err)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    return Run(code=code, out=out.getvalue(), err=err.getvalue())
