"""Tests for danish.outcomes: decision texts to the fixed outcome vocabulary."""

from __future__ import annotations

import pytest

from danish.outcomes import OUTCOMES, classify_outcomes


def test_vocabulary_is_the_models_vocabulary_in_order():
    # Same values, same order as meetings.models.Outcome (not imported: this module stays Django-free).
    assert OUTCOMES == (
        "godkendt",
        "taget til efterretning",
        "drøftet",
        "tiltrådt",
        "udpeget",
        "besluttet",
        "afvist",
        "udsat",
        "anbefalet",
        "orienteret",
    )


@pytest.mark.parametrize(
    ("text", "outcomes"),
    [
        ("Dagsordenen blev godkendt.", ["godkendt"]),
        ("KKR Hovedstaden godkendte praksisplan for fysioterapi.", ["godkendt"]),
        ("KKR Hovedstaden godkender indstillingen.", ["godkendt"]),
        ("Godkendt.", ["godkendt"]),
        ("KKR Hovedstaden vedtog strategien for unges sundhed.", ["godkendt"]),
        ("KKR Hovedstaden tog orienteringen til efterretning.", ["taget til efterretning"]),
        ("Orienteringen blev taget til efterretning.", ["taget til efterretning"]),
        ("KKR Hovedstaden drøftede fælles opmærksomheder samt input til KL's bestyrelse.", ["drøftet"]),
        ("Også spørgsmål om tomgang på de særlige pladser blev drøftet.", ["drøftet"]),
        ("Indstillingerne blev tiltrådt.", ["tiltrådt"]),
        ("Indstillingen tiltrådt.", ["tiltrådt"]),
        ("KKR Hovedstaden tiltræder den fremsendte fordeling.", ["tiltrådt"]),
        ("På den baggrund tiltrådte KKR Hovedstaden den af ministeriet fremsendte fordeling.", ["tiltrådt"]),
        ("KKR tilsluttede sig denne linje.", ["tiltrådt"]),
        ("KKR Hovedstaden udpegede Sisse Marie Welling (F), Københavns Kommune.", ["udpeget"]),
        ("KKR Hovedstaden besluttede at bede embedsmandsudvalget gå videre med forslaget.", ["besluttet"]),
        ("KKR Hovedstaden afviste forslaget om en fælles pulje.", ["afvist"]),
        ("Sagen blev udsat til næste møde.", ["udsat"]),
        ("KKR Hovedstaden anbefalede kommunerne at tilslutte sig aftalen.", ["anbefalet"]),
        ("KKR-formandskabet orienterede om følgende:", ["orienteret"]),
    ],
)
def test_single_outcomes_in_their_inflections(text: str, outcomes: list[str]):
    assert classify_outcomes(text) == outcomes


@pytest.mark.parametrize(
    ("text", "outcomes"),
    [
        (
            "KKR Hovedstaden tog orienteringen om status til efterretning og godkendte det videre arbejde "
            "med udvikling af tilbudsviften.",
            ["taget til efterretning", "godkendt"],
        ),
        (
            "Arbejdsprogrammerne for de fire embedsmandsudvalg blev godkendt af KKR. Det blev besluttet, "
            "at arbejdsprogrammet blev gennemgået på et kommende KKR-møde.",
            ["godkendt", "besluttet"],
        ),
        (
            "KKR Hovedstaden besluttede at vende tilbage til sagen på det næste møde i KKR den 15. oktober.",
            ["besluttet", "udsat"],
        ),
        (
            "KKR Hovedstaden drøftede sagen.\nKKR Hovedstaden tog orienteringen til efterretning.\n"
            "Dagsordenen blev godkendt.",
            ["drøftet", "taget til efterretning", "godkendt"],
        ),
    ],
)
def test_several_outcomes_in_order_of_appearance(text: str, outcomes: list[str]):
    assert classify_outcomes(text) == outcomes


def test_being_informed_only_counts_when_nothing_else_happened():
    text = (
        "Et KKR-medlem orienterede om Bornholms beslutning. På den baggrund tiltrådte KKR Hovedstaden "
        "fordelingen. KKR-formanden orienterede supplerende om henvendelsen."
    )
    assert classify_outcomes(text) == ["tiltrådt"]


@pytest.mark.parametrize(
    "text",
    [
        "KKR Hovedstaden godkendte ikke forslaget.",
        "Forslaget blev ikke godkendt.",
        "Indstillingen blev ikke tiltrådt.",
    ],
)
def test_negated_approval_is_a_rejection(text: str):
    assert classify_outcomes(text) == ["afvist"]


@pytest.mark.parametrize(
    "text",
    [
        "",
        # Reports from other bodies in "Siden sidst" are not what KKR did.
        "Kirsten Jensen refererede fra seneste møde i Movia, hvor de økonomiske udfordringer blev drøftet.",
        "Sisse Marie Welling fortalte om udvalgets møde. Her drøftedes ny organisering i sundhedsklyngerne.",
        # Nouns and adjectives built on the verbs are not outcomes.
        "KKR-medlemmer bemærkede følgende i deres drøftelse:",
        "Andre udpegede til andre fora kan byde ind.",
        "Yderligere tilbyder KKR-sekretariatet sparring, hvis KKR-udpegede oplever tvivlsspørgsmål.",
        "Henrik Abildtrup præsenterede forslag til overordnet retning for kommende rammeaftale.",
    ],
)
def test_texts_without_a_council_outcome(text: str):
    assert classify_outcomes(text) == []


@pytest.mark.parametrize(
    ("text", "council", "outcomes"),
    [
        # Aarhus Teknisk Udvalg, 1 October 2025, item 2 (FirstAgenda minutes)
        (
            "Et flertal i udvalget kunne tiltræde indstillingen i overensstemmelse med Magistratens anbefaling.",
            "Teknisk Udvalg",
            ["tiltrådt"],
        ),
        ("Udvalget kunne ikke godkende forslaget.", "Teknisk Udvalg", ["afvist"]),
        ("Teknisk Udvalg godkendte indstillingen.", "Teknisk Udvalg", ["godkendt"]),
        ("Byrådet vedtog forslaget.", "Byrådet", ["godkendt"]),
    ],
)
def test_the_minutes_of_a_municipal_body_speak_as_that_body(text, council, outcomes):
    assert classify_outcomes(text, council=council) == outcomes


def test_in_kkr_minutes_another_body_s_decision_is_not_kkr_s():
    # "Siden sidst" reports what others decided; only the minutes' own body counts.
    assert classify_outcomes("Udvalget godkendte planen.") == []
    assert classify_outcomes("Regionsrådet godkendte planen.") == []


# Real decision texts from tests/fixtures/real/ that state an outcome the vocabulary used to miss.
@pytest.mark.parametrize(
    ("text", "council", "expected"),
    [
        # broenderslev-byraad-2020-01-29.txt, item 3 "Godkendelse af indkaldte stedfortrædere"
        (
            "Kim Østergaard og Ole Andersen godkendt\nMartin Bech, Bettina Bøcker Kjeldsen og Niels Vestergaard "
            "Salling var fraværende.",
            "Byrådet",
            ["godkendt"],
        ),
        # roskilde-kultur-og-idraetsudvalget-2019-04-03-referat.txt, item 42 "Beslutninger om dagsordenen"
        (
            "Tillægsdagsordenen blev optaget på dagsordenen som punkt 55. Herefter godkendt.",
            "Kultur- og Idrætsudvalget",
            ["godkendt"],
        ),
        # vejen-udvalget-for-teknik-og-miljoe-2019-02-18-referat.txt, item 2
        ("Orientering taget til efterretning.", "Udvalget for teknik og miljø", ["taget til efterretning"]),
        # hvidovre-kommunalbestyrelsen-2014-10-28.txt, item 2 "Forskellige cirkulærer og meddelelser"
        (
            "Borgmesteren orienterede om en kommende sag vedrørende Sønderkærskolen og opsætning af kameraer til "
            "kommunalbestyrelsesmøderne.",
            "Kommunalbestyrelsen",
            ["orienteret"],
        ),
        # aarhus-byraad-2019-04-03-referat-punkt.txt: the council's own "vedtaget", once the council is known
        (
            "Tilbagesendes Magistratsafdelingen for Børn og Unge og Magistratsafdelingen for Kultur og "
            "Borgerservice med bemærkning, at byrådet i sit møde den 3. april 2019 har vedtaget Magistratens "
            "foranstående indstilling af 1. april 2019.",
            "Byråd",
            ["godkendt"],
        ),
    ],
)
def test_real_decisions_that_state_an_outcome_get_it(text, council, expected):
    assert classify_outcomes(text, council=council) == expected


@pytest.mark.parametrize(
    "text",
    [
        # A report of another body in KKR "Siden sidst" ends with its verdict: not the KKR's outcome.
        "Regionsrådet har godkendt planen.",
        "Movia har drøftet.",
        # kkr-hovedstaden 21 June 2022, item 1.2 "Godkendelse af referat": the text never says it was approved.
        "Et medlem efterspurgte mere fyldestgørende referat fra drøftelsen af gennemsigtighed i økonomien bag "
        "rekrutteringstaskforcen. Som opfølgning svarede KKR-formanden, at bilaget rundsendes.",
    ],
)
def test_texts_that_state_no_outcome_of_the_kkr_get_none(text):
    assert classify_outcomes(text) == []
