"""Who follows what by e-mail: the address and what it follows, nothing else about a person.

A `Subscriber` is an address (unique whatever its case) and how often it wants mail; each `Alert` is one thing
it follows, unconfirmed until the link of its confirmation mail is used (double opt-in). `mailed_until` is the
watermark: every item the archive saw up to then has been mailed (or there was nothing to mail); it moves only
after the SMTP server accepted the digest. `SendCount` holds the hourly counts behind the flood limits, keyed
by a keyed hash of the address or client address, never the address itself.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower


class Frequency(models.TextChoices):
    DAILY = "daily", "Dagligt"
    WEEKLY = "weekly", "Ugentligt"


class Kind(models.TextChoices):
    """What can be followed, by the parameter name of /abonnement/ (and of the search page)."""

    SEARCH = "q", "Søgning"
    TOPIC = "emne", "Emne"
    MEMBER = "medlem", "Medlem"
    BODY = "organ", "Organ"
    CASE = "sag", "Sag"


class SubscriberQuerySet(models.QuerySet):
    def with_address(self, email: str) -> SubscriberQuerySet:
        return self.filter(email__iexact=email)


class Subscriber(models.Model):
    email = models.EmailField("e-mailadresse", max_length=254)
    frequency = models.CharField(
        "hyppighed", max_length=10, choices=Frequency.choices, default=Frequency.DAILY
    )
    created_at = models.DateTimeField("oprettet", auto_now_add=True)
    # Everything the archive saw up to this moment has been mailed (null until the first alert is confirmed).
    mailed_until = models.DateTimeField("mailet til og med", null=True, blank=True)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        verbose_name = "abonnent"
        verbose_name_plural = "abonnenter"
        constraints = [
            models.UniqueConstraint(Lower("email"), name="alerts_subscriber_email_unique"),
            models.CheckConstraint(
                condition=Q(frequency__in=Frequency.values), name="alerts_subscriber_frequency_valid"
            ),
        ]

    def __str__(self) -> str:  # never the address: __str__ ends up in logs and the admin
        return f"Abonnent {self.pk}"


class Alert(models.Model):
    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="alerts", verbose_name="abonnent"
    )
    kind = models.CharField("type", max_length=10, choices=Kind.choices)
    value = models.CharField("værdi", max_length=300, help_text="Søgeteksten, en slug eller et sagsnummer")
    created_at = models.DateTimeField("oprettet", auto_now_add=True)
    confirmed_at = models.DateTimeField("bekræftet", null=True, blank=True)

    class Meta:
        verbose_name = "abonnement"
        verbose_name_plural = "abonnementer"
        ordering = ["subscriber", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["subscriber", "kind", "value"], name="alerts_alert_unique_target"
            ),
            models.CheckConstraint(condition=Q(kind__in=Kind.values), name="alerts_alert_kind_valid"),
        ]
        indexes = [models.Index(fields=["confirmed_at", "created_at"], name="alerts_alert_confirmed")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.value}"


class SendCount(models.Model):
    """Confirmation mails asked for in one hour by one address or one client address (a keyed hash)."""

    key = models.CharField("nøgle", max_length=64)
    hour = models.DateTimeField("time")
    count = models.PositiveIntegerField("antal", default=0)

    class Meta:
        verbose_name = "antal bekræftelser"
        verbose_name_plural = "antal bekræftelser"
        constraints = [models.UniqueConstraint(fields=["key", "hour"], name="alerts_sendcount_key_hour")]

    def __str__(self) -> str:
        return f"{self.count} i timen fra {self.hour:%Y-%m-%d %H:%M}"
