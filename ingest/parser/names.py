"""Attendance lines: "Alexandra Dessoy (C), Frederiksberg Kommune" -> name, party, municipality. No Django."""

from __future__ import annotations

import re
from dataclasses import dataclass

# The 29 municipalities of the Capital Region, as they name themselves.
CAPITAL_REGION_MUNICIPALITIES = (
    "Albertslund Kommune",
    "Allerød Kommune",
    "Ballerup Kommune",
    "Bornholms Regionskommune",
    "Brøndby Kommune",
    "Dragør Kommune",
    "Egedal Kommune",
    "Fredensborg Kommune",
    "Frederiksberg Kommune",
    "Frederikssund Kommune",
    "Furesø Kommune",
    "Gentofte Kommune",
    "Gladsaxe Kommune",
    "Glostrup Kommune",
    "Gribskov Kommune",
    "Halsnæs Kommune",
    "Helsingør Kommune",
    "Herlev Kommune",
    "Hillerød Kommune",
    "Hvidovre Kommune",
    "Høje-Taastrup Kommune",
    "Hørsholm Kommune",
    "Ishøj Kommune",
    "Københavns Kommune",
    "Lyngby-Taarbæk Kommune",
    "Rudersdal Kommune",
    "Rødovre Kommune",
    "Tårnby Kommune",
    "Vallensbæk Kommune",
)


def _key(name: str) -> str:
    """Spelling-insensitive key: "Bornholm Regionskommune", "Lyngby Taarbæk kommune" -> "bornholm", ..."""
    key = re.sub(r"(?:regions)?kommune$", "", name.strip().lower())
    key = re.sub(r"[\s\-.]+", "", key).replace("aa", "å")
    return key[:-1] if key.endswith("s") and key[:-1] in {"københavn", "bornholm"} else key


_CANONICAL = {_key(name): name for name in CAPITAL_REGION_MUNICIPALITIES}


def normalise_municipality(name: str) -> str:
    """Canonical spelling for the Capital Region; others as printed with "Kommune" capitalised."""
    name = re.sub(r"\s+", " ", name).strip().rstrip(".,").strip()
    canonical = _CANONICAL.get(_key(name))
    if canonical:
        return canonical
    words = name.split(" ")
    if words[-1].lower() in {"kommune", "regionskommune"}:
        words[-1] = words[-1].capitalize()
    return " ".join(words)


@dataclass(frozen=True)
class AttendeeLine:
    name: str
    party: str | None
    municipality: str
    substitute_for: str | None
    substitute_kind: str | None


_NAME_WORD = r"[A-ZÆØÅÉÜÖÄ][\wÀ-ÿ'.\-]*"
_NAME_RE = re.compile(rf"^{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,5}}$")
_PARTY_RE = re.compile(r"\s*\((?P<party>[A-ZÆØÅ]{1,2})\)\s*,?\s*")
_SUBSTITUTE_RE = re.compile(
    r"(?:\s*\((?P<kind1>stedfortræder|suppleant)\s+for\s+(?P<for1>[^)]*)\)?"
    r"|\s*,\s*(?P<kind2>stedfortræder|suppleant)\s+for\s+(?P<for2>.+?))\s*\.?\s*$",
    re.IGNORECASE,
)
_MUNICIPALITY_RE = re.compile(
    r"^(?:[A-ZÆØÅ][\wÀ-ÿ\-]*\s+){1,3}(?:[Kk]ommune|[Rr]egionskommune)$|^[A-ZÆØÅ][\wÀ-ÿ\-]*kommune$"
)


def parse_attendee_line(line: str) -> AttendeeLine | None:
    """Read one attendance entry; None when the line is not one.

    Party letter and comma are optional: "Thyge Enevoldsen (Ø) Frederiksberg Kommune",
    "Ole Bondo Christensen, Furesø Kommune"; "(stedfortræder for X)" and ", suppleant for X" are kept.
    """
    text = re.sub(r"\s+", " ", line).strip()
    substitute_for = substitute_kind = None
    m = _SUBSTITUTE_RE.search(text)
    if m:
        substitute_kind = (m["kind1"] or m["kind2"]).lower()
        substitute_for = (m["for1"] or m["for2"] or "").strip().rstrip(".)").strip() or None
        text = text[: m.start()].strip()
    text = text.rstrip(".").strip()
    party = None
    pm = _PARTY_RE.search(text)
    if pm:
        party = pm["party"]
        name, municipality = text[: pm.start()], text[pm.end() :]
    elif "," in text:
        name, municipality = (part.strip() for part in text.split(",", 1))
    else:
        split = _split_without_comma(text)
        if split is None:
            return None
        name, municipality = split
    name, municipality = name.strip(), municipality.strip().rstrip(",").strip()
    if not _NAME_RE.match(name) or not _MUNICIPALITY_RE.match(municipality):
        return None
    return AttendeeLine(name, party, normalise_municipality(municipality), substitute_for, substitute_kind)


def _split_without_comma(text: str) -> tuple[str, str] | None:
    """ "Name Name Furesø Kommune": find where the municipality starts, preferring known names."""
    words = text.split()
    if len(words) < 4 or not words[-1].lower().endswith("kommune"):
        return None
    for size in (3, 2):  # longest known municipality first ("Lyngby Taarbæk Kommune")
        candidate = " ".join(words[-size:])
        if len(words) - size >= 2 and _key(candidate) in _CANONICAL:
            return " ".join(words[:-size]), candidate
    return " ".join(words[:-2]), " ".join(words[-2:])
