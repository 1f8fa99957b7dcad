"""ingest/parser/attendance.py: the attendance lists and sentences of real minutes (tests/fixtures/real/).

Some of these pages are refused as meetings (their date is only in their address), but their attendance forms
are real and the module must read them wherever a family finds them.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from ingest.parser.attendance import (
    ItemAbsence,
    entry,
    names_in,
    read_attendance,
    split_name,
    statements,
)
from ingest.parser.document import ABSENT, PRESENT
from ingest.parser.sections import clean_lines
from ingest.reader import read_document

REAL = Path(__file__).resolve().parents[2] / "fixtures" / "real"


@cache
def lines(name: str) -> tuple[str, ...]:
    return tuple(clean_lines(read_document(REAL / name).text))


def attendees(name: str, **options):
    return read_attendance(list(lines(name)), **options).attendees


def status_of(people) -> dict[str, str]:
    return {a.name: a.status for a in people}


# --- entries -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("printed", "name", "party", "status"),
    [
        ("  • Annette Møller Sjøbeck (V)", "Annette Møller Sjøbeck", "V", PRESENT),
        ("  • Charlotte H. Larsen (O)", "Charlotte H. Larsen", "O", PRESENT),
        ("Erling Larsen, (A)", "Erling Larsen", "A", PRESENT),
        (" • Lasse Krull, C", "Lasse Krull", "C", PRESENT),
        ("Anette Holst Christensen, A, (ferie)", "Anette Holst Christensen", "A", PRESENT),
        (
            "Borgmester Cecilia Lonning-Skovgaard (V), tjenesterejse.",
            "Cecilia Lonning-Skovgaard",
            "V",
            PRESENT,
        ),
        ("Formand Erik Nielsen (A)", "Erik Nielsen", "A", PRESENT),
        ("Kashif Ahmad (UP)", "Kashif Ahmad", "UP", PRESENT),
        ("Claus Grimm (Løsgænger)", "Claus Grimm", None, PRESENT),  # not a party letter
        (" • Lars Gaardhøj: Deltog", "Lars Gaardhøj", None, PRESENT),
        (" • Bergur Løkke Rasmussen: Afbud", "Bergur Løkke Rasmussen", None, ABSENT),
        ("Christian Wedell-Neergaard (C), Næstformand- afbud", "Christian Wedell-Neergaard", "C", ABSENT),
        ("Borgmester Anna Mee Allerslev pga. arbejde.", "Anna Mee Allerslev", None, PRESENT),
        ("4. Borgmester Jesper Christensen (A)", "Jesper Christensen", "A", PRESENT),
        ("JohnFobian-Madsen", "JohnFobian-Madsen", None, PRESENT),  # glued as printed
    ],
)
def test_list_entries(printed, name, party, status):
    found = names_in(printed) or entry(printed)
    assert [(f.attendee.name, f.attendee.party, f.attendee.status) for f in found][:1] == [
        (name, party, status)
    ]


def test_substitutes_in_entries():
    (glifberg,) = entry("Birgitte Glifberg (A), Suppleant for Brian Møller (A)")
    assert (glifberg.attendee.substitute_for, glifberg.attendee.substitute_kind) == (
        "Brian Møller",
        "suppleant",
    )
    (thomsen,) = entry(" • Marianne Thomsen, F (midlertidigt for Vicky B. Lorenzen)")
    assert (thomsen.attendee.party, thomsen.attendee.substitute_for) == ("F", "Vicky B. Lorenzen")
    olsen, feyling = entry(
        " • Sofie de Bretteville Olsen: Afbud (Stedfortræder Jarl Feyling, fraværende ved sag 1-4. )"
    )
    assert (olsen.attendee.name, olsen.attendee.status) == ("Sofie de Bretteville Olsen", ABSENT)
    assert (feyling.attendee.name, feyling.attendee.status, feyling.attendee.substitute_for) == (
        "Jarl Feyling",
        PRESENT,
        "Sofie de Bretteville Olsen",
    )
    assert [(a.first, a.last) for a in feyling.absences] == [(1, 4)]


def test_an_entry_with_the_items_a_member_was_away_from():
    (jensen,) = names_in("Britt Jensen (A), sag 129-138")
    assert jensen.attendee.name == "Britt Jensen"
    assert [(a.first, a.last) for a in jensen.absences] == [(129, 138)]


@pytest.mark.parametrize(
    "printed",
    [
        "Da Venstre og Dansk Folkeparti ikke har kunnet udfylde deres pladser i Kgs. Enghave Lokaludvalg, er "
        "medlemstallet for lokaludvalget 21.",
        "Indholdsfortegnelse",
        "1. Godkendelse af dagsorden",
        "Dagsordenen blev godkendt.",
        "136. Godkendelse af dagsorden",
    ],
)
def test_lines_that_are_no_person(printed):
    assert names_in(printed) == [] and entry(printed) == []


def test_a_name_needs_two_words_unless_first_names_are_allowed():
    assert split_name("Jan forlod mødet kl. 19.53.") is None
    assert split_name("Jan forlod mødet kl. 19.53.", single=True) == ("Jan", " forlod mødet kl. 19.53.")
    assert split_name("Peter Andersen, Gert winther og Linda Peitersen")[0] == "Peter Andersen"
    assert names_in("Peter Andersen, Gert winther og Linda Peitersen")[1].attendee.name == "Gert winther"


# --- labelled lists -----------------------------------------------------------------------------------------


def test_hvidovre_members_absentees_and_remarks():
    people = attendees("hvidovre-kommunalbestyrelsen-2014-10-28.txt")
    status = status_of(people)
    assert sum(s == PRESENT for s in status.values()) == 20 and sum(s == ABSENT for s in status.values()) == 3
    assert status["Mikkel Dencker"] == ABSENT and status["Mette Dencker"] == PRESENT
    # "Afbud fra Benthe Viola Holm stedfortræder Anders Liltorp."
    substitute = next(a for a in people if a.name == "Anders Liltorp")
    assert (substitute.substitute_for, substitute.substitute_kind) == ("Benthe Viola Holm", "stedfortræder")


def test_region_sjaelland_name_role_and_party_on_separate_lines():
    people = attendees("regionsjaelland-regionsraadet-2021-03-08-referat.txt")
    assert len(people) == 42
    first = people[:3]
    assert [(a.name, a.party) for a in first] == [
        ("Heino Knudsen", "A"),
        ("Peter Jacobsen", "O"),
        ("Jacob Jensen", "V"),
    ]
    assert next(a for a in people if a.name == "Jørgen Holst").party is None  # "Løsgænger"
    assert [a.name for a in people if a.status == ABSENT] == ["Camilla Aff Bredegaard"]


def test_region_syddanmark_afbud_bullet_marks_members_listed_above():
    people = attendees("regionsyddanmark-udvalget-for-regional-udvikling-2011-01-24-referat.txt")
    assert len(people) == 11
    assert [a.name for a in people if a.status == ABSENT] == ["Hans Philip Tietje", "Margot Torp"]
    people = attendees("regionsyddanmark-forretningsudvalget-2007-12-05-referat.txt")
    # "Medlemmer:" and "Afbud:" as comma lists on the next line
    assert len(people) == 18 and people[0].name == "Carl Holst" and people[-2].name == "Kent Kirk"


def test_region_hovedstaden_status_after_the_name_and_a_cut_off_list():
    reading = read_attendance(list(lines("regionh-regionsraadet-2022-03-22-referat.txt")))
    assert [(a.name, a.status) for a in reading.attendees][:3] == [
        ("Lars Gaardhøj", PRESENT),
        ("Sofie de Bretteville Olsen", ABSENT),
        ("Jarl Feyling", PRESENT),
    ]
    assert reading.cut  # "• Nicol": the text stops in the list
    assert [(a.name, a.first, a.last) for a in reading.absences] == [("Jarl Feyling", 1, 4)]


def test_aabenraa_table_rows():
    people = attendees("aabenraa-byraadet-2017-09-20-referat.txt")
    assert len(people) == 31
    assert [a.name for a in people if a.status == ABSENT] == [
        "Eivind Underbjerg Hansen"
    ]  # "Der er afbud fra ..."
    assert "H. Kristian Wollesen" in {a.name for a in people}


def test_copenhagen_local_committee_sentences():
    people = attendees("kk-lokaludvalg-node14441-2018-04-19-punkt-2-referat.txt")
    by_name = {a.name: a for a in people}
    # "Mikkel Houmann havde meldt afbud, og Peter Steffensen deltog i stedet."
    assert by_name["Mikkel Houmann"].status == ABSENT
    assert (by_name["Peter Steffensen"].status, by_name["Peter Steffensen"].substitute_for) == (
        PRESENT,
        "Mikkel Houmann",
    )
    assert by_name["Christoffer Rosenkrands"].status == ABSENT
    assert "Thomas Bryde-Procida" not in by_name  # "var indkaldt, men mødte ikke frem": not there, not absent
    assert by_name["Sheikh Mohammed"].status == ABSENT  # "udeblev uden afbud"
    assert [a.name for a in people if a.status == ABSENT] == [
        "Mikkel Houmann", "Lis Søkvist", "Christoffer Rosenkrands", "Tahira Asraf", "Cæcilie Ryhl Olsson",
        "Sheikh Mohammed",
    ]  # fmt: skip
    people = attendees("kk-bronshoj-husum-lokaludvalg-2018-03-22-punkt-2-referat.txt")
    # "Tina Sørensen havde meldt afbud, ..." and "Følgende udeblev uden afbud: A, B og C."
    assert [a.name for a in people if a.status == ABSENT] == [
        "Tina Sørensen", "Cecilie Ryhl Olsson", "Julie Svensson Knudsen", "Ole Vilstrup",
    ]  # fmt: skip


def test_copenhagen_upper_case_labels_and_partial_presence():
    people = attendees("kk-kongens-enghave-lokaludvalg-2018-12-13-punkt-2-referat.txt")
    assert [a.name for a in people if a.status == ABSENT] == [
        "Silas Friis Nielsen", "Asbjørn Riis", "Helle Riis Jakobsen", "Lotte Undén", "Brian Lentz",
    ]  # fmt: skip
    assert status_of(people)["Hanne Bierring"] == PRESENT  # "deltog i mødet fra kl. 19.30"


def test_copenhagen_pairs_and_times_within_items():
    reading = read_attendance(list(lines("kk-lokaludvalg-node14403-2020-11-19-punkt-2-referat.txt")))
    status = status_of(reading.attendees)
    # "Maria Bagger Grell, Merete Øverup indkaldt": the second came instead of the first
    assert status["Maria Bagger Grell"] == ABSENT and status["Merete Øverup"] == PRESENT
    # "Jens Askov og Henrik Bang-Pedersen, Jes König deltog"
    assert (status["Jens Askov"], status["Henrik Bang-Pedersen"], status["Jes König"]) == (
        ABSENT,
        ABSENT,
        PRESENT,
    )
    assert status["Jens Andersen"] == ABSENT  # "Fraværende uden afbud: Jens Andersen"
    assert sum(s == ABSENT for s in status.values()) == 11
    # "Karoline Bendixen til kl. 18.40 i punkt 2", "Anne Rathleff fra kl. 21.33 i punkt 12"
    assert [(a.name, a.first, a.last) for a in reading.absences] == [
        ("Karoline Bendixen", None, 2),
        ("Anne Rathleff", 12, None),
    ]


def test_copenhagen_titles_reasons_and_departures():
    reading = read_attendance(list(lines("kk-node14246-2014-06-03-punkt-1-referat.txt")))
    people = reading.attendees
    assert [a.name for a in people if a.status == PRESENT] == [
        "Frank Jensen", "Morten Kabell", "Pia Allerslev", "Jesper Christensen", "Ninna Thomsen",
        "Carl Christian Ebbesen", "Anne Tønnes", "Claus Friis",
    ]  # fmt: skip
    # "Borgmester Anna Mee Allerslev pga. arbejde.", "Koncerndirektør fra Region Hovedstaden Svend Hartling"
    assert [a.name for a in people if a.status == ABSENT] == ["Anna Mee Allerslev", "Svend Hartling"]
    assert [(a.name, a.first, a.last) for a in reading.absences] == [
        ("Pia Allerslev", 5, None),
        ("Carl Christian Ebbesen", 6, None),
    ]
    assert not reading.cut


def test_a_list_ends_where_the_items_begin():
    name = "thisted-kommunalbestyrelsen-2022-08-30-referat.txt"
    all_lines = list(lines(name))
    people = read_attendance(
        all_lines[: all_lines.index("136. Godkendelse af dagsorden")], ends_text=False
    ).attendees
    assert len(people) == 27 and people[-1].name == "Ulla Vestergaard"


# --- sentences ---------------------------------------------------------------------------------------------


def test_all_members_but_and_the_substitute_who_came_instead():
    text = "\n".join(lines("regionmidtjylland-regionsraadet-2017-05-31-referat.txt"))
    found = statements(text)
    assert [(f.attendee.name, f.attendee.status, f.attendee.substitute_for) for f in found] == [
        ("Poul Erik Christensen", ABSENT, None),
        ("Aleksander Aagaard", ABSENT, None),
        ("Palle Quistgaard", PRESENT, "Aleksander Aagaard"),
    ]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Der er afbud fra Martin Bech, Bettina Bøcker Kjeldsen og Niels Vestergaard Salling.",
            [
                ("Martin Bech", ABSENT),
                ("Bettina Bøcker Kjeldsen", ABSENT),
                ("Niels Vestergaard Salling", ABSENT),
            ],
        ),
        (
            "1. Afbud. Der var afbud fra Jørgen Hansen, Jørgen Rørbæk Henriksen og Arne Nielsen.",
            [("Jørgen Hansen", ABSENT), ("Jørgen Rørbæk Henriksen", ABSENT), ("Arne Nielsen", ABSENT)],
        ),
        (
            "Fraværende: Evan Lynnerup (V) - Marianne Kiærulff (V) mødte som stedfortræder.",
            [("Evan Lynnerup", ABSENT), ("Marianne Kiærulff", PRESENT)],
        ),
        (
            "Ikke til stede: Bjarne Nielsen (V) og Steen Nielsen (A)",
            [("Bjarne Nielsen", ABSENT), ("Steen Nielsen", ABSENT)],
        ),
        ("Afbud: Claus Grimm (Løsgænger)", [("Claus Grimm", ABSENT)]),
        ("Fraværende: Peter Muhl (A).", [("Peter Muhl", ABSENT)]),
        (
            "Kenneth Dahl og Morten Juhl deltog som suppleanter.",
            [("Kenneth Dahl", PRESENT), ("Morten Juhl", PRESENT)],
        ),
        ("Som stedfortræder deltog Jette Juul (O).", [("Jette Juul", PRESENT)]),
        ("Stinus Lindgreen (B) ankom kl. 17:25.", [("Stinus Lindgreen", PRESENT)]),
        (
            "Martin Geertsen (V) forlod mødet kl. 12:03 og kom tilbage kl. 12:45.",
            [("Martin Geertsen", PRESENT)],
        ),
        ("Fraværende: ", []),
        ("Fraværende: Ingen.", []),
        ("Dagsordenen blev godkendt.", []),
        ("Jan Jespersen (Ø) var som gruppeformand inviteret med til mødet", []),
    ],
)
def test_attendance_sentences(sentence, expected):
    assert [(f.attendee.name, f.attendee.status) for f in statements(sentence)] == expected


def test_a_substitute_of_one_absentee_is_theirs():
    (evan, marianne) = statements(
        "Fraværende: Evan Lynnerup (V) - Marianne Kiærulff (V) mødte som stedfortræder."
    )
    assert (marianne.attendee.substitute_for, marianne.attendee.substitute_kind) == (
        "Evan Lynnerup",
        "stedfortræder",
    )
    assert evan.this_item  # printed under each item's decision


def test_a_substitute_called_in_for_a_member():
    (dorte,) = statements(
        "Der forelå anmodning fra Socialistisk Folkeparti om, at Dorte Skovgård (F) i henhold til § 15, stk. 1. nr. "
        "1 i lov om kommunernes styrelse (sygdom) blev indkaldt som stedfortræder for Borgmester Ayfer Baykal (F)."
    )
    assert (dorte.attendee.name, dorte.attendee.party, dorte.attendee.substitute_for) == (
        "Dorte Skovgård",
        "F",
        "Ayfer Baykal",
    )


@pytest.mark.parametrize(
    ("sentence", "name", "first", "last"),
    [
        ("Torben Haack (F) deltog ikke under punkterne 12-15.", "Torben Haack", 12, 15),
        (
            "Signe Goldmann, F, ankom til mødet kl. 17.32 under behandlingen af punkt 1.",
            "Signe Goldmann",
            None,
            1,
        ),
        (
            "Henrik Appel Esbensen (A) ankom kl. 17.32 under behandling af dagsordenspunkt 3, ”Udtræden af "
            "Borgerrepræsentationen (Zenia Nørregaard)”.",
            "Henrik Appel Esbensen",
            None,
            3,
        ),
        (
            "Flemming Steen Munch, V, forlød mødet kl. 20.20 under behandling af punkt 20-21.",
            "Flemming Steen Munch",
            20,
            None,
        ),
        (
            "Borgmester Pia Allerslev forlod mødet kl. 17.40 under behandling af pkt. 5.",
            "Pia Allerslev",
            5,
            None,
        ),
        ("Torben Myrup gik efter punkt 141.", "Torben Myrup", 142, None),
        ("Kai Wisti Lassen gik under punkt 145.", "Kai Wisti Lassen", 145, None),
    ],
)
def test_absence_from_items_by_number(sentence, name, first, last):
    (found,) = statements(sentence)
    assert found.attendee.name == name
    assert [(a.first, a.last) for a in found.absences] == [(first, last)]


@pytest.mark.parametrize(
    "sentence",
    [
        "Jesper Hammer (D), Peter Westermann (F) og Tormod Olsen (Ø) deltog ikke i sagens behandling.",
        "Christian Wedell-Neergaard (C), Næstformand deltog ikke i Udvalget for det nære sundhedsvæsens behandling af "
        "sagen.",
        "Henning Nielsen (V) deltog ikke under behandlingen af dette punkt.",
        "Martin Bech, Bettina Bøcker Kjeldsen og Niels Vestergaard Salling var fraværende.",
    ],
)
def test_absence_from_the_item_the_sentence_is_printed_in(sentence):
    found = statements(sentence)
    assert found and all(f.this_item for f in found)


def test_an_absence_covers_the_items_of_its_range():
    assert ItemAbsence("A", 12, 15).covers("12") and ItemAbsence("A", 12, 15).covers("15")
    assert not ItemAbsence("A", 12, 15).covers("11") and not ItemAbsence("A", 12, 15).covers("16")
    assert ItemAbsence("A", None, 3).covers("1") and not ItemAbsence("A", None, 3).covers("4")
    assert ItemAbsence("A", 5, None).covers("30") and ItemAbsence("A", 5, None).covers("5.2")
