"""Golden tests of the municipal family (ingest/parser/families/municipal.py) on real documents.

The documents are in tests/fixtures/real/ (SOURCES.md, "Municipal, regional and Copenhagen pages"): the text of
municipal and regional web pages, most cut off after about 2000 bytes by the store they came from. Every
expectation is read off the document, and each is read exactly as the ingest reads it
(ingest.reader.read_document). `municipal.parse` shows what the family reads; `parse_document` then refuses a
council or committee whose municipality the text never names ("no body found"), and a regional body whose region
it never names, so for those the family's reading is tested directly and the refusal separately.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import time
from functools import cache
from pathlib import Path

import pytest

from danish.bodies import body_slug
from ingest.parser import detect, parse_document
from ingest.parser.document import (
    ABSENT,
    COMMITTEE,
    COUNCIL,
    DAGSORDEN,
    PRESENT,
    REFERAT,
    REGIONAL_COMMITTEE,
    REGIONAL_COUNCIL,
    NotMinutesError,
    ParsedItem,
    ParsedMeeting,
)
from ingest.parser.families import municipal
from ingest.reader import read_document

REAL = Path(__file__).resolve().parents[2] / "fixtures" / "real"


@cache
def text(name: str) -> str:
    return read_document(REAL / name).text


@cache
def read(name: str) -> ParsedMeeting:
    """The family's reading (before parse_document's rule on unnamed municipalities)."""
    return municipal.parse(text(name))


def item(name: str, number: str) -> ParsedItem:
    return next(i for i in read(name).items if i.number == number)


def names(meeting: ParsedMeeting, status: str) -> list[str]:
    return [a.name for a in meeting.attendance if a.status == status]


HVIDOVRE = "hvidovre-kommunalbestyrelsen-2014-10-28.txt"
BRONDERSLEV = "broenderslev-byraad-2020-01-29.txt"
KOEGE = "koege-klima-og-planudvalget-2020-01-09-referat.txt"
HOLBAEK = "holbaek-udvalget-for-aeldre-og-sundhed-2020-06-04-referat.txt"
ROSKILDE = "roskilde-kultur-og-idraetsudvalget-2019-04-03-referat.txt"
HEDENSTED = "hedensted-det-faelles-landdistriktsraad-2023-08-31-referat.txt"
SLAGELSE_FSU = "slagelse-forebyggelses-og-seniorudvalget-2021-01-12-referat.txt"
SLAGELSE_OEU = "slagelse-oekonomiudvalget-2018-10-01-referat.txt"
RODOVRE = "roedovre-kommunalbestyrelsen-2019-09-24-referat.txt"
FREDENSBORG_BY = "fredensborg-byraadet-2016-12-19-punkt-178-referat.txt"
FREDENSBORG_OEU = "fredensborg-oekonomiudvalget-2015-03-23-punkt-60-referat.txt"
STEVNS = "stevns-oekonomiudvalget-2018-10-22-referat.txt"
THISTED = "thisted-kommunalbestyrelsen-2022-08-30-referat.txt"
VEJEN = "vejen-udvalget-for-teknik-og-miljoe-2019-02-18-referat.txt"
MARIAGERFJORD = "mariagerfjord-udvalget-for-teknik-og-miljoe-2020-06-22-referat.txt"
REGIONH_FU = "regionh-forretningsudvalget-2022-11-08-referat.txt"
REGIONH_RR_2021 = "regionh-regionsraadet-2021-12-07-dagsorden.txt"
REGIONH_RR_2022 = "regionh-regionsraadet-2022-03-22-referat.txt"
REGIONH_FR = "regionh-udvalget-for-fastholdelse-og-rekruttering-2022-02-10-referat.txt"
RM_RR = "regionmidtjylland-regionsraadet-2017-05-31-referat.txt"
RM_RU = "regionmidtjylland-udvalg-for-regional-udvikling-2023-02-01-dagsorden.txt"
RN_2020 = "regionnordjylland-regionsraadet-2020-12-22-punkt-1-referat.txt"
RN_2021 = "regionnordjylland-regionsraadet-2021-08-23-punkt-1-referat.txt"
RSJ_RR = "regionsjaelland-regionsraadet-2021-03-08-referat.txt"
RSJ_NS = "regionsjaelland-udvalget-for-det-naere-sundhedsvaesen-2020-01-15-referat.txt"
RSD_FU = "regionsyddanmark-forretningsudvalget-2007-12-05-referat.txt"
RSD_SU = "regionsyddanmark-sundhedsudvalget-2016-10-25-referat.txt"
RSD_RU = "regionsyddanmark-udvalget-for-regional-udvikling-2011-01-24-referat.txt"
RSD_UA = "regionsyddanmark-udvalget-for-uddannelse-og-arbejdskraft-2019-03-07-referat.txt"

# --- the meeting: body, kind of body, date, time, place, owner, agenda or minutes --------------------------

MEETINGS = {
    # file: (body, body kind, date, start, place, municipality, region, kind)
    HVIDOVRE: ("Kommunalbestyrelsen", COUNCIL, "2014-10-28", "18:00", "KB-Salen", "Hvidovre Kommune", None, REFERAT),
    # The page names its municipality only by its town hall, which danish.bodies reads as naming it.
    BRONDERSLEV: (
        "Byrådet",
        COUNCIL,
        "2020-01-29",
        "19:00",
        "Byrådssalen, Brønderslev Rådhus",
        "Brønderslev Kommune",
        None,
        REFERAT,
    ),
    KOEGE: (
        "Klima- og Planudvalget", COMMITTEE, "2020-01-09", "13:00", "Tapperiet, Sdr. Badevej 1, 4600 Køge", None,
        None, REFERAT,
    ),
    HOLBAEK: (
        "Udvalget for Ældre og Sundhed", COMMITTEE, "2020-06-04", "09:00", "Kanalstræde 2, mødelokale 0.21", None,
        None, REFERAT,
    ),
    ROSKILDE: ("Kultur- og Idrætsudvalget", COMMITTEE, "2019-04-03", "18:00", "Mødelokale 2A", "Roskilde Kommune", None, REFERAT),
    HEDENSTED: (
        "Det fælles landdistriktsråd", COMMITTEE, "2023-08-31", None,
        "Administrationshuset Tørring, Stationsparken 1, 7160 Tørring", None, None, REFERAT,
    ),
    SLAGELSE_FSU: ("Forebyggelses- og Seniorudvalget", COMMITTEE, "2021-01-12", None, None, None, None, REFERAT),
    SLAGELSE_OEU: ("Økonomiudvalget", COMMITTEE, "2018-10-01", None, None, None, None, REFERAT),
    RODOVRE: ("Kommunalbestyrelsen", COUNCIL, "2019-09-24", None, None, None, None, REFERAT),
    FREDENSBORG_BY: ("Byrådet", COUNCIL, "2016-12-19", None, None, None, None, REFERAT),
    FREDENSBORG_OEU: ("Økonomiudvalget", COMMITTEE, "2015-03-23", None, None, None, None, REFERAT),
    STEVNS: ("Økonomiudvalget", COMMITTEE, "2018-10-22", None, None, None, None, REFERAT),
    THISTED: ("Kommunalbestyrelsen", COUNCIL, "2022-08-30", None, None, None, None, REFERAT),
    VEJEN: ("Udvalget for teknik og miljø", COMMITTEE, "2019-02-18", None, "M 5 - Vejen Rådhus", "Vejen Kommune", None, REFERAT),
    MARIAGERFJORD: (
        "Udvalget for Teknik og Miljø", COMMITTEE, "2020-06-22", "17:30",
        "Arden Rådhus, Østergade 22, Arden - Mødelokale Skoven", None, None, REFERAT,
    ),
    REGIONH_FU: ("Forretningsudvalget", REGIONAL_COMMITTEE, "2022-11-08", None, None, None, "Region Hovedstaden", REFERAT),
    REGIONH_RR_2021: (
        "Regionsrådet", REGIONAL_COUNCIL, "2021-12-07", "15:00", "Regionsrådssalen", None, "Region Hovedstaden", DAGSORDEN,
    ),
    REGIONH_RR_2022: (
        "Regionsrådet", REGIONAL_COUNCIL, "2022-03-22", "17:00", "Regionsrådssalen", None, "Region Hovedstaden", REFERAT,
    ),
    REGIONH_FR: (
        "Udvalget for fastholdelse og rekruttering i sundhedsvæsenet", REGIONAL_COMMITTEE, "2022-02-10", "15:00",
        "Regionsgården, mødelokale H2", None, "Region Hovedstaden", REFERAT,
    ),
    RM_RR: (
        "Regionsrådet", REGIONAL_COUNCIL, "2017-05-31", "13:00",
        "Regionsrådssalen, Regionshuset Viborg, Skottenborg 26, 8800 Viborg", None, None, REFERAT,
    ),
    RM_RU: (
        "Udvalget for regional udvikling", REGIONAL_COMMITTEE, "2023-02-01", "09:00",
        "Herning Kommune, Torvet 5, 7400 Herning", None, "Region Midtjylland", DAGSORDEN,
    ),
    RN_2020: ("Regionsrådet", REGIONAL_COUNCIL, "2020-12-22", "13:00", None, None, None, REFERAT),
    RN_2021: ("Regionsrådet", REGIONAL_COUNCIL, "2021-08-23", "13:00", None, None, None, REFERAT),
    RSJ_RR: ("Regionsrådet", REGIONAL_COUNCIL, "2021-03-08", "16:00", None, None, None, REFERAT),
    RSJ_NS: (
        "Udvalget for det nære sundhedsvæsen", REGIONAL_COMMITTEE, "2020-01-15", "13:00", "Mødelokale 1", None,
        "Region Sjælland", REFERAT,
    ),
    RSD_FU: (
        "Forretningsudvalget", REGIONAL_COMMITTEE, "2007-12-05", "15:00", "Regionshuset, mødelokale 4", None,
        "Region Syddanmark", REFERAT,
    ),
    RSD_SU: ("Sundhedsudvalget", REGIONAL_COMMITTEE, "2016-10-25", "15:00", "Mødelokale 5", None, "Region Syddanmark", REFERAT),
    RSD_RU: (
        "Udvalget for Regional Udvikling", REGIONAL_COMMITTEE, "2011-01-24", "16:35", "Mødelokale 2", None,
        "Region Syddanmark", REFERAT,
    ),
    RSD_UA: (
        "Udvalget for uddannelse og arbejdskraft", REGIONAL_COMMITTEE, "2019-03-07", "14:00", "Mødelokale 7", None,
        "Region Syddanmark", REFERAT,
    ),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(MEETINGS))
def test_the_meeting_is_read_from_the_page(name):
    body, body_kind, date, start, place, municipality, region, kind = MEETINGS[name]
    meeting = read(name)
    assert (meeting.body_name, meeting.body_kind) == (body, body_kind)
    assert meeting.date == dt.date.fromisoformat(date)
    assert meeting.start_time == (dt.time.fromisoformat(start) if start else None)
    assert meeting.location == place
    assert (meeting.municipality, meeting.region) == (municipality, region)
    assert meeting.kind == kind
    if body_kind in (REGIONAL_COUNCIL, REGIONAL_COMMITTEE):
        assert meeting.municipality is None


@pytest.mark.parametrize("name", sorted(MEETINGS))
def test_every_page_is_detected_as_municipal_and_says_why(name):
    detection = detect(text(name))
    assert detection.family == "municipal"
    assert detection.reason and "\n" not in detection.reason


# Councils and committees whose municipality the page names are read; the others are refused, never guessed.
READ_BY_PARSE_DOCUMENT = {
    HVIDOVRE,
    ROSKILDE,
    VEJEN,
    REGIONH_FU,
    REGIONH_RR_2021,
    REGIONH_RR_2022,
    REGIONH_FR,
    RM_RU,
}
READ_BY_PARSE_DOCUMENT |= {RSJ_NS, RSD_FU, RSD_SU, RSD_RU, RSD_UA, BRONDERSLEV}


@pytest.mark.parametrize("name", sorted(MEETINGS))
def test_parse_document_reads_the_page_or_refuses_an_unnamed_owner(name):
    if name in READ_BY_PARSE_DOCUMENT:
        meeting = parse_document(text(name))
        assert meeting.family == "municipal"
        assert (meeting.municipality or meeting.region) is not None
        return
    with pytest.raises(NotMinutesError) as refused:
        parse_document(text(name))
    owner = "region" if MEETINGS[name][1] in (REGIONAL_COUNCIL, REGIONAL_COMMITTEE) else "municipality"
    assert (
        str(refused.value) == f"no body found: the document names {MEETINGS[name][0]!r} but not its {owner}"
    )


def test_the_slugs_of_the_bodies():
    assert body_slug(read(HVIDOVRE).body_name, municipality=read(HVIDOVRE).municipality) == (
        "hvidovre-kommunalbestyrelsen"
    )
    assert (
        body_slug(read(ROSKILDE).body_name, municipality="Roskilde Kommune")
        == "roskilde-kultur-og-idraetsudvalget"
    )
    assert (
        body_slug(read(RSD_SU).body_name, region=read(RSD_SU).region) == "region-syddanmark-sundhedsudvalget"
    )
    assert body_slug(read(REGIONH_RR_2022).body_name, region="Region Hovedstaden") == (
        "region-hovedstaden-regionsraadet"
    )


# --- the items: every number and full title the page shows -------------------------------------------------

ITEMS = {
    HVIDOVRE: [
        ("1", "Godkendelse af dagsorden"),
        ("2", "Forskellige cirkulærer og meddelelser. Orientering ved borgmesteren"),
        ("3", "Vedtægt for Hvidovre Kommunes borgerrådgiver"),
    ],
    BRONDERSLEV: [
        ("1", "Fraværende"),
        ("2", "Bemærkninger/ændringer til dagsordenen"),
        ("3", "Godkendelse af indkaldte stedfortrædere"),
        ("4", "Spørgetid for byrådsmedlemmer"),
    ],
    KOEGE: [("1", "Godkendelse af dagsorden"), ("2", "Ikke støjende arbejde på byggepladsen efter kl. 18")],
    HOLBAEK: [
        ("49", "Godkendelse af dagsorden til mødet den 4. juni 2020"),
        ("50", "Godkendelse af anbefalinger fra Projektudvalget for Afbureaukratisering og Decentralisering"),
        ("51", "Orientering om udgiftsdrivere, juni 2020"),
        ("52", "Drøftelse af budget 2021-2024, juni"),
        ("53", "Drøftelse af effektiviseringer i perioden 2021-2024, juni"),
        ("54", "Beslutning om genåbning af caféer og udendørs aktiviteter i Aktive Centre og Toppen"),
        ("55", "Beslutning om opfølgning på politikker og strategier på udvalgets område"),
        ("56", "Status på kommunalbestyrelsens arbejdsprogram 2020+"),
        ("57", "Orienteringer"),
        ("58", "Underskriftsark"),
    ],
    ROSKILDE: [
        ("42", "Beslutninger om dagsordenen"),
        ("43", "Meddelelser fra formanden"),
        ("44", "Ny strategiplan for Museet for Samtidskunst"),
    ],
    HEDENSTED: [
        ("1", "Godkendelse af dagsorden"),
        ("2", "Godkendelse af referat"),
        ("3", "Lokal Fællesvarme - udmøntning af midler"),
    ],
    SLAGELSE_FSU: [("1", "Godkendelse af dagsorden (B)"), ("2", "Budget 2021 - Forebyggelses- og Seniorudvalget (B)")],
    SLAGELSE_OEU: [
        ("1", "Godkendelse af dagsorden (B)"),
        ("2", "Siden sidst fra udvalgets medlemmer (O)"),
        ("3", "Orientering fra borgmester og kommunaldirektør (O)"),
    ],
    RODOVRE: [
        ("129", "Spørgetid"),
        ("130", "Tillæg 1 til Lokalplan 145 Udvidelse af delområde F og G - endelig vedtagelse"),
    ],
    FREDENSBORG_BY: [("178", "Godkendelse af dagsordenen")],
    FREDENSBORG_OEU: [("60", "Godkendelse af dagsordenen")],
    STEVNS: [
        ("159", "Dagsorden - godkendelse"),
        ("160", "Temadrøftelse af Statsvej til motorvejen"),
        ("161", "Diverse orienteringer - ØU den 22. oktober 2018"),
        ("162", "Underskriftsark"),
    ],
    THISTED: [("136", "Godkendelse af dagsorden"), ("137", "Kommunalbestyrelsen. Mødeplan 2023")],
    VEJEN: [
        ("1", "Temamøde - Diger (B)"),
        ("2", "Orientering om udbud af indsamling af og beholderindkøb til madaffald (B)"),
    ],
    MARIAGERFJORD: [("131", "Godkendelse af dagsorden"), ("132", "Højdevej 13 - Byggesag i partshøring")],
    REGIONH_FU: [
        ("1", "Godkendelse af dagsorden"),
        ("2", "Den prioriterede liste for indsatsen på jordforureningsområdet i 2023"),
        ("3", "Forslag til PFAS-aktiviteter i 2023"),
        ("4", "Udmøntning af budgetmidler for uddannelse 2022"),
        ("5", "Udmøntning af budgetmidler for kultur 2022"),
        ("6", "Høring af LAG Fjordlandets udviklingsstrategi"),
        ("7", "Status for overholdelse af udredningsret og målopfyldelse af forløbstider i kræftpakker"),
        ("8", "Ombygning på Afdeling for Karkirurgi på Rigshospitalet"),
        ("9", "Status på Akuttelefonen 1813"),
        ("10", "Mødeplan 2023 for forretningsudvalget"),
        ("11", "Generel orientering fra ledelsen"),
        ("12", "Eventuelt"),
        ("13", "Underskriftsark"),
    ],
    REGIONH_RR_2021: [
        ("1", "Ændring af Styrelsesvedtægt for Region Hovedstaden (2. behandling)"),
        ("2", "Valgklage"),
    ],
    REGIONH_RR_2022: [
        ("1", "Godkendelse af dagsorden"),
        ("2", "Region Hovedstadens hjælp til at få ukrainske flygtninge i arbejde"),
        (
            "3",
            "Medlemsforslag fra Enhedslisten om henvendelse til regeringen om undtagelse fra lofter og finansiering af "
            "øgede udgifter",
        ),
        (
            "4",
            "Medlemsforslag fra Enhedslisten, Socialistisk Folkeparti, Radikale Venstre og Socialdemokratiet om "
            "retningslinjer mod racisme",
        ),
        ("5", "Opfølgning på Regional Udviklings samarbejde med Jiangsu-provinsen i Kina og fremadrettet indsats"),
        ("6", "Lånesag 2022"),
        ("7", "Godkendelse af kommissorium for det midlertidige forskningsudvalg"),
        ("8", "Administrationsgrundlag for ”Kulturpulje til næste generation”, samt plan for udmøntning"),
        (
            "9",
            "Ekspropriation af del af ejendommen Ravnsbjergvej 1 til placering af afværgeanlæg i forhold til "
            "grundvandsforurening",
        ),
        ("10", "Udpegning af to repræsentanter af regionsrådet til STRING"),
        ("11", "Valg af og antal medlemmer til sundhedssamarbejdsudvalget og valg til sundhedsklynger"),
        ("12", "Ny udpegning til Bornholms Sundheds- og Sygeplejeskole bestyrelse"),
        ("13", "Ny udpegning til Kvalitets- og efteruddannelsesudvalget for almen praksis i Region Hovedstaden"),
        (
            "14",
            "Regionsrådsmedlem Tormod Olsens (Ø) midlertidige fravær - indtræden af stedfortræder og fordeling af "
            "poster",
        ),
        ("15", "Tegningsret for koncerndirektør Anne Skriver Andersen"),
        ("16", "Lukket punkt"),
        ("17", "Lukket punkt"),
        ("18", "Lukket punkt"),
        ("19", "Lukket punkt"),
        ("20", "Lukket punkt"),
        ("21", "Underskriftsark"),
    ],
    REGIONH_FR: [
        ("1", "Beslutningssag: Valg af formand og næstformand"),
        ("2", "Beslutningssag: Forretningsorden for fastholdelses- og rekrutteringsudvalget 2022-2025"),
        ("3", "Beslutningssag: Mødeplan for 2022"),
        ("4", "Drøftelsessag: Udvalgets ønsker til konkrete politiske emner og prioriteringer for perioden 2022-2025"),
        ("5", "Drøftelsessag: Det handler om arbejdsliv - en plan for fastholdelse og rekruttering i sundhedsvæsenet"),
        ("6", "Eventuelt"),
        ("7", "Underskriftsark"),
    ],
    RM_RR: [],
    RM_RU: [("1", "Miljøstyrelsens afgørelse om at ophæve påbud om afværgetiltag på Rønland")],
    RN_2020: [("1", "Meddelelse fra formanden")],
    RN_2021: [("1", "Meddelelse fra formanden")],
    RSJ_RR: [
        ("1", "Godkendelse af dagsorden"),
        ("2", "Forslag til Plan for udvikling af dialyseområdet 2021-2025"),
        ("3", "Beslutning om vedtagelse af Råstofplan 2020"),
        ("4", "Optagelse af lån vedrørende 2020"),
        ("5", "Bevillingsændringer marts 2021"),
        ("6", "Anlægsbevilling til etablering af Audiologi i Køge"),
        ("7", "Anlægsbevilling til indkøb af mobile skabe"),
        ("8", "Kvartalsrapport for Universitetshospital Køge 4. kvartal 2020"),
        ("9", "Varetagelse af evt. fornyet fintælling ved valget til Regionsrådet"),
        ("10", "Beslutning om tilladelse til råstofindvinding til BaneDanmark på Engmosevej 6A i Guldborgsund Kommune"),
        ("11", "Indstilling af medlemmer til to videnskabsetiske medicinske komiteer"),
        ("12", "Beslutning om udpegning til national DK2020 politisk partnerskabsgruppe"),
        ("13", "Udpegning af delegerede t"),  # the stored text stops here
    ],
    RSJ_NS: [
        ("1", "Godkendelse af dagsorden"),
        ("2", "Status på vandkantsmodel og etablering af nærklinik i Nakskov"),
    ],
    RSD_FU: [
        ("1", "3. økonomi og aktivitetsrapportering"),
        ("2", "Budgetopfølgning 2007"),
        ("3", "Region Syddanmarks strategi for indsatsen over for jordforurening"),
        ("4", "Budget 2008 - Hospicer i Region Syddanmark"),
        ("5", "Forslag til Uddannelsesstrategi for Region Syddanmark"),
        ("6", "Godkendelse af udbud af gymnasiernes studieretninger"),
        ("7", 'Henvendelse til skatteministeren om afskaffelse af CO2-afgift på "grøn el" - Udkast til skrivelse'),
    ],
    RSD_SU: [
        ("1", "Orientering om høring af national demenshandlingsplan 2025"),
        ("2", "Orientering om status for specialeplanlægning"),
        ("3", "Opfølgning på fremrykkede anskaffelser 2016"),
        ("4", "Udmøntning af besparelse ved samling af varicebehandling i Brørup"),
        ("5", "Afrapportering på løft af kvaliteten på fødeafdelingerne fra Aftale om Finansloven for 2015"),
        ("6", "Mødeplan"),
        ("7", "Meddelelser"),
        ("8", "Siden sidst"),
        ("9", "Eventuelt"),
        ("10", "Salg af arealer"),
        ("11", "Eventuelt"),
    ],
    RSD_RU: [
        ("1", "Afrapportering fra studiebesøg i Bruxelles for Udvalget for Regional Udvikling"),
        ("2", "Orientering om det dansk-tyske samarbejde"),
        ("3", "Handlingsplan for det internationale samarbejde 2010-2013 – Valg af europæisk region til nye samarbejdsrelationer"),
        ("4", "Projekt Low Carbon Economy Regions - grøn vækst over grænser"),
        ("5", "Revision af Strategi for Bæredygtig Udvikling"),
        ("6", "Partnerskabsaftale mellem Region Syddanmark samt University College Lillebælt og University College Syddanmark"),
        ("7", 'Uddannelsespuljen - Afslutning af projektet "Videre med Uddannelse"'),
        ("8", 'Uddannelsespuljen - Afslutning af projektet "Innovative undervisningsmetoder"'),
        ("9", "Studieretninger på gymnasier 2011"),
        ("10", "Kapacitet på gymnasierne"),
        ("11", "Høringssvar vedr. 2-årig hf i Odense"),
        ("12", "Forslag til tillæg nr. 4 for et råstofgraveområde ved Stenløse i Odense Kommune."),
        ("13", "Forslag til tillæg nr. 5 for et råstofgraveområde ved Bramstrup Gods i Faaborg-Midtfyn Kommune."),
        ("14", "Råstofgravning uden for råstofplanens graveområder - Korsagervej 2, matr.nr. 13o Davinde, Odense Kommune"),
        ("15", "Orientering fra regionsrådets medlemmer i bestyrelserne for Sydtrafik og Fynbus"),
        ("16", "Meddelelser"),
        ("17", "Eventuelt"),
        ("18", "Næste møde"),
    ],
    RSD_UA: [
        ("1", "Temadrøftelse om ”Flere faglærte”"),
        ("2", "Uddybning vedr. Uddannelsesbarometer 2018"),
        ("3", "Input til næste møde i Uddannelsespanelet den 27. maj 2019"),
        ("4", "Nye adgangskrav til de gymnasiale uddannelser"),
        ("5", "Danske Regioners udspil ”Fremtidssikrede ungdomsuddannelser”"),
        ("6", "Status på Røgfri Ungdomsuddannelser"),
        ("7", "Eventuelt"),
        ("8", "Næste møde"),
    ],
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(ITEMS))
def test_every_item_number_and_title_the_page_shows(name):
    assert [(i.number, i.title) for i in read(name).items] == ITEMS[name]
    assert [i.order for i in read(name).items] == list(range(len(ITEMS[name])))


def test_closed_items_show_their_title_only():
    assert [i.number for i in read(STEVNS).items if i.closed] == ["161", "162"]
    assert [i.number for i in read(REGIONH_RR_2022).items if i.closed] == ["16", "17", "18", "19", "20"]
    assert [i.number for i in read(RSD_SU).items if i.closed] == [
        "10",
        "11",
    ]  # "10. LUKKET PUNKT - Salg af arealer"
    closed = item(STEVNS, "161")
    assert (closed.decision, closed.resume, closed.case_text) == (None, "", "")


def test_a_table_of_contents_is_not_read_twice_and_a_heading_printed_twice_is_one_item():
    # Holbæk lists 49-58 before the items; Slagelse and Roskilde print each heading twice.
    assert [i.number for i in read(HOLBAEK).items].count("49") == 1
    assert len(read(SLAGELSE_OEU).items) == 3
    assert len(read(ROSKILDE).items) == 3


def test_numbered_lines_inside_an_item_are_not_items():
    # "1. dagsorden for mødet den 4. juni bliver godkendt" (Holbæk), "1. Afbud. Der var afbud fra ..." (eDoc)
    assert item(HOLBAEK, "49").recommendation.startswith(
        "Administrationen indstiller, at:\n1. dagsorden for mødet"
    )
    assert [i.number for i in read(RN_2020).items] == ["1"]
    assert "1. Afbud. Der var afbud fra Jørgen Hansen" in item(RN_2020, "1").decision.text


# --- case numbers ------------------------------------------------------------------------------------------

CASES = {
    (SLAGELSE_FSU, "1"): "330-2020-164",  # "Sagsnr.: 330-2020-164   Dok.nr.: 330-2020-488200   Åbent"
    (SLAGELSE_FSU, "2"): "330-2020-29711",
    (SLAGELSE_OEU, "1"): "330-2018-3619",
    (ROSKILDE, "42"): "299835",  # "Sagsnr. 299835 Kultur- og Idrætsudvalget Åbent punkt"
    (ROSKILDE, "44"): "315923",
    (VEJEN, "1"): "19/2484",  # "Sagsnummer: 19/2484"
    (VEJEN, "2"): "18/1039",
    (MARIAGERFJORD, "131"): "85.02.02-G01-5-17",  # the KLE number on the line above the item
    (MARIAGERFJORD, "132"): "02.34.02-P19-12-20",
    (RSD_FU, "1"): "07/5773",  # "Sagsnr:" with the number two lines down
    (RSD_SU, "1"): "16/34038",  # printed above the item's heading
    (RSD_RU, "1"): "10/9778",
    (RSD_UA, "1"): "19/3143",
}


@pytest.mark.parametrize(("name", "number"), sorted(CASES))
def test_case_numbers(name, number):
    assert item(name, number).case_number == CASES[(name, number)]


def test_an_item_without_a_printed_case_number_has_none():
    assert item(HVIDOVRE, "1").case_number is None
    assert item(RSJ_NS, "1").case_number is None  # "Brevid: 4225075" is a letter's id, not a case number


# --- decisions -------------------------------------------------------------------------------------------

DECISIONS = {
    # (file, item): (first words of the decision, outcomes)
    (HVIDOVRE, "1"): ("Afbud fra Benthe Viola Holm stedfortræder Anders Liltorp", ["godkendt"]),
    (HVIDOVRE, "2"): ("Borgmesteren orienterede om en kommende sag vedrørende Sønderkærskolen", None),
    (BRONDERSLEV, "1"): ("Martin Bech, Bettina Bøcker Kjeldsen og Niels Vestergaard Salling.", None),
    (BRONDERSLEV, "2"): ("Ingen.\nMartin Bech, Bettina Bøcker Kjeldsen og Niels Vestergaard Salling var fraværende.", None),
    (BRONDERSLEV, "3"): ("Kim Østergaard og Ole Andersen godkendt", None),
    (BRONDERSLEV, "4"): ("• Markedsføring/branding af kommunen, hvem har besluttet", None),
    (KOEGE, "1"): ("Godkendt.\nSag 3 udgår.", ["godkendt"]),
    (HOLBAEK, "49"): ("Godkendt", ["godkendt"]),
    (ROSKILDE, "42"): ("Tillægsdagsordenen blev optaget på dagsordenen som punkt 55.\nHerefter godkendt.", None),
    (ROSKILDE, "43"): ("• Standerhejsning i Roskilde Roklub", None),
    (ROSKILDE, "44"): ("Drøfte", None),  # the stored text stops in the word
    (HEDENSTED, "1"): ("Godkendt\nPeter Andersen, Gert winther og Linda Peitersen deltog ikke på mødet.", ["godkendt"]),
    (HEDENSTED, "2"): ("Godkendt.", ["godkendt"]),
    (SLAGELSE_FSU, "1"): ("Godkendt med den ændring, at Sag nr. 7 - Ældrerådsvalg 2021 - udsættes", None),
    (SLAGELSE_OEU, "1"): ("Godkendt.", ["godkendt"]),
    (SLAGELSE_OEU, "2"): ("Brev til regionen vedrørende nedlæggelse af busruter er afsendt.", None),
    (SLAGELSE_OEU, "3"): ("Ole Kristensen orienterede om henvendelse fra Vestermose Skole", None),
    (RODOVRE, "129"): ("Taget til efterretning.", ["taget til efterretning"]),
    (RODOVRE, "130"): ("Godkendt.", ["godkendt"]),
    (FREDENSBORG_BY, "178"): ("Dagsordenen blev godkendt.\nFor så vidt angår sag 179 foreslog borgmesteren", None),
    (FREDENSBORG_OEU, "60"): ("Dagsordenen blev godkendt.\nVedr. sag 92 blev det drøftet", ["godkendt", "drøftet"]),
    (STEVNS, "159"): ("Ikke til stede: Bjarne Nielsen (V) og Steen Nielsen (A)", ["godkendt"]),
    (STEVNS, "160"): ("Ikke til stede: Bjarne Nielsen (V) og Steen Nielsen (A)", None),
    (THISTED, "136"): ("Godkendt.", ["godkendt"]),
    # Bare verdicts of the committee: both outcomes of "Drøftet og taget til efterretning." are stated.
    (VEJEN, "1"): (
        "Drøftet og taget til efterretning.\nAfbud: Claus Grimm (Løsgænger)",
        ["drøftet", "taget til efterretning"],
    ),
    (VEJEN, "2"): ("Orientering taget til efterretning.", ["taget til efterretning"]),
    (MARIAGERFJORD, "131"): ("Indledningsvist var der dialogmøde med Mariager Vandværk", None),
    (REGIONH_FU, "1"): ("Dagsordenen blev godkendt.\nMartin Geertsen (V) forlod mødet kl. 12:03", ["godkendt"]),
    (REGIONH_FU, "2"): ("Anbefalet.\nJesper Hammer (D), Peter Westermann (F) og Tormod Olsen (Ø)", ["anbefalet"]),
    (REGIONH_FR, "1"): ("Godkendt, idet Susanne Due Kristiensen (A) vælges som formand.", ["godkendt"]),
    (RN_2020, "1"): ("Følgende emner blev nævnt under dette punkt på Regionsrådets møde den 22. december 2020:", None),
    (RSJ_NS, "1"): ("Dagsorden blev godkendt.", ["godkendt"]),
}  # fmt: skip


@pytest.mark.parametrize(("name", "number"), sorted(DECISIONS))
def test_decisions(name, number):
    start, outcomes = DECISIONS[(name, number)]
    decision = item(name, number).decision
    assert decision is not None and decision.text.startswith(start)
    if outcomes is not None:
        assert decision.outcomes == outcomes


def test_items_the_page_shows_no_decision_for_have_none():
    decided = {number for name, number in DECISIONS if name == REGIONH_FU}
    assert [i.number for i in read(REGIONH_FU).items if i.decision] == sorted(decided, key=int)
    assert item(KOEGE, "2").decision is None  # the text stops in its recommendation
    assert all(i.decision is None for i in read(HOLBAEK).items if i.number != "49")


def test_another_bodys_decision_is_a_step_of_the_case_not_the_items_decision():
    # Rødovre quotes the committees' decisions before its own "Beslutning".
    route = item(RODOVRE, "130").case_route
    assert [(s.body_name, s.date, s.number, s.text) for s in route] == [
        ("Teknik- og Miljøudvalget", dt.date(2019, 9, 10), "65", "Anbefales."),
        ("Økonomiudvalget", dt.date(2019, 9, 18), "153", "Indstilles godkendt."),
    ]
    assert item(RODOVRE, "130").decision.text == "Godkendt."
    # Region Hovedstaden: "Miljø- og klimaudvalgets beslutning den 2. november 2022:" under the FU's own.
    step = item(REGIONH_FU, "2").case_route[0]
    assert (step.body_name, step.date) == ("Miljø- og klimaudvalget", dt.date(2022, 11, 2))
    assert step.text.startswith("Anbefalet.\nThomas Rohden (B), Bergur Løkke Rasmussen (V)")
    # An agenda that quotes the council's first reading (30 November) records no decision of 7 December.
    first_reading = item(REGIONH_RR_2021, "1")
    assert first_reading.decision is None
    assert [(s.body_name, s.date) for s in first_reading.case_route] == [
        ("Regionsrådet", dt.date(2021, 11, 30))
    ]
    assert first_reading.case_route[0].text.startswith("Godkendt.")


def test_the_headed_texts_of_an_item():
    museum = item(ROSKILDE, "44")
    assert museum.resume.startswith("Museet for Samtidskunst har udarbejdet en ny vision og strategi")
    assert museum.recommendation == (
        "Forvaltningen indstiller, at vision og strategi 2019-21 for Museet for Samtidskunst drøftes."
    )
    assert museum.case_text.startswith("Museet for Samtidskunst har gennem efteråret drøftet ny strategi")
    assert [h for h, _ in museum.other_texts] == ["Beslutningskompetence", "Økonomi"]
    assert item(RODOVRE, "130").resume.startswith(
        "Forslag til Tillæg 1 til Lokalplan 145 har været i offentlig"
    )
    assert item(REGIONH_FU, "2").background.startswith("Regionsrådet skal i henhold til § 18")
    assert item(RM_RU, "1").recommendation.startswith("Direktionen indstiller,\nat orienteringen")
    assert item(HEDENSTED, "1").recommendation == "Administrationen indstiller\nat dagsordenen godkendes"
    thisted = dict(item(THISTED, "136").other_texts)
    assert thisted["Retsgrundlag"] == "Forretningsordenen for Kommunalbestyrelsen § 5"
    assert item(THISTED, "136").recommendation == "Til godkendelse."
    assert ("Sagsforløb", "BY") in item(BRONDERSLEV, "3").other_texts
    assert item(BRONDERSLEV, "3").resume.startswith("Byrådet anmodes om at godkende, at 1. stedfortræder")


def test_page_chrome_is_not_minutes():
    for name in (BRONDERSLEV, HVIDOVRE, HEDENSTED, RSD_UA, RN_2020):
        meeting = read(name)
        texts = " ".join(
            f"{i.title} {i.resume} {i.case_text} {i.recommendation} {i.decision.text if i.decision else ''}"
            for i in meeting.items
        )
        for chrome in (
            "Til toppen",
            "cookie",
            "Klik her for at folde ud",
            "fold dette punkt ind",
            "Udskriv",
            "Forsidepil",
        ):
            assert chrome.lower() not in texts.lower()
    assert (
        item(HEDENSTED, "1").title == "Godkendelse af dagsorden"
    )  # "...dagsordenKlik her for at folde ud ..."


# --- attendance ----------------------------------------------------------------------------------------------


def test_hvidovre_members_absentees_and_substitutes():
    meeting = read(HVIDOVRE)
    present = names(meeting, PRESENT)
    assert present[:3] == ["Annette Møller Sjøbeck", "Arne Bech", "Charlotte H. Larsen"]
    assert len(present) == 18 + 2  # the 18 members listed, and the two substitutes of "Bemærkninger"
    assert names(meeting, ABSENT) == ["Benthe Viola Holm", "Mikkel Dencker", "Mogens Leo Hansen"]
    by_name = {a.name: a for a in meeting.attendance}
    assert by_name["Kashif Ahmad"].party == "UP"
    assert (by_name["Anders Liltorp"].substitute_for, by_name["Anders Liltorp"].substitute_kind) == (
        "Benthe Viola Holm",
        "stedfortræder",
    )
    assert by_name["Gert Wahl"].substitute_for == "Mogens Leo Hansen"
    assert meeting.attendance_complete


ATTENDANCE = {
    # file: (present, absent) counts, and names of the absent
    KOEGE: (7, []),
    RODOVRE: (18, ["Britt Jensen", "Brian Møller"]),
    THISTED: (27, []),
    BRONDERSLEV: (0, ["Martin Bech", "Bettina Bøcker Kjeldsen", "Niels Vestergaard Salling"]),
    ROSKILDE: (1, ["Evan Lynnerup"]),
    HEDENSTED: (2, ["Peter Andersen", "Gert winther", "Linda Peitersen"]),  # "Gert winther" as printed
    STEVNS: (0, ["Bjarne Nielsen", "Steen Nielsen"]),
    VEJEN: (0, ["Claus Grimm"]),
    MARIAGERFJORD: (0, ["Peter Muhl"]),
    REGIONH_RR_2022: (7, ["Sofie de Bretteville Olsen"]),
    REGIONH_FR: (10, ["Bergur Løkke Rasmussen"]),
    RM_RR: (1, ["Poul Erik Christensen", "Aleksander Aagaard"]),
    RSJ_RR: (41, ["Camilla Aff Bredegaard"]),
    RSJ_NS: (8, ["Christian Wedell-Neergaard"]),
    # "Afbud: ..., Bente Gertz Hansn." (sic): the misprint is another name, so Bente Gertz Hansen stays present
    RSD_FU: (14, ["Poul Weber", "Bo Libergren", "Poul-Erik Svendsen", "Bente Gertz Hansn"]),
    RSD_SU: (10, ["Pierre Topaz"]),
    RSD_RU: (9, ["Hans Philip Tietje", "Margot Torp"]),
    RSD_UA: (8, ["Morten Weiss-Pedersen"]),
    RN_2020: (0, ["Jørgen Hansen", "Jørgen Rørbæk Henriksen", "Arne Nielsen"]),
    RN_2021: (0, ["Lina H. Jespersen", "Jette Ramskov"]),
    HOLBAEK: (0, []),
    SLAGELSE_OEU: (0, []),
    FREDENSBORG_BY: (0, []),
}


@pytest.mark.parametrize("name", sorted(ATTENDANCE))
def test_attendance_counts_and_absentees(name):
    present, absent = ATTENDANCE[name]
    meeting = read(name)
    assert len(names(meeting, PRESENT)) == present
    assert names(meeting, ABSENT) == absent


def test_attendance_details():
    rodovre = {a.name: a for a in read(RODOVRE).attendance}
    assert rodovre["Erik Nielsen"].party == "A"  # "Formand Erik Nielsen (A)": the title is not the name
    assert (rodovre["Birgitte Glifberg"].substitute_for, rodovre["Birgitte Glifberg"].substitute_kind) == (
        "Brian Møller",
        "suppleant",
    )
    koege = {a.name: a.party for a in read(KOEGE).attendance}
    assert koege == {
        "Erling Larsen": "A", "Ken Kristensen": "V", "Lene Møller Nielsen": "A", "Mette Jorsø": "V",
        "Niels Rolskov": "Ø", "Thomas Kampmann": "C", "Torben Haack": "F",
    }  # fmt: skip
    roskilde = {a.name: a for a in read(ROSKILDE).attendance}
    assert (roskilde["Marianne Kiærulff"].substitute_for, roskilde["Marianne Kiærulff"].party) == (
        "Evan Lynnerup",
        "V",
    )
    rm = {a.name: a for a in read(RM_RR).attendance}
    # "I stedet deltog stedfortræder Palle Quistgaard. Der mødte ikke stedfortræder for Poul Erik Christensen."
    assert (rm["Palle Quistgaard"].status, rm["Palle Quistgaard"].substitute_for) == (
        PRESENT,
        "Aleksander Aagaard",
    )
    rsj = {a.name: a for a in read(RSJ_RR).attendance}
    assert (rsj["Heino Knudsen"].party, rsj["Jørgen Holst"].party, rsj["JohnFobian-Madsen"].party) == (
        "A",
        None,
        "A",
    )
    assert {a.name: a.party for a in read(RSD_SU).attendance}["Holger Gorm Petersen"] == "D"  # "Name, D"
    ua = {a.name: a for a in read(RSD_UA).attendance}
    assert (
        ua["Marianne Thomsen"].substitute_for == "Vicky B. Lorenzen"
    )  # "(midlertidigt for Vicky B. Lorenzen)"
    regionh = {a.name: a for a in read(REGIONH_RR_2022).attendance}
    # "Sofie de Bretteville Olsen: Afbud (Stedfortræder Jarl Feyling, fraværende ved sag 1-4. )"
    assert (regionh["Jarl Feyling"].status, regionh["Jarl Feyling"].substitute_for) == (
        PRESENT,
        "Sofie de Bretteville Olsen",
    )
    hedensted = {a.name: a for a in read(HEDENSTED).attendance}
    assert (hedensted["Kenneth Dahl"].substitute_kind, hedensted["Morten Juhl"].status) == (
        "suppleant",
        PRESENT,
    )


def test_a_list_cut_off_by_the_end_of_the_text_is_incomplete():
    assert not read(REGIONH_RR_2022).attendance_complete  # the stored text stops at "• Nicol"
    assert read(RSD_UA).attendance_complete


def test_an_agenda_lists_members_not_attendance():
    meeting = read(REGIONH_RR_2021)
    assert meeting.attendance == []
    assert any("lists 41 members" in w for w in meeting.warnings)


def test_a_line_of_names_without_a_label_is_not_guessed_to_be_attendance():
    meeting = read(FREDENSBORG_BY)
    assert meeting.attendance == []
    assert any("Lars Egedal (V), Hans Nissen (A)" in w for w in meeting.warnings)
    assert "Lars Egedal" not in item(FREDENSBORG_BY, "178").resume


# --- absences from some items ------------------------------------------------------------------------------

ABSENT_FROM = {
    (RODOVRE, "129"): ["Britt Jensen", "Brian Møller"],  # "Britt Jensen (A), sag 129-138"
    (RODOVRE, "130"): ["Britt Jensen", "Brian Møller"],
    (REGIONH_RR_2022, "1"): ["Jarl Feyling"],  # "fraværende ved sag 1-4"
    (REGIONH_RR_2022, "4"): ["Jarl Feyling"],
    (REGIONH_RR_2022, "5"): [],
    (KOEGE, "1"): [],  # "Torben Haack (F) deltog ikke under punkterne 12-15."
    (KOEGE, "2"): [],
    (BRONDERSLEV, "2"): ["Martin Bech", "Bettina Bøcker Kjeldsen", "Niels Vestergaard Salling"],
    (ROSKILDE, "42"): ["Evan Lynnerup"],
    (ROSKILDE, "44"): [],  # the text stops before the item's "Fraværende:"
    (STEVNS, "160"): ["Bjarne Nielsen", "Steen Nielsen"],
    (VEJEN, "2"): ["Claus Grimm"],
    (MARIAGERFJORD, "131"): ["Peter Muhl"],
    (REGIONH_FU, "1"): ["Jesper Hammer", "Peter Westermann", "Tormod Olsen"],
    (REGIONH_FR, "1"): ["Bergur Larsson Lykke Rasmussen"],  # spelled so in the decision
    (RSJ_NS, "1"): ["Christian Wedell-Neergaard"],
    (HEDENSTED, "3"): [],
}


@pytest.mark.parametrize(("name", "number"), sorted(ABSENT_FROM))
def test_members_away_from_an_item(name, number):
    assert item(name, number).absent == ABSENT_FROM[(name, number)]


def test_positions_are_read_from_the_decision():
    stances = {(p.stance, p.name, p.party) for p in item(FREDENSBORG_BY, "178").positions}
    assert ("for", "Bo Hilsted", "A") in stances and ("against", "Kristian Heegaard", "B") in stances
    assert {(p.stance, p.party) for p in item(FREDENSBORG_OEU, "60").positions} >= {
        ("for", "V"),
        ("against", "Ø"),
    }


# --- warnings: every rule that had to guess says so --------------------------------------------------------


def test_what_was_read_from_elsewhere_than_the_header_is_a_warning():
    assert any(
        "'Kultur- og Idrætsudvalget' read from the items' decision headings" in w
        for w in read(ROSKILDE).warnings
    )
    assert any("'ØU den 22. oktober 2018'" in w for w in read(STEVNS).warnings)
    assert any(
        "Meeting date 2022-11-08 read from the decision headings" in w for w in read(REGIONH_FU).warnings
    )
    assert any(
        "Municipality 'Hvidovre Kommune' read from the item texts" in w for w in read(HVIDOVRE).warnings
    )
    assert any("No municipality named" in w for w in read(THISTED).warnings)
    assert any("No region named" in w for w in read(RN_2020).warnings)
    assert any("ends inside item 1" in w for w in read(RSD_RU).warnings)
    assert any("ends at item 13" in w for w in read(RSJ_RR).warnings)
    assert read(RSD_UA).warnings == []


def test_a_municipal_text_that_mentions_a_region_is_not_a_regional_body():
    # Hedensted: "Region Midtjylland har ligeledes finansieret 100.000 kr. til indsatsen."
    assert (read(HEDENSTED).body_kind, read(HEDENSTED).region) == (COMMITTEE, None)


# --- pages the family refuses, with the reason -------------------------------------------------------------


# --- pages whose items print no number or title: numbered in the order printed ------------------------------

# Aabenraa ("Udskriv / Sagsid.: 15/240, Sagsinitialer: jne / Sagsfremstilling ...") and Ishøj ("Resume /
# Sagsfremstilling / ... / Beslutning / Bilag", then the next item's "Resume") print each item's headed texts
# but neither its number nor its title (the page shows them in markup the text lost).
AABENRAA_2015 = "aabenraa-teknik-og-miljoeudvalget-2015-03-04-referat.txt"
AABENRAA_2021_08 = "aabenraa-teknik-og-miljoeudvalget-2021-08-11-referat.txt"
AABENRAA_2021_09 = "aabenraa-teknik-og-miljoeudvalget-2021-09-01-referat.txt"
ISHOEJ_2022_05 = "ishoej-oekonomi-og-planudvalget-2022-05-30-referat.txt"
ISHOEJ_2022_09 = "ishoej-oekonomi-og-planudvalget-2022-09-26-referat.txt"
ISHOEJ_2025 = "ishoej-oekonomi-og-planudvalget-2025-01-20-referat.txt"
IN_ORDER = {
    # file: (body, date, start, place, municipality named in the text, [(case number, decision)] per item)
    AABENRAA_2015: (
        "Teknik- og Miljøudvalget", "2015-03-04", "09:00", "Lokale 412, Skelbækvej", "Aabenraa Kommune",
        [
            ("15/240", "Godkendt."),
            ("15/3279", "Drøftet.\nBesluttet, at der tilføjes et fast punkt relateret til budgettet på dagsordenen "
             "for de kommende møder."),
            ("14/34895", None),  # the stored text stops in its "Driftsregnskab 2014"
        ],
    ),
    AABENRAA_2021_08: (
        "Teknik- og Miljøudvalget", "2021-08-11", "09:00", "Lokale 412, Skelbækvej", None,
        [("20/33839", "Godkendt."), ("20/35762", None)],
    ),
    AABENRAA_2021_09: (
        "Teknik- og Miljøudvalget", "2021-09-01", "09:00", "Lokale 412, Skelbækvej", None,
        [("20/33839", "Godkendt.\nAfbud: Thomas Juhl"), ("20/35762", None)],
    ),
    ISHOEJ_2022_05: (
        "Økonomi- og Planudvalget", "2022-05-30", "16:30", "Rådhuset, Byrådssalen, Ishøj Store Torv 20, etage 2, "
        "2635 Ishøj", None, [(None, "Ingen meddelelser."), (None, None)],
    ),
    ISHOEJ_2022_09: (
        "Økonomi- og Planudvalget", "2022-09-26", "17:00", "Rådhuset, Byrådssalen, Ishøj Store Torv 20, etage 2, "
        "2635 Ishøj", "Ishøj Kommune", [(None, "Tiltrådt med de faldne bemærkninger."), (None, None)],
    ),
    ISHOEJ_2025: (
        "Økonomi- og Planudvalget", "2025-01-20", "16:30", "Rådhuset, Byrådssalen, Ishøj Store Torv 20, etage 2, "
        "2635 Ishøj", None,
        [
            (None, "Foretræde v. Knud Ullerichs og Anne B. Hansen gennemført. Medbragte slides blev omdelt til "
             "udvalget (vedhæftet som bilag 2)."),
            (None, None),
        ],
    ),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(IN_ORDER))
def test_a_page_whose_items_print_no_number_is_read_in_the_order_printed_with_a_warning(name):
    body, date, start, place, municipality, items = IN_ORDER[name]
    meeting = read(name)
    assert (meeting.body_name, meeting.body_kind, meeting.date.isoformat(), meeting.kind) == (
        body, COMMITTEE, date, REFERAT
    )
    assert (meeting.start_time.strftime("%H:%M"), meeting.location, meeting.municipality) == (
        start, place, municipality
    )
    assert [i.number for i in meeting.items] == [str(n) for n in range(1, len(items) + 1)]
    assert all(i.title == "" for i in meeting.items)  # none printed: none made up
    assert [(i.case_number, i.decision.text if i.decision else None) for i in meeting.items] == items
    n = len(items)
    assert f"The page prints no item numbers or titles: its {n} items are numbered 1-{n} in the order printed" in (
        " ".join(meeting.warnings)
    )
    assert detect(text(name)).family == "municipal"


def test_a_council_page_whose_items_print_no_number():
    # "Ishøj Byråd tirsdag den 30. september 2025 kl. 16.00": the council of Ishøj Kommune, its items read in order.
    meeting = parse_document(text("ishoej-byraad-2025-09-30-referat.txt"))
    assert (meeting.body_name, meeting.body_kind, meeting.municipality, meeting.date) == (
        "Byrådet", COUNCIL, "Ishøj Kommune", dt.date(2025, 9, 30)
    )
    assert body_slug(meeting.body_name, municipality=meeting.municipality) == "ishoej-byraadet"
    assert meeting.start_time == dt.time(16, 0)
    assert [(i.number, i.title, i.decision.text if i.decision else None) for i in meeting.items] == [
        ("1", "", "Ingen spørgetid."),
        ("2", "", None),  # the stored text stops in its Sagsfremstilling
    ]
    assert meeting.items[0].case_text.startswith("Ingen spørgetid.\nI henhold til forretningsorden for spørgetid")
    assert meeting.items[1].case_text.startswith("Byrådet besluttede den 7. september 2021")


def test_the_headed_texts_of_an_item_that_prints_no_number_are_its_own():
    first, second = read(ISHOEJ_2022_09).items
    assert first.resume == "Administrationen fremlægger hvert kvartal opfølgning på budget 2022. Dette er den tredje opfølgning i 2022."
    assert first.case_text.startswith("Der er udarbejdet en opfølgning på budgetaftalen 2022")
    assert first.case_text.endswith("Opfølgningen er vedhæftet som bilag. Se bilag 1.")
    assert first.other_texts == [
        ("Lovgrundlag", "Ingen."),
        ("Økonomi", "Orienteringen har ikke økonomiske konsekvenser for Ishøj Kommune."),
    ]
    assert first.recommendation == "at orienteringen tages til efterretning."
    assert first.decision.outcomes == ["tiltrådt"]
    # the next "Resume" after "Beslutning" and "Bilag" opens the second item
    assert second.resume.startswith("Ifølge styrelsesloven skal Økonomi- og Planudvalget udarbejde forslag")
    assert second.case_text.startswith("Budgetforslaget for 2023-2026 blev godkendt ved 1. behandlingen")
    recommended = read(AABENRAA_2015).items[1].recommendation
    assert recommended == "Kultur, Miljø & Erhverv indstiller,\nat tidsplan, procedurer og retning drøftes."


def test_an_enumeration_inside_an_item_that_prints_no_number_is_not_an_item():
    # Ishøj 2025-01-20: "2. Der er mellem regeringen (...) indgået aftale på beredskabsområdet (vedhæftet som
    # bilag 2)." inside the second item's Sagsfremstilling, after the first item's decision.
    meeting = read(ISHOEJ_2025)
    assert [i.number for i in meeting.items] == ["1", "2"]
    assert meeting.items[1].case_text.startswith("1. På Økonomi- og Planudvalgsmødet i december")
    assert "2. Der er mellem regeringen" in meeting.items[1].case_text
    assert [h for h, _ in meeting.items[0].other_texts] == ["Lovgrundlag", "Beslutningstema"]


def test_attendance_of_a_page_whose_items_print_no_number():
    meeting = read(AABENRAA_2021_09)
    assert names(meeting, ABSENT) == ["Thomas Juhl"]  # "Bemærkninger: Afbud: Thomas Juhl"
    assert len(names(meeting, PRESENT)) == 6
    assert meeting.items[0].absent == ["Thomas Juhl"]
    assert len(names(read(AABENRAA_2015), PRESENT)) == 7


def test_a_page_that_prints_no_item_number_and_no_municipality_is_read_with_the_sources():
    with pytest.raises(NotMinutesError, match=r"^no body found: the document names 'Økonomi- og Planudvalget'"):
        parse_document(text(ISHOEJ_2022_05))
    meeting = parse_document(text(ISHOEJ_2022_05), municipality="Ishøj Kommune")
    assert (meeting.municipality, [i.number for i in meeting.items]) == ("Ishøj Kommune", ["1", "2"])
    assert body_slug(meeting.body_name, municipality=meeting.municipality) == "ishoej-oekonomi-og-planudvalget"
    assert parse_document(text(AABENRAA_2015)).municipality == "Aabenraa Kommune"


def test_numbered_items_after_a_decision_keep_their_numbers_when_they_print_headed_texts():
    # Brønderslev's page without its first item's heading ("1. Fraværende"), as a page cut off at its start
    # shows it: item 1's texts and decision come first, then "2. Bemærkninger/ændringer til dagsordenen" with
    # its own Resume and Beslutning. Those are items as printed, not enumerations to renumber.
    lines = text(BRONDERSLEV).split("\n")
    cut = "\n".join(line for line in lines if line.strip() != "Indholdsfortegnelse1. Fraværende")
    meeting = municipal.parse(cut)
    assert [i.number for i in meeting.items] == ["2", "3", "4"]
    assert meeting.items[0].title == "Bemærkninger/ændringer til dagsordenen"
    assert not any("order printed" in w for w in meeting.warnings)


def test_a_page_whose_items_print_no_number_cut_off_anywhere_is_read_or_refused_never_crashes():
    for name in IN_ORDER:
        whole = text(name)
        for cut in range(40, len(whole), 97):
            with contextlib.suppress(NotMinutesError):
                meeting = parse_document(whole[:cut], municipality="Aabenraa Kommune")
                assert [i.number for i in meeting.items] == [str(n) for n in range(1, len(meeting.items) + 1)]


@pytest.mark.parametrize(
    "name",
    [
        "aabenraa-byraadet-2017-09-20-referat.txt",  # the stored text stops inside its first Sagsfremstilling
        "ishoej-teknik-og-bygningsudvalget-2024-08-13-referat.txt",  # stops before any decision
        "ishoej-erhvervs-og-beskaeftigelsesudvalget-2025-09-17-dagsorden.txt",  # an agenda: nothing decided
    ],
)
def test_a_page_whose_items_print_no_number_and_that_records_no_decision_is_refused(name):
    # Numbering items in the order printed is for what is clearly minutes: a date, a body and decisions.
    with pytest.raises(NotMinutesError, match=r"^unknown layout"):
        parse_document(text(name))


def test_a_page_that_begins_mid_page_without_items_is_refused():
    # "Regionsrådets beslutning den 11. marts 2025:" ... with no header, no item heading and no attendance list
    with pytest.raises(NotMinutesError, match=r"^unknown layout"):
        parse_document(text("regionh-regionsraadet-2025-03-11-referat.txt"))


@pytest.mark.parametrize(
    "name",
    [
        "ishoej-erhvervs-og-beskaeftigelsesudvalget-2025-09-17-dagsorden.txt",
        "ishoej-teknik-og-bygningsudvalget-2024-08-13-referat.txt",
        "egebjerg-kommunalbestyrelsen-2002-05-15-referat.txt",
        "lejre-kommunalbestyrelsen-2017-04-24-referat.txt",
        "lejre-oekonomiudvalget-2017-04-18-referat.txt",
        "ballerup-kommunalbestyrelsen-2006-09-25-referat.txt",
        "struer-oekonomiudvalg-2011-03-22-referat.txt",
        "vesthimmerland-sammenlaegningsudvalget-2006-09-18-referat.txt",
        "rebild-oekonomiudvalget-2008-06-18-referat.txt",
    ],
)
def test_pages_without_item_headings_and_flattened_pdf_transcripts_are_not_read(name):
    # Ishøj's stored text has no item titles; docplayer's transcripts lost the digits of item numbers and times
    # and run the table of contents into one line: no family reads them.
    assert municipal.detect(text(name)) is None
    with pytest.raises(NotMinutesError, match=r"^(?:unknown layout|no date found)"):
        parse_document(text(name))


def test_the_family_leaves_kl_and_firstagenda_documents_to_their_families():
    samples = sorted((Path(__file__).resolve().parents[3] / "data" / "samples").glob("*.txt"))
    assert samples and all(municipal.detect(p.read_text(encoding="utf-8")) is None for p in samples)
    for name in ("aarhus-teknisk-udvalg-2025-10-01-referat.html", "aarhus-byraad-2025-10-08-dagsorden.html"):
        # FirstAgenda prints its item numbers on lines of their own: no numbered item for this family
        found = municipal.detect(text(name))
        assert found is None or found.score < detect(text(name)).score


def test_a_cut_off_end_never_crashes():
    for name in MEETINGS:
        whole = text(name)
        for cut in (len(whole) // 3, len(whole) // 2, len(whole) - 7):
            with contextlib.suppress(NotMinutesError):
                municipal.parse(whole[:cut])


def test_parse_speed():
    documents = [text(name) for name in sorted(MEETINGS)]
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for document in documents:
            with contextlib.suppress(NotMinutesError):
                parse_document(document)
        best = min(best, time.perf_counter() - start)
    assert len(documents) / best >= 50, f"{len(documents) / best:.0f} documents/s"


@pytest.mark.parametrize(
    ("line", "number", "title", "closed"),
    [
        ("1. Godkendelse af dagsorden", "1", "Godkendelse af dagsorden", False),
        ("1.   Godkendelse af dagsorden", "1", "Godkendelse af dagsorden", False),
        ("1.Temamøde - Diger (B)", "1", "Temamøde - Diger (B)", False),
        ("38Godkendelse af dagsorden", "38", "Godkendelse af dagsorden", False),
        (" • 159. Dagsorden - godkendelse", "159", "Dagsorden - godkendelse", False),
        (" • Pkt. 42 Beslutninger om dagsordenen", "42", "Beslutninger om dagsordenen", False),
        ("Nr.178 - Godkendelse af dagsordenen", "178", "Godkendelse af dagsordenen", False),
        ("1 (Åben) Godkendelse af dagsorden 4", "1", "Godkendelse af dagsorden", False),
        ("Punkt 135 Budget 2007 og overslagsårene", "135", "Budget 2007 og overslagsårene", False),
        ("1.      3. økonomi og aktivitetsrapportering", "1", "3. økonomi og aktivitetsrapportering", False),
        ("10. LUKKET PUNKT - Salg af arealer", "10", "Salg af arealer", True),
        (
            "161. Diverse orienteringer - ØU den 22. oktober 2018 (Lukket)",
            "161",
            "Diverse orienteringer - ØU den 22. oktober 2018",
            True,
        ),
        ("16. Lukket punkt.", "16", "Lukket punkt", True),
    ],
)
def test_item_headings_in_every_printed_form(line, number, title, closed):
    found = municipal.candidate([line], 0)
    assert (found.number, found.title, found.closed) == (number, title, closed)


@pytest.mark.parametrize(
    "line",
    [
        "1. at Dagsorden godkendes.",
        "1. Afbud. Der var afbud fra Jørgen Hansen, Jørgen Rørbæk Henriksen og Arne Nielsen.",
        "2.000 kr. er afsat",
        "4 ugers høring",
        "1. oktober 2018",
    ],
)
def test_numbered_lines_that_are_no_item_heading(line):
    assert municipal.candidate([line], 0) is None


def test_a_title_above_sag_nr():
    lines = ["Spørgetid", "Sag nr. 129"]  # Rødovre prints the title first
    found = municipal.candidate(lines, 1)
    assert (found.number, found.title, found.first_line) == ("129", "Spørgetid", 0)
