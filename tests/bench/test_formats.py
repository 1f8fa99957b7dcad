"""bench/formats.py: the table of real documents in docs/formats.md says what ingest does with each."""

from bench.formats import REAL, owners, row


def test_a_page_that_never_names_its_municipality_is_tabled_as_ingest_municipality_reads_it():
    # "Slagelse, Økonomiudvalget, 2018-10-01, minutes" in SOURCES.md: the page itself names no municipality.
    assert owners()["slagelse-oekonomiudvalget-2018-10-01-referat.txt"] == {"municipality": "Slagelse Kommune"}
    line = row(REAL / "slagelse-oekonomiudvalget-2018-10-01-referat.txt")
    assert "| municipal | 2018-10-01 | referat | Økonomiudvalget, Slagelse Kommune (`--municipality" in line
    assert "refused" not in line


def test_a_region_is_taken_from_the_sources_row_too():
    assert owners()["regionsjaelland-regionsraadet-2021-03-08-referat.txt"] == {"region": "Region Sjælland"}


def test_a_page_refused_for_another_reason_stays_refused():
    line = row(REAL / "ishoej-erhvervs-og-beskaeftigelsesudvalget-2025-09-17-dagsorden.txt")
    assert "| refused |" in line and "unknown layout" in line
