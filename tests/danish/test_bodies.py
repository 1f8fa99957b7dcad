"""danish.bodies: municipalities, regions and the slugs of their councils and committees (CONTRACT.md)."""

import pytest

from danish.bodies import (
    MUNICIPALITIES,
    REGIONS,
    body_slug,
    find_municipality,
    municipality_short,
    owner_of_body,
)


def test_there_are_98_municipalities_and_5_regions():
    assert len(MUNICIPALITIES) == 98
    assert len(set(MUNICIPALITIES.values())) == 98
    assert sorted(REGIONS.values()) == [
        "Region Hovedstaden",
        "Region Midtjylland",
        "Region Nordjylland",
        "Region Sjælland",
        "Region Syddanmark",
    ]


@pytest.mark.parametrize(
    ("name", "authority", "slug"),
    [
        ("KKR Syddanmark", {"region": "Region Syddanmark"}, "kkr-syddanmark"),
        ("KKR Hovedstaden", {}, "kkr-hovedstaden"),
        ("Regionsrådet", {"region": "Region Syddanmark"}, "region-syddanmark-regionsraadet"),
        ("Byrådet", {"municipality": "Aarhus Kommune"}, "aarhus-byraadet"),
        ("Byråd", {"municipality": "Aarhus Kommune"}, "aarhus-byraad"),
        ("Teknisk Udvalg", {"municipality": "Aarhus Kommune"}, "aarhus-teknisk-udvalg"),
        (
            "Borgerrepræsentationen",
            {"municipality": "Københavns Kommune"},
            "koebenhavn-borgerrepraesentationen",
        ),
        (
            "Kommunalbestyrelsen",
            {"municipality": "Høje-Taastrup Kommune"},
            "hoeje-taastrup-kommunalbestyrelsen",
        ),
        ("Kommunalbestyrelsen", {"municipality": "Bornholms Regionskommune"}, "bornholm-kommunalbestyrelsen"),
    ],
)
def test_body_slugs_follow_the_contract(name, authority, slug):
    assert body_slug(name, **authority) == slug


def test_the_municipality_a_text_names_most():
    text = "Referat, Hvidovre Kommune. Mødet holdtes på rådhuset. KKR Hovedstaden og Hvidovre Kommune."
    assert find_municipality(text) == "Hvidovre Kommune"
    assert find_municipality("Københavns Kommune, Borgerrepræsentationen") == "Københavns Kommune"
    assert find_municipality("KKR Hovedstaden holdt møde") is None


def test_short_names():
    assert municipality_short("Københavns Kommune") == "København"
    assert municipality_short("Aarhus Kommune") == "Aarhus"
    assert municipality_short("Ukendt Sted") == "Ukendt Sted"


@pytest.mark.parametrize(
    ("text", "municipality"),
    [
        ("Byrådssalen, Brønderslev Rådhus", "Brønderslev Kommune"),
        ("Mødet i Aarhus Byråd den 8. oktober", "Aarhus Kommune"),
        ("Københavns Rådhus", "Københavns Kommune"),
        ("Christiansborg, Folketinget", None),
        ("brønderslev rådhus", None),  # a name is written with its capital
    ],
)
def test_a_municipality_is_named_by_its_town_hall_or_council_too(text, municipality):
    assert find_municipality(text) == municipality


@pytest.mark.parametrize(
    ("name", "authority"),
    [
        ("Køge", ("Køge Kommune", None)),
        ("køge kommune", ("Køge Kommune", None)),
        ("København", ("Københavns Kommune", None)),
        ("Region Syddanmark", (None, "Region Syddanmark")),
        ("Syddanmark", (None, "Region Syddanmark")),
        ("Atlantis", (None, None)),
    ],
)
def test_a_municipality_or_region_a_person_names(name, authority):
    from danish.bodies import official_authority

    assert official_authority(name) == authority


@pytest.mark.parametrize(
    ("slug", "owner"),
    [
        ("aarhus-teknisk-udvalg", ("Aarhus Kommune", None)),
        ("koebenhavn-borgerrepraesentationen", ("Københavns Kommune", None)),
        ("lyngby-taarbaek-kommunalbestyrelsen", ("Lyngby-Taarbæk Kommune", None)),
        ("region-syddanmark-regionsraadet", (None, "Region Syddanmark")),
        ("kkr-sjaelland", (None, "Region Sjælland")),
        ("kkr-sjaelland-extra", (None, None)),
        ("aarhus", (None, None)),
        ("ukendt-udvalg", (None, None)),
    ],
)
def test_the_owner_of_a_body_is_read_from_its_slug(slug, owner):
    assert owner_of_body(slug) == owner
