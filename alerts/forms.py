"""The form of /abonnement/: an address, what to follow (one of q, emne, medlem, organ, sag) and how often."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from alerts.models import Frequency, Kind
from alerts.targets import Target, resolve
from meetings.models import Topic

TARGET_FIELDS = [kind.value for kind in Kind]


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label="Din e-mailadresse",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    q = forms.CharField(
        label="En søgning", required=False, max_length=300, help_text="Nye punkter, som søgningen finder."
    )
    emne = forms.ChoiceField(label="Et emne", required=False, choices=())
    medlem = forms.CharField(
        label="Et medlem",
        required=False,
        max_length=200,
        help_text="Navn eller adresse-navn (fx stella-hansen): punkter fra møder, medlemmet deltog i, "
        "og punkter, der nævner medlemmet.",
    )
    organ = forms.CharField(
        label="Et organ",
        required=False,
        max_length=200,
        help_text="Navn eller adresse-navn, fx kkr-hovedstaden: alle nye punkter fra organets møder.",
    )
    sag = forms.CharField(
        label="En sag", required=False, max_length=40, help_text="Sagsnummer, fx SAG-2022-01250."
    )
    hyppighed = forms.ChoiceField(
        label="Hvor ofte", choices=Frequency.choices, initial=Frequency.DAILY, widget=forms.RadioSelect
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["emne"].choices = [("", "Intet emne"), *Topic.objects.values_list("slug", "name")]

    def clean(self) -> dict:
        data = super().clean()
        # Line breaks are how a header is smuggled into a mail; refused before any field's own cleaning
        # (which would strip them from the ends and accept the rest).
        for name in self.fields:
            raw = self.data.get(name, "")
            if isinstance(raw, str) and ("\r" in raw or "\n" in raw):
                self.add_error(name, "Linjeskift er ikke tilladt her.")
        if self.errors:
            return data
        given = [name for name in TARGET_FIELDS if (data.get(name) or "").strip()]
        if len(given) != 1:
            raise ValidationError(
                "Vælg præcis én ting at følge: en søgning, et emne, et medlem, et organ eller en sag.",
                code="one_target",
            )
        try:
            data["target"] = resolve(given[0], data[given[0]])
        except ValidationError as error:
            self.add_error(given[0], error)
        return data

    def target_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in TARGET_FIELDS]

    @property
    def target(self) -> Target:
        return self.cleaned_data["target"]


def target_from_query(params) -> Target | None:
    """The one valid target a GET query names (from a "Følg" button), or None."""
    given = [(name, params.get(name, "")) for name in TARGET_FIELDS if params.get(name, "").strip()]
    if len(given) != 1 or any("\r" in v or "\n" in v for _, v in given):
        return None
    try:
        return resolve(*given[0])
    except ValidationError:
        return None
