"""The archive's data: bodies, meetings, agenda items, decisions, people and the documents they came from.

Consistency lives in the database (unique and check constraints, natural keys), not only in Python,
because ingests run concurrently and the data outlives this code.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import BigIntegerField, Q, Value
from django.db.models.functions import Cast, Now
from django.urls import reverse
from django.utils import timezone

from danish import case_numbers, item_numbers, outcomes, slugs
from danish.bodies import municipality_short
from danish.item_numbers import item_sort_key
from danish.slugs import danish_slugify

ITEM_NUMBER_REGEX = item_numbers.DATABASE_REGEX
CASE_NUMBER_REGEX = case_numbers.DATABASE_REGEX
SLUG_REGEX = slugs.DATABASE_REGEX


def slug_format(model: str) -> models.CheckConstraint:
    """The slug is a slug (danish.slugs.PATTERN, anchored): never empty, lower-case ASCII words and hyphens."""
    return models.CheckConstraint(
        condition=Q(slug__regex=SLUG_REGEX),
        name=f"{model}_slug_format",
        violation_error_message="Slug skal være små bogstaver a-z, tal og enkelte bindestreger, fx kkr-sjaelland.",
    )


class MeetingKind(models.TextChoices):
    AGENDA = "dagsorden", "Dagsorden"
    MINUTES = "referat", "Referat"


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", "Til stede"
    ABSENT = "absent", "Afbud"


# The fixed vocabulary of what a council did with an item, in the order of the parser's vocabulary.
Outcome = models.TextChoices(
    "Outcome", [(outcomes.NAMES[value], (value, outcomes.LABELS[value])) for value in outcomes.OUTCOMES]
)


class BodyManager(models.Manager):
    def get_by_natural_key(self, slug: str) -> Body:
        return self.get(slug=slug)


class BodyKind(models.TextChoices):
    KKR = "kkr", "KKR"
    COUNCIL = "council", "Kommunalbestyrelse"
    COMMITTEE = "committee", "Udvalg"
    REGIONAL_COUNCIL = "regional_council", "Regionsråd"
    REGIONAL_COMMITTEE = "regional_committee", "Regionalt udvalg"


class Body(models.Model):
    """A council or committee that meets: KKR Hovedstaden, Aarhus Byråd, Teknisk Udvalg in Aarhus Kommune.

    The name is as the documents print it and need not be unique ("Teknisk Udvalg" exists in many
    municipalities); the slug is (danish.bodies.body_slug: `aarhus-teknisk-udvalg`).
    """

    name = models.CharField("navn", max_length=200)
    slug = models.SlugField("slug", max_length=200, unique=True)
    kind = models.CharField("type", max_length=20, choices=BodyKind.choices, default=BodyKind.KKR)
    municipality = models.CharField(
        "kommune", max_length=100, blank=True, help_text="Fx Aarhus Kommune; tom for KKR og regioner"
    )
    region = models.CharField("region", max_length=100, blank=True, help_text="Fx Region Hovedstaden")

    objects = BodyManager()

    class Meta:
        verbose_name = "organ"
        verbose_name_plural = "organer"
        ordering = ["name"]
        constraints = [slug_format("body")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = danish_slugify(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("meetings:body", kwargs={"body": self.slug})

    def natural_key(self) -> tuple[str]:
        return (self.slug,)

    @property
    def authority(self) -> str:
        """The municipality or region the body belongs to ("Aarhus Kommune", "Region Hovedstaden")."""
        return self.municipality or self.region

    @property
    def full_name(self) -> str:
        """The name with its municipality or region when the name alone does not say whose body it is."""
        authority = self.municipality or (self.region if self.kind != BodyKind.KKR else "")
        if not authority or authority_short(authority).lower() in self.name.lower():
            return self.name
        return f"{self.name}, {authority}"


def authority_short(authority: str) -> str:
    """`Aarhus Kommune` → `Aarhus`, `Region Syddanmark` → `Syddanmark`."""
    return municipality_short(authority).removeprefix("Region ").strip()


class MeetingQuerySet(models.QuerySet):
    def newest_first(self) -> MeetingQuerySet:
        return self.order_by("-date", "body__name")


class MeetingManager(models.Manager.from_queryset(MeetingQuerySet)):
    def get_by_natural_key(self, body_slug: str, date: str) -> Meeting:
        return self.get(body__slug=body_slug, date=date)


class Meeting(models.Model):
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="meetings", verbose_name="organ")
    date = models.DateField("dato")
    start_time = models.TimeField("starttidspunkt", null=True, blank=True)
    location = models.CharField("sted", max_length=300, blank=True)
    kind = models.CharField("type", max_length=10, choices=MeetingKind.choices)
    created_at = models.DateTimeField("oprettet", auto_now_add=True)
    updated_at = models.DateTimeField("opdateret", auto_now=True)

    objects = MeetingManager()

    class Meta:
        verbose_name = "møde"
        verbose_name_plural = "møder"
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(fields=["body", "date"], name="meeting_unique_body_date"),
            models.CheckConstraint(condition=Q(kind__in=MeetingKind.values), name="meeting_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.body} {self.date:%d.%m.%Y}"

    def get_absolute_url(self) -> str:
        return reverse("meetings:meeting", kwargs={"body": self.body.slug, "date": self.date.isoformat()})

    def natural_key(self) -> tuple[str, str]:
        return (self.body.slug, self.date.isoformat())

    natural_key.dependencies = ["meetings.body"]


class AgendaItemQuerySet(models.QuerySet):
    def current(self) -> AgendaItemQuerySet:
        """Items a current version of their meeting's documents still has (lists, search, the API show these)."""
        return self.filter(withdrawn_by__isnull=True)

    def withdrawn(self) -> AgendaItemQuerySet:
        """Items a new version of a document no longer has: their permalinks stay and say so."""
        return self.filter(withdrawn_by__isnull=False)


class AgendaItemManager(models.Manager.from_queryset(AgendaItemQuerySet)):
    def get_by_natural_key(self, body_slug: str, date: str, number: str) -> AgendaItem:
        return self.get(meeting__body__slug=body_slug, meeting__date=date, number=number)


class AgendaItem(models.Model):
    """One point on a meeting's agenda ("punkt"), e.g. 3.4, or 5 for a section without sub-items."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items", verbose_name="møde")
    number = models.CharField("nummer", max_length=20, help_text="Som trykt, fx 3.10")
    # [3, 10]: integer parts so 3.10 sorts after 3.9.
    sort_key = ArrayField(models.PositiveIntegerField(), verbose_name="sorteringsnøgle", editable=False)
    section_number = models.CharField("afsnitsnummer", max_length=10, blank=True)
    section_title = models.CharField("afsnit", max_length=300, blank=True)
    title = models.TextField("titel")
    time_start = models.TimeField("fra", null=True, blank=True)
    time_end = models.TimeField("til", null=True, blank=True)
    case_number = models.CharField("sagsnummer", max_length=40, blank=True, db_index=True)
    case_officers = models.CharField(
        "sagsbehandlere", max_length=100, blank=True, help_text="Initialer, fx jjc/asfp"
    )
    background = models.TextField("baggrund", blank=True)
    recommendation = models.TextField("indstilling", blank=True)
    case_text = models.TextField("sagsfremstilling", blank=True)
    attachments = models.TextField("bilag", blank=True)
    # Defaults in the database too, so writers that COPY rows (the corpus generator) need not know them.
    resume = models.TextField("resumé", blank=True, db_default="")
    other_texts = models.JSONField(
        "andre afsnit",
        default=list,
        db_default=models.Value([], output_field=models.JSONField()),
        blank=True,
        help_text="[overskrift, tekst] for andre overskrifter",
    )
    closed = models.BooleanField(
        "lukket punkt", default=False, db_default=False, help_text="Kun titlen er offentlig"
    )
    sources = models.JSONField(
        "kilder",
        default=list,
        db_default=models.Value([], output_field=models.JSONField()),
        blank=True,
        help_text='Dokumenterne punktet er læst fra: [{"sha256": ..., "page": N eller null}]',
    )
    page = models.PositiveIntegerField("side", null=True, blank=True, help_text="Siden i PDF-dokumentet")
    order = models.PositiveIntegerField("rækkefølge i dokumentet", default=0)
    # When the archive first saw the item and when its decision arrived: what alerts call "new".
    created_at = models.DateTimeField("første gang set", auto_now_add=True, db_default=Now())
    # The new version of a document that no longer has the item: the permalink stays and says so.
    withdrawn_by = models.ForeignKey(
        "SourceDocument",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="withdrawn_items",
        verbose_name="trukket tilbage af",
        help_text="Den nye udgave af et dokument, som ikke længere har punktet",
    )
    mentioned_people = models.ManyToManyField(
        "Person", related_name="mentions", blank=True, verbose_name="nævnte personer"
    )

    objects = AgendaItemManager()

    class Meta:
        verbose_name = "dagsordenspunkt"
        verbose_name_plural = "dagsordenspunkter"
        ordering = ["meeting", "sort_key"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="item_unique_meeting_number"),
            models.CheckConstraint(condition=Q(number__regex=ITEM_NUMBER_REGEX), name="item_number_format"),
            models.CheckConstraint(
                condition=Q(case_number="") | Q(case_number__regex=CASE_NUMBER_REGEX),
                name="item_case_number_format",
            ),
            models.CheckConstraint(
                condition=Q(time_start__isnull=True)
                | Q(time_end__isnull=True)
                | Q(time_end__gte=models.F("time_start")),
                name="item_time_slot_ordered",
            ),
        ]
        # The alerts read what is new since a subscriber's last mail: by when items and decisions arrived.
        indexes = [models.Index(fields=["created_at"], name="item_created_at")]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    def save(self, *args, **kwargs) -> None:
        self.sort_key = item_sort_key(self.number)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse(
            "meetings:item",
            kwargs={
                "body": self.meeting.body.slug,
                "date": self.meeting.date.isoformat(),
                "number": self.number,
            },
        )

    @property
    def time_slot(self) -> str:
        if self.time_start and self.time_end:
            return f"{self.time_start:%H.%M}-{self.time_end:%H.%M}"
        if self.time_start:
            return f"{self.time_start:%H.%M}"
        return ""

    def natural_key(self) -> tuple[str, str, str]:
        return (*self.meeting.natural_key(), self.number)

    natural_key.dependencies = ["meetings.meeting"]

    @property
    def withdrawn(self) -> bool:
        return self.withdrawn_by_id is not None


class Decision(models.Model):
    item = models.OneToOneField(
        AgendaItem, on_delete=models.CASCADE, related_name="decision", verbose_name="punkt"
    )
    text = models.TextField("beslutning")
    outcome = models.CharField("udfald", max_length=30, choices=Outcome.choices, blank=True)
    outcomes = ArrayField(
        models.CharField(max_length=30, choices=Outcome.choices),
        default=list,
        blank=True,
        verbose_name="alle udfald",
    )
    created_at = models.DateTimeField("første gang set", auto_now_add=True, db_default=Now())

    class Meta:
        verbose_name = "beslutning"
        verbose_name_plural = "beslutninger"
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome="") | Q(outcome__in=Outcome.values), name="decision_outcome_valid"
            ),
        ]
        indexes = [models.Index(fields=["created_at"], name="decision_created_at")]

    def __str__(self) -> str:
        return f"Beslutning til {self.item}"


class Stance(models.TextChoices):
    FOR = "for", "For"
    AGAINST = "against", "Imod"
    ABSTAINED = "abstained", "Undlod at stemme"
    RESERVED = "reserved", "Tog forbehold"
    NOT_PARTICIPATING = "not_participating", "Deltog ikke"


class Position(models.Model):
    """Where a member or a party stood on an item, with the sentence of the minutes that says so."""

    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="positions", verbose_name="punkt"
    )
    person = models.ForeignKey(
        "Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="positions",
        verbose_name="medlem",
    )
    party = models.CharField("parti", max_length=100, blank=True)
    stance = models.CharField("holdning", max_length=20, choices=Stance.choices)
    sentence = models.TextField("sætning")
    order = models.PositiveIntegerField("rækkefølge", default=0)

    class Meta:
        verbose_name = "holdning"
        verbose_name_plural = "holdninger"
        ordering = ["item", "order"]
        constraints = [
            models.CheckConstraint(condition=Q(stance__in=Stance.values), name="position_stance_valid"),
            models.CheckConstraint(
                condition=Q(person__isnull=False) | ~Q(party=""), name="position_names_someone"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person or self.party}: {self.get_stance_display()} ({self.item})"


class CaseStep(models.Model):
    """One treatment of the item's case elsewhere, from its "Sagsforløb": body, date, item number, text."""

    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="case_steps", verbose_name="punkt"
    )
    body_name = models.CharField("organ", max_length=200)
    date = models.DateField("dato", null=True, blank=True)
    number = models.CharField("punktnummer", max_length=20, blank=True)
    text = models.TextField("tekst", blank=True)
    order = models.PositiveIntegerField("rækkefølge", default=0)

    class Meta:
        verbose_name = "sagsforløb"
        verbose_name_plural = "sagsforløb"
        ordering = ["item", "order"]

    def __str__(self) -> str:
        return f"{self.body_name} {self.date or ''} ({self.item})"


class ItemAbsence(models.Model):
    """A member who attended the meeting but not this item ("deltog ikke i sagens behandling")."""

    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="absences", verbose_name="punkt"
    )
    person = models.ForeignKey(
        "Person", on_delete=models.PROTECT, related_name="item_absences", verbose_name="medlem"
    )

    class Meta:
        verbose_name = "fravær fra punkt"
        verbose_name_plural = "fravær fra punkter"
        constraints = [models.UniqueConstraint(fields=["item", "person"], name="absence_unique_item_person")]

    def __str__(self) -> str:
        return f"{self.person} ({self.item})"


class PersonManager(models.Manager):
    def get_by_natural_key(self, slug: str) -> Person:
        return self.get(slug=slug)


class Person(models.Model):
    """One row per real person across meetings; party and municipality belong to each attendance."""

    name = models.CharField("navn", max_length=200)
    slug = models.SlugField("slug", max_length=200, unique=True)

    objects = PersonManager()

    class Meta:
        verbose_name = "person"
        verbose_name_plural = "personer"
        ordering = ["name"]
        constraints = [slug_format("person")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = danish_slugify(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("meetings:member", kwargs={"slug": self.slug})

    def natural_key(self) -> tuple[str]:
        return (self.slug,)


class Attendance(models.Model):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendance", verbose_name="møde"
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="attendance", verbose_name="person"
    )
    status = models.CharField("status", max_length=10, choices=AttendanceStatus.choices)
    party = models.CharField("parti", max_length=3, blank=True, help_text="Partibogstav, fx A eller Ø")
    municipality = models.CharField("kommune", max_length=100, blank=True)
    substitute_for = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="substituted_by",
        verbose_name="stedfortræder for",
    )

    class Meta:
        verbose_name = "fremmøde"
        verbose_name_plural = "fremmøde"
        ordering = ["meeting", "status", "person__name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="attendance_unique_meeting_person"),
            models.CheckConstraint(
                condition=Q(status__in=AttendanceStatus.values), name="attendance_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(substitute_for=models.F("person")), name="attendance_not_own_substitute"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_status_display()} – {self.meeting}"


class Topic(models.Model):
    """A curated subject, e.g. "Sundhed", defined by a search query and assigned to items at ingest."""

    name = models.CharField("navn", max_length=200, unique=True)
    slug = models.SlugField("slug", max_length=200, unique=True)
    description = models.TextField("beskrivelse", blank=True)
    query = models.TextField(
        "søgeudtryk", blank=True, help_text="Websearch-syntaks, fx: sundhed OR sundhedsklynge"
    )
    items = models.ManyToManyField(AgendaItem, related_name="topics", blank=True, verbose_name="punkter")

    class Meta:
        verbose_name = "emne"
        verbose_name_plural = "emner"
        ordering = ["name"]
        constraints = [slug_format("topic")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = danish_slugify(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("meetings:topic", kwargs={"slug": self.slug})

    def natural_key(self) -> tuple[str]:
        return (self.slug,)


class SourceDocument(models.Model):
    """A file that was ingested, so every fact can be traced back to the document it came from."""

    class Format(models.TextChoices):
        TEXT = "txt", "Tekst"
        PDF = "pdf", "PDF"
        HTML = "html", "Webside"

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="documents", verbose_name="møde"
    )
    file_name = models.CharField("filnavn", max_length=500)
    sha256 = models.CharField("SHA-256", max_length=64, unique=True)
    size = models.PositiveBigIntegerField("størrelse (bytes)")
    format = models.CharField("format", max_length=4, choices=Format.choices)
    kind = models.CharField("type", max_length=10, choices=MeetingKind.choices)
    ingested_at = models.DateTimeField("indlæst", auto_now_add=True)
    warnings = models.JSONField("parserens advarsler", default=list, blank=True)
    rejoined_hyphenations = models.PositiveIntegerField("samlede orddelinger", default=0)
    # The extracted text and its parse: the meeting is re-merged from these when another document of the
    # same meeting arrives, and `manage.py reparse` can rebuild everything after a parser improvement.
    text = models.TextField("udtrukket tekst", blank=True)
    parsed = models.JSONField("fortolkning", default=dict, blank=True)
    # Where the original file is in the "originals" storage (content-addressed by sha256), "" when not kept.
    original = models.CharField("originalfil", max_length=300, blank=True, db_default="")
    # A document's identity is its URL when harvested, else its file name (`identity`): a document of the same
    # identity and kind with other content is a new version, which supersedes the old one in the merge.
    url = models.URLField("hentet fra", max_length=2000, blank=True, db_default="")
    version = models.PositiveIntegerField("udgave", default=1, db_default=1)
    superseded_by = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="supersedes",
        verbose_name="erstattet af",
    )
    # What this document changed in its meeting when it arrived: {"decisions_changed": [numbers], "items_added":
    # [...], "items_withdrawn": [...], "items_changed": [...]}; the meeting page's "Opdateret" says it.
    changes = models.JSONField(
        "ændringer", default=dict, blank=True, db_default=models.Value({}, output_field=models.JSONField())
    )

    class Meta:
        verbose_name = "kildedokument"
        verbose_name_plural = "kildedokumenter"
        ordering = ["-ingested_at"]
        constraints = [
            models.CheckConstraint(condition=Q(sha256__regex=r"^[0-9a-f]{64}$"), name="document_sha256_hex"),
        ]

    def __str__(self) -> str:
        return self.file_name if self.version == 1 else f"{self.file_name} (udgave {self.version})"

    def get_absolute_url(self) -> str:
        """Where the original file is served (a PDF opens at a page with `#page=N`)."""
        return reverse("meetings:original", kwargs={"sha256": self.sha256})

    @property
    def identity(self) -> str:
        """What makes two files versions of one document: the URL it was harvested from, else its file name."""
        return self.url or self.file_name

    @property
    def current(self) -> bool:
        return self.superseded_by_id is None

    @property
    def change_sentences(self) -> list[str]:
        """The change log in Danish: `Beslutningen i punkt 1.1 er ændret.`, `Punkt 3.9 er trukket tilbage.`"""
        sentences = []
        for key, one, many in CHANGE_SENTENCES:
            numbers = self.changes.get(key) or []
            if numbers:
                sentences.append((one if len(numbers) == 1 else many).format(numbers=danish_list(numbers)))
        return sentences or ["Ingen ændringer i punkter eller beslutninger."]


# Each key of SourceDocument.changes, said of one item and of several.
CHANGE_SENTENCES = [
    ("decisions_changed", "Beslutningen i punkt {numbers} er ændret.", "Beslutningerne i punkt {numbers} er ændret."),
    ("items_changed", "Titlen på punkt {numbers} er ændret.", "Titlerne på punkt {numbers} er ændret."),
    ("items_added", "Punkt {numbers} er tilføjet.", "Punkterne {numbers} er tilføjet."),
    ("items_withdrawn", "Punkt {numbers} er trukket tilbage.", "Punkterne {numbers} er trukket tilbage."),
]


def danish_list(words: list[str]) -> str:
    """`["1.1", "3.2", "3.4"]` → `1.1, 3.2 og 3.4`."""
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} og {words[-1]}"


class AnnouncedMeeting(models.Model):
    """A future meeting named in minutes ("Næste møde ... den 15. oktober 2021") or in a publisher's list of
    meeting dates (KL's "Mødedatoer"), for the calendar feed and for /status/'s overdue minutes."""

    body = models.ForeignKey(
        Body, on_delete=models.CASCADE, related_name="announced_meetings", verbose_name="organ"
    )
    date = models.DateField("dato")
    start_time = models.TimeField("starttidspunkt", null=True, blank=True)
    # The document that announced it, or (announced on a publisher's page) that page's address.
    source = models.ForeignKey(
        SourceDocument,
        on_delete=models.CASCADE,
        related_name="announcements",
        verbose_name="kilde",
        null=True,
        blank=True,
    )
    announced_by = models.URLField("annonceret på", max_length=1000, blank=True, db_default="")
    announced_at = models.DateTimeField("set", auto_now_add=True, db_default=Now())

    class Meta:
        verbose_name = "annonceret møde"
        verbose_name_plural = "annoncerede møder"
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["body", "date"], name="announced_unique_body_date"),
            models.CheckConstraint(
                condition=Q(source__isnull=False) | ~Q(announced_by=""), name="announced_has_a_source"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.body} {self.date:%d.%m.%Y} (annonceret)"


class CorrectionField(models.TextChoices):
    """What staff may correct over the parse (the admin turns an edit of these into a Correction)."""

    TITLE = "title", "Titel"
    DECISION = "decision", "Beslutning"
    OUTCOME = "outcome", "Udfald"
    ATTENDANCE = "attendance", "Fremmøde"


ITEM_CORRECTIONS = (CorrectionField.TITLE, CorrectionField.DECISION, CorrectionField.OUTCOME)


class CorrectionQuerySet(models.QuerySet):
    def active(self) -> CorrectionQuerySet:
        return self.filter(withdrawn_at__isnull=True)


class Correction(models.Model):
    """A staff correction of one parsed fact, applied over the parse at every ingest, re-merge and `reparse`.

    Values are JSON: a title, a decision text (null: no decision) or an outcome ("" for none) as text; an
    attendance row as {"status", "party", "municipality", "substitute_for": slug|null}, null for "not listed".
    `parsed_value` is what the parse said when staff corrected it, `latest_parsed_value` what it says now: when
    they differ (a new version changed the field) the correction still wins, and `conflict` shows staff.
    Who is a user name, not a foreign key, so a correction survives an export to another database.
    """

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="corrections", verbose_name="møde"
    )
    item = models.ForeignKey(
        AgendaItem,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name="punkt",
    )
    person = models.ForeignKey(
        "Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name="person (fremmøde)",
    )
    field = models.CharField("felt", max_length=20, choices=CorrectionField.choices)
    parsed_value = models.JSONField("fortolket værdi", null=True, blank=True)
    value = models.JSONField("rettet værdi", null=True, blank=True)
    latest_parsed_value = models.JSONField("seneste fortolkning", null=True, blank=True)
    conflict = models.BooleanField(
        "konflikt", default=False, help_text="En ny udgave af dokumentet ændrede feltet efter rettelsen"
    )
    reason = models.TextField("begrundelse")
    created_by = models.CharField("rettet af", max_length=150)
    created_at = models.DateTimeField("rettet", default=timezone.now)
    withdrawn_at = models.DateTimeField("trukket tilbage", null=True, blank=True)
    withdrawn_by = models.CharField("trukket tilbage af", max_length=150, blank=True)
    withdrawal_reason = models.TextField("begrundelse for tilbagetrækning", blank=True)

    objects = CorrectionQuerySet.as_manager()

    class Meta:
        verbose_name = "rettelse"
        verbose_name_plural = "rettelser"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(field__in=CorrectionField.values), name="correction_field_valid"),
            models.CheckConstraint(
                condition=(Q(field=CorrectionField.ATTENDANCE) & Q(person__isnull=False) & Q(item__isnull=True))
                | (~Q(field=CorrectionField.ATTENDANCE) & Q(item__isnull=False) & Q(person__isnull=True)),
                name="correction_names_its_target",
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="correction_has_reason"),
            # One correction in force per fact: a second edit withdraws the first.
            models.UniqueConstraint(
                fields=["item", "field"],
                condition=Q(withdrawn_at__isnull=True, item__isnull=False),
                name="correction_one_active_per_item_field",
            ),
            models.UniqueConstraint(
                fields=["meeting", "person", "field"],
                condition=Q(withdrawn_at__isnull=True, person__isnull=False),
                name="correction_one_active_per_attendee",
            ),
        ]

    def __str__(self) -> str:
        target = self.item or self.person
        return f"{self.get_field_display()}: {target} ({self.created_at:%d.%m.%Y})"

    @property
    def active(self) -> bool:
        return self.withdrawn_at is None


SEARCH_GIN_INDEX = "search_body_document_gin"


class SearchEntryQuerySet(models.QuerySet):
    """Search rows, remembering when the only filters are a year and a body (`scope`): those the search can
    count exactly from its per-year and per-body word counts (search.termlists)."""

    _scope: dict | None = None  # set on the manager's querysets; None once any other filter is applied

    def _clone(self):
        clone = super()._clone()
        clone._scope = self._scope
        return clone

    def _filter_or_exclude(self, negate, args, kwargs):
        clone = super()._filter_or_exclude(negate, args, kwargs)
        clone._scope = None
        return clone

    @property
    def scope(self) -> dict | None:
        """{"year": ..., "body": ...} (either or both, or {}) when nothing else filters the rows; else None."""
        return self._scope

    def _scoped(self, filtered: SearchEntryQuerySet, **scope) -> SearchEntryQuerySet:
        filtered._scope = None if self._scope is None or scope.keys() & self._scope.keys() else {**self._scope, **scope}
        return filtered

    def in_year(self, year: int) -> SearchEntryQuerySet:
        # A date range, not __year, so the meeting_date index is used.
        return self._scoped(
            self.filter(meeting_date__gte=dt.date(year, 1, 1), meeting_date__lte=dt.date(year, 12, 31)), year=year
        )

    def in_body(self, body_id: int) -> SearchEntryQuerySet:
        # Typed as bigint, the column's type: only then can the (body, document) GIN index take the body, and
        # intersect it with the words inside the index (an int literal makes PostgreSQL use the btree instead).
        return self._scoped(self.filter(body_id=Cast(Value(body_id), BigIntegerField())), body=body_id)


class SearchEntryManager(models.Manager.from_queryset(SearchEntryQuerySet)):
    def get_queryset(self) -> SearchEntryQuerySet:
        queryset = super().get_queryset()
        queryset._scope = {}
        return queryset


class SearchEntry(models.Model):
    """The search index row of one agenda item, kept current in the same transaction as the ingest.

    A narrow table of its own: the weighted tsvector (title A; decision and recommendation B; background and
    case text C; attachments, section and case number D; plus the parts of Danish compounds at the weight of
    the text they came from) is stored inline rather than TOASTed, which makes ranking ~6x cheaper per row,
    and the filters and facets the search page offers are denormalised here so a query touches one table.
    """

    item = models.OneToOneField(
        AgendaItem,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_entry",
        verbose_name="punkt",
    )
    meeting_date = models.DateField("mødedato", db_index=True)
    # No index of its own: search_body_date (body first) serves the foreign key, and the search table's size
    # is budgeted (docs/benchmarks.md).
    body = models.ForeignKey(
        Body, on_delete=models.CASCADE, related_name="+", verbose_name="organ", db_index=False
    )
    kind = models.CharField("type", max_length=10, choices=MeetingKind.choices)
    has_decision = models.BooleanField("har beslutning", default=False)
    outcomes = ArrayField(models.CharField(max_length=30), default=list, blank=True, verbose_name="udfald")
    # A copy of the item's rows in Topic.items, so the search's topic counts read the rows they already have
    # instead of one index lookup per match (kept in step by search.indexing and search.signals).
    topic_ids = ArrayField(models.BigIntegerField(), default=list, blank=True, verbose_name="emner")
    document = SearchVectorField("søgevektor", null=True)
    # The table also has `document_length`, generated in the database from `document` by the SQL function
    # search_document_length (the vector's number of positions, PostgreSQL's cnt_length; migrations 0019 and 0020):
    # the rank function (search.scoring.rank_sql) reads instead of counting the vector's positions for each row
    # it ranks. It is not a field: Django's check of a GeneratedField asks the server its version, so every
    # management command would need the database before it starts (and could not refuse files in one line each
    # when the database is down).

    objects = SearchEntryManager()

    class Meta:
        verbose_name = "søgeindeks"
        verbose_name_plural = "søgeindeks"
        indexes = [
            # Body first (btree_gin): a body filter and the words are intersected inside the index, so a
            # medium word in one body builds a bitmap of its few thousand matches, not of the word's 140,000.
            GinIndex(fields=["body", "document"], name=SEARCH_GIN_INDEX),
            # The newest matches of one body: the search's date window under a body filter.
            models.Index(fields=["body", "-meeting_date"], name="search_body_date"),
        ]

    def __str__(self) -> str:
        return f"Søgeindeks for {self.item_id}"


class SearchWord(models.Model):
    """The archive's vocabulary with document counts, for "Mente du: ...?" suggestions via pg_trgm."""

    word = models.CharField("ord", max_length=100, primary_key=True)
    documents = models.PositiveIntegerField("antal punkter", default=0)

    class Meta:
        verbose_name = "ord"
        verbose_name_plural = "ordforråd"
        indexes = [GinIndex(fields=["word"], name="searchword_trgm", opclasses=["gin_trgm_ops"])]

    def __str__(self) -> str:
        return self.word
