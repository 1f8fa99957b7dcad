"""What can be followed, checked against the archive, and which items match it.

A target is one of the search page's own parameters (`q`, `emne`, `medlem`, `organ`) or a case number (`sag`),
and it matches exactly what that parameter finds on /soeg/: the words through search.query's compilation (with
the same compound parts, synonyms and translations), a topic, member or body through the search's FilterSet.
Matching is done for every distinct target of a digest run at once, over the few items that are new, in a
handful of statements whatever the number of subscribers (`matching_items`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.db.models import IntegerField, QuerySet, Value
from django.urls import reverse

from alerts.models import Kind
from danish import case_numbers
from danish.slugs import danish_slugify
from meetings.models import AgendaItem, Body, Person, SearchEntry, Topic
from search.expansion import alternatives_for
from search.filters import SearchFilterSet
from search.query import clean_query, compile_query, matches

Key = tuple[str, str]  # (kind, value) as stored on an Alert
UNION_CHUNK = 200  # targets matched per statement
LINK_LIKE = re.compile(r"://|\bwww\.|@|\.(?:dk|com|net|org|eu|io)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Target:
    kind: str
    value: str  # as stored: the cleaned search text, a slug or a case number
    name: str  # as people read it: the search text, the topic's, member's or body's name, the case number

    @property
    def key(self) -> Key:
        return (self.kind, self.value)

    @property
    def heading(self) -> str:
        """`Søgningen “klima”`, `Emnet Sundhed`, `Medlemmet Stella Hansen`, `Organet KKR Hovedstaden`."""
        return {
            Kind.SEARCH: f"Søgningen “{self.name}”",
            Kind.TOPIC: f"Emnet {self.name}",
            Kind.MEMBER: f"Medlemmet {self.name}",
            Kind.BODY: f"Organet {self.name}",
            Kind.CASE: f"Sagen {self.name}",
        }[self.kind]

    @property
    def url(self) -> str:
        """The page of what is followed (relative)."""
        if self.kind == Kind.SEARCH:
            return reverse("search:page") + "?" + urlencode({"q": self.value})
        if self.kind == Kind.CASE:
            return reverse("meetings:case", kwargs={"case_number": self.value})
        name = {Kind.TOPIC: "meetings:topic", Kind.MEMBER: "meetings:member", Kind.BODY: "meetings:body"}
        return reverse(name[self.kind], kwargs={"body" if self.kind == Kind.BODY else "slug": self.value})


def resolve(kind: str, raw: str) -> Target:
    """The target `raw` names, checked against the archive; ValidationError (Danish) when it does not exist.

    A topic, member or body may be given by its slug or its name (`KKR Hovedstaden` → `kkr-hovedstaden`); a
    case number as people type it (`sag 2022 01250`).
    """
    raw = (raw or "").strip()
    if not raw.isprintable():  # NUL and control characters: no target has them (and PostgreSQL refuses NUL)
        raise ValidationError("Ugyldige tegn.", code="invalid")
    if kind == Kind.SEARCH:
        text = clean_query(raw)
        if not text or not compile_query(text):
            raise ValidationError("Skriv mindst ét ord at søge efter.", code="empty")
        # The search is repeated in the confirmation mail to an address someone else may have typed: no links
        # or addresses can be sent that way (no search needs them: the index holds words).
        if LINK_LIKE.search(text):
            raise ValidationError(
                "En søgning kan ikke indeholde webadresser eller e-mailadresser.", code="link"
            )
        return Target(kind, text, text)
    if kind == Kind.CASE:
        number = raw.upper() if case_numbers.is_case_number(raw.upper()) else case_numbers.find_typed(raw)
        if not number or not AgendaItem.objects.filter(case_number=number).exists():
            raise ValidationError("Arkivet har ingen sag med det sagsnummer.", code="missing")
        return Target(kind, number, number)
    model, message = {
        Kind.TOPIC: (Topic, "Emnet findes ikke i arkivet."),
        Kind.MEMBER: (Person, "Medlemmet findes ikke i arkivet."),
        Kind.BODY: (Body, "Organet findes ikke i arkivet."),
    }[kind]
    found = model.objects.filter(slug__in={raw, danish_slugify(raw)}).first() if raw else None
    if found is None:
        raise ValidationError(message, code="missing")
    return Target(kind, found.slug, found.full_name if isinstance(found, Body) else found.name)


def describe(keys: Iterable[Key]) -> dict[Key, Target]:
    """The targets of stored (kind, value) pairs with their names: one query per kind of target."""
    keys = set(keys)
    by_kind: dict[str, set[str]] = defaultdict(set)
    for kind, value in keys:
        by_kind[kind].add(value)
    names: dict[Key, str] = {}
    if by_kind[Kind.TOPIC]:
        names |= {
            (Kind.TOPIC, slug): name
            for slug, name in Topic.objects.filter(slug__in=by_kind[Kind.TOPIC]).values_list("slug", "name")
        }
    if by_kind[Kind.MEMBER]:
        names |= {
            (Kind.MEMBER, slug): name
            for slug, name in Person.objects.filter(slug__in=by_kind[Kind.MEMBER]).values_list("slug", "name")
        }
    if by_kind[Kind.BODY]:
        names |= {(Kind.BODY, b.slug): b.full_name for b in Body.objects.filter(slug__in=by_kind[Kind.BODY])}
    # Searches and case numbers are their own names; a topic, member or body gone from the archive keeps its
    # slug, so the subscriber can still see and stop it.
    return {key: Target(key[0], key[1], names.get(key, key[1])) for key in keys}


def _rows(kind: str, value: str, base: QuerySet, alternatives) -> QuerySet | None:
    """The SearchEntry rows of `base` the target finds, as /soeg/ would find them; None when it finds none."""
    if kind == Kind.SEARCH:
        text = clean_query(value)
        return matches(base, text, alternatives) if text and compile_query(text) else None
    if kind == Kind.CASE:
        return base.filter(item__case_number=value)
    filterset = SearchFilterSet({kind: value}, queryset=base)
    # An invalid value (a topic deleted since) would leave the filter out and match everything.
    return filterset.qs if filterset.is_valid() else None


def matching_items(keys: Iterable[Key], item_ids: Iterable[int]) -> dict[Key, set[int]]:
    """Of `item_ids`, the items each target finds: UNION ALL statements of UNION_CHUNK targets each."""
    keys, item_ids = sorted(set(keys)), sorted(set(item_ids))
    found: dict[Key, set[int]] = {key: set() for key in keys}
    if not keys or not item_ids:
        return found
    base = SearchEntry.objects.filter(item_id__in=item_ids)
    # The synonyms and translations of every search's words in one lookup: alternatives_for reads them for the
    # words of the text it is given, and a word's alternatives do not depend on the other words of the text.
    texts = [clean_query(value) for kind, value in keys if kind == Kind.SEARCH]
    alternatives = alternatives_for("\n".join(texts)) if texts else None
    for start in range(0, len(keys), UNION_CHUNK):
        chunk = keys[start : start + UNION_CHUNK]
        parts = []
        for index, (kind, value) in enumerate(chunk, start):
            rows = _rows(kind, value, base, alternatives)
            if rows is not None:
                parts.append(
                    rows.order_by()
                    .annotate(target=Value(index, IntegerField()))
                    .values_list("target", "item_id")
                )
        if not parts:
            continue
        query = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
        for index, item_id in query:
            found[keys[index]].add(item_id)
    return found
