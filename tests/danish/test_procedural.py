"""Procedural titles, as the real minutes print them."""

from __future__ import annotations

import pytest

from danish.procedural import is_procedural


@pytest.mark.parametrize(
    "title",
    [
        "Siden sidst",
        "Punkter til næste møde",
        "Punkter til næste møde i KKR Hovedstaden",
        "Møde i KKR Hovedstaden den 15. oktober 2021",
        "Meddelelser",
        "Meddelelser fra formanden",
        "Forskellige cirkulærer og meddelelser. Orientering ved borgmesteren",
        "Eventuelt",
        "Godkendelse af dagsorden",
        "Godkendelse af dagsordenen",
        "Godkendelse af referat",
        "Næste møde",
        "Underskriftsark",
        "Mødeplan 2023 for forretningsudvalget",
        "Bemærkninger/ændringer til dagsordenen",
        "Beslutninger om dagsordenen",
    ],
)
def test_procedural_titles(title):
    assert is_procedural(title)


@pytest.mark.parametrize(
    "title",
    [
        "Godkendelse af praksisplan for fysioterapi",
        "Godkendelse af fælleskommunal organisering omkring sundhedsklyngerne i hovedstadsområdet",
        "Status på Hovedstadens DK2020-handleplaner",
        "Orientering om høring af national demenshandlingsplan 2025",
        "Dialogmøde med ældreministeren om ældrereformen",
        "",
    ],
)
def test_items_about_something_are_not_procedural(title):
    assert not is_procedural(title)
