"""The loader: idempotent, merge-aware, permalink-preserving, safe under concurrency."""

import dataclasses
import datetime as dt
import threading

import pytest
from django.db import connection

from ingest.merge import completeness, merge
from ingest.parser.codec import from_json, to_json
from ingest.services import ingest_document
from meetings.models import AgendaItem, Attendance, Decision, Meeting, Person, SourceDocument
from tests.factories import attendee, item, meeting, source

pytestmark = pytest.mark.django_db

AGENDA = meeting(
    kind="dagsorden",
    items=[
        item("1.1", "Godkendelse af dagsorden", recommendation="Det indstilles, at dagsordenen godkendes."),
        item("3.4", "Godkendelse af organisering omkring sundhedsklyngerne", case_number="SAG-2022-01250"),
    ],
)
MINUTES = meeting(
    kind="referat",
    location="Glostrup Park Hotel",
    items=[
        item("1.1", "Godkendelse af dagsorden", decision="Dagsordenen blev godkendt.", outcomes=["godkendt"]),
        item(
            "3.4",
            "Godkendelse af organisering omkring sundhedsklyngerne",
            case_number="SAG-2022-01250",
            decision="Stella Hansen præsenterede forslaget. KKR godkendte forslaget.",
            outcomes=["godkendt"],
        ),
        item("7", "Eventuelt", section_title="Eventuelt", case_text="Intet."),
    ],
    attendance=[
        attendee("Stella Hansen", party="A", municipality="Helsingør Kommune"),
        attendee(
            "Niels Peder Ravn", party="D", substitute_for="Ulla Kokfelt", substitute_kind="stedfortræder"
        ),
        attendee("Ulla Kokfelt", status="absent", party="D"),
    ],
)


def snapshot():
    return {
        "meetings": list(Meeting.objects.values_list("body__slug", "date", "kind", "location")),
        "items": list(
            AgendaItem.objects.order_by("pk").values_list("pk", "number", "title", "recommendation")
        ),
        "decisions": list(Decision.objects.order_by("pk").values_list("item_id", "text", "outcome")),
        "attendance": sorted(
            Attendance.objects.values_list("person__slug", "status", "substitute_for__slug")
        ),
    }


def test_reingesting_same_file_changes_nothing():
    first = ingest_document(source=source("minutes"), parsed=MINUTES)
    before = snapshot()
    second = ingest_document(source=source("minutes"), parsed=MINUTES)
    assert (first.status, second.status) == ("ingested", "unchanged")
    assert snapshot() == before
    assert SourceDocument.objects.count() == 1


def test_minutes_after_agenda_complete_the_same_meeting_and_keep_permalinks():
    ingest_document(source=source("agenda"), parsed=AGENDA)
    agenda_items = {i.number: (i.pk, i.get_absolute_url()) for i in AgendaItem.objects.all()}
    result = ingest_document(source=source("minutes"), parsed=MINUTES)
    assert not result.meeting_created
    assert Meeting.objects.get().kind == "referat"
    after = {i.number: (i.pk, i.get_absolute_url()) for i in AgendaItem.objects.all()}
    assert {n: after[n] for n in agenda_items} == agenda_items  # same rows, same URLs
    assert Decision.objects.count() == 2
    # The agenda's recommendation survives even though the minutes' version of 1.1 lacks it.
    assert AgendaItem.objects.get(number="1.1").recommendation == "Det indstilles, at dagsordenen godkendes."
    assert SourceDocument.objects.count() == 2


def content():
    """The archive's content keyed by natural keys (row ids differ between two builds)."""
    return {
        "meetings": list(Meeting.objects.values_list("body__slug", "date", "kind", "location", "start_time")),
        "items": sorted(AgendaItem.objects.values_list("number", "title", "recommendation", "case_text")),
        "decisions": sorted(Decision.objects.values_list("item__number", "text", "outcome")),
        "attendance": sorted(
            Attendance.objects.values_list("person__slug", "status", "substitute_for__slug")
        ),
    }


def test_merge_does_not_depend_on_the_order_documents_arrive_in():
    ingest_document(source=source("minutes"), parsed=MINUTES)
    ingest_document(source=source("agenda"), parsed=AGENDA)
    forward = content()
    for model in (Attendance, Decision, AgendaItem, SourceDocument, Meeting):
        model.objects.all().delete()
    ingest_document(source=source("agenda"), parsed=AGENDA)
    ingest_document(source=source("minutes"), parsed=MINUTES)
    assert content() == forward


def test_attendance_records_substitutes_and_absences():
    ingest_document(source=source("minutes"), parsed=MINUTES)
    ravn = Attendance.objects.get(person__slug="niels-peder-ravn")
    assert (ravn.status, ravn.substitute_for.name) == ("present", "Ulla Kokfelt")
    assert Attendance.objects.get(person__slug="ulla-kokfelt").status == "absent"
    assert Person.objects.filter(slug="ulla-kokfelt").count() == 1


def test_people_mentioned_by_full_name_are_linked_to_the_item():
    ingest_document(source=source("minutes"), parsed=MINUTES)
    item_34 = AgendaItem.objects.get(number="3.4")
    assert [p.name for p in item_34.mentioned_people.all()] == ["Stella Hansen"]
    assert not AgendaItem.objects.get(number="1.1").mentioned_people.exists()


def test_decision_outcomes_outside_the_vocabulary_are_dropped():
    parsed = meeting(items=[item("1.1", "Punkt", decision="Noget skete.", outcomes=["opfundet", "godkendt"])])
    ingest_document(source=source("x"), parsed=parsed)
    decision = Decision.objects.get()
    assert (decision.outcome, decision.outcomes) == ("godkendt", ["godkendt"])


def test_announced_meetings_are_stored_once():
    parsed = meeting(items=[item("1.1", "Punkt")], announced_meetings=[dt.date(2022, 8, 25)])
    ingest_document(source=source("a"), parsed=parsed)
    ingest_document(source=source("b"), parsed=parsed)
    assert list(Meeting.objects.get().body.announced_meetings.values_list("date", flat=True)) == [
        dt.date(2022, 8, 25)
    ]


def test_codec_round_trips_a_parse():
    assert from_json(to_json(MINUTES)) == MINUTES


def test_minutes_rank_above_agenda_and_fields_come_from_the_best_source():
    assert completeness(MINUTES) > completeness(AGENDA)
    merged = merge([MINUTES, AGENDA])
    assert merged.kind == "referat"
    assert merged.location == "Glostrup Park Hotel"
    assert [i.number for i in merged.items] == ["1.1", "3.4", "7"]


@pytest.mark.django_db(transaction=True)
def test_concurrent_ingests_of_the_same_file_create_one_copy():
    errors = []
    barrier = threading.Barrier(4)

    def run():
        try:
            barrier.wait()
            ingest_document(source=source("same file"), parsed=MINUTES)
        except Exception as exc:  # surfaced by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert (Meeting.objects.count(), SourceDocument.objects.count(), AgendaItem.objects.count()) == (1, 1, 3)


def test_two_extractions_merge_to_the_one_with_fewer_misspelt_words():
    from pathlib import Path

    from ingest.parser.parse import parse_minutes

    samples = Path(__file__).resolve().parents[2] / "data" / "samples"
    clean = parse_minutes((samples / "000_bfbe36a0753158a4.txt").read_text())
    noisy = parse_minutes((samples / "003_3207b199d2270b9c.txt").read_text())  # "Udpegnings til", "Beregnete"
    for ranked in ([clean, noisy], [noisy, clean]):
        ranked = sorted(ranked, key=completeness, reverse=True)
        merged = merge(ranked)
        titles = {i.number: i.title for i in merged.items}
        assert titles["4.1"] == "Udpegning til Region Hovedstadens opgaveudvalg om erfaringer med COVID-19"
        assert merged.location  # only the noisy extraction has "Sted:", and it is still used


def test_reparse_keeps_permalinks_and_applies_the_current_parser(sample_archive_function):
    from django.core.management import call_command

    before = {i.pk: i.get_absolute_url() for i in AgendaItem.objects.all()}
    AgendaItem.objects.filter(number="4.1", meeting__date="2022-06-21").update(title="Forkert titel")
    call_command("reparse", verbosity=0)
    after = {i.pk: i.get_absolute_url() for i in AgendaItem.objects.all()}
    assert after == before
    assert AgendaItem.objects.get(number="4.1", meeting__date="2022-06-21").title.startswith("Udpegning til")


@pytest.fixture
def sample_archive_function(db):
    from django.core.management import call_command

    call_command("ingest", "data/samples", verbosity=0)


def test_a_document_that_changes_facts_updates_its_meeting_and_one_that_does_not_leaves_it_unchanged():
    ingest_document(source=source("agenda"), parsed=AGENDA)
    completed = ingest_document(source=source("minutes"), parsed=MINUTES)
    again = ingest_document(source=source("the same minutes, another file"), parsed=MINUTES)
    assert (completed.meeting_created, completed.meeting_updated) == (False, True)
    assert (again.status, again.meeting_created, again.meeting_updated) == ("ingested", False, False)


def test_a_change_of_attendance_alone_updates_the_meeting():
    ingest_document(
        source=source("minutes without attendance"), parsed=dataclasses.replace(MINUTES, attendance=[])
    )
    result = ingest_document(source=source("minutes"), parsed=MINUTES)
    assert (result.items_created, result.items_updated, result.decisions_created) == (0, 0, 0)
    assert result.meeting_updated and Attendance.objects.count() == 3


def _municipal_minutes(**changes):
    from ingest.parser.document import AGAINST, COMMITTEE, RESERVED, ParsedCaseStep, ParsedPosition

    positions = [
        ParsedPosition(RESERVED, "Jakob Søgaard Clausen tog forbehold.", name="Jakob Søgaard Clausen"),
        ParsedPosition(AGAINST, "Venstre stemte imod.", party="Venstre"),
    ]
    steps = [ParsedCaseStep("Magistraten", dt.date(2025, 9, 2), "12", "Fremsendes til byrådet.")]
    parsed = meeting(
        items=[
            item(
                "2",
                "Udviklingsplan Aarhus Ø",
                decision="Et flertal kunne tiltræde indstillingen.",
                case_number="EMN-2025-009242",
                positions=positions,
                case_route=steps,
                absent=["Liv Gro Jensen"],
                resume="Planen har været i høring.",
                other_texts=[("Økonomi", "Ingen udgifter.")],
            ),
            item("3", "Lukket punkt: Køb af grund", closed=True),
        ],
        date=dt.date(2025, 10, 1),
    )
    parsed.body_name, parsed.body_kind, parsed.municipality, parsed.region = (
        "Teknisk Udvalg",
        COMMITTEE,
        "Aarhus Kommune",
        None,
    )
    for name, value in changes.items():
        setattr(parsed, name, value)
    return parsed


def test_a_committee_of_a_municipality_gets_its_body_slug_kind_and_municipality():
    from meetings.models import Body

    result = ingest_document(source=source("aarhus"), parsed=_municipal_minutes())
    body = Body.objects.get(slug="aarhus-teknisk-udvalg")
    assert (body.name, body.kind, body.municipality, body.region) == (
        "Teknisk Udvalg",
        "committee",
        "Aarhus Kommune",
        "",
    )
    assert body.full_name == "Teknisk Udvalg, Aarhus Kommune"
    assert result.meeting.get_absolute_url() == "/moeder/aarhus-teknisk-udvalg/2025-10-01/"


def test_positions_case_route_absences_and_other_texts_are_stored_with_their_item():
    from meetings.models import CaseStep, ItemAbsence, Position

    ingest_document(source=source("aarhus"), parsed=_municipal_minutes())
    item_2 = AgendaItem.objects.get(number="2")
    assert [(p.person.name if p.person else None, p.party, p.stance) for p in Position.objects.all()] == [
        ("Jakob Søgaard Clausen", "", "reserved"),
        (None, "Venstre", "against"),
    ]
    assert list(CaseStep.objects.values_list("body_name", "date", "number")) == [
        ("Magistraten", dt.date(2025, 9, 2), "12")
    ]
    assert list(ItemAbsence.objects.values_list("person__name", flat=True)) == ["Liv Gro Jensen"]
    assert (item_2.resume, item_2.other_texts, item_2.case_number) == (
        "Planen har været i høring.",
        [["Økonomi", "Ingen udgifter."]],
        "EMN-2025-009242",
    )
    assert AgendaItem.objects.get(number="3").closed


def test_the_same_positions_again_change_nothing_and_new_ones_replace_them():
    from meetings.models import Position

    ingest_document(source=source("aarhus"), parsed=_municipal_minutes())
    before = list(Position.objects.values_list("pk", flat=True))
    again = ingest_document(source=source("aarhus, another copy"), parsed=_municipal_minutes())
    assert not again.meeting_updated
    assert list(Position.objects.values_list("pk", flat=True)) == before


# --- mentions: names found as the one regular expression over every full name finds them -----------------------


def _names_by_regex(text: str, names: list[str]) -> set[str]:
    """What the archive's first mention finder returned: one alternation of every full name, longest first."""
    import re

    ordered = sorted(names, key=len, reverse=True)
    pattern = re.compile(r"(?<!\w)(" + "|".join(map(re.escape, ordered)) + r")(?!\w)")
    return {m.group(1) for m in pattern.finditer(text)}


@pytest.mark.django_db(False)
def test_the_name_finder_finds_exactly_what_one_alternation_of_every_name_finds_in_real_minutes():
    import random
    import re
    from pathlib import Path

    from ingest.parser import parse_document
    from ingest.services import NameFinder

    samples = sorted((Path(__file__).resolve().parents[2] / "data" / "samples").glob("*.txt"))
    texts = [re.sub(r"\s+", " ", p.read_text(encoding="utf-8")) for p in samples]
    # The people the minutes name, and spellings that overlap them ("Ole Bondo" inside "Ole Bondo Christensen",
    # "Bondo Christensen" from the middle of it, hyphens, a name followed by letters), and many others.
    real = sorted({a.name for p in samples for a in parse_document(p.read_text(encoding="utf-8")).attendance})
    tricky = ["Ole Bondo", "Bondo Christensen", "Ole Bondo-Christensen", "Jens Ole", "Kommunen Hovedstaden"]
    rng = random.Random(3)
    made_up = [f"{rng.choice(real).split()[0]} {rng.choice(['Hansen', 'Jensen', 'Nielsen', 'Bech'])}" for _ in range(300)]
    names = sorted({*real, *tricky, *made_up, *(n.split()[0] + "  X" for n in real[:3])})
    finder = NameFinder(names)
    assert len(real) > 20
    for text in texts:
        assert finder.find(text) == _names_by_regex(text, names)
    two = NameFinder(["Ole Bondo", "Ole Bondo Christensen"])
    assert two.find("Ole Bondo Christensen og Ole Bondo.") == {"Ole Bondo Christensen", "Ole Bondo"}
    assert two.find("Ole Bondos forslag, XOle Bondo") == set()  # a name runs on into letters: not the name
    assert NameFinder([]).find(texts[0]) == set()


@pytest.mark.django_db(False)
def test_a_name_that_starts_with_no_letter_is_still_found_as_before():
    from ingest.services import NameFinder

    names = ["(Anne) Hansen", "Anne Hansen", "Bo Ek"]
    text = "Referat: (Anne) Hansen, Anne Hansen og Bo Eks forslag."
    assert NameFinder(names).find(text) == _names_by_regex(text, names) == {"(Anne) Hansen", "Anne Hansen"}
