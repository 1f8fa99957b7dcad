"""The member list's filters: party and municipality (each member's latest), and part of the name."""

from __future__ import annotations

import django_filters
from django import forms

from meetings.selectors import member_municipalities, member_parties
from meetings.templatetags.archive import party_label


def _party_choices() -> list[tuple[str, str]]:
    return [(letter, party_label(letter)) for letter in member_parties()]


def _municipality_choices() -> list[tuple[str, str]]:
    return [(name, name) for name in member_municipalities()]


class MemberFilterSet(django_filters.FilterSet):
    """Filters `selectors.members_list()`, whose rows carry `latest_party` and `latest_municipality`."""

    navn = django_filters.CharFilter(
        field_name="name",
        lookup_expr="icontains",
        label="Navn",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    parti = django_filters.ChoiceFilter(field_name="latest_party", label="Parti", empty_label="Alle partier")
    kommune = django_filters.ChoiceFilter(
        field_name="latest_municipality",
        label="Kommune",
        empty_label="Alle kommuner",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Evaluate the choices once per request: a callable would query again at validation and rendering.
        self.filters["parti"].extra["choices"] = _party_choices()
        self.filters["kommune"].extra["choices"] = _municipality_choices()
