"""FastSelect renders what Django's Select renders, for every kind of value the search form meets."""

import pytest
from django import forms
from django.test.html import parse_html

from meetings.models import Body
from search.filters import SearchFilterSet
from search.widgets import FastSelect

CHOICES = [("", "Alle"), ("a", "Først"), ("b", "Æ & <ø>"), ("a", "Først igen")]


@pytest.mark.parametrize("value", [None, "", "a", "b", "ukendt", ["b"], 3])
@pytest.mark.parametrize(
    "attrs", [None, {"id": "id_x"}, {"id": "id_x", "aria-invalid": "true", "disabled": True}]
)
def test_fast_select_renders_what_djangos_select_renders(value, attrs):
    ours = FastSelect(choices=CHOICES).render("x", value, attrs)
    django = forms.Select(choices=CHOICES).render("x", value, attrs)
    assert parse_html(ours) == parse_html(django)


@pytest.mark.django_db
def test_the_filter_forms_model_selects_render_as_before():
    Body.objects.create(name="KKR <Hovedstaden>", slug="kkr-hovedstaden")
    form = SearchFilterSet({"organ": "kkr-hovedstaden", "udfald": "nope"}).form
    for name in ("organ", "emne", "type", "udfald", "beslutning"):
        field = form[name]
        django = forms.Select(choices=field.field.choices).render(
            field.html_name, field.value(), {"id": field.auto_id, **field.build_widget_attrs({})}
        )
        assert parse_html(str(field)) == parse_html(django)
        assert "<script" not in str(field) and "&lt;Hovedstaden&gt;" in str(form["organ"])
