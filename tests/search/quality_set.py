"""The labelled queries of the search-quality harness (docs/search-quality.md), by kind.

Each query is what someone would type, with the items a person reading the documents expects (any one of them
counts as found). Items are named (body slug, meeting date, item number): permalinks, stable across ingests.
The corpus is the five bundled sample minutes and every real document in tests/fixtures/real/ the archive
reads (test_quality_harness.py ingests them). A query of kind "junk" expects nothing at all.

The expected items were judged by reading the documents, not by running the search: a query the search
gets wrong stays in the set and counts as a miss.
"""

from __future__ import annotations

KKR = "kkr-hovedstaden"
AARHUS = "aarhus-byraad"
AARHUS_TU = "aarhus-teknisk-udvalg"
RH_FU = "region-hovedstaden-forretningsudvalget"
RH_RR = "region-hovedstaden-regionsraadet"
RH_FR = "region-hovedstaden-udvalget-for-fastholdelse-og-rekruttering-i-sundhedsvaesenet"
RSJ = "region-sjaelland-regionsraadet"
RSD_RU = "region-syddanmark-udvalget-for-regional-udvikling"
RSD_SU = "region-syddanmark-sundhedsudvalget"
RSD_FU = "region-syddanmark-forretningsudvalget"
RSD_UA = "region-syddanmark-udvalget-for-uddannelse-og-arbejdskraft"
HOLBAEK = "holbaek-udvalget-for-aeldre-og-sundhed"
VEJEN = "vejen-udvalget-for-teknik-og-miljoe"
SLAGELSE_OU = "slagelse-oekonomiudvalget"

J22, A25, S21, F20 = "2022-06-21", "2025-04-11", "2021-09-03", "2020-02-07"
AA25, TU25 = "2025-10-08", "2025-10-01"
FU22, RR22 = "2022-11-08", "2022-03-22"


def kkr(date: str, *numbers: str) -> list[tuple[str, str, str]]:
    return [(KKR, date, n) for n in numbers]


def at(body: str, date: str, *numbers: str) -> list[tuple[str, str, str]]:
    return [(body, date, n) for n in numbers]


# (kind, query, expected items)
QUERIES: list[tuple[str, str, list[tuple[str, str, str]]]] = [
    # case numbers, as printed and as typed
    ("case number", "SAG-2022-02369", kkr(J22, "3.3")),
    ("case number", "sag-2022-02369", kkr(J22, "3.3")),
    ("case number", "sag 2022 02369", kkr(J22, "3.3")),
    ("case number", "EMN-2025-009242", at(AARHUS, AA25, "22") + at(AARHUS_TU, TU25, "2")),
    ("case number", "EMN-2024-035156", at(AARHUS_TU, TU25, "6")),
    ("case number", "EMN-2025-000502", at(AARHUS, AA25, "11")),
    ("case number", "16/34038", at(RSD_SU, "2016-10-25", "1")),
    ("case number", "19/2484", at(VEJEN, "2019-02-18", "1")),
    ("case number", "330-2020-29711", at("slagelse-forebyggelses-og-seniorudvalget", "2021-01-12", "2")),
    # exact titles, copied from a list or a newspaper
    (
        "exact title",
        "Udviklingsplan Aarhus Ø - endelig vedtagelse",
        at(AARHUS, AA25, "22") + at(AARHUS_TU, TU25, "2"),
    ),
    ("exact title", "Status på Akuttelefonen 1813", at(RH_FU, FU22, "9")),
    ("exact title", "Lånesag 2022", at(RH_RR, RR22, "6")),
    (
        "exact title",
        "Ny strategiplan for Museet for Samtidskunst",
        at("roskilde-kultur-og-idraetsudvalget", "2019-04-03", "44"),
    ),
    (
        "exact title",
        "Vedtægt for Hvidovre Kommunes borgerrådgiver",
        at("hvidovre-kommunalbestyrelsen", "2014-10-28", "3"),
    ),
    ("exact title", "Budget 2008 - Hospicer i Region Syddanmark", at(RSD_FU, "2007-12-05", "4")),
    ("exact title", "Kapacitet på gymnasierne", at(RSD_RU, "2011-01-24", "10")),
    ("exact title", "Movias mobilitetsplan 2020", kkr(F20, "3.1")),
    ("exact title", "Rygestopaftale med Region Hovedstaden", kkr(F20, "3.12")),
    ("exact title", "Forslag til PFAS-aktiviteter i 2023", at(RH_FU, FU22, "3")),
    ("exact title", "Etablering af Multihus Hjortshøj", at(AARHUS, "2019-04-03", "1")),
    ("exact title", "Fælles ansvar for nedbringelse af hjemløshed", at(AARHUS, "2019-09-11", "1")),
    (
        "exact title",
        "Status på vandkantsmodel og etablering af nærklinik i Nakskov",
        at("region-sjaelland-udvalget-for-det-naere-sundhedsvaesen", "2020-01-15", "2"),
    ),
    (
        "exact title",
        "Temadrøftelse af Statsvej til motorvejen",
        at("stevns-oekonomiudvalget", "2018-10-22", "160"),
    ),
    # half-remembered: a few words of what the item was about
    ("half-remembered", "vindmøller havnen", at(AARHUS, AA25, "11")),
    ("half-remembered", "metro i aarhus", at(AARHUS, AA25, "14")),
    ("half-remembered", "storskrald genbrug mærkning", at(AARHUS, AA25, "25")),
    ("half-remembered", "kunstgræs", at(AARHUS, AA25, "17")),
    ("half-remembered", "asbest bygherre", at(AARHUS, AA25, "32")),
    ("half-remembered", "tilskud hjemmepasning", at(AARHUS, AA25, "27")),
    ("half-remembered", "ukrainske flygtninge i arbejde", at(RH_RR, RR22, "2")),
    ("half-remembered", "samarbejde med Kina", at(RH_RR, RR22, "5")),
    ("half-remembered", "kræftpakker", at(RH_FU, FU22, "7")),
    ("half-remembered", "dialyse", at(RSJ, "2021-03-08", "2")),
    ("half-remembered", "madaffald udbud", at(VEJEN, "2019-02-18", "2")),
    ("half-remembered", "genåbning af caféer", at(HOLBAEK, "2020-06-04", "54")),
    ("half-remembered", "demens", at(RSD_SU, "2016-10-25", "1")),
    ("half-remembered", "varicebehandling Brørup", at(RSD_SU, "2016-10-25", "4")),
    ("half-remembered", "studiebesøg i Bruxelles", at(RSD_RU, "2011-01-24", "1")),
    ("half-remembered", "CO2-afgift på grøn el", at(RSD_FU, "2007-12-05", "7")),
    ("half-remembered", "støj byggeplads aften", at("koege-klima-og-planudvalget", "2020-01-09", "2")),
    ("half-remembered", "sommergade Jægergårdsgade", at(AARHUS_TU, TU25, "5")),
    ("half-remembered", "busruter nedlægges", at(SLAGELSE_OU, "2018-10-01", "2")),
    # inflected forms of the words in the documents
    ("inflection", "vindmølle", at(AARHUS, AA25, "11")),
    ("inflection", "lejrskole", at(AARHUS, AA25, "12")),
    ("inflection", "rundkørsler", at(AARHUS, AA25, "28")),
    ("inflection", "gymnasiet", at(RSD_RU, "2011-01-24", "9", "10") + at(RSD_FU, "2007-12-05", "6")),
    ("inflection", "hospice", at(RSD_FU, "2007-12-05", "4")),
    ("inflection", "byggesagen", at("mariagerfjord-udvalget-for-teknik-og-miljoe", "2020-06-22", "132")),
    ("inflection", "flygtningene", at(RH_RR, RR22, "2") + kkr(J22, "3.9")),
    ("inflection", "sundhedsklyngen", kkr(J22, "3.4") + at(RH_RR, RR22, "11")),
    ("inflection", "lærepladserne", kkr(S21, "3.4")),
    ("inflection", "råstofplanen", at(RSJ, "2021-03-08", "3")),
    ("inflection", "effektivisering", at(HOLBAEK, "2020-06-04", "53")),
    # compounds: a part of a compound the documents use, or a compound they never use
    ("compound", "klynger", kkr(J22, "3.4") + at(RH_RR, RR22, "11")),
    ("compound", "akuttelefon", at(RH_FU, FU22, "9")),
    ("compound", "karkirurgi", at(RH_FU, FU22, "8")),
    ("compound", "fremkommelighed", at(AARHUS_TU, TU25, "6")),
    ("compound", "graveområde", at(RSD_RU, "2011-01-24", "12", "13", "14")),
    ("compound", "strategiplan museum", at("roskilde-kultur-og-idraetsudvalget", "2019-04-03", "44")),
    ("compound", "cykel", at(AARHUS, AA25, "20")),
    ("compound", "uddannelsesstrategi", at(RSD_FU, "2007-12-05", "5")),
    ("compound", "ungdomsuddannelse", at(RSD_UA, "2019-03-07", "5", "6")),
    ("compound", "fysioterapiplan", kkr(J22, "3.5") + kkr(A25, "3.6")),
    ("compound", "samarbejdsudvalget", at(RH_RR, RR22, "11")),
    ("compound", "jordforureningsindsats", at(RSD_FU, "2007-12-05", "3") + at(RH_FU, FU22, "2")),
    ("compound", "hjemløshedsproblem", at(AARHUS, "2019-09-11", "1")),
    # misspellings
    ("misspelling", "sundhedsklyngr", kkr(J22, "3.4") + at(RH_RR, RR22, "11")),
    ("misspelling", "vindmøler", at(AARHUS, AA25, "11")),
    ("misspelling", "hjemløshet", at(AARHUS, "2019-09-11", "1")),
    ("misspelling", "råstofpaln", at(RSJ, "2021-03-08", "3")),
    ("misspelling", "akuttelefonnen", at(RH_FU, FU22, "9")),
    ("misspelling", "gymnasierene", at(RSD_RU, "2011-01-24", "9", "10") + at(RSD_FU, "2007-12-05", "6")),
    ("misspelling", "asbesthåndtring", at(AARHUS, AA25, "32")),
    ("misspelling", "ekspropiation", at(RH_RR, RR22, "9")),
    ("misspelling", "fysioterapie", kkr(J22, "3.5") + kkr(A25, "3.6")),
    ("misspelling", "flygtnige", at(RH_RR, RR22, "2") + kkr(J22, "3.9")),
    ("misspelling", "rygestob", kkr(F20, "3.12")),
    ("misspelling", "kunstgræsbanner", at(AARHUS, AA25, "17")),
    ("misspelling", "dialyseområdt", at(RSJ, "2021-03-08", "2")),
    ("misspelling", "demenshandligsplan", at(RSD_SU, "2016-10-25", "1")),
    ("misspelling", "rekrutering", at(RH_FR, "2022-02-10", "2", "5") + kkr(J22, "3.3")),
    # Danish letters typed without them
    ("no Danish letters", "raastofplan", at(RSJ, "2021-03-08", "3")),
    ("no Danish letters", "hjemloeshed", at(AARHUS, "2019-09-11", "1")),
    ("no Danish letters", "Aabyhoej Idraetscenter", at(AARHUS, AA25, "21")),
    ("no Danish letters", "foedeafdelingerne", at(RSD_SU, "2016-10-25", "5")),
    ("no Danish letters", "aeldrereformen", kkr(A25, "3.1")),
    (
        "no Danish letters",
        "Naerklinik Nakskov",
        at("region-sjaelland-udvalget-for-det-naere-sundhedsvaesen", "2020-01-15", "2"),
    ),
    ("no Danish letters", "okonomiforhandlinger", kkr(A25, "3.5")),
    ("no Danish letters", "Boerne- og ungebyraadet", at(AARHUS, AA25, "12", "13")),
    # members' names
    ("member name", "Keld Hvalsø", at("aarhus-magistraten", "2020-01-27", "1", "2")),
    ("member name", "Almaz Mengesha", at("aarhus-magistraten", "2020-01-27", "2")),
    ("member name", "Martin Geertsen", at(RH_FU, FU22, "1")),
    ("member name", "Tormod Olsen (Ø)", at(RH_RR, RR22, "14") + at(RH_FU, FU22, "1", "2")),
    ("member name", "Anne Skriver Andersen", at(RH_RR, RR22, "15")),
    ("member name", "Susanne Due Kristiensen", at(RH_FR, "2022-02-10", "1")),
    ("member name", "Claus Grimm", at(VEJEN, "2019-02-18", "1", "2")),
    (
        "member name",
        "Christian Wedell-Neergaard",
        at("region-sjaelland-udvalget-for-det-naere-sundhedsvaesen", "2020-01-15", "1"),
    ),
    ("member name", "Torben Haack", at("koege-klima-og-planudvalget", "2020-01-09", "1")),
    ("member name", "Stella Hansen", kkr(J22, "3.4")),
    ("member name", "Astrid Krag", kkr(S21, "3.3")),
    ("member name", "Ole Kristensen", at(SLAGELSE_OU, "2018-10-01", "3")),
    # English words a journalist might try
    ("English", "refugees", at(RH_RR, RR22, "2") + kkr(J22, "3.9")),
    ("English", "hospital capacity", kkr(F20, "3.4")),
    ("English", "culture budget", at(RH_FU, FU22, "5") + at(AARHUS, AA25, "8")),
    ("English", "education budget", at(RH_FU, FU22, "4")),
    ("English", "climate", kkr(F20, "3.6", "3.7") + kkr(J22, "3.2")),
    ("English", "housing Trige", at(AARHUS, AA25, "24")),
    ("English", "recruitment", at(RH_FR, "2022-02-10", "2", "5") + kkr(J22, "3.3")),
    ("English", "cycling", at(AARHUS, AA25, "20")),
    # council synonyms
    ("synonym", "sygehus kapacitet", kkr(F20, "3.4")),
    ("synonym", "medarbejdere mangel", kkr(J22, "3.3")),
    ("synonym", "børnehave private", at(AARHUS, AA25, "18")),
    ("synonym", "grundskole lejrskoler", at(AARHUS, AA25, "12")),
    (
        "synonym",
        "budgetaftale sundhed",
        at(AARHUS, AA25, "5") + at("slagelse-forebyggelses-og-seniorudvalget", "2021-01-12", "2"),
    ),
    ("synonym", "jobcenter", at(AARHUS, AA25, "6")),
    # phrases and operators
    ("phrase", '"negativ social kontrol"', at(AARHUS, AA25, "19")),
    ("phrase", '"grøn vækst"', at(RSD_RU, "2011-01-24", "4")),
    ("phrase", '"Aarhus City Metro"', at(AARHUS, AA25, "14")),
    ("phrase", '"sikrede institutioner"', kkr(A25, "3.11")),
    ("phrase", '"rød løber"', kkr(A25, "3.8")),
    ("phrase", '"Museet for Samtidskunst"', at("roskilde-kultur-og-idraetsudvalget", "2019-04-03", "44")),
    ("operators", "dialyse OR audiologi", at(RSJ, "2021-03-08", "2", "6")),
    ("operators", "metro OR letbane", at(AARHUS, AA25, "14")),
    ("operators", "hospicer OR hospice", at(RSD_FU, "2007-12-05", "4")),
    ("operators", "budgetforslag -ældre", at(AARHUS, AA25, "6", "7", "8", "9", "10")),
    ("operators", "erhvervshus -resultatkontrakt", kkr(A25, "2.1") + kkr(J22, "2.1") + kkr(S21, "2.1")),
    # numbers and years
    ("numbers", "lokalplan 1246", at(AARHUS, AA25, "21")),
    ("numbers", "lokalplan 1204", at(AARHUS, AA25, "23", "24")),
    ("numbers", "lokalplan 145", at("roedovre-kommunalbestyrelsen", "2019-09-24", "130")),
    ("numbers", "1813", at(RH_FU, FU22, "9")),
    ("numbers", "DK2020", kkr(J22, "3.2") + at(RSJ, "2021-03-08", "12")),
    ("numbers", "budget 2026", at(AARHUS, AA25, "2", "3", "4")),
    (
        "numbers",
        "mødeplan 2023",
        at(RH_FU, FU22, "10") + at("thisted-kommunalbestyrelsen", "2022-08-30", "137"),
    ),
    ("numbers", "tillæg nr. 5", at(RSD_RU, "2011-01-24", "13")),
    # an item number with the meeting's date
    ("item on a date", "3.4 21.06.2022", kkr(J22, "3.4")),
    ("item on a date", "punkt 3.11 2025-04-11", kkr(A25, "3.11")),
    ("item on a date", "punkt 22 8. oktober 2025", at(AARHUS, AA25, "22")),
    ("item on a date", "punkt 130 24.09.2019", at("roedovre-kommunalbestyrelsen", "2019-09-24", "130")),
    ("item on a date", "pkt. 6 1/10/2025", at(AARHUS_TU, TU25, "6")),
    # long questions
    ("question", "Hvad besluttede byrådet om vindmøller på Aarhus Havn?", at(AARHUS, AA25, "11")),
    ("question", "Hvornår blev råstofplanen vedtaget?", at(RSJ, "2021-03-08", "3")),
    (
        "question",
        "Hvem blev valgt som formand for fastholdelses- og rekrutteringsudvalget?",
        at(RH_FR, "2022-02-10", "1"),
    ),
    ("question", "Hvad sagde KKR om sundhedsklynger?", kkr(J22, "3.4")),
    ("question", "Hvordan går det med akuttelefonen 1813?", at(RH_FU, FU22, "9")),
    ("question", "hvad skete der med lukningen af Vesterbro Torv", at(AARHUS, AA25, "33")),
    ("question", "hvad gør regionen ved PFAS", at(RH_FU, FU22, "3")),
    ("question", "skal der være flere lejrskoler i grundskolen", at(AARHUS, AA25, "12")),
    # junk: nothing should be found
    ("junk", "xqzzv wqkkj", []),
    ("junk", "qwertyuiop", []),
    ("junk", "asdfgh jklæ", []),
    ("junk", "lorem ipsum dolor", []),
    ("junk", "zzzz 99999", []),
    ("junk", "ħŧŋđ ßðđ", []),
]

# What each misspelt query meant: the "Mente du" suggestion is judged against it.
INTENDED = {
    "sundhedsklyngr": "sundhedsklynger",
    "vindmøler": "vindmøller",
    "hjemløshet": "hjemløshed",
    "råstofpaln": "råstofplan",
    "akuttelefonnen": "akuttelefonen",
    "gymnasierene": "gymnasierne",
    "asbesthåndtring": "asbesthåndtering",
    "ekspropiation": "ekspropriation",
    "fysioterapie": "fysioterapi",
    "flygtnige": "flygtninge",
    "rygestob": "rygestop",
    "kunstgræsbanner": "kunstgræsbaner",
    "dialyseområdt": "dialyseområdet",
    "demenshandligsplan": "demenshandlingsplan",
    "rekrutering": "rekruttering",
}
