"""ingest.parser.positions: members' positions and absences, on sentences taken from real minutes.

Every sentence below is checked to stand, as printed, in the real document it is quoted from
(tests/fixtures/real/, see SOURCES.md there), so the tests cannot drift into sentences nobody writes.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from ingest.parser.document import ABSTAINED, AGAINST, FOR, NOT_PARTICIPATING, RESERVED
from ingest.parser.positions import (
    absences_in,
    absent_in,
    members_in_list,
    party_letter,
    positions_in,
    sentences,
)
from ingest.reader import read_document

REAL = Path(__file__).resolve().parents[2] / "fixtures" / "real"
TU = "aarhus-teknisk-udvalg-2025-10-01-referat.html"
BYRAAD = "aarhus-byraad-2025-10-08-dagsorden.html"


@cache
def document(name: str) -> str:
    return " ".join(read_document(REAL / name).text.split())


def printed(name: str, sentence: str) -> str:
    """The sentence, after checking that the document prints it."""
    assert " ".join(sentence.split()) in document(name), f"{sentence!r} is not in {name}"
    return sentence


def stances(sentence: str) -> list[tuple[str, str | None, str | None]]:
    return [(p.stance, p.name, p.party) for p in positions_in(sentence)]


# --- positions ------------------------------------------------------------------------------------------

POSITIONS = [
    (
        TU,
        "Jesper Kjeldsen, Steffen Wich, Gert Bjerregaard og Metin Lindved Aydin kunne tiltræde indstillingen.",
        [
            (FOR, "Jesper Kjeldsen", None),
            (FOR, "Steffen Wich", None),
            (FOR, "Gert Bjerregaard", None),
            (FOR, "Metin Lindved Aydin", None),
        ],
    ),
    (TU, "Jakob Søgaard Clausen tog forbehold.", [(RESERVED, "Jakob Søgaard Clausen", None)]),
    (TU, "Solveig Munk kunne ikke tiltræde indstillingen.", [(AGAINST, "Solveig Munk", None)]),
    (TU, "Thure Hastrup deltog ikke i sagens behandling.", [(NOT_PARTICIPATING, "Thure Hastrup", None)]),
    (
        TU,
        "Socialistisk Folkeparti tog forbehold vedrørende prioriteringen af fordelingen mellem byfortætning vs. "
        "grønne områder/arealer.",
        [(RESERVED, None, "F")],
    ),
    (TU, "Venstre tog forbehold vedrørende mobilitet/trafikforhold.", [(RESERVED, None, "V")]),
    (TU, "Liberal Alliance tog forbehold vedrørende mobilitet.", [(RESERVED, None, "I")]),
    (
        BYRAAD,
        "Det Konservative Folkeparti, Venstre, Radikale Venstre og Liberal Alliance tog forbehold.",
        [(RESERVED, None, "C"), (RESERVED, None, "V"), (RESERVED, None, "B"), (RESERVED, None, "I")],
    ),
    (BYRAAD, "Radikale Venstre tog forbehold for budgetsagerne.", [(RESERVED, None, "B")]),
    (
        BYRAAD,
        "Rådmand Nicolaj Bang og Jesper Kjeldsen deltog ikke i sagens behandling.",
        [(NOT_PARTICIPATING, "Nicolaj Bang", None), (NOT_PARTICIPATING, "Jesper Kjeldsen", None)],
    ),
    (
        "aarhus-byraad-2019-09-11-referat-punkt.txt",
        "Rådmand Jette Skive deltog ikke i sagens behandling.",
        [(NOT_PARTICIPATING, "Jette Skive", None)],
    ),
    (
        "fredensborg-oekonomiudvalget-2015-03-23-punkt-60-referat.txt",
        "For stemte: V og I",
        [(FOR, None, "V"), (FOR, None, "I")],
    ),
    (
        "fredensborg-oekonomiudvalget-2015-03-23-punkt-60-referat.txt",
        "Imod stemte: A, B, C, F, O og Ø.",
        [(AGAINST, None, letter) for letter in "ABCFOØ"],
    ),
    (
        "regionh-regionsraadet-2025-03-11-referat.txt",
        "For stemte: A (9), Karin Friis Bach (B), C (10), F (3), M (1), O (1), V (4) og Anne Ehrenreich (ufp), i "
        "alt 30.",
        [
            (FOR, None, "A"),
            (FOR, "Karin Friis Bach", "B"),
            (FOR, None, "C"),
            (FOR, None, "F"),
            (FOR, None, "M"),
            (FOR, None, "O"),
            (FOR, None, "V"),
            (FOR, "Anne Ehrenreich", None),
        ],
    ),
    (
        "regionh-regionsraadet-2025-03-11-referat.txt",
        "Undlod at stemme: Karin Friis Bach (B) og M (1), i alt 2.",
        [(ABSTAINED, "Karin Friis Bach", "B"), (ABSTAINED, None, "M")],
    ),
    (
        "regionh-regionsraadet-2025-03-11-referat.txt",
        "Anja Rosengreen (F) og Finn Rudaizky (O) deltog ikke i sagens behandling.",
        [(NOT_PARTICIPATING, "Anja Rosengreen", "F"), (NOT_PARTICIPATING, "Finn Rudaizky", "O")],
    ),
    (
        "fredensborg-byraadet-2016-12-19-punkt-178-referat.txt",
        "Imod: 6 (Kristian Heegaard (B), Lars Simonsen (B), Ulla Hardy-Hansen (C), Hossein Armandi (D), Hanne Berg "
        "(F), Henriette Brandt Pedersen (Ø))",
        [
            (AGAINST, "Kristian Heegaard", "B"),
            (AGAINST, "Lars Simonsen", "B"),
            (AGAINST, "Ulla Hardy-Hansen", "C"),
            (AGAINST, "Hossein Armandi", "D"),
            (AGAINST, "Hanne Berg", "F"),
            (AGAINST, "Henriette Brandt Pedersen", "Ø"),
        ],
    ),
    (
        "fredensborg-byraadet-2016-12-19-punkt-178-referat.txt",
        "Liste F og Ø stemte imod af hensyn til de omgivende naboer og det omkringliggende miljø, og ønsker derfor "
        "sagen afgjort på byrådsmødet.",
        [(AGAINST, None, "F"), (AGAINST, None, "Ø")],
    ),
    (
        "neg-rebild-beslutning-fragment-udateret.txt",
        "Undlod at stemme 5 (Dansk Folkeparti, Morten Lem, Henrik Christensen, Socialistisk Folkeparti)",
        [
            (ABSTAINED, None, "O"),
            (ABSTAINED, "Morten Lem", None),
            (ABSTAINED, "Henrik Christensen", None),
            (ABSTAINED, None, "F"),
        ],
    ),
    (
        "neg-rebild-beslutning-fragment-udateret.txt",
        "Imod stemte 8 (Den Sociale Fællesliste, Jeppe Ugilt, Venstre, Enhedslisten)",
        [(AGAINST, "Jeppe Ugilt", None), (AGAINST, None, "V"), (AGAINST, None, "Ø")],
    ),
    (
        "lejre-kommunalbestyrelsen-2017-04-24-referat.txt",
        "Henning Nielsen (V) deltog ikke under behandlingen af dette punkt.",
        [(NOT_PARTICIPATING, "Henning Nielsen", "V")],
    ),
    (
        "regionsjaelland-udvalget-for-det-naere-sundhedsvaesen-2020-01-15-referat.txt",
        "Christian Wedell-Neergaard (C), Næstformand deltog ikke i Udvalget for det nære sundhedsvæsens behandling "
        "af sagen.",
        [(NOT_PARTICIPATING, "Christian Wedell-Neergaard", "C")],
    ),
]


@pytest.mark.parametrize(("name", "sentence", "expected"), POSITIONS, ids=lambda v: str(v)[:40])
def test_one_position_per_member_or_party_the_sentence_names(name, sentence, expected):
    assert stances(printed(name, sentence)) == expected
    assert {p.sentence for p in positions_in(sentence)} == {sentence}  # kept as printed


NO_POSITION = [
    (
        TU,
        "Et flertal i udvalget kunne tiltræde indstillingen i overensstemmelse med Magistratens anbefaling.",
    ),
    (TU, "Liv Gro Jensen var forhindret i at deltage i udvalgets behandling af sagen."),  # absent, no stance
    (BYRAAD, "Magistraten kunne tiltræde indstillingen med en række tekniske ændringer til budgetforslaget"),
    (
        BYRAAD,
        "Alternativet ønsker tilføjet til referatet, at de skal foretages en mindre tekstmæssig justering i "
        "forligsteksten vedrørende busser og jordfond.",
    ),
    (
        "aarhus-byraad-2019-04-03-referat-punkt.txt",
        "Der tages forbehold for myndighedsgodkendelse af anlægsprojektet.",
    ),
    (
        "aarhus-magistraten-2020-01-27-referat-punkt.txt",
        "Rådmand Bünyamin Simsek henholder sig til det oprindelige forslag.",
    ),
    ("regionh-regionsraadet-2025-03-11-referat.txt", "Undlod at stemme: 0."),
    (
        "holbaek-udvalget-for-aeldre-og-sundhed-2020-06-04-referat.txt",
        "Et flertal i kommunalbestyrelsen bestående af A, F, L, O og Ø indgik i november 2017 en politisk aftale",
    ),
    ("kk-kongens-enghave-lokaludvalg-2019-02-28-punkt-2-referat.txt", "Stine var inhabil under behandlingen"),
    (
        "fredensborg-oekonomiudvalget-2015-03-23-punkt-60-referat.txt",
        "Vedr. sag 92 blev det drøftet, hvorvidt sagen skulle åbnes. Venstre anmodede om afstemning herom.",
    ),
]


@pytest.mark.parametrize(("name", "sentence"), NO_POSITION, ids=lambda v: str(v)[:40])
def test_a_sentence_that_cannot_be_attributed_gives_no_position(name, sentence):
    assert positions_in(printed(name, sentence)) == []


def test_a_sentence_printed_twice_counts_once_but_two_votes_are_two():
    fredensborg = read_document(REAL / "fredensborg-byraadet-2016-12-19-punkt-178-referat.txt").text
    liste_b = [p for p in positions_in(fredensborg) if p.sentence.startswith("Liste B")]
    assert [(p.stance, p.party) for p in liste_b] == [(AGAINST, "B")]  # printed twice on the page
    region = read_document(REAL / "regionh-regionsraadet-2025-03-11-referat.txt").text
    bach = [p.stance for p in positions_in(region) if p.name == "Karin Friis Bach"]
    assert bach == [FOR, ABSTAINED]  # the amendment, then the proposal


def test_the_whole_tally_of_a_named_vote():
    text = read_document(REAL / "fredensborg-byraadet-2016-12-19-punkt-178-referat.txt").text
    tally = [p for p in positions_in(text) if p.sentence.startswith(("For:", "Imod:"))]
    assert sum(p.stance == FOR for p in tally) == 20  # "For: 20 (...)"
    assert sum(p.stance == AGAINST for p in tally) == 6  # "Imod: 6 (...)"
    assert ("Knud Løkke Rasmussen", None) in [
        (p.name, p.party) for p in tally
    ]  # "(Frie Liberale)": no letter
    assert ("Kim E. Jensen", "O") in [(p.name, p.party) for p in tally]


# --- absences -------------------------------------------------------------------------------------------

ABSENCES = [
    (
        TU,
        "Liv Gro Jensen var forhindret i at deltage i udvalgets behandling af sagen.",
        ["Liv Gro Jensen"],
        (),
    ),
    (TU, "Thure Hastrup deltog ikke i sagens behandling.", ["Thure Hastrup"], ()),
    (
        BYRAAD,
        "Rådmand Nicolaj Bang og Jesper Kjeldsen deltog ikke i sagens behandling.",
        ["Nicolaj Bang", "Jesper Kjeldsen"],
        (),
    ),
    (
        "kk-node14246-2014-06-03-punkt-1-referat.txt",
        "Borgmester Pia Allerslev forlod mødet kl. 17.40 under behandling af pkt. 5.",
        ["Pia Allerslev"],
        ("5",),
    ),
    (
        "koege-klima-og-planudvalget-2020-01-09-referat.txt",
        "Torben Haack (F) deltog ikke under punkterne 12-15.",
        ["Torben Haack"],
        ("12", "13", "14", "15"),
    ),
    (
        "regionnordjylland-regionsraadet-2020-12-22-punkt-1-referat.txt",
        "Der var afbud fra Jørgen Hansen, Jørgen Rørbæk Henriksen og Arne Nielsen.",
        ["Jørgen Hansen", "Jørgen Rørbæk Henriksen", "Arne Nielsen"],
        (),
    ),
    (
        "regionmidtjylland-regionsraadet-2017-05-31-referat.txt",
        "Alle medlemmer var mødt undtagen Poul Erik Christensen og Aleksander Aagaard, der havde meldt afbud.",
        ["Poul Erik Christensen", "Aleksander Aagaard"],
        (),
    ),
    (
        "mariagerfjord-udvalget-for-teknik-og-miljoe-2020-06-22-referat.txt",
        "Fraværende: Peter Muhl (A).",
        ["Peter Muhl"],
        (),
    ),
    (
        "roskilde-kultur-og-idraetsudvalget-2019-04-03-referat.txt",
        "Fraværende: Evan Lynnerup (V) - Marianne Kiærulff (V) mødte som stedfortræder.",
        ["Evan Lynnerup"],
        (),
    ),
    (
        "regionh-forretningsudvalget-2022-11-08-referat.txt",
        "Martin Geertsen (V) forlod mødet kl. 12:03 og kom tilbage kl. 12:45.",
        ["Martin Geertsen"],
        (),
    ),
    (
        "neg-rebild-beslutning-fragment-udateret.txt",
        "Peter Bak deltog ikke i behandlingen af sagen.",
        ["Peter Bak"],
        (),
    ),
]


@pytest.mark.parametrize(("name", "sentence", "names", "items"), ABSENCES, ids=lambda v: str(v)[:40])
def test_absences_name_the_members_and_the_items_the_sentence_names(name, sentence, names, items):
    text = printed(name, sentence)
    assert absent_in(text) == names
    assert {a.items for a in absences_in(text)} == {items}
    assert {a.sentence for a in absences_in(text)} == {sentence}


@pytest.mark.parametrize(
    ("name", "sentence"),
    [
        (
            "kk-kongens-enghave-lokaludvalg-2019-02-28-punkt-2-referat.txt",
            "Jan forlod mødet kl. 19.53.",
        ),  # no surname
        # "Gert winther" is not written as a name: the whole list is not trusted
        (
            "hedensted-det-faelles-landdistriktsraad-2023-08-31-referat.txt",
            "Peter Andersen, Gert winther og Linda Peitersen deltog ikke på mødet.",
        ),
        (TU, "Jakob Søgaard Clausen tog forbehold."),  # a position, not an absence
    ],
)
def test_no_absence_without_full_names_and_an_absence(name, sentence):
    assert absent_in(printed(name, sentence)) == []


def test_not_taking_part_is_both_a_position_and_an_absence():
    sentence = printed(TU, "Thure Hastrup deltog ikke i sagens behandling.")
    assert stances(sentence) == [(NOT_PARTICIPATING, "Thure Hastrup", None)]
    assert absent_in(sentence) == ["Thure Hastrup"]


# --- the pieces -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "letter"),
    [
        ("Socialistisk Folkeparti", "F"),
        ("SF", "F"),
        ("Det Konservative Folkeparti", "C"),
        ("KF", "C"),
        ("Radikale Venstre", "B"),
        ("Venstre", "V"),
        ("Enhedslisten", "Ø"),
        ("ALT", "Å"),
        ("Alternativet", "Å"),
        ("Ø", "Ø"),
        ("S", "S"),  # as printed: Socialdemokratiet in Aarhus, Slesvigsk Parti in Sønderjylland
        ("Alt", None),
        ("Rebildlisten", None),
        ("ØK", None),  # Økonomiudvalget, not a party
    ],
)
def test_party_letters(text, letter):
    assert party_letter(text) == letter


def test_a_list_is_members_and_parties_or_nothing():
    assert members_in_list("Anja Rosengreen (F) og Finn Rudaizky (O)") == [
        ("Anja Rosengreen", "F"),
        ("Finn Rudaizky", "O"),
    ]
    assert members_in_list("Metin Lindved Aydin, Radikale Venstre (B)") == [("Metin Lindved Aydin", "B")]
    assert members_in_list("Christian Wedell-Neergaard (C), Næstformand") == [
        ("Christian Wedell-Neergaard", "C")
    ]
    assert members_in_list("Et flertal i udvalget") is None
    assert members_in_list("Magistraten") is None
    assert members_in_list("Udvalget og Jesper Kjeldsen") is None


def test_sentences_are_split_at_their_ends_not_at_initials_or_abbreviations():
    assert sentences("Kim E. Jensen (O) tog forbehold. Venstre tog forbehold.") == [
        "Kim E. Jensen (O) tog forbehold.",
        "Venstre tog forbehold.",
    ]
    assert len(sentences("Borgmester Pia Allerslev forlod mødet kl. 17.40 under behandling af pkt. 5.")) == 1
    # a party letter ends a sentence; it is not an initial
    assert sentences("Imod stemte: A, B, C, F, O og Ø. Forslaget faldt dermed.") == [
        "Imod stemte: A, B, C, F, O og Ø.",
        "Forslaget faldt dermed.",
    ]
