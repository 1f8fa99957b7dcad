"""Case numbers (sagsnumre) as the ESDH systems of Danish public bodies print them.

One definition of the formats, used by the parsers (reading documents), the database constraint (what may be
stored), the case page's URL and the search (what a person types). The number is stored exactly as printed.

| system | example | pattern |
| --- | --- | --- |
| KL (KKR minutes) | `SAG-2022-01250` | `SAG-YYYY-` and 3 to 6 digits |
| FirstAgenda / eDoc (Aarhus, ...) | `EMN-2025-003383` | `EMN-YYYY-` and 4 to 7 digits |
| Københavns Kommune | `330-2018-3619`, `Sag 306-2009-600` | 3 digits, year, 1 to 7 digits |
| Acadre and others | `14/34895` | 2-digit year, slash, 1 to 6 digits |
| SBSYS (KLE numbers) | `00.01.00-P20-1-19` | KLE group, facet, serial, year |
| others after a label | `M0/2011/01372`, `299835` | letters, digits, `.`, `/` and `-`, at least one digit |

SAG-2024-1234 and SAG-2024-01234 are different cases: leading zeros are kept as printed.
"""

from __future__ import annotations

import re

KL = r"SAG-[0-9]{4}-[0-9]{3,6}"
EMN = r"EMN-[0-9]{4}-[0-9]{4,7}"
KOEBENHAVN = r"[0-9]{3}-[0-9]{4}-[0-9]{1,7}"
YEAR_SLASH = r"[0-9]{2}/[0-9]{1,6}"
SBSYS = r"[0-9]{2}\.[0-9]{2}\.[0-9]{2}-[A-Z][0-9]{2}-[0-9]{1,4}-[0-9]{2}"
KNOWN = (KL, EMN, SBSYS, KOEBENHAVN, YEAR_SLASH)

#: Any case number as stored: 3 to 40 upper-case letters, digits, `.`, `/` and `-`, starting and ending with a
#: letter or digit, with at least one digit. Every known format is one of these.
TOKEN = r"(?=[A-Z./-]*[0-9])[A-Z0-9][A-Z0-9./-]{1,38}[A-Z0-9]"
#: The whole value, anchored: PostgreSQL's `~` and Python's re read it the same way. A number with KL's or
#: eDoc's prefix must be in that system's format (`SAG-22-1` is a misreading, not a case number).
DATABASE_REGEX = rf"^(?:{KL}|{EMN}|(?!SAG-|EMN-){TOKEN})$"

#: KL's format, for building the KKR parser's patterns.
PATTERN = KL

_EXACT = re.compile(DATABASE_REGEX)
#: KL's case number at the start of a line of a KKR document, as printed (`SAG-2022-01250 ssan`).
AT_LINE_START = re.compile(rf"^{KL}\b")
#: A case number printed after its label: `Sagsnr.: 330-2018-3619`, `Sagsid.: 14/34895`, `J.nr. 00.01.00-P20-1-19`.
LABELLED = re.compile(
    r"\b(?:sags?\s?nr|sagsnummer|sags?-?id|j\.?\s?nr|journal\s?nr|journalnummer|sag)\.?\s*:?\s*"
    rf"(?P<case>{'|'.join(KNOWN)}|[A-Z]{{1,3}}[0-9]?/[0-9]{{4}}/[0-9]{{3,6}}|[0-9]{{5,8}})(?![0-9A-Za-z/-])",
    re.IGNORECASE,
)
#: A case number of a known system anywhere in a line (FirstAgenda prints the EMN number alone).
ANYWHERE = re.compile(rf"(?<![0-9A-Za-z-])(?:{KL}|{EMN}|{SBSYS})(?![0-9A-Za-z-])")
# As people type them: any case, a space or nothing instead of the dashes (`sag 2022 01250`, `emn-2025-3383`).
_TYPED = re.compile(
    r"\b(?P<prefix>SAG|EMN)[-\s]?(?P<year>[0-9]{4})[-\s]?(?P<number>[0-9]{3,7})\b"
    r"|(?<![0-9./-])(?P<other>" + "|".join((SBSYS, KOEBENHAVN, YEAR_SLASH)) + r")(?![0-9./-])",
    re.IGNORECASE,
)


def is_case_number(value: str) -> bool:
    """True for a case number as it may be stored."""
    return bool(_EXACT.match(value))


def find_labelled(text: str) -> str | None:
    """The first case number `text` prints after a label (`Sagsnr.:`, `Sagsid.:`, `J.nr.`) or alone in a known
    system's form (`EMN-2025-003383`), upper-cased; None when there is none."""
    match = LABELLED.search(text)
    if match:
        return match["case"].upper()
    match = ANYWHERE.search(text)
    return match.group(0) if match else None


def find_typed(text: str) -> str | None:
    """The first case number in what a person typed, in the stored form: `sag 2022 01250` → `SAG-2022-01250`."""
    match = _TYPED.search(text)
    if not match:
        return None
    if match["other"]:
        return match["other"].upper()
    prefix, number = match["prefix"].upper(), match["number"]
    if prefix == "SAG" and len(number) > 6:
        return None
    if prefix == "EMN" and len(number) < 4:
        return None
    return f"{prefix}-{match['year']}-{number}"
