"""ingest.html_text and the reader's web pages: block structure in, one block per line out, page chrome left out."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.html_text import html_to_text, page_title
from ingest.reader import RefusedDocument, read_document

REAL = Path(__file__).resolve().parents[1] / "fixtures" / "real"

PAGE = """<!DOCTYPE html><html lang="da"><head><title>Referat – Teknisk Udvalg</title>
<style>p { color: red }</style><script>var x = "Beslutning: ingen";</script></head>
<body>
<div id="CybotCookiebotDialog"><p>Vi bruger cookies til statistik.</p><button>OK</button></div>
<header class="site-header"><nav><a href="/">Forside</a> <a href="/politik">Politik</a></nav></header>
<nav class="breadcrumb"><a href="/">Forside</a> › Referater</nav>
<main>
<h1>Referat</h1>
<table><tr><td>Mødedato:</td><td>onsdag den 1. oktober 2025 kl. 15.45</td></tr></table>
<h2>1. Godkendelse af <em>dagsorden</em></h2>
<p>Dagsordenen blev<br>godkendt.</p>
<ul><li>Bilag 1</li><li>Bilag <b>2</b></li></ul>
<a href="#top">Til toppen</a>
<div class="punkt"><span class="label">2</span><h2>Eventuelt</h2><div>Intet.</div></div>
</main>
<footer><p>Aarhus Kommune · Rådhuspladsen 2</p></footer>
</body></html>"""


def test_blocks_become_lines_and_chrome_is_left_out():
    assert html_to_text(PAGE).splitlines() == [
        "Referat",
        "Mødedato: | onsdag den 1. oktober 2025 kl. 15.45",
        "1. Godkendelse af dagsorden",
        "Dagsordenen blev",
        "godkendt.",
        "• Bilag 1",
        "• Bilag 2",
        "2",
        "Eventuelt",
        "Intet.",
    ]


def test_the_title_of_the_page():
    assert page_title(PAGE) == "Referat – Teknisk Udvalg"


@pytest.mark.parametrize("markup", ["", "<html></html>", "<p>", "<<<>>>", "\x00"])
def test_broken_markup_gives_text_or_nothing_never_an_error(markup):
    assert isinstance(html_to_text(markup), str)


def test_a_saved_page_is_read_by_the_reader(tmp_path):
    path = tmp_path / "referat.htm"
    path.write_text(PAGE, encoding="utf-8")
    source = read_document(path)
    assert (source.kind, source.encoding) == ("html", "utf-8")
    assert "Vi bruger cookies" not in source.text and "Dagsordenen blev" in source.text


def test_a_page_in_windows_1252_says_so_and_is_decoded(tmp_path):
    page = (
        '<html><head><meta charset="windows-1252"></head><body><p>Fraværende: Søren Ågård</p></body></html>'
    )
    path = tmp_path / "referat.html"
    path.write_bytes(page.encode("cp1252"))
    source = read_document(path)
    assert source.encoding == "windows-1252"
    assert source.text == "Fraværende: Søren Ågård"


def test_a_page_saved_without_a_name_that_says_so_is_still_read_as_a_page(tmp_path):
    path = tmp_path / "download"
    path.write_text("<!doctype html><html><body><p>Referat</p></body></html>", encoding="utf-8")
    assert read_document(path).kind == "html"


def test_a_page_with_nothing_but_chrome_is_refused(tmp_path):
    path = tmp_path / "tom.html"
    path.write_text("<html><body><nav>Forside</nav><script>x()</script></body></html>", encoding="utf-8")
    with pytest.raises(RefusedDocument, match="empty web page"):
        read_document(path)


def test_the_real_firstagenda_page_keeps_its_items_and_drops_its_navigation():
    text = read_document(REAL / "aarhus-teknisk-udvalg-2025-10-01-referat.html").text
    lines = text.splitlines()
    assert "Mødedato: | onsdag den 1. oktober 2025 kl. 15.45" in lines
    assert "Referat fra sidste udvalgsmøde" in lines and "EMN-2025-010561" in lines
    assert "Jakob Søgaard Clausen tog forbehold." in lines
    assert not any("function(" in line or "{uuid}" in line for line in lines)
