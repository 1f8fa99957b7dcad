"""Danish public bodies: the 98 municipalities, the 5 regions and the 5 KKRs, and the slugs of their councils
and committees (CONTRACT.md: `kkr-syddanmark`, `region-syddanmark-regionsraadet`, `aarhus-teknisk-udvalg`)."""

from __future__ import annotations

import re

from danish.slugs import danish_slugify

# fmt: off
_NAMED_KOMMUNE = (
    "Albertslund", "Allerød", "Assens", "Ballerup", "Billund", "Brøndby", "Brønderslev", "Dragør",
    "Egedal", "Esbjerg", "Fanø", "Favrskov", "Faxe", "Fredensborg", "Fredericia", "Frederiksberg",
    "Frederikshavn", "Frederikssund", "Furesø", "Faaborg-Midtfyn", "Gentofte", "Gladsaxe", "Glostrup",
    "Greve", "Gribskov", "Guldborgsund", "Haderslev", "Halsnæs", "Hedensted", "Helsingør", "Herlev",
    "Herning", "Hillerød", "Hjørring", "Holbæk", "Holstebro", "Horsens", "Hvidovre", "Høje-Taastrup",
    "Hørsholm", "Ikast-Brande", "Ishøj", "Jammerbugt", "Kalundborg", "Kerteminde", "Kolding", "Køge",
    "Langeland", "Lejre", "Lemvig", "Lolland", "Lyngby-Taarbæk", "Læsø", "Mariagerfjord", "Middelfart",
    "Morsø", "Norddjurs", "Nordfyns", "Nyborg", "Næstved", "Odder", "Odense", "Odsherred", "Randers",
    "Rebild", "Ringkøbing-Skjern", "Ringsted", "Roskilde", "Rudersdal", "Rødovre", "Samsø", "Silkeborg",
    "Skanderborg", "Skive", "Slagelse", "Solrød", "Sorø", "Stevns", "Struer", "Svendborg", "Syddjurs",
    "Sønderborg", "Thisted", "Tønder", "Tårnby", "Vallensbæk", "Varde", "Vejen", "Vejle",
    "Vesthimmerlands", "Viborg", "Vordingborg", "Ærø", "Aabenraa", "Aalborg", "Aarhus",
)
# fmt: on
#: The municipalities by their short name, with their official names.
MUNICIPALITIES: dict[str, str] = {name: f"{name} Kommune" for name in _NAMED_KOMMUNE} | {
    "København": "Københavns Kommune",
    "Bornholm": "Bornholms Regionskommune",
}

#: The regions by their short name, with their official names; KKR <short name> is the region's KKR.
REGIONS: dict[str, str] = {
    name: f"Region {name}" for name in ("Hovedstaden", "Sjælland", "Syddanmark", "Midtjylland", "Nordjylland")
}

_BY_OFFICIAL = {official.lower(): short for short, official in MUNICIPALITIES.items()}
_MUNICIPALITY_NAMED = re.compile(
    r"\b(" + "|".join(re.escape(o) for o in sorted(MUNICIPALITIES.values(), key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)
# A municipality's own council or town hall names it too: "Brønderslev Rådhus", "Aarhus Byråd",
# "Byrådssalen, Holbæk Rådhus" (capitalised, as names are written).
_OWN_INSTITUTION = re.compile(
    r"\b("
    + "|".join(re.escape(short) for short in sorted(MUNICIPALITIES, key=len, reverse=True))
    + r")s?\s+(?:Rådhus|Byråd(?:et)?|Kommunalbestyrelse(?:n)?)\b"
)


def municipality_short(official: str) -> str:
    """`Københavns Kommune` → `København`; `Aarhus Kommune` → `Aarhus`; unknown names pass through."""
    return _BY_OFFICIAL.get(official.lower(), official)


def find_municipality(text: str) -> str | None:
    """The official name of the municipality `text` names most often ("Aarhus Kommune"), or None: by its
    name, or by its own town hall or council ("Brønderslev Rådhus", "Aarhus Byråd")."""
    counts: dict[str, int] = {}
    for match in _MUNICIPALITY_NAMED.finditer(text):
        official = MUNICIPALITIES[_BY_OFFICIAL[match.group(1).lower()]]
        counts[official] = counts.get(official, 0) + 1
    for match in _OWN_INSTITUTION.finditer(text):
        official = MUNICIPALITIES[match.group(1)]
        counts[official] = counts.get(official, 0) + 1
    return max(counts, key=lambda name: counts[name]) if counts else None


def body_slug(name: str, *, municipality: str | None = None, region: str | None = None) -> str:
    """The slug of a council or committee: `kkr-<region>` for a KKR (from its name), `region-<region>-<body>`
    for a region's body, `<municipality>-<body>` for a municipality's, else the slug of the name alone."""
    body = danish_slugify(name)
    if municipality:
        return f"{danish_slugify(municipality_short(municipality))}-{body}"
    if region and not body.startswith("kkr-"):
        short = region.removeprefix("Region ").strip()
        return f"region-{danish_slugify(short)}-{body}"
    return body


def official_authority(name: str) -> tuple[str | None, str | None]:
    """(municipality, region) for a name a person gives: "Køge", "Køge Kommune", "Region Syddanmark",
    "Syddanmark"; (None, None) when it is neither."""
    key = " ".join(name.split()).lower()
    for short, official in MUNICIPALITIES.items():
        if key in (short.lower(), official.lower()):
            return official, None
    for short, official in REGIONS.items():
        if key in (short.lower(), official.lower()):
            return None, official
    return None, None


def owner_of_body(slug: str) -> tuple[str | None, str | None]:
    """(municipality, region) whose body the slug `slug` names, by the slug rules above:
    `aarhus-teknisk-udvalg` → ("Aarhus Kommune", None), `region-syddanmark-regionsraadet` and `kkr-syddanmark`
    → (None, "Region Syddanmark"); (None, None) when the slug names neither."""
    for short, official in REGIONS.items():
        region = danish_slugify(short)
        if slug == f"kkr-{region}" or slug.startswith(f"region-{region}-"):
            return None, official
    # Longest first: a municipality whose slug begins with another's would otherwise be taken for it.
    for prefix, official in sorted(
        ((f"{danish_slugify(short)}-", official) for short, official in MUNICIPALITIES.items()),
        key=lambda pair: -len(pair[0]),
    ):
        if slug.startswith(prefix) and len(slug) > len(prefix):
            return official, None
    return None, None
