"""New versions win: a document of the same identity (file name, or the URL it was harvested from) and kind with
other content supersedes the earlier one; its facts replace the old version's, in place, permalinks kept."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

from ingest.pipeline import ingest_file
from meetings.models import AgendaItem, Decision, SearchEntry, SourceDocument
from meetings.selectors import archive_stats

pytestmark = pytest.mark.django_db

SAMPLE = Path("data/samples/000_bfbe36a0753158a4.txt")  # KKR Hovedstaden, minutes of 21 June 2022
MEETING_URL = "/moeder/kkr-hovedstaden/2022-06-21/"
ITEM_39_TITLE = "3.9. Kommunefordeling for 2023"


def version(tmp_path: Path, folder: str, text: str, name: str = SAMPLE.name) -> Path:
    """The sample's text, edited, saved under `name` in a folder of its own (the same file, re-issued)."""
    path = tmp_path / folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def original(tmp_path: Path) -> Path:
    path = tmp_path / "v1" / SAMPLE.name
    path.parent.mkdir(parents=True)
    shutil.copy(SAMPLE, path)
    return path


def rejected(text: str) -> str:
    assert text.count("Dagsordenen blev godkendt.") == 1
    return text.replace("Dagsordenen blev godkendt.", "Dagsordenen blev afvist.")


def without_item_39(text: str) -> str:
    start, end = text.index(ITEM_39_TITLE), text.index(" 4. Udpegninger")
    return text[:start] + text[end:]


def permalinks() -> dict[str, tuple[int, str]]:
    return {item.number: (item.pk, item.get_absolute_url()) for item in AgendaItem.objects.all()}


def test_a_corrected_reissue_changes_the_decision_in_place_with_identical_permalinks(tmp_path, client):
    first = ingest_file(original(tmp_path))
    assert Decision.objects.get(item__number="1.1").outcome == "godkendt"
    before = permalinks()

    result = ingest_file(version(tmp_path, "v2", rejected(SAMPLE.read_text(encoding="utf-8"))))

    assert (first.version, result.version) == (1, 2)
    assert result.decisions_updated == 1 and result.meeting_updated
    decision = Decision.objects.get(item__number="1.1")
    assert "Dagsordenen blev afvist." in decision.text and "blev godkendt" not in decision.text
    assert decision.outcome == "afvist"
    assert permalinks() == before  # the same rows under the same URLs
    old, new = SourceDocument.objects.order_by("version")
    assert (old.superseded_by, new.superseded_by, new.version) == (new, None, 2)
    assert new.changes == {"decisions_changed": ["1.1"]}
    page = client.get(before["1.1"][1]).content.decode()
    assert "Dagsordenen blev afvist." in page and "blev godkendt" not in page


def test_the_meeting_page_says_when_it_was_updated_and_what_changed(tmp_path, client):
    ingest_file(original(tmp_path))
    assert "Opdateret" not in client.get(MEETING_URL).content.decode()
    ingest_file(version(tmp_path, "v2", rejected(SAMPLE.read_text(encoding="utf-8"))))
    page = client.get(MEETING_URL).content.decode()
    assert "Opdateret" in page
    assert "udgave 2" in page and "beslutningen i punkt 1.1 er ændret" in page.lower()
    assert "erstattet af en nyere udgave" in page  # the old version stays among the sources, as history


def test_items_a_new_version_no_longer_has_are_withdrawn_and_their_permalinks_say_so(tmp_path, client):
    ingest_file(original(tmp_path))
    item = AgendaItem.objects.get(number="3.9")
    url = item.get_absolute_url()
    result = ingest_file(version(tmp_path, "v2", without_item_39(SAMPLE.read_text(encoding="utf-8"))))

    item.refresh_from_db()
    new = SourceDocument.objects.get(version=2)
    assert result.items_withdrawn == 1 and item.withdrawn_by == new
    assert new.changes == {"items_withdrawn": ["3.9"]}
    assert AgendaItem.objects.current().count() == AgendaItem.objects.count() - 1
    assert archive_stats().items == AgendaItem.objects.current().count()  # the front page's count

    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "trukket tilbage" in page and "udgave 2" in page
    # Gone from the search, the meeting's agenda and its JSON, but not from the archive.
    assert not SearchEntry.objects.filter(item=item).exists()
    assert url not in client.get("/soeg/", {"q": "Kommunefordeling"}).content.decode()
    assert url not in client.get("/api/search/", {"q": "Kommunefordeling"}).content.decode()
    agenda = client.get(MEETING_URL).content.decode()
    assert f'href="{url}"><span class="number">' not in agenda
    api = client.get("/api/meetings/kkr-hovedstaden/2022-06-21/").json()
    assert "3.9" not in [row["number"] for row in api["items"]]
    assert [row["number"] for row in api["withdrawn_items"]] == ["3.9"]


def test_a_later_version_that_has_a_withdrawn_item_again_restores_it(tmp_path):
    text = SAMPLE.read_text(encoding="utf-8")
    ingest_file(original(tmp_path))
    ingest_file(version(tmp_path, "v2", without_item_39(text)))
    result = ingest_file(version(tmp_path, "v3", rejected(text)))
    item = AgendaItem.objects.get(number="3.9")
    assert result.version == 3 and result.items_restored == 1 and item.withdrawn_by is None
    assert SearchEntry.objects.filter(item=item).exists()
    assert SourceDocument.objects.get(version=3).changes == {
        "decisions_changed": ["1.1"],
        "items_added": ["3.9"],
    }


def test_reparse_merges_only_the_current_versions(tmp_path):
    text = SAMPLE.read_text(encoding="utf-8")
    ingest_file(original(tmp_path))
    ingest_file(version(tmp_path, "v2", without_item_39(rejected(text))))
    call_command("reparse", verbosity=0)
    assert "blev afvist" in Decision.objects.get(item__number="1.1").text
    assert AgendaItem.objects.get(number="3.9").withdrawn_by is not None
    assert not SearchEntry.objects.filter(item__number="3.9").exists()


def test_another_file_of_the_same_meeting_is_merged_by_completeness_not_a_new_version(tmp_path):
    text = SAMPLE.read_text(encoding="utf-8")
    ingest_file(original(tmp_path))
    ingest_file(version(tmp_path, "v2", without_item_39(text), name="another-extraction.txt"))
    assert SourceDocument.objects.filter(superseded_by__isnull=True).count() == 2
    assert AgendaItem.objects.withdrawn().count() == 0


def test_the_same_url_with_new_content_is_a_new_version_whatever_the_file_is_called(tmp_path):
    url = "https://www.kl.dk/media/referat-kkr-hovedstaden-2022-06-21.pdf"
    text = SAMPLE.read_text(encoding="utf-8")
    ingest_file(original(tmp_path), url=url)
    result = ingest_file(version(tmp_path, "v2", rejected(text), name="download-2.txt"), url=url)
    assert result.version == 2
    assert "blev afvist" in Decision.objects.get(item__number="1.1").text
    # Another URL is another document, even under the same file name: merged, not a version.
    other = ingest_file(version(tmp_path, "v3", without_item_39(text)), url=url + "?v=other")
    assert other.version == 1 and AgendaItem.objects.withdrawn().count() == 0


def test_a_known_file_downloaded_from_a_url_learns_the_url(tmp_path):
    path = original(tmp_path)
    ingest_file(path)
    url = "https://www.kl.dk/media/referat.pdf"
    from ingest.parser import parse_document
    from ingest.reader import read_document
    from ingest.services import ingest_document

    source = read_document(path)
    result = ingest_document(source=source, parsed=parse_document(source.text), url=url)
    assert result.status == "unchanged"
    assert SourceDocument.objects.get().url == url


def test_the_ingest_command_reports_a_new_version_and_what_it_withdrew(tmp_path):
    from tests.factories import run_ingest

    run_ingest(original(tmp_path))
    run = run_ingest(version(tmp_path, "v2", without_item_39(rejected(SAMPLE.read_text(encoding="utf-8")))))
    assert run.code == 0
    assert "Files: 1 ingested (1 a new version), 0 unchanged" in run.out
    assert "1 withdrawn." in run.out and "Decisions: 0 created, 1 updated." in run.out


REAL = Path("tests/fixtures/real")


@pytest.mark.parametrize(
    "name",
    [
        "roskilde-kultur-og-idraetsudvalget-2019-04-03-referat.txt",
        "hvidovre-kommunalbestyrelsen-2014-10-28.txt",
        "aarhus-teknisk-udvalg-2025-10-01-referat.html",
    ],
)
def test_a_reissue_of_real_minutes_changes_a_decision_in_place(tmp_path, name):
    """Real minutes of other layouts: one word of a decision changed in a copy of the file, re-issued."""
    import re

    path = tmp_path / "v1" / name
    path.parent.mkdir()
    shutil.copy(REAL / name, path)
    ingest_file(path)
    raw = path.read_text(encoding="utf-8")
    before = permalinks()
    # A word of some decision that the file holds exactly once: the edit then touches that decision only.
    decisions = Decision.objects.select_related("item").order_by("item__sort_key")
    number, word = next(
        (d.item.number, w)
        for d in decisions
        for w in re.findall(r"\b[a-zæøå]{6,}\b", d.text)
        if len(re.findall(rf"(?<![\w&]){w}(?!\w)", raw)) == 1
    )
    new = tmp_path / "v2" / name
    new.parent.mkdir()
    new.write_text(re.sub(rf"(?<![\w&]){word}(?!\w)", "omformuleret", raw), encoding="utf-8")
    result = ingest_file(new)

    assert result.version == 2 and result.decisions_updated == 1
    decision = Decision.objects.get(item__number=number, item__meeting__documents__version=2)
    assert "omformuleret" in decision.text and word not in decision.text
    assert permalinks() == before
    assert SourceDocument.objects.get(version=2).changes["decisions_changed"] == [number]


def test_a_reissue_ingested_before_versions_existed_wins_after_the_migration_and_reparse(tmp_path):
    import importlib

    from django.apps import apps

    text = SAMPLE.read_text(encoding="utf-8")
    ingest_file(original(tmp_path))
    # How an archive of before held a corrected re-issue: two current documents of one name, merged together.
    ingest_file(version(tmp_path, "v2", without_item_39(rejected(text)), name="reissue.txt"))
    SourceDocument.objects.filter(file_name="reissue.txt").update(file_name=SAMPLE.name)
    assert "blev godkendt" in Decision.objects.get(item__number="1.1").text  # the old decision stayed

    migration = importlib.import_module("meetings.migrations.0016_versions_of_documents_ingested_before")
    migration.number_versions(apps, None)
    old, new = SourceDocument.objects.order_by("ingested_at", "pk")
    assert (old.superseded_by, new.version) == (new, 2)

    call_command("reparse", verbosity=0)
    assert "blev afvist" in Decision.objects.get(item__number="1.1").text
    assert AgendaItem.objects.get(number="3.9").withdrawn_by == new
    assert not SearchEntry.objects.filter(item__number="3.9").exists()
