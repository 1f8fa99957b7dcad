"""The search page's filters, kept in the URL, combinable with the query and with each other."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import HttpRequest, QueryDict

from danish.dates import find_date, long_date
from meetings.models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Body,
    MeetingKind,
    Outcome,
    SearchEntry,
    Topic,
)
from search.ranking import SearchResults, search
from search.widgets import FastSelect

Mentions = AgendaItem.mentioned_people.through


class _ListedChoices(django_filters.fields.ModelChoiceIterator):
    """The choices of a short list in one plain query: Django reads them through a server-side cursor
    (DECLARE, FETCH, CLOSE), four round trips on every search page."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset.all():
            yield self.choice(obj)


class _ListedModelChoiceField(django_filters.fields.ModelChoiceField):
    iterator = _ListedChoices


class ListedModelChoiceFilter(django_filters.ModelChoiceFilter):
    """A choice among a few rows (bodies, topics), rendered in Python from one query."""

    field_class = _ListedModelChoiceField

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("widget", FastSelect)
        super().__init__(*args, **kwargs)


def read_date(text: str) -> dt.date | None:
    """The date a whole value writes (`2022-06-01`, `01-06-2022`, `1.6.2022`, `1. juni 2022`), else None."""
    text = " ".join(text.split())
    found = find_date(text)
    return found[0] if found and found[1] == (0, len(text)) else None


class DanishDateInput(forms.DateInput):
    """The browser's date input, which sends ISO dates without JavaScript; a date typed in another form is
    shown to it as ISO too (it shows nothing for a value it cannot read)."""

    input_type = "date"

    def format_value(self, value):
        if isinstance(value, str) and (date := read_date(value)):
            return date.isoformat()
        return super().format_value(value)


class DanishDateField(forms.DateField):
    """A date as people write it (read_date), or an error that says so: never ignored."""

    widget = DanishDateInput(format="%Y-%m-%d")
    default_error_messages = {
        "invalid": "Datoen kan ikke læses. Skriv den som 21-06-2022, 21. juni 2022 eller 2022-06-21."
    }

    def to_python(self, value) -> dt.date | None:
        if value in self.empty_values:
            return None
        if isinstance(value, dt.date):
            return value
        date = read_date(str(value))
        if date is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return date


class DanishDateFilter(django_filters.DateFilter):
    field_class = DanishDateField


class SearchFilterForm(forms.Form):
    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("fra"), data.get("til")
        if start and end and start > end:
            self.add_error("til", "Til-datoen ligger før fra-datoen.")
        return data


class SearchFilterSet(django_filters.FilterSet):
    """Filters over SearchEntry rows; Danish parameter names because people see them in the URL."""

    fra = DanishDateFilter(field_name="meeting_date", lookup_expr="gte", label="Fra dato")
    til = DanishDateFilter(field_name="meeting_date", lookup_expr="lte", label="Til dato")
    aar = django_filters.NumberFilter(method="filter_year", label="År", min_value=1900, max_value=2100)
    organ = ListedModelChoiceFilter(
        method="filter_body",
        to_field_name="slug",
        queryset=Body.objects.all(),
        label="Organ",
        empty_label="Alle",
    )
    emne = ListedModelChoiceFilter(
        method="filter_topic",
        to_field_name="slug",
        queryset=Topic.objects.all(),
        label="Emne",
        empty_label="Alle",
    )
    myndighed = django_filters.CharFilter(
        method="filter_authority", label="Kommune eller region (organets)", max_length=100
    )
    medlem = django_filters.CharFilter(
        method="filter_member", label="Medlem (deltog eller nævnt)", max_length=200
    )
    parti = django_filters.CharFilter(method="filter_party", label="Parti (bogstav)", max_length=3)
    kommune = django_filters.CharFilter(method="filter_municipality", label="Kommune", max_length=100)
    type = django_filters.ChoiceFilter(
        field_name="kind", choices=MeetingKind.choices, label="Type", empty_label="Alle", widget=FastSelect
    )
    udfald = django_filters.ChoiceFilter(
        method="filter_outcome",
        choices=Outcome.choices,
        label="Beslutningens udfald",
        empty_label="Alle",
        widget=FastSelect,
    )
    beslutning = django_filters.ChoiceFilter(
        method="filter_has_decision",
        choices=[("ja", "Med beslutning"), ("nej", "Uden beslutning")],
        label="Beslutning",
        empty_label="Alle",
        widget=FastSelect,
    )

    class Meta:
        model = SearchEntry
        fields: list[str] = []
        form = SearchFilterForm

    def filter_body(self, queryset: QuerySet, name: str, value: Body) -> QuerySet:
        return queryset.in_body(value.pk)

    def filter_authority(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        bodies = Body.objects.filter(Q(municipality__iexact=value.strip()) | Q(region__iexact=value.strip()))
        return queryset.filter(body_id__in=bodies.values("id"))

    def filter_year(self, queryset: QuerySet, name: str, value) -> QuerySet:
        return queryset.in_year(int(value))

    def filter_topic(self, queryset: QuerySet, name: str, value: Topic) -> QuerySet:
        return queryset.filter(
            item_id__in=Topic.items.through.objects.filter(topic=value).values("agendaitem_id")
        )

    def filter_member(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        attended = Attendance.objects.filter(person__slug=value, status=AttendanceStatus.PRESENT).values(
            "meeting_id"
        )
        mentioned = Mentions.objects.filter(person__slug=value).values("agendaitem_id")
        return queryset.filter(Q(item__meeting_id__in=attended) | Q(item_id__in=mentioned))

    def _mentioning(self, queryset: QuerySet, **attendance) -> QuerySet:
        people = Attendance.objects.filter(**attendance).values("person_id")
        return queryset.filter(
            item_id__in=Mentions.objects.filter(person_id__in=people).values("agendaitem_id")
        )

    def filter_party(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return self._mentioning(queryset, party__iexact=value.strip())

    def filter_municipality(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return self._mentioning(queryset, municipality__iexact=value.strip())

    def filter_outcome(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(outcomes__contains=[value])

    def filter_has_decision(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(has_decision=(value == "ja"))


class SearchForm(forms.Form):
    """The query itself and how to show it; the filters come from SearchFilterSet."""

    # The query is taken raw and cleaned by search.query.clean_query: any text is a valid query.
    sortering = forms.ChoiceField(
        required=False,
        label="Sortering",
        choices=[("relevans", "Relevans"), ("dato", "Nyeste først"), ("dato-stigende", "Ældste først")],
        widget=FastSelect,
    )
    side = forms.IntegerField(required=False, min_value=1, max_value=500, label="Side")
    format = forms.ChoiceField(required=False, choices=[("html", "html"), ("rss", "rss")])


ALLOWED_PARAMETERS = {"q"} | set(SearchForm.base_fields) | set(SearchFilterSet.base_filters)


class InvalidSearch(Exception):
    """A parameter of the search that cannot be read: the page and the API both answer 400 with its errors."""

    def __init__(self, form: SearchForm, filterset: SearchFilterSet) -> None:
        super().__init__("invalid parameter(s)")
        self.form, self.filterset = form, filterset
        fields = {**form.fields, **filterset.form.fields}
        self.errors: dict[str, list[str]] = {
            name: [str(message) for message in messages]
            for errors in (form.errors, filterset.form.errors)
            for name, messages in errors.items()
        }
        # (label, message) for the page, in the order of the fields
        self.messages = [
            (str(fields[name].label) if name in fields else name, message)
            for name, messages in self.errors.items()
            for message in messages
        ]


def bind(params: QueryDict) -> tuple[SearchForm, SearchFilterSet]:
    """The search form and filters of a query string, validated; InvalidSearch when a value cannot be read."""
    form = SearchForm(params)
    filterset = SearchFilterSet(params, queryset=SearchEntry.objects.all())
    if not (form.is_valid() & filterset.is_valid()):  # both, so every error is reported at once
        raise InvalidSearch(form, filterset)
    return form, filterset


def run_search(params: QueryDict) -> tuple[SearchForm, SearchFilterSet, SearchResults]:
    """The search a query string asks for: its form, its filters and the results (page, feed and API alike).

    A value that cannot be read raises InvalidSearch before anything is searched: a wrong filter silently
    dropped would show results the person did not ask for.
    """
    form, filterset = bind(params)
    results = search(
        params.get("q", ""),
        filterset.qs,
        sort=form.cleaned_data.get("sortering") or "relevans",
        page=form.cleaned_data.get("side") or 1,
    )
    return form, filterset, results


def active_filters(filterset: SearchFilterSet) -> list[tuple[str, str, str]]:
    """(parameter, label, value as people read it) of every filter a valid search applies, in form order."""
    data = filterset.form.cleaned_data
    active = []
    for name, field in filterset.form.fields.items():
        value = data.get(name)
        if value in (None, ""):
            continue
        if isinstance(value, dt.date):
            shown = long_date(value)
        elif isinstance(value, Body):
            shown = value.full_name
        elif isinstance(value, Topic):
            shown = value.name
        elif isinstance(value, Decimal):  # the year
            shown = str(int(value))
        elif getattr(field, "choices", None):
            shown = str(dict(field.choices).get(value, value))
        else:
            shown = str(value)
        active.append((name, str(field.label), shown))
    return active


def query_with(request: HttpRequest, **changes) -> str:
    """The request's query string with `changes` applied (None removes a parameter)."""
    params = request.GET.copy()
    for key, value in changes.items():
        params.pop(key, None)
        if value is not None:
            params[key] = value
    return params.urlencode()
