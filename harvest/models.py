"""What the harvester knows: the publishers' sites it reads (sources), every URL it has fetched (with the
validators for conditional requests and what became of it), and each run's figures for /status/."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from danish.slugs import DATABASE_REGEX as SLUG_REGEX
from danish.slugs import is_slug
from harvest.links import UrlError, check_url


class SourceKind(models.TextChoices):
    LINKS = "links", "Oversigtsside med links"
    KL = "kl", "KL's KKR-sider"
    FIRSTAGENDA = "firstagenda", "FirstAgenda Publication"


class SourceQuerySet(models.QuerySet):
    def due(self, now: dt.datetime | None = None) -> SourceQuerySet:
        """Enabled sources whose next run has come (or that never ran)."""
        now = now or timezone.now()
        return self.filter(enabled=True).filter(Q(next_run_at__isnull=True) | Q(next_run_at__lte=now))


class Source(models.Model):
    url = models.URLField("adresse", max_length=1000, unique=True)
    kind = models.CharField("type", max_length=12, choices=SourceKind.choices, default=SourceKind.LINKS)
    body = models.CharField(
        "organ",
        max_length=120,
        blank=True,
        help_text="Organets slug (fx aarhus-byraad), når siderne ikke selv siger, hvis møder de er",
    )
    enabled = models.BooleanField("aktiv", default=True)
    interval = models.DurationField("hvor ofte", default=dt.timedelta(days=1))
    added_from_command_line = models.BooleanField("tilføjet fra kommandolinjen", default=False)
    last_run_at = models.DateTimeField("seneste kørsel", null=True, blank=True)
    last_success_at = models.DateTimeField("seneste vellykkede kørsel", null=True, blank=True)
    next_run_at = models.DateTimeField("næste kørsel", null=True, blank=True)

    objects = SourceQuerySet.as_manager()

    class Meta:
        verbose_name = "kilde"
        verbose_name_plural = "kilder"
        ordering = ["url"]
        constraints = [
            models.CheckConstraint(
                condition=Q(body="") | Q(body__regex=SLUG_REGEX), name="harvest_source_body_slug"
            ),
            models.CheckConstraint(
                condition=Q(interval__gt=dt.timedelta(0)), name="harvest_interval_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.url

    def clean(self) -> None:
        try:
            check_url(self.url)
        except UrlError as exc:
            raise ValidationError({"url": str(exc)}) from exc
        if self.interval is not None and self.interval <= dt.timedelta(0):
            raise ValidationError({"interval": "Intervallet skal være længere end 0."})
        if self.body and not is_slug(self.body):
            raise ValidationError({"body": "Ikke en gyldig slug (små bogstaver, tal og bindestreger)."})


class HarvestRun(models.Model):
    class Status(models.TextChoices):
        RUNNING = "running", "I gang"
        OK = "ok", "Gennemført"
        PARTIAL = "partial", "Gennemført med fejl"
        FAILED = "failed", "Mislykket"

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="runs", verbose_name="kilde")
    started_at = models.DateTimeField("startet", default=timezone.now)
    finished_at = models.DateTimeField("afsluttet", null=True, blank=True)
    status = models.CharField("status", max_length=10, choices=Status.choices, default=Status.RUNNING)
    requests = models.PositiveIntegerField("forespørgsler", default=0)
    not_modified = models.PositiveIntegerField("uændret (304)", default=0)
    bytes = models.PositiveBigIntegerField("hentede bytes", default=0)
    pages = models.PositiveIntegerField("oversigtssider", default=0)
    found = models.PositiveIntegerField("dokumenter fundet", default=0)
    new = models.PositiveIntegerField("nye", default=0)
    changed = models.PositiveIntegerField("ændrede", default=0)
    unchanged = models.PositiveIntegerField("uændrede", default=0)
    refused = models.PositiveIntegerField("afviste", default=0)
    failed = models.PositiveIntegerField("fejlede", default=0)
    skipped = models.PositiveIntegerField("udskudt", default=0)
    stopped_by = models.CharField("stoppet af grænse", max_length=20, blank=True)
    error = models.TextField("fejl", blank=True, help_text="Hvorfor kørslen mislykkedes")
    # Each document that failed or was refused: {"url", "outcome": "failed"|"refused", "reason"}.
    problems = models.JSONField("problemer", default=list, blank=True)

    class Meta:
        verbose_name = "høstning"
        verbose_name_plural = "høstninger"
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["source", "-started_at"], name="harvest_run_source_started")]

    def __str__(self) -> str:
        return f"{self.source} {self.started_at:%Y-%m-%d %H:%M}"


class FetchedUrl(models.Model):
    """One URL the harvester has fetched: listing page or document, with what the server said and what the
    archive did with it. The validators make the next request conditional; the hash guards when a server
    answers 200 with the same bytes; failures wait `retry_at` before they are tried again."""

    class Role(models.TextChoices):
        LISTING = "listing", "Oversigtsside"
        MEETING_PAGE = "meeting", "Mødeside"
        DOCUMENT = "document", "Dokument"

    class Outcome(models.TextChoices):
        LISTED = "listed", "Læst som oversigt"
        INGESTED = "ingested", "Indlæst"
        UNCHANGED = "unchanged", "Uændret"
        REFUSED = "refused", "Afvist"
        FAILED = "failed", "Fejlede"

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="urls", verbose_name="kilde")
    url = models.URLField("adresse", max_length=2000)
    role = models.CharField("rolle", max_length=10, choices=Role.choices)
    outcome = models.CharField("udfald", max_length=10, choices=Outcome.choices)
    reason = models.TextField("begrundelse", blank=True)
    http_status = models.PositiveSmallIntegerField("HTTP-status", null=True, blank=True)
    etag = models.CharField("ETag", max_length=500, blank=True)
    last_modified = models.CharField("Last-Modified", max_length=100, blank=True)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True)
    # A listing's links, so an unchanged listing (304) still leads to its documents' conditional requests.
    links = models.JSONField("links", default=list, blank=True)
    next_page = models.URLField("næste side", max_length=2000, blank=True, help_text="En oversigts næste side")
    attempts = models.PositiveSmallIntegerField("fejlede forsøg i træk", default=0)
    retry_at = models.DateTimeField("prøv igen", null=True, blank=True)
    first_seen_at = models.DateTimeField("først set", default=timezone.now)
    fetched_at = models.DateTimeField("senest hentet", null=True, blank=True)
    changed_at = models.DateTimeField("senest ændret", null=True, blank=True)

    class Meta:
        verbose_name = "hentet adresse"
        verbose_name_plural = "hentede adresser"
        ordering = ["source", "url"]
        constraints = [
            models.UniqueConstraint(fields=["source", "url"], name="harvest_url_unique_per_source")
        ]

    def __str__(self) -> str:
        return self.url

    @property
    def conditional_headers(self) -> dict[str, str]:
        headers = {}
        if self.etag:
            headers["If-None-Match"] = self.etag
        if self.last_modified:
            headers["If-Modified-Since"] = self.last_modified
        return headers
