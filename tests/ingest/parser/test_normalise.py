"""Unit tests for ingest.parser.normalise: each normalisation step on small synthetic strings."""

from __future__ import annotations

import pytest

from ingest.parser.normalise import (
    DROP,
    KEEP,
    SUSPEND,
    clean_line,
    detect_layout,
    find_footers,
    hyphen_join,
    is_footer_line,
    is_toc_line,
    is_url_line,
    normalise,
    normalise_characters,
    remove_blurb,
    split_glued_heading,
    strip_markup,
)


def pdf_text(*lines: str) -> str:
    """Text shaped like the PDF extraction of the samples: every printed line is followed by an empty
    line, printed lines end in a space, and a real blank line is a line holding one space."""
    return "".join(("" if line == "" else line) + " \n\n" for line in lines)


# --- characters and markup ----------------------------------------------------------------------------


def test_characters_are_unified():
    text = "CO\u2082-udledning\u00a0i KL\u2019s \u201dplan\u201d\r\nnæste"
    assert normalise_characters(text) == 'CO2-udledning i KL\'s "plan"\nnæste'


def test_soft_hyphen_at_line_end_becomes_a_hyphen():
    assert normalise_characters("sund\u00ad\nhed og Ho\u00advedstaden") == "sund-\nhed og Hovedstaden"


@pytest.mark.parametrize(
    ("marked", "plain"),
    [
        ("Referater kan læses [her](#) og i Prepare.", "Referater kan læses her og i Prepare."),
        ("[Fakta slides vedr. pædagoger \\(kl.dk\\)](#)", "Fakta slides vedr. pædagoger (kl.dk)"),
        ("om **Sundhedskoordinationsudvalgets** møde", "om Sundhedskoordinationsudvalgets møde"),
        ("- *Tilgængelighed*: At behandlingstilbud", "- Tilgængelighed: At behandlingstilbud"),
        ("via <https://www.regionh.dk/a-b.aspx>", "via https://www.regionh.dk/a-b.aspx"),
        ('<ul style="list-style-type: none"> – Indgåelse</ul>', "  – Indgåelse "),
        ("Life Science &amp; Velfærdsteknologi", "Life Science & Velfærdsteknologi"),
        ("80+ årige og 7+3 VIP-projekter * 2", "80+ årige og 7+3 VIP-projekter * 2"),
    ],
)
def test_markup_is_stripped(marked: str, plain: str):
    assert strip_markup(marked) == plain


# --- page furniture -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line", ["KKR Hovedstaden  | 21-06-2022", "KKR Nordjylland | 1-2-2023", " SIDE  |  18", "Side | 4"]
)
def test_page_footers_are_recognised(line: str):
    assert is_footer_line(line)


@pytest.mark.parametrize("line", ["KKR Hovedstaden godkendte planen.", "Pris | 300 kr.", "2022 | 2023"])
def test_text_is_not_a_footer(line: str):
    assert not is_footer_line(line)


def test_footers_are_found_with_body_and_date():
    text = pdf_text("tekst", "KKR Hovedstaden  | 21-06-2022", " SIDE  |  18", "mere tekst")
    assert find_footers(text) == [("KKR Hovedstaden", "21-06-2022")]


@pytest.mark.parametrize(
    "line",
    [
        "1.1. Godkendelse af dagsorden (10.00-10.01)\t5",
        "2. Siden sidst.....\t7",
        "3.4. Godkendelse af fælleskommunal organisering (10.55-11.15).....\t16",
        "Deltagerfortegnelse.....\t3",
        "3.2. Behovet for en reform af sundhedsvæsenet ............ 12",
    ],
)
def test_toc_lines_are_recognised(line: str):
    assert is_toc_line(line)


@pytest.mark.parametrize("line", ["101 København\t45", "1.1. Godkendelse af dagsorden (10.00-10.01)"])
def test_table_rows_and_headings_are_not_toc_lines(line: str):
    assert not is_toc_line(line)


@pytest.mark.parametrize(
    ("line", "is_url"),
    [
        ("https://www.kl.dk/media/49097/referat.pdf", True),
        ("oplæg%20om%20udflytning%20af%20opgaver", True),
        ("file:///C:/Users/GITB/Downloads/Resultatkontrakt%202024.pdf", True),
        ("via https://www.kl.dk", False),
        ("Praksisplan-for-fysioterapi-2022.aspx", False),
    ],
)
def test_url_lines(line: str, is_url: bool):
    assert is_url_line(line) is is_url


def test_mission_vision_blurb_is_removed():
    lines = [
        "Mission",
        "KL bidrager til at udvikle og fastholde et stærkt lokalt",
        "demokrati.",
        "",
        "Vision",
        "KL opnår, med et helhedsperspektiv på opgaveløsningen,",
        "for borgerne og samfundet.",
        "Deltagerfortegnelse",
    ]
    assert remove_blurb(lines) == ["Deltagerfortegnelse"]


# --- glued headings -----------------------------------------------------------------------------------


def test_glued_heading_is_split_off():
    assert split_glued_heading("møde i KKR den 3. september 2021.Indstilling") == [
        "møde i KKR den 3. september 2021.",
        "Indstilling",
    ]


@pytest.mark.parametrize(
    "line", ["Beslutning", "3.11. Beslutning om at øge kapaciteten", "til KKR's Beslutning", "./. Bilag"]
)
def test_lines_without_a_glued_heading_stay_whole(line: str):
    assert split_glued_heading(line) == [line]


# --- hyphenation --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("prev", "nxt", "how"),
    [
        ("er udsendt til med-", "lemmerne via Prepare", DROP),
        ("i Hovedsta-", "den (10.22-10.32)", DROP),
        ("(stedfortræder for Ulla Kok-", "felt)", DROP),
        ("nævnte, at KKR-", "møderne fremover", KEEP),
        ("fotos af KKR-", "medlemmerne", KEEP),
        ("de otte VIP-", "projekter", KEEP),
        ("indsats for CO2-", "reduktion", KEEP),
        ("herunder 10-", "årsplanen for psykiatri", KEEP),
        ("Region Hovedstadens ... Syd-", "Danmark", KEEP),
        ("Rammeaftale 2023-", "2024 for det", KEEP),
        ("Arbejdsprogrammer (11.32-", "11.52)", KEEP),
        ("https://www.trm.dk/aftale-om-", "infrastrukturplan-2035-aftale/", KEEP),
        ("borgere med særlige behov på social-", "og specialundervisningsområdet", SUSPEND),
        ("klima-", "eller miljøområdet", SUSPEND),
        ("vente ind-", "til videre", DROP),
        ("etablering af nye til -", "bud", DROP),
        ("inden for klimatilpasning og", "-reduktion.", None),
        ("Kommunerne i anden runde", "har udarbejdet", None),
        ("ansvar – ", "se nedenfor", None),
    ],
)
def test_hyphen_join(prev: str, nxt: str, how: str | None):
    assert hyphen_join(prev, nxt) == how


def test_hyphen_rejoin_keeps_acronym_hyphen():
    result = normalise(pdf_text("Formanden nævnte, at KKR-", "møderne fremover holdes her."))
    assert result.lines == ["Formanden nævnte, at KKR-møderne fremover holdes her."]
    assert result.rejoined == 1


def test_hyphen_rejoin_drops_hyphen_inside_a_word():
    result = normalise(pdf_text("Referatet er udsendt til med-", "lemmerne via Prepare."))
    assert result.lines == ["Referatet er udsendt til medlemmerne via Prepare."]
    assert result.rejoined == 1


def test_suspended_compound_keeps_hyphen_and_space():
    result = normalise(pdf_text("tilbud til borgere på social-", "og specialundervisningsområdet."))
    assert result.lines == ["tilbud til borgere på social- og specialundervisningsområdet."]
    assert result.rejoined == 0


def test_line_starting_with_hyphen_is_not_a_join():
    result = normalise(pdf_text("fokus på klimatilpasning og", "-reduktion. Flere KKR har drøftet det."))
    assert result.lines == ["fokus på klimatilpasning og -reduktion. Flere KKR har drøftet det."]
    assert result.rejoined == 0


# --- paragraphs ---------------------------------------------------------------------------------------


def test_layout_of_interleaved_pdf_text_is_detected():
    layout = detect_layout(
        pdf_text(*(["Det indstilles, at KKR Hovedstaden godkender dagsorden for møde"] * 20)).split("\n")
    )
    assert layout.interleaved and layout.wrapped


def test_layout_of_paragraph_text_is_detected():
    paragraph = "Kommunerne står over for betydelige udfordringer i forhold til at rekruttere. " * 4
    layout = detect_layout("\n\n".join([paragraph] * 20).split("\n"))
    assert not layout.interleaved and not layout.wrapped


def test_doubled_blank_lines_do_not_break_paragraphs():
    result = normalise(
        pdf_text(
            "Under dette punkt orienteres fra forskellige fora, hvor medlemmer af KKR",
            "Hovedstaden deltager, herunder de regionale udvalg og bestyrelser i regionen",
            "og kommunerne.",
            "",
            "Desuden orienterer formandskabet.",
        )
    )
    assert result.lines == [
        "Under dette punkt orienteres fra forskellige fora, hvor medlemmer af KKR Hovedstaden deltager, "
        "herunder de regionale udvalg og bestyrelser i regionen og kommunerne.",
        "Desuden orienterer formandskabet.",
    ]


def test_footer_in_the_middle_of_a_paragraph_is_dropped_and_the_paragraph_rejoined():
    text = (
        pdf_text("Forud for de to årlige politiske møder kan deltagerkredsen udvides, så hver kommune er")
        + "\n\nKKR Hovedstaden  | 21-06-2022 \n\n SIDE  |  18 \n\n"
        + pdf_text("repræsenteret med en direktør.")
    )
    assert normalise(text).lines == [
        "Forud for de to årlige politiske møder kan deltagerkredsen udvides, så hver kommune er "
        "repræsenteret med en direktør."
    ]


def test_link_footnotes_are_dropped_but_urls_in_the_text_are_kept():
    text = (
        pdf_text("Baggrund", "Regeringen har vedtaget lov om etablering af 22 sundhedsklynger.", "")
        + "samarbejde med kommunen bagefter. Herudover \n\n"
        "https://www.kl.dk/media/50430/fakta.pdf\n"
        "https://www.kl.dk/media/50430/fakta.pdf\n"
        " etableres et udvalg i hver region med repræsentanter fra klyngerne. \n\n"
        + pdf_text("De samlede høringssvar kan tilgås via", "https://www.regionh.dk/politik/Hoering-af-")
        + "Praksisplan-for-fysioterapi-2022.aspx \n\n"
    )
    assert normalise(text).lines == [
        "Baggrund",
        "Regeringen har vedtaget lov om etablering af 22 sundhedsklynger.",
        "samarbejde med kommunen bagefter. Herudover etableres et udvalg i hver region med "
        "repræsentanter fra klyngerne.",
        "De samlede høringssvar kan tilgås via "
        "https://www.regionh.dk/politik/Hoering-af-Praksisplan-for-fysioterapi-2022.aspx",
    ]


def test_list_items_headings_and_attendance_lines_stay_apart():
    result = normalise(
        pdf_text(
            "Deltagere",
            "Sabrina Louise Christiansen (Ø), Frederiksberg Kommune",
            "Niels Peder Ravn (D), Københavns Kommune (stedfortræder for Ulla Kok-",
            "felt)",
            "Afbud",
            "Steffen Jensen (A), Halsnæs Kommune.",
            "Baggrund",
            "Taskforcen vil med afsæt i lokale erfaringer og data på området arbejde for:",
            "1) En forbedret rekrutteringsrate",
            "2) Et større optag på velfærdsuddannelserne",
            "– Klima og Infrastruktur",
            "- Sundhed",
        )
    )
    assert result.lines == [
        "Deltagere",
        "Sabrina Louise Christiansen (Ø), Frederiksberg Kommune",
        "Niels Peder Ravn (D), Københavns Kommune (stedfortræder for Ulla Kokfelt)",
        "Afbud",
        "Steffen Jensen (A), Halsnæs Kommune.",
        "Baggrund",
        "Taskforcen vil med afsæt i lokale erfaringer og data på området arbejde for:",
        "1) En forbedret rekrutteringsrate",
        "2) Et større optag på velfærdsuddannelserne",
        "– Klima og Infrastruktur",
        "– Sundhed",
    ]


def test_item_title_over_two_lines_with_split_time_slot_is_one_line():
    result = normalise(
        pdf_text("3.8. Arbejdsprogrammer for de fire embedsmandsudvalg (11.32-")
        + "11.52) \n\nSAG-2022-01250 ssan \n\n"
    )
    assert result.lines == [
        "3.8. Arbejdsprogrammer for de fire embedsmandsudvalg (11.32-11.52)",
        "SAG-2022-01250 ssan",
    ]


def test_attachment_markers_are_removed_and_attachments_stay_one_per_line():
    result = normalise(
        pdf_text(
            "Bilag:",
            "./. Kommunikationsfaktaark Hovedstadens VIP infrastrukturprojekter i regionen",
            "Oversigt over Infrastrukturplan 2035-projekterne for hovedstadsområdet",
            "./.",
            "./.. Bilag",
        )
    )
    assert result.lines == [
        "Bilag:",
        "Kommunikationsfaktaark Hovedstadens VIP infrastrukturprojekter i regionen",
        "Oversigt over Infrastrukturplan 2035-projekterne for hovedstadsområdet",
        "Bilag",
    ]


def test_paragraph_text_keeps_lines_apart_and_rejoins_page_splits():
    text = (
        "\n\n".join(
            [
                "REFERAT 2022",
                "Regeringen har vedtaget en lov. " * 6 + "Herudover",
                "etableres et Sundhedssamarbejdsudvalg (SSU) i hver region med repræsentanter fra klyngerne.",
                "Samtidig har KKR Hovedstadens embedsmandsudvalg dette på dagsordenen. KKR Hovedsta-",
                "den vil senere skulle drøfte en videre fælleskommunal indsats. " * 3,
                "Bilag:",
            ]
        )
        + "\n- ./.\n- Kommunikationsfaktaark\nOversigt over Infrastrukturplan"
    )
    lines = normalise(text).lines
    assert lines[0] == "REFERAT 2022"
    assert lines[1].endswith(
        "lov. Herudover etableres et Sundhedssamarbejdsudvalg (SSU) i hver region med "
        "repræsentanter fra klyngerne."
    )
    assert "KKR Hovedstaden vil senere skulle drøfte" in lines[2]
    assert lines[3:] == ["Bilag:", "– Kommunikationsfaktaark", "Oversigt over Infrastrukturplan"]


@pytest.mark.parametrize(
    ("line", "cleaned"),
    [
        ("./. Praksisplan for fysioterapi 2022", "Praksisplan for fysioterapi 2022"),
        ("- ./.", ""),
        ("./ Notat om model", "Notat om model"),
        ("• Deltage i pilotprojekter", "– Deltage i pilotprojekter"),
        ("➢ At alle kommunalpolitikere er inviteret", "– At alle kommunalpolitikere er inviteret"),
        ("- 1) dels at have fokus", "1) dels at have fokus"),
        ("101 København\t45", "101 København 45"),
    ],
)
def test_clean_line(line: str, cleaned: str):
    assert clean_line(line) == cleaned


def test_toc_lines_are_dropped_by_normalise():
    text = "\n".join(
        [
            "1. Godkendelse af dagsorden og referat\t5",
            "1.1. Godkendelse af dagsorden (10.00-10.01)\t5",
            "2. Siden sidst.....\t7",
            "",
            "1. Godkendelse af dagsorden og referat",
        ]
    )
    assert normalise(text).lines == ["1. Godkendelse af dagsorden og referat"]


def test_toc_with_page_numbers_after_a_space_is_dropped():
    from ingest.parser.normalise import drop_table_of_contents

    lines = [
        "Deltagerfortegnelse..... 3",
        "1. Godkendelse af dagsorden og referat 5",
        "1.1. Godkendelse af dagsorden (10.00-10.01) 5",
        "3.1. Fælles prioriterede infrastrukturprioriteringer i Hovedstaden (10.22-",
        "10.32)..... 10",
        "3.2. Status på Hovedstadens DK2020-handleplaner (10.32-10.40) 12",
        "Deltagerfortegnelse",
        "1. Godkendelse af dagsorden og referat",
        "1.1. Godkendelse af dagsorden (10.00-10.01)",
    ]
    assert drop_table_of_contents(lines) == lines[6:]


def test_headings_ending_in_a_number_are_not_a_toc():
    from ingest.parser.normalise import drop_table_of_contents

    lines = ["3.1. Fingerplan 2", "Tekst om planen.", "3.2. Punkt 3", "Mere tekst.", "3.3. Plan 4"]
    assert drop_table_of_contents(lines) == lines
